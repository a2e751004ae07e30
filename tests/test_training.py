"""The training loop against loops written out here, and against the network it trains."""
import numpy as np
import pytest

from helpers import datasets
from helpers.convnet import ConvNet
from helpers.network import MLP
from helpers.optimizers import SGD, Adam, Momentum
from helpers.training import History, evaluate, train

CASES = [("sigmoid", "sigmoid", "bce"), ("tanh", "sigmoid", "mse"), ("relu", "softmax", "ce"),
         ("sigmoid", "softmax", "mse"), ("linear", "linear", "mse"), ("tanh", "sigmoid", "bce")]


def data(rng, n_in, n_out, output, m=12):
    X = rng.standard_normal((n_in, m))
    if output == "softmax":
        Y = datasets.one_hot(rng.integers(0, n_out, m), n_out)
    elif output == "sigmoid":
        Y = (rng.random((n_out, m)) > 0.5).astype(float)
    else:
        Y = rng.standard_normal((n_out, m))
    return X, Y


@pytest.mark.parametrize("activation, output, loss", CASES)
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_one_epoch_is_the_networks_own_step_plus_l2(rng, activation, output, loss, l2):
    """One full-batch epoch of train = forward, backward, dW += l2 W, SGD step, by hand."""
    net = MLP([3, 5, 4, 2 if output != "softmax" else 3], activation, output, "lecun", 2)
    ref = MLP(net.layer_sizes, activation, output, "lecun", 2)
    X, Y = data(rng, 3, net.layer_sizes[-1], output)
    _, cache = ref.forward(X)
    grads = ref.backward(cache, Y, loss)
    for name, p in ref.params.items():
        p -= 0.1 * (grads["d" + name] + (l2 * p if name[0] == "W" else 0.0))
    history = train(net, X, Y, loss, SGD(0.1), n_epochs=1, l2=l2)
    for k in ref.params:
        np.testing.assert_allclose(net.params[k], ref.params[k], rtol=1e-13, atol=1e-15,
                                   err_msg=k)
    assert history["loss"] == [pytest.approx(ref.loss(X, Y, loss), rel=1e-12)]


class ReplacingSGD(SGD):
    """An optimiser that puts new arrays into params instead of updating them in place."""

    def _step(self, params, grads):
        self.t += 1
        for name in list(params):
            params[name] = params[name] - self.learning_rate * grads["d" + name]


@pytest.mark.parametrize("batch_size", [None, 16])
@pytest.mark.parametrize("how", ["callback replaces", "optimizer replaces"])
def test_history_describes_the_network_after_parameters_are_replaced(batch_size, how):
    """Regression: the training loop once kept the arrays it saw at the start, so a callback
    that assigned new parameters (or an optimiser returning new arrays) left history
    describing a network that no longer existed."""
    X, Y = datasets.moons(100, 0.2, seed=0)
    net = MLP([2, 8, 1], "tanh", init="lecun", seed=0)
    shrunk = {}

    def callback(epoch, history):
        if how == "callback replaces" and epoch == 20:   # every parameter: a new array
            shrunk.update({k: 0.1 * v for k, v in net.params.items()})
            net.params = {k: v.copy() for k, v in shrunk.items()}

    optimizer = SGD(0.5) if how == "callback replaces" else ReplacingSGD(0.5)
    history = train(net, X, Y, "bce", optimizer, n_epochs=40, batch_size=batch_size,
                    callback=callback)
    assert history["loss"][-1] == pytest.approx(net.loss(X, Y, "bce"), rel=1e-12)
    assert history["accuracy"][-1] == np.mean(net.predict(X) == Y)
    if shrunk:                                # and training went on from the new arrays
        assert not np.allclose(net.params["W1"], shrunk["W1"])
        assert np.abs(net.params["W1"]).max() < 10 * np.abs(shrunk["W1"]).max()


def test_a_callback_giving_a_wrong_shape_is_named():
    X, Y = datasets.xor()
    net = MLP([2, 3, 1])

    def callback(epoch, history):
        net.params["W2"] = np.zeros((1, 2))

    with pytest.raises(ValueError, match=r"params\['W2'\]"):
        train(net, X, Y, n_epochs=3, callback=callback)


def test_default_loss_is_the_first_one_each_output_allows():
    defaults = {out: MLP([2, 2], output=out).default_loss
                for out in ("sigmoid", "softmax", "linear")}
    assert defaults == {"sigmoid": "bce", "softmax": "ce", "linear": "mse"}
    import helpers.training
    assert not hasattr(helpers.training, "DEFAULT_LOSS")          # one table: LOSSES_FOR_OUTPUT


@pytest.mark.parametrize("kwargs, words", [
    (dict(shuffle="no"), ["shuffle", "True or False", "'no'"]),
    (dict(seed=1.5), ["seed", "integer", "1.5"]),
    (dict(seed="0"), ["seed", "integer", "'0'"]),
])
def test_bad_batch_options_get_a_value_error(kwargs, words):
    X, Y = datasets.xor()
    with pytest.raises(ValueError) as err:
        train(MLP([2, 2, 1]), X, Y, n_epochs=1, batch_size=2, **kwargs)
    for w in words:
        assert w in str(err.value)


def test_options_after_batch_size_are_keyword_only():
    X, Y = datasets.xor()
    with pytest.raises(TypeError):
        train(MLP([2, 2, 1]), X, Y, "bce", 0.1, 1, 2, False)


def test_full_batch_epochs_are_plain_gradient_descent(rng):
    X, Y = datasets.xor()
    net, ref = MLP([2, 2, 1], seed=3), MLP([2, 2, 1], seed=3)
    history = train(net, X, Y, "bce", SGD(0.5), n_epochs=5)
    for _ in range(5):                                     # the same loop, written out
        A, cache = ref.forward(X)
        for k, g in ref.backward(cache, Y, "bce").items():
            ref.params[k[1:]] -= 0.5 * g
    for k in ref.params:
        np.testing.assert_allclose(net.params[k], ref.params[k], rtol=1e-12)
    assert history.epochs == 5
    assert history["loss"][-1] == pytest.approx(ref.loss(X, Y, "bce"), rel=1e-12)


@pytest.mark.parametrize("batch_size", [None, 1, 5, 7])
def test_history_is_the_loss_and_accuracy_after_each_epoch(batch_size):
    X, Y = datasets.moons(40, 0.2, seed=1)
    net = MLP([2, 6, 1], "tanh", seed=0)
    seen = []

    def callback(epoch, history):
        seen.append((epoch, net.loss(X, Y, "bce"), np.mean(net.predict(X) == Y)))

    history = train(net, X, Y, optimizer=Momentum(0.2), n_epochs=6, batch_size=batch_size,
                    callback=callback)
    assert [e for e, _, _ in seen] == list(range(1, 7))
    np.testing.assert_allclose(history["loss"], [l for _, l, _ in seen], rtol=1e-10)
    np.testing.assert_allclose(history["accuracy"], [a for _, _, a in seen])
    assert history["loss"][-1] < history["loss"][0]


def test_single_example_sgd_without_shuffle_visits_examples_in_order():
    X, Y = datasets.xor()
    net, ref = MLP([2, 3, 1], seed=1), MLP([2, 3, 1], seed=1)
    train(net, X, Y, optimizer=SGD(1.0), n_epochs=2, batch_size=1, shuffle=False)
    for _ in range(2):
        for i in range(4):
            A, cache = ref.forward(X[:, i:i + 1])
            for k, g in ref.backward(cache, Y[:, i:i + 1]).items():
                ref.params[k[1:]] -= g
    for k in ref.params:
        np.testing.assert_allclose(net.params[k], ref.params[k], rtol=1e-12)


def test_shuffling_follows_the_seed():
    X, Y = datasets.moons(30, 0.1)
    nets = [MLP([2, 4, 1], seed=0) for _ in range(3)]
    for net, seed in zip(nets, (7, 7, 8)):
        train(net, X, Y, optimizer=SGD(0.5), n_epochs=3, batch_size=4, seed=seed)
    np.testing.assert_array_equal(nets[0].params["W1"], nets[1].params["W1"])
    assert not np.allclose(nets[0].params["W1"], nets[2].params["W1"])


def test_callback_can_stop_training():
    X, Y = datasets.xor()
    for batch_size in (None, 2):
        history = train(MLP([2, 2, 1]), X, Y, n_epochs=50, batch_size=batch_size,
                        callback=lambda epoch, h: epoch == 3)
        assert history.stopped and history.epochs == 3


def test_validation_and_evaluate_agree():
    X, Y, _ = datasets.digits()
    X_tr, X_te, Y_tr, Y_te = datasets.train_test_split(X[:, :300], Y[:, :300])
    net = MLP([64, 10, 10], "relu", "softmax", "he", seed=0)
    history = train(net, X_tr, Y_tr, optimizer=Adam(0.01), n_epochs=3, batch_size=32,
                    validation=(X_te, Y_te))
    assert set(history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    loss, acc = evaluate(net, X_te, Y_te)
    assert history["val_loss"][-1] == pytest.approx(loss, rel=1e-12)
    assert loss == pytest.approx(net.loss(X_te, Y_te, "ce"), rel=1e-12)
    assert acc == pytest.approx(np.mean(net.predict(X_te) == Y_te.argmax(axis=0)))


def test_l2_shrinks_the_weights():
    X, Y = datasets.moons(60, 0.2)
    norms = []
    for l2 in (0.0, 0.05):
        net = MLP([2, 8, 1], "tanh", init="lecun", seed=0)
        train(net, X, Y, optimizer=SGD(0.5), n_epochs=300, l2=l2)
        norms.append(np.sum(net.params["W1"] ** 2))
    assert norms[1] < 0.5 * norms[0]


def test_a_number_as_optimizer_means_sgd():
    X, Y = datasets.xor()
    a, b = MLP([2, 2, 1]), MLP([2, 2, 1])
    train(a, X, Y, optimizer=0.7, n_epochs=3)
    train(b, X, Y, optimizer=SGD(0.7), n_epochs=3)
    np.testing.assert_array_equal(a.params["W1"], b.params["W1"])


def test_history_type():
    h = History(validation=False)
    assert h == {"loss": [], "accuracy": []} and h.epochs == 0 and not h.stopped


@pytest.mark.parametrize("kwargs, words", [
    (dict(n_epochs=0), "n_epochs: expected a positive integer"),
    (dict(batch_size=0), "batch_size"),
    (dict(l2=-1.0), "l2: expected a finite number >= 0"),
    (dict(optimizer="adam"), "optimizer"),
    (dict(callback=3), "callback: expected a function"),
    (dict(loss="ce"), "loss: expected one of"),
    (dict(validation=np.zeros((2, 4))), "validation: expected a pair"),
])
def test_bad_arguments_raise(kwargs, words):
    X, Y = datasets.xor()
    with pytest.raises(ValueError, match=words):
        train(MLP([2, 2, 1]), X, Y, **kwargs)


def test_bad_data_raise():
    X, Y = datasets.xor()
    net = MLP([2, 2, 1])
    with pytest.raises(ValueError, match=r"X: expected 2 rows"):
        train(net, X.T, Y)
    with pytest.raises(ValueError, match="Y: expected 4 columns"):
        train(net, X, Y[:, :3])
    with pytest.raises(ValueError, match="labels in"):
        train(net, X, Y * 2)
    with pytest.raises(ValueError, match="net: expected"):
        train("net", X, Y)
    net.params["W2"] = np.zeros((3, 3))
    with pytest.raises(ValueError, match="W2"):
        train(net, X, Y)


# ------------------------------------------------------------ a ConvNet in the same loop
def small_digits(m=40):
    X, Y, _ = datasets.digits()
    return X[:, :m], Y[:, :m]


@pytest.mark.parametrize("l2", [0.0, 0.3])
@pytest.mark.parametrize("loss", ["ce", "mse"])
def test_a_convnet_epoch_is_its_own_steps_plus_l2(loss, l2):
    """Mini-batches of 10 in order: forward, backward, dW += l2 W (W1 and W2), SGD, by hand."""
    X, Y = small_digits()
    net, ref = ConvNet(n_filters=4, seed=5), ConvNet(n_filters=4, seed=5)
    for start in range(0, 40, 10):
        Xb, Yb = X[:, start:start + 10], Y[:, start:start + 10]
        grads = ref.backward(ref.forward(Xb)[1], Yb, loss)
        for name, p in ref.params.items():
            p -= 0.2 * (grads["d" + name] + (l2 * p if name[0] == "W" else 0.0))
    history = train(net, X, Y, loss, SGD(0.2), n_epochs=1, batch_size=10, shuffle=False, l2=l2)
    for k in ref.params:
        np.testing.assert_allclose(net.params[k], ref.params[k], rtol=1e-12, atol=1e-15,
                                   err_msg=k)
    assert history["loss"] == [pytest.approx(ref.loss(X, Y, loss), rel=1e-12)]


def test_a_convnet_trains_full_batch_with_validation_and_early_stopping():
    X, Y, _ = datasets.digits()
    X_tr, X_val, Y_tr, Y_val = datasets.train_test_split(X[:, :400], Y[:, :400], seed=1)
    net = ConvNet(seed=0)
    history = train(net, X_tr, Y_tr, optimizer=Adam(0.01), n_epochs=30,
                    validation=(X_val, Y_val), early_stopping=3)
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    best = history.best_epoch
    assert history["val_loss"][best - 1] == min(history["val_loss"])
    loss, acc = evaluate(net, X_val, Y_val)               # the restored parameters
    assert loss == pytest.approx(history["val_loss"][best - 1], rel=1e-12)
    assert acc == pytest.approx(history["val_accuracy"][best - 1])
    assert acc == pytest.approx(np.mean(net.predict(X_val) == Y_val.argmax(axis=0)))


def test_a_convnet_checks_its_data_and_parameters_in_train():
    X, Y = small_digits(12)
    net = ConvNet()
    with pytest.raises(ValueError, match=r"X: expected 64 rows"):
        train(net, X[:63], Y)
    with pytest.raises(ValueError, match="loss: expected one of"):
        train(net, X, Y, loss="bce")
    with pytest.raises(ValueError, match=r"X_val: expected 64 rows"):
        train(net, X, Y, validation=(X[:8], Y))

    def shrink(epoch, history):
        net.params["W1"] = np.zeros((8, 1, 2, 2))
    with pytest.raises(ValueError, match=r"params\['W1'\]"):
        train(net, X, Y, n_epochs=2, callback=shrink)


def test_train_and_evaluate_name_the_networks_they_take():
    X, Y = datasets.xor()
    for call in (lambda: train(object(), X, Y), lambda: evaluate([1, 2], X, Y)):
        with pytest.raises(ValueError, match="net: expected a helpers.network.MLP or a "
                                             "helpers.convnet.ConvNet, got"):
            call()

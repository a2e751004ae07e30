import numpy as np
import pytest

from helpers import gradcheck
from helpers.network import LOSSES_FOR_OUTPUT, MLP, param_names

PAIRS = [(out, loss) for out, ls in LOSSES_FOR_OUTPUT.items() for loss in ls]


def data_for(net, m, loss, rng):
    X = rng.standard_normal((net.layer_sizes[0], m))
    n_out = net.layer_sizes[-1]
    if loss == "ce":
        Y = np.eye(n_out)[:, rng.integers(0, n_out, m)]
    elif loss == "bce":
        Y = rng.integers(0, 2, (n_out, m)).astype(float)
    else:
        Y = rng.uniform(0, 1, (n_out, m))
    return X, Y


def min_abs_hidden_z(net, X):
    _, cache = net.forward(X)
    return min(np.abs(cache[f"Z{l}"]).min() for l in range(1, net.n_layers)) \
        if net.n_layers > 1 else np.inf


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("output, loss", PAIRS)
def test_backward_matches_finite_differences(depth, activation, output, loss):
    rng = np.random.default_rng(depth * 100 + len(activation))
    n_out = 3 if output == "softmax" else 2
    sizes = [3] + [4] * (depth - 1) + [n_out]
    for m in (1, 3, 8):
        net = MLP(sizes, activation=activation, output=output, init="lecun", seed=depth + m)
        for name in net.params:   # noise: no entry exactly 0, biases away from 0
            net.params[name] += 0.3 * rng.standard_normal(net.params[name].shape)
        X, Y = data_for(net, m, loss, rng)
        for _ in range(100):        # ReLU: redraw X until no hidden z is near the kink
            if activation != "relu" or min_abs_hidden_z(net, X) > 1e-2:
                break
            X, Y = data_for(net, m, loss, rng)
        else:
            pytest.fail("could not draw inputs away from ReLU's kink")
        # The reference is a five-point stencil run in extended precision: deep sigmoid nets
        # have gradient entries near 1e-8, where float64 differences keep no correct digit.
        ok, rows = gradcheck.check_network(net, X, Y, loss, h=1e-4, tol=1e-7, order=4,
                                            dtype=np.longdouble)
        assert ok, gradcheck.format_report(rows)


def test_backward_uses_the_documents_equations_for_a_two_layer_net(rng):
    """dZ2 = A2 - Y, dW2 = dZ2 A1^T / m, db2 = sum dZ2 / m, dZ1 = W2^T dZ2 * s'(Z1) ..."""
    net = MLP([2, 3, 1], seed=3, init="lecun")
    X = rng.standard_normal((2, 5))
    Y = rng.integers(0, 2, (1, 5)).astype(float)
    A2, c = net.forward(X)
    g = net.backward(c, Y, "bce")
    dZ2 = A2 - Y
    dZ1 = net.params["W2"].T @ dZ2 * c["A1"] * (1 - c["A1"])
    np.testing.assert_allclose(g["dW2"], dZ2 @ c["A1"].T / 5)
    np.testing.assert_allclose(g["db2"], dZ2.sum(axis=1, keepdims=True) / 5)
    np.testing.assert_allclose(g["dW1"], dZ1 @ X.T / 5)
    np.testing.assert_allclose(g["db1"], dZ1.sum(axis=1, keepdims=True) / 5)
    assert list(g) == ["dW1", "db1", "dW2", "db2"]


def test_params_are_the_arrays_the_network_uses():
    net = MLP([2, 2, 1])
    X = np.array([[1.0], [2.0]])
    net.params["W1"] = np.array([[1.0, 0.0], [0.0, 1.0]])
    net.params["W2"] = np.array([[1.0, 1.0]])
    net.params["b2"][:] = -1.0           # in-place edits count too
    _, cache = net.forward(X)
    np.testing.assert_allclose(cache["Z1"], X)
    np.testing.assert_allclose(cache["Z2"], [[1 / (1 + np.exp(-1)) + 1 / (1 + np.exp(-2)) - 1]])
    assert list(net.params) == param_names(2)


def test_shapes_and_initialisations():
    net = MLP([4, 2, 2, 1], init="small", seed=1)
    assert {k: v.shape for k, v in net.params.items()} == {
        "W1": (2, 4), "b1": (2, 1), "W2": (2, 2), "b2": (2, 1), "W3": (1, 2), "b3": (1, 1)}
    assert np.abs(net.params["W1"]).max() < 0.05       # randn * 0.01
    big = MLP([400, 300, 1], init="he", seed=1).params["W1"]
    assert big.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    big = MLP([400, 300, 1], init="lecun", seed=1).params["W1"]
    assert big.std() == pytest.approx(np.sqrt(1 / 400), rel=0.02)
    assert not MLP([3, 2, 1], init="zeros").params["W1"].any()
    assert all(not v.any() for k, v in net.params.items() if k.startswith("b"))


def test_same_seed_same_network_different_seed_different():
    X = np.random.default_rng(0).standard_normal((3, 4))
    a = MLP([3, 5, 2], init="lecun", seed=7)
    b = MLP([3, 5, 2], init="lecun", seed=7)
    c = MLP([3, 5, 2], init="lecun", seed=8)
    for k in a.params:
        np.testing.assert_array_equal(a.params[k], b.params[k])
    np.testing.assert_array_equal(a.forward(X)[0], b.forward(X)[0])
    assert not np.allclose(a.params["W1"], c.params["W1"])
    assert not np.allclose(a.forward(X)[0], c.forward(X)[0])


def test_predict():
    net = MLP([2, 1], output="sigmoid")
    net.params["W1"] = np.array([[1.0, 0.0]])
    assert net.predict(np.array([[-1.0, 2.0], [0.0, 0.0]])).tolist() == [[0, 1]]
    soft = MLP([2, 3], output="softmax")
    soft.params["W1"] = np.array([[1.0, 0], [0, 1.0], [0, 0]])
    assert soft.predict(np.array([[5.0, 0.0, -5.0], [0.0, 5.0, -5.0]])).tolist() == [[0, 1, 2]]


@pytest.mark.parametrize("output, n_out", [("sigmoid", 1), ("sigmoid", 3), ("softmax", 4),
                                           ("linear", 2)])
def test_predict_has_one_column_per_example_for_every_output(output, n_out):
    net = MLP([2, 3, n_out], output=output, init="lecun")
    shape = net.predict(np.ones((2, 5))).shape
    assert shape == ((1, 5) if output == "softmax" else (n_out, 5))


def test_loss_helper_matches_losses_module():
    from helpers.losses import bce
    net = MLP([2, 3, 1], init="lecun")
    X = np.array([[0.0, 1.0], [1.0, 0.0]])
    Y = np.array([[1.0, 0.0]])
    assert net.loss(X, Y, "bce") == pytest.approx(bce(net.forward(X)[0], Y))


# ------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, words", [
    (dict(layer_sizes=[]), ["layer_sizes", "at least two"]),
    (dict(layer_sizes=[3]), ["layer_sizes", "at least two"]),
    (dict(layer_sizes=5), ["layer_sizes", "got 5"]),
    (dict(layer_sizes=[3, 0, 1]), ["layer_sizes[1]", "positive integer", "got 0"]),
    (dict(layer_sizes=[3, -2, 1]), ["layer_sizes[1]", "got -2"]),
    (dict(layer_sizes=[3, 2.5, 1]), ["layer_sizes[1]", "got 2.5"]),
    (dict(layer_sizes=[2, 1], activation="sigmod"), ["activation", "'sigmod'", "sigmoid"]),
    (dict(layer_sizes=[2, 1], output="relu"), ["output", "'relu'", "softmax"]),
    (dict(layer_sizes=[2, 1], init="glorious"), ["init", "'glorious'", "lecun"]),
    (dict(layer_sizes=[2, 1], init="xavier"), ["init", "'xavier'", "glorot"]),   # no alias
    (dict(layer_sizes=[2, 1], activation=["relu"]), ["activation", "['relu']", "relu"]),
    (dict(layer_sizes=[2, 1], seed=1.5), ["seed", "integer", "1.5"]),
    (dict(layer_sizes=[2, 1], seed=-1), ["seed", "integer", "-1"]),
])
def test_bad_constructor_arguments(kwargs, words):
    with pytest.raises(ValueError) as err:
        MLP(**kwargs)
    for w in words:
        assert w in str(err.value)


def bad_call(net, X, Y=None, loss="bce"):
    A, cache = net.forward(X)
    if Y is not None:
        net.backward(cache, Y, loss)


@pytest.mark.parametrize("make_args, words", [
    (lambda: (np.zeros((3, 4)),), ["X", "(2, m)", "W1", "(3, 4)"]),
    (lambda: (np.zeros(2),), ["X", "2-D", "reshape(-1, 1)"]),
    (lambda: (np.array([[0.0, np.inf], [1.0, 1.0]]),), ["X", "NaN or inf"]),
    (lambda: (np.zeros((2, 0)),), ["X", "at least one example"]),
    (lambda: (np.zeros((2, 4)), np.zeros((1, 3))), ["Y", "(1, 4)", "(1, 3)", "layer 2"]),
    (lambda: (np.zeros((2, 4)), np.zeros(4)), ["Y", "2-D", "reshape"]),
    (lambda: (np.zeros((2, 2)), np.array([[0.0, 2.0]])), ["Y", "{0, 1}", "2.0"]),
    (lambda: (np.zeros((2, 2)), np.array([[0.0, np.nan]])), ["Y", "NaN"]),
    (lambda: (np.zeros((2, 2)), np.zeros((1, 2)), "hinge"), ["loss", "'hinge'", "bce"]),
    (lambda: (np.zeros((2, 2)), np.zeros((1, 2)), "ce"), ["loss", "output='sigmoid'", "'ce'"]),
])
def test_bad_forward_and_backward_input(make_args, words):
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError) as err:
        bad_call(net, *make_args())
    for w in words:
        assert w in str(err.value), str(err.value)


def test_wrong_parameter_shape_names_the_layer():
    net = MLP([2, 3, 1])
    net.params["W2"] = np.zeros((3, 1))
    with pytest.raises(ValueError, match=r"params\['W2'\].*\(1, 3\).*layer 2.*\(3, 1\)"):
        net.forward(np.zeros((2, 1)))


def test_ce_targets_must_be_one_hot():
    net = MLP([2, 3], output="softmax")
    A, cache = net.forward(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="one-hot"):
        net.backward(cache, np.array([[1.0, 0.5], [0.0, 0.5], [0.0, 0.0]]), "ce")


def test_backward_rejects_something_that_is_not_a_cache():
    net = MLP([2, 1])
    with pytest.raises(ValueError, match="cache: expected the cache dict"):
        net.backward(np.zeros((1, 2)), np.zeros((1, 2)))


# ------------------------------------------------------- the lean passes, the top-level API
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("output, loss", PAIRS)
def test_without_the_cache_the_same_output_and_gradients(rng, activation, output, loss):
    net = MLP([3, 4, 4, 3 if output == "softmax" else 2], activation, output, "lecun", seed=4)
    X, Y = data_for(net, 6, loss, rng)
    A_full, full = net.forward(X)
    A_lean, lean = net.forward(X, keep_cache=False)
    assert set(full) == {"A0", "Z1", "A1", "Z2", "A2", "Z3", "A3"}
    assert set(lean) == {"A0", "A1", "A2", "A3"}          # no Z: computed over in place
    np.testing.assert_array_equal(A_lean, A_full)
    g_full, g_lean = net.backward(full, Y, loss), net.backward(lean, Y, loss)
    for k in g_full:
        np.testing.assert_array_equal(g_lean[k], g_full[k], err_msg=k)
    np.testing.assert_array_equal(X, lean["A0"])           # the input is never overwritten


def test_forward_keeps_the_precision_of_its_input():
    net = MLP([2, 3, 1], init="lecun")
    X = np.array([[0.5, -1.0], [2.0, 0.25]])
    A64, _ = net.forward(X)
    net32 = MLP([2, 3, 1], init="lecun")
    net32.params = {k: v.astype(np.float32) for k, v in net.params.items()}
    A32, _ = net32.forward(X.astype(np.float32))
    assert A64.dtype == np.float64 and A32.dtype == np.float32
    np.testing.assert_allclose(A32, A64, rtol=1e-6)
    assert net.forward([[1, 2], [3, 4]])[0].dtype == np.float64   # integers become float64


def test_sigmoid_output_is_finite_and_silent_for_huge_inputs():
    net = MLP([1, 1], output="sigmoid")
    net.params["W1"] = np.array([[1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # underflow is silent
        A, _ = net.forward(np.array([[-1e4, -40.0, 0.0, 40.0, 1e4]]))
    assert A[0, 0] < 1e-300 and A[0, 1] == pytest.approx(np.exp(-40.0), rel=1e-14)
    assert A[0, 2] == 0.5 and A[0, 4] == 1.0


def test_top_level_api_and_the_xor_network():
    import helpers
    from helpers import MLP as TopMLP
    from helpers import gradcheck as top_gradcheck
    from helpers import network, train
    from helpers.xor import xor_forward, xor_params
    assert not hasattr(network, "xor_params")           # network.py is the network only
    from helpers.training import train as training_train
    assert TopMLP is MLP and train is training_train and top_gradcheck is gradcheck
    assert {"MLP", "train", "gradcheck", "SEED"} <= set(dir(helpers))
    p = xor_params(8, 8, 8, 8, -4, -12, 8, -8, -4)          # OR and AND, then OR and not AND
    net = MLP([2, 2, 1])
    net.params.update(p)
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    A1, A2 = xor_forward(p, X)
    _, cache = net.forward(X)
    np.testing.assert_allclose(A1, cache["A1"], rtol=1e-14)
    np.testing.assert_allclose(A2, cache["A2"], rtol=1e-14)
    assert ((A2 >= 0.5) == [[False, True, True, False]]).all()


# ------------------------------------------------------------------ one default loss
@pytest.mark.parametrize("output, n_out, loss", [("sigmoid", 1, "bce"), ("softmax", 3, "ce"),
                                                 ("linear", 2, "mse")])
def test_every_entry_point_defaults_to_the_loss_the_output_implies(output, n_out, loss, rng):
    from helpers.training import evaluate
    net = MLP([2, 4, n_out], "tanh", output, init="lecun", seed=1)
    X, Y = data_for(net, 5, loss, rng)
    assert net.default_loss == loss
    _, cache = net.forward(X)
    grads, named = net.backward(cache, Y), net.backward(cache, Y, loss)
    assert all(np.array_equal(grads[k], named[k]) for k in named)
    assert net.loss(X, Y) == net.loss(X, Y, loss) == pytest.approx(evaluate(net, X, Y)[0])
    ok, rows = gradcheck.check_network(net, X, Y)
    assert ok and [r["name"] for r in rows] == list(named)


# ------------------------------------------------------- per-example deltas, 1/m in dW
@pytest.mark.parametrize("output, loss", PAIRS)
def test_deltas_are_per_example_and_backward_scales_them(output, loss, rng):
    net = MLP([3, 4, 5, 2 if output != "softmax" else 3], "tanh", output, "lecun", seed=2)
    X, Y = data_for(net, 6, loss, rng)
    _, cache = net.forward(X)
    dZ, grads = net.deltas(cache, Y, loss), net.backward(cache, Y, loss)
    assert list(dZ) == ["dZ1", "dZ2", "dZ3"]
    for l in (1, 2, 3):
        assert dZ[f"dZ{l}"].shape == cache[f"Z{l}"].shape
        np.testing.assert_allclose(dZ[f"dZ{l}"] @ cache[f"A{l - 1}"].T / 6, grads[f"dW{l}"],
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(dZ[f"dZ{l}"].sum(axis=1, keepdims=True) / 6,
                                   grads[f"db{l}"], rtol=1e-12, atol=1e-15)
    # one example's dZ does not depend on the others (no 1/m inside)
    first = net.deltas(net.forward(X[:, :1])[1], Y[:, :1], loss)
    np.testing.assert_allclose(first["dZ1"], dZ["dZ1"][:, :1], rtol=1e-12)


def test_deltas_keep_saturated_derivatives_from_z():
    net = MLP([1, 1, 1], "sigmoid", init="lecun")
    net.params["W1"][...] = 60.0                       # sigma(60) rounds to 1: a(1 - a) = 0
    X, Y = np.ones((1, 1)), np.ones((1, 1))
    dZ1 = net.deltas(net.forward(X)[1], Y)["dZ1"]
    assert dZ1[0, 0] != 0 and np.isclose(dZ1[0, 0] / np.exp(-60.0), (net.forward(X)[0] - 1)[0, 0]
                                         * net.params["W2"][0, 0], rtol=1e-9)


def test_deep_deltas_is_the_networks_own(rng):
    from helpers import deep, training
    net = MLP([3, 5, 5, 1], "tanh", init="lecun", seed=1)
    X, Y = data_for(net, 4, "bce", rng)
    _, cache = net.forward(X)
    got, want = deep.deltas(net, cache, Y), net.deltas(cache, Y)
    assert all(np.array_equal(got[k], want[k]) for k in want)
    assert deep.one_blas_thread is training.one_blas_thread

"""Inverted dropout (helpers.regularisation): the mask, the expectation it preserves, backward."""
import numpy as np
import pytest

from helpers import SEED
from helpers.regularisation import dropout_backward, dropout_mask


@pytest.mark.parametrize("rate", [0.0, 0.2, 0.5, 0.9])
def test_mask_entries_are_zero_or_one_over_keep(rate):
    mask = dropout_mask((50, 40), rate, SEED)
    assert mask.shape == (50, 40)
    assert set(np.unique(mask)) <= {0.0, 1.0 / (1.0 - rate)}


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_expected_activation_is_unchanged(rate):
    A = np.random.default_rng(SEED).random((3, 4))
    masks = dropout_mask((20000, 3, 4), rate, SEED + 1)
    mean = (A * masks).mean(axis=0)
    # standard error of the mean: A * sqrt(rate / keep) / sqrt(20000) < 0.01
    assert np.abs(mean - A).max() < 0.04
    kept = (masks > 0).mean()
    assert abs(kept - (1 - rate)) < 0.01


def test_rate_zero_keeps_everything():
    A = np.arange(6.0).reshape(2, 3)
    assert np.array_equal(A * dropout_mask(A.shape, 0.0, SEED), A)


def test_same_seed_same_mask_and_no_global_state():
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    a = dropout_mask((4, 5), 0.5, 7)
    assert np.array_equal(a, dropout_mask((4, 5), 0.5, 7))
    assert np.random.random() == before


def test_backward_is_the_forward_maps_transpose_by_finite_differences():
    rng = np.random.default_rng(SEED)
    A, upstream = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    mask = dropout_mask(A.shape, 0.4, SEED)

    def f(A):                                        # a scalar of the dropped activations
        return np.sum(upstream * A * mask)

    numeric = np.zeros_like(A)
    for idx in np.ndindex(A.shape):
        step = np.zeros_like(A)
        step[idx] = 1e-6
        numeric[idx] = (f(A + step) - f(A - step)) / 2e-6
    analytic = dropout_backward(upstream, mask)
    assert np.abs(analytic - numeric).max() < 1e-8
    assert np.all(analytic[mask == 0] == 0)


@pytest.mark.parametrize("bad", [-0.1, 1.0, 1.5, True, "0.5"])
def test_bad_rate(bad):
    with pytest.raises(ValueError, match=r"rate: expected a drop probability in \[0, 1\)"):
        dropout_mask((2, 2), bad, SEED)


# ------------------------------------------------------------------ dropout inside MLP
from helpers.network import MLP  # noqa: E402
from helpers.training import train  # noqa: E402


def _dropped_loss(net, X, Y, loss, seed):
    A, _ = net.forward(X, training=True, rng=seed)      # the same seed: the same masks
    from helpers.losses import LOSSES
    return LOSSES[loss][0](A, Y)


@pytest.mark.parametrize("activation, output, loss, rates", [
    ("tanh", "sigmoid", "bce", 0.5),
    ("sigmoid", "softmax", "ce", [0.3, 0.6]),
    ("relu", "linear", "mse", [0.0, 0.4]),
])
def test_backward_with_a_fixed_mask_matches_finite_differences(activation, output, loss, rates):
    rng = np.random.default_rng(SEED)
    n_out = 3 if output == "softmax" else 1
    net = MLP([4, 6, 5, n_out], activation, output, init="he", seed=SEED, dropout=rates)
    X = rng.standard_normal((4, 7))
    if output == "softmax":
        Y = np.eye(3)[:, rng.integers(3, size=7)]
    elif loss == "bce":
        Y = (rng.random((1, 7)) > 0.5).astype(float)
    else:
        Y = rng.standard_normal((1, 7))
    _, cache = net.forward(X, training=True, rng=99)
    for l, rate in enumerate(net.dropout, start=1):          # a mask where a rate is > 0
        assert (f"M{l}" in cache) == (rate > 0)
        if rate > 0:
            assert np.any(cache[f"M{l}"] == 0)                # some units really are dropped
    grads = net.backward(cache, Y, loss)
    for name, p in net.params.items():
        numeric = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            old = p[idx]
            p[idx] = old + 1e-6
            up = _dropped_loss(net, X, Y, loss, 99)
            p[idx] = old - 1e-6
            down = _dropped_loss(net, X, Y, loss, 99)
            p[idx] = old
            numeric[idx] = (up - down) / 2e-6
        scale = np.abs(numeric).max() + np.abs(grads["d" + name]).max() + 1e-12
        assert np.abs(grads["d" + name] - numeric).max() / scale < 1e-6, name


def test_dropped_units_get_no_gradient_and_prediction_drops_nothing():
    net = MLP([3, 8, 1], "tanh", seed=SEED, dropout=0.5)
    X = np.random.default_rng(SEED).standard_normal((3, 5))
    _, cache = net.forward(X, training=True, rng=1)
    dropped_units = np.all(cache["M1"] == 0, axis=1)
    # a unit dropped for every example: its incoming weights get zero gradient
    grads = net.backward(cache, np.ones((1, 5)), "bce")
    assert np.all(grads["dW1"][dropped_units] == 0)
    A_eval, eval_cache = net.forward(X)                   # training=False: no mask, no scaling
    plain = MLP([3, 8, 1], "tanh", seed=SEED)
    assert "M1" not in eval_cache and np.array_equal(A_eval, plain.forward(X)[0])


def test_expected_output_of_the_first_layer_is_kept():
    net = MLP([2, 4, 1], "sigmoid", seed=SEED, dropout=0.5)
    X = np.random.default_rng(SEED).standard_normal((2, 3))
    clean = net.forward(X)[1]["A1"]
    rng = np.random.default_rng(5)
    mean = np.mean([net.forward(X, training=True, rng=rng)[1]["A1"] for _ in range(4000)],
                   axis=0)
    assert np.abs(mean - clean).max() < 0.05               # 4000 draws: std error < 0.012


def test_train_with_dropout_is_reproducible_and_differs_from_without():
    X = np.random.default_rng(SEED).standard_normal((2, 30))
    Y = (X[:1] * X[1:] > 0).astype(float)
    runs = []
    for dropout in (0.3, 0.3, 0.0):
        net = MLP([2, 16, 1], "tanh", seed=SEED, dropout=dropout)
        runs.append(train(net, X, Y, optimizer=0.5, n_epochs=20, seed=SEED)["loss"])
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


@pytest.mark.parametrize("dropout, message", [
    (1.0, r"dropout: expected a drop probability in \[0, 1\)"),
    ([0.1], r"dropout: expected one rate or 2 rates \(one per hidden layer\), got 1"),
    ([0.1, -0.2], r"dropout\[1\]: expected a drop probability"),
])
def test_bad_dropout(dropout, message):
    with pytest.raises(ValueError, match=message):
        MLP([2, 3, 3, 1], dropout=dropout)

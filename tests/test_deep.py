"""Notebook 07's helpers: initialisers' scales, per-layer statistics, the variance argument,
dead units and gradient clipping, each against a direct computation or a hand-computed case."""
import numpy as np
import pytest

from helpers import deep
from helpers.network import MLP
from helpers.optimizers import SGD, ClipNorm, clip_by_norm, global_norm
from helpers.training import train


# ------------------------------------------------------------------------- clipping
def test_clip_by_norm_by_hand():
    grads = {"dW1": np.array([[3.0, 0.0]]), "db1": np.array([[4.0]])}      # length 5
    clipped, norm = clip_by_norm(grads, 1.0)
    assert norm == 5.0
    np.testing.assert_allclose(clipped["dW1"], [[0.6, 0.0]])
    np.testing.assert_allclose(clipped["db1"], [[0.8]])
    np.testing.assert_allclose(grads["dW1"], [[3.0, 0.0]])                  # not changed
    same, norm = clip_by_norm(grads, 10.0)                                  # short: untouched
    assert norm == 5.0 and same["db1"][0, 0] == 4.0
    assert global_norm(clipped) == pytest.approx(1.0, rel=1e-15)


def test_clip_by_norm_rejects_bad_max_norm():
    with pytest.raises(ValueError, match="max_norm: expected a finite number > 0, got -1"):
        clip_by_norm({"dW1": np.ones((1, 1))}, -1)
    with pytest.raises(ValueError, match="optimizer: expected an optimiser"):
        ClipNorm(0.1, 1.0)


def test_clip_norm_steps_like_sgd_on_the_clipped_gradient():
    params = {"W1": np.array([[1.0, 1.0]]), "b1": np.array([[0.0]])}
    grads = {"dW1": np.array([[0.0, 6.0]]), "db1": np.array([[8.0]])}       # length 10
    opt = ClipNorm(SGD(0.5), max_norm=2.0)
    opt.step(params, grads)
    np.testing.assert_allclose(params["W1"], [[1.0, 1.0 - 0.5 * 1.2]])      # 6 * 2/10 = 1.2
    np.testing.assert_allclose(params["b1"], [[-0.5 * 1.6]])
    assert opt.norms == [10.0] and opt.t == 1 and opt.learning_rate == 0.5
    assert "ClipNorm(SGD(learning_rate=0.5), max_norm=2.0)" == repr(opt)


def test_train_with_clip_norm_never_steps_further_than_max_norm():
    net = MLP([2, 4, 1], "tanh", init="he", seed=0)
    X = np.random.default_rng(0).standard_normal((2, 20))
    Y = (X[:1] > 0).astype(float)
    before = {k: v.copy() for k, v in net.params.items()}
    opt = ClipNorm(SGD(1.0), max_norm=0.01)
    train(net, X, Y, "bce", opt, n_epochs=1)
    step = np.sqrt(sum(np.sum((net.params[k] - before[k]) ** 2) for k in before))
    assert step == pytest.approx(min(0.01, opt.norms[0]), rel=1e-12)
    assert len(opt.norms) == 1


# ------------------------------------------------------------------ initialisations
@pytest.mark.parametrize("init, expected", [("small", lambda a, b: 0.01),
                                            ("lecun", lambda a, b: np.sqrt(1 / a)),
                                            ("glorot", lambda a, b: np.sqrt(2 / (a + b))),
                                            ("he", lambda a, b: np.sqrt(2 / a))])
def test_deep_network_draws_each_init_with_its_variance(init, expected):
    """Sample standard deviation of 200 x 200 weights within 2% of the formula (40,000
    draws: the sample std's relative standard error is about 0.35%)."""
    net = deep.deep_network(2, width=200, init=init, n_inputs=300, seed=0)
    for l, (n_in, n_out) in enumerate([(300, 200), (200, 200), (200, 1)], start=1):
        assert deep.init_std(init, n_in, n_out) == pytest.approx(expected(n_in, n_out))
        if n_out > 1:
            assert net.params[f"W{l}"].std() == pytest.approx(expected(n_in, n_out), rel=0.02)
            assert abs(net.params[f"W{l}"].mean()) < 0.02 * expected(n_in, n_out)
        assert not net.params[f"b{l}"].any()


def test_deep_network_scale_only_rescales_the_same_draws():
    a = deep.deep_network(3, 8, "tanh", "lecun", 1.0, seed=4)
    b = deep.deep_network(3, 8, "tanh", "he", 2.5, seed=4)
    for l in range(1, 5):
        np.testing.assert_allclose(b.params[f"W{l}"], a.params[f"W{l}"] * 2.5 * np.sqrt(2),
                                   rtol=1e-14)


def test_bad_arguments_name_what_to_fix():
    with pytest.raises(ValueError, match="init: expected one of"):
        deep.init_std("xavier2", 3, 3)
    with pytest.raises(ValueError, match="scale: expected a finite number > 0"):
        deep.deep_network(3, scale=0)
    with pytest.raises(ValueError, match="depth: expected a positive integer"):
        deep.deep_network(0)
    with pytest.raises(ValueError, match="net: expected a helpers.network.MLP"):
        deep.deltas("net", {}, np.zeros((1, 1)))


# ---------------------------------------------------------------- per-layer statistics
def _direct_deltas(net, X, Y):
    """dZ_l written out for a sigmoid-output, bce network: the loop of document 000."""
    g, dg = {"tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
             "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0) * 1.0)}[net.activation]
    A, Zs, As = X, [], [X]
    for l in range(1, net.n_layers + 1):
        Z = net.params[f"W{l}"] @ A + net.params[f"b{l}"]
        A = 1 / (1 + np.exp(-Z)) if l == net.n_layers else g(Z)
        Zs.append(Z)
        As.append(A)
    dZ = [As[-1] - Y]
    for l in range(net.n_layers, 1, -1):
        dZ.insert(0, (net.params[f"W{l}"].T @ dZ[0]) * dg(Zs[l - 2]))
    return Zs, As, dZ


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_layer_statistics_against_a_direct_computation(activation):
    net = deep.deep_network(4, 7, activation, "he", 1.3, n_inputs=3, seed=2)
    X, Y = deep.probe_data(3, 11, seed=5)
    Zs, As, dZ = _direct_deltas(net, X, Y)
    stats = deep.layer_statistics(net, X, Y, "bce")
    got = deep.deltas(net, net.forward(X)[1], Y, "bce")
    for l in range(1, 6):
        np.testing.assert_allclose(got[f"dZ{l}"], dZ[l - 1], rtol=1e-12, atol=1e-15)
        assert stats["z_std"][l - 1] == pytest.approx(np.std(Zs[l - 1]), rel=1e-12)
        assert stats["a_std"][l - 1] == pytest.approx(np.std(As[l]), rel=1e-12)
        assert stats["delta_rms"][l - 1] == pytest.approx(np.sqrt(np.mean(dZ[l - 1] ** 2)),
                                                          rel=1e-12)
        dW = dZ[l - 1] @ As[l - 1].T / 11
        assert stats["dW_norm"][l - 1] == pytest.approx(np.sqrt(np.sum(dW ** 2)), rel=1e-12)
    grads = net.backward(net.forward(X)[1], Y, "bce")       # and the network's own backward
    for l in range(1, 6):
        assert stats["dW_norm"][l - 1] == pytest.approx(np.linalg.norm(grads[f"dW{l}"]),
                                                        rel=1e-12)


def test_saturation_counts_entries_near_the_bounds():
    net = deep.deep_network(2, 50, "tanh", "lecun", 8.0, n_inputs=50, seed=0)
    X, Y = deep.probe_data(50, 40, seed=0)
    stats = deep.layer_statistics(net, X, Y)
    _, cache = net.forward(X)
    assert stats["saturated"][0] == np.mean(np.abs(cache["A1"]) > 0.99)
    assert stats["saturated"][0] > 0.5 and stats["saturated"][-1] == 0.0


# --------------------------------------------------------------- the variance argument
def test_expected_squares_closed_forms_and_monte_carlo():
    assert deep.expected_square("relu", 2.0) == 1.0 and deep.expected_dsquare("relu", 5) == 0.5
    assert deep.expected_square("linear", 0.3) == 0.3
    z = np.random.default_rng(0).standard_normal(400_000) * 1.5          # q = 2.25
    for act, g, dg in (("tanh", np.tanh, lambda z: 1 - np.tanh(z) ** 2),
                       ("sigmoid", lambda z: 1 / (1 + np.exp(-z)),
                        lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2)):
        assert deep.expected_square(act, 2.25) == pytest.approx(np.mean(g(z) ** 2), rel=0.01)
        assert deep.expected_dsquare(act, 2.25) == pytest.approx(np.mean(dg(z) ** 2), rel=0.01)
    assert deep.expected_dsquare("sigmoid", 1e-12) == pytest.approx(1 / 16)   # sigma'(0) = 1/4


def _mpmath_reference(activation, kind, q):
    """E[f(z)], z ~ N(0, q), by mpmath's adaptive tanh-sinh quadrature at 25 digits, the
    half-line split where either scale (1 for the activation, sqrt(q) for the Gaussian) ends."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 25
    f = {("tanh", "g"): lambda z: mp.tanh(z) ** 2, ("tanh", "dg"): lambda z: mp.sech(z) ** 4,
         ("sigmoid", "g"): lambda z: 1 / (1 + mp.exp(-z)) ** 2,
         ("sigmoid", "dg"): lambda z: (mp.exp(-z) / (1 + mp.exp(-z)) ** 2) ** 2}[activation, kind]
    q = mp.mpf(q)
    s = mp.sqrt(q)
    edges = sorted({mp.mpf(0), mp.mpf(1), mp.mpf(4), s, 3 * s, 10 * s, 40 * s})
    edges = [e for e in edges if e <= 40 * s] + [mp.inf]
    return float(mp.quad(lambda z: (f(z) + f(-z)) * mp.exp(-z ** 2 / (2 * q))
                         / mp.sqrt(2 * mp.pi * q), edges))


@pytest.mark.parametrize("q", [1e-6, 1e-2, 0.5, 3.0, 10.0, 30.0, 100.0, 1e3, 1e4, 3e4])
def test_expectations_agree_with_a_high_precision_reference(q):
    """Issue 22: 80 fixed Gauss-Hermite nodes were 5% off for E[tanh'^2] at Var z = 10 and 90%
    at 100. The panelled rule agrees with mpmath to 1e-8 (relative) up to Var z = 1e4 and past."""
    for activation in ("tanh", "sigmoid"):
        for kind, fn in (("g", deep.expected_square), ("dg", deep.expected_dsquare)):
            ref = _mpmath_reference(activation, kind, q)
            assert fn(activation, q) == pytest.approx(ref, rel=1e-8, abs=0), (activation, kind)


def test_expectations_at_zero_variance_and_bad_variance():
    assert deep.expected_square("tanh", 0.0) == 0.0 and deep.expected_dsquare("tanh", 0) == 1.0
    assert deep.expected_square("sigmoid", 0.0) == 0.25
    for bad in (-1.0, np.inf, np.nan, "1"):
        with pytest.raises(ValueError, match="q: expected a finite number >= 0"):
            deep.expected_dsquare("tanh", bad)


def test_predicted_spread_by_hand_for_relu():
    """ReLU, widths 4-8-8-1, std s: Var z1 = 4 s1^2, Var z2 = 8 s2^2 Var z1 / 2, ...;
    backward E[d1^2] = 8 s2^2 E[d2^2] / 2."""
    pred = deep.predicted_spread([4, 8, 8, 1], "relu", [0.5, 0.25, 1.0], 1.0, top_delta_rms=2.0)
    var_z1 = 4 * 0.25
    var_z2 = 8 * 0.0625 * var_z1 / 2
    var_z3 = 8 * 1.0 * var_z2 / 2
    np.testing.assert_allclose(pred["z_std"] ** 2, [var_z1, var_z2, var_z3])
    ms3 = 4.0
    ms2 = 1 * 1.0 * ms3 * 0.5
    ms1 = 8 * 0.0625 * ms2 * 0.5
    np.testing.assert_allclose(pred["delta_rms"] ** 2, [ms1, ms2, ms3])


@pytest.mark.parametrize("activation, init", [("relu", "he"), ("tanh", "lecun"),
                                              ("sigmoid", "small"), ("tanh", "small")])
def test_predicted_spread_matches_a_wide_network(activation, init):
    """Width 400: the measured spreads agree with the prediction within 25% at every hidden
    layer (finite width makes them wander by a few percent per layer)."""
    net = deep.deep_network(6, 400, activation, init, seed=1)
    X, Y = deep.probe_data(400, 200, seed=1)
    stats = deep.layer_statistics(net, X, Y)
    stds = [deep.init_std(init, 400, n) for n in (400,) * 6 + (1,)]
    pred = deep.predicted_spread(net.layer_sizes, activation, stds, 1.0, stats["delta_rms"][-1])
    np.testing.assert_allclose(stats["z_std"][:6], pred["z_std"][:6], rtol=0.25)
    np.testing.assert_allclose(stats["delta_rms"], pred["delta_rms"], rtol=0.25)


def test_dead_fraction_counts_units_silent_on_every_example():
    net = MLP([2, 3, 2, 1], "relu", seed=0)
    net.params["W1"][...] = [[1.0, 0.0], [0.0, 0.0], [-1.0, 0.0]]
    net.params["b1"][...] = [[0.0], [-1.0], [5.0]]                 # unit 2 never fires
    net.params["W2"][...] = [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]     # unit 2 of layer 2 is 0
    X = np.array([[-1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(deep.dead_fraction(net, X), [1 / 3, 1 / 2])

"""Each optimiser against steps computed by hand (the numbers are worked out in the comments)."""
import numpy as np
import pytest

from helpers import optimizers as O
from helpers.network import MLP


def params():
    return {"w": np.array([1.0, -2.0])}


G1 = {"dw": np.array([0.5, 0.1])}


def test_sgd_one_step_by_hand():
    p = params()
    w = p["w"]
    O.SGD(0.1).step(p, G1)
    # w - lr g = (1 - 0.05, -2 - 0.01)
    np.testing.assert_allclose(p["w"], [0.95, -2.01], rtol=0, atol=1e-15)
    assert p["w"] is w, "the update must be in place so MLP.params stays live"


def test_momentum_two_steps_by_hand():
    p, opt = params(), O.Momentum(0.1, beta=0.9)
    opt.step(p, G1)                       # v = g = (0.5, 0.1); w = (0.95, -2.01)
    np.testing.assert_allclose(p["w"], [0.95, -2.01], atol=1e-15)
    opt.step(p, G1)                       # v = 0.9 (0.5, 0.1) + (0.5, 0.1) = (0.95, 0.19)
    np.testing.assert_allclose(p["w"], [0.95 - 0.095, -2.01 - 0.019], atol=1e-15)


def test_rmsprop_one_step_by_hand():
    p = params()
    O.RMSProp(0.01, rho=0.9, eps=1e-8).step(p, G1)
    # s = 0.1 g^2 = (0.025, 0.001); g / sqrt(s) = 1 / sqrt(0.1) = 3.16227766... for both
    # entries; with eps: 0.5 / (0.15811388 + 1e-8) = 3.16227746, 0.1 / (0.03162278 + 1e-8)
    # = 3.16227666, so w moves by 0.0316227746 and 0.0316227666
    np.testing.assert_allclose(p["w"], [1.0 - 0.0316227746, -2.0 - 0.0316227666], rtol=0,
                               atol=1e-10)


def test_adam_two_steps_by_hand():
    p, opt = params(), O.Adam(0.001, beta1=0.9, beta2=0.999, eps=1e-8)
    opt.step(p, G1)             # m_hat = g, v_hat = g^2: the first step is lr * sign(g)
    np.testing.assert_allclose(p["w"], [0.999, -2.001], atol=1e-10)
    opt.step(p, {"dw": np.array([-0.5, 0.1])})
    # m = 0.9 (0.05, 0.01) + 0.1 (-0.5, 0.1) = (-0.005, 0.019); m_hat = m / 0.19
    # v = 0.999 (0.00025, 0.00001) + 0.001 (0.25, 0.01) = (0.00049975, 0.00001999);
    # v_hat = v / 0.001999
    # = (0.25, 0.01), sqrt = (0.5, 0.1): step = 0.001 (-0.005 / 0.095, 0.19 / 0.19)
    np.testing.assert_allclose(p["w"], [0.999 + 0.001 * 0.005 / 0.095, -2.002], atol=1e-10)
    assert opt.t == 2


def test_every_optimizer_updates_a_network_in_place_and_lowers_its_loss(rng):
    X = rng.standard_normal((3, 20))
    Y = (X[:1] > 0).astype(float)
    for name, lr in (("sgd", 0.5), ("momentum", 0.1), ("rmsprop", 0.01), ("adam", 0.01)):
        net = MLP([3, 4, 1], "tanh", "sigmoid", "lecun", seed=1)
        arrays = dict(net.params)
        before = net.loss(X, Y)
        opt = O.make(name, lr)
        for _ in range(20):
            A, cache = net.forward(X)
            opt.step(net.params, net.backward(cache, Y))
        assert all(net.params[k] is arrays[k] for k in arrays)
        assert net.loss(X, Y) < before, name


def test_reset_forgets_the_state():
    p, opt = params(), O.Momentum(0.1)
    opt.step(p, G1)
    opt.reset()
    q = params()
    opt.step(q, G1)
    np.testing.assert_allclose(q["w"], [0.95, -2.01])


def test_gradients_are_not_changed():
    g = {"dw": np.array([0.5, 0.1])}
    for cls in (O.SGD, O.Momentum, O.RMSProp, O.Adam):
        cls(0.1).step(params(), g)
        np.testing.assert_array_equal(g["dw"], [0.5, 0.1])


@pytest.mark.parametrize("make, words", [
    (lambda: O.SGD(0), "learning_rate: expected a finite number > 0, got 0"),
    (lambda: O.SGD(-0.1), "learning_rate"),
    (lambda: O.SGD("fast"), "learning_rate"),
    (lambda: O.Momentum(0.1, beta=1.0), r"beta: expected a number in \[0, 1\), got 1.0"),
    (lambda: O.RMSProp(0.1, rho=-0.1), "rho"),
    (lambda: O.RMSProp(0.1, eps=0), "eps"),
    (lambda: O.Adam(0.1, beta1=1.5), "beta1"),
    (lambda: O.Adam(0.1, beta2=1), "beta2"),
    (lambda: O.make("lbfgs", 0.1), "name: expected one of"),
])
def test_bad_hyper_parameters_raise(make, words):
    with pytest.raises(ValueError, match=words):
        make()


def test_bad_dicts_raise():
    opt = O.SGD(0.1)
    with pytest.raises(ValueError, match="expected a gradient 'dw'"):
        opt.step(params(), {"w": np.zeros(2)})
    with pytest.raises(ValueError, match=r"grads\['dw'\]: expected shape \(2,\)"):
        opt.step(params(), {"dw": np.zeros(3)})
    with pytest.raises(ValueError, match="expected two dicts"):
        opt.step([np.zeros(2)], G1)
    with pytest.raises(ValueError, match="float numpy array"):
        opt.step({"w": [1.0, 2.0]}, G1)


def test_repr_names_the_hyper_parameters():
    assert repr(O.Adam(0.01)) == "Adam(learning_rate=0.01, beta1=0.9, beta2=0.999, eps=1e-08)"


@pytest.mark.parametrize("bad", [[[0.1, 0.2]], ((0.1, 0.2),), np.array([["a", "b"]])])
def test_step_rejects_a_gradient_that_is_not_a_numeric_array(bad):
    params = {"W1": np.zeros((1, 2))}
    with pytest.raises(ValueError, match=r"grads\['dW1'\]: expected a numpy array"):
        O.SGD(0.1).step(params, {"dW1": bad})
    assert np.array_equal(params["W1"], np.zeros((1, 2)))

"""Residual blocks: the hand-derived backward against finite differences and the tensor engine
of notebook 08; the skip network keeps the gradient near 1 where the plain one loses it."""
import numpy as np
import pytest

from helpers import deep, gradcheck, residual
from helpers.autograd.tensor import Tensor


def _block(seed=0, n=4, m=6):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n, m)), rng.standard_normal((n, n)) * 0.7,
            rng.standard_normal((n, 1)), rng.standard_normal((n, m)))


def _numerical(f, X, h=1e-6):
    return gradcheck.numerical_gradient(f, X, h)       # centred differences, in place


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
def test_block_backward_against_finite_differences(activation):
    A_prev, W, b, G = _block(1)
    _, cache = residual.residual_forward(A_prev, W, b, activation)
    dA_prev, dW, db = residual.residual_backward(G, cache)
    for X, d in ((A_prev, dA_prev), (W, dW), (b, db)):
        num = _numerical(lambda: np.sum(G * residual.residual_forward(A_prev, W, b,
                                                                      activation)[0]), X)
        np.testing.assert_allclose(d, num, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu"])
def test_block_backward_against_the_tensor_engine(activation):
    A_prev, W, b, G = _block(2)
    ta, tw, tb = (Tensor(x, requires_grad=True) for x in (A_prev, W, b))
    out = ta + getattr(tw @ ta + tb, activation)()
    (out * G).sum().backward()
    dA_prev, dW, db = residual.residual_backward(G, residual.residual_forward(A_prev, W, b,
                                                                              activation)[1])
    np.testing.assert_allclose(dA_prev, ta.grad, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dW, tw.grad, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(db, tb.grad, rtol=1e-12, atol=1e-14)


def test_identity_path_passes_the_gradient_unchanged_when_the_branch_is_zero():
    A_prev, W, b, G = _block(3)
    dA_prev, _, _ = residual.residual_backward(G, residual.residual_forward(
        A_prev, np.zeros_like(W), b, "tanh")[1])
    np.testing.assert_array_equal(dA_prev, G)


@pytest.mark.parametrize("skips, norm", [(True, None), (False, "batch"), (True, "layer"),
                                         (False, None)])
def test_residual_pass_against_finite_differences_of_the_whole_network(skips, norm):
    net = deep.deep_network(5, 6, "tanh", "lecun", seed=1)
    X, Y = deep.probe_data(6, 8, seed=1)

    def loss():
        A = residual.residual_pass(net, X, Y, skips, norm)[0][f"A{net.n_layers}"]
        return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A))   # summed: dZ has no 1/m
    cache, dZ = residual.residual_pass(net, X, Y, skips, norm)
    for l in (1, 3, net.n_layers):
        num = _numerical(loss, net.params[f"W{l}"])
        np.testing.assert_allclose(dZ[f"dZ{l}"] @ cache[f"A{l - 1}"].T, num, rtol=1e-6,
                                   atol=1e-9)
    if not skips and norm is None:                                # the plain network
        np.testing.assert_allclose(dZ["dZ1"], deep.deltas(net, net.forward(X)[1], Y)["dZ1"],
                                   rtol=1e-12)


@pytest.mark.parametrize("activation, init, scale", [("tanh", "small", 1.0),
                                                     ("relu", "small", 1.0),
                                                     ("sigmoid", "lecun", 1.0),
                                                     ("relu", "he", 0.2)])
def test_skips_keep_the_gradient_within_a_small_factor(activation, init, scale):
    net = deep.deep_network(20, 64, activation, init, scale, seed=0)
    X, Y = deep.probe_data(64, 256, seed=0)
    plain = deep.layer_statistics(net, X, Y)["delta_rms"]
    skip = residual.residual_statistics(net, X, Y)["delta_rms"]
    assert plain[0] / plain[19] < 1e-10
    assert 0.1 < skip[0] / skip[19] < 10


def test_bad_arguments_name_what_to_fix():
    A_prev, W, b, G = _block()
    with pytest.raises(ValueError, match=r"W: expected shape \(4, 4\)"):
        residual.residual_forward(A_prev, W[:, :3], b)
    with pytest.raises(ValueError, match=r"b: expected shape \(4, 1\)"):
        residual.residual_forward(A_prev, W, b.T)
    with pytest.raises(ValueError, match="dA: expected shape"):
        residual.residual_backward(G[:, :2], residual.residual_forward(A_prev, W, b)[1])
    with pytest.raises(ValueError, match="skips need hidden layers of one width"):
        from helpers.network import MLP
        residual.residual_pass(MLP([2, 3, 4, 1]), np.zeros((2, 3)), np.zeros((1, 3)))

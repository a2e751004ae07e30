"""Batch and layer normalisation: the compact backward against finite differences, SymPy on a
small batch and the tensor engine of notebook 08; running statistics; the normalised network's
gradients against finite differences."""
import numpy as np
import pytest

from helpers import gradcheck
from helpers import normalisation as N
from helpers.autograd.tensor import Tensor
from helpers.optimizers import Adam

FORWARD = {"batch": N.batch_norm_forward, "layer": N.layer_norm_forward}
BACKWARD = {"batch": N.batch_norm_backward, "layer": N.layer_norm_backward}


def _problem(seed=0, n=3, m=5):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, m)) * 2 + 1
    gamma, beta = rng.standard_normal((n, 1)) + 1.5, rng.standard_normal((n, 1))
    G = rng.standard_normal((n, m))                    # upstream gradient: loss = sum(G * out)
    return Z, gamma, beta, G


def _numerical(f, X, h=1e-6):
    return gradcheck.numerical_gradient(f, X, h)       # centred differences, in place


@pytest.mark.parametrize("kind", ["batch", "layer"])
def test_forward_normalises_along_its_axis(kind):
    Z, gamma, beta, _ = _problem()
    out, _ = FORWARD[kind](Z, np.ones_like(gamma), np.zeros_like(beta), eps=1e-12)
    axis = N.AXIS[kind]
    np.testing.assert_allclose(out.mean(axis=axis), 0, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=axis), 1, rtol=1e-9)
    out2, _ = FORWARD[kind](Z, gamma, beta, eps=1e-12)
    np.testing.assert_allclose(out2, gamma * out + beta, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kind", ["batch", "layer"])
def test_backward_against_finite_differences(kind):
    Z, gamma, beta, G = _problem(1)
    out, cache = FORWARD[kind](Z, gamma, beta)
    dZ, dgamma, dbeta = BACKWARD[kind](G, cache)
    for X, d in ((Z, dZ), (gamma, dgamma), (beta, dbeta)):
        num = _numerical(lambda: np.sum(G * FORWARD[kind](Z, gamma, beta)[0]), X)
        np.testing.assert_allclose(d, num, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("kind", ["batch", "layer"])
def test_backward_against_the_tensor_engine(kind):
    Z, gamma, beta, G = _problem(2)
    axis = N.AXIS[kind]
    tz, tg, tb = (Tensor(a, requires_grad=True) for a in (Z, gamma, beta))
    mu = tz.mean(axis=axis, keepdims=True)
    var = ((tz - mu) ** 2).mean(axis=axis, keepdims=True)
    out = tg * ((tz - mu) / (var + 1e-5) ** 0.5) + tb
    (out * G).sum().backward()
    dZ, dgamma, dbeta = BACKWARD[kind](G, FORWARD[kind](Z, gamma, beta)[1])
    np.testing.assert_allclose(dZ, tz.grad, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dgamma, tg.grad, rtol=1e-10)
    np.testing.assert_allclose(dbeta, tb.grad, rtol=1e-10)


def test_batch_norm_backward_against_sympy_on_a_batch_of_three():
    sp = pytest.importorskip("sympy")
    z = sp.symbols("z1:4", real=True)
    g = sp.symbols("g1:4", real=True)
    gamma, beta, eps = sp.symbols("gamma beta epsilon", positive=True)
    mu = sum(z) / 3
    var = sum((zi - mu) ** 2 for zi in z) / 3
    out = [gamma * (zi - mu) / sp.sqrt(var + eps) + beta for zi in z]
    loss = sum(gi * oi for gi, oi in zip(g, out))
    values = {z[0]: 0.3, z[1]: -1.2, z[2]: 2.0, g[0]: 0.7, g[1]: -0.4, g[2]: 1.1,
              gamma: 1.7, beta: -0.2, eps: 1e-5}
    symbolic = [float(sp.diff(loss, zi).subs(values)) for zi in z]
    Z = np.array([[0.3, -1.2, 2.0]])
    _, cache = N.batch_norm_forward(Z, [[1.7]], [[-0.2]], eps=1e-5)
    dZ, dgamma, dbeta = N.batch_norm_backward(np.array([[0.7, -0.4, 1.1]]), cache)
    np.testing.assert_allclose(dZ[0], symbolic, rtol=1e-10)
    assert dgamma[0, 0] == pytest.approx(float(sp.diff(loss, gamma).subs(values)), rel=1e-10)
    assert dbeta[0, 0] == pytest.approx(float(sp.diff(loss, beta).subs(values)), rel=1e-10)


def test_batch_norm_running_statistics_at_prediction_time():
    rng = np.random.default_rng(3)
    bn = N.BatchNorm(4, momentum=0.1)
    for _ in range(200):                                  # batches from one distribution
        bn.forward(rng.standard_normal((4, 50)) * 3 + 5, training=True)
    np.testing.assert_allclose(bn.running_mean, 5, atol=0.3)
    np.testing.assert_allclose(bn.running_var, 9, rtol=0.15)
    one = np.full((4, 1), 5.0)                            # a single example: no batch to use
    out, cache = bn.forward(one, training=False)
    assert cache is None
    np.testing.assert_allclose(out, (one - bn.running_mean) / np.sqrt(bn.running_var + 1e-5))
    with pytest.raises(ValueError, match="needs at least 2 of them"):
        bn.forward(one, training=True)


@pytest.mark.parametrize("norm", ["batch", "layer", None])
def test_normalised_network_gradients_against_finite_differences(norm):
    rng = np.random.default_rng(4)
    X, Y = rng.standard_normal((2, 7)), (rng.random((1, 7)) < 0.5).astype(float)
    net = N.NormalisedMLP([2, 4, 3, 1], "tanh", norm, "lecun", seed=5)
    for p in net.params.values():
        p += rng.standard_normal(p.shape) * 0.3           # gamma, beta away from 1 and 0

    def loss():
        return N.mean_cross_entropy(net.forward(X)[0], Y)
    grads = net.backward(net.forward(X)[1], Y)
    assert set(grads) == {"d" + k for k in net.params}
    for name, p in net.params.items():
        np.testing.assert_allclose(grads["d" + name], _numerical(loss, p), rtol=1e-5,
                                   atol=1e-8, err_msg=name)


def test_batch_norm_restores_a_stuck_network():
    from helpers import datasets
    X, Y = datasets.spirals(n_samples=100, noise=0.1, seed=0)
    plain = N.NormalisedMLP([2] + [8] * 6 + [1], "relu", None, "small", seed=0)
    normed = N.NormalisedMLP([2] + [8] * 6 + [1], "relu", "batch", "small", seed=0)
    assert N.train_normalised(plain, X, Y, Adam(0.01), 150)[-1] > 0.69
    assert N.train_normalised(normed, X, Y, Adam(0.01), 150)[-1] < 0.5


def test_bad_arguments_name_what_to_fix():
    Z, gamma, beta, _ = _problem()
    with pytest.raises(ValueError, match=r"gamma: expected shape \(3, 1\)"):
        N.batch_norm_forward(Z, gamma.T, beta)
    with pytest.raises(ValueError, match="batch norm normalises over the examples"):
        N.batch_norm_forward(Z[:, :1], gamma, beta)
    with pytest.raises(ValueError, match="layer norm normalises over the units"):
        N.layer_norm_forward(Z[:1], gamma[:1], beta[:1])
    with pytest.raises(ValueError, match="cache: expected the cache layer_norm_forward"):
        N.layer_norm_backward(Z, N.batch_norm_forward(Z, gamma, beta)[1])
    with pytest.raises(ValueError, match="eps: expected a finite number > 0"):
        N.layer_norm_forward(Z, gamma, beta, eps=0)
    with pytest.raises(ValueError, match="norm: expected 'batch', 'layer' or None"):
        N.NormalisedMLP([2, 3, 1], norm="group")

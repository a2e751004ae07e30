"""Batch normalisation and layer normalisation, forward and backward beside each other
(numpy only; the maths layer: validated at entry, no plotting).

Column convention: ``Z`` is (n units, m examples). **Batch norm** normalises each unit (row)
over the examples of the batch (axis 1); **layer norm** normalises each example (column) over
its units (axis 0), so it does not depend on the batch at all. Both then scale and shift each
unit: ``out = gamma * xhat + beta``, with ``gamma`` and ``beta`` of shape (n, 1).

Forward, over the k values normalised together (k = m for batch norm, k = n for layer norm)::

    mu = mean(z),  var = mean((z - mu)^2),  s = sqrt(var + eps),  xhat = (z - mu) / s

Backward, compact form (``dout`` is the gradient of a scalar loss with respect to ``out``,
any 1/m of the loss already in it; ``dxhat = gamma * dout``)::

    dz = (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat)) / s
    dgamma = sum over the examples of dout * xhat,   dbeta = sum over the examples of dout

The first term is the path through ``xhat`` with mu and s held fixed; ``- mean(dxhat)`` is
the path through the mean (each z moves mu by 1/k); ``- xhat mean(dxhat xhat)`` the path
through the variance (each z moves var by 2 (z - mu) / k). Forgetting either path, putting the
1/k in the wrong place or leaving out gamma are the classic mistakes (notebook 07's exercise).

:class:`BatchNorm` keeps running averages of each unit's mean and variance while it trains and
uses them at prediction time, when one example must not depend on the others in its batch.
:class:`NormalisedMLP` is a deep network with a normalisation between every hidden layer's
``W a`` and its activation, and ``train_normalised`` trains it with any optimiser of
:mod:`helpers.optimizers` (full batch, cross-entropy).
"""
import numpy as np

from . import _validate as V
from .activations import ACTIVATIONS, sigmoid
from .network import INIT_STD

AXIS = {"batch": 1, "layer": 0}


def _args(Z, gamma, beta, eps, kind):
    Z = V.as_matrix(Z, "Z")
    n, m = Z.shape
    k = m if kind == "batch" else n
    if k < 2:
        over = "examples (columns)" if kind == "batch" else "units (rows)"
        raise ValueError(f"Z: {kind} norm normalises over the {over} and needs at least 2 of "
                         f"them, got shape {Z.shape}")
    gamma = V.as_matrix(gamma, "gamma")
    V.same_shape(gamma, "gamma", (n, 1), f"one scale per unit of Z's {n} rows")
    beta = V.as_matrix(beta, "beta")
    V.same_shape(beta, "beta", (n, 1), f"one shift per unit of Z's {n} rows")
    return Z, gamma, beta, V.positive_float(eps, "eps")


def _forward(Z, gamma, beta, eps, kind):
    return _normalise(*_args(Z, gamma, beta, eps, kind), kind)


def _normalise(Z, gamma, beta, eps, kind):
    """The forward pass without checks (for loops whose shapes are known)."""
    axis = AXIS[kind]
    mu = Z.mean(axis=axis, keepdims=True)
    var = Z.var(axis=axis, keepdims=True)
    s = np.sqrt(var + eps)
    xhat = (Z - mu) / s
    cache = {"xhat": xhat, "s": s, "gamma": gamma, "kind": kind, "mu": mu, "var": var}
    return gamma * xhat + beta, cache


def _backward(dout, cache, kind):
    if not isinstance(cache, dict) or cache.get("kind") != kind:
        raise ValueError(f"cache: expected the cache {kind}_norm_forward returned")
    dout = V.as_matrix(dout, "dout")
    V.same_shape(dout, "dout", cache["xhat"].shape, "the shape of the layer's output")
    return _denormalise(dout, cache)


def _denormalise(dout, cache):
    """The backward pass without checks."""
    xhat, s, gamma = cache["xhat"], cache["s"], cache["gamma"]
    axis = AXIS[cache["kind"]]
    dxhat = gamma * dout
    dZ = (dxhat - dxhat.mean(axis=axis, keepdims=True)
          - xhat * (dxhat * xhat).mean(axis=axis, keepdims=True)) / s
    dgamma = (dout * xhat).sum(axis=1, keepdims=True)
    dbeta = dout.sum(axis=1, keepdims=True)
    return dZ, dgamma, dbeta


def batch_norm_forward(Z, gamma, beta, eps=1e-5):
    """Normalise each unit (row of Z) over the batch; returns ``(out, cache)``."""
    return _forward(Z, gamma, beta, eps, "batch")


def batch_norm_backward(dout, cache):
    """``(dZ, dgamma, dbeta)`` of batch norm, in the compact form of the module docstring."""
    return _backward(dout, cache, "batch")


def layer_norm_forward(Z, gamma, beta, eps=1e-5):
    """Normalise each example (column of Z) over its units; returns ``(out, cache)``."""
    return _forward(Z, gamma, beta, eps, "layer")


def layer_norm_backward(dout, cache):
    """``(dZ, dgamma, dbeta)`` of layer norm (the same formula along the other axis)."""
    return _backward(dout, cache, "layer")


class BatchNorm:
    """Batch normalisation of ``n`` units with running statistics for prediction.

    ``forward(Z, training=True)`` normalises with the batch's own mean and variance and
    moves ``running_mean`` and ``running_var`` towards them by ``momentum``;
    ``forward(Z, training=False)`` normalises with the running values instead, so each
    example's output depends on that example alone.
    """

    def __init__(self, n, momentum=0.1, eps=1e-5):
        self.n = V.positive_int(n, "n")
        self.momentum = V.positive_float(momentum, "momentum")
        if self.momentum > 1:
            raise ValueError(f"momentum: expected a number in (0, 1], got {momentum!r}")
        self.eps = V.positive_float(eps, "eps")
        self.gamma, self.beta = np.ones((n, 1)), np.zeros((n, 1))
        self.running_mean, self.running_var = np.zeros((n, 1)), np.ones((n, 1))

    def forward(self, Z, training=True):
        """``(out, cache)``; ``cache`` is None at prediction time (nothing to differentiate)."""
        if not training:
            Z = V.as_matrix(Z, "Z", rows=self.n)
            xhat = (Z - self.running_mean) / np.sqrt(self.running_var + self.eps)
            return self.gamma * xhat + self.beta, None
        out, cache = batch_norm_forward(V.as_matrix(Z, "Z", rows=self.n), self.gamma,
                                        self.beta, self.eps)
        m = Z.shape[1]
        self.running_mean += self.momentum * (cache["mu"] - self.running_mean)
        self.running_var += self.momentum * (cache["var"] * m / (m - 1) - self.running_var)
        return out, cache


class NormalisedMLP:
    """A network ``sizes[0] -> ... -> sizes[-1]`` (one sigmoid output) whose every hidden layer
    computes ``a = g(norm(W a_prev))`` with ``norm`` batch norm, layer norm or None (then
    ``g(W a_prev + b)``, a plain network). Weights drawn with ``init``'s standard deviation."""

    def __init__(self, sizes, activation="sigmoid", norm="batch", init="small", seed=0):
        self.sizes = [V.positive_int(n, "sizes[i]") for n in sizes]
        if len(self.sizes) < 3 or self.sizes[-1] != 1:
            raise ValueError(f"sizes: expected [n_inputs, hidden..., 1], got {sizes!r}")
        V.choice(activation, "activation", ACTIVATIONS)
        if norm not in ("batch", "layer", None):
            raise ValueError(f"norm: expected 'batch', 'layer' or None, got {norm!r}")
        V.choice(init, "init", ("small", "lecun", "glorot", "he"))
        self.activation, self.norm, self.init = activation, norm, init
        self.L = len(self.sizes) - 1
        rng = np.random.default_rng(seed)
        self.params = {}
        for l in range(1, self.L + 1):
            n_in, n_out = self.sizes[l - 1], self.sizes[l]
            std = float(INIT_STD[init](n_in, n_out))
            self.params[f"W{l}"] = rng.standard_normal((n_out, n_in)) * std
            if norm is None or l == self.L:
                self.params[f"b{l}"] = np.zeros((n_out, 1))
            else:                                   # beta plays the bias's part
                self.params[f"gamma{l}"] = np.ones((n_out, 1))
                self.params[f"beta{l}"] = np.zeros((n_out, 1))
        self.running = {l: [np.zeros((self.sizes[l], 1)), np.ones((self.sizes[l], 1))]
                        for l in range(1, self.L)}
        self.momentum, self.eps = 0.1, 1e-5

    def forward(self, X, training=True):
        """``(A_L, cache)``; batch norm uses the running statistics when ``training`` is
        False, and updates them when it is True."""
        return self._forward(V.as_matrix(X, "X", rows=self.sizes[0]), training)

    def _forward(self, X, training):
        g = ACTIVATIONS[self.activation][0]
        P, cache, A = self.params, {"A0": X}, X
        for l in range(1, self.L + 1):
            Z = P[f"W{l}"] @ A
            if l == self.L:
                A = sigmoid(Z + P[f"b{l}"])
            elif self.norm is None:
                Z = Z + P[f"b{l}"]
                A = g(Z)
            elif self.norm == "batch" and not training:
                mean, var = self.running[l]
                U = P[f"gamma{l}"] * (Z - mean) / np.sqrt(var + self.eps) + P[f"beta{l}"]
                Z, A = U, g(U)
            else:
                U, cache[f"norm{l}"] = _normalise(Z, P[f"gamma{l}"], P[f"beta{l}"], self.eps,
                                                  self.norm)
                if self.norm == "batch":
                    m = X.shape[1]
                    c, r = cache[f"norm{l}"], self.running[l]
                    r[0] += self.momentum * (c["mu"] - r[0])
                    r[1] += self.momentum * (c["var"] * m / (m - 1) - r[1])
                Z, A = U, g(U)
            cache[f"Z{l}"], cache[f"A{l}"] = Z, A     # Z: the activation's input
        return A, cache

    def backward(self, cache, Y):
        """The gradients ``{"dW1": ..., "dgamma1": ...}`` of the mean cross-entropy."""
        return self._backward(cache, V.as_matrix(Y, "Y", rows=1))

    def _backward(self, cache, Y):
        m = Y.shape[1]
        dg = ACTIVATIONS[self.activation][1]
        P, grads = self.params, {}
        dZ = (cache[f"A{self.L}"] - Y) / m                        # sigmoid + mean cross-entropy
        dA = None                                                  # set by the layer above
        for l in range(self.L, 0, -1):
            if l < self.L:
                dU = dA * dg(cache[f"Z{l}"])
                if self.norm is None:
                    dZ = dU
                    grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True)
                else:
                    dZ, grads[f"dgamma{l}"], grads[f"dbeta{l}"] = _denormalise(
                        dU, cache[f"norm{l}"])
            else:
                grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True)
            grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T
            dA = P[f"W{l}"].T @ dZ
        return grads


def mean_cross_entropy(A, Y):
    """The mean binary cross-entropy of predictions ``A`` (1, m) against labels ``Y``."""
    A = np.clip(A, 1e-15, 1 - 1e-15)
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def train_normalised(net, X, Y, optimizer, n_epochs):
    """Full-batch training of a :class:`NormalisedMLP`; returns the loss after each epoch
    (measured in training mode, on the batch's own statistics)."""
    if not isinstance(net, NormalisedMLP):
        raise ValueError(f"net: expected a NormalisedMLP, got {type(net).__name__}")
    X = V.as_matrix(X, "X", rows=net.sizes[0])
    Y = V.as_matrix(Y, "Y", rows=1)
    V.binary_labels(Y, "Y")
    n_epochs = V.positive_int(n_epochs, "n_epochs")
    if not hasattr(optimizer, "step"):
        raise ValueError(f"optimizer: expected an optimiser of helpers.optimizers, got "
                         f"{type(optimizer).__name__}")
    losses = []
    for _ in range(n_epochs):
        A, cache = net._forward(X, True)
        losses.append(mean_cross_entropy(A, Y))
        optimizer.step(net.params, net._backward(cache, Y), check=False)
    return np.array(losses)

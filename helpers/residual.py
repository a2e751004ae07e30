"""Residual connections: a block ``a = a_prev + g(W a_prev + b)`` gives the gradient an
identity path (numpy only; the maths layer: validated at entry, forward and backward beside
each other, no plotting).

Column convention: ``A_prev`` is (n, m), one example per column; the block keeps the width n.

Backward, by hand. With ``Z = W A_prev + b`` and ``A = A_prev + g(Z)``, and ``dA`` the gradient
of a scalar loss with respect to ``A`` (whatever 1/m the loss has is already in it):

* ``dZ = dA * g'(Z)`` (the branch, as in any layer);
* ``dW = dZ A_prev^T`` and ``db = dZ`` summed over the examples;
* ``dA_prev = dA + W^T dZ``: the two paths from ``A_prev`` to ``A`` add, and the identity's
  path passes ``dA`` down unchanged. A product of per-layer factors ``(I + W^T diag g')``
  stays near the identity when the branches are small, where the plain network's product of
  ``W^T diag g'`` vanishes.

``residual_statistics`` runs one of notebook 07's deep networks (``deep.deep_network``) with a
skip around every hidden layer after the first and returns the statistics of
``deep.layer_statistics`` for it.
"""
import numpy as np

from . import _validate as V
from .activations import ACTIVATIONS, sigmoid
from .deep import _statistics, one_blas_thread
from .network import MLP


def _block_args(A_prev, W, b):
    A_prev = V.as_matrix(A_prev, "A_prev")
    n = A_prev.shape[0]
    W = V.as_matrix(W, "W")
    if W.shape != (n, n):
        raise ValueError(f"W: expected shape ({n}, {n}) (a residual block keeps the width of "
                         f"A_prev, {n} rows), got shape {W.shape}")
    b = V.as_matrix(b, "b")
    V.same_shape(b, "b", (n, 1), f"one bias per unit of the {n}-unit block")
    return A_prev, W, b


def residual_forward(A_prev, W, b, activation="relu"):
    """``A = A_prev + g(W A_prev + b)``; returns ``(A, cache)`` for ``residual_backward``."""
    V.choice(activation, "activation", ACTIVATIONS)
    A_prev, W, b = _block_args(A_prev, W, b)
    Z = W @ A_prev + b                                          # (n, m)
    A = A_prev + ACTIVATIONS[activation][0](Z)
    return A, {"A_prev": A_prev, "W": W, "Z": Z, "activation": activation}


def residual_backward(dA, cache):
    """``(dA_prev, dW, db)`` of the block whose forward pass returned ``cache``."""
    if not isinstance(cache, dict) or not {"A_prev", "W", "Z", "activation"} <= set(cache):
        raise ValueError("cache: expected the cache residual_forward returned")
    dA = V.as_matrix(dA, "dA")
    V.same_shape(dA, "dA", cache["Z"].shape, "the shape of the block's output A")
    dZ = dA * ACTIVATIONS[cache["activation"]][1](cache["Z"])    # the branch
    dW = dZ @ cache["A_prev"].T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = dA + cache["W"].T @ dZ                             # identity path + branch path
    return dA_prev, dW, db


def _check_net(net):
    if not isinstance(net, MLP):
        raise ValueError(f"net: expected a helpers.network.MLP, got {type(net).__name__}")
    if net.output != "sigmoid":
        raise ValueError(f"net: expected a sigmoid output (as deep.deep_network builds), got "
                         f"{net.output!r}")
    hidden = net.layer_sizes[1:-1]
    if len(set(hidden)) > 1:
        raise ValueError(f"net: skips need hidden layers of one width, got widths {hidden}")


def residual_pass(net, X, Y, skips=True, norm=None):
    """One forward and backward pass of ``net`` with a skip around hidden layers 2 to L - 1
    (``skips``) and, with ``norm`` "batch" or "layer", that normalisation (gamma 1, beta 0)
    between every hidden layer's ``W a + b`` and its activation; cross-entropy loss.

    Returns ``(cache, dZ)`` in the form of ``deep.deltas``: ``Z_l`` is ``W_l a + b_l`` (before
    any normalisation) and ``dZ_l`` its per-example error (no 1/m), the error of W_l."""
    from .normalisation import _denormalise, _normalise
    _check_net(net)
    if norm not in (None, "batch", "layer"):
        raise ValueError(f"norm: expected None, 'batch' or 'layer', got {norm!r}")
    X = V.as_matrix(X, "X", rows=net.layer_sizes[0])
    Y = V.as_matrix(Y, "Y", rows=1)
    V.binary_labels(Y, "Y")
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"Y: expected {X.shape[1]} columns (one per example of X), got "
                         f"{Y.shape[1]}")
    g, dg = ACTIVATIONS[net.activation]
    L, P = net.n_layers, net.params
    cache, normed = {"A0": X}, {}
    for l in range(1, L + 1):
        Z = P[f"W{l}"] @ cache[f"A{l - 1}"] + P[f"b{l}"]
        if l == L:
            A = sigmoid(Z)
        else:
            U = Z
            if norm is not None:
                n = Z.shape[0]
                U, normed[l] = _normalise(Z, np.ones((n, 1)), np.zeros((n, 1)), 1e-5, norm)
            cache[f"U{l}"] = U
            A = g(U) + (cache[f"A{l - 1}"] if skips and l > 1 else 0.0)     # the skip
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    dZ = {f"dZ{L}": cache[f"A{L}"] - Y}                          # sigmoid + cross-entropy
    dA = P[f"W{L}"].T @ dZ[f"dZ{L}"]
    for l in range(L - 1, 0, -1):
        dU = dA * dg(cache[f"U{l}"])
        dZ[f"dZ{l}"] = _denormalise(dU, normed[l])[0] if norm is not None else dU
        branch = P[f"W{l}"].T @ dZ[f"dZ{l}"]
        dA = dA + branch if skips and l > 1 else branch           # identity path + branch
    return cache, dZ


def residual_statistics(net, X, Y, skips=True, norm=None):
    """``deep.layer_statistics`` for ``net`` run with skips and/or a normalisation (see
    ``residual_pass``), plus ``u_std``: the spread of each hidden activation's input (after
    the normalisation, when there is one; the last entry is the output layer's z)."""
    with one_blas_thread():
        cache, dZ = residual_pass(net, X, Y, skips, norm)
        stats = _statistics(net, cache, dZ)
        L = net.n_layers
        stats["u_std"] = np.array([float(cache[f"U{l}"].std()) for l in range(1, L)]
                                  + [float(cache[f"Z{L}"].std())])
        return stats

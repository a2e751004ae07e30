"""Notebook 01's exercises: one layer's forward pass, and a 2-layer network on a batch.

Column convention: ``A_prev`` / ``X`` (n_{l-1}, m), ``W`` (n_l, n_{l-1}), ``b`` (n_l, 1).
"""
import numpy as np

from ..activations import sigmoid
from . import Case, Mistake, check


def _draw(seed, *shapes):
    """Arrays of the given shapes from their own seed: each case stands alone (fixed cases, the
    same feedback on every machine, whatever was drawn before)."""
    rng = np.random.default_rng(seed)
    return tuple(rng.standard_normal(shape) for shape in shapes)


_LAYER_CASES = [
    Case(_draw(101, (3, 4), (4, 5), (3, 1)), label="a layer of 3 units with 4 inputs, 5 examples"),
    Case((np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]]),
          np.array([[0.1], [-0.2]])), label="a square 2-by-2 layer, 3 examples"),
    Case(_draw(102, (2, 3), (3, 1), (2, 1)), label="one example as a column"),
]
_NET_CASES = [
    Case(_draw(103, (4, 6), (3, 4), (3, 1), (2, 3), (2, 1)),
         label="a 4-3-2 network on 6 examples"),
    Case((np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]]),
          np.array([[3.0, -1.0], [2.0, 4.0]]), np.array([[-1.0], [0.5]]),
          np.array([[2.0, -3.0]]), np.array([[0.25]])), label="a 2-2-1 network on XOR's inputs"),
]


def reference_layer_forward(W, A_prev, b):
    """sigma(W @ A_prev + b): (n_l, m)."""
    return sigmoid(W @ A_prev + b)


_LAYER_MISTAKES = [
    Mistake("returned_z", lambda W, A, b: W @ A + b,
            message="you returned Z = W @ A_prev + b: the layer's output is A = σ(Z)"),
    Mistake("missing_bias", lambda W, A, b: sigmoid(W @ A), bias="b",
            formula="Z = W @ A_prev + b"),
    Mistake("bias_outside", lambda W, A, b: sigmoid(W @ A) + b, formula="A = σ(W @ A_prev + b)"),
    Mistake("row_convention", lambda W, A, b: sigmoid(A.T @ W.T + b.T),
            message="transposed result: you used the row convention A_prev.T @ W.T, giving shape "
                    "(m, n_l); in the column convention Z = W @ A_prev is (n_l, m)"),
    Mistake("sign", lambda W, A, b: 1 / (1 + np.exp(W @ A + b)),
            message="wrong sign in the sigmoid: σ(z) = 1 / (1 + exp(-z)), with the minus sign "
                    "in the exponent"),
    Mistake("W_transposed", lambda W, A, b: sigmoid(W.T @ A + b),
            message="you used W.T (the transposed matrix): W[j, k] joins input k to unit j, so "
                    "Z = W @ A_prev"),
    Mistake("tanh_for_sigmoid", lambda W, A, b: np.tanh(W @ A + b), where="this layer uses"),
    Mistake("bias_subtracted", lambda W, A, b: sigmoid(W @ A - b), bias="b"),
    Mistake("relu_for_sigmoid", lambda W, A, b: np.maximum(0.0, W @ A + b),
            message="that is ReLU, max(0, z): this layer uses the sigmoid σ(z) = "
                    "1 / (1 + exp(-z))"),
    Mistake("missing_one", lambda W, A, b: np.exp(W @ A + b),
            message="that is exp(z) (1 / exp(-z)): the 1 + is missing in the sigmoid's "
                    "denominator, σ(z) = 1 / (1 + exp(-z))"),
]


def check_layer_forward(layer_forward):
    """Check ``layer_forward(W, A_prev, b)``: names a missing sigma, bias, transpose, ..."""
    return check(layer_forward, _LAYER_CASES, "layer_forward", reference_layer_forward,
                 _LAYER_MISTAKES)


def reference_two_layer_forward(X, W1, b1, W2, b2, *, act1=sigmoid, act2=sigmoid, feed_z=False,
                                bias1=True, bias2=True):
    """A2 = sigma(W2 @ sigma(W1 @ X + b1) + b2): (n_2, m). Keywords give the typical mistakes
    (``bias1=-1`` subtracts b1 instead of adding it)."""
    Z1 = W1 @ X + float(bias1) * b1
    A1 = act1(Z1)
    return act2(W2 @ (Z1 if feed_z else A1) + float(bias2) * b2)


def _no(z):
    return z


_R = reference_two_layer_forward
_NET_MISTAKES = [
    Mistake("z_for_a", lambda *a: _R(*a, feed_z=True), z="Z1", a="A1",
            formula="layer 2 takes the activations A1 = σ(Z1), not Z1"),
    Mistake("returned_z2", lambda *a: _R(*a, act2=_no),
            message="you returned Z2: the network's output is A2 = σ(Z2)"),
    Mistake("no_sigma", lambda *a: _R(*a, act1=_no, act2=_no),
            message="no σ anywhere: both layers must apply σ (A1 = σ(Z1), A2 = σ(Z2)); without it "
                    "two layers collapse into one linear map"),
    Mistake("no_hidden_sigma", lambda *a: _R(*a, act1=_no),
            message="the hidden layer has no σ: A1 = σ(W1 @ X + b1)"),
    Mistake("wrong_layer", lambda X, W1, b1, W2, b2: sigmoid(W1 @ X + b1),
            used="A1 (the hidden layer's output)", needed="A2",
            formula="feed A1 through layer 2"),
    Mistake("transposed", lambda *a: _R(*a).T,
            message="transposed result: the output is (n_2, m), one column per example"),
    Mistake("no_biases", lambda *a: _R(*a, bias1=False, bias2=False),
            message="both biases are missing: Z = W @ A + b"),
    Mistake("missing_bias", lambda *a: _R(*a, bias2=False), bias="b2 of layer 2"),
    Mistake("missing_bias", lambda *a: _R(*a, bias1=False), bias="b1 of layer 1"),
    Mistake("bias_subtracted", lambda *a: _R(*a, bias1=-1, bias2=-1),
            message="both biases are subtracted: Z = W @ A + b adds them"),
    Mistake("bias_subtracted", lambda *a: _R(*a, bias2=-1), bias="b2 of layer 2"),
    Mistake("bias_subtracted", lambda *a: _R(*a, bias1=-1), bias="b1 of layer 1"),
    Mistake("tanh_for_sigmoid", lambda *a: _R(*a, act1=np.tanh, act2=np.tanh),
            where="both layers use"),
    Mistake("tanh_for_sigmoid", lambda *a: _R(*a, act1=np.tanh),
            where="the hidden layer uses", formula="A1 = σ(Z1)"),
    Mistake("tanh_for_sigmoid", lambda *a: _R(*a, act2=np.tanh),
            where="the output layer uses", formula="A2 = σ(Z2)"),
    Mistake("thresholded", lambda *a: (_R(*a) > 0.5).astype(float),
            message="you returned 0/1 class predictions (A2 > 0.5): the network's output is "
                    "the probability A2 = σ(Z2) itself, before any threshold"),
]


def check_two_layer_forward(two_layer_forward):
    """Check ``two_layer_forward(X, W1, b1, W2, b2)``: names Z fed forward, Z2 returned, ..."""
    return check(two_layer_forward, _NET_CASES, "two_layer_forward",
                 reference_two_layer_forward, _NET_MISTAKES)

"""Notebook 01's exercises: one layer's forward pass, and a 2-layer network on a batch.

Column convention: ``A_prev`` / ``X`` (n_{l-1}, m), ``W`` (n_l, n_{l-1}), ``b`` (n_l, 1).
"""
import numpy as np

from ..activations import sigmoid
from . import run_cases

_rng = np.random.default_rng(101)          # fixed cases: the same feedback on every machine
# (W, A_prev, b): a 3-by-4 layer on 5 examples, a square 2-by-2 layer (where W.T @ A runs and
# gives wrong numbers), and a single example as one column
_LAYER_CASES = [
    (_rng.standard_normal((3, 4)), _rng.standard_normal((4, 5)), _rng.standard_normal((3, 1))),
    (np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.5]]),
     np.array([[0.1], [-0.2]])),
    (_rng.standard_normal((2, 3)), _rng.standard_normal((3, 1)), _rng.standard_normal((2, 1))),
]
# (X, W1, b1, W2, b2): document 001's shape 4 -> 2 (and a 2-2-1 XOR-like net), batches of m
_NET_CASES = [
    (_rng.standard_normal((4, 6)), _rng.standard_normal((2, 4)), _rng.standard_normal((2, 1)),
     _rng.standard_normal((1, 2)), _rng.standard_normal((1, 1))),
    (np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]]),
     np.array([[3.0, -1.0], [2.0, 4.0]]), np.array([[-1.0], [0.5]]),
     np.array([[2.0, -3.0]]), np.array([[0.25]])),
]


def reference_layer_forward(W, A_prev, b):
    """sigma(W @ A_prev + b): (n_l, m)."""
    return sigmoid(W @ A_prev + b)


def check_layer_forward(layer_forward):
    """Check ``layer_forward(W, A_prev, b)``: names a missing sigma, bias, transpose, ..."""
    cases = []
    for W, A_prev, b in _LAYER_CASES:
        Z = W @ A_prev + b
        mistakes = [
            (Z, "you returned Z = W @ A_prev + b: the layer's output is A = σ(Z)"),
            (sigmoid(W @ A_prev), "the bias b is missing: Z = W @ A_prev + b"),
            (sigmoid(W @ A_prev) + b, "the bias goes inside σ: A = σ(W @ A_prev + b)"),
            ((sigmoid(A_prev.T @ W.T + b.T)),
             "transposed result: you used the row convention A_prev.T @ W.T, giving shape "
             "(m, n_l); in the column convention Z = W @ A_prev is (n_l, m)"),
            (1 / (1 + np.exp(Z)), "wrong sign in the sigmoid: σ(z) = 1 / (1 + exp(-z))"),
        ]
        if W.shape[0] == W.shape[1]:
            mistakes.append((sigmoid(W.T @ A_prev + b),
                             "you used W.T (the transposed matrix): W[j, k] joins input k to "
                             "unit j, so Z = W @ A_prev"))
        cases.append(((W, A_prev, b), reference_layer_forward(W, A_prev, b), mistakes))
    return run_cases(layer_forward, cases, "layer_forward")


def reference_two_layer_forward(X, W1, b1, W2, b2):
    """A2 = sigma(W2 @ sigma(W1 @ X + b1) + b2): (n_2, m)."""
    return sigmoid(W2 @ sigmoid(W1 @ X + b1) + b2)


def check_two_layer_forward(two_layer_forward):
    """Check ``two_layer_forward(X, W1, b1, W2, b2)``: names Z fed forward, Z2 returned, ..."""
    cases = []
    for X, W1, b1, W2, b2 in _NET_CASES:
        Z1 = W1 @ X + b1
        A1 = sigmoid(Z1)
        Z2 = W2 @ A1 + b2
        mistakes = [
            (sigmoid(W2 @ Z1 + b2),
             "z used where a was needed: layer 2 takes the activations A1 = σ(Z1), not Z1"),
            (Z2, "you returned Z2: the network's output is A2 = σ(Z2)"),
            (W2 @ Z1 + b2, "no σ anywhere: both layers must apply σ (A1 = σ(Z1), A2 = σ(Z2)); "
                           "without it two layers collapse into one linear map"),
            (A1, "you returned the hidden layer's A1: feed it through layer 2"),
            (sigmoid(W2 @ A1 + b2).T, "transposed result: the output is (n_2, m), one column "
                                      "per example"),
            (sigmoid(W2 @ sigmoid(W1 @ X) ), "both biases are missing: Z = W @ A + b"),
            (sigmoid(W2 @ sigmoid(W1 @ X + b1)), "the bias b2 of layer 2 is missing"),
            (sigmoid(W2 @ sigmoid(W1 @ X) + b2), "the bias b1 of layer 1 is missing"),
        ]
        cases.append(((X, W1, b1, W2, b2), reference_two_layer_forward(X, W1, b1, W2, b2),
                      mistakes))
    return run_cases(two_layer_forward, cases, "two_layer_forward")

"""Solutions for notebook 01 (the forward pass). Column convention: one example per column."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def layer_forward(W, A_prev, b):
    """A = sigma(W @ A_prev + b): W (n_l, n_{l-1}), A_prev (n_{l-1}, m), b (n_l, 1)."""
    Z = W @ A_prev + b              # (n_l, m); b is broadcast across the m columns
    return sigmoid(Z)


def two_layer_forward(X, W1, b1, W2, b2):
    """A2 = sigma(W2 @ sigma(W1 @ X + b1) + b2): X (n_0, m) -> A2 (n_2, m)."""
    A1 = layer_forward(W1, X, b1)   # (n_1, m)
    return layer_forward(W2, A1, b2)

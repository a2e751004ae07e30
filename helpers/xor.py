"""Notebook 01's 2-2-1 sigmoid network for XOR, with its nine numbers named one by one.

Notebook 01 sets the weights by hand (sliders, then a search) before any training exists, so
this network is written out for exactly that case; ``helpers.network.MLP`` is the general one
(``MLP([2, 2, 1])`` with these ``params`` computes the same ``A2``).
"""
import numpy as np

from .activations import sigmoid


def xor_params(w1_11, w1_12, w1_21, w1_22, b1_1, b1_2, w2_11, w2_12, b2):
    """Nine numbers as ``W1`` (2, 2), ``b1`` (2, 1), ``W2`` (1, 2), ``b2`` (1, 1) (notebook 01's
    sliders: ``w1_jk`` is the weight from input k to hidden unit j)."""
    return {"W1": np.array([[w1_11, w1_12], [w1_21, w1_22]], dtype=float),
            "b1": np.array([[b1_1], [b1_2]], dtype=float),
            "W2": np.array([[w2_11, w2_12]], dtype=float),
            "b2": np.array([[b2]], dtype=float)}


def xor_forward(params, X):
    """Forward pass of the 2-2-1 sigmoid network on X (2, m): returns A1 (2, m), A2 (1, m)."""
    A1 = sigmoid(params["W1"] @ X + params["b1"])                       # (2, m)
    A2 = sigmoid(params["W2"] @ A1 + params["b2"])                      # (1, m)
    return A1, A2

"""Solutions for notebook 04."""
import numpy as np


def small_backward_by_hand():
    # x = (2, 1), W1 = (0.5, -1), b1 = 0, W2 = 2, b2 = -1, y = 1; sigmoid units, cross-entropy
    z1 = 0.5 * 2 + (-1.0) * 1 + 0.0              # = 0
    a1 = 0.5                                     # sigma(0)
    z2 = 2 * a1 - 1                              # = 0
    a2 = 0.5
    dz2 = a2 - 1                                 # sigma' cancels with cross-entropy
    dz1 = 2 * dz2 * a1 * (1 - a1)                # W2 * dz2 * sigma'(z1)
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": 0.6931, "dz2": dz2,
            "dW2": dz2 * a1, "db2": dz2, "dz1": dz1, "dW1": [dz1 * 2, dz1 * 1], "db1": dz1}


def layer_backward(dZ, A_prev, W, Z_prev):
    m = dZ.shape[1]
    dW = dZ @ A_prev.T / m                                   # (n_l, n_{l-1})
    db = dZ.sum(axis=1, keepdims=True) / m                   # (n_l, 1)
    dZ_prev = (W.T @ dZ) * A_prev * (1 - A_prev)             # (n_{l-1}, m)
    return dW, db, dZ_prev

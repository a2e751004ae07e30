"""Solutions for notebook 04."""
import numpy as np


def small_backward_by_hand():
    # x = (1.5, -0.5), W1 = (0.8, -0.4), b1 = 0.2, W2 = 1.2, b2 = -0.3, y = 1;
    # sigmoid units, binary cross-entropy
    sigma = lambda z: 1 / (1 + np.exp(-z))        # noqa: E731
    z1 = 0.8 * 1.5 + (-0.4) * (-0.5) + 0.2       # = 1.6
    a1 = sigma(z1)                               # 0.8320
    z2 = 1.2 * a1 - 0.3                          # 0.6984
    a2 = sigma(z2)                               # 0.6678
    dz2 = a2 - 1                                 # sigma' cancels with cross-entropy
    dz1 = 1.2 * dz2 * a1 * (1 - a1)              # W2 * dz2 * sigma'(z1)
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": -np.log(a2), "dz2": dz2,
            "dW2": dz2 * a1, "db2": dz2, "dz1": dz1, "dW1": [dz1 * 1.5, dz1 * (-0.5)],
            "db1": dz1}


def layer_backward(dZ, A_prev, W, Z_prev):
    m = dZ.shape[1]
    dW = dZ @ A_prev.T / m                                   # (n_l, n_{l-1})
    db = dZ.sum(axis=1, keepdims=True) / m                   # (n_l, 1)
    dZ_prev = (W.T @ dZ) * A_prev * (1 - A_prev)             # (n_{l-1}, m)
    return dW, db, dZ_prev

"""Solutions for notebook 02 (loss functions). A, Z and Y have shape (n_outputs, m)."""
import numpy as np


def bce_loss(A, Y):
    """-(1/m) sum over outputs and examples of [y log a + (1 - y) log(1 - a)], one number:
    each example's loss is the sum over its outputs, the batch's the mean over the examples."""
    m = A.shape[1]                                  # examples are the columns
    return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m


def mse_grad_z(Z, Y):
    """dZ, the per-example error dL/dz of 1/2 (sigma(z) - y)^2: (A - Y) A (1 - A), no 1/m.

    The 1/m of the averaged loss enters dW = dZ @ A_prev.T / m and db, not dZ.
    """
    A = 1 / (1 + np.exp(-Z))
    return (A - Y) * A * (1 - A)

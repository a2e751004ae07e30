"""Notebook 02's exercises: the averaged cross-entropy, and the squared error's gradient in z.

Column convention: predictions ``A``, logits ``Z`` and targets ``Y`` have shape (1, m).
"""
import numpy as np

from ..activations import sigmoid, dsigmoid
from . import run_cases

_rng = np.random.default_rng(202)          # fixed cases: the same feedback on every machine
_BCE_CASES = [
    (np.array([[0.9, 0.2, 0.7, 0.4]]), np.array([[1.0, 0.0, 1.0, 0.0]])),
    (np.array([[0.3, 0.6, 0.8, 0.1, 0.5, 0.95]]), np.array([[1.0, 1.0, 0.0, 0.0, 1.0, 1.0]])),
    (np.array([[0.25]]), np.array([[1.0]])),
]
_GRAD_CASES = [
    (np.array([[-4.0, -1.0, 0.5, 2.0, 3.0]]), np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])),
    (np.round(_rng.normal(0, 2, (1, 8)), 2), np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])),
]


def reference_bce_loss(A, Y):
    """-(1/m) sum_i [y_i log a_i + (1 - y_i) log(1 - a_i)]: one number."""
    m = A.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def check_bce_loss(bce_loss):
    """Check ``bce_loss(A, Y)``: names a missing 1/m, sign, term, per-example result, ..."""
    cases = []
    for A, Y in _BCE_CASES:
        m = A.shape[1]
        per_example = -(Y * np.log(A) + (1 - Y) * np.log(1 - A))         # (1, m)
        total = float(per_example.sum())
        mistakes = [
            (total, "missing 1/m: you summed the m examples' losses; the loss is their "
                    "average (divide by m)"),
            (-total / m, "wrong sign: log a < 0 for 0 < a < 1, so the loss needs the leading "
                         "minus to be positive"),
            (total / m ** 2, "divided by m twice (np.mean already divides by m)"),
            (per_example, "you returned one loss per example, shape (1, m): average them into "
                          "one number"),
            (float(-np.sum(Y * np.log(A)) / m),
             "the (1 - y) log(1 - a) term is missing: examples with y = 0 add no loss at all"),
            (float(-np.sum(Y * np.log(1 - A) + (1 - Y) * np.log(A)) / m),
             "the logs are swapped: y goes with log a, (1 - y) with log(1 - a)"),
            (float(np.sum(0.5 * (A - Y) ** 2) / m),
             "that is the squared error 1/2 (a - y)^2, not the cross-entropy"),
        ]
        cases.append(((A, Y), reference_bce_loss(A, Y), mistakes))
    return run_cases(bce_loss, cases, "bce_loss")


def reference_mse_grad_z(Z, Y):
    """d/dZ of (1/m) sum 1/2 (sigma(z_i) - y_i)^2: (A - Y) * A (1 - A) / m, shape (1, m)."""
    A = sigmoid(Z)
    return (A - Y) * A * (1 - A) / Z.shape[1]


def check_mse_grad_z(mse_grad_z):
    """Check ``mse_grad_z(Z, Y)``: names a forgotten sigma', z used for a, a missing 1/m, ..."""
    cases = []
    for Z, Y in _GRAD_CASES:
        m = Z.shape[1]
        A = sigmoid(Z)
        mistakes = [
            ((A - Y) / m, "forgotten σ': with the squared error the chain rule multiplies "
                          "dL/da = a - y by da/dz = σ'(z) = a (1 - a); a - y alone is what "
                          "cross-entropy gives"),
            ((A - Y) * A * (1 - A), "missing 1/m: the loss averages over m examples, so each "
                                    "dL/dz_i carries a factor 1/m"),
            ((A - Y) * Z * (1 - Z) / m, "z used where a was needed: σ'(z) = a (1 - a) with "
                                        "a = σ(z), not z (1 - z)"),
            ((Z - Y) * A * (1 - A) / m, "z used where a was needed: the error is a - y "
                                        "(prediction minus target), not z - y"),
            ((A - Y) * dsigmoid(A) / m, "σ' evaluated at a: σ'(z) = σ(z)(1 - σ(z)) takes z; "
                                        "from a use a (1 - a) directly"),
            ((Y - A) * A * (1 - A) / m, "wrong sign: dL/da = a - y (prediction minus target), "
                                        "not y - a"),
            (((A - Y) * A * (1 - A) / m).T, "transposed: the gradient has Z's shape (1, m)"),
        ]
        cases.append(((Z, Y), reference_mse_grad_z(Z, Y), mistakes))
    return run_cases(mse_grad_z, cases, "mse_grad_z")

"""Notebook 02's exercises: the averaged cross-entropy, and the squared error's error delta dZ.

Column convention: predictions ``A``, logits ``Z`` and targets ``Y`` have shape (1, m).
``dZ`` is the series' per-example error dL/dz of ONE example, with no 1/m: the 1/m enters
dW and db (notebook 00's notation table).
"""
import numpy as np

from ..activations import dsigmoid, sigmoid
from . import Case, Mistake, check

_rng = np.random.default_rng(202)          # fixed cases: the same feedback on every machine
_BCE_CASES = [
    Case((np.array([[0.9, 0.2, 0.7, 0.4]]), np.array([[1.0, 0.0, 1.0, 0.0]])),
         label="4 examples"),
    Case((np.array([[0.3, 0.6, 0.8, 0.1, 0.5, 0.95]]),
          np.array([[1.0, 1.0, 0.0, 0.0, 1.0, 1.0]])), label="6 examples"),
    Case((np.array([[0.25]]), np.array([[1.0]])), label="one example"),
]
_GRAD_CASES = [
    Case((np.array([[-4.0, -1.0, 0.5, 2.0, 3.0]]), np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])),
         label="5 examples"),
    Case((np.round(_rng.normal(0, 2, (1, 8)), 2),
          np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])), label="8 examples"),
]


def reference_bce_loss(A, Y):
    """-(1/m) sum_i [y_i log a_i + (1 - y_i) log(1 - a_i)]: one number."""
    m = A.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def _per_example(A, Y, log=np.log):
    return -(Y * log(A) + (1 - Y) * log(1 - A))


_BCE_MISTAKES = [
    Mistake("missing_1/m", lambda A, Y: float(_per_example(A, Y).sum()),
            message="missing 1/m: you summed the m examples' losses; the loss is their average "
                    "(divide by m)"),
    Mistake("sign", lambda A, Y: -reference_bce_loss(A, Y),
            why="log a < 0 for 0 < a < 1, so the loss needs the leading minus to be positive"),
    Mistake("doubled_1/m", lambda A, Y: reference_bce_loss(A, Y) / A.shape[1]),
    Mistake("per_example", lambda A, Y: _per_example(A, Y),
            message="you returned one loss per example, shape (1, m): average them into one "
                    "number"),
    Mistake("missing_term", lambda A, Y: float(-np.sum(Y * np.log(A)) / A.shape[1]),
            message="the (1 - y) log(1 - a) term is missing: examples with y = 0 add no loss "
                    "at all"),
    Mistake("swapped_logs", lambda A, Y: float(-np.sum(Y * np.log(1 - A)
                                                       + (1 - Y) * np.log(A)) / A.shape[1]),
            message="the logs are swapped: y goes with log a, (1 - y) with log(1 - a)"),
    Mistake("log_base", lambda A, Y: float(_per_example(A, Y, np.log10).mean())),
    Mistake("squared_error", lambda A, Y: float(np.sum(0.5 * (A - Y) ** 2) / A.shape[1]),
            message="that is the squared error 1/2 (a - y)^2, not the cross-entropy"),
]


def check_bce_loss(bce_loss):
    """Check ``bce_loss(A, Y)``: names a missing 1/m, sign, term, log base, per-example result."""
    return check(bce_loss, _BCE_CASES, "bce_loss", reference_bce_loss, _BCE_MISTAKES,
                 number=True, m=lambda A, Y: A.shape[1])


def reference_mse_grad_z(Z, Y):
    """dZ = dL/dz per example for L = 1/2 (sigma(z) - y)^2: (A - Y) * A (1 - A), shape (1, m).

    No 1/m: ``dZ`` is the series' per-example error; the 1/m of the averaged loss enters
    dW = dZ @ A_prev.T / m and db.
    """
    A = sigmoid(Z)
    return (A - Y) * A * (1 - A)


def _a(Z):
    return sigmoid(Z)


_GRAD_MISTAKES = [
    Mistake("extra_1/m", lambda Z, Y: reference_mse_grad_z(Z, Y) / Z.shape[1], what="dZ"),
    Mistake("missing_sigma_prime", lambda Z, Y: _a(Z) - Y,
            message="forgotten σ': with the squared error the chain rule multiplies dL/da = a - y "
                    "by da/dz = σ'(z) = a (1 - a); a - y alone is what cross-entropy gives"),
    Mistake("z_one_minus_z", lambda Z, Y: (_a(Z) - Y) * Z * (1 - Z)),
    Mistake("z_for_a", lambda Z, Y: (Z - Y) * _a(Z) * (1 - _a(Z)), z="z", a="a",
            formula="the error is a - y (prediction minus target), not z - y"),
    Mistake("sigma_prime_of_a", lambda Z, Y: (_a(Z) - Y) * dsigmoid(_a(Z))),
    Mistake("sign", lambda Z, Y: (Y - _a(Z)) * _a(Z) * (1 - _a(Z)),
            why="dL/da = a - y (prediction minus target), not y - a"),
    Mistake("transposed", lambda Z, Y: reference_mse_grad_z(Z, Y).T,
            message="transposed: dZ has Z's shape (1, m)"),
    Mistake("summed", lambda Z, Y: reference_mse_grad_z(Z, Y).sum(),
            message="you summed over the examples: dZ keeps one entry per example, shape (1, m)"),
]


def check_mse_grad_z(mse_grad_z):
    """Check ``mse_grad_z(Z, Y)``: names a forgotten sigma', z used for a, a 1/m too many, ..."""
    return check(mse_grad_z, _GRAD_CASES, "mse_grad_z", reference_mse_grad_z, _GRAD_MISTAKES,
                 what="mse_grad_z matches the reference on all 2 test cases (dZ per example, "
                      "no 1/m).")

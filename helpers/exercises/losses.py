"""Notebook 02's exercises: the cross-entropy of several yes/no outputs, and the squared
error's per-example error dZ.

Column convention: predictions ``A``, logits ``Z`` and targets ``Y`` have shape
(n_outputs, m), one column per example. The loss of one example is the SUM over its outputs
(as in ``helpers.losses``); the loss of the batch is the AVERAGE over the m examples.
``dZ`` is the series' per-example error dL/dz of ONE example, with no 1/m: the 1/m enters
dW and db (notebook 00's notation table).
"""
import numpy as np

from ..activations import dsigmoid, sigmoid
from . import Case, Mistake, check

_rng = np.random.default_rng(202)          # fixed cases: the same feedback on every machine
# Case 1 has one output, so every mistake a (1, m) answer shows is named there first; case 2
# has three outputs, where "np.mean over everything" and the axes start to matter.
_BCE_CASES = [
    Case((np.array([[0.9, 0.2, 0.7, 0.4]]), np.array([[1.0, 0.0, 1.0, 0.0]])),
         label="one output, 4 examples"),
    Case((np.array([[0.3, 0.6, 0.8, 0.1], [0.5, 0.95, 0.2, 0.7], [0.65, 0.35, 0.9, 0.15]]),
          np.array([[1.0, 1.0, 0.0, 0.0], [1.0, 1.0, 0.0, 1.0], [0.0, 0.0, 1.0, 0.0]])),
         label="3 outputs, 4 examples"),
    Case((np.array([[0.25], [0.6]]), np.array([[1.0], [0.0]])), label="2 outputs, one example"),
]
_GRAD_CASES = [
    Case((np.array([[-4.0, -1.0, 0.5, 2.0, 3.0]]), np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])),
         label="5 examples"),
    Case((np.round(_rng.normal(0, 2, (1, 8)), 2),
          np.array([[0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]])), label="8 examples"),
]


def _entries(A, Y, log=np.log):
    """-[y log a + (1 - y) log(1 - a)] for every output of every example, (n_outputs, m)."""
    return -(Y * log(A) + (1 - Y) * log(1 - A))


def reference_bce_loss(A, Y):
    """-(1/m) sum over examples AND outputs of [y log a + (1 - y) log(1 - a)]: one number.

    Each example's loss is the sum of its outputs' cross-entropies; the batch's is their mean.
    """
    return float(_entries(A, Y).sum() / A.shape[1])


def _m(A):
    return A.shape[1]


_AXES = ("the outputs are the rows (axis 0), the examples the columns (axis 1): add the "
         "outputs, average over the examples, e.g. np.sum(...) / A.shape[1]")
_BCE_MISTAKES = [
    Mistake("missing_1/m", lambda A, Y: float(_entries(A, Y).sum()),
            message="missing 1/m: you summed the m examples' losses; the loss is their average "
                    "(divide by m, the number of columns)"),
    Mistake("sign", lambda A, Y: -reference_bce_loss(A, Y),
            why="log a < 0 for 0 < a < 1, so the loss needs the leading minus to be positive"),
    Mistake("one_term_sign", lambda A, Y: float((-Y * np.log(A) + (1 - Y) * np.log(1 - A))
                                                .sum() / _m(A)),
            message="the minus sign reaches the first term only: -y log a + (1 - y) log(1 - a) "
                    "rewards the y = 0 examples; the minus covers both terms, "
                    "-(y log a + (1 - y) log(1 - a))"),
    Mistake("one_term_sign_2", lambda A, Y: float((Y * np.log(A) - (1 - Y) * np.log(1 - A))
                                                  .sum() / _m(A)),
            message="the minus sign reaches the second term only: y log a - (1 - y) log(1 - a) "
                    "rewards the y = 1 examples; the minus covers both terms, "
                    "-(y log a + (1 - y) log(1 - a))"),
    Mistake("doubled_1/m", lambda A, Y: reference_bce_loss(A, Y) / _m(A)),
    Mistake("wrong_axis", lambda A, Y: _entries(A, Y).mean(axis=0),
            message="reduced over the wrong axis: axis 0 runs over the outputs (the rows), so "
                    "np.mean(..., axis=0) or np.sum(..., axis=0) leaves one number per example, "
                    "shape (m,); " + _AXES),
    Mistake("unreduced", lambda A, Y: _entries(A, Y),
            message="you returned one loss per example and output, shape (n_outputs, m), "
                    "unreduced: add the outputs and average over the examples into one number"),
    Mistake("per_output", lambda A, Y: _entries(A, Y).mean(axis=1),
            message="you returned one average per output, shape (n_outputs,): each example's "
                    "loss is the SUM of its outputs' losses; add these averages into one number"),
    Mistake("mean_of_all", lambda A, Y: float(_entries(A, Y).mean()),
            message="you averaged over all n_outputs × m entries (np.mean does that): the loss "
                    "of one example is the SUM of its outputs' cross-entropies, and only the "
                    "m examples are averaged; " + _AXES),
    Mistake("missing_term", lambda A, Y: float(-np.sum(Y * np.log(A)) / _m(A)),
            message="the (1 - y) log(1 - a) term is missing: entries with y = 0 add no loss "
                    "at all"),
    Mistake("swapped_logs", lambda A, Y: float(-np.sum(Y * np.log(1 - A)
                                                       + (1 - Y) * np.log(A)) / _m(A)),
            message="the logs are swapped: y goes with log a, (1 - y) with log(1 - a)"),
    Mistake("log_base", lambda A, Y: float(_entries(A, Y, np.log10).sum() / _m(A))),
    Mistake("log_base_mean", lambda A, Y: float(_entries(A, Y, np.log10).mean()),
            message="that is log10: the loss uses the natural log, np.log"),
    Mistake("squared_error", lambda A, Y: float(np.sum(0.5 * (A - Y) ** 2) / _m(A)),
            message="that is the squared error 1/2 (a - y)^2, not the cross-entropy"),
]


def check_bce_loss(bce_loss):
    """Check ``bce_loss(A, Y)`` for (n_outputs, m) arrays: names a missing 1/m, the sign (of
    both terms or one), a missing term, the log base, the wrong axis, an unreduced result."""
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


_HALF = ("L = ½(a - y)² keeps its ½ so that it cancels the 2 of the power: "
         "dL/da = a - y")
_GRAD_MISTAKES = [
    Mistake("extra_1/m", lambda Z, Y: reference_mse_grad_z(Z, Y) / Z.shape[1], what="dZ"),
    Mistake("extra_2", lambda Z, Y: 2 * reference_mse_grad_z(Z, Y),
            message="twice the right value: 2 (a - y) is the derivative of (a - y)² without "
                    "the ½ (a ½ missing from the loss, or the 2 of the power kept); " + _HALF),
    Mistake("extra_half", lambda Z, Y: 0.5 * reference_mse_grad_z(Z, Y),
            message="half the right value: an extra ½; the ½ of the loss is already used up "
                    "cancelling the 2 of the power, so " + _HALF),
    Mistake("missing_sigma_prime", lambda Z, Y: _a(Z) - Y,
            message="forgotten σ': with the squared error the chain rule multiplies dL/da = a - y "
                    "by da/dz = σ'(z) = a (1 - a); a - y alone is what cross-entropy gives"),
    Mistake("extra_2_no_sigma_prime", lambda Z, Y: 2 * (_a(Z) - Y),
            message="2 (a - y) is dL/da of (a - y)² without the ½, and the factor da/dz = σ'(z) "
                    "= a (1 - a) is missing; " + _HALF + ", then multiply by a (1 - a)"),
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
    """Check ``mse_grad_z(Z, Y)``: names a forgotten sigma', z used for a, a 1/m too many, an
    extra 2 or ½, ..."""
    return check(mse_grad_z, _GRAD_CASES, "mse_grad_z", reference_mse_grad_z, _GRAD_MISTAKES,
                 what="mse_grad_z matches the reference on both test cases (dZ per example, "
                      "no 1/m).")

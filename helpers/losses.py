"""Loss functions averaged over m examples, and their gradients with respect to the prediction.

Column convention: predictions ``A`` and targets ``Y`` have shape (n_outputs, m).

Each gradient is of the *averaged* loss, so it already carries the 1/m. Predictions of
exactly 0 or 1 are handled: the logs are taken of values raised to at least the dtype's
smallest normal number (2.2e-308 for float64, so the floor changes no honest value), and
``ce_from_logits`` works from logits so +-1000 gives finite numbers.
"""
import numpy as np

from . import _validate as V

_TINY = np.finfo(np.float64).tiny   # floor for divisions by a probability


def _pair(A, Y, labels=None, logits=False):
    """A and Y as float arrays of one shape; with ``labels`` (a check of Y) the targets are
    checked too, and so, unless A holds ``logits``, is A being probabilities."""
    A = V.as_matrix(A, "A")
    Y = V.as_matrix(Y, "Y")
    V.same_shape(Y, "Y", A.shape, "the prediction A's shape")
    if labels is not None:
        if not logits:
            V.probabilities(A)
        labels(Y)
    return A, Y


def _log(x):
    """log of x raised to at least the smallest normal number of x's dtype (2.2e-308 for
    float64)."""
    return np.log(np.maximum(x, np.finfo(x.dtype).tiny))


# The raw losses: no validation, any float dtype in and out. The public functions below
# validate once and call these; gradient checks in extended precision call them directly.
def mse_elementwise(A, Y):
    """Each entry's squared error with document 002's 1/2, (a - y)^2 / 2, not summed: what a
    figure of the loss against a or z draws (any shapes that broadcast; no validation)."""
    return 0.5 * (A - Y) ** 2


def bce_logits_elementwise(Z, Y):
    """Each entry's binary cross-entropy of sigmoid(z) from the logit z, not summed:
    max(z, 0) - z y + log(1 + exp(-|z|)), finite for every finite z (no validation)."""
    return np.maximum(Z, 0) - Z * Y + np.log1p(np.exp(-np.abs(Z)))


def mse_raw(A, Y):
    return 0.5 * np.sum((A - Y) ** 2) / A.shape[1]


def bce_raw(A, Y):
    return -np.sum(Y * _log(A) + (1 - Y) * _log(1 - A)) / A.shape[1]


def ce_raw(A, Y):
    return -np.sum(Y * _log(A)) / A.shape[1]


def mse(A, Y):
    """Mean squared error with document 002's 1/2: (1/m) sum 1/2 (a - y)^2.

    .. math:: L = \\frac{1}{m} \\sum_{i,k} \\tfrac12 (a_{ki} - y_{ki})^2
    """
    A, Y = _pair(A, Y)
    return float(mse_raw(A, Y))


def dmse(A, Y):
    """Gradient of ``mse`` with respect to A: (A - Y) / m, shape (n_outputs, m)."""
    A, Y = _pair(A, Y)
    return (A - Y) / A.shape[1]


def bce(A, Y):
    """Binary cross-entropy: -(1/m) sum [y log a + (1 - y) log(1 - a)].

    A must hold probabilities in [0, 1] and Y labels 0 or 1. Finite for a = 0 or 1 (at most
    708.4 per wrong example).
    """
    A, Y = _pair(A, Y, V.binary_labels)
    return float(bce_raw(A, Y))


def dbce(A, Y):
    """Gradient of ``bce`` with respect to A: (1/m) (a - y) / (a (1 - a)), kept finite."""
    A, Y = _pair(A, Y, V.binary_labels)
    denom = np.clip(A * (1 - A), _TINY, None)
    return (A - Y) / denom / A.shape[1]


def ce(A, Y):
    """Categorical cross-entropy of softmax probabilities A for one-hot Y: -(1/m) sum y log a."""
    A, Y = _pair(A, Y, V.one_hot)
    return float(ce_raw(A, Y))


def dce(A, Y):
    """Gradient of ``ce`` with respect to the probabilities A: -(1/m) y / a, kept finite."""
    A, Y = _pair(A, Y, V.one_hot)
    return -Y / np.clip(A, _TINY, None) / A.shape[1]


def ce_from_logits(Z, Y):
    """Softmax cross-entropy computed from logits Z with log-sum-exp: finite for any finite Z."""
    Z, Y = _pair(Z, Y, V.one_hot, logits=True)
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return float(-np.sum(Y * log_probs) / Z.shape[1])


def bce_from_logits(Z, Y):
    """Binary cross-entropy from logits: (1/m) sum [max(z,0) - z y + log(1 + exp(-|z|))]."""
    Z, Y = _pair(Z, Y, V.binary_labels, logits=True)
    return float(np.sum(bce_logits_elementwise(Z, Y)) / Z.shape[1])


#: name -> (loss, gradient with respect to the prediction)
LOSSES = {"mse": (mse, dmse), "bce": (bce, dbce), "ce": (ce, dce)}
#: name -> unvalidated loss that keeps its inputs' dtype
RAW_LOSSES = {"mse": mse_raw, "bce": bce_raw, "ce": ce_raw}

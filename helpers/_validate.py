"""Input checks shared by the public entry points.

Every check raises ``ValueError`` whose message names the argument, what it got and what was
expected, so a student never meets a bare numpy broadcasting error. The checks run once per
public call (``forward``, ``backward``, a loss), never inside a hot loop.
"""
import numpy as np


def as_matrix(value, name, rows=None, allow_nonfinite=False, dtype=np.float64):
    """Return ``value`` as a 2-D float array, or raise a ValueError that says what to fix.

    Parameters
    ----------
    value : array_like
        The array to check, in the column convention: one column per example.
    name : str
        The argument's name, used in the message.
    rows : int, optional
        The number of rows the array must have (features or units).
    allow_nonfinite : bool
        Accept NaN and inf (default False).
    dtype : numpy dtype or None
        The array's dtype (default float64); None keeps a float array's own precision
        (float32, longdouble) and turns anything else into float64.
    """
    try:
        arr = np.asarray(value, dtype=dtype)
        if arr.dtype.kind != "f":
            arr = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected an array of numbers, got "
                         f"{type(value).__name__}") from None
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = (f"; a 1-D vector of length {arr.shape[0]} is ambiguous: use "
                    f"{name}.reshape(-1, 1) for one example as a column, or "
                    f"{name}.reshape(1, -1) for one row of m examples")
        raise ValueError(f"{name}: expected a 2-D array (rows, m examples), got shape "
                         f"{arr.shape}{hint}")
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(f"{name}: expected {rows} rows (shape ({rows}, m)), got shape "
                         f"{arr.shape}")
    if arr.shape[1] == 0:
        raise ValueError(f"{name}: expected at least one example (column), got shape {arr.shape}")
    if not allow_nonfinite and not np.isfinite(arr).all():
        n_bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name}: expected finite numbers, got {n_bad} NaN or inf "
                         f"value(s)")
    return arr


def same_shape(value, name, shape, what):
    """Raise unless ``value`` has exactly ``shape``; ``what`` says whose shape it must match."""
    got = value.shape if isinstance(value, np.ndarray) else np.shape(value)
    if got != tuple(shape):
        raise ValueError(f"{name}: expected shape {tuple(shape)} ({what}), got shape "
                         f"{np.shape(value)}")


def choice(value, name, options):
    """Raise unless ``value`` is one of ``options`` (an unhashable value such as a list is not,
    rather than a TypeError from ``in``)."""
    try:
        known = value in options
    except TypeError:
        known = False
    if not known:
        raise ValueError(f"{name}: expected one of {sorted(options)}, got {value!r}")
    return value


def binary_labels(Y, name="Y"):
    """Raise unless every entry of ``Y`` is 0 or 1 (binary cross-entropy's targets)."""
    bad = (Y != 0) & (Y != 1)
    if np.any(bad):
        example = Y[bad].flat[0]
        raise ValueError(f"{name}: binary cross-entropy expects labels in {{0, 1}}, got "
                         f"{int(bad.sum())} other value(s), e.g. {example!r}")


def one_hot(Y, name="Y"):
    """Raise unless every column of ``Y`` is one-hot (categorical cross-entropy's targets)."""
    ok = np.all((Y == 0) | (Y == 1), axis=0) & (Y.sum(axis=0) == 1)
    if not np.all(ok):
        col = int(np.flatnonzero(~ok)[0])
        raise ValueError(f"{name}: cross-entropy expects one-hot columns (a single 1, the rest "
                         f"0), got {int((~ok).sum())} column(s) that are not, first at column "
                         f"{col}: {Y[:, col].tolist()}")


def positive_int(value, name):
    """Raise unless ``value`` is a positive integer."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{name}: expected a positive integer, got {value!r}")
    return int(value)


def is_number(value):
    """True for a real number (int, float, numpy number), False for a bool or anything else:
    ``True`` is an int to Python, never a learning rate to a student."""
    return not isinstance(value, (bool, np.bool_)) and \
        isinstance(value, (int, float, np.integer, np.floating))


def positive_float(value, name):
    """Raise unless ``value`` is a finite number > 0 (not a bool); return it as a float."""
    if not is_number(value) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name}: expected a finite number > 0, got {value!r}")
    return float(value)


def non_negative_float(value, name):
    """Raise unless ``value`` is a finite number >= 0 (not a bool); return it as a float."""
    if not is_number(value) or not np.isfinite(value) or value < 0:
        raise ValueError(f"{name}: expected a finite number >= 0, got {value!r}")
    return float(value)


def in_interval(value, name, low, high, closed="[)", what="a number"):
    """Raise unless ``value`` is a number in the interval from ``low`` to ``high``; ``closed``
    says which ends belong to it: ``"[)"`` (a drop rate, a decay rate), ``"(]"`` (a factor),
    ``"[]"`` or ``"()"``; ``what`` names the kind of number in the message. Returns a float."""
    inside = is_number(value) and np.isfinite(value) and \
        (low <= value if closed[0] == "[" else low < value) and \
        (value <= high if closed[1] == "]" else value < high)
    if not inside:
        raise ValueError(f"{name}: expected {what} in {closed[0]}{low:g}, {high:g}{closed[1]}, "
                         f"got {value!r}")
    return float(value)


def boolean(value, name):
    """Raise unless ``value`` is True or False (a string such as "no" is neither)."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name}: expected True or False, got {value!r}")
    return bool(value)


def seed(value, name="seed"):
    """Raise unless ``value`` is a seed numpy accepts: an integer >= 0, a Generator or None."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name}: expected an integer >= 0 (or a numpy Generator), got "
                         f"{value!r}")
    return int(value)


def layer_sizes(value, name="layer_sizes"):
    """Raise unless ``value`` is a sequence of at least two positive integers; return a list."""
    sizes = list(value) if np.ndim(value) == 1 else None
    if not sizes or len(sizes) < 2:
        raise ValueError(f"{name}: expected a list of at least two positive integers "
                         f"[n_inputs, ..., n_outputs], got {value!r}")
    return [positive_int(n, f"{name}[{i}]") for i, n in enumerate(sizes)]


def probabilities(A, name="A"):
    """Raise unless every entry of ``A`` is in [0, 1] (a sigmoid's or softmax's output)."""
    bad = (A < 0) | (A > 1)
    if np.any(bad):
        raise ValueError(f"{name}: expected probabilities in [0, 1], got {int(bad.sum())} "
                         f"value(s) outside, e.g. {A[bad].flat[0]!r}")

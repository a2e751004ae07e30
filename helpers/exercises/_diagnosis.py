"""Typical mistakes, and the comparison of one returned value with the right one.

A *mistake* is a transformation of the reference: the answer a student who makes it would
return, with the message to give when the student's answer equals it. The registry
:data:`TYPICAL` holds the series' standard wording for the mistakes every checker meets, so
the same mistake reads the same in every notebook; a checker builds a :class:`Mistake` from a
registry key and its own formula, or writes a message of its own.
"""
import warnings

import numpy as np

#: key -> standard message; ``{...}`` fields are filled from the Mistake's keyword words
TYPICAL = {
    "transpose": "it is the transpose of the right answer: {hint}",
    "W_for_WT": "W used where W.T is needed: the error flows back through the transpose",
    "missing_1/m": "the 1/m is missing: the loss averages over the m examples",
    "doubled_1/m": "divided by m twice (np.mean already divides by m)",
    "extra_1/m": "you divided by m: {what} is per example; the 1/m enters dW and db",
    "missing_sigma_prime": "the factor σ'(z) is forgotten",
    "extra_sigma_prime": "an extra factor σ'(z) = a (1 - a): {why}",
    "sigma_prime_of_a": "σ' evaluated at a: σ'(z) = σ(z)(1 - σ(z)) takes z; from a use "
                        "a (1 - a) directly",
    "z_one_minus_z": "z (1 - z) is wrong: the shortcut a (1 - a) needs the activation a, not z",
    "z_for_a": "{z} used where {a} is needed",
    "wrong_layer": "{used} used where {needed} is needed (the wrong layer's value)",
    "sign": "wrong sign: {why}",
    "missing_bias": "the bias {bias} is missing",
    "bias_outside": "the bias goes inside σ",
    "unsummed_bias": "not summed over the examples: the bias gradient has shape (n, 1)",
    "summed_wrong_axis": "summed over the units (axis=0); sum over the examples, axis=1",
    "missing_keepdims": "keepdims is missing: the sum has shape (n,), the bias gradient "
                        "needs (n, 1)",
    "log_base": "that is log10: the loss uses the natural log, np.log",
    "bias_subtracted": "the bias {bias} is subtracted: Z = W @ A + b adds it",
    "tanh_for_sigmoid": "that is tanh: {where} the sigmoid σ(z) = 1 / (1 + exp(-z))",
    "returned_tuple": "you returned {what}: return only {name}",
    "missing_lr": "the learning rate is missing: step by learning_rate times the gradient",
    "scalar_factor": "every entry is {ratio} times the right one: a constant factor is missing "
                     "or extra ({candidates}?)",
}


class Mistake:
    """One typical wrong answer: ``answer(*args)`` computes it from a case's inputs.

    Parameters
    ----------
    key : str
        A :data:`TYPICAL` key (standard message) or any short name of your own.
    answer : callable
        Takes the case's arguments, returns what a student making this mistake returns
        (the whole output: a tuple or dict when the exercise returns one). Usually the
        reference with one thing changed: ``lambda W, A, b: reference(W, A, b, bias=False)``.
    message : str, optional
        Overrides the registry's wording.
    formula : str, optional
        Appended to the message after a colon (``"dW = dZ @ A_prev.T / m"``).
    **words
        Fill the registry message's fields (``z="Z1", a="A1"``).
    """

    def __init__(self, key, answer, message=None, *, formula=None, **words):
        if message is None:
            if key not in TYPICAL:
                raise ValueError(f"key: {key!r} is not in TYPICAL and no message was given "
                                 f"(known keys: {', '.join(TYPICAL)})")
            message = TYPICAL[key].format(**words)
        self.key, self.answer = key, answer
        self.message = f"{message}: {formula}" if formula else message

    def __repr__(self):
        return f"Mistake({self.key!r}: {self.message!r})"


def as_number_array(value):
    """``value`` as a float array, or None when it is not (real, finite-sized) numbers.

    Never raises: whatever a student returns (strings, objects whose ``__float__`` raises,
    ints too large for a float, complex numbers, ragged lists) gives None."""
    if isinstance(value, (str, bytes, dict)) or value is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if np.iscomplexobj(value):
                return None
            arr = np.asarray(value, dtype=np.float64)
    except Exception:                                  # anything a student can hand back
        return None
    return arr


def close(got, expected, rtol=1e-6, atol=1e-9, number=False):
    """Equal shape and values; a size-1 ``got`` equals a number (``number`` or 0-d expected)."""
    got, expected = as_number_array(got), as_number_array(expected)
    if got is None or expected is None:
        return False
    if (number or expected.ndim == 0) and got.size == 1 and expected.size == 1:
        got, expected = got.reshape(()), expected.reshape(())
    with np.errstate(all="ignore"):
        return (got.shape == expected.shape
                and bool(np.allclose(got, expected, rtol=rtol, atol=atol)))


def fmt(value, limit=24):
    """A value as the student would print it: numbers to 6 digits, small arrays in full."""
    arr = as_number_array(value)
    if arr is None:
        try:
            text = repr(value)
        except Exception:
            text = "(cannot be shown)"
        return f"{type(value).__name__} {text}"[:200]
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    if arr.size > limit:
        return f"array of shape {arr.shape}"
    with np.printoptions(precision=4, suppress=True):
        return np.array2string(arr, separator=", ")


def short(value):
    """A value in one short line: a number in full, a small vector or matrix (up to 6
    entries) in full, anything larger by its shape."""
    arr = as_number_array(value)
    if arr is not None and arr.ndim and arr.size > 6:
        return f"array of shape {arr.shape}"
    return fmt(value, 6)


def position(index, ndim):
    """``row 1, column 4 (index [0, 3])``: the maths' 1-based numbering, then numpy's index
    into the student's own array."""
    if ndim == 1:
        return f"entry {index[0] + 1} (index [{index[0]}])"
    if ndim == 2:
        return (f"row {index[0] + 1}, column {index[1] + 1} "
                f"(index [{index[0]}, {index[1]}])")
    return "index [" + ", ".join(str(i) for i in index) + "]"


def _ratio(got, expected):
    """The constant c with got = c * expected, if there is one (c not 0 or 1)."""
    mask = np.abs(expected) > 1e-12
    if not mask.any() or np.any(np.abs(got[~mask]) > 1e-12):
        return None
    ratios = got[mask] / expected[mask]
    c = float(ratios.flat[0])
    if c == 0 or np.isclose(c, 1.0) or not np.allclose(ratios, c, rtol=1e-6):
        return None
    return c


def compare(got, expected, known=(), *, m=None, factors=(), number=False, rtol=1e-6,
            atol=1e-9, reveal=True):
    """None when ``got`` is right, else ``(message, rows)`` saying what is wrong.

    ``known`` lists (wrong value, message) pairs tried first. Then the generic diagnoses on
    the output: shape (transpose, keepdims, unsummed, arrangement), sign, a factor m or 1/m
    (only when ``m``, the batch size, is part of the exercise), a constant factor (only when
    ``factors`` names the constants the exercise has, e.g. ``("1/m", "the learning rate")``),
    and last the first wrong entry, by its position in the student's own array. ``rows`` are
    (label, text) pairs for the Feedback's failing-case layout (short: shapes, small values).
    ``reveal=False`` (answers worked out by hand) never shows an expected number.
    """
    with np.errstate(all="ignore"):
        return _compare(got, expected, known, m=m, factors=factors, number=number, rtol=rtol,
                        atol=atol, reveal=reveal)


def _not_numbers(got):
    if isinstance(got, (tuple, list)) and got and all(
            isinstance(g, np.ndarray) or np.isscalar(g) for g in got):
        return (f"expected one array, got a {type(got).__name__} of {len(got)} values (their "
                f"shapes differ, so they are not one array)")
    if isinstance(got, (complex, np.complexfloating)) or (
            isinstance(got, np.ndarray) and np.iscomplexobj(got)):
        return "expected real numbers, got complex ones (a square root or log of a negative?)"
    return f"expected numbers, got {type(got).__name__}"


def _compare(got, expected, known, *, m, factors, number, rtol, atol, reveal):
    exp = np.asarray(expected, dtype=np.float64)
    arr = as_number_array(got)
    if arr is None or arr.dtype == object:
        return _not_numbers(got), []
    if close(arr, exp, rtol, atol, number):
        return None
    rows = [(label, short(value)) for label, value in (("expected", exp), ("returned", arr))
            if value.size <= 6 and (reveal or label == "returned")]
    for value, message in known:
        if close(arr, value, rtol, atol, number):
            return message, rows
    if arr.shape != exp.shape and not (arr.size == 1 and exp.size == 1 and (number or
                                                                          exp.ndim == 0)):
        return _shape_message(arr, exp, rtol, atol), [("expected shape", str(exp.shape)),
                                                      ("returned shape", str(arr.shape))]
    if arr.size == 1 and exp.size == 1:
        arr, exp = arr.reshape(exp.shape), exp
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))
        idx = tuple(int(i) for i in bad[0])
        value = float(arr[idx]) if arr.ndim else float(arr)
        where = f" at {position(idx, arr.ndim)}" if arr.ndim else ""
        kind = "nan" if np.isnan(value) else "inf"
        cause = ("a 0/0, an inf - inf, or a log/sqrt of a negative number" if kind == "nan"
                 else "a division by 0, a log(0), or exp of a large number")
        what = (f"the returned value is {kind} (the right one is finite)" if arr.size == 1 else
                f"{len(bad)} of the {arr.size} returned entries {'is' if len(bad) == 1 else 'are'}"
                f" {kind}{where} (the right ones are finite)")
        return f"{what}: look for {cause}", rows
    if close(-arr, exp, rtol, atol):
        if arr.size == 1:
            return "wrong sign: it is the negative of the right value", rows
        return "wrong sign: every entry is the negative of the right one", rows
    if m is not None and m != 1:
        if close(arr, exp * m, rtol, atol):
            return TYPICAL["missing_1/m"], rows
        if close(arr, exp / m, rtol, atol):
            return TYPICAL["doubled_1/m"], rows
    ratio = _ratio(arr, exp) if factors and exp.size > 1 else None
    if ratio is not None:
        return TYPICAL["scalar_factor"].format(ratio=f"{ratio:.4g}",
                                               candidates=" or ".join(factors)), rows
    if arr.ndim == 0:
        if not reveal:
            return f"not the right value (you have {fmt(arr)})", rows
        return f"wrong value: expected {fmt(exp)}, got {fmt(arr)}", rows
    diff = np.abs(arr - exp)
    diff[np.isnan(diff)] = np.inf
    wrong_at = np.abs(arr - exp) > atol + rtol * np.abs(exp)
    idx = tuple(int(i) for i in np.argwhere(wrong_at)[0]) if wrong_at.any() else tuple(
        int(i) for i in np.unravel_index(int(np.argmax(diff)), diff.shape))
    where = position(idx, arr.ndim)
    count = int(wrong_at.sum())
    verb = "is" if count == 1 else "are"
    of = f" ({count} of the {arr.size} entries {verb} wrong)" if arr.size > 1 else ""
    if arr.size > 1 and count == arr.size:                  # "15 of the 15" reads as a slip
        of = " (both entries are wrong)" if count == 2 else f" (all {count} entries are wrong)"
    if not reveal:
        rows.append(("first wrong", f"{where}: you have {float(arr[idx]):.6g}"))
        return (f"not the right values, e.g. at {where}, where you have {float(arr[idx]):.6g}"
                f"{of}"), rows
    rows.append(("first wrong", f"{where}: expected {float(exp[idx]):.6g}, got "
                                f"{float(arr[idx]):.6g}"))
    return (f"wrong values, e.g. at {where}: expected {float(exp[idx]):.6g}, got "
            f"{float(arr[idx]):.6g}{of}"), rows


def _shape_message(arr, exp, rtol, atol):
    head = f"wrong shape: expected {exp.shape}, got {arr.shape}"
    if arr.T.shape == exp.shape:
        if close(arr.T, exp, rtol, atol):
            return TYPICAL["transpose"].format(hint=f"expected shape {exp.shape}, got "
                                               f"{arr.shape}: drop or move the .T, or swap "
                                               f"the factors of the product")
        return head + " (it looks transposed: check the order of the factors and the .T)"
    if arr.size == exp.size and close(arr.reshape(exp.shape), exp, rtol, atol):
        if exp.ndim == 2 and exp.shape[1] == 1 and arr.ndim == 1:
            return TYPICAL["missing_keepdims"].replace("(n,)", str(arr.shape)).replace(
                "(n, 1)", str(exp.shape)) + ": sum with keepdims=True (or reshape)"
        return head + " (the right numbers, arranged differently: check reshape/keepdims)"
    if (exp.ndim == 2 and exp.shape[1] == 1 and arr.ndim == 2 and arr.shape[0] == exp.shape[0]
            and arr.shape[1] > 1):
        return head + ": one column per example, not summed over the examples (axis=1)"
    if arr.size == exp.size:
        return head + " (same number of entries, different arrangement: check reshape)"
    return head


def diagnose(got, expected, name, known_mistakes=(), rtol=1e-6, atol=1e-9, *, m=None,
             factors=(), number=False, reveal=True):
    """``"<name>: <what is wrong>"``, or None when ``got`` is right (the one-value form of
    :func:`compare`, kept for checkers that compare numbers they did not compute by a call)."""
    result = compare(got, expected, known_mistakes, m=m, factors=factors, number=number,
                     rtol=rtol, atol=atol, reveal=reveal)
    return None if result is None else f"{name}: {result[0]}"

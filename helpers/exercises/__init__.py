"""Exercise checkers that name the mistake.

An exercise is a stub the student fills in between ``# --- your code here ---`` markers; an
untouched stub returns ``None``. A checker runs the student's function on several cases and
returns a :class:`Feedback`, which the notebook displays. Untouched stubs give
"not attempted yet" and raise nothing, so every notebook runs top to bottom as shipped.

This module holds the machinery every notebook's checkers share; the checkers themselves live
in one module per notebook (``exercises.forward``, ``exercises.losses`` ...).
"""
import numpy as np

CORRECT, WRONG, NOT_ATTEMPTED = "correct", "wrong", "not attempted"


class Feedback:
    """The outcome of a checker: ``status`` (correct / wrong / not attempted) and a message.

    Displays as its message, so a notebook cell ending in ``check_...(my_function)`` shows
    the feedback and nothing else.
    """

    def __init__(self, status, message):
        self.status = status
        self.message = message

    @property
    def passed(self):
        return self.status == CORRECT

    def __repr__(self):
        mark = {CORRECT: "✔", WRONG: "✘", NOT_ATTEMPTED: "…"}[self.status]
        return f"{mark} {self.message}"

    __str__ = __repr__


def correct(what):
    return Feedback(CORRECT, f"Correct: {what}")


def wrong(message):
    return Feedback(WRONG, message)


def not_attempted(name):
    return Feedback(NOT_ATTEMPTED, f"{name}: not attempted yet (fill in the code between the "
                                   f"'# --- your code here ---' markers, then run this cell again)")


def _close(a, b, rtol, atol):
    return np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=rtol, atol=atol)


def diagnose(got, expected, name, known_mistakes=(), rtol=1e-6, atol=1e-9):
    """Compare ``got`` with ``expected`` and say what is wrong, or None when it is right.

    Parameters
    ----------
    got, expected : array_like
    name : str
        What the value is called in the exercise (``"dW1"``), used in the message.
    known_mistakes : iterable of (array, message)
        What typical wrong answers would produce, with the message to give if ``got``
        matches one (e.g. the result without sigma', "you forgot the factor sigma'(z)").

    The generic diagnoses come after the specific ones: shape (and transpose), sign, a
    factor of m or 1/m, a factor of 2 or 1/2.
    """
    expected = np.asarray(expected, dtype=np.float64)
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"{name}: expected an array of numbers, got {type(got).__name__}"
    if _close(got_arr, expected, rtol, atol):
        return None
    for wrong_value, message in known_mistakes:
        if _close(got_arr, np.asarray(wrong_value, dtype=np.float64), rtol, atol):
            return f"{name}: {message}"
    if got_arr.shape != expected.shape:
        if got_arr.T.shape == expected.shape:
            hint = (" (it looks transposed: check the order of the factors and where the .T "
                    "goes)")
            if _close(got_arr.T, expected, rtol, atol):
                hint = " (it is the transpose of the right answer: drop or move the .T)"
        elif got_arr.size == expected.size:
            hint = " (same numbers of entries, different arrangement: check reshape or keepdims)"
        else:
            hint = ""
        return f"{name}: wrong shape: expected {expected.shape}, got {got_arr.shape}{hint}"
    if _close(-got_arr, expected, rtol, atol):
        return f"{name}: wrong sign: every entry is the negative of the right one"
    ratio = _common_ratio(got_arr, expected)
    if ratio is not None:
        for factor, text in ((2.0, "twice"), (0.5, "half")):
            if np.isclose(ratio, factor, rtol=1e-6):
                return (f"{name}: {text} the right value: a factor 2 or 1/2 is off (the 1/2 of "
                        f"the squared error?)")
        return (f"{name}: every entry is {ratio:.4g} times the right one: a constant factor "
                f"is missing or extra (1/m? the learning rate?)")
    diff = np.abs(got_arr - expected)
    idx = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    where = f" at index {tuple(int(i) for i in idx)}" if idx else ""
    return (f"{name}: wrong values{where}: expected {float(expected[idx]):.6g}, got "
            f"{float(got_arr[idx]):.6g}")


def _common_ratio(got, expected):
    """The constant c with got = c * expected, if there is one (and c is not 1 or 0)."""
    mask = np.abs(expected) > 1e-12
    if not mask.any() or np.any(np.abs(got[~mask]) > 1e-12):
        return None
    ratios = got[mask] / expected[mask]
    c = float(ratios.flat[0])
    if c == 0 or np.isclose(c, 1.0) or not np.allclose(ratios, c, rtol=1e-6):
        return None
    return c


def run_cases(student_fn, cases, name):
    """Call ``student_fn(*args)`` on each case and diagnose the result.

    ``cases`` is a list of ``(args, expected, known_mistakes)``; returns a Feedback. Any
    exception in the student's code is reported as feedback, never raised.
    """
    for i, (args, expected, mistakes) in enumerate(cases, start=1):
        try:
            got = student_fn(*[np.copy(a) if isinstance(a, np.ndarray) else a for a in args])
        except Exception as exc:                        # the student's bug, reported not raised
            return wrong(f"{name}: your function raised {type(exc).__name__}: {exc} "
                         f"(test case {i} of {len(cases)})")
        if got is None:
            return not_attempted(name)
        problem = diagnose(got, expected, name, mistakes)
        if problem:
            return wrong(f"{problem} (test case {i} of {len(cases)})")
    return correct(f"{name} matches the reference on all {len(cases)} test cases.")

"""Calling a student's function safely: time-out, untouched stub vs forgotten ``return``,
numpy errors translated into the student's terms, inputs checked for in-place changes."""
import contextlib
import copy
import dis
import linecache
import os
import re
import signal
import sys
import threading
from dataclasses import dataclass, field

import numpy as np

from ._feedback import Feedback, not_attempted, wrong

_NUMPY_DIR = os.path.dirname(np.__file__)
_HERE = os.path.dirname(__file__)


class _TimedOut(BaseException):
    """Raised in the student's code by the alarm (BaseException: ``except Exception`` in the
    student's code does not swallow it)."""


@dataclass
class Outcome:
    """What one call of the student's function gave.

    ``feedback`` is set when the call already decides the verdict (an exception, a time-out,
    an untouched stub, a forgotten ``return``, an input changed in place): return it as is.
    Otherwise ``value`` is what the function returned.
    """
    value: object = None
    feedback: Feedback | None = None
    printed: str = ""
    mutated: list = field(default_factory=list)


def is_stub(fn):
    """True when ``fn``'s body does nothing but return None (``return None``, ``pass``, ``...``,
    comments, a docstring): an exercise as shipped. Decided from the bytecode, so it works for
    functions defined in a notebook cell and for lambdas alike."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return False
    for ins in dis.get_instructions(code):
        if ins.opname in ("RESUME", "NOP", "RETURN_VALUE"):
            continue
        if ins.opname in ("LOAD_CONST", "RETURN_CONST") and ins.argval is None:
            continue
        return False
    return True


class _Tee:
    """Passes writes through to the real stdout and remembers them."""

    def __init__(self, out):
        self.out, self.parts = out, []

    def write(self, text):
        self.parts.append(text)
        return self.out.write(text) if self.out is not None else len(text)

    def flush(self):
        if self.out is not None:
            self.out.flush()


@contextlib.contextmanager
def _alarm(seconds):
    """Raise _TimedOut in this (main) thread after ``seconds``; a no-op elsewhere."""
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def handler(signum, frame):
        raise _TimedOut
    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _student_frame(tb):
    """The innermost traceback frame outside numpy and this package: the student's line."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not (filename.startswith(_NUMPY_DIR) or filename.startswith(_HERE)):
            found = tb
        tb = tb.tb_next
    return found


def _shapes_in_line(frame, line):
    """``name (shape)`` for every array-valued name that occurs in ``line``."""
    shown, seen = [], set()
    for word in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", line):
        if word in seen:
            continue
        seen.add(word)
        value = frame.f_locals.get(word, frame.f_globals.get(word))
        if isinstance(value, np.ndarray):
            shown.append(f"{word} {value.shape}")
    return ", ".join(shown)


_OPERAND = r"([A-Za-z_][A-Za-z_0-9]*(?:\.T)?)"


def _mismatched_products(frame, line):
    """``W.T (4, 3) @ A_prev (5, 4)`` for each simple ``P @ Q`` in the line whose inner sizes
    differ (names looked up in the frame, ``.T`` applied)."""
    def shape(word):
        value = frame.f_locals.get(word.removesuffix(".T"),
                                   frame.f_globals.get(word.removesuffix(".T")))
        if not isinstance(value, np.ndarray):
            return None
        return value.T.shape if word.endswith(".T") else value.shape
    found = []
    for left, right in re.findall(_OPERAND + r"\s*@\s*" + _OPERAND, line):
        a, b = shape(left), shape(right)
        if a and b and a[-1] != b[0 if len(b) == 1 else -2]:
            found.append(f"{left} {a} @ {right} {b}")
    return found


def explain_exception(exc, name):
    """A message for an exception raised inside the student's function, in their terms."""
    tb = _student_frame(exc.__traceback__)
    line, shapes = "", ""
    if tb is not None:
        line = linecache.getline(tb.tb_frame.f_code.co_filename, tb.tb_lineno).strip()
        shapes = _shapes_in_line(tb.tb_frame, line or " ".join(tb.tb_frame.f_locals))
    where = f" in the line `{line}`" if line else ""
    arrays = f" ({'there' if line else 'your arrays'}: {shapes})" if shapes else ""
    text = str(exc)
    if isinstance(exc, ValueError) and ("matmul" in text or "not aligned" in text):
        pairs = _mismatched_products(tb.tb_frame, line) if tb is not None and line else []
        if pairs:
            arrays = f" ({'; '.join(pairs)})"
        return (f"{name}: a matrix product{where} has shapes that do not line up{arrays}: for "
                f"P @ Q the number of columns of P must equal the number of rows of Q. A "
                f"transpose (.T) missing, extra or on the wrong factor is the usual cause.")
    if isinstance(exc, ValueError) and "broadcast" in text:
        found = re.findall(r"\(([\d, ]*)\)", text)
        pair = " and ".join(f"({s})" for s in found[:2]) if found else "two shapes"
        return (f"{name}: an element-wise operation{where} combines arrays of shapes {pair} "
                f"that numpy cannot match up{arrays}: one of them is probably transposed, "
                f"not summed, or the wrong array.")
    return f"{name}: your function raised {type(exc).__name__}: {exc}{where}"


def _changed(before, after):
    """The paths (``W``, ``params['W1']``) where ``after`` differs from ``before``."""
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in before:
            out += [f"[{key!r}]" + p for p in _changed(before[key], after.get(key))]
        return out
    if isinstance(before, (list, tuple)) and isinstance(after, (list, tuple)):
        out = []
        for i, (b, a) in enumerate(zip(before, after)):
            out += [f"[{i}]" + p for p in _changed(b, a)]
        return out
    if isinstance(before, np.ndarray):
        same = (isinstance(after, np.ndarray) and after.shape == before.shape
                and np.array_equal(after, before, equal_nan=True))
        return [] if same else [""]
    return []


def call_student(fn, args, name, *, arg_names=None, timeout=5.0, must_not_mutate=True):
    """Call ``fn(*args)`` on deep copies of ``args`` and return an :class:`Outcome`.

    Decides on the spot: an exception (numpy shape errors translated), a time-out (an endless
    loop), ``None`` from an untouched stub (not attempted) or from a function with code in it
    ("did you forget `return`?", mentioning what it printed), an argument changed in place
    (when ``must_not_mutate``). ``arg_names`` name the arguments in messages.
    """
    pristine = copy.deepcopy(args)
    given = copy.deepcopy(args)
    tee = _Tee(sys.stdout)
    try:
        with contextlib.redirect_stdout(tee), _alarm(timeout):
            value = fn(*given)
    except _TimedOut:
        return Outcome(feedback=wrong(f"{name}: still running after {timeout:g} s: is there a "
                                      f"loop that never ends?"))
    except Exception as exc:                           # the student's bug, reported not raised
        return Outcome(feedback=wrong(explain_exception(exc, name)))
    printed = "".join(tee.parts)
    outcome = Outcome(value=value, printed=printed)
    if value is None:
        if is_stub(fn):
            outcome.feedback = not_attempted(name)
        elif printed.strip():
            outcome.feedback = wrong(f"{name}: returned None but printed something: print shows "
                                     f"a value on the screen, return hands it back to the "
                                     f"checker. End with `return ...`.")
        else:
            outcome.feedback = wrong(f"{name}: returned None: did you forget `return`?")
        return outcome
    if must_not_mutate:
        names = list(arg_names or [f"argument {i + 1}" for i in range(len(args))])
        for i, (b, a) in enumerate(zip(pristine, given)):
            outcome.mutated += [names[i] + p for p in _changed(b, a)]
        if outcome.mutated:
            which = ", ".join(outcome.mutated)
            how = ("an in-place operator such as -= or +=, or an assignment into [...], writes "
                   "into the caller's array")
            fix = "write `x = x - ...` instead of `x -= ...`"
            if any("[" in path for path in outcome.mutated):
                how = ("assigning into the dict you were given, or -= on its arrays, changes "
                       "the caller's dict")
                fix = "build a new dict, e.g. `new = {}; new['W1'] = params['W1'] - ...`"
            outcome.feedback = wrong(f"{name}: your function changed its input {which} in "
                                     f"place ({how}); the exercise asks for new values: {fix}.")
    return outcome

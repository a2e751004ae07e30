"""Calling a student's function safely: time-out, untouched stub vs forgotten ``return``,
numpy errors translated into the student's terms, inputs checked for in-place changes."""
import builtins
import contextlib
import copy
import dis
import linecache
import os
import re
import signal
import sys
import sysconfig
import threading
from dataclasses import dataclass, field

import numpy as np

from ._feedback import Feedback, not_attempted, wrong

_NUMPY_DIR = os.path.dirname(np.__file__)
_HERE = os.path.dirname(__file__)
_HELPERS_DIR = os.path.dirname(_HERE)
#: installed libraries (SymPy, SciPy ...) and the standard library: a line in them is not the
#: student's, so an error raised deep inside SymPy quotes the student's call, not SymPy's code
_LIBRARY_DIRS = tuple(sorted({os.path.realpath(sysconfig.get_paths()[key])
                              for key in ("purelib", "platlib", "stdlib")}))

#: seconds a student's function may run per call before it counts as an endless loop. Change
#: it with :func:`set_timeout` (or the environment variable BACKPROP_CHECK_TIMEOUT); a
#: checker's own ``timeout=`` argument overrides it for that checker.
TIMEOUT = float(os.environ.get("BACKPROP_CHECK_TIMEOUT", "5"))
#: the extra time SymPy work gets (a student's expression, and the checker's proof of it)
SYMPY_TIMEOUT = float(os.environ.get("BACKPROP_SYMPY_TIMEOUT", "10"))


def set_timeout(seconds=None, *, sympy=None):
    """Set the time-out per call of a student's function (``seconds``) and of SymPy work
    (``sympy``); returns the previous pair, so a test can put them back."""
    global TIMEOUT, SYMPY_TIMEOUT
    previous = (TIMEOUT, SYMPY_TIMEOUT)
    for value, label in ((seconds, "seconds"), (sympy, "sympy")):
        if value is not None and not (isinstance(value, (int, float)) and value > 0):
            raise ValueError(f"{label}: expected a positive number of seconds, got {value!r}")
    if seconds is not None:
        TIMEOUT = float(seconds)
    if sympy is not None:
        SYMPY_TIMEOUT = float(sympy)
    return previous


def current_timeout(timeout=None, *, sympy=False):
    """``timeout`` when given, else the module's setting (read at call time)."""
    if timeout is not None:
        return timeout
    return SYMPY_TIMEOUT if sympy else TIMEOUT

#: the names the notebooks' set-up cells define (numpy as np, the helpers they import ...)
SETUP_NAMES = frozenset("""
    np plt sp math time warnings re sys SEED rng INIT series_seed
    plotting gradcheck losses bugzoo portable trace datasets deep autograd symbolic helpers
    sigmoid dsigmoid dsigmoid_from_a tanh dtanh relu drelu softmax sigmoid_np
    MLP SymbolicNetwork bias weight proves_zero equation zoo_problem SGD Adam ClipNorm
    evaluate train Tensor no_grad softmax_cross_entropy bound mean_squared_error
""".split())


def defined_by_setup(word):
    """True when ``word`` is a name the notebooks' set-up cells define (np, sp, sigmoid ...)."""
    return word in SETUP_NAMES


class _TimedOut(BaseException):
    """Raised in the student's code by the alarm (BaseException: ``except Exception`` in the
    student's code does not swallow it)."""


@dataclass
class Outcome:
    """What one call of the student's function gave.

    ``feedback`` is set when the call already decides the verdict (an exception, a time-out,
    an untouched stub, a forgotten ``return``, an input changed in place): return it as is.
    Otherwise ``value`` is what the function returned; ``warning`` (when not empty) is a note
    to add to the verdict (the inputs changed in place).
    """
    value: object = None
    feedback: Feedback | None = None
    printed: str = ""
    mutated: list = field(default_factory=list)
    warning: str = ""


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
    """The innermost traceback frame outside numpy, the helpers package (a ValueError a helper
    raises is about the student's call, not the helper's line) and installed libraries: the
    student's line."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not (filename.startswith(_NUMPY_DIR) or filename.startswith(_HELPERS_DIR + os.sep)
                or os.path.realpath(filename).startswith(_LIBRARY_DIRS)):
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
    try:
        text = str(exc)
    except Exception:
        text = f"({type(exc).__name__} whose message cannot be shown)"
    if isinstance(exc, NameError) and getattr(exc, "name", None):
        missing = exc.name
        if defined_by_setup(missing):
            return (f"{name}: the name `{missing}` is not defined{where}: it comes from the "
                    f"set-up cell: run the set-up cell at the top of the notebook first (then "
                    f"the cell defining your function, then this one)")
        if hasattr(builtins, missing):
            return f"{name}: your function raised NameError: {text}{where}"
        return (f"{name}: the name `{missing}` is not defined{where}: a typo, or a variable "
                f"that lives in another cell or function (pass it in, or define it inside "
                f"your function)")
    if isinstance(exc, RecursionError):
        return (f"{name}: your function calls itself without end (RecursionError){where}: did "
                f"a name inside it refer to the function itself?")
    if isinstance(exc, ValueError) and ("matmul" in text or "not aligned" in text):
        pairs = _mismatched_products(tb.tb_frame, line) if tb is not None and line else []
        if pairs:
            arrays = f" ({'; '.join(pairs)})"
        return (f"{name}: a matrix product{where} has shapes that do not line up{arrays}: for "
                f"P @ Q the number of columns of P must equal the number of rows of Q. A "
                f"transpose (.T) missing, extra or on the wrong factor is the usual cause.")
    if isinstance(exc, TypeError) and "ufunc" in text and "no callable" in text:
        function = re.search(r"no callable (\w+) method", text)
        function = function.group(1) if function else "exp"
        return (f"{name}: np.{function} works on numbers, not on SymPy symbols{where}: use "
                f"sp.{function}: SymPy's own functions (sp.exp, sp.log, sp.tanh ...) build "
                f"expressions")
    if isinstance(exc, ValueError) and "derivative wrt" in text:
        return (f"{name}: sp.diff differentiates with respect to a symbol, and you gave it an "
                f"expression{where}: z1_1 and the other z's and a's are expressions of the "
                f"weights and inputs. Write the derivative yourself (tanh'(z) = 1 - tanh(z)**2), "
                f"or differentiate in a fresh symbol t and substitute: "
                f"sp.diff(sp.tanh(t), t).subs(t, ...)")
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


def _timed_out_message(exc, name, timeout):
    """Where the time ran out: in a library's function the student called (SymPy's simplify
    can take minutes), or in the student's own code (an endless loop)."""
    tb, student, library = exc.__traceback__, None, None
    while tb is not None:                 # the first SymPy frame below the student's code
        filename = tb.tb_frame.f_code.co_filename
        if "sympy" + os.sep in filename or "mpmath" + os.sep in filename:
            if student is not None:
                library = tb.tb_frame.f_code.co_name
                break                     # deeper frames (functools, mpmath) are SymPy's
        elif not (filename.startswith(_NUMPY_DIR) or filename.startswith(_HERE)):
            student = tb
        tb = tb.tb_next
    line = ""
    if student is not None:
        line = linecache.getline(student.tb_frame.f_code.co_filename, student.tb_lineno).strip()
    if library is not None:
        call = f" (called in the line `{line}`)" if line else ""
        return (f"{name}: still working inside SymPy ({library}){call} after {timeout:g} s: "
                f"SymPy's simplify, expand and the like can take minutes on an expression this "
                f"size. The answer needs no simplifying: return the product of the factors as "
                f"it is, and the checker proves it equal.")
    where = f" (it was at the line `{line}`)" if line else ""
    return f"{name}: still running after {timeout:g} s{where}: is there a loop that never ends?"


def _kind(value):
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    return "None" if value is None else f"a {type(value).__name__}"


def call_student(fn, args, name, *, arg_names=None, timeout=None, must_not_mutate=True,
                 sympy=False):
    """Call ``fn(*args)`` on deep copies of ``args`` and return an :class:`Outcome`.

    Decides on the spot: not a function at all, an exception (numpy shape errors translated,
    a name from the set-up cell), a time-out (an endless loop, or SymPy still working), ``None``
    from an untouched stub (not attempted) or from a function with code in it ("did you forget
    `return`?", mentioning what it printed). An argument changed in place (looked for when
    ``must_not_mutate``) does not decide: ``Outcome.warning`` says so, and the checker accepts a
    right answer with that warning. ``arg_names`` name the arguments in messages; ``timeout``
    defaults to :data:`TIMEOUT` (:data:`SYMPY_TIMEOUT` when ``sympy``). Never raises.
    """
    timeout = current_timeout(timeout, sympy=sympy)
    if not callable(fn):
        return Outcome(feedback=wrong(
            f"{name}: expected your function, got {_kind(fn)}: pass the function itself, "
            f"without brackets after its name (check_...(my_function), not "
            f"check_...(my_function()))"))
    try:
        pristine = copy.deepcopy(args)
        given = copy.deepcopy(args)
    except Exception:                                  # arguments that cannot be copied
        pristine, given = None, args
    tee = _Tee(sys.stdout)
    try:
        with contextlib.redirect_stdout(tee), _alarm(timeout):
            value = fn(*given)
    except _TimedOut as exc:
        return Outcome(feedback=wrong(_timed_out_message(exc, name, timeout)))
    except (Exception, SystemExit) as exc:             # the student's bug, reported not raised
        if isinstance(exc, SystemExit):
            return Outcome(feedback=wrong(f"{name}: your function called exit() (SystemExit): "
                                          f"return a value instead"))
        try:
            message = explain_exception(exc, name)
        except Exception:
            message = f"{name}: your function raised {type(exc).__name__}"
        return Outcome(feedback=wrong(message))
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
    if must_not_mutate and pristine is not None:
        names = list(arg_names or [f"argument {i + 1}" for i in range(len(args))])
        names += [f"argument {i + 1}" for i in range(len(names), len(args))]
        try:
            for i, (b, a) in enumerate(zip(pristine, given)):
                outcome.mutated += [names[i] + p for p in _changed(b, a)]
        except Exception:
            outcome.mutated = []
        if outcome.mutated:
            outcome.warning = mutation_warning(outcome.mutated)
    return outcome


def mutation_warning(mutated, wrong=False):
    """The note for an answer that changed its inputs in place: harmless beside a right answer
    (which is accepted), possibly the bug beside a wrong one (``wrong=True``)."""
    which = ", ".join(mutated)
    how = ("an in-place operator such as -= or +=, or an assignment into [...], writes into "
           "the caller's array")
    fix = "`x = x - ...` instead of `x -= ...` leaves it alone"
    if any("[" in path for path in mutated):
        how = ("assigning into the dict you were given, or -= on its arrays, changes the "
               "caller's dict")
        fix = ("building a new dict, e.g. `new = {}; new['W1'] = params['W1'] - ...`, leaves "
               "it alone")
    if wrong:
        return (f"your function changed its input {which} in place ({how}): if it changed "
                f"{which} before using it, that may be why the values are wrong; {fix}")
    return (f"your function changed its input {which} in place ({how}): here that does no "
            f"harm, but code that uses {which} afterwards would see the changed values; {fix}")

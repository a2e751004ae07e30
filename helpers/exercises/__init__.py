"""Exercise checkers that name the mistake: one diagnosis layer shared by every notebook.

An exercise is a stub the student fills in between ``# --- your code here ---`` markers; as
shipped its body only returns ``None``. A checker runs the student's function on several
cases and returns a :class:`Feedback` (a coloured box in JupyterLab, ``✔/✘/… message`` as
text). Untouched stubs give "not attempted yet" and raise nothing, so every notebook runs top
to bottom as shipped.

The layer (use it for every checker; one module per notebook holds that notebook's checkers)
----------------------------------------------------------------------------------------------
``check(student_fn, cases, name, reference, mistakes, ...) -> Feedback``
    Runs the student's function on every :class:`Case` (on deep copies; 5 s time-out) and
    stops at the first problem:

    - an untouched stub (its body only returns None: read from the bytecode) -> not attempted;
      None from a function with code in it -> "returned None: did you forget `return`?"
      (and "printed something" when it printed instead of returning);
    - an exception: numpy shape errors translated (the student's line, the shapes of the
      arrays in it, "a transpose is the usual cause"), others named with the line;
    - an input changed in place (``must_not_mutate=True``, the default) -> named by argument;
    - the output's form: a tuple (``returns=("w_new", "v_new")``; a list is accepted; the
      right values in the wrong order are named), a dict (``keys=(...)``), one number
      (``number=True``: float, () and (1, 1) arrays all accepted);
    - the value: each :class:`Mistake` (a transformation of the reference) is tried first,
      then the generic diagnoses (transpose, keepdims, unsummed, sign, a factor m or 1/m only
      when ``m=`` says the exercise has a 1/m, a constant factor only when ``factors=`` names
      the constants the exercise has), then the first wrong entry by its position in the
      student's own array.

    The failing case is shown in the student's terms: the case's label, its inputs named as in
    the reference's signature (small ones in full, large ones by shape), expected vs returned.
    ``what=`` sets the success message's subject; ``timeout=`` the seconds per call.

:class:`Feedback` has ``status``, ``message``, ``details`` (the failing case as (label, text)
rows) and ``passed``; it displays as a green/red/grey box in JupyterLab (``_repr_html_``,
deterministic, escaped) and as ``✔/✘/… message`` plus indented rows as plain text.

``Mistake(key, answer, message=None, formula=None, **words)``
    A typical wrong answer: ``answer(*args)`` returns the whole output a student making this
    mistake returns. ``key`` is a :data:`TYPICAL` key (the series' standard wording: transpose,
    W_for_WT, missing_1/m, doubled_1/m, extra_1/m, missing_sigma_prime, extra_sigma_prime,
    sigma_prime_of_a, z_one_minus_z, z_for_a, wrong_layer, sign, missing_bias, bias_outside,
    unsummed_bias, summed_wrong_axis, missing_keepdims, log_base, missing_lr, scalar_factor)
    or a name of your own with ``message=``. Build mistakes on NON-square shapes with
    non-degenerate numbers, so each one gives a different answer from the others.

``call_student(fn, args, name, ...) -> Outcome`` runs one call with all the safety above, for
checkers that compare something other than arrays (SymPy expressions); ``Outcome.feedback`` is
set when the call already decides the verdict. ``compare`` / ``diagnose`` compare one value.

Example::

    from helpers.exercises import Case, Mistake, check

    def reference(W, A_prev, b, *, bias=True):
        return sigmoid(W @ A_prev + (b if bias else 0))

    CASES = [Case((W, A, b), label="a 3-by-4 layer on 5 examples") for W, A, b in ...]
    MISTAKES = [
        Mistake("missing_bias", lambda W, A, b: reference(W, A, b, bias=False),
                bias="b", formula="Z = W @ A_prev + b"),
        Mistake("returned_z", lambda W, A, b: W @ A + b,
                message="you returned Z: the layer's output is A = σ(Z)"),
    ]

    def check_layer_forward(layer_forward):
        return check(layer_forward, CASES, "layer_forward", reference, MISTAKES)

Tests of a checker (``tests/test_exercises_<name>.py``): the reference solution
(``solutions/<name>.py``) is accepted, each typical mistake is named (assert on words), right
answers in other shapes are accepted; wrong answers as data go in ``tests/mistake_bank.py``.
"""
import functools

from . import _run
from ._check import Alternative, Case, check, checker_fault
from ._diagnosis import TYPICAL, Mistake, close, compare, diagnose, fmt, position, short
from ._feedback import (
    CORRECT,
    NOT_ATTEMPTED,
    WRONG,
    ExerciseFailed,
    Feedback,
    cases_phrase,
    correct,
    not_attempted,
    wrong,
)
from ._run import Outcome, call_student, explain_exception, is_stub, set_timeout

__all__ = ["Case", "check", "Mistake", "Alternative", "TYPICAL", "compare", "diagnose", "close",
           "fmt", "short", "position", "Feedback", "ExerciseFailed", "correct", "wrong",
           "not_attempted", "CORRECT", "WRONG", "NOT_ATTEMPTED", "call_student", "Outcome",
           "is_stub", "explain_exception", "run_cases", "set_timeout", "timeout",
           "never_raises", "checker_fault", "cases_phrase"]


def timeout(*, sympy=False):
    """The current time-out in seconds per call of a student's function (or of SymPy work)."""
    return _run.current_timeout(sympy=sympy)


def never_raises(checker):
    """Decorate a checker so a fault in its own code becomes a Feedback, never an exception
    (the guarantee every checker gives; :func:`check` already gives it)."""
    @functools.wraps(checker)
    def safe(*args, **kwargs):
        try:
            return checker(*args, **kwargs)
        except Exception as exc:
            return checker_fault(checker.__name__.removeprefix("check_"), exc)
    return safe


@never_raises
def run_cases(student_fn, cases, name):
    """The old interface: ``cases`` as ``(args, expected, [(wrong value, message), ...])``.

    Kept so code written against it keeps working; new checkers use :func:`check`.
    """
    for i, (args, expected, known) in enumerate(cases, start=1):
        names = [f"argument {k + 1}" for k in range(len(args))]
        outcome = call_student(student_fn, tuple(args), name, arg_names=names)
        if outcome.feedback is not None:
            fb = outcome.feedback
            if fb.status == WRONG:
                fb.message += f" (test case {i} of {len(cases)})"
            return fb
        result = compare(outcome.value, expected, known)
        if result is not None:
            return wrong(f"{name}: {result[0]} (test case {i} of {len(cases)})", result[1])
    return correct(f"{name} matches the reference on {cases_phrase(len(cases))}.")

"""Exercise checkers that name the mistake: one diagnosis layer shared by every notebook.

An exercise is a stub the student fills in between ``# --- your code here ---`` markers; as
shipped its body only returns ``None``. A checker runs the student's function on several
cases and returns a :class:`Feedback` (a coloured box in JupyterLab, ``✔/✘/… message`` as
text). Untouched stubs give "not attempted yet" and raise nothing, so every notebook runs top
to bottom as shipped.

The guarantee every checker gives
---------------------------------
Whatever a student passes (not a function, a function that raises, exits, recurses or loops
forever, returns the wrong type or shape, NaN, inf, complex numbers, objects that refuse to
become numbers) the checker returns a Feedback and never raises; when the student's code
raises, the feedback names the test case. A fault in a checker's own code is reported as a
Feedback too (``check`` does it; decorate a hand-written checker with :func:`never_raises`).
``tests/test_exercises_fuzz.py`` finds every ``check_*`` here by import and fuzzes it.

For graders (nbgrader test cells, issue 26)
-------------------------------------------
``fb.passed`` is a bool; ``fb.assert_passed()`` returns None when right and otherwise raises
:class:`ExerciseFailed`, an ``AssertionError`` whose text is the feedback (the named mistake
first) and whose ``.feedback`` is the Feedback; ``fb.mistake`` is the key of the typical
mistake matched (``"missing_bias"``, ``"bias_subtracted"`` ...) or None. A graded test cell is
one line::

    check_layer_forward(layer_forward).assert_passed()

The layer (use it for every checker; one module per notebook holds that notebook's checkers)
----------------------------------------------------------------------------------------------
``check(student_fn, cases, name, reference, mistakes, ...) -> Feedback``
    Runs the student's function on every :class:`Case` (on deep copies; time-out per call,
    see ``set_timeout``) and stops at the first problem:

    - not a function -> "pass the function itself, without brackets";
    - an untouched stub (its body only returns None: read from the bytecode) -> not attempted;
      None from a function with code in it -> "returned None: did you forget `return`?"
      (and "printed something" when it printed instead of returning);
    - an exception: numpy shape errors translated (the student's line, the shapes of the
      arrays in it, "a transpose is the usual cause"); a NameError for a name the set-up cell
      defines (np, sigmoid, a helper) -> "run the set-up cell at the top of the notebook
      first"; others named with the line; a time-out says whether SymPy was still working
      (simplify can take minutes) or the student's own loop;
    - the output's form: a tuple (``returns=("w_new", "v_new")``; a list is accepted; the
      right values in the wrong order are named), a dict (``keys=(...)``), one number
      (``number=True``: float, () and (1, 1) arrays all accepted); one array asked for and the
      answer returned inside a tuple or list ((A1, A2), [A2]) is named;
    - the value: each :class:`Mistake` (a transformation of the reference) is tried first,
      then the generic diagnoses (NaN/inf, transpose, keepdims, unsummed, sign, a factor m or
      1/m only when ``m=`` says the exercise has a 1/m, a constant factor only when
      ``factors=`` names the constants the exercise has), then the first wrong entry by its
      position in the student's own array, in the maths' 1-based numbering with the NumPy
      index after: "row 1, column 4 (index [0, 3])";
    - an :class:`Alternative` (another correct convention, ``alternatives=``) passes with its
      note on the series' convention;
    - an input changed in place does not fail a right answer: it passes with a note
      (``must_not_mutate=False`` skips the look).

    The failing case is shown short, in the student's terms: the case's label, its inputs by
    shape (numbers in full), expected and returned when small, the first wrong entry. The full
    inputs are on request: ``fb.inputs`` rows, ``fb.show_inputs()`` as text, a collapsed "show
    inputs" section in the HTML box. ``what=`` sets the success message's subject ("... on
    both test cases." / "on all 3 test cases."); ``timeout=`` the seconds per call.

:class:`Feedback` has ``status``, ``message``, ``details`` (the failing case as (label, text)
rows), ``inputs``, ``mistake``, ``passed`` and ``assert_passed()``; it displays as a
green/red/grey box in JupyterLab (``_repr_html_``, deterministic, escaped; "Correct" said once)
and as ``✔/✘/… message`` plus indented rows as plain text.

``Mistake(key, answer, message=None, formula=None, **words)``
    A typical wrong answer: ``answer(*args)`` returns the whole output a student making this
    mistake returns. ``key`` is a :data:`TYPICAL` key (the series' standard wording: transpose,
    W_for_WT, missing_1/m, doubled_1/m, extra_1/m, missing_sigma_prime, extra_sigma_prime,
    sigma_prime_of_a, z_one_minus_z, z_for_a, wrong_layer, sign, missing_bias, bias_outside,
    bias_subtracted, tanh_for_sigmoid, unsummed_bias, summed_wrong_axis, missing_keepdims,
    log_base, missing_lr, scalar_factor) or a name of your own with ``message=``. Build
    mistakes on NON-square shapes with non-degenerate numbers, so each one gives a different
    answer from the others.

``Alternative(answer, note)``
    Another right answer (``answer(*args)`` as for a Mistake) and the note to show with the ✔.

``call_student(fn, args, name, ...) -> Outcome`` runs one call with all the safety above, for
checkers that compare something other than arrays (SymPy expressions: ``sympy=True`` gives the
SymPy time-out); ``Outcome.feedback`` is set when the call already decides the verdict,
``Outcome.warning`` holds the in-place note. ``compare`` / ``diagnose`` compare one value
(``reveal=False``: never show the expected number, for answers worked out by hand).

``set_timeout(seconds, sympy=...)`` sets the time-out per call of a student's function
(default 5 s, or the environment variable BACKPROP_CHECK_TIMEOUT) and of SymPy work (default
10 s, BACKPROP_SYMPY_TIMEOUT); it returns the previous pair. Tests use short ones.

By-hand exercises never reveal their numbers: ``by_hand.check_small_backward`` names the wrong
quantity, the mistake and what to check; an instructor switches the numbers back on with
``reveal=True`` or ``helpers.exercises.by_hand.REVEAL_NUMBERS = True``.

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
           "is_stub", "explain_exception", "run_cases", "set_timeout",
           "never_raises", "checker_fault", "cases_phrase"]


def never_raises(checker):
    """Decorate a checker so a fault in its own code becomes a Feedback, never an exception
    (the guarantee every checker gives; :func:`check` already gives it)."""
    @functools.wraps(checker)
    def safe(*args, **kwargs):
        try:
            return checker(*args, **kwargs)
        except (Exception, SystemExit) as exc:          # a verdict, not a crash
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

"""The diagnosis layer every checker shares: running the student's code, comparing, Feedback."""
import sys
import time

import numpy as np
import pytest

from helpers.exercises import (
    CORRECT,
    NOT_ATTEMPTED,
    TYPICAL,
    WRONG,
    Alternative,
    Case,
    ExerciseFailed,
    Feedback,
    Mistake,
    call_student,
    check,
    correct,
    diagnose,
    is_stub,
    not_attempted,
    run_cases,
    set_timeout,
    wrong,
)

EXPECTED = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def double(x, *, factor=2.0):
    """A reference: the exercise 'return twice x'."""
    return factor * x


CASES = [Case((np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]]),), label="a 2-by-3 array")]


def test_generic_diagnoses_of_one_value():
    assert diagnose(EXPECTED.copy(), EXPECTED, "dW") is None
    assert "transpose of the right answer" in diagnose(EXPECTED.T, EXPECTED, "dW")
    assert "wrong shape: expected (2, 3), got (3, 3)" in diagnose(np.zeros((3, 3)), EXPECTED, "dW")
    assert "wrong sign" in diagnose(-EXPECTED, EXPECTED, "dW")
    assert "the 1/m is missing" in diagnose(4 * EXPECTED, EXPECTED, "dW", m=4)
    assert "divided by m twice" in diagnose(EXPECTED / 4, EXPECTED, "dW", m=4)
    msg = diagnose(EXPECTED + np.array([[0, 0, 0], [0, 1.0, 0]]), EXPECTED, "dW")
    assert "row 2, column 2 (index [1, 1]): expected 5, got 6" in msg     # the maths' numbering
    assert "(1 of the 6 entries is wrong)" in msg
    assert "expected numbers" in diagnose("oops", EXPECTED, "dW")
    col = np.array([[1.0], [2.0]])
    assert "keepdims" in diagnose(np.array([1.0, 2.0]), col, "db")
    assert "not summed over the examples" in diagnose(np.ones((2, 5)), col, "db")


def test_constant_factor_hint_only_when_the_exercise_has_the_constant():
    assert "constant factor" not in diagnose(0.9251 * EXPECTED, EXPECTED, "A")
    msg = diagnose(0.9251 * EXPECTED, EXPECTED, "dW", factors=("1/m", "the learning rate"))
    assert "0.9251 times" in msg and "1/m or the learning rate?" in msg


def test_numbers_in_any_shape():
    for form in (np.array([[0.5]]), np.array(0.5), [0.5], 0.5, np.float32(0.5)):
        assert diagnose(form, 0.5, "loss") is None
    assert diagnose(np.array([[0.5]]), np.array([0.5, 0.5]), "v") is not None


def test_known_mistakes_come_first():
    msg = diagnose(2 * EXPECTED, EXPECTED, "dW", [(2 * EXPECTED, "you forgot the 1/2")])
    assert msg == "dW: you forgot the 1/2"


def test_mistake_wording_from_the_registry():
    m = Mistake("missing_bias", lambda x: x, bias="b2", formula="Z = W @ A + b2")
    assert m.message == "the bias b2 is missing: Z = W @ A + b2"
    assert "extra_1/m" in TYPICAL and "log_base" in TYPICAL
    with pytest.raises(ValueError, match="key: 'no_such_key' is not in TYPICAL"):
        Mistake("no_such_key", lambda x: x)


def test_stub_detection_tells_untouched_from_forgotten_return():
    def stub(x):
        """Docstring."""
        # --- your code here ---
        return None
        # --- end of your code ---

    def forgot(x):
        y = 2 * x  # noqa: F841

    def printed(x):
        print(2 * x)
    assert is_stub(stub) and is_stub(lambda x: None) and not is_stub(forgot)
    assert not is_stub(np.sum)                                    # no bytecode: never a stub
    assert check(stub, CASES, "double", double).status == NOT_ATTEMPTED
    fb = check(forgot, CASES, "double", double)
    assert fb.status == WRONG and "returned None: did you forget `return`?" in fb.message
    fb = check(printed, CASES, "double", double)
    assert fb.status == WRONG and "printed" in fb.message and "return" in fb.message


def test_exceptions_time_outs_and_translated_numpy_errors():
    fb = check(lambda x: 1 / 0, CASES, "double", double)
    assert "raised ZeroDivisionError" in fb.message

    def matmul(x):
        return x @ x
    fb = check(matmul, CASES, "double", double)
    assert "matrix product" in fb.message and "x (2, 3)" in fb.message
    assert "return x @ x" in fb.message and "gufunc" not in fb.message

    def broadcast(x):
        return x + x.T
    fb = check(broadcast, CASES, "double", double)
    assert "element-wise operation" in fb.message and "(2,3) and (3,2)" in fb.message

    def endless(x):
        while True:
            pass
    start = time.perf_counter()
    fb = check(endless, CASES, "double", double, timeout=0.2)
    assert "still running after 0.2 s" in fb.message and time.perf_counter() - start < 30

    def swallow(x):                          # except Exception does not swallow the time-out
        while True:
            try:
                time.sleep(0.01)
            except Exception:
                pass
    assert "still running" in check(swallow, CASES, "double", double, timeout=0.2).message


def test_a_right_answer_that_mutates_passes_with_a_note_and_originals_stay_intact():
    arr = CASES[0].args[0].copy()

    def sloppy(x):
        x *= 2
        return x
    fb = check(sloppy, CASES, "double", double)
    assert fb.passed and "Note: your function changed its input x in place" in fb.message
    np.testing.assert_array_equal(CASES[0].args[0], arr)
    fb = check(sloppy, CASES, "double", double, must_not_mutate=False)
    assert fb.passed and "Note" not in fb.message

    def sloppy_and_wrong(x):
        x *= 3
        return x
    fb = check(sloppy_and_wrong, CASES, "double", double)
    assert fb.status == WRONG and dict(fb.details)["note"].startswith("your function changed")
    out = call_student(lambda d: d.update(a=np.zeros(1)), ({"a": np.ones(1)},), "f",
                       arg_names=["params"])
    assert out.feedback is not None                # None returned: the None verdict comes first
    out = call_student(lambda d: d.update(a=np.zeros(1)) or 1, ({"a": np.ones(1)},), "f",
                       arg_names=["params"])
    assert out.feedback is None and out.mutated == ["params['a']"] and "new dict" in out.warning


def test_tuples_lists_order_and_mistakes_on_the_whole_output():
    def ref(x, *, swap=False):
        return (x + 1, 2 * x) if not swap else (2 * x, x + 1)
    mistakes = [Mistake("sum_for_sum", lambda x: (x + 2, 2 * x), message="added 2")]
    kw = dict(returns=("p", "q"))
    assert check(lambda x: [x + 1, 2 * x], CASES, "f", ref, mistakes, **kw).passed
    fb = check(lambda x: (2 * x, x + 1), CASES, "f", ref, mistakes, **kw)
    assert "wrong order: you returned (q, p); return (p, q)" in fb.message
    fb = check(lambda x: (x + 2, 2 * x), CASES, "f", ref, mistakes, **kw)
    assert fb.message.startswith("f: p: added 2")
    fb = check(lambda x: x + 1, CASES, "f", ref, mistakes, **kw)
    assert "return the 2 values (p, q), got one ndarray" in fb.message
    fb = check(lambda x: (x + 1, 2 * x + 0.5), CASES, "f", ref, mistakes, **kw)
    assert fb.message.startswith("f: q: wrong values")
    assert [label for label, _ in fb.details][-3:] == ["q expected", "q returned",
                                                       "q first wrong"]


def test_failing_case_shown_in_the_students_terms():
    fb = check(lambda x: 2 * x + np.eye(2, 3), CASES, "double", double)
    rows = dict(fb.details)
    assert rows["case"] == "a 2-by-3 array" and rows["x"] == "array of shape (2, 3)"
    assert rows["first wrong"].startswith("row 1, column 1 (index [0, 0])")
    assert "expected" in rows and "returned" in rows                 # 6 entries: shown in full
    inputs = dict(fb.inputs)                                           # in full, on request
    assert "[ 1.  , -2.  ,  0.5 ]" in inputs["x"] and "[ 1.  , -2.  ,  0.5 ]" in fb.show_inputs()
    text = repr(fb)
    assert "[ 1.  , -2." not in text and ".show_inputs()" in text      # plain text stays short
    html = fb._repr_html_()
    assert "<details" in html and "show inputs</summary>" in html and "[ 1.  , -2." in html
    big = [Case((np.arange(100.0).reshape(10, 10),))]
    fb = check(lambda x: 3 * x, big, "double", double)
    rows = dict(fb.details)
    assert rows["x"] == "array of shape (10, 10)" and "expected" not in rows
    assert len(repr(fb).splitlines()) <= 6


def test_feedback_text_and_html():
    rows = [("case", "a <small> one"), ("A", "[[1, 2],\n [3, 4]]")]
    fb = wrong("dW: the 1/m is missing <b>&", rows)
    text = repr(fb)
    assert text.splitlines()[0] == "✘ dW: the 1/m is missing <b>&"
    assert "    case : a <small> one" in text and "           [3, 4]]" in text
    html = fb._repr_html_()
    assert "&lt;b&gt;&amp;" in html and "<b>&" not in html and "a &lt;small&gt; one" in html
    assert "#c62828" in html and "Not yet right" in html and "id=" not in html
    assert html == wrong("dW: the 1/m is missing <b>&", fb.details)._repr_html_()  # deterministic
    assert "#2e7d32" in correct("fine")._repr_html_() and correct("fine").passed
    grey = not_attempted("f")
    assert "#757575" in grey._repr_html_() and repr(grey).startswith("… f: not attempted yet")
    assert "<table" not in grey._repr_html_()
    assert not wrong("x") and correct("y")
    with pytest.raises(ValueError, match="status"):
        Feedback("maybe", "x")


def test_success_is_said_once_and_counts_read_as_english():
    fb = check(double, CASES, "double", double)
    assert fb.message == "Correct: double matches the reference on the test case."
    two = check(double, CASES * 2, "double", double)
    assert "on both test cases." in two.message and "all 2" not in two.message
    assert "all 3 test cases" in check(double, CASES * 3, "double", double).message
    html = two._repr_html_()
    assert html.count("Correct") == 1 and "✔ Correct" in html


def test_graders_get_a_bool_an_exception_and_the_mistake_key():
    mistakes = [Mistake("sign", lambda x: -2 * x, why="twice x, not minus twice x")]
    fb = check(lambda x: -2 * x, CASES, "double", double, mistakes)
    assert fb.passed is False and fb.mistake == "sign"
    with pytest.raises(ExerciseFailed, match="wrong sign: twice x") as info:
        fb.assert_passed()
    assert isinstance(info.value, AssertionError) and info.value.feedback is fb
    assert check(double, CASES, "double", double).assert_passed() is None
    assert check(lambda x: None, CASES, "double", double).passed is False


def test_other_conventions_pass_with_their_note():
    alt = [Alternative(lambda x: x + x, note="x + x is the same")]     # equals the reference:
    assert "another" not in check(lambda x: x + x, CASES, "double", double,  # no note
                                  alternatives=alt).message
    half = [Alternative(lambda x: x / 2, note="halving")]
    fb = check(lambda x: x / 2, CASES, "double", double, alternatives=half)
    assert fb.passed and "another convention: halving" in fb.message
    mixed = [CASES[0], Case((np.ones((2, 2)),), label="ones")]     # right on one, halved on one
    fb = check(lambda x: x / 2 if x.shape == (2, 2) else 2 * x, mixed, "double", double,
               alternatives=half)
    assert fb.status == WRONG


def test_returned_inside_a_tuple_or_list_is_named():
    fb = check(lambda x: (x, 2 * x), CASES, "double", double)
    assert "2 values" in fb.message and "second value is the right one" in fb.message
    fb = check(lambda x: [2 * x], CASES, "double", double)
    assert "a list holding the answer" in fb.message and fb.mistake == "returned_tuple"


def test_set_up_names_exceptions_and_odd_values():
    def no_np(x):
        return np.sum(x) * 0 + sigmoid_undefined(x)       # noqa: F821
    fb = check(no_np, CASES, "double", double)
    assert "sigmoid_undefined" in fb.message and "typo" in fb.message
    ns = {}
    exec("def uses_sigmoid(x):\n    return sigmoid(x)", ns)
    fb = check(ns["uses_sigmoid"], CASES, "double", double)
    assert "run the set-up cell at the top of the notebook first" in fb.message
    assert "test case 1 of 1" in fb.message and dict(fb.details)["case"] == "a 2-by-3 array"
    for value, words in ((np.full((2, 3), np.nan), "nan"), (10 ** 400, "expected numbers"),
                         (1j * np.ones((2, 3)), "complex"), ("text", "expected numbers")):
        fb = check(lambda x, v=value: v, CASES, "double", double)
        assert fb.status == WRONG and words in fb.message, fb.message
    fb = check(lambda x: sys.exit(1), CASES, "double", double)
    assert "SystemExit" in fb.message
    assert "expected your function, got a ndarray" in check(np.ones(2), CASES, "d", double).message
    assert check(lambda x: 2 * x, CASES, "double", lambda x: 1 / 0).status == WRONG  # never raises


def test_the_timeout_is_configurable_and_says_where_it_ran_out():
    previous = set_timeout(0.2)
    try:
        def endless(x):
            while True:
                pass
        start = time.perf_counter()
        fb = check(endless, CASES, "double", double)
        assert "still running after 0.2 s" in fb.message and time.perf_counter() - start < 30
    finally:
        set_timeout(*previous[:1], sympy=previous[1])
    with pytest.raises(ValueError, match="seconds: expected a positive number"):
        set_timeout(-1)


def test_run_cases_keeps_the_old_interface():
    cases = [((np.array([1.0, 2.0]),), np.array([2.0, 4.0]), [])]
    assert run_cases(lambda x: None, cases, "double").status == NOT_ATTEMPTED
    fb = run_cases(lambda x: 2 * x, cases, "double")
    assert fb.status == CORRECT and fb.passed and repr(fb).startswith("✔")
    fb = run_cases(lambda x: 3 * x, cases, "double")
    assert fb.status == WRONG and "test case 1 of 1" in fb.message
    assert "the test case" in run_cases(lambda x: 2 * x, cases, "double").message


def test_an_error_raised_inside_a_helper_quotes_the_students_line():
    from helpers import conv

    def student(x):
        return conv.correlate(x, np.ones(5))           # kernel longer than the signal
    fb = call_student(student, (np.ones(3),), "student").feedback
    assert fb.status == WRONG and "conv.correlate(x, np.ones(5))" in fb.message, fb.message


def test_a_wrong_answer_that_changed_its_input_is_told_the_change_may_be_the_bug():
    def centred(x):
        x -= x.mean()
        return 2 * x
    fb = check(centred, [Case((np.arange(3.0),))], "centred", lambda x: 2 * x)
    notes = [text for label, text in fb.details if label == "note"]
    assert fb.status == WRONG and notes and "may be why the values are wrong" in notes[0]
    assert "no harm" not in notes[0]

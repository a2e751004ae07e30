import numpy as np

from helpers.exercises import diagnose, run_cases, Feedback, NOT_ATTEMPTED, CORRECT, WRONG

EXPECTED = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def test_right_answer_gives_no_diagnosis():
    assert diagnose(EXPECTED.copy(), EXPECTED, "dW") is None


def test_generic_diagnoses():
    assert "transpose of the right answer" in diagnose(EXPECTED.T, EXPECTED, "dW")
    assert "wrong shape: expected (2, 3), got (3, 3)" in diagnose(np.zeros((3, 3)), EXPECTED, "dW")
    assert "wrong sign" in diagnose(-EXPECTED, EXPECTED, "dW")
    assert "twice" in diagnose(2 * EXPECTED, EXPECTED, "dW")
    assert "half" in diagnose(EXPECTED / 2, EXPECTED, "dW")
    assert "4 times" in diagnose(4 * EXPECTED, EXPECTED, "dW")
    msg = diagnose(EXPECTED + np.array([[0, 0, 0], [0, 1.0, 0]]), EXPECTED, "dW")
    assert "at index (1, 1): expected 5, got 6" in msg
    assert "expected an array of numbers" in diagnose("oops", EXPECTED, "dW")


def test_known_mistakes_come_first():
    msg = diagnose(2 * EXPECTED, EXPECTED, "dW", [(2 * EXPECTED, "you forgot the 1/2")])
    assert msg == "dW: you forgot the 1/2"


def test_run_cases_statuses():
    cases = [((np.array([1.0, 2.0]),), np.array([2.0, 4.0]), [])]
    assert run_cases(lambda x: None, cases, "double").status == NOT_ATTEMPTED
    fb = run_cases(lambda x: 2 * x, cases, "double")
    assert fb.status == CORRECT and fb.passed and repr(fb).startswith("✔")
    fb = run_cases(lambda x: 3 * x, cases, "double")
    assert fb.status == WRONG and "1.5 times" in fb.message and "test case 1 of 1" in fb.message
    fb = run_cases(lambda x: x @ np.zeros((3, 3)), cases, "double")
    assert fb.status == WRONG and "raised ValueError" in fb.message


def test_student_cannot_change_the_cases():
    arr = np.array([1.0, 2.0])
    cases = [((arr,), np.array([1.0, 2.0]), [])]

    def sloppy(x):
        x *= 0
        return None
    run_cases(sloppy, cases, "f")
    np.testing.assert_array_equal(arr, [1.0, 2.0])
    assert isinstance(run_cases(lambda x: x, cases, "f"), Feedback)

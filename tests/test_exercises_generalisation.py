"""Notebook 06's checkers accept the reference solutions and name each typical mistake.

The wrong answers are data: source code as a student writes it, with the words its feedback
must contain (an empty list marks a right answer in another form, which must pass).
"""
import numpy as np
import pytest

from helpers.exercises.generalisation import (
    check_dropout_backward,
    check_early_stopping,
    reference_dropout_backward,
    reference_early_stopping,
)
from helpers.regularisation import early_stopping_epochs
from solutions.generalisation import dropout_backward, early_stopping

DROPOUT_BANK = [
    ("def dropout_backward(dA_dropped, keep, rate):\n    return dA_dropped * keep",
     ["1/(1 - rate)", "forward pass multiplied"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n    return dA_dropped * keep * (1 - rate)",
     ["keep probability", "divides"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n    return dA_dropped * keep / rate",
     ["divided by the drop rate", "KEEPING"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n    return dA_dropped / (1 - rate)",
     ["no gradient back", "mask"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n"
     "    return dA_dropped * (1 - keep) / (1 - rate)", ["mask is inverted"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n    return dA_dropped", ["unchanged"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n    dA = dA_dropped * keep / (1 - rate)",
     ["forget `return`"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n    return (dA_dropped * keep).T / (1 - rate)",
     ["transpose"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n"
     "    return dA_dropped * keep / (1 - rate) / (1 - rate)", ["applied twice"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n    return dA_dropped * keep / 1 - rate",
     ["precedence", "(1 - rate)"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n"      # a new mask drawn in backward
     "    mask = np.random.default_rng().random(dA_dropped.shape) >= rate\n"
     "    return dA_dropped * mask / (1 - rate)", ["keep == 0", "the mask you were given"]),
    ("def dropout_backward(dA_dropped, keep, rate):\n"
     "    return np.where(keep > 0, dA_dropped / (1 - rate), 0.0)", []),
    ("def dropout_backward(dA_dropped, keep, rate):\n"
     "    return np.multiply(dA_dropped, keep) * (1 / (1 - rate))", []),
]

EARLY_BANK = [
    ("def early_stopping(val_losses, patience):\n"      # waits one epoch too many
     "    best, best_epoch, waited = np.inf, None, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, best_epoch, waited = loss, epoch, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited > patience:\n                return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses)", ["one epoch late"]),
    ("def early_stopping(val_losses, patience):\n"      # never resets the counter
     "    best, best_epoch, waited = np.inf, None, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, best_epoch = loss, epoch\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience:\n                return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses)", ["start again at 0", "in a row"]),
    ("def early_stopping(val_losses, patience):\n"      # compares with the previous epoch
     "    best, best_epoch, prev, waited = np.inf, None, np.inf, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, best_epoch = loss, epoch\n"
     "        if loss < prev:\n            waited = 0\n"
     "        else:\n            waited += 1\n"
     "        prev = loss\n"
     "        if waited == patience:\n            return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses)", ["lowest so far", "previous epoch"]),
    ("def early_stopping(val_losses, patience):\n"      # ties count as improvements
     "    best, best_epoch, waited = np.inf, None, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss <= best:\n            best, best_epoch, waited = loss, epoch, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience:\n                return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses)", ["equal loss", "< best"]),
    ("def early_stopping(val_losses, patience):\n"      # counts from 0
     "    best, best_epoch, waited = np.inf, None, 0\n"
     "    for epoch, loss in enumerate(val_losses):\n"
     "        if loss < best:\n            best, best_epoch, waited = loss, epoch, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience:\n                return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses) - 1", ["counted from 0", "start=1"]),
    ("def early_stopping(val_losses, patience):\n"      # returns the stopping epoch as best
     "    best, waited = np.inf, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, waited = loss, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience:\n                return epoch, epoch\n"
     "    return len(val_losses), len(val_losses)", ["lowest", "not where training stopped"]),
    ("def early_stopping(val_losses, patience):\n"      # the pair swapped
     "    best, best_epoch, waited = np.inf, None, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, best_epoch, waited = loss, epoch, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience:\n                return epoch, best_epoch\n"
     "    return len(val_losses), best_epoch", ["wrong order"]),
    ("def early_stopping(val_losses, patience):\n"      # stops one epoch early
     "    best, best_epoch, waited = np.inf, None, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, best_epoch, waited = loss, epoch, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience - 1:\n                return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses)", ["one epoch early"]),
    ("def early_stopping(val_losses, patience):\n"      # patience ignored
     "    best, best_epoch = np.inf, None\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, best_epoch = loss, epoch\n"
     "        else:\n            return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses)", ["first epoch without", "patience k"]),
    ("def early_stopping(val_losses, patience):\n"      # argmin over the whole curve
     "    best, waited, last = np.inf, 0, len(val_losses)\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, waited = loss, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience:\n                last = epoch\n                break\n"
     "    return int(np.argmin(val_losses)) + 1, last", ["np.argmin over the whole list"]),
    ("def early_stopping(val_losses, patience):\n"      # best = last fall below the previous
     "    best_epoch, prev, waited = None, np.inf, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < prev:\n            best_epoch, waited = epoch, 0\n"
     "        else:\n            waited += 1\n"
     "        prev = loss\n"
     "        if waited == patience:\n            return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses)", ["lowest loss so far", "previous epoch"]),
    ("def early_stopping(val_losses, patience):\n"      # best right, the stop off by two
     "    best, best_epoch, waited = np.inf, None, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, best_epoch, waited = loss, epoch, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience + 2:\n                return best_epoch, epoch\n"
     "    return best_epoch, len(val_losses)", ["last_epoch is", "too late"]),
    ("def early_stopping(val_losses, patience):\n"      # a right answer with numpy
     "    losses = np.asarray(val_losses)\n"
     "    for epoch in range(1, len(losses) + 1):\n"
     "        best_epoch = int(np.argmin(losses[:epoch])) + 1\n"
     "        if epoch - best_epoch == patience:\n            return best_epoch, epoch\n"
     "    return int(np.argmin(losses)) + 1, len(losses)", []),
    ("def early_stopping(val_losses, patience):\n"      # a list instead of a tuple
     "    best, best_epoch, waited = np.inf, None, 0\n"
     "    for epoch, loss in enumerate(val_losses, start=1):\n"
     "        if loss < best:\n            best, best_epoch, waited = loss, epoch, 0\n"
     "        else:\n            waited += 1\n"
     "            if waited == patience:\n                return [best_epoch, epoch]\n"
     "    return [best_epoch, len(val_losses)]", []),
]


def _student(source):
    scope = {"np": np}
    exec(source, scope)
    return next(v for k, v in scope.items() if callable(v) and not k.startswith("__")
                and k != "np")


def test_references_by_hand():
    dA, keep = np.array([[1.0, -2.0]]), np.array([[1.0, 0.0]])
    assert np.array_equal(reference_dropout_backward(dA, keep, 0.2), [[1.25, 0.0]])
    assert reference_early_stopping([3, 2, 2.5, 2.6, 1], 2) == (2, 4)
    assert reference_early_stopping([3, 2, 1], 2) == (3, 3)


@pytest.mark.parametrize("curve, patience", [
    ([1.0, 0.8, 0.6, 0.5, 0.55, 0.52, 0.6, 0.7, 0.51, 0.9], 3),
    ([0.5, 0.5, 0.5, 0.4], 2), ([1, 2, 3, 4], 1), ([4, 3, 2, 1], 1)])
def test_reference_loop_agrees_with_the_helpers_early_stopping(curve, patience):
    best, stop = early_stopping_epochs(curve, patience)
    assert reference_early_stopping(curve, patience) == (best, stop or len(curve))


def test_checkers_accept_the_solutions_and_report_stubs():
    assert check_dropout_backward(dropout_backward).passed
    assert check_early_stopping(early_stopping).passed

    def stub(a, b, c):
        # --- your code here ---
        return None
        # --- end of your code ---

    def stub2(val_losses, patience):
        # --- your code here ---
        return None
        # --- end of your code ---
    assert check_dropout_backward(stub).status == "not attempted"
    assert check_early_stopping(stub2).status == "not attempted"


BANK = ([(check_dropout_backward, source, words) for source, words in DROPOUT_BANK]
        + [(check_early_stopping, source, words) for source, words in EARLY_BANK])


@pytest.mark.parametrize("checker, source, words", BANK)
def test_each_answer_of_the_bank_gets_its_verdict_and_its_words(checker, source, words):
    fb = checker(_student(source))
    if not words:
        assert fb.passed, fb.message
    else:
        assert fb.status == "wrong" and all(w in fb.message for w in words), fb.message


def test_a_right_answer_that_changes_its_input_passes_with_a_note():
    """The shared layer accepts right values computed in place and says what that changes."""
    fb = check_dropout_backward(_student(
        "def dropout_backward(dA_dropped, keep, rate):\n    dA_dropped *= keep / (1 - rate)\n"
        "    return dA_dropped"))
    assert fb.passed and "in place" in fb.message, fb.message


def test_a_diagnosis_fits_the_whole_answer():
    """Stopping one epoch early keeps best_epoch right and 1-based: not "counted from 0";
    the whole curve's argmin keeps last_epoch right: not "an equal loss"."""
    bank = {words[0]: source for source, words in EARLY_BANK if words}
    early = _student(bank["one epoch early"])
    whole = _student(bank["np.argmin over the whole list"])
    for fn, wrong_words in ((early, "counted from 0"), (whole, "equal loss")):
        fb = check_early_stopping(fn)
        assert fb.status == "wrong" and wrong_words not in fb.message, fb.message
    fb = check_early_stopping(_student(bank["last_epoch is"]))     # only the stop is wrong
    assert "best_epoch is" not in fb.message and "counted from 0" not in fb.message


def test_success_messages_say_it_once():
    for fb, count in ((check_early_stopping(early_stopping), "on all 5 curves"),
                      (check_dropout_backward(dropout_backward), "on all 3 layers")):
        assert fb.passed and fb.message.count(count) == 1 and "test cases" not in fb.message


def _raises(exc):
    def fn(*args):
        raise exc
    return fn


def _endless(*args):
    while True:
        pass


_nan = np.full((3, 5), np.nan)
FUZZ = [None, 3, "early_stopping", np.zeros(3), lambda: None, lambda *a: "text",
        lambda *a: {"best_epoch": 1}, lambda *a: (1,), lambda *a: (1, 2, 3), lambda *a: [[1, 2]],
        lambda *a: ("a", "b"), lambda *a: (np.nan, np.inf), lambda *a: (None, None),
        lambda *a: _nan, lambda *a: np.full((5, 3), np.inf), lambda *a: np.zeros((3, 5, 1)),
        lambda *a: object(), lambda *a: (x for x in range(2)), lambda *a: np.array(["x"] * 15),
        lambda *a: np.array([1, 2]), lambda *a: 1j, lambda *a: [object(), object()],
        _raises(ValueError("bad")), _raises(ZeroDivisionError()), _raises(RecursionError()),
        _raises(SystemExit(1)), _raises(MemoryError()), _endless,
        lambda a, b: a[99], lambda dA, keep, rate: dA @ keep]


@pytest.mark.parametrize("checker", [check_dropout_backward, check_early_stopping])
@pytest.mark.parametrize("answer", FUZZ, ids=[f"fuzz{i}" for i in range(len(FUZZ))])
def test_the_checkers_never_raise(checker, answer):
    fb = checker(answer, timeout=0.3)
    assert fb.status in ("wrong", "not attempted") and fb.message, fb
    assert isinstance(repr(fb), str) and isinstance(fb._repr_html_(), str)

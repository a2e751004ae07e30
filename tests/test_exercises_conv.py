"""Notebook 09's checkers: the references against independent computations, the solutions
accepted in every right form, each typical mistake named, the by-hand numbers never shown.

Wrong answers written as students write them are in tests/mistake_bank.py (run by
tests/test_exercises_bank.py); here every mistake the checkers know is shown to be named by at
least one of them."""
import importlib
import inspect
import itertools
import pathlib
import re

import numpy as np
import pytest

import helpers.exercises.conv as ex
from helpers.conv import conv_backward, conv_forward, max_pool_forward
from helpers.exercises import set_timeout
from solutions.conv import kernel_gradient, kernel_gradient_by_hand, max_pool_backward
from tests.mistake_bank import KERNEL_GRADIENT, KERNEL_GRADIENT_BY_HAND, MAX_POOL_BACKWARD
from tests.test_exercises_bank import student_function

ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def short_timeouts():
    previous = set_timeout(0.5)
    yield
    set_timeout(previous[0])


# ------------------------------------------------------------------ the references
def _loop_correlate(xp, k):
    out = np.zeros((xp.shape[0] - k.shape[0] + 1, xp.shape[1] - k.shape[1] + 1))
    for r, s in np.ndindex(*out.shape):
        out[r, s] = np.sum(xp[r:r + k.shape[0], s:s + k.shape[1]] * k)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_kernel_reference_is_the_gradient_by_finite_differences(seed):
    rng = np.random.default_rng(seed)
    H, W, kh, kw, p = (int(v) for v in rng.integers(3, 7, 2).tolist() + rng.integers(
        1, 4, 2).tolist() + [rng.integers(0, 3)])
    x, k = rng.standard_normal((H, W)), rng.standard_normal((kh, kw))
    dy = rng.standard_normal(_loop_correlate(np.pad(x, p), k).shape)

    def loss(kernel):                                   # L = sum(dy * y): dL/dy = dy
        return np.sum(dy * _loop_correlate(np.pad(x, p), kernel))
    numeric, h = np.zeros_like(k), 1e-6
    for idx in np.ndindex(*k.shape):
        e = np.zeros_like(k)
        e[idx] = h
        numeric[idx] = (loss(k + e) - loss(k - e)) / (2 * h)
    ours = ex.reference_kernel_gradient(x, dy, padding=p)
    np.testing.assert_allclose(ours, numeric, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(kernel_gradient(x, dy, p), ours, rtol=1e-12, atol=1e-12)
    _, cache = conv_forward(x[None, None], k[None, None], np.zeros(1), padding=p)
    np.testing.assert_allclose(conv_backward(dy[None, None], cache)[1][0, 0], ours, atol=1e-12)


def _loop_pool_backward(x, dy, size, stride):
    dx = np.zeros(x.shape)
    for i, j in np.ndindex(*dy.shape):
        best = None
        for r, c in itertools.product(range(size), range(size)):      # row-major: first wins
            at = (i * stride + r, j * stride + c)
            if best is None or x[at] > x[best]:
                best = at
        dx[best] += dy[i, j]
    return dx


@pytest.mark.parametrize("case", ex.POOL_CASES, ids=lambda c: c.label[:30])
def test_pool_reference_routes_to_the_first_maximum(case):
    x, dy, size, stride = case.args
    ours = ex.reference_max_pool_backward(x, dy, size, stride)
    np.testing.assert_array_equal(ours, _loop_pool_backward(x, dy, size, stride))
    np.testing.assert_array_equal(max_pool_backward(x, dy, size, stride), ours)
    if "ties" not in case.label:                       # away from a kink: finite differences
        def loss(z):
            return np.sum(dy * max_pool_forward(z[None, None], size, stride)[0][0, 0])
        numeric = np.zeros_like(x)
        for idx in np.ndindex(*x.shape):
            e = np.zeros_like(x)
            e[idx] = 1e-6
            numeric[idx] = (loss(x + e) - loss(x - e)) / 2e-6
        np.testing.assert_allclose(ours, numeric, atol=1e-8)


def test_the_cases_reveal_what_they_are_there_for():
    pool = {c.label: c.args for c in ex.POOL_CASES}
    x, _, size, stride = ex.POOL_CASES[2].args        # a maximum shared by overlapping windows
    assert ex.reference_max_pool_backward(x, np.ones((2, 3)), size, stride)[2, 2] == 4
    x = ex.POOL_CASES[4].args[0]                       # ties
    assert any(np.sum(w == w.max()) > 1 for w in (x[:2, :2], x[:2, 2:], x[2:, :2]))
    for label, (x, *_), in pool.items():
        if "ties" not in label:
            assert len(np.unique(x)) == x.size, label
    shapes = [ex.reference_kernel_gradient(*c.args).shape for c in ex.KERNEL_CASES]
    assert shapes[0][0] != shapes[0][1]                # the first kernel is not square
    assert {c.args[2] for c in ex.KERNEL_CASES} == {0, 1, 2}


# ------------------------------------------------------------ right answers, right forms
def test_the_solutions_pass():
    assert ex.check_kernel_gradient(kernel_gradient).passed
    assert ex.check_max_pool_backward(max_pool_backward).passed
    assert ex.check_kernel_gradient_by_hand(kernel_gradient_by_hand).passed
    assert ex.check_kernel_gradient_by_hand(kernel_gradient_by_hand()).passed


@pytest.mark.parametrize("form", [
    lambda f: (lambda *a: f(*a).tolist()),
    lambda f: (lambda *a: f(*a).astype(np.float32)),
    lambda f: (lambda *a: [list(map(float, row)) for row in f(*a)]),
])
def test_other_forms_of_a_right_answer_pass(form):
    assert ex.check_kernel_gradient(form(kernel_gradient)).passed
    assert ex.check_max_pool_backward(form(max_pool_backward)).passed


@pytest.mark.parametrize("answer", [
    [[14, 15], [21, 17]], np.array([[14, 15], [21, 17]]), np.float32([[14, 15], [21, 17]]),
    [14, 15, 21, 17], ((14.0, 15.0), (21.0, 17.0)), np.array([[[[14, 15], [21, 17]]]]),
    [[14.0004, 14.9996], [21.0, 17.0]],
])
def test_by_hand_accepts_every_form(answer):
    assert ex.check_kernel_gradient_by_hand(answer).passed
    assert ex.check_kernel_gradient_by_hand(lambda: answer).passed


def test_an_input_changed_in_place_passes_with_a_note():
    def in_place(x, dy, size=2, stride=2):
        dx = max_pool_backward(x, dy, size, stride)
        x[...] = dx                                     # the input is the output now
        return x
    fb = ex.check_max_pool_backward(in_place)
    assert fb.passed and "changed its input x in place" in fb.message, fb.message


def test_a_wrong_answer_that_changed_its_input_is_not_told_it_did_no_harm():
    def centred(x, dy, padding=0):
        x -= x.mean()                                   # the bug: x changed before its use
        return kernel_gradient(x, dy, padding)
    fb = ex.check_kernel_gradient(centred)
    notes = [text for label, text in fb.details if label == "note"]
    assert fb.status == "wrong" and notes, fb
    assert "no harm" not in notes[0] and "may be why the values are wrong" in notes[0]


def _notebook_09_exercises():
    """(stub, checker cell) pairs of notebook 09, the one copy of the cells a student sees."""
    import json
    path = ROOT / "notebooks" / "09_convolutions.ipynb"
    cells = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"])
             for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    pairs = [(cell, cells[i + 1]) for i, cell in enumerate(cells)
             if "# --- your code here ---" in cell]
    return cells, pairs


def test_notebook_09_stubs_untouched_are_not_attempted():
    cells, pairs = _notebook_09_exercises()
    assert len(pairs) == 3
    for stub, cell in pairs:
        namespace = {"np": np}
        exec(stub, namespace)
        name = re.search(r"^def (\w+)\(", stub, flags=re.M).group(1)
        imports = [line for line in cell.splitlines() if line.startswith("from helpers")]
        exec("\n".join(imports), namespace)
        call = cell.strip().splitlines()[-1]
        assert call.startswith("check_") and f"({name})" in call
        fb = eval(call, namespace)
        assert fb.status == "not attempted", fb.message
        code = [line.split("#")[0].strip() for line in stub.splitlines()]
        assert [line for line in code if line] == [code[0], "return None"]   # the bare stub
        solution = getattr(importlib.import_module("solutions.conv"), name)
        assert code[0] == f"def {name}{inspect.signature(solution)}:"


# ------------------------------------------------------------------ mistakes named
def _bank_keys(entries, checker):
    keys = set()
    for source, _ in entries:
        fb = checker(student_function(source, id(source)))
        keys.add(fb.mistake)
    return keys


def _applies(mistake, cases, reference):
    """The mistake gives an answer different from the right one on some case."""
    for case in cases:
        try:
            value = np.asarray(mistake.answer(*case.args), dtype=float)
        except Exception:
            continue
        right = reference(*case.args)
        if value.shape != right.shape or not np.allclose(value, right):
            return True
    return False


def test_every_kernel_mistake_is_named_by_a_bank_entry():
    named = _bank_keys(KERNEL_GRADIENT, ex.check_kernel_gradient)
    known = {m.key for m in ex.KERNEL_MISTAKES
             if _applies(m, ex.KERNEL_CASES, ex.reference_kernel_gradient)}
    # swapped and padding_on_dy raise on most cases (dy does not fit); elementwise raises on
    # the first case, where student code gets numpy's broadcasting error, translated
    assert known - named <= {"swapped", "padding_on_dy", "elementwise"}, known - named


def test_every_pool_mistake_is_named_by_a_bank_entry():
    named = _bank_keys(MAX_POOL_BACKWARD, ex.check_max_pool_backward)
    known = {m.key for m in ex.POOL_MISTAKES
             if _applies(m, ex.POOL_CASES, ex.reference_max_pool_backward)}
    # stride_for_size, window_one_short and window_shifted: written as students write them
    # below; unravel_wrong_width runs past x's edge first in student code, and the IndexError
    # hint names np.unravel_index (the bank's entry)
    assert known - named <= {"stride_for_size", "window_one_short", "window_shifted",
                             "unravel_wrong_width"}, known - named


_MP = ("def max_pool_backward(x, dy, size=2, stride=2):\n    dx = np.zeros(x.shape)\n"
       "    for i in range(dy.shape[0]):\n        for j in range(dy.shape[1]):\n"
       "            r0, c0 = {start}\n            w = x[r0:r0 + {width}, c0:c0 + {width}]\n"
       "            r, c = np.unravel_index(np.argmax(w), w.shape)\n"
       "            dx[r0 + r, c0 + c] += dy[i, j]\n    return dx")


@pytest.mark.parametrize("start, width, words", [
    ("i * stride, j * stride", "stride", "size wide, not stride"),
    ("i * stride, j * stride", "size - 1", "one short"),
    ("i * stride + 1, j * stride + 1", "size", "shifted by one"),
])
def test_pool_window_mistakes(start, width, words):
    fb = ex.check_max_pool_backward(student_function(_MP.format(start=start, width=width),
                                                     words))
    assert fb.status == "wrong" and words in fb.message, fb.message


def test_kernel_elementwise_and_swapped_are_named_where_they_can_happen():
    case = ex.KERNEL_CASES[2]                           # 'same' padding: dy has x's shape
    assert ex.KERNEL_CASES[2].args[0].shape == case.args[1].shape
    fb = ex.check_kernel_gradient(lambda x, dy, p=0: dy * x if x.shape == dy.shape else
                                  kernel_gradient(x, dy, p))
    assert fb.mistake == "elementwise" and "multiplies entry by entry" in fb.message
    fb = ex.check_kernel_gradient(lambda x, dy, p=0: np.sum(dy * x) if x.shape == dy.shape
                                  else kernel_gradient(x, dy, p))
    assert fb.mistake == "elementwise" and "one number" in fb.message
    fb = ex.check_kernel_gradient(lambda x, dy, p=0: kernel_gradient(dy, x, p)
                                  if x.shape == dy.shape else kernel_gradient(x, dy, p))
    assert fb.status == "wrong" and "swapped" in fb.message, fb.message


@pytest.mark.parametrize("source, words", [
    ("def kernel_gradient(x, dy, padding=0):\n    kh = x.shape[0] - dy.shape[0] + 1\n"
     "    kw = x.shape[1] - dy.shape[1] + 1\n    dK = np.zeros((kh, kw))\n"
     "    for a in range(kh + 2 * padding):\n        for b in range(kw + 2 * padding):\n"
     "            dK[a, b] = np.sum(dy * x[a:a + dy.shape[0], b:b + dy.shape[1]])\n"
     "    return dK", ["element-wise operation", "wrong array: the window of x_padded",
                      "test case 2"]),
    ("def kernel_gradient(x, dy, padding=0):\n    dy = np.pad(dy, padding)\n"
     "    kh, kw = x.shape[0] - dy.shape[0] + 1, x.shape[1] - dy.shape[1] + 1\n"
     "    dK = np.zeros((kh, kw))\n"
     "    for a in range(kh):\n        for b in range(kw):\n"
     "            dK[a, b] = np.sum(dy * x[a:a + dy.shape[0], b:b + dy.shape[1]])\n"
     "    return dK", ["wrong shape", "kernel's shape", "test case 2"]),
    ("def kernel_gradient(x, dy, padding=0):\n    xp = np.pad(x, padding)\n"
     "    return np.zeros((xp.shape[0] + dy.shape[0] - 1, xp.shape[1] + dy.shape[1] - 1))",
     ["'full' correlation's shape", "mode='valid'"]),
    ("def kernel_gradient(x, dy, padding=0):\n    return np.zeros((x.shape[0] - 9, 2))",
     ["negative dimensions", "kernel's shape", "test case 1"]),
    ("def kernel_gradient(x, dy, padding=0):\n    x = np.pad(x, padding)\n"
     "    dK = np.zeros((3, 3))\n    dK[5, 5] = 1\n    return dK",
     ["IndexError", "x[a:a + H', b:b + W']", "test case 1"]),
    ("def kernel_gradient(x, dy, padding=0):\n"
     "    kh, kw = x.shape[0] + 2 * padding - dy.shape[0] + 1, x.shape[1] + 2 * padding - "
     "dy.shape[1] + 1\n    dK = np.zeros((kh, kw))\n"
     "    for a in range(kh):\n        for b in range(kw):\n"
     "            for i in range(dy.shape[0]):\n                for j in range(dy.shape[1]):\n"
     "                    dK[a, b] += dy[i, j] * x[i + a - padding, j + b - padding]\n"
     "    return dK", ["IndexError", "np.pad(x, padding)", "test case 2"]),
])
def test_kernel_errors_get_a_hint(source, words):
    fb = ex.check_kernel_gradient(student_function(source, words))
    assert fb.status == "wrong" and all(w in fb.message for w in words), fb.message


# ------------------------------------------------------------------------ by hand
RIGHT = ex.by_hand_answer()


def test_by_hand_numbers_make_every_mistake_distinguishable():
    values = RIGHT.ravel()
    assert np.array_equal(values, np.round(values)) and np.all(np.abs(values) >= 10)
    texts = [str(int(abs(v))) for v in values]
    assert len(set(texts)) == 4
    assert not any(a in b for a, b in itertools.permutations(texts, 2))
    answers = [RIGHT] + [value for _, value, _ in ex.by_hand_mistakes()]
    for a, b in itertools.combinations(answers, 2):
        assert a.shape != b.shape or np.sum(~np.isclose(a, b)) >= 2
    assert np.issubdtype(ex.BY_HAND_X.dtype, np.integer) and ex.BY_HAND_X.shape == (4, 4)
    assert np.issubdtype(ex.BY_HAND_DY.dtype, np.integer) and ex.BY_HAND_DY.shape == (3, 3)
    assert np.abs(ex.BY_HAND_X).max() <= 3 and np.abs(ex.BY_HAND_DY).max() <= 2


def _wrong_by_hand():
    """Wrong answers of every kind: each typical mistake, slips, shapes, junk."""
    out = [(key, value) for key, value, _ in ex.by_hand_mistakes()]
    for idx in np.ndindex(2, 2):
        slip = RIGHT.copy()
        slip[idx] += 1
        out.append(("slip", slip))
    out += [("two slips", RIGHT + [[1, 0], [0, -2]]), ("zeros", np.zeros((2, 2))),
            ("x shape", np.ones((4, 4))), ("dy shape", np.ones((3, 3))), ("nan", np.full(
                (2, 2), np.nan)), ("text", "fourteen"), ("ragged", [[1, 2], [3]]),
            ("sorted", np.sort(RIGHT.ravel()).reshape(2, 2)),
            ("flat rotated", RIGHT.ravel()[::-1].tolist())]
    return out


@pytest.mark.parametrize("label, answer", _wrong_by_hand(), ids=lambda v: str(v)[:20])
def test_by_hand_never_reveals_the_numbers(label, answer):
    fb = ex.check_kernel_gradient_by_hand(answer)
    assert fb.status == "wrong", (label, fb.message)
    html = re.sub(r'style="[^"]*"', "", fb._repr_html_())       # colours hold digits
    text = " ".join([repr(fb), html, str(fb.show_inputs())])
    for number in RIGHT.ravel():
        assert str(int(number)) not in text, (label, text)


@pytest.mark.parametrize("key, words", [
    ("flipped_dy", "dy was flipped"), ("rotated", "rotated by 180"), ("flipped_x", "x was "
                                                                                   "flipped"),
    ("transpose", "transpose"), ("one_position", "position"), ("unsummed", "not added up"),
    ("mean", "a sum, not a mean"), ("missing_dy", "dy is missing"), ("sign", "wrong sign"),
    ("x_transposed", "x.T"), ("dy_transposed", "dy.T"), ("zeros", "not filled in yet"),
    ("flipped_one_axis", "flipped"),
])
def test_by_hand_names_each_mistake(key, words):
    for mistake_key, value, _ in ex.by_hand_mistakes():
        if mistake_key == key:
            fb = ex.check_kernel_gradient_by_hand(value.tolist())
            assert fb.mistake == key and words in fb.message, fb.message
            assert "`dK" not in fb.message and "range(" not in fb.message   # no code here
            assert "x_padded" not in fb.message                  # no padding in this one


def test_by_hand_names_a_mean_rounded_to_one_decimal():
    fb = ex.check_kernel_gradient_by_hand(np.round(RIGHT / 9, 1))
    assert fb.mistake == "mean", fb.message


def test_by_hand_names_entries_and_shapes_without_numbers():
    slip = RIGHT.copy()
    slip[0, 1] -= 3
    fb = ex.check_kernel_gradient_by_hand(slip)
    assert "dK[0, 1] (row 1, column 2) is not right" in fb.message and "slip" in fb.message
    fb = ex.check_kernel_gradient_by_hand(RIGHT + 1)
    assert "two or more entries are not right" in fb.message, fb.message
    fb = ex.check_kernel_gradient_by_hand(np.ones((4, 4)))
    assert "x's shape" in fb.message and "2 by 2" in fb.message


def test_by_hand_feedback_is_no_oracle():
    """A loop of guesses learns nothing: the feedback on a guess does not depend on how many
    of its entries are right, unless all but one are (which a guess cannot know)."""
    def text(answer):
        fb = ex.check_kernel_gradient_by_hand(answer)
        return fb.message + repr(fb.details)
    for make in (lambda g: [[g, g], [g, g]], lambda g: [[g]], lambda g: [g, g],
                 lambda g: [[g, 0], [0, 1]], lambda g: [[1, g], [g, 0]]):
        seen = {text(make(g)) for g in range(-60, 61) if g not in (0, 1)}
        assert len(seen) == 1, (make(2), seen)
    assert all(ex.check_kernel_gradient_by_hand([[g]]).mistake is None for g in range(-60, 61))


def test_by_hand_reveals_for_instructors_only():
    wrong = (RIGHT + 1).tolist()
    assert "14" not in repr(ex.check_kernel_gradient_by_hand(wrong))
    assert "14" in repr(ex.check_kernel_gradient_by_hand(wrong, reveal=True))
    try:
        ex.REVEAL_NUMBERS = True
        assert "14" in repr(ex.check_kernel_gradient_by_hand(wrong))
    finally:
        ex.REVEAL_NUMBERS = False


def test_by_hand_constants_are_read_only():
    with pytest.raises(ValueError):
        ex.BY_HAND_X[0, 0] = 5


def test_by_hand_function_called_with_arguments_says_what_to_pass():
    fb = ex.check_kernel_gradient_by_hand(kernel_gradient)
    assert fb.status == "wrong" and "takes no arguments" in fb.message, fb.message


# --------------------------------------------------------------------- never raises
@pytest.mark.parametrize("checker", [ex.check_kernel_gradient, ex.check_max_pool_backward,
                                     ex.check_kernel_gradient_by_hand])
@pytest.mark.parametrize("student", [None, 3, "text", lambda *a: 1 / 0, lambda *a: [],
                                     lambda *a: {"x": np.nan}, lambda *a: (np.inf,) * 3,
                                     lambda *a: object(), lambda *a: a, lambda *a: np.ones(
                                         (2, 2)) * 1j, lambda *a: [[1, 2], [3]]])
def test_checkers_never_raise(checker, student):
    fb = checker(student)
    assert fb.status in ("wrong", "not attempted") and fb.message


def test_the_bank_holds_right_and_wrong_answers_for_all_three():
    for entries in (KERNEL_GRADIENT, MAX_POOL_BACKWARD, KERNEL_GRADIENT_BY_HAND):
        assert any(not w for _, w in entries) and sum(bool(w) for _, w in entries) >= 4


def test_notebook_09_never_computes_the_by_hand_answer():
    """No code cell of notebook 09 works out the by-hand answer from BY_HAND_X and BY_HAND_DY
    (the exercise's numbers are printed, never correlated)."""
    cells, _ = _notebook_09_exercises()
    for cell in cells:
        if "BY_HAND_X" in cell or "BY_HAND_DY" in cell:
            assert not re.search(r"correlate|conv_backward|conv_forward|kernel_gradient\(|"
                                 r"by_hand_answer|@|np\.sum", cell), cell


#: mistakes that coincide with an earlier one on every case where they differ from the right
#: answer (the earlier one's message covers them): a 2-wide window sliced one short is its
#: corner; x and dy swapped fit only in 'same' padding, where they give dK rotated
COINCIDE = {"window_one_short": "all_to_one", "swapped": "rotated"}


@pytest.mark.parametrize("checker, mistakes", [
    (ex.check_kernel_gradient, ex.KERNEL_MISTAKES), (ex.check_max_pool_backward,
                                                     ex.POOL_MISTAKES)], ids=["kernel", "pool"])
def test_the_cases_tell_every_mistake_apart(checker, mistakes):
    for mistake in mistakes:
        fb = checker(mistake.answer)
        if fb.mistake is None:                          # raises on the first case it differs:
            assert "raised" in fb.message, (mistake, fb.message)     # student code does too
            continue
        assert fb.mistake == COINCIDE.get(mistake.key, mistake.key), (mistake, fb.message)
        if fb.mistake == mistake.key:
            assert mistake.message in fb.message

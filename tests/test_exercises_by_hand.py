"""Notebook 04's checkers accept the solutions and name each typical mistake.

layer_backward's typical mistakes are in tests/mistake_bank.py; exercise 1's numbers are here,
computed from SMALL (the checker's data), each wrong number named by its key."""
import itertools

import numpy as np
import pytest

from helpers.activations import dsigmoid, sigmoid
from helpers.exercises.by_hand import (
    SMALL,
    check_layer_backward,
    check_small_backward,
    reference_layer_backward,
    small_backward,
)
from solutions.by_hand import layer_backward, small_backward_by_hand


def _loss(W1=None, b1=None, W2=None, b2=None):
    s = SMALL
    W1 = s["W1"] if W1 is None else W1
    b1 = s["b1"] if b1 is None else b1
    W2 = s["W2"] if W2 is None else W2
    b2 = s["b2"] if b2 is None else b2
    a1 = sigmoid((W1 @ s["x"]).item() + b1)
    return -np.log(sigmoid(W2 * a1 + b2))


def test_small_reference_by_finite_differences():
    r, h, s = small_backward(), 1e-6, SMALL
    assert r["loss"] == pytest.approx(_loss())
    assert r["dW2"] == pytest.approx((_loss(W2=s["W2"] + h) - _loss(W2=s["W2"] - h)) / (2 * h),
                                     abs=1e-8)
    assert r["db1"] == pytest.approx((_loss(b1=s["b1"] + h) - _loss(b1=s["b1"] - h)) / (2 * h),
                                     abs=1e-8)
    for k in range(2):
        e = np.zeros((1, 2))
        e[0, k] = h
        numeric = (_loss(W1=s["W1"] + e) - _loss(W1=s["W1"] - e)) / (2 * h)
        assert r["dW1"][0, k] == pytest.approx(numeric, abs=1e-8)


def test_small_numbers_are_all_distinct():
    """Issue 12: every quantity differs, so using the wrong layer's value never passes (db = dz
    per layer is the one identity the maths imposes)."""
    r, s = small_backward(), SMALL
    values = {k: float(np.ravel(v)[0]) for k, v in r.items() if k not in ("dW1", "db1", "db2")}
    values.update(dW1_1=r["dW1"][0, 0], dW1_2=r["dW1"][0, 1], x1=s["x"][0, 0],
                  x2=s["x"][1, 0], w11=s["W1"][0, 0], w12=s["W1"][0, 1], b1=s["b1"],
                  W2=s["W2"], b2=s["b2"], y=s["y"])
    for (a, u), (b, v) in itertools.combinations(values.items(), 2):
        assert abs(u - v) > 0.01 * max(abs(u), abs(v)), (a, b, u, v)
    assert r["db1"] == r["dz1"] and r["db2"] == r["dz2"]


def test_small_accepts_solution_and_rounded_numbers():
    assert check_small_backward(small_backward_by_hand()).passed
    rounded = {k: np.round(v, 4) for k, v in small_backward().items()}
    assert check_small_backward(rounded).passed
    as_arrays = {k: np.array([[v]]) if np.ndim(v) == 0 else v for k, v in rounded.items()}
    assert check_small_backward(as_arrays).passed                 # (1, 1) arrays are numbers
    assert check_small_backward(None).status == "not attempted"
    assert check_small_backward({k: None for k in rounded}).status == "not attempted"


R = small_backward()
S = SMALL
BACK = S["W2"] * R["dz2"]
X_ROW = S["x"].T


@pytest.mark.parametrize("key, value, words", [
    ("z1", (S["W1"] @ S["x"]).item(), "bias b1 is missing"),
    ("a1", R["z1"], "apply the sigmoid"),
    ("z2", S["W2"] * R["z1"] + S["b2"], "z1 used where a1"),
    ("loss", -np.log10(R["a2"]), "natural log"),
    ("loss", np.log(R["a2"]), "minus sign"),
    ("loss", -np.log(R["a1"]), "a1 used where a2"),
    ("dz2", R["dz2"] * R["a2"] * (1 - R["a2"]), "sigma' cancels"),
    ("dz2", -R["dz2"], "wrong sign"),
    ("dW2", R["dz2"] * R["z1"], "z1 used where a1 is needed"),
    ("dW2", R["dz2"] * R["a2"], "a2 used where a1 is needed"),
    ("dW2", R["dz2"], "factor a1 is missing"),
    ("db2", R["dz2"] * R["a1"], "constant 1"),
    ("dz1", BACK, "sigma'(z1) is forgotten"),
    ("dz1", BACK * float(dsigmoid(R["a1"])), "evaluated at a1"),
    ("dz1", BACK * R["z1"] * (1 - R["z1"]), "needs the activation a1, not z1"),
    ("dz1", BACK * float(dsigmoid(R["z2"])), "sigma'(z2) used where sigma'(z1)"),
    ("dz1", R["dz2"] * float(dsigmoid(R["z1"])), "W2 that carries dz2 back"),
    ("dz1", BACK * R["a1"], "a1 = σ(z1) used where its slope"),
    ("dW1", (R["dz1"] * X_ROW).T, "transpose"),
    ("dW1", (R["dz1"] * X_ROW[:, ::-1]).ravel().tolist(), "swapped"),
    ("dW1", R["dz2"] * X_ROW, "dz2 used where dz1"),
    ("db1", BACK, "forgotten in dz1"),
    ("db1", R["dz2"], "dz2 used where dz1"),
])
def test_small_names_the_mistake(key, value, words):
    answers = small_backward()
    answers[key] = value
    fb = check_small_backward(answers)
    assert fb.status == "wrong" and words in fb.message and fb.message.startswith(key), fb.message


def test_small_says_which_is_missing():
    answers = small_backward()
    answers["dz1"] = None
    fb = check_small_backward(answers)
    assert fb.status == "wrong" and "dz1: not filled in yet" in fb.message


def test_small_accepts_keys_in_the_matrices_case_and_names_stray_keys():
    answers = {k.replace("dz", "dZ"): v for k, v in small_backward().items()}   # dZ2, dZ1
    assert check_small_backward(answers).passed, check_small_backward(answers).message
    answers = small_backward()
    answers["dW_1"] = answers.pop("dW1")
    fb = check_small_backward(answers)
    assert fb.status == "wrong" and "dW1: not filled in yet" in fb.message
    assert "'dW_1', a key the exercise does not use" in fb.message, fb.message


def test_layer_accepts_solution_and_other_forms():
    assert check_layer_backward(layer_backward).passed
    assert check_layer_backward(lambda *a: list(reference_layer_backward(*a))).passed
    assert check_layer_backward(lambda dZ, A, W, Z: None).status == "not attempted"
    fb = check_layer_backward(lambda dZ, A, W, Z: (None, None, None))
    assert fb.status == "wrong" and "dW: not computed yet" in fb.message


def test_layer_transpose_of_w_named_on_the_square_case():
    def fn(dZ, A_prev, W, Z_prev):
        if W.shape[0] != W.shape[1]:
            return reference_layer_backward(dZ, A_prev, W, Z_prev)
        return reference_layer_backward(dZ, A_prev, W, Z_prev, back=W @ dZ)
    fb = check_layer_backward(fn)
    assert fb.status == "wrong" and "W used where W.T is needed" in fb.message
    assert "test case 2 of 2" in fb.message


def test_layer_constant_factor_hint_names_only_1_over_m():
    fb = check_layer_backward(lambda *a: (0.3 * reference_layer_backward(*a)[0],)
                              + reference_layer_backward(*a)[1:])
    assert "0.3 times the right one" in fb.message and "(1/m?)" in fb.message


def _shown_numbers(fb):
    """Every text a student sees: the message, the rows, the inputs on request."""
    return repr(fb) + str(fb.show_inputs()) + fb._repr_html_()


@pytest.mark.parametrize("key", list(small_backward()))
def test_small_never_reveals_the_number_it_expects(key):
    """Issue 25: eleven all-zero submissions must not hand out the eleven numbers."""
    answers = small_backward()
    answers[key] = np.zeros_like(answers[key]) + 0.123
    fb = check_small_backward(answers)
    assert fb.status == "wrong" and fb.message.startswith(key) and "check" in fb.message
    right = np.ravel(small_backward()[key])
    text = _shown_numbers(fb)
    for value in right:
        for digits in (2, 3, 4, 6):
            assert f"{value:.{digits}g}" not in text, (value, text)
            assert f"{value:.{digits}f}" not in text, (value, text)
    assert "expected" not in text


def test_an_instructor_can_switch_the_numbers_back_on(monkeypatch):
    from helpers.exercises import by_hand
    answers = {k: 0.0 for k in small_backward()}
    assert "expected 1.6" in check_small_backward(answers, reveal=True).message
    assert "1.6" not in check_small_backward(answers).message
    monkeypatch.setattr(by_hand, "REVEAL_NUMBERS", True)
    assert "expected 1.6" in check_small_backward(answers).message


def test_small_takes_the_function_too_and_never_raises():
    assert check_small_backward(small_backward_by_hand).passed
    fb = check_small_backward(lambda: 1 / 0)
    assert fb.status == "wrong" and "ZeroDivisionError" in fb.message
    for odd in ("text", 3, [1, 2], {"z1": "abc"}, {"z1": float("nan")}, {"z1": object()},
                {"z1": [1.6, 2.0]}, {"dW1": np.ones((5, 5))}):
        fb = check_small_backward(odd)
        assert fb.status in ("wrong", "not attempted"), (odd, fb)

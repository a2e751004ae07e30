"""Notebook 04's checkers accept the solutions and name each typical mistake."""
import numpy as np
import pytest

from helpers.activations import dsigmoid, dsigmoid_from_a, sigmoid
from helpers.exercises.by_hand import (check_layer_backward, check_small_backward,
                                       reference_layer_backward, small_backward)
from solutions.by_hand import layer_backward, small_backward_by_hand


def test_small_reference_by_finite_differences():
    """The reference numbers of exercise 1, against a finite difference of the loss."""
    x, W1, W2, b1, b2 = np.array([2.0, 1.0]), np.array([0.5, -1.0]), 2.0, 0.0, -1.0

    def loss(W1=W1, b1=b1, W2=W2, b2=b2):
        return -np.log(sigmoid(W2 * sigmoid(W1 @ x + b1) + b2))

    r, h = small_backward(), 1e-6
    assert r["dW2"] == pytest.approx((loss(W2=W2 + h) - loss(W2=W2 - h)) / (2 * h), abs=1e-8)
    assert r["db1"] == pytest.approx((loss(b1=b1 + h) - loss(b1=b1 - h)) / (2 * h), abs=1e-8)
    e = np.array([h, 0.0])
    assert r["dW1"][0, 0] == pytest.approx((loss(W1=W1 + e) - loss(W1=W1 - e)) / (2 * h),
                                           abs=1e-8)
    assert r["loss"] == pytest.approx(loss())


def test_small_accepts_solution_and_rounded_numbers():
    assert check_small_backward(small_backward_by_hand()).passed
    rounded = {k: np.round(v, 4) for k, v in small_backward().items()}
    assert check_small_backward(rounded).passed
    as_arrays = {k: np.array([[v]]) if np.ndim(v) == 0 else v for k, v in rounded.items()}
    assert check_small_backward(as_arrays).passed                 # (1, 1) arrays are numbers
    assert check_small_backward(None).status == "not attempted"
    assert check_small_backward({k: None for k in rounded}).status == "not attempted"


@pytest.mark.parametrize("key, value, words", [
    ("loss", np.log10(2), "natural log"),
    ("loss", np.log(0.5), "minus sign"),
    ("dz2", -0.125, "sigma' cancels"),
    ("dz2", 0.5, "wrong sign"),
    ("dW2", 0.0, "z1 used where a1 is needed"),
    ("dW2", -0.5, "factor a1 is missing"),
    ("db2", -0.25, "constant 1"),
    ("dz1", -1.0, "sigma'(z1) is forgotten"),
    ("dz1", -1.0 * float(dsigmoid(0.5)), "evaluated at a1"),
    ("dz1", 0.0, "needs the activation a1, not z1"),
    ("dz1", -0.125, "W2 that carries dz2 back"),
    ("dW1", [[-0.5], [-0.25]], "transpose"),
    ("dW1", [-0.25, -0.5], "swapped"),
    ("db1", -1.0, "forgotten in dz1"),
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


def test_layer_accepts_solution():
    assert check_layer_backward(layer_backward).passed
    assert check_layer_backward(lambda dZ, A, W, Z: None).status == "not attempted"
    assert check_layer_backward(lambda dZ, A, W, Z: (None, None, None)).status == "not attempted"


def _variant(dW=None, db=None, dZp=None):
    def fn(dZ, A_prev, W, Z_prev):
        ref = reference_layer_backward(dZ, A_prev, W, Z_prev)
        m = dZ.shape[1]
        return (dW(dZ, A_prev, W, Z_prev, m) if dW else ref[0],
                db(dZ, m) if db else ref[1],
                dZp(dZ, A_prev, W, Z_prev, m) if dZp else ref[2])
    return fn


@pytest.mark.parametrize("fn, words", [
    (_variant(dW=lambda dZ, A, W, Z, m: dZ @ A.T), "dW: the 1/m is missing"),
    (_variant(dW=lambda dZ, A, W, Z, m: dZ @ Z.T / m), "Z_prev used where A_prev"),
    (_variant(dW=lambda dZ, A, W, Z, m: A @ dZ.T / m), "transpose"),
    (_variant(db=lambda dZ, m: dZ / m), "not summed over the examples"),
    (_variant(db=lambda dZ, m: dZ.sum(axis=1, keepdims=True)), "db: the 1/m is missing"),
    (_variant(db=lambda dZ, m: dZ.sum(axis=0, keepdims=True) / m), "axis=1"),
    (_variant(db=lambda dZ, m: dZ.sum(axis=1) / m), "wrong shape"),
    (_variant(dZp=lambda dZ, A, W, Z, m: W.T @ dZ), "sigma'(Z_prev) is forgotten"),
    (_variant(dZp=lambda dZ, A, W, Z, m: (W.T @ dZ) * dsigmoid_from_a(Z)),
     "expects the activation"),
    (_variant(dZp=lambda dZ, A, W, Z, m: (W.T @ dZ) * dsigmoid(A)), "evaluated at A_prev"),
    (_variant(dZp=lambda dZ, A, W, Z, m: (W.T @ dZ) * dsigmoid(Z) / m), "carries no 1/m"),
    (_variant(dZp=lambda dZ, A, W, Z, m: -(W.T @ dZ) * dsigmoid(Z)), "wrong sign"),
])
def test_layer_names_the_mistake(fn, words):
    fb = check_layer_backward(fn)
    assert fb.status == "wrong" and words in fb.message, fb.message


def test_layer_transpose_of_w():
    """W instead of W.T: named on the square case, which the checker runs first."""
    fn = _variant(dZp=lambda dZ, A, W, Z, m: (W @ dZ) * dsigmoid(Z))
    fb = check_layer_backward(fn)
    assert fb.status == "wrong" and "W used where W.T is needed" in fb.message, fb.message


def test_layer_shape_error_gets_a_hint():
    def fn(dZ, A_prev, W, Z_prev):
        if W.shape[0] == W.shape[1]:
            return reference_layer_backward(dZ, A_prev, W, Z_prev)
        return None, None, (W @ dZ) * dsigmoid(Z_prev)       # raises on the non-square case
    fb = check_layer_backward(fn)
    assert fb.status == "wrong" and "W.T @ dZ" in fb.message and "test case 2" in fb.message


def test_layer_wrong_arity_and_exceptions():
    assert "three values" in check_layer_backward(lambda *a: (1, 2)).message
    fb = check_layer_backward(lambda *a: 1 / 0)
    assert fb.status == "wrong" and "ZeroDivisionError" in fb.message

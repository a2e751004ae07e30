"""Notebook 05's checkers accept the reference solutions and name each typical mistake."""
import numpy as np
import pytest

from helpers.exercises.training import (check_momentum_step, check_sgd_step,
                                        reference_momentum_step)
from solutions.training import momentum_step, sgd_step


def test_momentum_reference_by_hand():
    w, v = reference_momentum_step(np.array([1.0]), np.array([0.5]), np.array([0.2]), 0.1, 0.9)
    np.testing.assert_allclose(v, [0.65])             # 0.9 * 0.5 + 0.2
    np.testing.assert_allclose(w, [1.0 - 0.065])


def test_momentum_checker():
    assert check_momentum_step(momentum_step).passed
    assert check_momentum_step(lambda *a: None).status == "not attempted"
    wrongs = {
        "raw gradient": lambda w, v, g, lr, b: (w - lr * g, b * v + g),
        "old velocity": lambda w, v, g, lr, b: (w - lr * v, b * v + g),
        "wrong sign": lambda w, v, g, lr, b: (w + lr * (b * v + g), b * v + g),
        "beta is missing": lambda w, v, g, lr, b: (w - lr * (v + g), v + g),
        "averaging form": lambda w, v, g, lr, b: (w - lr * (b * v + (1 - b) * g),
                                                  b * v + (1 - b) * g),
        "learning rate appears twice": lambda w, v, g, lr, b: (w - lr * (b * v - lr * g),
                                                               b * v - lr * g),
        "return the pair": lambda w, v, g, lr, b: w - lr * (b * v + g),
    }
    for words, fn in wrongs.items():
        fb = check_momentum_step(fn)
        assert fb.status == "wrong" and words in fb.message, (words, fb.message)


def _sig(z):
    return 1 / (1 + np.exp(-z))


def make_wrong(no_mean=False, no_sigma=False, plus=False, z_for_a=False, db_unsummed=False,
               transpose=False):
    def step(params, X, Y, lr):
        W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        m = 1 if no_mean else X.shape[1]
        Z1 = W1 @ X + b1
        A1 = _sig(Z1)
        dZ2 = _sig(W2 @ A1 + b2) - Y
        dW2 = dZ2 @ (Z1 if z_for_a else A1).T / m
        db2 = dZ2.sum(axis=1, keepdims=True) / m
        dZ1 = (W2.T @ dZ2) * (1.0 if no_sigma else A1 * (1 - A1))
        dW1 = (X @ dZ1.T if transpose else dZ1 @ X.T) / m
        db1 = dZ1 / m if db_unsummed else dZ1.sum(axis=1, keepdims=True) / m
        s = 1.0 if plus else -1.0
        return {"W1": W1 + s * lr * dW1, "b1": b1 + s * lr * db1, "W2": W2 + s * lr * dW2,
                "b2": b2 + s * lr * db2}
    return step


@pytest.mark.parametrize("flags, words", [
    (dict(no_mean=True), "divide by m"),
    (dict(no_sigma=True), "sigma'(Z1)"),
    (dict(plus=True), "wrong sign"),
    (dict(z_for_a=True), "uses Z1 where A1"),
    (dict(db_unsummed=True), "b1: wrong shape"),
])
def test_sgd_checker_names_mistakes(flags, words):
    fb = check_sgd_step(make_wrong(**flags))
    assert fb.status == "wrong" and words in fb.message, fb.message


def test_sgd_checker_accepts_the_solution_and_reports_other_failures():
    assert check_sgd_step(sgd_step).passed
    assert check_sgd_step(make_wrong()).passed          # the helper itself, unflagged, is right
    assert check_sgd_step(lambda *a: None).status == "not attempted"
    fb = check_sgd_step(lambda p, X, Y, lr: {"W1": p["W1"]})
    assert fb.status == "wrong" and "keys W1, b1, W2, b2" in fb.message
    fb = check_sgd_step(lambda p, X, Y, lr: 1 / 0)
    assert "ZeroDivisionError" in fb.message
    fb = check_sgd_step(make_wrong(transpose=True))    # dW1 transposed: W1 - lr dW1 fails
    assert fb.status == "wrong" and "each gradient has the shape of its parameter" in fb.message

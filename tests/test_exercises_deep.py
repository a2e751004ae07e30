"""Notebook 07's checkers accept the reference solutions and name each typical mistake."""
import numpy as np
import pytest

from helpers.exercises.deep import (
    check_clip_by_norm,
    check_weight_std,
    reference_clip_by_norm,
    reference_weight_std,
)
from helpers.optimizers import clip_by_norm as helpers_clip
from solutions.deep import clip_by_norm, weight_std

WRONG_STD = {   # a wrong answer -> words its feedback must contain
    "variance": (lambda n, act: (2.0 if act == "relu" else 1.0) / n, "square root"),
    "sqrt(n)": (lambda n, act: np.sqrt(n), "denominator"),
    "sqrt(n/2)": (lambda n, act: np.sqrt(n / 2 if act == "relu" else n), "denominator"),
    "1/n": (lambda n, act: 1.0 / n, "1/sqrt(n)"),
    "doc 000": (lambda n, act: 0.01, "document 000"),
    "lecun everywhere": (lambda n, act: np.sqrt(1.0 / n), "factor 2 (He)"),
    "he everywhere": (lambda n, act: np.sqrt(2.0 / n), "ReLU only"),
    "glorot-like": (lambda n, act: np.sqrt(2.0 / (n + 1)), "expected"),
}


def test_weight_std_reference_by_hand():
    assert reference_weight_std(50, "relu") == pytest.approx(0.2)          # sqrt(2 / 50)
    assert reference_weight_std(25, "tanh") == pytest.approx(0.2)          # sqrt(1 / 25)


def test_weight_std_checker_accepts_the_solution_in_any_number_form():
    assert check_weight_std(weight_std).passed
    assert check_weight_std(lambda n, a: np.array([[weight_std(n, a)]])).passed
    assert check_weight_std(lambda n, a: None).status == "not attempted"


@pytest.mark.parametrize("label", WRONG_STD)
def test_weight_std_checker_names_each_mistake(label):
    fn, words = WRONG_STD[label]
    fb = check_weight_std(fn)
    assert fb.status == "wrong" and words in fb.message, (label, fb.message)


def _norm(g):
    return np.sqrt(sum(np.sum(v ** 2) for v in g.values()))


def _scaled(factor_of_norm):
    def clip(grads, max_norm):
        f = factor_of_norm(_norm(grads), max_norm)
        return {k: v * f for k, v in grads.items()}
    return clip


def _in_place(grads, max_norm):
    f = min(1.0, max_norm / _norm(grads))
    for v in grads.values():
        v *= f
    return grads


WRONG_CLIP = {
    "np.clip": (lambda g, c: {k: np.clip(v, -c, c) for k, v in g.items()}, "np.clip"),
    "per array": (lambda g, c: {k: v * min(1.0, c / np.linalg.norm(v)) for k, v in g.items()},
                  "ALL the entries"),
    "always": (_scaled(lambda n, c: c / n), "min(1, max_norm / norm)"),
    "squared": (_scaled(lambda n, c: min(1.0, c / n ** 2)), "squared norm"),
    "inverted": (_scaled(lambda n, c: n / c if n > c else 1.0), "upside down"),
    "in place": (_in_place, "in place"),
    "printed, no return": (lambda g, c: print(_norm(g)), "printed something"),
    "no return": (lambda g, c: [_norm(g)] and None, "forget `return`"),
    "missing key": (lambda g, c: {"dW1": g["dW1"]}, "missing db1"),
}


def test_clip_reference_by_hand_and_against_helpers():
    grads = {"dW1": np.array([[3.0]]), "db1": np.array([[4.0]])}          # norm 5
    out = reference_clip_by_norm(grads, 2.5)
    assert out["dW1"][0, 0] == pytest.approx(1.5) and out["db1"][0, 0] == pytest.approx(2.0)
    for seed in range(3):
        g = {k: v * 3 for k, v in zip("ab", np.random.default_rng(seed).standard_normal((2, 3, 2)))}
        ours, _ = helpers_clip(g, 1.0)
        for k in g:
            np.testing.assert_allclose(reference_clip_by_norm(g, 1.0)[k], ours[k], rtol=1e-14)


def test_clip_checker_accepts_the_solution():
    assert check_clip_by_norm(clip_by_norm).passed
    assert check_clip_by_norm(lambda g, c: helpers_clip(g, c)[0]).passed
    assert check_clip_by_norm(lambda g, c: None).status == "not attempted"


@pytest.mark.parametrize("label", WRONG_CLIP)
def test_clip_checker_names_each_mistake(label):
    fn, words = WRONG_CLIP[label]
    fb = check_clip_by_norm(fn)
    assert fb.status == "wrong" and words in fb.message, (label, fb.message)

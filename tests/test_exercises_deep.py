"""Notebook 07's checkers accept the reference solutions and name each typical mistake."""
import numpy as np
import pytest

from helpers.exercises.deep import (
    check_batch_norm_backward,
    check_clip_by_norm,
    check_weight_std,
    reference_batch_norm_backward,
    reference_clip_by_norm,
    reference_weight_std,
)
from helpers.normalisation import batch_norm_backward as helpers_bn_backward
from helpers.normalisation import batch_norm_forward
from helpers.optimizers import clip_by_norm as helpers_clip
from solutions.deep import batch_norm_backward, clip_by_norm, weight_std

WRONG_STD = {   # a wrong answer -> words its feedback must contain
    "variance": (lambda n, act: (2.0 if act == "relu" else 1.0) / n, "square root"),
    "sqrt(n)": (lambda n, act: np.sqrt(n), "denominator"),
    "sqrt(n/2)": (lambda n, act: np.sqrt(n / 2 if act == "relu" else n), "denominator"),
    "1/n": (lambda n, act: 1.0 / n, "1/sqrt(n)"),
    "doc 000": (lambda n, act: 0.01, "document 000"),
    "lecun everywhere": (lambda n, act: np.sqrt(1.0 / n), "factor 2 (He)"),
    "he everywhere": (lambda n, act: np.sqrt(2.0 / n), "ReLU only"),
    "glorot-like": (lambda n, act: np.sqrt(2.0 / (n + 1)), "expected"),
    "sqrt(2n)": (lambda n, act: np.sqrt(2 * n if act == "relu" else n), "sqrt(2 n)"),
    "sqrt(1/(2n))": (lambda n, act: np.sqrt(1 / (2 * n) if act == "relu" else 1 / n),
                     "upside down"),
    "2/sqrt(n)": (lambda n, act: (2.0 if act == "relu" else 1.0) / np.sqrt(n), "out of the square"),
    "tanh gain 0.394": (lambda n, act: np.sqrt((2.0 if act == "relu" else 1.0) / n)
                       * (1 / np.sqrt(0.394) if act == "tanh" else 1.0), "tanh's gain"),
    "tanh gain 1.59": (lambda n, act: np.sqrt((2.0 if act == "relu" else 1.0) / n)
                       * (1.59 if act == "tanh" else 1.0), "tanh's gain"),
    "tanh gain 5/3": (lambda n, act: np.sqrt((2.0 if act == "relu" else 1.0) / n)
                      * (5 / 3 if act == "tanh" else 1.0), "near z = 0"),
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
    "printed, no return": (lambda g, c: print(_norm(g)), "printed something"),
    "no return": (lambda g, c: [_norm(g)] and None, "forget `return`"),
    "missing key": (lambda g, c: {"dW1": g["dW1"]}, "missing db1"),
    "sum of norms": (lambda g, c: {k: v * min(1.0, c / sum(np.linalg.norm(u) for u in g.values()))
                                   for k, v in g.items()}, "sum of each array's norm"),
    "weights only": (lambda g, c: {k: v * min(1.0, c / np.sqrt(sum(np.sum(u ** 2) for n, u in
                                                                   g.items() if n[1] == "W")))
                                   for k, v in g.items()}, "biases were left out"),
    "max for min": (_scaled(lambda n, c: max(1.0, c / n)), "comes back unclipped"),
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
    in_place = check_clip_by_norm(_in_place)          # right values, input changed: a note
    assert in_place.passed and "in place" in in_place.message, in_place.message
    assert check_clip_by_norm(lambda g, c: helpers_clip(g, c)[0]).passed
    assert check_clip_by_norm(lambda g, c: None).status == "not attempted"


@pytest.mark.parametrize("label", WRONG_CLIP)
def test_clip_checker_names_each_mistake(label):
    fn, words = WRONG_CLIP[label]
    fb = check_clip_by_norm(fn)
    assert fb.status == "wrong" and words in fb.message, (label, fb.message)


# ------------------------------------------------------- batch normalisation, backward
def _bn(dout, xhat, gamma, s, *, mean=True, var=True, use_gamma=True, inner_m=True,
        outer_m=False):
    dxhat = (gamma if use_gamma else 1) * dout
    red = (lambda a: a.mean(axis=1, keepdims=True)) if inner_m else \
        (lambda a: a.sum(axis=1, keepdims=True))
    dZ = (dxhat - (red(dxhat) if mean else 0) - (xhat * red(dxhat * xhat) if var else 0)) / s
    dZ = dZ / dout.shape[1] if outer_m else dZ
    return dZ, (dout * xhat).sum(axis=1, keepdims=True), dout.sum(axis=1, keepdims=True)


WRONG_BN = {
    "gamma left out": (lambda *a: _bn(*a, use_gamma=False), "gamma is left out"),
    "mean path": (lambda *a: _bn(*a, mean=False), "mean's path is missing"),
    "variance path": (lambda *a: _bn(*a, var=False), "variance's path is missing"),
    "both paths": (lambda *a: _bn(*a, mean=False, var=False), "only the direct path"),
    "sums": (lambda *a: _bn(*a, inner_m=False), "1/m is missing inside"),
    "1/m outside": (lambda *a: _bn(*a, outer_m=True), "1/m is misplaced"),
    "dgamma": (lambda d, x, g, s: (_bn(d, x, g, s)[0], d.sum(axis=1, keepdims=True),
                                   d.sum(axis=1, keepdims=True)), "dgamma is sum(dout * xhat)"),
    "raises": (lambda d, x, g, s: d @ x, "batch_norm_backward"),
    "returns text": (lambda d, x, g, s: "dZ", "batch_norm_backward"),
}


def test_bn_reference_against_the_helpers_module():
    rng = np.random.default_rng(0)
    Z, G = rng.standard_normal((3, 6)), rng.standard_normal((3, 6))
    gamma, beta = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    _, cache = batch_norm_forward(Z, gamma, beta)
    ours = reference_batch_norm_backward(G, cache["xhat"], gamma, cache["s"])
    for a, b in zip(ours, helpers_bn_backward(G, cache)):
        np.testing.assert_allclose(a, b, rtol=1e-14)


def test_bn_checker_accepts_the_solution_and_other_right_forms():
    assert check_batch_norm_backward(batch_norm_backward).passed

    def by_paths(dout, xhat, gamma, s):                 # the three paths written out
        m = dout.shape[1]
        dxhat = gamma * dout
        dvar = np.sum(dxhat * xhat, axis=1, keepdims=True) * (-0.5) / s ** 2
        dmu = -np.sum(dxhat, axis=1, keepdims=True) / s
        dZ = dxhat / s + dvar * 2 * xhat * s / m + dmu / m
        return [dZ, np.sum(dout * xhat, axis=1, keepdims=True), dout.sum(1, keepdims=True)]
    assert check_batch_norm_backward(by_paths).passed
    assert check_batch_norm_backward(lambda d, x, g, s: None).status == "not attempted"


@pytest.mark.parametrize("label", WRONG_BN)
def test_bn_checker_names_each_mistake(label):
    fn, words = WRONG_BN[label]
    fb = check_batch_norm_backward(fn)
    assert fb.status == "wrong" and words in fb.message, (label, fb.message)


@pytest.mark.parametrize("checker", [check_weight_std, check_clip_by_norm,
                                     check_batch_norm_backward])
@pytest.mark.parametrize("student", [None, 3, "text", lambda *a: 1 / 0, lambda *a: [],
                                     lambda *a: {"x": np.nan}, lambda *a: (np.inf,) * 3,
                                     lambda *a: object(), lambda *a: a])
def test_checkers_never_raise(checker, student):
    fb = checker(student)
    assert fb.status in ("wrong", "not attempted") and fb.message

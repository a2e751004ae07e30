"""Notebook 02's checkers: references right, solutions pass, other forms accepted.

The typical mistakes are in tests/mistake_bank.py (run by test_exercises_bank.py)."""
import numpy as np
import pytest

from helpers import losses
from helpers.exercises.losses import (
    check_bce_loss,
    check_mse_grad_z,
    reference_bce_loss,
    reference_mse_grad_z,
)
from helpers.gradcheck import numerical_gradient
from solutions.losses import bce_loss, mse_grad_z


def sig(z):
    return 1 / (1 + np.exp(-z))


def test_references_against_the_core_and_finite_differences():
    A = np.array([[0.9, 0.2, 0.6]])
    Y = np.array([[1.0, 0.0, 0.0]])
    assert reference_bce_loss(A, Y) == pytest.approx(losses.bce(A, Y), rel=1e-12)
    Z = np.array([[-3.0, 0.2, 1.5, 4.0]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    numeric = numerical_gradient(lambda: losses.mse(sig(Z), Y), Z)
    m = Z.shape[1]
    # dZ is per example: the gradient of the AVERAGED loss is dZ / m
    np.testing.assert_allclose(reference_mse_grad_z(Z, Y) / m, numeric, rtol=1e-6, atol=1e-12)


def test_solutions_pass_and_stubs_are_not_attempted():
    assert check_bce_loss(bce_loss).passed
    assert check_mse_grad_z(mse_grad_z).passed
    assert check_bce_loss(lambda A, Y: None).status == "not attempted"
    assert "not attempted yet" in str(check_mse_grad_z(lambda Z, Y: None))


@pytest.mark.parametrize("form", [lambda v: np.array([[v]]), lambda v: np.array(v),
                                  lambda v: np.float32(v), lambda v: [v]])
def test_the_loss_is_accepted_as_any_one_number(form):
    assert check_bce_loss(lambda A, Y: form(bce_loss(A, Y))).passed


def test_dz_divided_by_m_is_named_with_the_convention():
    fb = check_mse_grad_z(lambda Z, Y: mse_grad_z(Z, Y) / Z.shape[1])
    assert "dZ is per example; the 1/m enters dW and db" in fb.message


def test_no_constant_factor_hint_without_constants():
    """Neither 1/m nor a learning rate is part of mse_grad_z: a scaled answer gets no
    'constant factor (1/m? the learning rate?)' hint, only the first wrong entry."""
    fb = check_mse_grad_z(lambda Z, Y: 0.37 * mse_grad_z(Z, Y))
    assert fb.status == "wrong" and "constant factor" not in fb.message
    assert "column" in fb.message


def _bce(expr):
    """A student's bce_loss written as one expression of A, Y and np."""
    return lambda A, Y: eval(expr, {"np": np, "A": A, "Y": Y})


_TERM = "(Y * np.log(A) + (1 - Y) * np.log(1 - A))"


@pytest.mark.parametrize("expr, words", [
    (f"-np.mean({_TERM}, axis=0)", ["wrong axis", "axis=0", "outputs", "per example"]),
    (f"-np.sum({_TERM}, axis=0)", ["wrong axis", "one number per example"]),
    (f"-{_TERM}", ["one loss per example", "unreduced"]),
    (f"-np.mean({_TERM}, axis=1)", None),        # one output: the mean of the row, accepted
    ("-np.sum(Y * np.log(A)) / A.shape[1] + np.sum((1 - Y) * np.log(1 - A)) / A.shape[1]",
     ["minus sign reaches the first term only"]),
    ("np.sum(Y * np.log(A)) / A.shape[1] - np.sum((1 - Y) * np.log(1 - A)) / A.shape[1]",
     ["minus sign reaches the second term only"]),
])
def test_bce_axis_sign_and_reduction_mistakes_are_each_named(expr, words):
    fb = check_bce_loss(_bce(expr))
    if words is None:                               # right on one output, wrong on three
        assert fb.status == "wrong" and "one average per output" in fb.message
        return
    assert fb.status == "wrong"
    for w in words:
        assert w in fb.message, (w, fb.message)


def test_mean_over_all_entries_is_named_on_several_outputs():
    fb = check_bce_loss(_bce(f"-np.mean({_TERM})"))
    assert fb.status == "wrong" and "all n_outputs × m entries" in fb.message
    assert "test case 2" in fb.message               # one output: np.mean is right


@pytest.mark.parametrize("factor, words", [(2, ["twice", "without the ½"]),
                                           (0.5, ["half", "extra ½"])])
def test_mse_grad_z_factor_two_and_half_are_named(factor, words):
    fb = check_mse_grad_z(lambda Z, Y: factor * mse_grad_z(Z, Y))
    assert fb.status == "wrong" and all(w in fb.message for w in words), fb.message


def test_mse_grad_z_two_without_sigma_prime_is_named():
    fb = check_mse_grad_z(lambda Z, Y: 2 * (sig(Z) - Y))
    assert "a (1 - a)" in fb.message and "without the ½" in fb.message


@pytest.mark.parametrize("answer", [
    lambda *a: "0.4", lambda *a: [[None]], lambda *a: {"loss": 1}, lambda *a: np.nan,
    lambda *a: np.full((7, 7), np.inf), lambda *a: 1 / 0, lambda *a: undefined_name,  # noqa: F821
    lambda *a: np.array(["a", "b"]), lambda *a: object(), lambda: 0.0, lambda *a: 1j,
])
@pytest.mark.parametrize("checker", [check_bce_loss, check_mse_grad_z])
def test_checkers_never_raise(checker, answer):
    fb = checker(answer)
    assert fb.status == "wrong" and fb.message

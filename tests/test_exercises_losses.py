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
    assert "row 0, column" in fb.message

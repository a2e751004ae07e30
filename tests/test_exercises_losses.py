"""Notebook 02's checkers accept the reference solutions and name each typical mistake."""
import numpy as np
import pytest

from helpers import losses
from helpers.exercises.losses import (check_bce_loss, check_mse_grad_z, reference_bce_loss,
                                      reference_mse_grad_z)
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
    np.testing.assert_allclose(reference_mse_grad_z(Z, Y), numeric, rtol=1e-6, atol=1e-12)


def test_solutions_pass_and_stubs_are_not_attempted():
    assert check_bce_loss(bce_loss).passed
    assert check_mse_grad_z(mse_grad_z).passed
    assert check_bce_loss(lambda A, Y: None).status == "not attempted"
    assert "not attempted yet" in str(check_mse_grad_z(lambda Z, Y: None))


def _per_example(A, Y):
    return -(Y * np.log(A) + (1 - Y) * np.log(1 - A))


BCE_MISTAKES = {
    "missing 1/m": lambda A, Y: np.sum(_per_example(A, Y)),
    "wrong sign": lambda A, Y: -np.mean(_per_example(A, Y)),
    "divided by m twice": lambda A, Y: np.mean(_per_example(A, Y)) / A.shape[1],
    "one loss per example": _per_example,
    "(1 - y) log(1 - a) term is missing": lambda A, Y: -np.mean(Y * np.log(A)),
    "logs are swapped": lambda A, Y: -np.mean(Y * np.log(1 - A) + (1 - Y) * np.log(A)),
    "squared error": lambda A, Y: np.mean(0.5 * (A - Y) ** 2),
    "raised ZeroDivisionError": lambda A, Y: 1 / 0,
}


@pytest.mark.parametrize("words", BCE_MISTAKES)
def test_bce_checker_names_the_mistake(words):
    fb = check_bce_loss(BCE_MISTAKES[words])
    assert fb.status == "wrong" and words in fb.message, fb.message


def _grad(Z, Y):
    A = sig(Z)
    return (A - Y) * A * (1 - A) / Z.shape[1]


GRAD_MISTAKES = {
    "forgotten σ'": lambda Z, Y: (sig(Z) - Y) / Z.shape[1],
    "missing 1/m": lambda Z, Y: _grad(Z, Y) * Z.shape[1],
    "not z (1 - z)": lambda Z, Y: (sig(Z) - Y) * Z * (1 - Z) / Z.shape[1],
    "not z - y": lambda Z, Y: (Z - Y) * sig(Z) * (1 - sig(Z)) / Z.shape[1],
    "σ' evaluated at a": lambda Z, Y: (sig(Z) - Y) * sig(sig(Z)) * (1 - sig(sig(Z))) / Z.shape[1],
    "wrong sign": lambda Z, Y: -_grad(Z, Y),
    "transposed": lambda Z, Y: _grad(Z, Y).T,
    "half the right value": lambda Z, Y: _grad(Z, Y) / 2,
}


@pytest.mark.parametrize("words", GRAD_MISTAKES)
def test_grad_checker_names_the_mistake(words):
    fb = check_mse_grad_z(GRAD_MISTAKES[words])
    assert fb.status == "wrong" and words in fb.message, fb.message

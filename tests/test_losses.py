import warnings

import numpy as np
import pytest

from helpers import losses
from helpers.gradcheck import numerical_gradient


def random_case(rng, loss, n_out=3, m=5):
    if loss == "ce":
        Z = rng.standard_normal((n_out, m))
        A = np.exp(Z) / np.exp(Z).sum(axis=0)
        Y = np.eye(n_out)[:, rng.integers(0, n_out, m)]
    else:
        A = rng.uniform(0.05, 0.95, (n_out, m))
        Y = rng.integers(0, 2, (n_out, m)).astype(float)
    return A, Y


def test_closed_forms():
    A = np.array([[0.9, 0.2]])
    Y = np.array([[1.0, 0.0]])
    assert losses.mse(A, Y) == pytest.approx(0.5 * (0.1 ** 2 + 0.2 ** 2) / 2)
    assert losses.bce(A, Y) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)
    P = np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]])
    T = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    assert losses.ce(P, T) == pytest.approx(-(np.log(0.7) + np.log(0.6)) / 2)


@pytest.mark.parametrize("name", ["mse", "bce", "ce"])
def test_gradients_match_finite_differences(name, rng):
    loss, dloss = losses.LOSSES[name]
    for _ in range(5):
        A, Y = random_case(rng, name)
        numeric = numerical_gradient(lambda A=A, Y=Y: loss(A, Y), A, h=1e-6)
        np.testing.assert_allclose(dloss(A, Y), numeric, rtol=1e-6, atol=1e-10)


def test_logit_forms_agree_with_probability_forms(rng):
    Z = rng.standard_normal((4, 6))
    Y = np.eye(4)[:, rng.integers(0, 4, 6)]
    A = np.exp(Z) / np.exp(Z).sum(axis=0)
    assert losses.ce_from_logits(Z, Y) == pytest.approx(losses.ce(A, Y), rel=1e-12)
    z = rng.standard_normal((1, 6))
    y = rng.integers(0, 2, (1, 6)).astype(float)
    assert losses.bce_from_logits(z, y) == pytest.approx(losses.bce(1 / (1 + np.exp(-z)), y))


def test_finite_and_silent_at_the_edges():
    A = np.array([[0.0, 1.0, 0.0, 1.0]])
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    P = np.array([[1.0, 0.0], [0.0, 1.0]])
    T = np.array([[0.0, 0.0], [1.0, 1.0]])
    Z = np.array([[1000.0, -1000.0], [-1000.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = [losses.bce(A, Y), losses.mse(A, Y), losses.ce(P, T),
                  losses.ce_from_logits(Z, T), losses.bce_from_logits(Z[:1], Y[:, :2])]
        grads = [losses.dbce(A, Y), losses.dmse(A, Y), losses.dce(P, T)]
    assert all(np.isfinite(v) for v in values)
    assert all(np.all(np.isfinite(g)) for g in grads)
    assert losses.ce_from_logits(Z, T) == pytest.approx(1000.0)   # (2000 + 0) / 2
    assert losses.bce(A[:, :2], Y[:, :2]) == 0.0


@pytest.mark.parametrize("A, Y, words", [
    (np.zeros((1, 3)), np.zeros((1, 4)), ["Y", "(1, 3)", "(1, 4)"]),
    (np.zeros(3), np.zeros((1, 3)), ["A", "2-D", "reshape"]),
    (np.array([[np.nan, 0.5]]), np.zeros((1, 2)), ["A", "NaN"]),
])
def test_bad_shapes_and_values(A, Y, words):
    with pytest.raises(ValueError) as err:
        losses.mse(A, Y)
    for w in words:
        assert w in str(err.value)


def test_bce_rejects_labels_that_are_not_0_or_1():
    with pytest.raises(ValueError,
                       match=r"Y: binary cross-entropy expects labels in \{0, 1\}.*0.5"):
        losses.bce(np.full((1, 2), 0.5), np.array([[0.5, 1.0]]))


def test_ce_rejects_columns_that_are_not_one_hot():
    with pytest.raises(ValueError, match="one-hot.*column 1"):
        losses.ce(np.full((2, 2), 0.5), np.array([[1.0, 1.0], [0.0, 1.0]]))


@pytest.mark.parametrize("fn", ["bce", "dbce", "ce", "dce"])
@pytest.mark.parametrize("bad", [1.5, -0.2])
def test_cross_entropies_reject_predictions_that_are_not_probabilities(fn, bad):
    from helpers import losses
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    A = np.array([[bad, 0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match=r"A: expected probabilities in \[0, 1\]"):
        rows = 2 if fn in ("ce", "dce") else 1
        getattr(losses, fn)(A[:rows], Y[:rows])


def test_elementwise_losses_are_the_averaged_ones_before_the_sum():
    from helpers import activations, losses
    rng = np.random.default_rng(3)
    Z = rng.standard_normal((1, 7)) * 5
    Y = (rng.random((1, 7)) < 0.5).astype(float)
    A = activations.sigmoid(Z)
    assert np.isclose(losses.bce_logits_elementwise(Z, Y).mean(), losses.bce(A, Y), rtol=1e-12)
    assert np.isclose(losses.mse_elementwise(A, Y).mean(), losses.mse(A, Y), rtol=1e-15)
    assert np.all(np.isfinite(losses.bce_logits_elementwise(np.array([-1e4, 1e4]), 1.0)))

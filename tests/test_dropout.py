"""Inverted dropout (helpers.regularisation): the mask, the expectation it preserves, backward."""
import numpy as np
import pytest

from helpers import SEED
from helpers.regularisation import dropout_backward, dropout_forward, dropout_mask


@pytest.mark.parametrize("rate", [0.0, 0.2, 0.5, 0.9])
def test_mask_entries_are_zero_or_one_over_keep(rate):
    mask = dropout_mask((50, 40), rate, SEED)
    assert mask.shape == (50, 40)
    assert set(np.unique(mask)) <= {0.0, 1.0 / (1.0 - rate)}


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_expected_activation_is_unchanged(rate):
    A = np.random.default_rng(SEED).random((3, 4))
    masks = dropout_mask((20000, 3, 4), rate, SEED + 1)
    mean = (A * masks).mean(axis=0)
    # standard error of the mean: A * sqrt(rate / keep) / sqrt(20000) < 0.01
    assert np.abs(mean - A).max() < 0.04
    kept = (masks > 0).mean()
    assert abs(kept - (1 - rate)) < 0.01


def test_rate_zero_keeps_everything():
    A = np.arange(6.0).reshape(2, 3)
    assert np.array_equal(dropout_forward(A, dropout_mask(A.shape, 0.0, SEED)), A)


def test_same_seed_same_mask_and_no_global_state():
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    a = dropout_mask((4, 5), 0.5, 7)
    assert np.array_equal(a, dropout_mask((4, 5), 0.5, 7))
    assert np.random.random() == before


def test_backward_is_the_forward_maps_transpose_by_finite_differences():
    rng = np.random.default_rng(SEED)
    A, upstream = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    mask = dropout_mask(A.shape, 0.4, SEED)

    def f(A):                                        # a scalar of the dropped activations
        return np.sum(upstream * dropout_forward(A, mask))

    numeric = np.zeros_like(A)
    for idx in np.ndindex(A.shape):
        step = np.zeros_like(A)
        step[idx] = 1e-6
        numeric[idx] = (f(A + step) - f(A - step)) / 2e-6
    analytic = dropout_backward(upstream, mask)
    assert np.abs(analytic - numeric).max() < 1e-8
    assert np.all(analytic[mask == 0] == 0)


@pytest.mark.parametrize("bad", [-0.1, 1.0, 1.5, True, "0.5"])
def test_bad_rate(bad):
    with pytest.raises(ValueError, match=r"rate: expected a drop probability in \[0, 1\)"):
        dropout_mask((2, 2), bad, SEED)

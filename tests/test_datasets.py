import numpy as np
import pytest

from helpers import datasets


def test_xor():
    X, Y = datasets.xor()
    assert X.shape == (2, 4) and Y.shape == (1, 4)
    assert (np.logical_xor(X[0], X[1]).astype(float) == Y[0]).all()


@pytest.mark.parametrize("name", ["xor", "moons", "circles", "spirals"])
def test_toy_sets_shapes_labels_and_seeds(name):
    X, Y = datasets.make(name, n_samples=101, noise=0.1, seed=3)
    assert X.shape == (2, 101) and Y.shape == (1, 101)
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert abs(Y.sum() - 50.5) <= 1.5                 # balanced classes
    X2, Y2 = datasets.make(name, n_samples=101, noise=0.1, seed=3)
    np.testing.assert_array_equal(X, X2)
    X3, _ = datasets.make(name, n_samples=101, noise=0.1, seed=4)
    assert not np.allclose(X, X3)
    X0, _ = datasets.make(name, n_samples=101, noise=0.0, seed=4)
    X00, _ = datasets.make(name, n_samples=101, noise=0.0, seed=5)
    np.testing.assert_array_equal(X0, X00)           # no noise: the seed does not matter


def test_circles_geometry():
    X, Y = datasets.circles(n_samples=100, noise=0.0, factor=0.4)
    r = np.hypot(X[0], X[1])
    np.testing.assert_allclose(r[Y[0] == 0], 1.0)
    np.testing.assert_allclose(r[Y[0] == 1], 0.4)


def test_digits_are_scaled_one_hot_columns():
    X, Y, labels = datasets.digits()
    assert X.shape == (64, 1797) and Y.shape == (10, 1797) and labels.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(Y.argmax(axis=0), labels)
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)


def test_train_test_split():
    X = np.arange(20.0).reshape(2, 10)
    Y = np.arange(10.0).reshape(1, 10)
    Xtr, Xte, Ytr, Yte = datasets.train_test_split(X, Y, test_fraction=0.3, seed=1)
    assert Xtr.shape == (2, 7) and Xte.shape == (2, 3)
    np.testing.assert_array_equal(Xtr[0], Ytr[0] * 1)       # columns stay paired
    assert sorted(np.r_[Ytr[0], Yte[0]]) == list(range(10))
    again = datasets.train_test_split(X, Y, test_fraction=0.3, seed=1)
    np.testing.assert_array_equal(again[1], Xte)


@pytest.mark.parametrize("call, words", [
    (lambda: datasets.moons(n_samples=0), ["n_samples", "positive integer", "0"]),
    (lambda: datasets.moons(n_samples=1), ["n_samples", "at least 2"]),
    (lambda: datasets.circles(noise=-1), ["noise", ">= 0", "-1"]),
    (lambda: datasets.circles(factor=1.5), ["factor", "1.5"]),
    (lambda: datasets.make("swirl"), ["name", "'swirl'", "moons"]),
    (lambda: datasets.train_test_split(np.zeros((2, 5)), np.zeros((1, 4))), ["(2, 5)", "(1, 4)"]),
    (lambda: datasets.train_test_split(np.zeros((2, 5)), np.zeros((1, 5)), 1.5), ["test_fraction"]),
    (lambda: datasets.one_hot(np.array([0.5, 1.0])), ["labels", "integers"]),
])
def test_bad_arguments(call, words):
    with pytest.raises(ValueError) as err:
        call()
    for w in words:
        assert w in str(err.value)


@pytest.mark.parametrize("noise", [True, -0.1, float("nan"), float("inf"), "0.1", 1j])
def test_noise_must_be_a_non_negative_number_not_a_bool(noise):
    with pytest.raises(ValueError, match=r"noise: expected a finite number >= 0, got"):
        datasets.moons(20, noise)
    assert datasets.moons(20, np.float32(0.0))[0].shape == (2, 20)   # numpy numbers are fine


@pytest.mark.parametrize("make", [lambda s: datasets.moons(seed=s),
                                  lambda s: datasets.circles(seed=s),
                                  lambda s: datasets.spirals(seed=s),
                                  lambda s: datasets.xor_blobs(seed=s),
                                  lambda s: datasets.train_test_split(*datasets.xor(), seed=s)])
@pytest.mark.parametrize("seed", [1.5, -1, "0", True])
def test_a_seed_that_is_not_a_non_negative_integer_gets_a_value_error(make, seed):
    with pytest.raises(ValueError, match=r"seed: expected an integer >= 0"):
        make(seed)

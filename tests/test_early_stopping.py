"""Early stopping against hand-made validation curves (helpers.regularisation)."""
import numpy as np
import pytest

from helpers.regularisation import EarlyStopping, early_stopping_epochs

# a U-shaped validation curve: best at epoch 4 (0.5), then 6 epochs without improvement
U_CURVE = [1.0, 0.8, 0.6, 0.5, 0.55, 0.52, 0.6, 0.7, 0.51, 0.9, 1.0, 1.1]


@pytest.mark.parametrize("patience, stop", [(1, 5), (2, 6), (5, 9), (8, 12), (9, None)])
def test_stops_after_patience_epochs_without_improvement(patience, stop):
    best, stop_epoch = early_stopping_epochs(U_CURVE, patience)
    assert best == 4
    assert stop_epoch == stop


def test_a_new_best_resets_the_wait():
    curve = [1.0, 0.9, 0.95, 0.97, 0.8, 0.85, 0.86, 0.87]
    assert early_stopping_epochs(curve, 3) == (5, 8)
    assert early_stopping_epochs(curve, 2) == (2, 4)


def test_min_delta_ignores_tiny_improvements():
    curve = [1.0, 0.999, 0.998, 0.997, 0.5]
    assert early_stopping_epochs(curve, 3, min_delta=0.01) == (1, 4)
    assert early_stopping_epochs(curve, 3) == (5, None)


def test_ties_are_not_improvements():
    assert early_stopping_epochs([1.0, 1.0, 1.0], 2) == (1, 3)


def test_best_params_are_copied_and_restored_in_place():
    params = {"W1": np.zeros((2, 2)), "b1": np.zeros((2, 1))}
    held = params["W1"]
    stopper = EarlyStopping(patience=2)
    for epoch, loss in enumerate([3.0, 1.0, 2.0, 2.5], start=1):
        params["W1"] += 1.0                       # training changes the arrays in place
        stopped = stopper.update(epoch, loss, params)
    assert stopped and stopper.best_epoch == 2 and stopper.stop_epoch == 4
    assert np.all(params["W1"] == 4.0)
    stopper.restore(params)
    assert params["W1"] is held and np.all(held == 2.0)


def test_restore_without_a_copy_changes_nothing():
    params = {"W1": np.ones((1, 1))}
    EarlyStopping(3).restore(params)
    assert params["W1"][0, 0] == 1.0


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "3"])
def test_bad_patience(bad):
    with pytest.raises(ValueError, match="patience: expected a positive integer"):
        EarlyStopping(bad)


def test_bad_min_delta():
    with pytest.raises(ValueError, match="min_delta: expected a finite number >= 0, got -0.1"):
        EarlyStopping(2, min_delta=-0.1)


# ------------------------------------------------------------------ inside train
from helpers import SEED, datasets  # noqa: E402
from helpers.network import MLP  # noqa: E402
from helpers.training import train  # noqa: E402


def _overfitting_problem():
    X, Y = datasets.moons(n_samples=30, noise=0.35, seed=1)
    X_val, Y_val = datasets.moons(n_samples=200, noise=0.35, seed=2)
    return X, Y, (X_val, Y_val)


def test_train_stops_and_restores_the_best_validation_epoch():
    X, Y, val = _overfitting_problem()
    net = MLP([2, 32, 32, 1], "tanh", init="he", seed=SEED)
    history = train(net, X, Y, optimizer=1.0, n_epochs=3000, validation=val, early_stopping=20)
    assert history.stopped
    best, stop = early_stopping_epochs(history["val_loss"], 20)
    assert (history.best_epoch, history.epochs) == (best, stop)
    assert history.epochs < 3000
    # full-batch training is deterministic: the restored net equals one trained best epochs
    again = MLP([2, 32, 32, 1], "tanh", init="he", seed=SEED)
    train(again, X, Y, optimizer=1.0, n_epochs=best)
    for name in net.params:
        assert np.allclose(net.params[name], again.params[name], rtol=1e-10, atol=1e-12)
    assert np.isclose(net.loss(*val), min(history["val_loss"]), rtol=1e-10)


def test_without_early_stopping_training_runs_to_the_end():
    X, Y, val = _overfitting_problem()
    history = train(MLP([2, 8, 1], "tanh", seed=SEED), X, Y, optimizer=0.5, n_epochs=50,
                    validation=val)
    assert history.epochs == 50 and not history.stopped and history.best_epoch is None


def test_early_stopping_needs_validation_data_and_a_positive_patience():
    X, Y, val = _overfitting_problem()
    with pytest.raises(ValueError, match="early_stopping: expected validation="):
        train(MLP([2, 3, 1], seed=SEED), X, Y, n_epochs=5, early_stopping=3)
    with pytest.raises(ValueError, match="early_stopping: expected a positive integer"):
        train(MLP([2, 3, 1], seed=SEED), X, Y, n_epochs=5, validation=val, early_stopping=0)

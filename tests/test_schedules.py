"""Learning-rate schedules (helpers.schedules) against their closed forms, and inside train."""
import math

import numpy as np
import pytest

from helpers import SEED, schedules
from helpers.network import MLP
from helpers.optimizers import SGD
from helpers.training import train


def test_closed_forms():
    step = schedules.step_decay(0.8, factor=0.5, every=3)
    assert [step(e) for e in range(7)] == [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2]
    inv = schedules.inverse_time(1.0, decay=0.5)
    assert [inv(e) for e in (0, 1, 2, 6)] == [1.0, 1.0 / 1.5, 0.5, 0.25]
    cos = schedules.cosine_restarts(1.0, period=4, min_rate=0.2)
    got = [cos(e) for e in range(9)]
    want = [0.2 + 0.8 * (1 + math.cos(math.pi * (e % 4) / 4)) / 2 for e in range(9)]
    assert np.allclose(got, want, rtol=1e-15) and got[4] == 1.0 and got[0] == got[8]
    assert schedules.constant(0.3)(99) == 0.3


def test_follow_sets_each_epochs_rate_in_train():
    X = np.random.default_rng(SEED).standard_normal((2, 8))
    Y = (X[:1] > 0).astype(float)
    optimizer = SGD(1.0)
    callback = schedules.follow(optimizer, schedules.step_decay(0.4, 0.5, every=2))
    assert optimizer.learning_rate == 0.4
    train(MLP([2, 3, 1], "tanh", seed=SEED), X, Y, optimizer=optimizer, n_epochs=5,
          callback=callback)
    assert callback.rates == [0.4, 0.4, 0.2, 0.2, 0.1, 0.1]   # epoch 1..5, then the 6th's

    # the same weights as five one-epoch runs at those rates
    reference = MLP([2, 3, 1], "tanh", seed=SEED)
    for rate in (0.4, 0.4, 0.2, 0.2, 0.1):
        train(reference, X, Y, optimizer=SGD(rate), n_epochs=1)
    net, optimizer = MLP([2, 3, 1], "tanh", seed=SEED), SGD(1.0)
    train(net, X, Y, optimizer=optimizer, n_epochs=5,
          callback=schedules.follow(optimizer, schedules.step_decay(0.4, 0.5, every=2)))
    assert all(np.allclose(net.params[k], reference.params[k], rtol=1e-12) for k in net.params)
    constant = MLP([2, 3, 1], "tanh", seed=SEED)
    train(constant, X, Y, optimizer=SGD(0.4), n_epochs=5)
    assert not np.allclose(constant.params["W1"], net.params["W1"])


@pytest.mark.parametrize("make, kwargs, message", [
    (schedules.step_decay, dict(learning_rate=0.1, factor=0.0), "factor: expected a number in"),
    (schedules.step_decay, dict(learning_rate=0.1, every=0), "every: expected a positive integer"),
    (schedules.inverse_time, dict(learning_rate=0.1, decay=-1),
     "decay: expected a finite number >= 0"),
    (schedules.cosine_restarts, dict(learning_rate=0.1, min_rate=0.2),
     r"min_rate: expected a number from 0 to learning_rate in \[0, 0.1\], got 0.2"),
    (schedules.constant, dict(learning_rate=0), "learning_rate: expected a finite number > 0"),
])
def test_bad_arguments(make, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make(**kwargs)


def test_follow_needs_an_optimizer_and_a_function():
    with pytest.raises(ValueError, match="optimizer: expected an optimiser"):
        schedules.follow(0.1, schedules.constant(0.1))
    with pytest.raises(ValueError, match="schedule: expected a function"):
        schedules.follow(SGD(0.1), 0.1)


def test_follow_drives_a_clipped_optimiser():
    from helpers import datasets
    from helpers.optimizers import ClipNorm
    opt = ClipNorm(SGD(0.5), max_norm=1.0)
    callback = schedules.follow(opt, schedules.step_decay(0.5, 0.5, every=2))
    X, Y = datasets.xor()
    train(MLP([2, 3, 1], "tanh", init="lecun"), X, Y, optimizer=opt, n_epochs=4,
          callback=callback)
    assert callback.rates == [0.5, 0.5, 0.25, 0.25, 0.125]
    assert opt.learning_rate == opt.optimizer.learning_rate == 0.125
    with pytest.raises(ValueError, match="learning_rate"):
        opt.learning_rate = -1.0

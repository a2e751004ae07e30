"""Learning-rate schedules (notebook 05): the learning rate as a function of the epoch.

A schedule is a function ``epoch -> learning rate`` with epochs counted from 0 (the rate for
the first epoch is ``schedule(0)``). ``follow(optimizer, schedule)`` returns a ``train``
callback that sets the optimiser's rate before each epoch::

    step_decay(lr, factor, every)   lr * factor ** (epoch // every)
    inverse_time(lr, decay)         lr / (1 + decay * epoch)
    cosine_restarts(lr, period)     lr * (1 + cos(pi * (epoch mod period) / period)) / 2
"""
import math

from . import _validate as V
from .optimizers import Optimizer


def constant(learning_rate):
    """The same rate every epoch."""
    learning_rate = V.positive_float(learning_rate, "learning_rate")
    return lambda epoch: learning_rate


def step_decay(learning_rate, factor=0.5, every=10):
    """Multiply the rate by ``factor`` every ``every`` epochs."""
    learning_rate = V.positive_float(learning_rate, "learning_rate")
    factor = V.in_interval(factor, "factor", 0, 1, closed="(]")
    every = V.positive_int(every, "every")
    return lambda epoch: learning_rate * factor ** (epoch // every)


def inverse_time(learning_rate, decay=0.1):
    """``lr / (1 + decay * epoch)``: the 1/t decay under which SGD's noise averages out."""
    learning_rate = V.positive_float(learning_rate, "learning_rate")
    decay = V.non_negative_float(decay, "decay")
    return lambda epoch: learning_rate / (1.0 + decay * epoch)


def cosine_restarts(learning_rate, period=20, min_rate=0.0):
    """Cosine from ``learning_rate`` down to ``min_rate`` over ``period`` epochs, then restart
    (warm restarts, Loshchilov and Hutter's SGDR with a fixed period)."""
    learning_rate = V.positive_float(learning_rate, "learning_rate")
    period = V.positive_int(period, "period")
    min_rate = V.in_interval(min_rate, "min_rate", 0, learning_rate, closed="[]",
                             what="a number from 0 to learning_rate")

    def schedule(epoch):
        phase = (epoch % period) / period
        return min_rate + (learning_rate - min_rate) * (1.0 + math.cos(math.pi * phase)) / 2
    return schedule


def follow(optimizer, schedule):
    """A ``train`` callback that makes ``optimizer`` follow ``schedule``.

    It sets ``optimizer.learning_rate = schedule(0)`` at once, and after epoch ``e`` (``train``
    counts from 1) sets ``schedule(e)``, the rate of the next epoch. The rates used are
    appended to the callback's ``rates`` list. A ``ClipNorm`` passes the rate to the optimiser
    it wraps.
    """
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"optimizer: expected an optimiser from helpers.optimizers, got "
                         f"{type(optimizer).__name__}")
    if not callable(schedule):
        raise ValueError(f"schedule: expected a function epoch -> learning rate, got "
                         f"{type(schedule).__name__}")

    def callback(epoch, history):
        optimizer.learning_rate = float(schedule(epoch))
        callback.rates.append(optimizer.learning_rate)

    optimizer.learning_rate = float(schedule(0))
    callback.rates = [optimizer.learning_rate]
    return callback

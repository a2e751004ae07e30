"""Dropout's maths and early stopping's bookkeeping (notebook 06), free of any training loop.

Inverted dropout (document 003's "dropout") on a hidden layer's activations ``A`` (n_l, m),
with drop rate ``p`` and keep probability ``q = 1 - p``::

    D ~ Bernoulli(q), same shape as A        (1 = keep the unit for this example)
    mask = D / q                              (0 or 1/q)
    A_dropped = A * mask                      E[A_dropped] = q * A / q = A
    dA = dA_dropped * mask                    (the same mask on the way back)

Dividing by ``q`` at training time keeps every unit's expected activation unchanged, so at
prediction time the network runs with dropout off and no rescaling.

Early stopping (document 001's termination condition): watch the validation loss after each
epoch, keep a copy of the best parameters, stop after ``patience`` epochs without improvement
and restore the best copy.
"""
import numpy as np

from . import _validate as V


def check_rate(rate, name="rate"):
    """Raise unless 0 <= rate < 1 (a drop probability); return it as a float."""
    return V.in_interval(rate, name, 0, 1, what="a drop probability")


def dropout_rates(dropout, n_hidden):
    """One drop rate per hidden layer, from a single rate or a sequence of them."""
    if np.ndim(dropout) == 0:
        rate = check_rate(dropout, "dropout")
        return [rate] * n_hidden
    rates = list(dropout)
    if len(rates) != n_hidden:
        raise ValueError(f"dropout: expected one rate or {n_hidden} rates (one per hidden "
                         f"layer), got {len(rates)}: {rates!r}")
    return [check_rate(r, f"dropout[{i}]") for i, r in enumerate(rates)]


def dropout_mask(shape, rate, rng):
    """A scaled keep-mask: each entry 1/(1 - rate) with probability 1 - rate, else 0.

    Parameters
    ----------
    shape : tuple
        The shape of the activations it multiplies, (n_l, m).
    rate : float
        The probability of dropping a unit, in [0, 1).
    rng : numpy.random.Generator or int or None
        Where the randomness comes from.
    """
    rate = check_rate(rate)
    rng = np.random.default_rng(rng)
    keep = 1.0 - rate
    return (rng.random(shape) >= rate) / keep


def dropout_backward(dA_dropped, mask):
    """Gradient with respect to the activations *before* dropout: ``dA_dropped * mask``.

    A dropped unit passed on nothing, so it receives no gradient; a kept one was multiplied by
    1/q on the way forward, so its gradient is multiplied by 1/q on the way back.
    """
    return dA_dropped * mask


class EarlyStopping:
    """Stop when the monitored loss has not improved for ``patience`` epochs; keep the best.

    Call ``update(epoch, loss, params)`` after every epoch: it copies ``params`` when ``loss``
    is the lowest so far (by more than ``min_delta``) and returns True once ``patience``
    epochs in a row have not improved on it. ``restore(params)`` writes the best copy back
    into the arrays of ``params`` (in place, so a network holding them sees it).

    Attributes
    ----------
    best_epoch : int or None
        The epoch (as passed to ``update``) of the lowest loss.
    best_loss : float
    stop_epoch : int or None
        The epoch at which ``update`` first returned True.
    """

    def __init__(self, patience, min_delta=0.0):
        self.patience = V.positive_int(patience, "patience")
        self.min_delta = V.non_negative_float(min_delta, "min_delta")
        self.best_epoch, self.best_loss, self.best_params = None, np.inf, None
        self.stop_epoch, self.waited = None, 0

    def update(self, epoch, loss, params=None):
        """Record one epoch's loss; True means: stop now."""
        if loss < self.best_loss - self.min_delta:
            self.best_epoch, self.best_loss, self.waited = epoch, float(loss), 0
            if params is not None:
                self.best_params = {k: np.array(v, copy=True) for k, v in params.items()}
        else:
            self.waited += 1
        if self.waited >= self.patience and self.stop_epoch is None:
            self.stop_epoch = epoch
        return self.waited >= self.patience

    def restore(self, params):
        """Copy the best parameters back into ``params`` in place (no-op if none were kept)."""
        if self.best_params is not None:
            for name, value in self.best_params.items():
                params[name][...] = value
        return params


def early_stopping_epochs(losses, patience, min_delta=0.0):
    """``(best_epoch, stop_epoch)`` for a whole loss curve (epochs counted from 1).

    ``stop_epoch`` is None when the curve never waits ``patience`` epochs without improving.
    """
    stopper = EarlyStopping(patience, min_delta)
    for epoch, loss in enumerate(losses, start=1):
        if stopper.update(epoch, loss):
            break
    return stopper.best_epoch, stopper.stop_epoch

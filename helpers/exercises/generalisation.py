"""Notebook 06's exercises: dropout's backward step, and an early-stopping loop. Both run on the
shared diagnosis layer (``check``), each typical mistake a transformation of the reference."""
import numpy as np

from . import Case, Mistake, check


# --------------------------------------------------------------- exercise 1: dropout backward
def reference_dropout_backward(dA_dropped, keep, rate):
    """dA = dA_dropped * keep / (1 - rate): the mask and the scaling of the forward pass.

    ``dA_dropped`` (n, m) is the gradient with respect to the activations *after* dropout,
    ``keep`` (n, m) the 0/1 array of kept units, ``rate`` the drop probability.
    """
    return dA_dropped * keep / (1.0 - rate)


def _dropout_case(seed, shape, rate):
    rng = np.random.default_rng(seed)
    dA = rng.standard_normal(shape)
    keep = (rng.random(shape) >= rate).astype(float)
    keep.flat[0], keep.flat[-1] = 1.0, 0.0                # at least one of each
    return Case((dA, keep, rate), label=f"a ({shape[0]}, {shape[1]}) layer, drop rate {rate}")


_DROPOUT_CASES = [_dropout_case(0, (3, 5), 0.25), _dropout_case(1, (4, 2), 0.4),
                  _dropout_case(2, (2, 6), 0.1)]

_DROPOUT_MISTAKES = [
    Mistake("no_scale", lambda dA, keep, rate: dA * keep,
            "the kept units' gradient lacks the factor 1/(1 - rate): the forward pass "
            "multiplied them by it, so the backward pass must too"),
    Mistake("times_keep_prob", lambda dA, keep, rate: dA * keep * (1 - rate),
            "you multiplied by the keep probability 1 - rate: inverted dropout divides by it, "
            "forward and backward"),
    Mistake("over_rate", lambda dA, keep, rate: dA * keep / rate,
            "you divided by the drop rate: the scaling is 1/(1 - rate), one over the "
            "probability of KEEPING a unit"),
    Mistake("no_mask", lambda dA, keep, rate: dA / (1 - rate),
            "a dropped unit passed nothing forward, so it gets no gradient back: multiply by "
            "the mask keep"),
    Mistake("inverted_mask", lambda dA, keep, rate: dA * (1 - keep) / (1 - rate),
            "the mask is inverted: keep is 1 where the unit was kept, and those are the units "
            "that get a gradient"),
    Mistake("unchanged", lambda dA, keep, rate: dA,
            "you returned the upstream gradient unchanged: apply the forward pass's mask and "
            "scaling, dA_dropped * keep / (1 - rate)"),
]


def check_dropout_backward(dropout_backward):
    """Check ``dropout_backward(dA_dropped, keep, rate) -> dA``."""
    return check(dropout_backward, _DROPOUT_CASES, "dropout_backward",
                 reference_dropout_backward, _DROPOUT_MISTAKES,
                 what="dropout_backward applies the same mask and scaling as the forward pass")


# -------------------------------------------------------------- exercise 2: early stopping
def _early(val_losses, patience, *, extra=0, reset=True, versus_best=True, ties=False,
           base=1, best_is_last=False):
    """The reference loop, and (with the flags) the typical wrong ones."""
    best_epoch, best, previous, waited = None, np.inf, np.inf, 0
    last = len(val_losses)
    for i, loss in enumerate(val_losses):
        epoch = i + base
        target = best if versus_best else previous
        improved = loss <= target if ties else loss < target
        if improved and (loss < best or (ties and loss <= best)):
            best_epoch, best = epoch, loss
        if improved:
            if reset:
                waited = 0
        else:
            waited += 1
        previous = loss
        if waited >= patience + extra:
            last = epoch
            break
    else:
        last = len(val_losses) - 1 + base
    return (last if best_is_last else best_epoch), last


def reference_early_stopping(val_losses, patience):
    """``(best_epoch, last_epoch)``, epochs counted from 1: the epoch with the lowest validation
    loss, and the epoch where training stops (``patience`` epochs in a row without a new
    lowest loss, or the last epoch of the list if that never happens)."""
    return _early(val_losses, patience)


_EARLY_CASES = [
    Case(([1.0, 0.8, 0.6, 0.5, 0.55, 0.52, 0.6, 0.7, 0.51, 0.9], 3),
         label="a U-shaped curve, patience 3"),
    Case(([0.9, 0.7, 0.75, 0.72, 0.6, 0.65, 0.62, 0.61, 0.64, 0.66, 0.7], 3),
         label="a curve with a second, lower dip, patience 3"),
    Case(([1.0, 0.9, 0.8, 0.85, 0.7, 0.72], 3), label="a curve that never waits 3 epochs"),
    Case(([0.5, 0.5, 0.5, 0.5, 0.4, 0.45], 2), label="a flat start (ties), patience 2"),
]

_EARLY_MISTAKES = [
    Mistake("one_late", lambda losses, k: _early(losses, k, extra=1),
            "you stopped one epoch late: stop as soon as `patience` epochs in a row have not "
            "improved (the wait counter reaches patience)"),
    Mistake("no_reset", lambda losses, k: _early(losses, k, reset=False),
            "the wait must start again at 0 whenever a new lowest loss arrives: you counted "
            "every epoch without improvement, not those in a row"),
    Mistake("versus_previous", lambda losses, k: _early(losses, k, versus_best=False),
            "compare each loss with the lowest so far, not with the previous epoch's: a small "
            "rise and fall is no improvement"),
    Mistake("ties", lambda losses, k: _early(losses, k, ties=True),
            "an equal loss is not an improvement: use < best, not <= best"),
    Mistake("zero_based", lambda losses, k: _early(losses, k, base=0),
            "the epochs are counted from 0: the first epoch is epoch 1 (enumerate(val_losses, "
            "start=1))"),
    Mistake("best_is_last", lambda losses, k: _early(losses, k, best_is_last=True),
            "the best epoch is where the validation loss was lowest, not where training "
            "stopped: early stopping goes back to that epoch's parameters"),
]


def check_early_stopping(early_stopping):
    """Check ``early_stopping(val_losses, patience) -> (best_epoch, last_epoch)``."""
    return check(early_stopping, _EARLY_CASES, "early_stopping", reference_early_stopping,
                 _EARLY_MISTAKES, returns=("best_epoch", "last_epoch"),
                 what="early_stopping finds the best epoch and stops at the right one on all "
                      f"{len(_EARLY_CASES)} curves")


__all__ = ["check_dropout_backward", "check_early_stopping", "reference_dropout_backward",
           "reference_early_stopping"]

"""Notebook 06's exercises: dropout's backward step, and an early-stopping loop. Both run on the
shared diagnosis layer (``check``, ``call_student``), each typical mistake a transformation of
the reference; a diagnosis is only given when it fits the whole answer, and neither checker
raises, whatever it is passed."""
import contextlib
import inspect
import io

import numpy as np

from . import Case, Mistake, call_student, check, close, fmt, never_raises, wrong
from . import correct as _correct


def _quietly(fn, args, name, timeout, reference):
    """``call_student`` with the student's prints swallowed (a probe before the real check)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return call_student(fn, args, name, timeout=timeout,
                            arg_names=list(inspect.signature(reference).parameters))


def _located(feedback, i, n, case):
    """A verdict ``call_student`` already reached, with the test case it came from."""
    if feedback.status == "wrong":
        feedback.message += f" (test case {i} of {n})"
        feedback.details = [("case", case.label)]
    return feedback


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
    Mistake("scaled_twice", lambda dA, keep, rate: dA * keep / (1 - rate) ** 2,
            "the scaling 1/(1 - rate) is applied twice: the gradient arriving from above "
            "is not scaled yet, so divide by (1 - rate) once"),
    Mistake("precedence", lambda dA, keep, rate: dA * keep / 1 - rate,
            "operator precedence: `dA_dropped * keep / 1 - rate` computes "
            "(dA_dropped * keep) - rate; put the brackets in: / (1 - rate)"),
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

_NEW_MASK = ("a non-zero gradient where keep == 0 (a unit the forward pass dropped): use the "
             "mask you were given, `keep`; a new random mask drawn in the backward pass is "
             "not the one the forward pass used")


def _new_mask(value, case):
    """True when ``value`` has the right shape, is not a known mistake, and gives a dropped
    unit a gradient: the sign of a mask drawn afresh instead of the one passed in."""
    dA, keep, rate = case.args
    if np.iscomplexobj(value):             # casting would warn; complex is wrong in any case
        return False
    try:
        got = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    if got.shape != dA.shape or any(close(got, m.answer(*case.args)) for m in
                                    _DROPOUT_MISTAKES):
        return False
    dropped = (keep == 0) & (dA != 0)
    return bool(np.any(np.abs(got[dropped]) > 1e-12))


@never_raises
def check_dropout_backward(dropout_backward, *, timeout=5.0):
    """Check ``dropout_backward(dA_dropped, keep, rate) -> dA``."""
    for i, case in enumerate(_DROPOUT_CASES, start=1):     # a mask drawn afresh: named first
        outcome = _quietly(dropout_backward, case.args, "dropout_backward", timeout,
                           reference_dropout_backward)
        if outcome.feedback is not None:                     # raised, looped, None, in place
            return _located(outcome.feedback, i, len(_DROPOUT_CASES), case)
        if _new_mask(outcome.value, case):
            dA, keep, rate = case.args
            return wrong(f"dropout_backward: {_NEW_MASK} (test case {i} of "
                         f"{len(_DROPOUT_CASES)})",
                         [("case", case.label), ("keep", fmt(keep)),
                          ("returned", fmt(outcome.value))])
    return check(dropout_backward, _DROPOUT_CASES, "dropout_backward",
                 reference_dropout_backward, _DROPOUT_MISTAKES, timeout=timeout,
                 what=f"dropout_backward applies the same mask and scaling as the forward pass "
                      f"on all {len(_DROPOUT_CASES)} layers.")


# -------------------------------------------------------------- exercise 2: early stopping
def _early(val_losses, patience, *, extra=0, reset=True, versus_best=True, ties=False,
           base=1, best_is_last=False, best_from_previous=False):
    """The reference loop, and (with the flags) the typical wrong ones."""
    best_epoch, best, previous, waited = None, np.inf, np.inf, 0
    for i, loss in enumerate(val_losses):
        epoch = i + base
        target = best if versus_best else previous
        improved = loss <= target if ties else loss < target
        if best_from_previous and loss < previous:
            best_epoch = epoch
        elif improved and (loss < best or (ties and loss <= best)):
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


def _whole_curve_argmin(losses, k):
    return int(np.argmin(losses)) + 1, _early(losses, k)[1]


_EARLY_CASES = [
    Case(([1.0, 0.8, 0.6, 0.5, 0.55, 0.52, 0.6, 0.7, 0.51, 0.9], 3),
         label="a U-shaped curve, patience 3"),
    Case(([0.9, 0.7, 0.75, 0.72, 0.6, 0.65, 0.62, 0.61, 0.64, 0.66, 0.7], 3),
         label="a curve with a second, lower dip, patience 3"),
    Case(([1.0, 0.8, 0.85, 0.9, 0.95, 0.4, 0.3], 3),
         label="a curve whose lowest point comes after the stop, patience 3"),
    Case(([1.0, 0.9, 0.8, 0.85, 0.7, 0.72], 3), label="a curve that never waits 3 epochs"),
    Case(([0.5, 0.5, 0.5, 0.5, 0.4, 0.45], 2), label="a flat start (ties), patience 2"),
]

_EARLY_MISTAKES = [
    Mistake("one_late", lambda losses, k: _early(losses, k, extra=1),
            "you stopped one epoch late: stop as soon as `patience` epochs in a row have not "
            "improved (the wait counter reaches patience)"),
    Mistake("one_early", lambda losses, k: _early(losses, k, extra=-1),
            "you stopped one epoch early: training stops when the wait counter reaches "
            "patience, after `patience` epochs without a new lowest loss, not patience - 1"),
    Mistake("patience_ignored", lambda losses, k: _early(losses, k, extra=1 - k),
            "you stopped at the first epoch without a new lowest loss: patience k means "
            "waiting k epochs in a row before giving up"),
    Mistake("no_reset", lambda losses, k: _early(losses, k, reset=False),
            "the wait must start again at 0 whenever a new lowest loss arrives: you counted "
            "every epoch without improvement, not those in a row"),
    Mistake("versus_previous", lambda losses, k: _early(losses, k, versus_best=False),
            "compare each loss with the lowest so far, not with the previous epoch's: a small "
            "rise and fall is no improvement"),
    Mistake("best_versus_previous", lambda losses, k: _early(losses, k, best_from_previous=True),
            "best_epoch must be the epoch with the lowest loss so far: you took the last epoch "
            "whose loss fell below the previous epoch's"),
    Mistake("ties", lambda losses, k: _early(losses, k, ties=True),
            "an equal loss is not an improvement: use < best, not <= best"),
    Mistake("zero_based", lambda losses, k: _early(losses, k, base=0),
            "the epochs are counted from 0: the first epoch is epoch 1 (enumerate(val_losses, "
            "start=1))"),
    Mistake("best_is_last", lambda losses, k: _early(losses, k, best_is_last=True),
            "the best epoch is where the validation loss was lowest, not where training "
            "stopped: early stopping goes back to that epoch's parameters"),
    Mistake("whole_curve_argmin", _whole_curve_argmin,
            "best_epoch is the lowest loss up to the epoch where training stops: the epochs "
            "after the stop are never trained, so np.argmin over the whole list looks into a "
            "future that early stopping never sees"),
]

_RETURNS = ("best_epoch", "last_epoch")


def _pair(value):
    """``(best_epoch, last_epoch)`` as two numbers, or None when the value is not that."""
    if isinstance(value, np.ndarray) and value.shape == (2,):
        value = tuple(value)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return None
    try:
        pair = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return pair if all(np.isfinite(pair)) else None


def _fits(mistake, pairs):
    """The mistake gives the student's pair on every case run (and differs from the right
    answer on at least one of them)."""
    try:
        return all(_pair(mistake.answer(*case.args)) == got for case, got in pairs)
    except Exception:                                        # noqa: BLE001 - not applicable
        return False


def _partial(got, expected):
    """When no known mistake fits: which of the two numbers is wrong, and what it means."""
    (g_best, g_last), (e_best, e_last) = got, expected
    parts = []
    if g_best != e_best:
        parts.append(f"best_epoch is {g_best:g}, expected {e_best:g}: the epoch (counted from "
                     f"1) with the lowest loss up to the stop, the first of equal ones")
    if g_last != e_last:
        when = "early" if g_last < e_last else "late"
        parts.append(f"last_epoch is {g_last:g}, expected {e_last:g} (you stopped too {when}): "
                     f"training stops at the first epoch that completes `patience` epochs in a "
                     f"row without a new lowest loss")
    return "; ".join(parts)


@never_raises
def check_early_stopping(early_stopping, *, timeout=5.0):
    """Check ``early_stopping(val_losses, patience) -> (best_epoch, last_epoch)``.

    The student's pair is compared with the known mistakes on every curve at once, so a
    diagnosis is given only when it explains both numbers on all of them.
    """
    name, n = "early_stopping", len(_EARLY_CASES)
    pairs, first_wrong = [], None
    for i, case in enumerate(_EARLY_CASES, start=1):
        outcome = _quietly(early_stopping, case.args, name, timeout, reference_early_stopping)
        if outcome.feedback is not None:                     # raised, looped, None, in place
            return _located(outcome.feedback, i, n, case)
        pair = _pair(outcome.value)
        expected = reference_early_stopping(*case.args)
        if pair is None or (pair != expected and pair[::-1] == expected):
            # a wrong form or a swap: the shared layer words these
            return check(early_stopping, _EARLY_CASES, name, reference_early_stopping,
                         returns=_RETURNS, timeout=timeout)
        pairs.append((case, pair))
        if pair != expected and first_wrong is None:
            first_wrong = (i, case, pair, expected)
    if first_wrong is None:
        return _correct(f"{name} finds the best epoch and stops at the right one on all {n} "
                        f"curves.")
    i, case, got, expected = first_wrong
    rows = [("case", case.label), ("val_losses", fmt(case.args[0])),
            ("patience", str(case.args[1])), ("expected", f"{expected[0]:g}, {expected[1]:g}"),
            ("returned", f"{got[0]:g}, {got[1]:g}")]
    on_all = [m for m in _EARLY_MISTAKES if _fits(m, pairs)]
    on_this = [m for m in _EARLY_MISTAKES if _fits(m, [(case, got)])]
    if on_all or on_this:
        return wrong(f"{name}: {(on_all or on_this)[0].message} (test case {i} of {n})", rows)
    return wrong(f"{name}: {_partial(got, expected)} (test case {i} of {n})", rows)


__all__ = ["check_dropout_backward", "check_early_stopping", "reference_dropout_backward",
           "reference_early_stopping"]

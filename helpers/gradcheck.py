"""Numerical gradients by centred differences, and a report a student can read.

How to read a relative error (CS231n's definition, |a - n| / max(1e-8, |a| + |n|); the floor
keeps entries that are zero, or vanishingly small, from dividing round-off by nothing):

* below 1e-7   : the analytic gradient is right (float64, smooth functions);
* 1e-7 .. 1e-5 : probably right; expected near kinks (ReLU at 0) or in deep networks, where
                 round-off adds up layer after layer;
* 1e-5 .. 1e-2 : suspicious; look for a bug unless the function has kinks;
* above 1e-2   : the gradient is wrong (a missing factor, sign, transpose, 1/m ...).

Centred differences, (f(x + h) - f(x - h)) / 2h, have truncation error O(h^2); round-off
grows like eps / h. With float64 the sweet spot is h around 1e-5 to 1e-6.
"""
import copy

import numpy as np

from . import _validate as V
from .losses import RAW_LOSSES

FLOOR = 1e-8


def rel_errors(a, b):
    """Element-wise relative errors |a - b| / max(1e-8, |a| + |b|), CS231n's definition."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"b: expected the shape of a, {a.shape}, got shape {b.shape}")
    return np.abs(a - b) / np.maximum(FLOOR, np.abs(a) + np.abs(b))


def rel_error(a, b):
    """Largest element-wise relative error of two arrays (see ``rel_errors``)."""
    err = rel_errors(a, b)
    return float(err.max()) if err.size else 0.0


def numerical_gradient(f, x, h=1e-5, order=2):
    """Centred-difference gradient of the scalar function ``f()`` with respect to array ``x``.

    ``x`` is changed in place, one entry at a time, and restored: ``f`` must read it.
    Returns an array shaped like ``x``.

    order=2 is the textbook (f(x+h) - f(x-h)) / 2h, error O(h^2). order=4 is the five-point
    centred stencil (-f(x+2h) + 8 f(x+h) - 8 f(x-h) + f(x-2h)) / 12h, error O(h^4): with a
    larger h (1e-3) it also divides round-off by a larger step, which is what deep networks
    with tiny gradient entries need.
    """
    if order not in (2, 4):
        raise ValueError(f"order: expected 2 or 4, got {order!r}")
    steps, divisor = {2: (((1, 1),), 2), 4: (((1, 8), (2, -1)), 12)}[order]
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        idx = it.multi_index
        old = x[idx]
        total = 0
        for k, weight in steps:
            x[idx] = old + k * h
            f_plus = f()
            x[idx] = old - k * h
            total += weight * (f_plus - f())
        x[idx] = old
        grad[idx] = total / (divisor * h)
    return grad


def numerical_grads(net, X, Y, loss="bce", h=1e-5, order=2, dtype=np.float64):
    """Centred-difference gradients of ``net``'s averaged loss for every parameter.

    Returns a dict ``dW1, db1, ...`` like ``net.backward``. ``dtype`` is the precision the
    forward passes run in: ``np.float32`` shows how much a gradient check loses in single
    precision; ``np.longdouble`` (80-bit on x86) buys about three more digits for a reference.
    Each parameter of a copy of the network is moved in turn and the copy's public
    ``forward`` run; the network's own parameters are left untouched.
    """
    loss_fn = RAW_LOSSES[net.check_loss(loss)]
    X = V.as_matrix(X, "X")
    A, _ = net.forward(X)                            # validates X against the network once
    Y = V.as_matrix(Y, "Y")
    V.same_shape(Y, "Y", A.shape, "the network's output for X")
    probe = copy.copy(net)                 # the same network, with its own params dict
    probe.params = {name: p.astype(dtype) for name, p in net.params.items()}
    Xd, Yd = X.astype(dtype), Y.astype(dtype)

    def f():                               # the loss, reading probe.params as they are now
        return loss_fn(probe.forward(Xd, keep_cache=False)[0], Yd)

    return {f"d{name}": numerical_gradient(f, p, dtype(h), order)
            for name, p in probe.params.items()}


def compare(analytic, numeric):
    """One row per parameter: the worst entry's relative error, its index and both values.

    Both arguments are dicts of arrays with the same keys (e.g. ``dW1``); returns a list of
    dicts with keys ``name, rel_error, index, analytic, numeric``.
    """
    rows = []
    for name in analytic:
        a, n = np.asarray(analytic[name]), np.asarray(numeric[name])
        if a.shape != n.shape:
            raise ValueError(f"analytic[{name!r}]: expected shape {n.shape} (the numerical "
                             f"gradient's), got shape {a.shape}")
        err = rel_errors(a, n)
        idx = np.unravel_index(int(np.argmax(err)), err.shape)
        rows.append({"name": name, "rel_error": float(err[idx]),
                     "index": tuple(int(i) for i in idx),
                     "analytic": float(a[idx]), "numeric": float(n[idx])})
    return rows


def check_network(net, X, Y, loss="bce", h=1e-5, tol=1e-7, grads=None, order=2,
                  dtype=np.float64):
    """Compare ``net.backward`` (or the given ``grads``) with centred differences.

    Returns ``(ok, rows)`` where ``rows`` is the per-parameter report of ``compare`` and ``ok``
    is True when every relative error is below ``tol``.
    """
    if grads is None:
        _, cache = net.forward(X)
        grads = net.backward(cache, Y, loss)
    numeric = numerical_grads(net, X, Y, loss, h, order, dtype)
    rows = compare(grads, numeric)
    return all(r["rel_error"] < tol for r in rows), rows


def error_bound(err):
    """A relative error as a stable bound for printing: ``"< 1e-09"``, ``"0"``.

    Stored notebook outputs must be identical on every machine; the last digits of a tiny
    round-off error are not, the power of ten above it almost always is.
    """
    if err == 0:
        return "0"
    exponent = int(np.ceil(np.log10(err) + 1e-12))
    return f"< 1e{exponent:+03d}" if exponent < 0 else f"{err:.2g}"


def format_report(rows, tol=1e-7):
    """The report as text: ``name | max rel. error | worst index | analytic | numeric | ok``.

    Columns widen to fit the longest name and index, so the rows stay aligned.
    """
    w_name = max([6] + [len(r["name"]) for r in rows])
    w_index = max([9] + [len(str(r["index"])) for r in rows])
    lines = [f"{'name':<{w_name}} | {'max rel. error':>14} | {'worst at':<{w_index}} | "
             f"{'analytic':>11} | {'numeric':>11} | ok"]
    for r in rows:
        ok = "ok" if r["rel_error"] < tol else "FAIL"
        lines.append(f"{r['name']:<{w_name}} | {error_bound(r['rel_error']):>14} | "
                     f"{str(r['index']):<{w_index}} | {r['analytic']:>11.4e} | "
                     f"{r['numeric']:>11.4e} | {ok}")
    return "\n".join(lines)

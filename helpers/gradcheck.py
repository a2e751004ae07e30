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

The verdict of ``check_network`` does not read relative errors alone: entries whose two values
differ by less than the difference quotient resolves at the loss's scale (``resolution``,
about eps |L| / h) pass, and the report says "below resolution". Otherwise a correct network
at ``init="small"``, whose first-layer entries are near 1e-9, would FAIL; a real bug in such an
entry changes it by its own size, far above that floor. A gradient missing from either side
fails.
"""
import copy

import numpy as np

from . import _validate as V
from .convnet import ConvNet
from .losses import RAW_LOSSES
from .network import MLP
from .portable import bound

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

    ``x`` (a float array) is changed in place, one entry at a time, and restored: ``f`` must
    read it. Returns an array shaped like ``x``.

    order=2 is the textbook (f(x+h) - f(x-h)) / 2h, error O(h^2). order=4 is the five-point
    centred stencil (-f(x+2h) + 8 f(x+h) - 8 f(x-h) + f(x-2h)) / 12h, error O(h^4): with a
    larger h (1e-3) it also divides round-off by a larger step, which is what deep networks
    with tiny gradient entries need.
    """
    if not callable(f):
        raise ValueError(f"f: expected a function of no arguments returning the loss, got "
                         f"{type(f).__name__}")
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise ValueError(f"x: expected a float numpy array that f reads (moved in place by h; "
                         f"an integer array cannot hold x + h), got "
                         f"{getattr(x, 'dtype', type(x).__name__)}")
    V.positive_float(h, "h")                 # h keeps its own type (float32 steps stay float32)
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


def _check_net(net):
    if not isinstance(net, (MLP, ConvNet)):     # both speak the same forward/backward protocol
        raise ValueError(f"net: expected a helpers.network.MLP or a helpers.convnet.ConvNet, "
                         f"got {type(net).__name__}")


def numerical_grads(net, X, Y, loss=None, h=1e-5, order=2, dtype=np.float64, training=False,
                    rng=None):
    """Centred-difference gradients of ``net``'s averaged loss for every parameter.

    Returns a dict ``dW1, db1, ...`` like ``net.backward``. ``loss`` defaults to the output's
    (``net.default_loss``). ``dtype`` is the precision the forward passes run in:
    ``np.float32`` shows how much a gradient check loses in single precision;
    ``np.longdouble`` (80-bit on x86) buys about three more digits for a reference.
    ``training=True`` differentiates the network as it trains, dropout on: every forward pass
    draws its masks from a generator seeded with ``rng`` (an integer), so all of them drop the
    same units, as ``net.forward(X, training=True, rng=rng)`` does once.
    Each parameter of a copy of the network is moved in turn and the copy's public
    ``forward`` run; the network's own parameters are left untouched.
    """
    _check_net(net)
    V.positive_float(h, "h")
    loss_fn = RAW_LOSSES[net.check_loss(loss)]
    if training and not isinstance(V.seed(rng, "rng"), int):
        raise ValueError(f"rng: expected an integer seed with training=True (every pass must "
                         f"draw the same dropout masks), got {rng!r}")
    X = V.as_matrix(X, "X")
    A, _ = net.forward(X)                            # validates X against the network once
    Y = V.as_matrix(Y, "Y")
    V.same_shape(Y, "Y", A.shape, "the network's output for X")
    probe = copy.copy(net)                 # the same network, with its own params dict
    probe.params = {name: p.astype(dtype) for name, p in net.params.items()}
    Xd, Yd = X.astype(dtype), Y.astype(dtype)

    def f():                               # the loss, reading probe.params as they are now
        A_L = probe.forward(Xd, keep_cache=False, training=training, rng=rng)[0]
        return loss_fn(A_L, Yd)

    return {f"d{name}": numerical_gradient(f, p, dtype(h), order)
            for name, p in probe.params.items()}


def resolution(loss_value, h=1e-5, order=2):
    """The smallest gradient difference a float64 centred difference resolves at this loss.

    Each loss value carries round-off of about eps |L| (eps = 2.2e-16); the difference
    quotient divides it by the step, so two gradients that differ by less than about
    ``eps max(1, |L|) / h`` (times the stencil's weights, 1.5 for order 4) cannot be told
    apart by the check. Gradient entries that small (a first layer at ``init="small"`` has
    entries near 1e-9) get relative errors far above 1e-7 on a correct network. Float32
    passes get no allowance of their own: their round-off is what such a check exposes.
    """
    weight = {2: 1.0, 4: 1.5}[order]
    return 4 * weight * np.finfo(np.float64).eps * max(1.0, abs(float(loss_value))) / h


def compare(analytic, numeric, tol=1e-7, atol=0.0):
    """One row per parameter: the worst entry's relative error, its index and both values.

    Both arguments are dicts of arrays (e.g. ``dW1``) and are compared over the union of their
    keys. Returns a list of dicts with keys ``name, rel_error, index, analytic, numeric, ok,
    problem``. An entry is ``ok`` when its relative error is below ``tol`` or the two values
    differ by at most ``atol`` (a difference below what the method resolves, see
    ``resolution``); ``problem`` is None, ``"below resolution"`` when the parameter passed only
    through ``atol``, or says that the gradient is missing from one side (then ``ok`` is False
    and ``rel_error`` is inf).
    """
    for what, grads in (("analytic", analytic), ("numeric", numeric)):
        if not isinstance(grads, dict):
            raise ValueError(f"{what}: expected a dict of gradients (name -> array) such as "
                             f"net.backward returns, got {type(grads).__name__}")
    tol = V.positive_float(tol, "tol")
    atol = V.non_negative_float(atol, "atol")
    rows = []
    for name in list(analytic) + [k for k in numeric if k not in analytic]:
        if name not in numeric or name not in analytic:
            side = "numeric" if name not in numeric else "analytic"
            rows.append({"name": name, "rel_error": float("inf"), "index": None,
                         "analytic": float("nan"), "numeric": float("nan"), "ok": False,
                         "problem": f"missing from {side}"})
            continue
        a, n = np.asarray(analytic[name]), np.asarray(numeric[name])
        if a.shape != n.shape:
            raise ValueError(f"analytic[{name!r}]: expected shape {n.shape} (the numerical "
                             f"gradient's), got shape {a.shape}")
        err = rel_errors(a, n)
        idx = np.unravel_index(int(np.argmax(err)), err.shape)
        passed_rel = err < tol
        ok = bool(np.all(passed_rel | (np.abs(a - n) <= atol)))
        problem = "below resolution" if ok and not passed_rel.all() else None
        rows.append({"name": name, "rel_error": float(err[idx]),
                     "index": tuple(int(i) for i in idx),
                     "analytic": float(a[idx]), "numeric": float(n[idx]), "ok": ok,
                     "problem": problem})
    return rows


def check_network(net, X, Y, loss=None, h=1e-5, tol=1e-7, grads=None, order=2,
                  dtype=np.float64):
    """Compare ``net.backward`` (or the given ``grads``) with centred differences.

    Returns ``(ok, rows)`` where ``rows`` is the per-parameter report of ``compare`` and ``ok``
    is True when every parameter's gradient is there and every entry agrees: a relative error
    below ``tol``, or a difference below what the centred difference resolves at this loss
    (``resolution``: tiny gradients, such as a first layer's at ``init="small"``).
    ``loss`` defaults to the output's (``net.default_loss``).
    """
    _check_net(net)
    loss = net.check_loss(loss)
    if grads is None:
        _, cache = net.forward(X)
        grads = net.backward(cache, Y, loss)
    numeric = numerical_grads(net, X, Y, loss, h, order, dtype)
    atol = resolution(net.loss(X, Y, loss), h, order)
    rows = compare(grads, numeric, tol, atol)
    return all(r["ok"] for r in rows), rows


def format_report(rows, tol=1e-7):
    """The report as text: ``name | max rel. error | worst index | analytic | numeric | ok``.

    Columns widen to fit the longest name and index, so the rows stay aligned. A gradient
    missing from one side prints as such; a parameter that passed only because its
    differences are below the check's resolution says so.
    """
    w_name = max([6] + [len(r["name"]) for r in rows])
    w_index = max([9] + [len(str(r["index"])) for r in rows])
    lines = [f"{'name':<{w_name}} | {'max rel. error':>14} | {'worst at':<{w_index}} | "
             f"{'analytic':>11} | {'numeric':>11} | ok"]
    for r in rows:
        ok = r.get("ok", r["rel_error"] < tol)
        verdict = "ok" if ok else "FAIL"
        if r.get("problem"):
            verdict += f" ({r['problem']})"
        err = "-" if r["index"] is None else bound(r["rel_error"], style="power")
        lines.append(f"{r['name']:<{w_name}} | {err:>14} | "
                     f"{str(r['index'] if r['index'] is not None else '-'):<{w_index}} | "
                     f"{r['analytic']:>11.4e} | {r['numeric']:>11.4e} | {verdict}")
    return "\n".join(lines)

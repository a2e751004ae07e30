"""Printing round-off-level numbers so that the printed text is the same on every CPU.

A gradient check's relative error on a correct backward pass is round-off: its last digits,
and even its power of ten, change with the CPU's SIMD width, OpenBLAS's kernels and the order
of a sum (numpy issue 20564). What a notebook can state on every machine is a **bound** well
above that noise (``< 1e-08``), and, for errors that are large because something is wrong,
one or two significant figures. Notebook 04 prints its checks through this module.

Choose ``floor`` at least ten times above the largest round-off error seen on any CPU: the
printed bound is then a claim the mathematics guarantees, not a reading of the last digits.
"""
import numpy as np

from . import _validate as V


def bound(err, floor=None, style="figures"):
    """``err`` as text that holds on every CPU.

    Parameters
    ----------
    err : float
        A non-negative error (a relative error, an absolute difference ...).
    floor : float, optional
        A positive power of ten (``1e-8``) well above the round-off in ``err``: anything
        below it prints as ``"< 1e-08"``.
    style : {"figures", "power"}
        How an error at or above ``floor`` prints: two significant figures (``"0.036"``), or,
        up to 0.1, only the power of ten above it (``"< 1e-05"``; 0 prints as ``"0"``), for
        an error whose digits are round-off but which no floor covers.
    """
    err = V.non_negative_float(err, "err")
    V.choice(style, "style", ("figures", "power"))
    if floor is not None:
        floor = V.positive_float(floor, "floor")
        exponent = np.log10(floor)
        if abs(exponent - round(exponent)) > 1e-9:
            raise ValueError(f"floor: expected a power of ten such as 1e-8, got {floor!r}")
        if err < floor:
            return f"< 1e{int(round(exponent)):+03d}"
    if style == "power":
        if err == 0:
            return "0"
        exponent = int(np.ceil(np.log10(err) + 1e-12))
        if exponent < 0:
            return f"< 1e{exponent:+03d}"
    return f"{err:.2g}"


def format_report(rows, floor=1e-8, tol=1e-7):
    """A gradient check as ``name | max rel. error | ok`` (the series' style), CPU-independent.

    ``rows`` is the list ``gradcheck.check_network`` or ``gradcheck.compare`` returns (keys
    ``name, rel_error``, and ``ok``, ``problem`` where ``compare`` gives them). Errors below
    ``floor`` print as ``< floor``. The worst entry's index and values are left out: among
    round-off-level errors, *which* entry is worst depends on the CPU, and so would the values
    printed for it.
    """
    floor = V.positive_float(floor, "floor")
    tol = V.positive_float(tol, "tol")
    if floor > tol:
        raise ValueError(f"floor: expected at most tol = {tol:g}, got {floor:g} (a bound above "
                         f"the tolerance could not say 'ok')")
    width = max([6] + [len(r["name"]) for r in rows])
    lines = [f"{'name':<{width}} | {'max rel. error':>14} | ok"]
    for r in rows:
        verdict = "ok" if r.get("ok", r["rel_error"] < tol) else "FAIL"
        if r.get("problem"):
            verdict += f" ({r['problem']})"
        err = "-" if np.isinf(r["rel_error"]) else bound(r["rel_error"], floor)
        lines.append(f"{r['name']:<{width}} | {err:>14} | {verdict}")
    return "\n".join(lines)

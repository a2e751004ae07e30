"""Comparing the symbolic gradients of :mod:`helpers.symbolic`, by proof and with numbers,
and typesetting them.

``proves_zero`` and ``equal_entries`` prove expressions equal; ``compare_with_numeric``
evaluates a :class:`~helpers.symbolic.SymbolicNetwork`'s gradients and compares them with
``MLP.backward`` and with centred differences; ``format_comparison`` prints that comparison as
stable error bounds; ``equation`` typesets ``lhs = rhs`` in a notebook (the only use of
IPython, imported when it is called).
"""
import numpy as np
import sympy as sp

from . import _validate as V
from .gradcheck import error_bound, numerical_grads, rel_error
from .network import MLP, param_names
from .symbolic import ACTIVATIONS, LOSSES, OUTPUTS, SymbolicNetwork


def equation(lhs, rhs):
    """``lhs = rhs`` typeset by the notebook: lhs is LaTeX text, rhs a SymPy expression."""
    if not isinstance(lhs, str):
        raise ValueError(f"lhs: expected LaTeX text (str), got {type(lhs).__name__}")
    from IPython.display import Math
    return Math(f"{lhs} = {sp.latex(rhs)}")


def lambdify(net, grads=None):
    """Compile ``grads`` of the SymbolicNetwork ``net`` (default: its ``gradients()``) into
    one numpy function.

    Returns ``f(params, X, Y) -> {"dW1": array, ...}`` taking the arrays of an ``MLP``
    (``params`` like ``MLP.params``, X (n_0, m), Y (n_L, m)). Shared sub-expressions are
    computed once (``cse=True``).
    """
    grads = net.gradients() if grads is None else grads
    names = list(grads)
    inputs = net.param_symbols + list(net.X) + list(net.Y)
    flat = [e for name in names for e in grads[name]]
    fn = sp.lambdify(inputs, flat, modules="numpy", cse=True)
    shapes = [grads[name].shape for name in names]

    def evaluate(params, X, Y):
        values = [p for name in param_names(net.n_layers)
                  for p in np.asarray(params[name], dtype=np.float64).ravel()]
        values += list(np.asarray(X, dtype=np.float64).ravel())
        values += list(np.asarray(Y, dtype=np.float64).ravel())
        out, result = np.array(fn(*values), dtype=np.float64), {}
        start = 0
        for name, shape in zip(names, shapes):
            size = shape[0] * shape[1]
            result[name] = out[start:start + size].reshape(shape)
            start += size
        return result

    return evaluate


def _example_of(term):
    """The example indices (the i of x^{(i)}, z^{[l](i)} ...) a term's symbols belong to."""
    return frozenset(name[name.index("(") + 1:name.index(")")] for name in
                     (s.name for s in term.free_symbols) if "(" in name)


def _cancels(expr):
    """True when expr, with each exp(...) taken as an independent positive symbol, is 0."""
    exps = sorted(expr.atoms(sp.exp), key=sp.default_sort_key)
    return sp.cancel(sp.together(expr.xreplace({e: sp.Dummy(positive=True) for e in exps}))) == 0


def proves_zero(expr):
    """True when SymPy proves ``expr`` is identically 0.

    Fast path: every ``exp(...)`` is replaced by a fresh positive symbol and the result is
    brought over one denominator (``cancel``). If that rational function is 0 for all values
    of the new symbols it is 0 in particular for the real exponentials, so True is a proof.
    A gradient over m examples is a sum over the examples: the terms of each example (their
    symbols carry ``(i)``) are proved 0 separately, which is as rigorous and much faster.
    Otherwise falls back to ``simplify`` (slower, also a proof when it reaches 0).
    """
    expr = sp.sympify(expr).rewrite(sp.exp)
    groups = {}
    for term in sp.Add.make_args(expr):
        groups.setdefault(_example_of(term), []).append(term)
    if all(_cancels(sp.Add(*terms)) for terms in groups.values()):
        return True
    return sp.simplify(expr) == 0


def equal_entries(left, right):
    """A list of booleans, one per entry: SymPy proves ``left[idx] - right[idx]`` is 0."""
    if left.shape != right.shape:
        raise ValueError(f"right: expected the shape of left, {left.shape}, got {right.shape}")
    return [proves_zero(left[idx] - right[idx]) for idx in np.ndindex(left.shape)]


def compare_with_numeric(net, params, X, Y, h=1e-3, order=4):
    """Evaluate every symbolic gradient and compare it with MLP.backward and finite differences.

    ``net`` is a SymbolicNetwork with named activation, output and loss; ``params``, ``X``
    (n_0, m), ``Y`` (n_L, m) are numpy arrays. Returns a list of dicts, one per parameter:
    ``name, vs_backward, vs_numeric`` (worst relative errors of the symbolic gradient against
    the backward pass and against centred differences with step ``h``). The default is the
    five-point centred stencil (``order=4``, error O(h^4)) with h = 1e-3: the textbook
    two-point one (``order=2``, h = 1e-5) loses a few more digits to round-off on small
    gradient entries, see ``helpers.gradcheck.numerical_gradient``.
    """
    if not isinstance(net, SymbolicNetwork):
        raise ValueError(f"net: expected a SymbolicNetwork, got {type(net).__name__}")
    for what, value, allowed in (("activation", net.activation, ACTIVATIONS),
                                 ("output", net.output, OUTPUTS), ("loss", net.loss, LOSSES)):
        if not isinstance(value, str) or value not in allowed:
            raise ValueError(f"net: expected a network with a named {what} (one of "
                             f"{sorted(allowed)}) to compare with numbers, got {value!r}")
    X = V.as_matrix(X, "X", rows=net.layer_sizes[0])
    Y = V.as_matrix(Y, "Y", rows=net.layer_sizes[-1])
    if X.shape[1] != net.m or Y.shape[1] != net.m:
        raise ValueError(f"X: expected m = {net.m} columns, as the SymbolicNetwork was built "
                         f"with, got X {X.shape} and Y {Y.shape}")
    mlp = MLP(net.layer_sizes, activation=net.activation, output=net.output)
    for name in mlp.params:
        mlp.params[name] = V.as_matrix(params.get(name) if isinstance(params, dict) else None,
                                       f"params[{name!r}]")
    _, cache = mlp.forward(X)
    backward = mlp.backward(cache, Y, net.loss)
    numeric = numerical_grads(mlp, X, Y, net.loss, h=h, order=order)
    symbolic = net.lambdify()(mlp.params, X, Y)
    return [{"name": name, "vs_backward": rel_error(symbolic[name], backward[name]),
             "vs_numeric": rel_error(symbolic[name], numeric[name])} for name in symbolic]


def _bound(err, floor):
    """error_bound, but every error below ``floor`` prints as ``< floor``: round-off that
    small differs between machines in its power of ten too, the bound above it does not."""
    return f"< {floor:.0e}" if err < floor else error_bound(err)


def format_comparison(rows, tol_backward=1e-12, tol_numeric=1e-8, floors=(1e-13, 1e-9)):
    """The comparison as a table of error bounds (stable digits), one line per parameter."""
    lines = [f"{'name':<5} | {'symbolic vs backward':>20} | {'symbolic vs finite diff.':>24} | ok"]
    for r in rows:
        ok = r["vs_backward"] < tol_backward and r["vs_numeric"] < tol_numeric
        lines.append(f"{r['name']:<5} | {_bound(r['vs_backward'], floors[0]):>20} | "
                     f"{_bound(r['vs_numeric'], floors[1]):>24} | {'ok' if ok else 'FAIL'}")
    return "\n".join(lines)

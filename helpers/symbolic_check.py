"""The symbolic gradients of :mod:`helpers.symbolic` against numbers, and typesetting.

``compare_with_numeric`` evaluates a :class:`~helpers.symbolic.SymbolicNetwork`'s gradients
and compares them with ``MLP.backward`` and with centred differences; ``format_comparison``
prints that comparison as stable error bounds (``helpers.portable``); ``equation`` typesets
``lhs = rhs`` in a notebook (the only use of IPython, imported when it is called). The proofs
(``proves_zero``, ``equal_entries``) are pure SymPy and live in :mod:`helpers.symbolic`.
"""
import sympy as sp

from . import _validate as V
from .gradcheck import numerical_grads, rel_error
from .network import MLP
from .portable import bound
from .symbolic import ACTIVATIONS, LOSSES, OUTPUTS, SymbolicNetwork


def equation(lhs, rhs):
    """``lhs = rhs`` typeset by the notebook: lhs is LaTeX text, rhs a SymPy expression."""
    if not isinstance(lhs, str):
        raise ValueError(f"lhs: expected LaTeX text (str), got {type(lhs).__name__}")
    from IPython.display import Math
    return Math(f"{lhs} = {sp.latex(rhs)}")


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


def format_comparison(rows, tol_backward=1e-12, tol_numeric=1e-8, floors=(1e-13, 1e-9)):
    """The comparison as a table of error bounds (stable digits), one line per parameter:
    an error below its floor prints as ``< floor``, one above it as the power of ten above it
    (``helpers.portable.bound`` with ``style="power"``)."""
    lines = [f"{'name':<5} | {'symbolic vs backward':>20} | {'symbolic vs finite diff.':>24} | ok"]
    for r in rows:
        ok = r["vs_backward"] < tol_backward and r["vs_numeric"] < tol_numeric
        lines.append(f"{r['name']:<5} | {bound(r['vs_backward'], floors[0], 'power'):>20} | "
                     f"{bound(r['vs_numeric'], floors[1], 'power'):>24} | {'ok' if ok else 'FAIL'}")
    return "\n".join(lines)

"""SymPy: a network written as scalar expressions, every gradient derived, lambdified, compared.

Notebook 03 uses this module. A :class:`SymbolicNetwork` holds one SymPy symbol per weight,
bias, input and target (``w^{[l]}_{jk}``, ``b^{[l]}_{j}``, ``x_k`` or ``x^{(i)}_k``, ``y`` ...)
and the forward pass as matrices of expressions, in the column convention of
``helpers.network``::

    Z_l = W_l A_{l-1} + b_l 1^T : (n_l, m)      A_l = g(Z_l) : (n_l, m)
    cost = (1/m) sum_i sum_j loss(a_j^{(i)}, y_j^{(i)})

Two ways to the gradients, which the notebook proves equal:

* :meth:`SymbolicNetwork.gradients` lets SymPy differentiate the whole cost expression
  with respect to each parameter (no knowledge of backpropagation);
* :meth:`SymbolicNetwork.backprop` assembles the four equations of backpropagation from
  local derivatives that SymPy takes of small pieces (the loss in ``a``, the activation in
  ``z``): delta^L = dC/da ⊙ g'(Z_L); delta^l = W_{l+1}^T delta^{l+1} ⊙ g'(Z_l);
  dW_l = (1/m) delta^l A_{l-1}^T; db_l = (1/m) delta^l 1.

``activation`` and ``loss`` may be names or SymPy functions left undefined
(``sympy.Function("g")``): then the proof holds for *every* activation and cost.

The proofs (``proves_zero``, ``equal_entries``, :meth:`SymbolicNetwork.proves_equal`) and
``lambdify`` are pure SymPy and live here; comparing with numbers and typesetting
(``compare_with_numeric``, ``format_comparison``, ``equation``) live in
:mod:`helpers.symbolic_check`, which imports this module (never the other way round).
"""
import numpy as np
import sympy as sp

from . import _validate as V
from .network import param_names


def sigmoid(z):
    """The logistic sigmoid as a SymPy expression, 1 / (1 + exp(-z))."""
    return 1 / (1 + sp.exp(-z))


def _identity(z):
    return z


#: activation name -> SymPy function (the names match ``helpers.activations``)
ACTIVATIONS = {"sigmoid": sigmoid, "tanh": sp.tanh, "linear": _identity}
#: output activations a SymbolicNetwork supports
OUTPUTS = ("sigmoid", "linear")


def bce(a, y):
    """Binary cross-entropy of one output: -(y log a + (1 - y) log(1 - a))."""
    return -(y * sp.log(a) + (1 - y) * sp.log(1 - a))


def mse(a, y):
    """Squared error of one output with document 002's 1/2: (a - y)^2 / 2."""
    return (a - y) ** 2 / 2


#: loss name -> loss of one output unit and one example, f(a, y)
LOSSES = {"bce": bce, "mse": mse}


def weight(l, j, k):
    """The symbol of w^{[l]}_{jk}: the weight from unit k of layer l-1 to unit j of layer l."""
    return sp.Symbol(f"w^{{[{l}]}}_{{{j}{k}}}")


def bias(l, j):
    """The symbol of b^{[l]}_{j}."""
    return sp.Symbol(f"b^{{[{l}]}}_{{{j}}}")


def _data_symbol(letter, unit, example, m, n_units):
    """x_1, or x^{(2)}_1 for example 2 of m > 1 (the unit index is left out for one unit)."""
    unit_part = f"_{unit}" if n_units > 1 else ""
    example_part = f"^{{({example})}}" if m > 1 else ""
    return sp.Symbol(f"{letter}{example_part}{unit_part}")


def _function(value, name, table):
    """A name from ``table`` or any callable SymPy function (e.g. ``sympy.Function("g")``)."""
    if isinstance(value, str):
        return table[V.choice(value, name, table)]
    if callable(value):
        return value
    raise ValueError(f"{name}: expected one of {sorted(table)} or a SymPy function, got {value!r}")


class SymbolicNetwork:
    """A fully connected network as SymPy expressions.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_0, ..., n_L]``, at least two entries.
    activation : {"sigmoid", "tanh", "linear"} or SymPy function
        The hidden layers' activation g.
    output : {"sigmoid", "linear"} or SymPy function
        The output layer's activation.
    loss : {"bce", "mse"} or callable f(a, y)
        The loss of one output unit for one example; the cost averages over the m examples.
    m : int
        Number of examples (columns of X).

    Attributes
    ----------
    params : dict
        ``W1, b1, ...`` as SymPy matrices of symbols, shapes (n_l, n_{l-1}) and (n_l, 1).
    X, Y : sympy.Matrix
        Symbols of the inputs (n_0, m) and targets (n_L, m).
    Z, A : dict
        ``Z[l]``, ``A[l]``: matrices of expressions (n_l, m); ``A[0]`` is ``X``.
    cost : sympy.Expr
        The loss averaged over the m examples.
    """

    def __init__(self, layer_sizes, activation="sigmoid", output="sigmoid", loss="bce", m=1):
        self.layer_sizes = V.layer_sizes(layer_sizes)
        self.m = V.positive_int(m, "m")
        self.activation, self.output, self.loss = activation, output, loss
        self.g = _function(activation, "activation", ACTIVATIONS)
        self.g_out = _function(output, "output", {k: ACTIVATIONS[k] for k in OUTPUTS})
        self.loss_fn = _function(loss, "loss", LOSSES)
        self._build()
        self._grads = None

    def _build(self):
        sizes, m = self.layer_sizes, self.m
        L = self.n_layers
        self.X = sp.Matrix(sizes[0], m, lambda k, i: _data_symbol("x", k + 1, i + 1, m, sizes[0]))
        self.Y = sp.Matrix(sizes[L], m, lambda j, i: _data_symbol("y", j + 1, i + 1, m, sizes[L]))
        self.params, self.Z, self.A = {}, {}, {0: self.X}
        for l in range(1, L + 1):
            W = sp.Matrix(sizes[l], sizes[l - 1], lambda j, k, l=l: weight(l, j + 1, k + 1))
            b = sp.Matrix(sizes[l], 1, lambda j, _, l=l: bias(l, j + 1))
            self.params[f"W{l}"], self.params[f"b{l}"] = W, b
            self.Z[l] = W * self.A[l - 1] + b * sp.ones(1, m)             # (n_l, m)
            self.A[l] = self.Z[l].applyfunc(self.g_out if l == L else self.g)
        A_L = self.A[L]
        self.cost = sp.Add(*[self.loss_fn(A_L[j, i], self.Y[j, i])
                             for i in range(m) for j in range(sizes[L])]) / m

    def z_symbol(self, l, j, i=1):
        """The symbol standing for Z_l[j, i] (1-based): z^{[l]}_{j}, or z^{[l](i)}_{j} if m > 1."""
        example = f"({i})" if self.m > 1 else ""
        return sp.Symbol(f"z^{{[{l}]{example}}}_{{{j}}}")

    def in_terms_of_z(self, expr):
        """``expr`` with every pre-activation written as its symbol z^{[l]}_{j}.

        The shared sub-expressions of a network: each z appears in many gradients. SymPy
        distributes a minus sign into a sum, so -Z is mapped too (it sits inside exp(-z)).
        """
        mapping = {}
        for l in range(self.n_layers, 0, -1):
            for (j, i) in np.ndindex(self.Z[l].shape):
                z, zs = self.Z[l][j, i], self.z_symbol(l, j + 1, i + 1)
                mapping[z], mapping[-z] = zs, -zs
        return sp.sympify(expr).xreplace(mapping)

    def proves_equal(self, left, right):
        """For two dicts of gradient matrices (e.g. :meth:`gradients` and :meth:`backprop`):
        ``{name: [True, ...]}``, one boolean per entry, True when SymPy proves the entries
        equal. Both are first written in terms of the z's (:meth:`in_terms_of_z`): an
        identity in independent z's holds in particular for the z's of the network.
        """
        if set(left) != set(right):
            raise ValueError(f"right: expected the keys of left, {sorted(left)}, got "
                             f"{sorted(right)}")
        return {name: equal_entries(left[name].applyfunc(self.in_terms_of_z),
                                    right[name].applyfunc(self.in_terms_of_z))
                for name in left}

    @property
    def n_layers(self):
        """L, the number of weight layers."""
        return len(self.layer_sizes) - 1

    @property
    def param_symbols(self):
        """Every parameter symbol: W1 row by row, b1, W2, ... (19 for a 4-2-2-1 network)."""
        return [s for name in param_names(self.n_layers) for s in self.params[name]]

    def __repr__(self):
        return (f"SymbolicNetwork({self.layer_sizes}, activation={self.activation!r}, "
                f"output={self.output!r}, loss={self.loss!r}, m={self.m})")

    def gradients(self):
        """SymPy's derivative of the whole cost with respect to each parameter.

        Returns ``{"dW1": Matrix, "db1": Matrix, ...}``, each the shape of its parameter.
        """
        if self._grads is None:
            self._grads = {f"d{name}": P.applyfunc(lambda s: sp.diff(self.cost, s))
                           for name, P in ((n, self.params[n]) for n in param_names(self.n_layers))}
        return self._grads

    def local_derivative(self, fn, at):
        """d fn(t) / dt at t = ``at``, taken by SymPy: g'(z) for an activation g."""
        t = sp.Dummy("t")
        return sp.diff(fn(t), t).subs(t, at)

    def deltas(self):
        """delta^l = dC/dZ_l per example (no 1/m), from the first two of the four equations."""
        L, a = self.n_layers, sp.Dummy("a")
        A_L, Y = self.A[L], self.Y
        dC_da = A_L.applyfunc(lambda _: 0)
        for idx in np.ndindex(A_L.shape):
            dC_da[idx] = sp.diff(self.loss_fn(a, Y[idx]), a).subs(a, A_L[idx])   # grad_a C
        deltas = {L: dC_da.multiply_elementwise(
            self.Z[L].applyfunc(lambda z: self.local_derivative(self.g_out, z)))}
        for l in range(L - 1, 0, -1):
            g_prime = self.Z[l].applyfunc(lambda z: self.local_derivative(self.g, z))
            deltas[l] = (self.params[f"W{l + 1}"].T * deltas[l + 1]).multiply_elementwise(g_prime)
        return deltas

    def backprop(self):
        """The gradients by the four equations of backpropagation, averaged over m.

        dW_l = (1/m) delta^l A_{l-1}^T and db_l = (1/m) delta^l 1 (the sum over examples).
        """
        deltas, m = self.deltas(), self.m
        grads = {}
        for l in range(1, self.n_layers + 1):
            grads[f"dW{l}"] = deltas[l] * self.A[l - 1].T / m             # (n_l, n_{l-1})
            grads[f"db{l}"] = deltas[l] * sp.ones(m, 1) / m               # (n_l, 1)
        return grads

    def lambdify(self, grads=None):
        """Compile ``grads`` (default: :meth:`gradients`) into one numpy function
        ``f(params, X, Y) -> {"dW1": array, ...}`` taking the arrays of an ``MLP``; see
        :func:`lambdify`."""
        return lambdify(self, grads)


# ---------------------------------------------------------------- proofs and compiling
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

"""The tensor engine: notebook 08's scalar ``Value``, with numpy arrays in place of numbers.

A :class:`Tensor` holds ``data`` (a float64 array), ``grad`` (d loss / d data, same shape, or
None; filled on leaves only, as in PyTorch, unless ``retain_grad()``), and ``parents``: pairs
``(parent, rule)``. Where the scalar engine stores a number, the
local derivative, here ``rule`` is a function from d loss / d this tensor to this path's
contribution to d loss / d parent (the matrix product's rule is ``g -> g @ B.T``). ``backward``
visits the graph in reverse topological order and *adds* each contribution to what the parent
has already received: gradients add where paths meet.

Broadcasting: ``W @ A + b`` adds a (n, 1) bias to every column of a (n, m) matrix. numpy
copies b across the m columns, so each copy's gradient flows back, and they add up: the
backward rule of every element-wise operation sums over the axes it broadcast (``_unbroadcast``).

As in PyTorch, ``backward()`` frees the graph it walked: a second ``backward()`` through the same
graph raises ``RuntimeError`` unless the first was ``backward(retain_graph=True)``. (PyTorch
raises only when a freed node needs a value it saved, as a product does and a sum does not;
this engine refuses every second pass, the safe side of that rule.)
"""
import contextlib
import numbers

import numpy as np

from ..activations import sigmoid as _sigmoid
from .graph import topological_order

_RECORDING = [True]


@contextlib.contextmanager
def no_grad():
    """Inside ``with no_grad():`` operations record no graph (PyTorch's ``torch.no_grad``):
    for evaluating a model or updating its parameters."""
    _RECORDING.append(False)
    try:
        yield
    finally:
        _RECORDING.pop()


def _unbroadcast(grad, shape):
    """Sum ``grad`` over the axes numpy broadcast to reach it from ``shape``."""
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))            # axes numpy prepended
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    return grad.sum(axis=stretched, keepdims=True) if stretched else grad


SECOND_BACKWARD = (
    "Trying to backward through the graph a second time: backward() frees the graph once it "
    "has used it (the values each operation saved for its rule). Call "
    "backward(retain_graph=True) the first time if you need a second pass, or build the graph "
    "again with a new forward pass (PyTorch raises the same error when an operation saved a "
    "value for its rule, as a product does)")


def _freed(g):
    raise RuntimeError(SECOND_BACKWARD)


def _result(data, op, *parents):
    """A new tensor computed by ``op``; it keeps the parents that need a gradient."""
    out = object.__new__(Tensor)
    out.data, out.grad, out.op, out.label, out.retains_grad = data, None, op, "", False
    out.parents = tuple(p for p in parents if p[0].requires_grad) if _RECORDING[-1] else ()
    out.requires_grad = bool(out.parents)
    return out


def _tensor(value):
    return value if isinstance(value, Tensor) else Tensor(value)


def _broadcast(fn, a, b, op):
    """fn(a.data, b.data), with numpy's broadcasting error rewritten to say what to fix."""
    try:
        return fn(a.data, b.data)
    except ValueError:
        raise ValueError(f"{op}: shapes {a.shape} and {b.shape} do not broadcast: each axis "
                         f"must be equal or 1 in one of them (a bias is (n, 1) against "
                         f"(n, m))") from None


class Tensor:
    """An array that remembers how it was computed, so ``backward`` can differentiate it.

    Parameters
    ----------
    data : array_like
        The numbers (stored as float64).
    requires_grad : bool
        True for a parameter: ``backward`` fills its ``.grad``, adding to what it holds.
    label : str
        A name shown in drawings of the graph.
    """

    __slots__ = ("data", "grad", "requires_grad", "parents", "op", "label", "retains_grad")
    __array_ufunc__ = None          # numpy array (op) Tensor defers to Tensor's reflected op

    def __init__(self, data, requires_grad=False, label=""):
        try:
            self.data = np.array(data, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"data: expected numbers or an array of numbers, got "
                             f"{type(data).__name__}") from None
        self.grad, self.parents, self.op, self.retains_grad = None, (), "", False
        self.requires_grad, self.label = bool(requires_grad), str(label)

    shape = property(lambda self: self.data.shape)
    ndim = property(lambda self: self.data.ndim)
    #: a leaf: made by the user, not by an operation that recorded parents (PyTorch's is_leaf)
    is_leaf = property(lambda self: not self.parents)

    def retain_grad(self):
        """Keep this intermediate result's ``.grad`` during ``backward`` (PyTorch's
        ``retain_grad()``; leaves keep theirs anyway). Returns the tensor."""
        if self.parents:
            self.retains_grad = True
        return self

    def __repr__(self):
        made = f", op={self.op!r}" if self.op else ""
        grad = ", requires_grad=True" if self.requires_grad else ""
        if self.data.size == 1:
            return f"Tensor({self.data.item():.6g}{made}{grad})"
        return f"Tensor(shape {self.shape}{made}{grad})"

    def item(self):
        return self.data.item()

    def zero_grad(self):
        """Forget the accumulated gradient (PyTorch: ``optimizer.zero_grad()``)."""
        self.grad = None

    # ------------------------------------------------------------- element-wise
    def __add__(self, other):
        other = _tensor(other)
        a, b = self.shape, other.shape
        return _result(_broadcast(np.add, self, other, "+"), "+",
                       (self, lambda g: _unbroadcast(g, a)), (other, lambda g: _unbroadcast(g, b)))

    def __sub__(self, other):
        other = _tensor(other)
        a, b = self.shape, other.shape
        return _result(_broadcast(np.subtract, self, other, "-"), "-",
                       (self, lambda g: _unbroadcast(g, a)),
                       (other, lambda g: -_unbroadcast(g, b)))

    def __mul__(self, other):
        other = _tensor(other)
        a, b = self.data, other.data
        return _result(_broadcast(np.multiply, self, other, "*"), "*",
                       (self, lambda g: _unbroadcast(g * b, a.shape)),
                       (other, lambda g: _unbroadcast(g * a, b.shape)))

    def __truediv__(self, other):
        other = _tensor(other)
        a, b = self.data, other.data
        return _result(_broadcast(np.divide, self, other, "/"), "/",
                       (self, lambda g: _unbroadcast(g / b, a.shape)),
                       (other, lambda g: _unbroadcast(-g * a / (b * b), b.shape)))

    def __pow__(self, k):
        if isinstance(k, (bool, np.bool_)) or not isinstance(k, numbers.Real):
            raise ValueError(f"exponent: expected a plain number (int or float, numpy's too), "
                             f"got {type(k).__name__} (for a tensor exponent b write "
                             f"(b * a.log()).exp())")
        k = k.item() if isinstance(k, np.generic) else k
        a = self.data

        def rule(g):                     # k a^(k-1); for k = 0 the derivative is 0, even at a = 0
            return np.zeros_like(g * a) if k == 0 else g * k * a ** (k - 1)
        return _result(a ** k, f"**{k}", (self, rule))

    def __neg__(self):                                                   # -self
        return _result(-self.data, "neg", (self, lambda g: -g))

    def __radd__(self, other):                                           # other + self
        return self + other

    def __rmul__(self, other):                                           # other * self
        return self * other

    def __rsub__(self, other):                                           # other - self
        return _tensor(other) - self

    def __rtruediv__(self, other):                                       # other / self
        return _tensor(other) / self

    def exp(self):
        e = np.exp(self.data)
        return _result(e, "exp", (self, lambda g: g * e))

    def log(self):
        a = self.data
        return _result(np.log(a), "log", (self, lambda g: g / a))

    def tanh(self):
        t = np.tanh(self.data)
        return _result(t, "tanh", (self, lambda g: g * (1.0 - t * t)))

    def sigmoid(self):
        s = _sigmoid(self.data)
        return _result(s, "sigmoid", (self, lambda g: g * (s * (1.0 - s))))

    def relu(self):
        a = self.data
        return _result(np.maximum(a, 0.0), "relu", (self, lambda g: g * (a > 0)))

    # ------------------------------------------------------------- matrices
    def __matmul__(self, other):
        other = _tensor(other)
        A, B = self.data, other.data
        if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
            raise ValueError(f"@: expected a (p, q) matrix times a (q, r) one, got shapes "
                             f"{A.shape} and {B.shape} (in W @ A, W is (n_l, n_(l-1)) and "
                             f"A is (n_(l-1), m): check the order and the transposes)")
        return _result(A @ B, "@", (self, lambda g: g @ B.T), (other, lambda g: A.T @ g))

    def __rmatmul__(self, other):                                        # other @ self
        return _tensor(other) @ self

    @property
    def T(self):
        return _result(self.data.T, "T", (self, lambda g: g.T))

    def sum(self, axis=None, keepdims=False):
        """Sum over ``axis`` (all axes by default); its rule copies g back over that axis."""
        shape = self.shape
        out = self.data.sum(axis=axis, keepdims=keepdims)

        def rule(g):
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return np.broadcast_to(g, shape)
        return _result(out, "sum", (self, rule))

    def mean(self, axis=None, keepdims=False):
        total = self.sum(axis=axis, keepdims=keepdims)
        return total / (self.data.size / max(total.data.size, 1))

    # ------------------------------------------------------------- backward
    def backward(self, gradient=None, retain_graph=False, *, grad=None):
        """Fill ``.grad`` of every leaf this tensor depends on with d self / d leaf.

        ``gradient`` is the seed d loss / d self (``grad=`` is accepted too): leave it out for
        a single number (a loss). Leaves *add* the new gradient to what ``.grad`` holds, as do
        intermediate results on which ``retain_grad()`` was called; other intermediate results
        keep ``.grad`` None (PyTorch's rules). The graph is freed afterwards: a second
        ``backward`` through it raises ``RuntimeError`` unless ``retain_graph=True`` now.
        """
        gradient = grad if gradient is None else gradient
        if not self.requires_grad:
            raise ValueError("backward: this tensor depends on no tensor created with "
                             "requires_grad=True, so there is nothing to differentiate")
        if gradient is None:
            if self.data.size != 1:
                raise ValueError(f"gradient: backward() without a seed gradient needs a single "
                                 f"number (a loss), but this tensor has shape {self.shape}: "
                                 f"reduce it first (.sum() or .mean()) or pass gradient=, an "
                                 f"array of shape {self.shape} holding d loss / d this tensor")
            gradient = np.ones_like(self.data)
        else:
            gradient = np.asarray(gradient, dtype=np.float64)
            if gradient.shape != self.shape:
                raise ValueError(f"gradient: expected shape {self.shape} (the tensor's own), "
                                 f"got {gradient.shape}")
        order = topological_order(self)
        if any([node.parents and node.parents[0][1] is _freed for node in order]):
            raise RuntimeError(SECOND_BACKWARD)          # before any .grad is touched
        grads = {id(self): gradient}
        for node in reversed(order):
            g = grads.pop(id(node))
            if not node.parents or node.retains_grad:    # accumulate across calls
                node.grad = np.array(g) if node.grad is None else node.grad + g
            for parent, rule in node.parents:        # add where paths meet
                key, c = id(parent), rule(g)
                grads[key] = grads[key] + c if key in grads else c
            if not retain_graph:                     # free what the rules saved
                node.parents = tuple([(parent, _freed) for parent, _ in node.parents])


def softmax_cross_entropy(Z, Y):
    """Cross-entropy of softmax(Z) against one-hot ``Y``, averaged over the m columns.

    Z : Tensor (n_classes, m) of logits; Y : array (n_classes, m). One node: its rule is
    g (softmax(Z) - Y) / m, the cancellation of notebook 02, and log-sum-exp keeps it finite.
    """
    Z = _tensor(Z)
    try:
        Y = np.asarray(Y, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"Y: expected an array of numbers, got {type(Y).__name__}") from None
    if Z.ndim != 2:
        raise ValueError(f"Z: expected logits of shape (n_classes, m), one column per example, "
                         f"got shape {Z.shape}")
    if Y.shape != Z.shape:
        raise ValueError(f"Y: expected the logits' shape {Z.shape} (one-hot columns, one per "
                         f"example), got {Y.shape}")
    sums = Y.sum(axis=0)
    if not np.abs(sums - 1.0).max() <= 1e-9 or Y.min() < 0:       # NaN fails the first test
        bad = np.flatnonzero(~(np.abs(sums - 1.0) <= 1e-9))
        where = (f"column {bad[0]} sums to {sums[bad[0]]:.6g}" if bad.size
                 else "it has negative entries")
        raise ValueError(f"Y: expected each column to be a probability distribution over the "
                         f"classes (one-hot, or non-negative and summing to 1), but {where}: "
                         f"the rule softmax(Z) - Y holds only then")
    shifted = Z.data - Z.data.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    m = Z.shape[1]
    loss = -np.sum(Y * log_probs) / m
    return _result(np.array(loss), "softmax-CE",
                   (Z, lambda g: g * (np.exp(log_probs) - Y) / m))

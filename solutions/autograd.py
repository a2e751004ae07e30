"""Reference solutions of notebook 08's exercises, and a copy of the notebook's scalar engine
(``Value``, its operations, ``backward``) so that tests can run the checkers on it."""
import math

import numpy as np


# ------------------------------------------------- the scalar engine of notebook 08 (a copy)
class Value:
    """One number in a computation, with what it was computed from."""

    def __init__(self, data, parents=(), op="", label=""):
        self.data = float(data)
        self.grad = 0.0            # d(output) / d(self), filled in by backward()
        self.parents = parents     # pairs (parent, local derivative d self / d parent)
        self.op = op
        self.label = label

    def __repr__(self):
        return f"Value({self.data:.4f}, grad={self.grad:.4f})"


def value(x):
    return x if isinstance(x, Value) else Value(x)


def add(a, b):
    a, b = value(a), value(b)
    return Value(a.data + b.data, ((a, 1.0), (b, 1.0)), "+")


def mul(a, b):
    a, b = value(a), value(b)
    return Value(a.data * b.data, ((a, b.data), (b, a.data)), "*")


def sub(a, b):
    a, b = value(a), value(b)
    return Value(a.data - b.data, ((a, 1.0), (b, -1.0)), "-")


def div(a, b):
    a, b = value(a), value(b)
    return Value(a.data / b.data, ((a, 1 / b.data), (b, -a.data / b.data ** 2)), "/")


def power(a, k):
    local = k * a.data ** (k - 1) if k != 0 else 0.0     # a^0 = 1 is flat everywhere
    return Value(a.data ** k, ((a, local),), f"**{k}")


def exp(a):
    e = math.exp(a.data)
    return Value(e, ((a, e),), "exp")


def log(a):
    return Value(math.log(a.data), ((a, 1 / a.data),), "log")


def tanh(a):
    t = math.tanh(a.data)
    return Value(t, ((a, 1 - t * t),), "tanh")


def sigmoid(a):
    s = 1 / (1 + math.exp(-a.data))
    return Value(s, ((a, s * (1 - s)),), "sigmoid")


def relu(a):
    return Value(max(a.data, 0.0), ((a, 1.0 if a.data > 0 else 0.0),), "relu")


Value.__add__, Value.__radd__ = add, lambda self, other: add(other, self)
Value.__mul__, Value.__rmul__ = mul, lambda self, other: mul(other, self)
Value.__sub__, Value.__rsub__ = sub, lambda self, other: sub(other, self)
Value.__truediv__, Value.__rtruediv__ = div, lambda self, other: div(other, self)
Value.__pow__ = power
Value.__neg__ = lambda self: Value(-self.data, ((self, -1.0),), "neg")   # -self


def topological_order(root):
    order, seen = [], set()
    stack = [(root, False)]                    # (node, are its parents listed already?)
    while stack:
        node, parents_listed = stack.pop()
        if parents_listed:
            order.append(node)                 # after all its parents
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent, _ in node.parents)
    return order


def backward(root):
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    root.grad = 1.0
    for node in reversed(order):
        for parent, local in node.parents:
            parent.grad += local * node.grad


Value.backward = backward


# ------------------------------------------------------------------ the exercises
def mul_backward(a, b, grad, a_grad, b_grad):
    """Exercise 1: the backward rule of out = a * b with b (n, 1) broadcast over m columns."""
    return a_grad + grad * b, b_grad + (grad * a).sum(axis=1, keepdims=True)


def softplus(a):
    """Exercise 2: softplus(a) = log(1 + e^a) as one new node; its local derivative is σ(a)."""
    s = np.logaddexp(0.0, a.data)                      # log(1 + e^a) without overflow
    return Value(s, ((a, 1 / (1 + math.exp(-a.data))),), "softplus")

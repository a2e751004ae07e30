"""Notebook 00's warm-up exercise: one sigmoid neuron, a = sigma(w . x + b)."""
import numpy as np

from ..activations import sigmoid
from . import Case, Mistake, check

_W = np.array([0.4, -0.7, 0.2])
#: document 003's neuron, as the notebook's exercise text says: (w, x, b), the argument order of
#: ``neuron``, with the numbers exactly as the document gives them
DOC003 = (np.array([0.4, 0.7, 0.2]), np.array([0.5, 0.3, 0.2]), 0.1)
_CASES = [Case(DOC003, label="document 003's neuron"),
          Case((_W, np.array([0.5, 0.3, 0.9]), 0.1), label="three inputs"),
          Case((_W, np.array([1.0, -2.0, 0.5]), -0.3), label="three inputs, negative bias"),
          Case((np.array([1.5, -0.5]), np.array([0.8, 1.2]), 0.25), label="two inputs")]


def reference_neuron(w, x, b):
    """The neuron's activation: sigma(w . x + b) for 1-D w and x."""
    return sigmoid(np.dot(w, x) + b)


_MISTAKES = [
    Mistake("returned_z", lambda w, x, b: np.dot(w, x) + b,
            message="you returned z = w . x + b: apply the sigmoid to it"),
    Mistake("missing_bias", lambda w, x, b: sigmoid(np.dot(w, x)), bias="b",
            formula="z = w . x + b"),
    Mistake("bias_outside", lambda w, x, b: sigmoid(np.dot(w, x)) + b,
            formula="a = σ(w . x + b)"),
    Mistake("elementwise", lambda w, x, b: sigmoid(w * x + b),
            message="w . x is a dot product (one number), not an element-wise product: use "
                    "np.dot(w, x) or w @ x"),
    Mistake("sign", lambda w, x, b: 1 / (1 + np.exp(np.dot(w, x) + b)),
            message="sign error in the sigmoid: σ(z) = 1 / (1 + exp(-z)), with the minus sign "
                    "in the exponent"),
    Mistake("subtracted_bias", lambda w, x, b: sigmoid(np.dot(w, x) - b),
            message="the bias is subtracted: z = w . x + b"),
    Mistake("tanh", lambda w, x, b: np.tanh(np.dot(w, x) + b),
            message="that is tanh: the neuron uses the sigmoid σ(z) = 1 / (1 + exp(-z))"),
]


def check_neuron(neuron):
    """Check a student's ``neuron(w, x, b)``: names a forgotten bias, sigmoid, sign, ..."""
    return check(neuron, _CASES, "neuron", reference_neuron, _MISTAKES, number=True)

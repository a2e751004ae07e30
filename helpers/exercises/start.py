"""Notebook 00's warm-up exercise: one sigmoid neuron, a = sigma(w . x + b)."""
import numpy as np

from ..activations import sigmoid
from . import run_cases

_CASES_X = [np.array([0.5, 0.3, 0.2]), np.array([1.0, -2.0, 0.0]), np.array([0.0, 0.0, 0.0])]
_W = np.array([0.4, 0.7, 0.2])
_B = 0.1


def reference_neuron(w, x, b):
    """The neuron's activation: sigma(w . x + b) for 1-D w and x."""
    return sigmoid(np.dot(w, x) + b)


def check_neuron(neuron):
    """Check a student's ``neuron(w, x, b)``: names a forgotten bias, sigmoid or order."""
    cases = []
    for x in _CASES_X:
        z = np.dot(_W, x) + _B
        mistakes = [
            (z, "you returned z = w . x + b: apply the sigmoid to it"),
            (sigmoid(np.dot(_W, x)), "the bias b is missing: z = w . x + b"),
            (sigmoid(np.dot(_W, x)) + _B, "the bias goes inside the sigmoid: sigma(w . x + b)"),
            (sigmoid(_W * x + _B), "w . x is a dot product (one number), not an element-wise "
                                   "product: use np.dot(w, x) or w @ x"),
            (1 / (1 + np.exp(z)), "sign error in the sigmoid: sigma(z) = 1 / (1 + exp(-z))"),
        ]
        cases.append(((_W, x, _B), reference_neuron(_W, x, _B), mistakes))
    return run_cases(neuron, cases, "neuron")

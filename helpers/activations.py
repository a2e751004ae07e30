"""Activation functions and their derivatives (numpy only).

Every ``d<name>`` takes the *pre-activation* ``z`` and returns ``d a / d z`` evaluated there.
``dsigmoid_from_a`` is the exception, named so: it takes the *activation* ``a = sigmoid(z)``,
as document 002's ``sigmoid_derivative(a2)`` does. Passing ``z`` to it (or ``a`` to
``dsigmoid``) is a classic silent bug: both return numbers, only one is right.
"""
import numpy as np


def _float(z):
    """z as a float array, keeping float32 / float64 / longdouble (gradient checks use them)."""
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def sigmoid(z):
    """Logistic sigmoid, 1 / (1 + exp(-z)), computed without overflow.

    For z >= 0 it uses 1 / (1 + exp(-z)); for z < 0 the equal form exp(z) / (1 + exp(z)).
    Neither exponent is ever positive, so nothing overflows and no warning is raised for any
    finite z; no clipping is needed (clipping at +-500, as document 000 does, only hides the
    overflow warning; either form still rounds to exactly 1.0 from z of about 36.7, because
    1 + exp(-z) is then 1 in float64, while the negative tail keeps its digits down to ~-745).
    """
    z = _float(z)
    e = np.exp(-np.abs(z))                       # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def dsigmoid(z):
    """Derivative of sigmoid with respect to z, given **z**: sigma(z) (1 - sigma(z)).

    Computed as e / (1 + e)^2 with e = exp(-|z|) (sigma' is even, so this is the same
    number): for large |z| the product s (1 - s) would subtract two nearly equal numbers and
    lose every digit, this form keeps full relative precision in both tails.
    """
    e = np.exp(-np.abs(_float(z)))
    return e / (1.0 + e) ** 2


def dsigmoid_from_a(a):
    """Derivative of sigmoid given the **activation** a = sigmoid(z): a (1 - a).

    Document 002 writes it this way to reuse the forward pass's output. Do not pass z here.
    """
    a = _float(a)
    return a * (1.0 - a)


def tanh(z):
    """Hyperbolic tangent."""
    return np.tanh(_float(z))


def dtanh(z):
    """Derivative of tanh given z: 1 - tanh(z)^2.

    Computed as sech(z)^2 = 4 e / (1 + e)^2 with e = exp(-2|z|), the same number without the
    cancellation of 1 - t^2 when |t| is close to 1.
    """
    e = np.exp(-2.0 * np.abs(_float(z)))
    return 4.0 * e / (1.0 + e) ** 2


def relu(z):
    """Rectified linear unit, max(0, z)."""
    return np.maximum(_float(z), 0.0)


def drelu(z):
    """Derivative of ReLU given z: 1 where z > 0, else 0 (we take 0 at the kink z = 0)."""
    z = _float(z)
    return (z > 0).astype(z.dtype)


def linear(z):
    """Identity: a = z."""
    return _float(z).copy()


def dlinear(z):
    """Derivative of the identity: 1 everywhere."""
    return np.ones_like(_float(z))


def softmax(z):
    """Softmax over each column of z (shape (n_classes, m)), shifted so exp never overflows."""
    z = _float(z)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


#: name -> (function, derivative given z); the element-wise activations a network can use.
ACTIVATIONS = {
    "sigmoid": (sigmoid, dsigmoid),
    "tanh": (tanh, dtanh),
    "relu": (relu, drelu),
    "linear": (linear, dlinear),
}

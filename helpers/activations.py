"""Activation functions and their derivatives (numpy only).

Every ``d<name>`` takes the *pre-activation* ``z`` and returns ``d a / d z`` evaluated there.
``dsigmoid_from_a`` is the exception, named so: it takes the *activation* ``a = sigmoid(z)``,
as document 002's ``sigmoid_derivative(a2)`` does. Passing ``z`` to it (or ``a`` to
``dsigmoid``) is a classic silent bug: both return numbers, only one is right.

At the bottom, ``IN_PLACE`` and ``times_derivative``: the same functions written into a given
array, and the backward step through them taken from the activation; ``MLP``'s passes use them.
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
    t = np.exp(-np.abs(z))                       # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + t), t / (1.0 + t))


def dsigmoid(z):
    """Derivative of sigmoid with respect to z, given **z**: sigma(z) (1 - sigma(z)).

    Computed as t / (1 + t)^2 with t = exp(-|z|) (sigma' is even, so this is the same
    number): for large |z| the product s (1 - s) would subtract two nearly equal numbers and
    lose every digit, this form keeps full relative precision in both tails.
    """
    t = np.exp(-np.abs(_float(z)))
    return t / (1.0 + t) ** 2


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


# ------------------------------------------- in place, for the network's lean passes
def _sigmoid(Z, out):
    """sigmoid of Z written into ``out`` (which may be Z): 1 / (1 + exp(-z)), accurate to
    round-off in both tails. exp's argument is capped where it would overflow (z below -709
    in float64), which leaves sigmoid at its smallest normal value instead of a warning."""
    np.negative(Z, out=out)
    np.minimum(out, _EXP_MAX.get(out.dtype, 709.0), out=out)
    np.exp(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def _softmax(Z, out):
    """softmax of each column of Z, written into ``out`` (which may be Z)."""
    np.subtract(Z, Z.max(axis=0, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=0, keepdims=True)
    return out


def _linear(Z, out):
    """the identity, written into ``out``."""
    if out is not Z:
        out[...] = Z
    return out


#: the largest argument exp takes without overflow, per float dtype
_EXP_MAX = {np.dtype(t): float(np.log(np.finfo(t).max)) * 0.999
            for t in (np.float16, np.float32, np.float64, np.longdouble)}
#: name -> g(Z, out): the activation written into ``out`` (``out`` may be Z itself), without
#: validation: the lean forward pass of ``network.MLP``
IN_PLACE = {"sigmoid": _sigmoid, "softmax": _softmax, "linear": _linear,
             "tanh": lambda Z, out: np.tanh(Z, out=out),
             "relu": lambda Z, out: np.maximum(Z, 0.0, out=out)}


def times_derivative(dA, A, activation):
    """dZ = dA * g'(Z), with g' written from the activation A, in place over dA.

    sigma' = a (1 - a) and tanh' = 1 - a^2 save recomputing exp from Z. Both lose relative
    digits where the unit saturates (a within ~1e-8 of its bound, |z| > ~18): there the
    factor is ~1e-8 or less and its last digits do not matter to training. The precise forms,
    which notebooks 01 and 05 teach, are ``activations.dsigmoid`` and ``dtanh`` of Z.
    """
    if activation == "sigmoid":
        t = np.subtract(1.0, A)
        t *= A
        dA *= t
    elif activation == "tanh":
        t = np.multiply(A, A)
        np.subtract(1.0, t, out=t)
        dA *= t
    elif activation == "relu":
        dA *= A > 0                                  # a > 0 exactly where z > 0
    return dA

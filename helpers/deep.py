"""Deep networks, measured layer by layer: the statistics notebook 07 plots (numpy only).

For a network ``net`` and a batch ``(X, Y)`` (column convention, one example per column):

* ``deltas`` are the per-example errors ``dZ_l = dL/dz_l`` of backpropagation's equation (2),
  ``dZ_{l-1} = (W_l^T dZ_l) * g'(Z_{l-1})``, with no 1/m (as everywhere in the series);
* ``layer_statistics`` gives, for each layer l = 1..L, the spread of ``Z_l`` and ``A_l``, the
  root-mean-square of ``dZ_l`` and the norm of ``dW_l = dZ_l A_{l-1}^T / m``;
* ``predicted_spread`` is the variance argument: with independent zero-mean weights of
  variance ``s_l^2`` and zero biases,

  .. math:: \\operatorname{Var} z_l = n_{l-1}\\, s_l^2\\, E[a_{l-1}^2], \\qquad
            E[\\delta_{l-1}^2] = n_l\\, s_l^2\\, E[\\delta_l^2]\\, E[g'(z_{l-1})^2],

  with the expectations over ``z ~ N(0, Var z)`` (``expected_square``, ``expected_dsquare``:
  exact for ReLU and the identity, otherwise a quadrature whose panels follow both the
  activation's width, about 1, and the Gaussian's, sqrt(Var z), accurate to about 1e-12 for
  Var z from 0 to 1e4 and beyond; a fixed Gauss-Hermite rule misses the peak of tanh'(z)^2 once
  Var z is more than about 3). LeCun's, Glorot's and He's scales are the ``s_l`` that keep
  these constant in the linear regime.
* ``dead_fraction``: the share of ReLU units that output 0 on every example of a batch.
"""
import numpy as np

from . import _validate as V
from .activations import ACTIVATIONS, dsigmoid
from .network import INIT_STD, MLP
from .training import one_blas_thread

#: Gauss-Legendre nodes and weights on [-1, 1], one rule per panel of ``_gaussian_mean``
_GL_X, _GL_W = np.polynomial.legendre.leggauss(24)


#: the initialisations notebook 07 compares (``network.INIT_STD`` holds their scales)
INIT_NAMES = ("small", "lecun", "glorot", "he")


def init_std(init, n_in, n_out):
    """The standard deviation of a layer's weights under ``init`` (``network.INIT_STD``)."""
    V.choice(init, "init", INIT_NAMES)
    return float(INIT_STD[init](V.positive_int(n_in, "n_in"), V.positive_int(n_out, "n_out")))


def deep_network(depth, width=64, activation="relu", init="he", scale=1.0, n_inputs=None,
                 seed=0):
    """An MLP with ``depth`` hidden layers of ``width`` units and one sigmoid output, its
    weights drawn with ``init``'s standard deviation times ``scale`` (biases 0).

    The same seed gives the same standard normal draws for every ``init`` and ``scale``, so
    two networks differ only in their scales. ``n_inputs`` defaults to ``width``.
    """
    V.positive_int(depth, "depth")
    scale = V.positive_float(scale, "scale")
    sizes = [V.positive_int(n_inputs or width, "n_inputs")] + [V.positive_int(width, "width")] \
        * depth + [1]
    V.choice(init, "init", INIT_NAMES)
    net = MLP(sizes, activation=activation, output="sigmoid", seed=seed)
    rng = np.random.default_rng(seed)
    for l in range(1, len(sizes)):
        std = scale * init_std(init, sizes[l - 1], sizes[l])
        net.params[f"W{l}"][...] = rng.standard_normal((sizes[l], sizes[l - 1])) * std
    return net


def probe_data(n_inputs, n_examples=256, seed=0):
    """Standard normal inputs X (n_inputs, m) and random 0/1 labels Y (1, m): a batch whose
    statistics depend on the network alone (every input has variance 1)."""
    V.positive_int(n_inputs, "n_inputs")
    V.positive_int(n_examples, "n_examples")
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_inputs, n_examples))
    Y = (rng.random((1, n_examples)) < 0.5).astype(np.float64)
    return X, Y


def deltas(net, cache, Y, loss=None):
    """The per-example errors ``{"dZ1": ..., "dZL": ...}`` (each (n_l, m), no 1/m) of the
    forward pass ``cache = net.forward(X)[1]``: equation (2) run from the output down.

    ``MLP.deltas`` itself (the recursion ``MLP.backward`` scales by 1/m), with g' taken from
    the cached Z, so saturated units keep their tiny derivatives; ``loss`` defaults to the
    output's."""
    if not isinstance(net, MLP):
        raise ValueError(f"net: expected a helpers.network.MLP, got {type(net).__name__}")
    return net.deltas(cache, Y, loss)


def _rms(a):
    return float(np.sqrt(np.mean(np.square(a))))


def layer_statistics(net, X, Y, loss="bce"):
    """Per-layer sizes of one forward and backward pass on (X, Y).

    Returns a dict of arrays of length L (entry l - 1 is layer l):
    ``z_std``, ``a_std`` (standard deviation over all entries of Z_l, A_l), ``a_rms``,
    ``delta_rms`` (root-mean-square of the per-example dZ_l), ``dW_norm`` (Frobenius norm of
    the batch-averaged dW_l), ``weight_std`` (of W_l) and ``saturated`` (share of A_l entries
    within 0.01 of a sigmoid's or tanh's bounds; 0 for other activations).
    """
    with one_blas_thread():
        _, cache = net.forward(X)
        dZ = deltas(net, cache, Y, loss)
        return _statistics(net, cache, dZ)


def _statistics(net, cache, dZ):
    m = cache["A0"].shape[1]
    stats = {k: [] for k in ("z_std", "a_std", "a_rms", "delta_rms", "dW_norm", "weight_std",
                             "saturated")}
    bounds = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}.get(net.activation)
    for l in range(1, net.n_layers + 1):
        Z, A, D = cache[f"Z{l}"], cache[f"A{l}"], dZ[f"dZ{l}"]
        stats["z_std"].append(float(Z.std()))
        stats["a_std"].append(float(A.std()))
        stats["a_rms"].append(_rms(A))
        stats["delta_rms"].append(_rms(D))
        stats["dW_norm"].append(float(np.linalg.norm(D @ cache[f"A{l - 1}"].T / m)))
        stats["weight_std"].append(float(net.params[f"W{l}"].std()))
        hidden = l < net.n_layers
        stats["saturated"].append(float(np.mean((A - bounds[0] < 0.01) | (bounds[1] - A < 0.01)))
                                  if hidden and bounds else 0.0)
    return {k: np.array(v) for k, v in stats.items()}


def _gaussian_mean(even_part, q):
    """E[f(z)] for z ~ N(0, q), given ``even_part(z) = (f(z) + f(-z)) / 2`` for z >= 0.

    The integrand f(z) N(z; 0, q) varies on two scales: the activation's (about 1: tanh' has
    poles at +-i pi/2) and the Gaussian's (sqrt(q)). The half-line [0, 12 sqrt(q)] is cut into
    panels that start below both scales and double in width, 24 Gauss-Legendre nodes each, so
    every panel is short compared with the distance to the nearest singularity and the rule
    converges geometrically whatever q is (beyond 12 standard deviations the Gaussian is below
    1e-31 of its peak).
    """
    q = V.non_negative_float(q, "q")
    if q == 0.0:
        return float(even_part(np.zeros(1))[0])
    s = np.sqrt(q)
    edges = [0.0, min(s, 1.0) / 4.0]
    while edges[-1] < 12.0 * s:
        edges.append(2.0 * edges[-1])
    a, b = np.array(edges[:-1])[:, None], np.array(edges[1:])[:, None]
    z = (a + b) / 2 + (b - a) / 2 * _GL_X                    # (panels, 24)
    w = (b - a) / 2 * _GL_W
    density = np.exp(-z ** 2 / (2.0 * q)) / np.sqrt(2.0 * np.pi * q)
    return float(2.0 * np.sum(w * even_part(z) * density))


def _sech2(z):
    """tanh'(z) = 1 / cosh(z)^2 = 4 t / (1 + t)^2 with t = exp(-2|z|): full precision in the
    tails."""
    t = np.exp(-2.0 * np.abs(z))
    return 4.0 * t / (1.0 + t) ** 2


#: activation -> the even parts of g(z)^2 and g'(z)^2 (the expectations need no more)
_EVEN_SQUARE = {"tanh": lambda z: np.tanh(z) ** 2,
                "sigmoid": lambda z: 0.5 - dsigmoid(z)}   # (s^2 + (1 - s)^2) / 2 = 1/2 - s(1-s)
_EVEN_DSQUARE = {"tanh": lambda z: _sech2(z) ** 2, "sigmoid": lambda z: dsigmoid(z) ** 2}


def expected_square(activation, q):
    """E[g(z)^2] for z ~ N(0, q): the second moment a layer passes on."""
    V.choice(activation, "activation", ACTIVATIONS)
    q = V.non_negative_float(q, "q")
    if activation == "relu":
        return 0.5 * q                                  # half the mass, E[z^2 | z > 0] = q
    if activation == "linear":
        return q
    return _gaussian_mean(_EVEN_SQUARE[activation], q)


def expected_dsquare(activation, q):
    """E[g'(z)^2] for z ~ N(0, q): how much of the backward signal a layer lets through."""
    V.choice(activation, "activation", ACTIVATIONS)
    q = V.non_negative_float(q, "q")
    if activation == "relu":
        return 0.5
    if activation == "linear":
        return 1.0
    return _gaussian_mean(_EVEN_DSQUARE[activation], q)


def predicted_spread(layer_sizes, activation, weight_std, input_second_moment=1.0,
                     top_delta_rms=1.0):
    """The variance argument, layer by layer: predicted ``z_std`` and ``delta_rms``.

    Parameters
    ----------
    layer_sizes : list of int
        ``[n_0, ..., n_L]``.
    activation : str
        The hidden layers' activation (the output layer's is not needed: the backward
        prediction starts from ``top_delta_rms``, the measured rms of dZ_L).
    weight_std : float or sequence of L floats
        The standard deviation of each W_l's entries.
    input_second_moment : float
        E[x^2] of the inputs (1 for standardised data).

    Returns
    -------
    dict with arrays ``z_std`` and ``delta_rms`` of length L.
    """
    sizes = [V.positive_int(n, "layer_sizes[i]") for n in layer_sizes]
    L = len(sizes) - 1
    s = np.broadcast_to(np.asarray(weight_std, dtype=np.float64), (L,))
    var_z = np.empty(L)
    second = float(input_second_moment)
    for l in range(L):                                  # forward: Var z_l = n s^2 E[a^2]
        var_z[l] = sizes[l] * s[l] ** 2 * second
        second = expected_square(activation, var_z[l])
    ms_delta = np.empty(L)
    ms_delta[-1] = top_delta_rms ** 2
    for l in range(L - 1, 0, -1):                       # backward: E[d^2] = n s^2 E[d^2] E[g'^2]
        ms_delta[l - 1] = (sizes[l + 1] * s[l] ** 2 * ms_delta[l]
                           * expected_dsquare(activation, var_z[l - 1]))
    return {"z_std": np.sqrt(var_z), "delta_rms": np.sqrt(ms_delta)}


def dead_fraction(net, X):
    """For each hidden layer, the fraction of its units with Z <= 0 on every column of X:
    for ReLU, units that output 0 and pass no gradient for any of these examples."""
    _, cache = net.forward(X)
    return np.array([float(np.mean(np.all(cache[f"Z{l}"] <= 0, axis=1)))
                     for l in range(1, net.n_layers)])

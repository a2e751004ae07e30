"""A multi-layer perceptron in the column convention, with forward and backward written out.

Shapes (layer l = 1..L, n_0 inputs, m examples)::

    X  = A0 : (n_0, m)        W_l : (n_l, n_{l-1})      b_l : (n_l, 1)
    Z_l = W_l @ A_{l-1} + b_l : (n_l, m)                 A_l = g_l(Z_l) : (n_l, m)

The backward pass uses the equations of documents 000 and 004: the *per-example* error
``dZ_L`` (for sigmoid + bce and softmax + ce it is just ``A_L - Y``), then for each layer
``dW_l = (1/m) dZ_l A_{l-1}^T``, ``db_l = (1/m) sum_i dZ_l``,
``dZ_{l-1} = (W_l^T dZ_l) * g'(Z_{l-1})``. The 1/m lives in dW and db, as in document 000;
the gradients are those of the loss *averaged* over the m examples.
"""
import numpy as np

from . import _validate as V
from .activations import ACTIVATIONS, IN_PLACE, sigmoid, times_derivative
from .losses import LOSSES
from .regularisation import dropout_mask, dropout_rates

OUTPUTS = ("sigmoid", "softmax", "linear")
#: each initialisation's weight standard deviation, from the layer's n_{l-1} (fan-in) and n_l
INIT_STD = {
    "small": lambda n_in, n_out: 0.01,                            # document 000's randn * 0.01
    "lecun": lambda n_in, n_out: np.sqrt(1.0 / n_in),             # keeps Var z: tanh, identity
    "glorot": lambda n_in, n_out: np.sqrt(2.0 / (n_in + n_out)),  # fan-in and fan-out averaged
    "he": lambda n_in, n_out: np.sqrt(2.0 / n_in),                # ReLU passes half: twice LeCun
    "zeros": lambda n_in, n_out: 0.0,
    "xavier": lambda n_in, n_out: np.sqrt(1.0 / n_in),            # alias of lecun (see below)
}
INITS = tuple(INIT_STD)
#: the losses each output may be paired with
LOSSES_FOR_OUTPUT = {"sigmoid": ("bce", "mse"), "softmax": ("ce", "mse"), "linear": ("mse",)}


def init_params(layer_sizes, init="small", rng=None):
    """Initial weights and zero biases, named ``W1, b1, ..., WL, bL``.

    init: ``"small"`` is document 000's ``randn * 0.01``; ``"lecun"`` scales by
    sqrt(1 / n_{l-1}); ``"glorot"`` by sqrt(2 / (n_{l-1} + n_l)); ``"he"`` by
    sqrt(2 / n_{l-1}) (notebook 07 derives all three); ``"zeros"`` sets every weight to 0
    (it never breaks the symmetry between hidden units: notebook 05 shows why that fails).
    ``"xavier"`` is what notebooks 04-05 call LeCun's scale: the same numbers as ``"lecun"``,
    kept so they run unchanged. (Glorot's own "Xavier" initialisation is ``"glorot"``.)
    """
    V.choice(init, "init", INITS)
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[l - 1], layer_sizes[l]
        scale = INIT_STD[init](n_in, n_out)
        params[f"W{l}"] = rng.standard_normal((n_out, n_in)) * scale   # (n_l, n_{l-1})
        params[f"b{l}"] = np.zeros((n_out, 1))                          # (n_l, 1)
    return params


class MLP:
    """A fully connected network of any depth.

    Parameters
    ----------
    layer_sizes : sequence of int
        ``[n_0, n_1, ..., n_L]``: inputs, each hidden layer's width, outputs.
    activation : {"sigmoid", "tanh", "relu", "linear"}
        The hidden layers' activation.
    output : {"sigmoid", "softmax", "linear"}
        The output layer's activation.
    init : {"small", "lecun", "glorot", "he", "zeros", "xavier"}
        Weight initialisation (see ``init_params``); biases start at 0.
    seed : int
        Seed of the generator used for the initial weights.
    dropout : float or sequence of float
        Drop probability of each hidden layer's units during training (inverted dropout,
        notebook 06): one rate for every hidden layer, or one per hidden layer. 0 (the
        default) is no dropout. Only ``forward(X, training=True)`` drops units.

    Attributes
    ----------
    params : dict
        ``W1, b1, ...``: the very arrays the network computes with. Assigning
        ``net.params["W1"] = new_array`` changes the network.
    """

    def __init__(self, layer_sizes, activation="sigmoid", output="sigmoid", init="small", seed=0,
                 dropout=0.0):
        sizes = list(layer_sizes) if np.ndim(layer_sizes) == 1 else None
        if not sizes or len(sizes) < 2:
            raise ValueError(f"layer_sizes: expected a list of at least two positive integers "
                             f"[n_inputs, ..., n_outputs], got {layer_sizes!r}")
        for i, n in enumerate(sizes):
            V.positive_int(n, f"layer_sizes[{i}]")
        self.layer_sizes = [int(n) for n in sizes]
        self.activation = V.choice(activation, "activation", ACTIVATIONS)
        self.output = V.choice(output, "output", OUTPUTS)
        self.init = init
        self.seed = seed
        self.params = init_params(self.layer_sizes, init, seed)
        self.dropout = dropout_rates(dropout, len(self.layer_sizes) - 2)

    @property
    def n_layers(self):
        """L, the number of weight layers (the input layer is not counted)."""
        return len(self.layer_sizes) - 1

    def __repr__(self):
        drop = f", dropout={self.dropout}" if any(self.dropout) else ""
        return (f"MLP({self.layer_sizes}, activation={self.activation!r}, "
                f"output={self.output!r}, init={self.init!r}, seed={self.seed}{drop})")

    # ----------------------------------------------------------------- forward
    def forward(self, X, keep_cache=True, training=False, rng=None):
        """Run the network on X (n_0, m); return ``(A_L, cache)``.

        ``cache`` holds ``A0`` (= X) and every ``Z_l`` and ``A_l``, which backward needs.
        With ``keep_cache=False`` (training loops) each activation is computed in place over
        its pre-activation and the cache holds only the ``A_l``: backward needs no more.
        A float X keeps its precision (float32, longdouble: ``gradcheck`` uses them).

        With ``training=True`` and a network built with ``dropout``, each hidden layer's
        activations are multiplied by a fresh inverted-dropout mask drawn from ``rng`` (a
        generator, or a seed: the same seed gives the same masks, which makes the dropped
        network a fixed function a gradient check can test). The cache then holds ``M_l``
        (the mask, entries 0 or 1/(1 - rate)), ``A_l`` after dropout (what layer l + 1 sees)
        and ``H_l = g(Z_l)`` before it; ``backward`` applies the same mask. At prediction
        time (``training=False``, the default) nothing is dropped and nothing rescaled.
        """
        X = V.as_matrix(X, "X", dtype=None)
        self._check_params(X)
        return self._forward(X, keep_cache, training, rng)

    def _forward(self, X, keep_cache=True, training=False, rng=None):
        """forward without validation."""
        params, L = self.params, self.n_layers
        hidden, out = IN_PLACE[self.activation], IN_PLACE[self.output]
        dropping = training and any(self.dropout)
        if dropping:
            rng = np.random.default_rng(rng)
        cache = {"A0": X}
        A = X
        for l in range(1, L + 1):
            Z = params[f"W{l}"] @ A                                     # (n_l, m)
            Z += params[f"b{l}"]
            if keep_cache:
                cache[f"Z{l}"] = Z
                A = (out if l == L else hidden)(Z, np.empty_like(Z))
            else:
                A = (out if l == L else hidden)(Z, Z)                   # Z is not kept
            if dropping and l < L and self.dropout[l - 1] > 0:
                cache[f"H{l}"] = A                                      # g(Z_l), for g'
                cache[f"M{l}"] = dropout_mask(A.shape, self.dropout[l - 1], rng)
                A = A * cache[f"M{l}"]                                  # inverted dropout
            cache[f"A{l}"] = A
        return A, cache

    def predict(self, X):
        """Class predictions: 0/1 rows for a sigmoid output (threshold 0.5), the arg-max class
        index (shape (m,)) for softmax, and the raw outputs for a linear output."""
        A, _ = self.forward(X, keep_cache=False)
        if self.output == "sigmoid":
            return (A >= 0.5).astype(int)
        if self.output == "softmax":
            return A.argmax(axis=0)
        return A

    # ---------------------------------------------------------------- backward
    def backward(self, cache, Y, loss="bce"):
        """Gradients of the loss averaged over the m examples of ``cache``.

        Parameters
        ----------
        cache : dict
            The second value returned by ``forward`` (with or without ``keep_cache``).
        Y : array, shape (n_L, m)
            Targets: 0/1 labels for bce, one-hot columns for ce.
        loss : {"bce", "mse", "ce"}

        Returns
        -------
        grads : dict
            ``dW1, db1, ..., dWL, dbL``, each the shape of its parameter.
        """
        loss = self.check_loss(loss)
        if not isinstance(cache, dict) or f"A{self.n_layers}" not in cache:
            raise ValueError("cache: expected the cache dict returned by this network's "
                             f"forward(X), got {type(cache).__name__}")
        A_L = cache[f"A{self.n_layers}"]
        Y = V.as_matrix(Y, "Y", dtype=None)
        V.same_shape(Y, "Y", A_L.shape, f"the output layer {self.n_layers}'s A{self.n_layers}: "
                     f"{self.layer_sizes[-1]} output(s) by m = {A_L.shape[1]} examples")
        if loss == "bce":
            V.binary_labels(Y)
        elif loss == "ce":
            V.one_hot(Y)
        return self._backward(cache, Y, loss)

    def check_loss(self, loss):
        """Raise unless ``loss`` is a known loss that makes sense for this network's output."""
        V.choice(loss, "loss", LOSSES)
        if loss not in LOSSES_FOR_OUTPUT[self.output]:
            raise ValueError(f"loss: expected one of {list(LOSSES_FOR_OUTPUT[self.output])} for "
                             f"output={self.output!r}, got {loss!r}")
        return loss

    def output_delta(self, A_L, Y, loss):
        """dZ_L for one example per column (no 1/m): how the loss moves with the output's z.

        Returns a new array (backward scales it in place)."""
        if (self.output, loss) in (("sigmoid", "bce"), ("softmax", "ce"), ("linear", "mse")):
            return A_L - Y                                   # the famous cancellation
        if loss == "mse" and self.output == "sigmoid":
            return times_derivative(A_L - Y, A_L, "sigmoid")   # chain rule through sigma'
        # softmax + mse: dA = A - Y, then through softmax's Jacobian, column by column
        dA = A_L - Y
        return A_L * (dA - np.sum(dA * A_L, axis=0, keepdims=True))

    def _backward(self, cache, Y, loss):
        """backward without validation.

        The 1/m is applied once, to dZ_L: every later dZ_l, dW_l and db_l is linear in it, so
        the arrays below hold dZ_l / m and dW_l = (dZ_l / m) A_{l-1}^T is the averaged gradient.
        """
        params, L = self.params, self.n_layers
        dZ = self.output_delta(cache[f"A{L}"], Y, loss)                # (n_L, m), per example
        dZ *= 1.0 / Y.shape[1]
        layers = []
        for l in range(L, 0, -1):
            A_prev = cache[f"A{l - 1}"]
            layers.append((l, dZ @ A_prev.T, np.add.reduce(dZ, axis=1, keepdims=True)))
            if l > 1:                                                  # (n_{l-1}, m)
                dA = params[f"W{l}"].T @ dZ
                mask = cache.get(f"M{l - 1}")
                if mask is not None:                # dropout: the same mask on the way back
                    dA *= mask
                    A_prev = cache[f"H{l - 1}"]     # g' from the activation before dropout
                dZ = times_derivative(dA, A_prev, self.activation)
        grads = {}
        for l, dW, db in reversed(layers):
            grads[f"dW{l}"], grads[f"db{l}"] = dW, db                  # (n_l, n_{l-1}), (n_l, 1)
        return grads

    def loss(self, X, Y, loss="bce"):
        """The averaged loss of the network on (X, Y)."""
        self.check_loss(loss)
        A, _ = self.forward(X, keep_cache=False)
        return LOSSES[loss][0](A, Y)

    # ---------------------------------------------------------------- checks
    def _check_params(self, X):
        """Shapes of X against W1 and of every W_l, b_l against the layer sizes."""
        n0 = self.layer_sizes[0]
        if X.shape[0] != n0:
            raise ValueError(f"X: expected shape ({n0}, m) to match W1's {n0} input columns "
                             f"(layer 1 takes {n0} features), got shape {X.shape}")
        for l in range(1, self.n_layers + 1):
            shape_W = (self.layer_sizes[l], self.layer_sizes[l - 1])
            for name, shape in ((f"W{l}", shape_W), (f"b{l}", (self.layer_sizes[l], 1))):
                if name not in self.params:
                    raise ValueError(f"params: expected a {name} of shape {shape} for layer "
                                     f"{l}, got none")
                p = self.params[name]
                if not isinstance(p, np.ndarray) or p.shape != shape:
                    raise ValueError(f"params[{name!r}]: expected an array of shape {shape} "
                                     f"for layer {l}, got shape {np.shape(p)}")


def _param_order(name):
    """Sort key: W1, b1, W2, b2, ... (and dW1, db1, ...)."""
    stem = name.lstrip("d")
    return (int(stem[1:]), stem[0] != "W")


def param_names(n_layers):
    """['W1', 'b1', ..., 'WL', 'bL']"""
    return [f"{p}{l}" for l in range(1, n_layers + 1) for p in ("W", "b")]


# ------------------------------------------------------------ the 2-2-1 XOR network
def xor_params(w1_11, w1_12, w1_21, w1_22, b1_1, b1_2, w2_11, w2_12, b2):
    """Nine numbers as ``W1`` (2, 2), ``b1`` (2, 1), ``W2`` (1, 2), ``b2`` (1, 1) (notebook 01's
    sliders: ``w1_jk`` is the weight from input k to hidden unit j)."""
    return {"W1": np.array([[w1_11, w1_12], [w1_21, w1_22]], dtype=float),
            "b1": np.array([[b1_1], [b1_2]], dtype=float),
            "W2": np.array([[w2_11, w2_12]], dtype=float),
            "b2": np.array([[b2]], dtype=float)}


def xor_forward(params, X):
    """Forward pass of the 2-2-1 sigmoid network on X (2, m): returns A1 (2, m), A2 (1, m)."""
    A1 = sigmoid(params["W1"] @ X + params["b1"])                       # (2, m)
    A2 = sigmoid(params["W2"] @ A1 + params["b2"])                      # (1, m)
    return A1, A2

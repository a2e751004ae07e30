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
from .activations import ACTIVATIONS, IN_PLACE, times_derivative
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
    What PyTorch and Keras call "Xavier" (Glorot's fan average) is ``"glorot"`` here.
    """
    V.choice(init, "init", INITS)
    rng = np.random.default_rng(V.seed(rng, "seed"))
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
    init : {"small", "lecun", "glorot", "he", "zeros"}
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
        self.layer_sizes = V.layer_sizes(layer_sizes)
        self.activation = V.choice(activation, "activation", ACTIVATIONS)
        self.output = V.choice(output, "output", OUTPUTS)
        self.init = init
        self.seed = V.seed(seed)
        self.params = init_params(self.layer_sizes, init, seed)
        self.dropout = dropout_rates(dropout, len(self.layer_sizes) - 2)

    @property
    def n_layers(self):
        """L, the number of weight layers (the input layer is not counted)."""
        return len(self.layer_sizes) - 1

    @property
    def default_loss(self):
        """The loss this network's output implies (bce for sigmoid, ce for softmax, mse for
        linear): what ``backward``, ``loss``, ``train`` and ``gradcheck`` use when given none."""
        return LOSSES_FOR_OUTPUT[self.output][0]

    def __repr__(self):
        drop = f", dropout={self.dropout}" if any(self.dropout) else ""
        return (f"MLP({self.layer_sizes}, activation={self.activation!r}, "
                f"output={self.output!r}, init={self.init!r}, seed={self.seed}{drop})")

    # ----------------------------------------------------------------- forward
    def forward(self, X, keep_cache=True, training=False, rng=None, check=True):
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

        ``check=False`` is the lean path of training loops, which validate their data once:
        X must then be a 2-D float array with n_0 rows and the parameters the shapes
        ``check_params`` accepts; nothing is checked or converted.
        """
        if check:
            X = V.as_matrix(X, "X", dtype=None)
            self.check_params(X)
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
        """Predictions, one column per example like every array of the series: shape (n_L, m)
        of 0/1 for a sigmoid output (threshold 0.5), (1, m) class indices for softmax (the
        arg-max of each column), (n_L, m) raw outputs for a linear output.

        ``np.mean(net.predict(X) == Y)`` is the accuracy for 0/1 targets Y (n_L, m); for
        one-hot targets compare with ``Y.argmax(axis=0, keepdims=True)``.
        """
        A, _ = self.forward(X, keep_cache=False)
        if self.output == "sigmoid":
            return (A >= 0.5).astype(int)
        if self.output == "softmax":
            return A.argmax(axis=0, keepdims=True)
        return A

    # ---------------------------------------------------------------- backward
    def backward(self, cache, Y, loss=None, check=True):
        """Gradients of the loss averaged over the m examples of ``cache``.

        Parameters
        ----------
        cache : dict
            The second value returned by ``forward`` (with or without ``keep_cache``).
        Y : array, shape (n_L, m)
            Targets: 0/1 labels for bce, one-hot columns for ce.
        loss : {"bce", "mse", "ce"}, optional
            Default: the loss the output implies (``default_loss``).
        check : bool
            False is the lean path of training loops: Y a float array of A_L's shape, loss a
            name ``check_loss`` accepts, nothing checked.

        Returns
        -------
        grads : dict
            ``dW1, db1, ..., dWL, dbL``, each the shape of its parameter:
            ``dW_l = (1/m) dZ_l A_{l-1}^T`` and ``db_l = (1/m) dZ_l 1`` from the per-example
            ``dZ_l`` of ``deltas_from``.
        """
        if check:
            loss, Y = self._check_targets(cache, Y, loss)
        elif loss is None:
            loss = self.default_loss
        L = self.n_layers
        dZ_L = self.output_delta(cache[f"A{L}"], Y, loss)             # (n_L, m), per example
        # The 1/m, applied once: deltas_from is linear in its start, so started from dZ_L / m
        # it yields dZ_l / m for every layer, and each product below is already averaged.
        dZ_L *= 1.0 / Y.shape[1]
        grads = {}
        for l, dZ_over_m in self.deltas_from(cache, dZ_L):
            grads[f"dW{l}"] = dZ_over_m @ cache[f"A{l - 1}"].T                # (n_l, n_{l-1})
            grads[f"db{l}"] = np.add.reduce(dZ_over_m, axis=1, keepdims=True)  # (n_l, 1)
        return {name: grads[name] for l in range(1, L + 1) for name in (f"dW{l}", f"db{l}")}

    def deltas(self, cache, Y, loss=None):
        """The per-example errors ``{"dZ1": ..., "dZL": ...}``, each (n_l, m), no 1/m.

        ``dZ_l`` is how the loss of each example moves with ``Z_l`` (notebook 03's delta^l):
        ``dZ_L`` from ``output_delta``, then ``dZ_{l-1} = (W_l^T dZ_l) * g'(Z_{l-1})``.
        ``backward`` runs the same recursion (``deltas_from``) and puts the 1/m in dW, db.
        From a ``forward`` cache that kept Z (the default), g' is taken from Z, which keeps
        its relative precision in saturated units (notebook 07 measures them).
        """
        loss, Y = self._check_targets(cache, Y, loss)
        dZ_L = self.output_delta(cache[f"A{self.n_layers}"], Y, loss)
        out = dict(self.deltas_from(cache, dZ_L, from_z=True))
        return {f"dZ{l}": out[l] for l in range(1, self.n_layers + 1)}

    def deltas_from(self, cache, dZ_L, from_z=False):
        """Yield ``(l, dZ_l)`` for l = L, L - 1, ..., 1: equation (2) of backpropagation,
        ``dZ_{l-1} = (W_l^T dZ_l) * g'(Z_{l-1})``, run down from a given ``dZ_L`` (n_L, m).

        Unchecked (``deltas`` and ``backward`` validate first). Linear in ``dZ_L``: from
        ``dZ_L / m`` it yields ``dZ_l / m``. With dropout, the forward pass's mask multiplies
        ``dA`` on the way back. g' is written from the activation A (``times_derivative``, in
        place) or, with ``from_z=True`` and a cache that kept Z, from Z (``activations``).
        Each yielded array is read before the next is computed and never changed after.
        """
        params, L = self.params, self.n_layers
        d_hidden = ACTIVATIONS[self.activation][1]
        dZ = dZ_L
        for l in range(L, 0, -1):
            yield l, dZ
            if l == 1:
                return
            dA = params[f"W{l}"].T @ dZ                                # (n_{l-1}, m)
            mask = cache.get(f"M{l - 1}")
            if mask is not None:                    # dropout: the same mask on the way back
                dA *= mask
            if from_z and f"Z{l - 1}" in cache:
                dZ = dA * d_hidden(cache[f"Z{l - 1}"])
            else:                                   # g' from the activation before dropout
                A_prev = cache[f"H{l - 1}"] if mask is not None else cache[f"A{l - 1}"]
                dZ = times_derivative(dA, A_prev, self.activation)

    def _check_targets(self, cache, Y, loss):
        """backward's and deltas' checks: the loss, the cache, Y against A_L and the loss."""
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
        return loss, Y

    def check_loss(self, loss=None):
        """The loss to use: ``loss``, or the output's ``default_loss`` when None; raise unless
        it is a known loss that makes sense for this network's output."""
        if loss is None:
            return self.default_loss
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

    def loss(self, X, Y, loss=None):
        """The averaged loss of the network on (X, Y); default: the output's ``default_loss``."""
        loss = self.check_loss(loss)
        A, _ = self.forward(X, keep_cache=False)
        return LOSSES[loss][0](A, Y)

    # ---------------------------------------------------------------- checks
    def check_params(self, X):
        """Raise unless X has n_0 rows and every W_l, b_l the shape the layer sizes give.

        The one check ``forward`` runs on the parameters; a training loop calls it again after
        a callback, which may have replaced an array."""
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


def param_names(n_layers):
    """['W1', 'b1', ..., 'WL', 'bL']"""
    return [f"{p}{l}" for l in range(1, n_layers + 1) for p in ("W", "b")]

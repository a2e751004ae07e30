"""A small convolutional network that speaks ``MLP``'s protocol (numpy only; the maths layer).

conv -> ReLU -> max pool -> flatten -> dense softmax, built from :mod:`helpers.conv`'s layers::

    X (C*H*W, m) -> X4 (m, C, H, W)                      the series' columns, as images
    Z1 = conv(X4, W1, b1) : (m, F, H', W')               W1 (F, C, k, k), b1 (F,)
    A1 = relu(Z1)         : (m, F, H', W')               the feature maps
    P1 = maxpool(A1)      : (F*ph*pw, m)                 flattened, one column per example
    A2 = softmax(W2 @ P1 + b2) : (n_classes, m)          W2 (n_classes, F*ph*pw), b2 (n_classes, 1)

Backward runs the same chain in reverse: ``dZ2 = (A2 - Y) / m`` (the 1/m enters once, at the
output, as in ``MLP``), ``dW2 = dZ2 P1^T``, ``dP1 = W2^T dZ2``, max pooling's backward routes
dP1 to each window's arg-max, ReLU keeps it where ``A1 > 0``, and ``conv_backward`` gives
``dW1`` (a sum over every position: the weight is shared) and ``db1``. The data's own gradient
is never needed, so it is not computed.

Because ``forward``, ``backward``, ``check_params``, ``check_loss``, ``layer_sizes``, ``output``
and ``dropout`` behave as ``MLP``'s do, ``helpers.training.train`` and ``evaluate`` and
``helpers.gradcheck`` take a ``ConvNet`` unchanged.

A gradient check at initialisation can meet ReLU's kink: b1 starts at 0, so a blank patch (the
digits' empty borders, or the padding) gives ``Z1 = 0`` exactly, where the centred difference
averages the two one-sided slopes and db1 disagrees (notebook 04's kink). Check after a few
training steps, or with non-zero biases. Max pooling has a kink of its own where a window's two
largest entries tie (ReLU's zeros tie often); the backward pass sends the gradient to the first.
"""
import numpy as np

from . import _validate as V
from .activations import IN_PLACE
from .conv import conv_backward, conv_forward, max_pool_backward, max_pool_forward, output_size
from .losses import LOSSES
from .network import INIT_STD, INITS, MLP


class ConvNet:
    """conv (``n_filters`` kernels of ``kernel_size``^2) -> ReLU -> max pool -> dense softmax.

    Parameters
    ----------
    image_shape : (C, H, W)
        Channels, height and width of one image; X then has C*H*W rows (C-order).
    n_filters, kernel_size, padding, stride : int
        The convolution layer: F kernels of k x k, zero padding, stride.
    pool : int
        Size (and stride) of max pooling's windows; 1 is no pooling.
    n_classes : int
        Softmax outputs (at least 2).
    init : {"small", "lecun", "glorot", "he", "zeros"}
        As ``MLP``'s, with a kernel's fan-in C*k*k (fan-out F*k*k); biases start at 0.
    seed : int
        Seed of the initial weights.

    Attributes
    ----------
    params : dict
        ``W1 (F, C, k, k)``, ``b1 (F,)``, ``W2 (n_classes, F*ph*pw)``, ``b2 (n_classes, 1)``:
        the very arrays the network computes with.
    """

    output, activation, default_loss, n_layers = "softmax", "relu", "ce", 2

    def __init__(self, image_shape=(1, 8, 8), n_filters=8, kernel_size=3, padding=0, pool=2,
                 n_classes=10, init="he", seed=0, stride=1):
        if np.ndim(image_shape) != 1 or len(image_shape) != 3:
            raise ValueError(f"image_shape: expected (channels, height, width), got "
                             f"{image_shape!r}")
        self.image_shape = tuple(V.positive_int(n, f"image_shape[{i}]")
                                 for i, n in enumerate(image_shape))
        self.n_filters = V.positive_int(n_filters, "n_filters")
        self.kernel_size = V.positive_int(kernel_size, "kernel_size")
        self.stride = V.positive_int(stride, "stride")
        if isinstance(padding, bool) or not isinstance(padding, (int, np.integer)) or padding < 0:
            raise ValueError(f"padding: expected an integer >= 0, got {padding!r}")
        self.padding = int(padding)
        self.pool = V.positive_int(pool, "pool")
        self.n_classes = V.positive_int(n_classes, "n_classes")
        if self.n_classes < 2:
            raise ValueError(f"n_classes: expected at least 2 (a softmax output), got {n_classes}")
        self.init, self.seed = V.choice(init, "init", INITS), V.seed(seed)
        C, H, W = self.image_shape
        conv_hw = [output_size(n, self.kernel_size, self.stride, self.padding, "kernel_size")
                   for n in (H, W)]
        pool_hw = [output_size(n, self.pool, self.pool, 0, "pool") for n in conv_hw]
        self.conv_shape = (self.n_filters, *conv_hw)          # one example's feature maps
        self.pool_shape = (self.n_filters, *pool_hw)          # after pooling
        self.layer_sizes = [C * H * W, int(np.prod(self.pool_shape)), self.n_classes]
        self.dropout = [0.0]                                  # no dropout: MLP's protocol
        self.params = self._init_params()

    def _init_params(self):
        C, k, F = self.image_shape[0], self.kernel_size, self.n_filters
        n_pooled, n_out = self.layer_sizes[1:]
        rng = np.random.default_rng(self.seed)
        std1 = INIT_STD[self.init](C * k * k, F * k * k)     # a kernel's fan-in and fan-out
        std2 = INIT_STD[self.init](n_pooled, n_out)
        return {"W1": rng.standard_normal((F, C, k, k)) * std1, "b1": np.zeros(F),
                "W2": rng.standard_normal((n_out, n_pooled)) * std2, "b2": np.zeros((n_out, 1))}

    def __repr__(self):
        return (f"ConvNet(image_shape={self.image_shape}, n_filters={self.n_filters}, "
                f"kernel_size={self.kernel_size}, padding={self.padding}, pool={self.pool}, "
                f"n_classes={self.n_classes}, init={self.init!r}, seed={self.seed}"
                + (f", stride={self.stride})" if self.stride != 1 else ")"))

    @property
    def n_params(self):
        """The number of trained numbers (weights and biases)."""
        return sum(p.size for p in self.params.values())

    # ----------------------------------------------------------------- forward
    def forward(self, X, keep_cache=True, training=False, rng=None, check=True):
        """Run the network on X (C*H*W, m); return ``(A2 (n_classes, m), cache)``.

        The cache holds ``A0`` (= X), the layers' caches (``conv``, ``pool``), ``A1`` (the
        ReLU's feature maps, (m, F, H', W')), ``P1`` (the pooled maps flattened, (F*ph*pw, m))
        and ``A2``; with ``keep_cache`` (the default) also ``Z1`` and ``Z2``. ``training`` and
        ``rng`` are accepted for ``MLP``'s protocol (there is no dropout). ``check=False`` is
        the training loop's lean path: X a 2-D float array of C*H*W rows, nothing checked.
        """
        if check:
            X = V.as_matrix(X, "X", dtype=None)
            self.check_params(X)
        p, m = self.params, X.shape[1]
        X4 = X.reshape(self.image_shape + (m,)).transpose(3, 0, 1, 2)       # (m, C, H, W) view
        Z1, conv_cache = conv_forward(X4, p["W1"], p["b1"], self.stride, self.padding,
                                      check=False)
        A1 = np.maximum(Z1, 0.0)                                            # (m, F, H', W')
        pooled, pool_cache = max_pool_forward(A1, self.pool, check=False)   # (m, F, ph, pw)
        P1 = pooled.reshape(m, -1).T                                        # (F*ph*pw, m)
        Z2 = p["W2"] @ P1
        Z2 += p["b2"]
        A2 = IN_PLACE["softmax"](Z2, np.empty_like(Z2) if keep_cache else Z2)
        cache = {"A0": X, "conv": conv_cache, "A1": A1, "pool": pool_cache, "P1": P1, "A2": A2}
        if keep_cache:
            cache["Z1"], cache["Z2"] = Z1, Z2
        return A2, cache

    def feature_maps(self, X):
        """The ReLU's outputs, what the filters see in each image: (m, F, H', W')."""
        return np.ascontiguousarray(self.forward(X, keep_cache=False)[1]["A1"])

    def predict(self, X):
        """The arg-max class of each example, shape (1, m), like ``MLP.predict``."""
        return self.forward(X, keep_cache=False)[0].argmax(axis=0, keepdims=True)

    # ---------------------------------------------------------------- backward
    def backward(self, cache, Y, loss=None, check=True):
        """Gradients ``dW1, db1, dW2, db2`` of the loss averaged over the m examples.

        ``Y`` (n_classes, m) one-hot for ce; ``loss`` defaults to ce. ``check=False``: Y a float
        array of A2's shape and a loss ``check_loss`` accepts, nothing checked.
        """
        if check:
            loss, Y = self._check_targets(cache, Y, loss)
        elif loss is None:
            loss = self.default_loss
        p = self.params
        dZ2 = MLP.output_delta(self, cache["A2"], Y, loss)      # MLP's output error, per example
        dZ2 *= 1.0 / Y.shape[1]                                 # the 1/m, once
        dW2 = dZ2 @ cache["P1"].T                               # (n_classes, F*ph*pw)
        db2 = dZ2.sum(axis=1, keepdims=True)
        dP1 = (p["W2"].T @ dZ2).T.reshape(cache["pool"]["Y_shape"])          # (m, F, ph, pw)
        dA1 = max_pool_backward(dP1, cache["pool"], check=False)            # (m, F, H', W')
        dZ1 = dA1 * (cache["A1"] > 0)                                       # ReLU's gate
        _, dW1, db1 = conv_backward(dZ1, cache["conv"], check=False, input_grad=False)
        return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}

    def _check_targets(self, cache, Y, loss):
        loss = self.check_loss(loss)
        if not isinstance(cache, dict) or "A2" not in cache or "conv" not in cache:
            raise ValueError("cache: expected the cache dict returned by this network's "
                             f"forward(X), got {type(cache).__name__}")
        Y = V.as_matrix(Y, "Y", dtype=None)
        V.same_shape(Y, "Y", cache["A2"].shape, f"the output A2: {self.n_classes} classes by "
                     f"m = {cache['A2'].shape[1]} examples")
        if loss == "ce":
            V.one_hot(Y)
        return loss, Y

    def check_loss(self, loss=None):
        """``loss``, or ce when None; raise unless it is ce or mse (a softmax output's)."""
        return MLP.check_loss(self, loss)

    def loss(self, X, Y, loss=None):
        """The averaged loss of the network on (X, Y); default ce."""
        loss = self.check_loss(loss)
        return LOSSES[loss][0](self.forward(X, keep_cache=False)[0], Y)

    # ---------------------------------------------------------------- checks
    def check_params(self, X):
        """Raise unless X has C*H*W rows and every parameter has its shape."""
        n0 = self.layer_sizes[0]
        if X.shape[0] != n0:
            raise ValueError(f"X: expected shape ({n0}, m): each column one {self.image_shape} "
                             f"image flattened, got shape {X.shape}")
        C, k, F = self.image_shape[0], self.kernel_size, self.n_filters
        shapes = {"W1": (F, C, k, k), "b1": (F,), "W2": tuple(self.layer_sizes[:0:-1]),
                  "b2": (self.n_classes, 1)}
        for name, shape in shapes.items():
            if name not in self.params:
                raise ValueError(f"params: expected a {name} of shape {shape}, got none")
            value = self.params[name]
            if not isinstance(value, np.ndarray) or value.shape != shape:
                raise ValueError(f"params[{name!r}]: expected an array of shape {shape}, got "
                                 f"shape {np.shape(value)}")

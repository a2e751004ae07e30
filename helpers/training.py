"""The training loop notebook 05 first writes by hand: epochs, mini-batches, history, callback.

``train`` validates its data once, then runs a lean loop: forward and backward passes written
for speed (activations computed in place, hidden derivatives taken from the activations,
``sigma' = a (1 - a)``, ``tanh' = 1 - a^2``), the same equations as ``MLP._forward`` and
``MLP._backward`` (tests check they agree to round-off). An epoch of the digits at batch size 10
takes a few milliseconds, and the playground retrains 1,000 full-batch epochs in well under 0.1 s.

``history["loss"][e]`` is the loss over the *whole* training set after epoch ``e + 1``. With
``l2 > 0`` each weight matrix (not the biases) also feels the penalty ``(l2 / 2) ||W||^2``, so
``dW += l2 * W``; the recorded loss is the data term alone, comparable across ``l2``.
"""
import contextlib

import numpy as np

from . import _validate as V
from .losses import RAW_LOSSES
from .network import MLP
from .optimizers import SGD, Optimizer

DEFAULT_LOSS = {"sigmoid": "bce", "softmax": "ce", "linear": "mse"}
_CONTROLLER = []


def _one_blas_thread():
    """A context that runs BLAS on one thread: ``train``'s matrices are small, and on a busy
    machine a second BLAS thread makes each product several times slower, never faster.
    threadpoolctl comes with scikit-learn; without it the context does nothing."""
    if not _CONTROLLER:
        try:
            from threadpoolctl import ThreadpoolController
            _CONTROLLER.append(ThreadpoolController())
        except ImportError:
            _CONTROLLER.append(None)
    if _CONTROLLER[0] is None:
        return contextlib.nullcontext()
    return _CONTROLLER[0].limit(limits=1, user_api="blas")


def _sigmoid_(Z):
    """sigmoid in place; exp overflows to inf for z < -709, giving the right 0 (errstate off)."""
    np.negative(Z, out=Z)
    np.exp(Z, out=Z)
    Z += 1.0
    return np.reciprocal(Z, out=Z)


def _softmax_(Z):
    Z -= Z.max(axis=0, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=0, keepdims=True)
    return Z


_ACT_ = {"sigmoid": _sigmoid_, "tanh": lambda Z: np.tanh(Z, out=Z),
         "relu": lambda Z: np.maximum(Z, 0.0, out=Z), "linear": lambda Z: Z,
         "softmax": _softmax_}


def _back_through(dA, A, activation):
    """dZ = dA * g'(Z), with g' written from the activation A (dA is overwritten)."""
    if activation == "sigmoid":
        t = 1.0 - A
        t *= A
        dA *= t
    elif activation == "tanh":
        t = A * A
        np.subtract(1.0, t, out=t)
        dA *= t
    elif activation == "relu":
        dA *= A > 0
    return dA


class _Kernel:
    """forward, backward and the data loss of one network, for data validated beforehand.

    It holds the network's own weight arrays (``W_list``, ``b_list``), which the optimisers
    update in place, so it stays valid for one ``train`` call.
    """

    def __init__(self, net, loss):
        self.net, self.loss = net, loss
        self.L = net.n_layers
        self.hidden = _ACT_[net.activation]
        self.out = _ACT_[net.output]
        self.params = net.params
        self.W_list = [net.params[f"W{l}"] for l in range(1, self.L + 1)]
        self.b_list = [net.params[f"b{l}"] for l in range(1, self.L + 1)]

    def forward(self, X):
        """[A0, A1, ..., A_L] for X (n_0, m)."""
        acts = [X]
        A = X
        last = self.L - 1
        for l, (W, b) in enumerate(zip(self.W_list, self.b_list)):
            Z = W @ A
            Z += b                                                   # (n_l, m)
            A = self.hidden(Z) if l < last else self.out(Z)
            acts.append(A)
        return acts

    def backward(self, acts, Y, l2=0.0):
        """dW1, db1, ... of the averaged loss (plus l2 W on each dW).

        The 1/m is applied once, to dZ_L: every later dZ_l, dW_l and db_l is linear in it.
        """
        L, net, W_list = self.L, self.net, self.W_list
        A_L = acts[L]
        if net.output == "softmax" and self.loss == "mse":
            dZ = net.output_delta(A_L, None, Y, "mse")
        else:
            dZ = A_L - Y                                                   # (n_L, m)
            if net.output == "sigmoid" and self.loss == "mse":
                dZ = _back_through(dZ, A_L, "sigmoid")
        dZ *= 1.0 / Y.shape[1]
        grads = {}
        for l in range(L, 0, -1):
            dW = dZ @ acts[l - 1].T                                        # (n_l, n_{l-1})
            if l2:
                dW += l2 * W_list[l - 1]
            grads[f"dW{l}"] = dW
            grads[f"db{l}"] = np.add.reduce(dZ, axis=1, keepdims=True)      # (n_l, 1)
            if l > 1:
                dZ = _back_through(W_list[l - 1].T @ dZ, acts[l - 1], net.activation)
        return grads

    def data_loss(self, A, Y, positive=None):
        """The averaged loss; for bce, ``positive`` (Y == 1) saves recomputing the mask."""
        if self.loss == "bce" and positive is not None:
            P = np.where(positive, A, 1.0 - A)
            np.maximum(P, np.finfo(np.float64).tiny, out=P)
            return float(-np.log(P).sum() / A.shape[1])
        return float(RAW_LOSSES[self.loss](A, Y))

    def accuracy(self, A, Y, labels=None):
        """Fraction of examples classified right (nan for a linear output); ``labels`` is the
        precomputed ``Y.argmax(axis=0)`` (softmax) or ``Y >= 0.5`` (sigmoid)."""
        if self.net.output == "linear":
            return float("nan")
        if labels is None:
            labels = Y.argmax(axis=0) if self.net.output == "softmax" else Y >= 0.5
        guess = A.argmax(axis=0) if self.net.output == "softmax" else A >= 0.5
        return np.count_nonzero(guess == labels) / guess.size


class History(dict):
    """Per-epoch lists ``loss``, ``accuracy`` (and ``val_loss``, ``val_accuracy`` with
    validation data); ``stopped`` is True when the callback ended training early."""

    def __init__(self, validation=False):
        keys = ["loss", "accuracy"] + (["val_loss", "val_accuracy"] if validation else [])
        super().__init__({k: [] for k in keys})
        self.stopped = False

    @property
    def epochs(self):
        """Number of epochs recorded."""
        return len(self["loss"])


def _check_data(net, X, Y, loss, name_x="X", name_y="Y"):
    X = V.as_matrix(X, name_x, rows=net.layer_sizes[0])
    Y = V.as_matrix(Y, name_y, rows=net.layer_sizes[-1])
    if Y.shape[1] != X.shape[1]:
        raise ValueError(f"{name_y}: expected {X.shape[1]} columns, one per example of "
                         f"{name_x}, got shape {Y.shape}")
    if loss == "bce":
        V.binary_labels(Y, name_y)
    elif loss == "ce":
        V.one_hot(Y, name_y)
    return np.ascontiguousarray(X), np.ascontiguousarray(Y)


def _check_args(net, loss, optimizer, n_epochs, batch_size, l2, callback):
    if not isinstance(net, MLP):
        raise ValueError(f"net: expected a helpers.network.MLP, got {type(net).__name__}")
    loss = net.check_loss(DEFAULT_LOSS[net.output] if loss is None else loss)
    if optimizer is None:
        optimizer = SGD(0.1)
    elif not isinstance(optimizer, Optimizer):
        optimizer = SGD(V.positive_float(optimizer, "optimizer"))   # a number: SGD at that rate
    V.positive_int(n_epochs, "n_epochs")
    if batch_size is not None:
        V.positive_int(batch_size, "batch_size")
    if isinstance(l2, bool) or not isinstance(l2, (int, float, np.number)) or \
            not np.isfinite(l2) or l2 < 0:
        raise ValueError(f"l2: expected a finite number >= 0, got {l2!r}")
    if callback is not None and not callable(callback):
        raise ValueError(f"callback: expected a function (epoch, history) or None, got "
                         f"{type(callback).__name__}")
    return loss, optimizer


def train(net, X, Y, loss=None, optimizer=None, n_epochs=100, batch_size=None, shuffle=True,
          seed=0, l2=0.0, callback=None, validation=None):
    """Train ``net`` in place by mini-batch gradient descent; return a ``History``.

    Parameters
    ----------
    net : MLP
    X : array (n_0, m);  Y : array (n_L, m)
        Inputs and targets, one example per column.
    loss : {"bce", "ce", "mse"}, optional
        Default: bce for a sigmoid output, ce for softmax, mse for linear.
    optimizer : Optimizer or float
        An optimiser from ``helpers.optimizers``, or a learning rate for plain SGD
        (default ``SGD(0.1)``).
    n_epochs : int
        Passes over the data.
    batch_size : int, optional
        Examples per update; None (or >= m) is full-batch gradient descent, 1 is single-example
        SGD.
    shuffle : bool
        Draw a new order of the examples every epoch, from a generator seeded with ``seed``.
    l2 : float
        L2 strength: ``dW += l2 * W`` for every weight matrix.
    callback : callable, optional
        ``callback(epoch, history)`` after each epoch (epoch counts from 1), with the network
        holding that epoch's parameters; a truthy return value stops training.
    validation : (X_val, Y_val), optional
        Held-out data whose loss and accuracy are recorded every epoch.
    """
    loss, optimizer = _check_args(net, loss, optimizer, n_epochs, batch_size, l2, callback)
    net.forward(np.zeros((net.layer_sizes[0], 1)))          # checks every parameter's shape
    X, Y = _check_data(net, X, Y, loss)
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise ValueError("validation: expected a pair (X_val, Y_val) or None, got "
                             f"{type(validation).__name__}")
        X_val, Y_val = _check_data(net, *validation, loss, "X_val", "Y_val")
    m = X.shape[1]
    batch = m if batch_size is None else min(batch_size, m)
    kernel = _Kernel(net, loss)
    history = History(validation is not None)
    positive = Y == 1 if loss == "bce" else None
    labels = Y.argmax(axis=0) if net.output == "softmax" else Y >= 0.5
    rng = np.random.default_rng(seed)

    def record(epoch, A_L):
        """Store the losses of the parameters as they are now; True means stop."""
        history["loss"].append(kernel.data_loss(A_L, Y, positive))
        history["accuracy"].append(kernel.accuracy(A_L, Y, labels))
        if validation is not None:
            A_val = kernel.forward(X_val)[-1]
            history["val_loss"].append(kernel.data_loss(A_val, Y_val))
            history["val_accuracy"].append(kernel.accuracy(A_val, Y_val))
        if callback is not None and callback(epoch, history):
            history.stopped = True
        return history.stopped

    with _one_blas_thread(), np.errstate(over="ignore"):
        if batch == m:
            _full_batch(kernel, optimizer, X, Y, n_epochs, l2, record)
        else:
            _mini_batch(kernel, optimizer, X, Y, n_epochs, batch, shuffle, rng, l2, record)
    return history


def _full_batch(kernel, optimizer, X, Y, n_epochs, l2, record):
    """Each forward pass also gives the loss after the previous epoch: no extra pass needed."""
    params = kernel.params
    for epoch in range(n_epochs):
        acts = kernel.forward(X)
        if epoch > 0 and record(epoch, acts[-1]):
            return
        optimizer._step(params, kernel.backward(acts, Y, l2))
    record(n_epochs, kernel.forward(X)[-1])


def _mini_batch(kernel, optimizer, X, Y, n_epochs, batch, shuffle, rng, l2, record):
    params, m = kernel.params, X.shape[1]
    starts = range(0, m, batch)
    for epoch in range(1, n_epochs + 1):
        if shuffle:
            order = rng.permutation(m)
            Xs, Ys = X[:, order], Y[:, order]
        else:
            Xs, Ys = X, Y
        for start in starts:
            Xb, Yb = Xs[:, start:start + batch], Ys[:, start:start + batch]
            optimizer._step(params, kernel.backward(kernel.forward(Xb), Yb, l2))
        if record(epoch, kernel.forward(X)[-1]):
            return


def evaluate(net, X, Y, loss=None):
    """``(loss, accuracy)`` of ``net`` on (X, Y), the same numbers ``train`` records."""
    if not isinstance(net, MLP):
        raise ValueError(f"net: expected a helpers.network.MLP, got {type(net).__name__}")
    loss = net.check_loss(DEFAULT_LOSS[net.output] if loss is None else loss)
    X, Y = _check_data(net, X, Y, loss)
    A, _ = net.forward(X)
    kernel = _Kernel(net, loss)
    return kernel.data_loss(A, Y), kernel.accuracy(A, Y)

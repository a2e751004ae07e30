"""The training loop notebook 05 first writes by hand: epochs, mini-batches, history, callback.

``train`` validates its data once, then runs ``MLP``'s own forward and backward passes (the
unvalidated ``_forward(X, keep_cache=False)`` and ``_backward``: activations in place, the 1/m
applied once), reading ``net.params`` afresh at every step, so a callback or an optimiser that
replaces the arrays trains the network that exists. An epoch of the digits at batch size 10
takes a few milliseconds, and the playground retrains 1,000 full-batch epochs in well under 0.1 s.

``history["loss"][e]`` is the loss over the *whole* training set after epoch ``e + 1``. With
``l2 > 0`` each weight matrix (not the biases) also feels the penalty ``(l2 / 2) ||W||^2``, so
``dW += l2 * W``; the recorded loss is the data term alone, comparable across ``l2``.

A network built with ``dropout`` drops units in the passes that compute gradients (masks drawn
from the generator seeded with ``seed``), never in the passes that record losses.
``early_stopping=k`` (with ``validation``) stops once the validation loss has not improved for
k epochs and leaves the network holding the parameters of its best validation epoch
(``history.best_epoch``), as document 001's termination condition asks.
"""
import contextlib

import numpy as np

from . import _validate as V
from .losses import RAW_LOSSES
from .network import LOSSES_FOR_OUTPUT, MLP
from .optimizers import SGD, Optimizer
from .regularisation import EarlyStopping

#: each output's usual loss: the first one ``LOSSES_FOR_OUTPUT`` lists for it
DEFAULT_LOSS = {output: losses[0] for output, losses in LOSSES_FOR_OUTPUT.items()}
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


def data_loss(A, Y, loss, positive=None):
    """The averaged loss of predictions A (n_L, m) for targets Y; for bce, ``positive``
    (the precomputed mask Y == 1) saves recomputing it every epoch."""
    if loss == "bce" and positive is not None:
        P = np.where(positive, A, 1.0 - A)
        np.maximum(P, np.finfo(P.dtype).tiny, out=P)
        return float(-np.log(P).sum() / A.shape[1])
    return float(RAW_LOSSES[loss](A, Y))


def accuracy(A, Y, output, labels=None):
    """Fraction of examples classified right (nan for a linear output); ``labels`` is the
    precomputed ``Y.argmax(axis=0)`` (softmax) or ``Y >= 0.5`` (sigmoid)."""
    if output == "linear":
        return float("nan")
    if labels is None:
        labels = Y.argmax(axis=0) if output == "softmax" else Y >= 0.5
    guess = A.argmax(axis=0) if output == "softmax" else A >= 0.5
    return np.count_nonzero(guess == labels) / guess.size


class History(dict):
    """Per-epoch lists ``loss``, ``accuracy`` (and ``val_loss``, ``val_accuracy`` with
    validation data); ``stopped`` is True when the callback or early stopping ended training
    early; ``best_epoch`` is the epoch whose parameters early stopping restored (else None)."""

    def __init__(self, validation=False):
        keys = ["loss", "accuracy"] + (["val_loss", "val_accuracy"] if validation else [])
        super().__init__({k: [] for k in keys})
        self.stopped = False
        self.best_epoch = None

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
    V.non_negative_float(l2, "l2")
    if callback is not None and not callable(callback):
        raise ValueError(f"callback: expected a function (epoch, history) or None, got "
                         f"{type(callback).__name__}")
    return loss, optimizer


def train(net, X, Y, loss=None, optimizer=None, n_epochs=100, batch_size=None, shuffle=True,
          seed=0, l2=0.0, callback=None, validation=None, early_stopping=None):
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
    early_stopping : int, optional
        Patience k: stop when the validation loss has not improved for k epochs, then restore
        the parameters of the epoch with the lowest validation loss (also when training ends
        at ``n_epochs`` first). Needs ``validation``.
    """
    loss, optimizer = _check_args(net, loss, optimizer, n_epochs, batch_size, l2, callback)
    net.forward(np.zeros((net.layer_sizes[0], 1)))          # checks every parameter's shape
    X, Y = _check_data(net, X, Y, loss)
    if validation is not None:
        if not isinstance(validation, (tuple, list)) or len(validation) != 2:
            raise ValueError("validation: expected a pair (X_val, Y_val) or None, got "
                             f"{type(validation).__name__}")
        X_val, Y_val = _check_data(net, *validation, loss, "X_val", "Y_val")
    stopper = None
    if early_stopping is not None:
        if validation is None:
            raise ValueError(f"early_stopping: expected validation=(X_val, Y_val) to watch, "
                             f"got early_stopping={early_stopping!r} with validation=None")
        stopper = EarlyStopping(V.positive_int(early_stopping, "early_stopping"))
    m = X.shape[1]
    batch = m if batch_size is None else min(batch_size, m)
    history = History(validation is not None)
    positive = Y == 1 if loss == "bce" else None
    labels = Y.argmax(axis=0) if net.output == "softmax" else Y >= 0.5
    rng = np.random.default_rng(seed)
    l2 = float(l2)

    def update(grads):
        """One optimiser step on the parameters as they are now (plus the l2 term)."""
        if l2:
            for name, W in net.params.items():
                if name[0] == "W":
                    grads["d" + name] += l2 * W
        optimizer._step(net.params, grads)

    def record(epoch, A_L):
        """Store the losses of the parameters as they are now; True means stop."""
        history["loss"].append(data_loss(A_L, Y, loss, positive))
        history["accuracy"].append(accuracy(A_L, Y, net.output, labels))
        if validation is not None:
            A_val = net._forward(X_val, keep_cache=False)[0]
            history["val_loss"].append(data_loss(A_val, Y_val, loss))
            history["val_accuracy"].append(accuracy(A_val, Y_val, net.output))
        if callback is not None:
            if callback(epoch, history):
                history.stopped = True
            net._check_params(X)            # the callback may have replaced a parameter
        if stopper is not None and stopper.update(epoch, history["val_loss"][-1], net.params):
            history.stopped = True
        return history.stopped

    dropping = any(net.dropout)

    def gradients(Xb, Yb):
        """A training pass on one batch: forward (dropping units if the net has dropout),
        backward."""
        cache = net._forward(Xb, keep_cache=False, training=dropping, rng=rng)[1]
        return net._backward(cache, Yb, loss)

    with _one_blas_thread(), np.errstate(over="ignore"):
        if batch == m and not dropping:
            _full_batch(net, update, X, Y, loss, n_epochs, record, callback is not None)
        else:
            _mini_batch(gradients, update, X, Y, n_epochs, batch, shuffle, rng, record, net)
    if stopper is not None:
        stopper.restore(net.params)
        history.best_epoch = stopper.best_epoch
    return history


def _full_batch(net, update, X, Y, loss, n_epochs, record, has_callback):
    """The forward pass that records epoch e's loss also feeds epoch e + 1's backward pass,
    unless a callback ran in between: it may have changed the parameters."""
    _, cache = net._forward(X, keep_cache=False)
    for epoch in range(1, n_epochs + 1):
        update(net._backward(cache, Y, loss))
        A_L, cache = net._forward(X, keep_cache=False)
        if record(epoch, A_L):
            return
        if has_callback and epoch < n_epochs:
            _, cache = net._forward(X, keep_cache=False)


def _mini_batch(gradients, update, X, Y, n_epochs, batch, shuffle, rng, record, net):
    m = X.shape[1]
    starts = range(0, m, batch)
    for epoch in range(1, n_epochs + 1):
        if shuffle:
            order = rng.permutation(m)
            Xs, Ys = X[:, order], Y[:, order]
        else:
            Xs, Ys = X, Y
        for start in starts:
            Xb, Yb = Xs[:, start:start + batch], Ys[:, start:start + batch]
            update(gradients(Xb, Yb))
        if record(epoch, net._forward(X, keep_cache=False)[0]):
            return


def evaluate(net, X, Y, loss=None):
    """``(loss, accuracy)`` of ``net`` on (X, Y), the same numbers ``train`` records."""
    if not isinstance(net, MLP):
        raise ValueError(f"net: expected a helpers.network.MLP, got {type(net).__name__}")
    loss = net.check_loss(DEFAULT_LOSS[net.output] if loss is None else loss)
    X, Y = _check_data(net, X, Y, loss)
    A, _ = net.forward(X, keep_cache=False)
    return data_loss(A, Y, loss), accuracy(A, Y, net.output)

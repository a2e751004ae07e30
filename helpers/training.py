"""The training loop notebook 05 first writes by hand: epochs, mini-batches, history, callback.

``train`` validates its data once, then runs ``MLP``'s own forward and backward passes on
their lean paths (``forward(X, keep_cache=False, check=False)`` and ``backward(...,
check=False)``: activations in place, the 1/m applied once), reading ``net.params`` afresh at
every step, so a callback or an optimiser that replaces the arrays trains the network that
exists. An epoch of the digits at batch size 10 takes a few milliseconds, and the playground
retrains 1,000 full-batch epochs in well under 0.1 s.

``history["loss"][e]`` is the loss over the *whole* training set after epoch ``e + 1``. With
``l2 > 0`` each weight matrix (not the biases) also feels the penalty ``(l2 / 2) ||W||^2``, so
``dW += l2 * W``; the recorded loss is the data term alone, comparable across ``l2``.

A network built with ``dropout`` drops units in the passes that compute gradients (masks drawn
from the generator seeded with ``seed``), never in the passes that record losses.
``early_stopping=k`` (with ``validation``) stops once the validation loss has not improved for
k epochs and leaves the network holding the parameters of its best validation epoch
(``history.best_epoch``), as document 001's termination condition asks.
"""
import numpy as np
from threadpoolctl import ThreadpoolController

from . import _validate as V
from .convnet import ConvNet
from .losses import RAW_LOSSES
from .network import MLP
from .optimizers import SGD, Optimizer
from .regularisation import EarlyStopping

_CONTROLLER = []


def one_blas_thread():
    """A context that runs BLAS on one thread: ``train``'s matrices (and ``deep``'s) are small,
    and on a busy machine a second BLAS thread makes each product several times slower, never
    faster. threadpoolctl is a declared dependency; its controller is built once."""
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
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


def _check_net(net):
    """Raise unless ``net`` is a network ``train`` knows: an MLP or a ConvNet (both speak the
    same protocol: forward, backward, check_params, check_loss, layer_sizes, output, dropout)."""
    if not isinstance(net, (MLP, ConvNet)):
        raise ValueError(f"net: expected a helpers.network.MLP or a helpers.convnet.ConvNet, "
                         f"got {type(net).__name__}")


def _check_args(net, loss, optimizer, n_epochs, batch_size, shuffle, seed, l2, callback):
    _check_net(net)
    loss = net.check_loss(loss)                       # None: the output's default_loss
    if optimizer is None:
        optimizer = SGD(0.1)
    elif not isinstance(optimizer, Optimizer):
        optimizer = SGD(V.positive_float(optimizer, "optimizer"))   # a number: SGD at that rate
    V.positive_int(n_epochs, "n_epochs")
    if batch_size is not None:
        V.positive_int(batch_size, "batch_size")
    V.boolean(shuffle, "shuffle")
    V.seed(seed)
    V.non_negative_float(l2, "l2")
    if callback is not None and not callable(callback):
        raise ValueError(f"callback: expected a function (epoch, history) or None, got "
                         f"{type(callback).__name__}")
    return loss, optimizer


def _check_validation(net, validation, early_stopping, loss):
    """The validation pair, checked like the training data, and early stopping's watcher."""
    if validation is None:
        if early_stopping is not None:
            raise ValueError(f"early_stopping: expected validation=(X_val, Y_val) to watch, "
                             f"got early_stopping={early_stopping!r} with validation=None")
        return None, None
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise ValueError("validation: expected a pair (X_val, Y_val) or None, got "
                         f"{type(validation).__name__}")
    data = _check_data(net, *validation, loss, "X_val", "Y_val")
    if early_stopping is None:
        return data, None
    return data, EarlyStopping(V.positive_int(early_stopping, "early_stopping"))


def train(net, X, Y, loss=None, optimizer=None, n_epochs=100, batch_size=None, *, shuffle=True,
          seed=0, l2=0.0, callback=None, validation=None, early_stopping=None):
    """Train ``net`` in place by mini-batch gradient descent; return a ``History``.

    Parameters
    ----------
    net : MLP or ConvNet
    X : array (n_0, m);  Y : array (n_L, m)
        Inputs and targets, one example per column.
    loss : {"bce", "ce", "mse"}, optional
        Default: the loss the output implies (``net.default_loss``: bce for a sigmoid output,
        ce for softmax, mse for linear), as in ``MLP.backward`` and ``gradcheck``.
    optimizer : Optimizer or float
        An optimiser from ``helpers.optimizers``, or a learning rate for plain SGD
        (default ``SGD(0.1)``).
    n_epochs : int
        Passes over the data.
    batch_size : int, optional
        Examples per update; None (or >= m) is full-batch gradient descent, 1 is single-example
        SGD.

    The rest are keyword-only, in three groups:

    shuffle, seed : bool, int
        The batches: draw a new order of the examples every epoch (and dropout's masks) from a
        generator seeded with ``seed``.
    l2 : float
        L2 strength: ``dW += l2 * W`` for every weight matrix.
    callback : callable, optional
        ``callback(epoch, history)`` after each epoch (epoch counts from 1), with the network
        holding that epoch's parameters; a truthy return value stops training.
    validation, early_stopping : (X_val, Y_val), int, optional
        Held-out data whose loss and accuracy are recorded every epoch; early stopping's
        patience k: stop when the validation loss has not improved for k epochs, then restore
        the parameters of the epoch with the lowest validation loss (also when training ends
        at ``n_epochs`` first). ``early_stopping`` needs ``validation``.
    """
    loss, optimizer = _check_args(net, loss, optimizer, n_epochs, batch_size, shuffle, seed, l2,
                                  callback)
    net.forward(np.zeros((net.layer_sizes[0], 1)))          # checks every parameter's shape
    X, Y = _check_data(net, X, Y, loss)
    val, stopper = _check_validation(net, validation, early_stopping, loss)
    m = X.shape[1]
    history = History(val is not None)
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
        optimizer.step(net.params, grads, check=False)

    def record(epoch, A_L):
        """Store the losses of the parameters as they are now; True means stop."""
        history["loss"].append(data_loss(A_L, Y, loss, positive))
        history["accuracy"].append(accuracy(A_L, Y, net.output, labels))
        if val is not None:
            A_val = net.forward(val[0], keep_cache=False, check=False)[0]
            history["val_loss"].append(data_loss(A_val, val[1], loss))
            history["val_accuracy"].append(accuracy(A_val, val[1], net.output))
        if callback is not None:
            if callback(epoch, history):
                history.stopped = True
            net.check_params(X)             # the callback may have replaced a parameter
        if stopper is not None and stopper.update(epoch, history["val_loss"][-1], net.params):
            history.stopped = True
        return history.stopped

    run = _Run(net, X, Y, loss, update, record, rng, callback is not None)
    with one_blas_thread(), np.errstate(over="ignore"):
        batch = m if batch_size is None else min(batch_size, m)
        if batch == m and not any(net.dropout):
            _full_batch(run, n_epochs)
        else:
            _mini_batch(run, n_epochs, batch, shuffle)
    if stopper is not None:
        stopper.restore(net.params)
        history.best_epoch = stopper.best_epoch
    return history


class _Run:
    """What one training run's epochs share: the network and its data, the loss, the update
    and record steps ``train`` built, the generator, and whether a callback may change the
    parameters between epochs."""

    def __init__(self, net, X, Y, loss, update, record, rng, has_callback):
        self.net, self.X, self.Y, self.loss = net, X, Y, loss
        self.update, self.record, self.rng, self.has_callback = update, record, rng, has_callback

    def forward(self, X, training=False):
        """The lean forward pass (data checked once by ``train``), cache without Z."""
        return self.net.forward(X, keep_cache=False, training=training, rng=self.rng,
                                check=False)

    def gradients(self, X, Y):
        """A training pass on one batch: forward (dropping units if the net has dropout),
        backward."""
        cache = self.forward(X, training=any(self.net.dropout))[1]
        return self.net.backward(cache, Y, self.loss, check=False)


def _full_batch(run, n_epochs):
    """The forward pass that records epoch e's loss also feeds epoch e + 1's backward pass,
    unless a callback ran in between: it may have changed the parameters."""
    _, cache = run.forward(run.X)
    for epoch in range(1, n_epochs + 1):
        run.update(run.net.backward(cache, run.Y, run.loss, check=False))
        A_L, cache = run.forward(run.X)
        if run.record(epoch, A_L):
            return
        if run.has_callback and epoch < n_epochs:
            _, cache = run.forward(run.X)


def _mini_batch(run, n_epochs, batch, shuffle):
    X, Y = run.X, run.Y
    m = X.shape[1]
    starts = range(0, m, batch)
    for epoch in range(1, n_epochs + 1):
        if shuffle:
            order = run.rng.permutation(m)
            Xs, Ys = X[:, order], Y[:, order]
        else:
            Xs, Ys = X, Y
        for start in starts:
            run.update(run.gradients(Xs[:, start:start + batch], Ys[:, start:start + batch]))
        if run.record(epoch, run.forward(X)[0]):
            return


def evaluate(net, X, Y, loss=None):
    """``(loss, accuracy)`` of ``net`` on (X, Y), the same numbers ``train`` records; ``loss``
    defaults to the output's."""
    _check_net(net)
    loss = net.check_loss(loss)
    X, Y = _check_data(net, X, Y, loss)
    A, _ = net.forward(X, keep_cache=False)
    return data_loss(A, Y, loss), accuracy(A, Y, net.output)

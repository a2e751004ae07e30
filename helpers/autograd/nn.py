"""The series' network written with the tensor engine: ``MLP``'s forward pass and losses as
operations on :class:`~helpers.autograd.tensor.Tensor`, so that ``backward`` yields the
gradients ``MLP.backward`` computes by hand (the tests check they agree to round-off)."""
import numpy as np

from .. import _validate as V
from ..network import LOSSES_FOR_OUTPUT, MLP, param_names
from .tensor import Tensor, softmax_cross_entropy

HIDDEN = ("sigmoid", "tanh", "relu", "linear")


def parameters(net):
    """The network's weights and biases as tensors that require a gradient (copies: updating
    them leaves ``net`` alone). Returns ``{"W1": Tensor, "b1": Tensor, ...}``."""
    if not isinstance(net, MLP):
        raise ValueError(f"net: expected an MLP, got {type(net).__name__}")
    return {name: Tensor(net.params[name], requires_grad=True, label=name)
            for name in param_names(net.n_layers)}


def _activate(Z, name):
    return Z if name == "linear" else getattr(Z, name)()


def network_loss(params, X, Y, activation="sigmoid", output="sigmoid", loss="bce"):
    """The averaged loss of the network whose parameters are the tensors ``params``.

    ``Z_l = W_l @ A_(l-1) + b_l`` (the bias broadcast over the m columns), ``A_l = g(Z_l)``;
    softmax with cross-entropy is one node on the logits (``softmax_cross_entropy``).
    X (n_0, m) and Y (n_L, m) are arrays. Returns a Tensor holding one number.
    """
    V.choice(activation, "activation", HIDDEN)
    V.choice(output, "output", LOSSES_FOR_OUTPUT)
    if loss not in LOSSES_FOR_OUTPUT[output]:
        raise ValueError(f"loss: expected one of {list(LOSSES_FOR_OUTPUT[output])} for "
                         f"output={output!r}, got {loss!r}")
    L = len(params) // 2
    A = Tensor(X)
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]                      # (n_l, m)
        A = _activate(Z, activation) if l < L else Z
    m = A.shape[1]
    if output == "softmax" and loss == "ce":
        return softmax_cross_entropy(A, Y)
    if output == "softmax":
        e = (A - A.data.max(axis=0, keepdims=True)).exp()
        A = e / e.sum(axis=0, keepdims=True)
    else:
        A = _activate(A, output)
    if loss == "mse":
        return ((A - Y) ** 2).sum() / (2 * m)
    return -(Y * A.log() + (1 - Y) * (1 - A).log()).sum() / m                   # bce


def gradients(net, X, Y, loss="bce"):
    """``MLP.backward``'s gradients, computed by the engine: ``{"dW1": array, ...}``."""
    params = parameters(net)
    network_loss(params, np.asarray(X, float), np.asarray(Y, float), net.activation,
                 net.output, loss).backward()
    return {f"d{name}": p.grad for name, p in params.items()}


#: document 003's neuron: inputs, weights, bias (target y = 1, cross-entropy)
NEURON_003 = {"x": (0.5, 0.3, 0.2), "w": (0.4, 0.7, 0.2), "b": 0.1}


def neuron_003():
    """Document 003's neuron as a graph of one-number tensors, every node labelled:
    ``z = x1 w1 + x2 w2 + x3 w3 + b``, ``a = sigmoid(z)``, ``L = -log(a)`` (y = 1).
    Returns ``L``; the widgets of notebook 08 draw it."""
    def leaf(value, label):                  # every leaf tracked, so the drawing shows it
        return Tensor(value, requires_grad=True, label=label)

    total = None
    for k, (x, w) in enumerate(zip(NEURON_003["x"], NEURON_003["w"]), start=1):
        product = leaf(x, f"x{k}") * leaf(w, f"w{k}")
        product.label = f"x{k}w{k}"
        total = product if total is None else total + product
        total.label = f"s{k}" if k > 1 else total.label        # s2, s3: the partial sums
    z = total + leaf(NEURON_003["b"], "b")
    a = z.sigmoid()
    log_a = a.log()
    loss = -log_a
    for node, label in ((z, "z"), (a, "a"), (log_a, "log a"), (loss, "L")):
        node.label = label
    return loss

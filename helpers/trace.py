"""A worked trace of one gradient-descent step, every number named, for a table or a figure.

The network is all-sigmoid (hidden and output) with the squared error of document 002,
``L = 1/2 sum_k (a_k - y_k)^2``, on **one** example, so nothing is averaged and each number can
be checked with a pocket calculator. Indices in the names are 1-based, as in the maths:
``z[1]_2`` is unit 2 of layer 1, ``w[2]_12`` joins unit 2 of layer 1 to unit 1 of layer 2.

Equations (column convention, layer l = 1..L)::

    z[l] = W[l] a[l-1] + b[l],   a[l] = sigma(z[l]),            a[0] = x
    delta[L] = (a[L] - y) * a[L] (1 - a[L])
    delta[l] = (W[l+1]^T delta[l+1]) * a[l] (1 - a[l])
    dW[l] = delta[l] a[l-1]^T,   db[l] = delta[l]
    W[l] <- W[l] - eta dW[l],    b[l] <- b[l] - eta db[l]  (only when biases are updated)
"""
import numpy as np

from . import _validate as V
from .activations import IN_PLACE, sigmoid

_sigmoid = IN_PLACE["sigmoid"]


def mazur_problem():
    """The 2-2-2 example of Matt Mazur's "A Step by Step Backpropagation Example" (2015):
    ``(params, x, y)`` with x = (0.05, 0.10), y = (0.01, 0.99); his learning rate is 0.5."""
    params = {"W1": np.array([[0.15, 0.20], [0.25, 0.30]]), "b1": np.array([[0.35], [0.35]]),
              "W2": np.array([[0.40, 0.45], [0.50, 0.55]]), "b2": np.array([[0.60], [0.60]])}
    return params, np.array([0.05, 0.10]), np.array([0.01, 0.99])


def _column(value, name, rows):
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr.reshape(-1, 1)
    return V.as_matrix(arr, name, rows=rows)


def _check_params(params):
    if not isinstance(params, dict) or "W1" not in params:
        raise ValueError(f"params: expected a dict with W1, b1, W2, b2, ..., got "
                         f"{type(params).__name__}")
    L = sum(1 for k in params if k.startswith("W"))
    for l in range(1, L + 1):
        W = V.as_matrix(params.get(f"W{l}"), f"params['W{l}']")
        V.same_shape(params.get(f"b{l}"), f"params['b{l}']", (W.shape[0], 1),
                     f"one bias per row of W{l}")
        if l > 1 and W.shape[1] != params[f"W{l - 1}"].shape[0]:
            raise ValueError(f"params['W{l}']: expected {params[f'W{l - 1}'].shape[0]} columns "
                             f"(the units of layer {l - 1}), got shape {W.shape}")
    return L


def loss_of(params, x, y):
    """1/2 sum (a[L] - y)^2 for one example (x, y given as 1-D or column vectors)."""
    L = _check_params(params)
    a = _column(x, "x", params["W1"].shape[1])
    return _loss(params, a, _column(y, "y", params[f"W{L}"].shape[0]), L)


def _loss(params, a, y, L):
    """loss_of without checks: a (n_0, 1) and y (n_L, 1) columns."""
    for l in range(1, L + 1):
        a = sigmoid(params[f"W{l}"] @ a + params[f"b{l}"])
    return float(0.5 * np.sum((a - y) ** 2))


def one_step(params, x, y, learning_rate=0.5, update_biases=True):
    """Forward, backward and update for one example; every intermediate value is returned.

    Parameters
    ----------
    params : dict
        ``W1 (n_1, n_0), b1 (n_1, 1), ...``; not changed.
    x : array (n_0,) or (n_0, 1);  y : array (n_L,) or (n_L, 1)
    learning_rate : float
    update_biases : bool
        False keeps every bias where it was (some textbook traces do this).

    Returns
    -------
    dict with ``z1, a1, ..., delta1, ..., dW1, db1, ..., new`` (the updated params),
    ``loss`` (before the step) and ``loss_after``.
    """
    L = _check_params(params)
    V.positive_float(learning_rate, "learning_rate")
    if not isinstance(update_biases, (bool, np.bool_)):
        raise ValueError(f"update_biases: expected True or False, got {update_biases!r}")
    a0 = _column(x, "x", params["W1"].shape[1])
    y = _column(y, "y", params[f"W{L}"].shape[0])
    out = step(params, a0, y, learning_rate, update_biases, L)
    out["loss_after"] = _loss(out["new"], a0, y, L)
    return out


def step(params, a0, y, learning_rate, update_biases, n_layers):
    """``one_step`` without its checks (and without ``loss_after``), for loops that run many
    steps on inputs checked once: a0 (n_0, 1) and y (n_L, 1) columns, L = ``n_layers``."""
    L = n_layers
    out = {"a0": a0, "n_layers": L}
    for l in range(1, L + 1):
        out[f"z{l}"] = z = params[f"W{l}"] @ out[f"a{l - 1}"] + params[f"b{l}"]
        out[f"a{l}"] = _sigmoid(z, np.empty_like(z))           # sigmoid(z), lean form
    aL = out[f"a{L}"]
    out["loss"] = float(0.5 * np.sum((aL - y) ** 2))
    delta = (aL - y) * aL * (1 - aL)
    for l in range(L, 0, -1):
        out[f"delta{l}"] = delta
        out[f"dW{l}"] = delta @ out[f"a{l - 1}"].T
        out[f"db{l}"] = delta.copy()
        if l > 1:
            a = out[f"a{l - 1}"]
            delta = (params[f"W{l}"].T @ delta) * a * (1 - a)
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = params[f"W{l}"] - learning_rate * out[f"dW{l}"]
        new[f"b{l}"] = params[f"b{l}"] - learning_rate * out[f"db{l}"] if update_biases \
            else params[f"b{l}"].copy()
    out["new"] = new
    return out


def trace_rows(params, step, learning_rate):
    """The trace as rows ``(section, quantity, value)``; ``step`` is ``one_step``'s result."""
    L = step["n_layers"]
    rows = []
    for l in range(1, L + 1):
        for j in range(step[f"z{l}"].shape[0]):
            rows.append(("forward", f"z[{l}]_{j + 1}", float(step[f"z{l}"][j, 0])))
            rows.append(("forward", f"a[{l}]_{j + 1}", float(step[f"a{l}"][j, 0])))
    rows.append(("loss", "L = 1/2 sum (a - y)^2", step["loss"]))
    for l in range(L, 0, -1):
        for j in range(step[f"delta{l}"].shape[0]):
            rows.append(("backward", f"delta[{l}]_{j + 1}", float(step[f"delta{l}"][j, 0])))
    for l in range(1, L + 1):
        W, dW, newW = params[f"W{l}"], step[f"dW{l}"], step["new"][f"W{l}"]
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                rows.append(("update", f"w[{l}]_{j + 1}{k + 1}",
                             (float(W[j, k]), float(dW[j, k]), float(newW[j, k]))))
        for j in range(W.shape[0]):
            rows.append(("update", f"b[{l}]_{j + 1}", (float(params[f"b{l}"][j, 0]),
                         float(step[f"db{l}"][j, 0]), float(step["new"][f"b{l}"][j, 0]))))
    rows.append(("loss", "L after the step", step["loss_after"]))
    return rows


def format_trace(params, x, y, learning_rate=0.5, update_biases=True):
    """The whole step as a plain-text table: forward, loss, deltas, every update."""
    step = one_step(params, x, y, learning_rate, update_biases)
    lines, section = [], None
    for sec, name, value in trace_rows(params, step, learning_rate):
        if sec != section:
            section = sec
            head = {"forward": "forward pass", "loss": "loss", "backward": "backward pass",
                    "update": f"update (learning rate {learning_rate:g}): old - rate * grad = new"}
            lines.append(f"-- {head[sec]} " + "-" * max(0, 60 - len(head[sec])))
        if isinstance(value, tuple):
            old, grad, new = value
            if name.startswith("b") and not update_biases:
                lines.append(f"{name:<10} {old:>9.6f}   frozen (its gradient {grad:.6f} is "
                             f"not applied)")
            else:
                lines.append(f"{name:<10} {old:>9.6f} - {learning_rate:g} * {grad:>10.6f}"
                             f" = {new:>9.6f}")
        else:
            lines.append(f"{name:<24} {value:>10.6f}")
    return "\n".join(lines)

"""A zoo of typical backpropagation bugs, each injected into a copy of the backward pass.

The network is document 002's kind: sigmoid hidden layers, a sigmoid output and the squared
error with its 1/2, ``L = (1/m) sum 1/2 (a - y)^2``. :func:`backward` is ``MLP.backward``
written out for that case, with a switch ``bug`` that injects one mistake. Every bug runs
without an exception (numpy even broadcasts the unsummed bias gradient into an update): only
a gradient check tells them apart from the right answer, and each leaves its own
fingerprint (which parameters fail, and by what factor).
"""
import numpy as np

from . import _validate as V
from .activations import dsigmoid_from_a
from .gradcheck import numerical_grads, rel_errors
from .network import MLP
from .portable import bound

#: bug name -> (the wrong line, the right line); "correct" injects nothing
BUGS = {
    "correct": ("(no bug)", "(no bug)"),
    "sigma' forgotten": ("dZ = W.T @ dZ", "dZ = (W.T @ dZ) * sigma'(Z_prev)"),
    "wrong transpose": ("dZ = (W @ dZ) * sigma'(Z_prev)", "dZ = (W.T @ dZ) * sigma'(Z_prev)"),
    "1/m forgotten": ("dW = dZ @ A_prev.T", "dW = dZ @ A_prev.T / m"),
    "z used where a is needed": ("dW = dZ @ Z_prev.T / m", "dW = dZ @ A_prev.T / m"),
    "bias gradient not summed": ("db = dZ / m", "db = dZ.sum(axis=1, keepdims=True) / m"),
    "sign error": ("dA = Y - A", "dA = A - Y"),
    "1/2 of MSE dropped": ("dA = 2 * (A - Y)", "dA = A - Y"),
}
#: what each bug does to the gradient check, in words
FINGERPRINTS = {
    "correct": "every parameter passes",
    "sigma' forgotten": "every layer below the output fails; the output layer is right",
    "wrong transpose": "layers below a square weight matrix fail (elsewhere numpy would raise)",
    "1/m forgotten": "every dW is m times too big; the biases pass",
    "z used where a is needed": "dW fails wherever the layer below is hidden (z exists there)",
    "bias gradient not summed": "every db has shape (n, m) instead of (n, 1)",
    "sign error": "every gradient has the wrong sign: relative error exactly 1",
    "1/2 of MSE dropped": "every gradient is twice the true one: relative error 1/3",
}


def zoo_problem(seed=0, m=4):
    """The zoo's network and data: MLP [2, 3, 3, 1] (sigmoid, LeCun's scale), m random examples."""
    net = MLP([2, 3, 3, 1], activation="sigmoid", output="sigmoid", init="lecun", seed=seed)
    rng = np.random.default_rng(V.seed(seed))
    X = rng.standard_normal((2, m))                                   # (2, m)
    Y = (rng.random((1, m)) < 0.5).astype(float)                      # (1, m)
    return net, X, Y


def _check_net(net):
    if getattr(net, "activation", None) != "sigmoid" or getattr(net, "output", None) != "sigmoid":
        raise ValueError(f"net: expected an MLP with activation='sigmoid' and output='sigmoid' "
                         f"(the bug zoo's backward is written for them), got {net!r}")


def backward(net, cache, Y, bug="correct"):
    """Gradients of the averaged squared error, with one bug injected.

    Parameters
    ----------
    net : MLP with sigmoid hidden layers and a sigmoid output
    cache : dict from ``net.forward(X)``
    Y : array (n_L, m)
    bug : one of ``BUGS``

    Returns
    -------
    dict ``dW1, db1, ...`` (shapes as the parameters', except where the bug changes them)
    """
    V.choice(bug, "bug", BUGS)
    _check_net(net)
    L, params = net.n_layers, net.params
    A_L = cache[f"A{L}"]
    Y = V.as_matrix(Y, "Y")
    V.same_shape(Y, "Y", A_L.shape, "the network's output")
    m = Y.shape[1]
    dA = Y - A_L if bug == "sign error" else A_L - Y                    # (n_L, m)
    if bug == "1/2 of MSE dropped":
        dA = 2 * dA                  # d/da of (a - y)^2, but the loss has 1/2 (a - y)^2
    dZ = dA * dsigmoid_from_a(A_L)                                      # (n_L, m)
    grads = {}
    for l in range(L, 0, -1):
        below = cache[f"Z{l - 1}"] if bug == "z used where a is needed" and l > 1 \
            else cache[f"A{l - 1}"]
        grads[f"dW{l}"] = dZ @ below.T if bug == "1/m forgotten" else dZ @ below.T / m
        grads[f"db{l}"] = dZ / m if bug == "bias gradient not summed" \
            else dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            W = params[f"W{l}"]
            # W @ dZ only runs when W is square; elsewhere numpy raises at once
            back = W @ dZ if bug == "wrong transpose" and W.shape[0] == W.shape[1] else W.T @ dZ
            dZ = back if bug == "sigma' forgotten" else back * dsigmoid_from_a(cache[f"A{l - 1}"])
    return {k: grads[k] for k in sorted(grads, key=lambda k: (int(k[2:]), k[1] != "W"))}


def check(net, X, Y, bug="correct", tol=1e-7, numeric=None):
    """Gradient-check the backward pass with ``bug`` injected.

    Returns ``(ok, rows)``; each row is a dict ``name, rel_error, index, analytic, numeric,
    ratio, shape_ok, ok``. A gradient of the wrong shape gets ``rel_error = inf``.
    ``numeric`` (the centred-difference gradients) can be passed in to save recomputing it.
    """
    _, cache = net.forward(X)
    grads = backward(net, cache, Y, bug)
    if numeric is None:
        numeric = numerical_grads(net, X, Y, loss="mse")
    rows = []
    for name, n in numeric.items():
        a = grads[name]
        row = {"name": name, "shape_ok": a.shape == n.shape, "got_shape": a.shape,
               "want_shape": n.shape}
        if row["shape_ok"]:
            err = rel_errors(a, n)
            idx = np.unravel_index(int(np.argmax(err)), err.shape)
            row.update(rel_error=float(err[idx]), index=tuple(int(i) for i in idx),
                       analytic=float(a[idx]), numeric=float(n[idx]),
                       ratio=float(a[idx] / n[idx]) if n[idx] != 0 else float("nan"))
        else:
            row.update(rel_error=float("inf"), index=None, analytic=float("nan"),
                       numeric=float("nan"), ratio=float("nan"))
        row["ok"] = row["rel_error"] < tol
        rows.append(row)
    return all(r["ok"] for r in rows), rows


def format_report(rows):
    """``name | max rel. error | analytic / numeric | ok``, wrong shapes said in words."""
    lines = [f"{'name':<5} | {'max rel. error':>14} | {'analytic / numeric':>18} | ok"]
    for r in rows:
        if not r["shape_ok"]:
            lines.append(f"{r['name']:<5} | {'wrong shape':>14} | "
                         f"{str(r['got_shape']) + ' vs ' + str(r['want_shape']):>18} | FAIL")
            continue
        err = r["rel_error"]
        err = bound(err, style="power") if err < 1e-3 else f"{err:.3f}"
        ratio = "" if not np.isfinite(r["ratio"]) else f"{r['ratio']:.3f}"
        lines.append(f"{r['name']:<5} | {err:>14} | {ratio:>18} | {'ok' if r['ok'] else 'FAIL'}")
    return "\n".join(lines)


def failing(rows):
    """Names of the parameters whose check failed."""
    return [r["name"] for r in rows if not r["ok"]]

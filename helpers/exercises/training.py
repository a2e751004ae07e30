"""Notebook 05's exercises: the momentum update, and one mini-batch SGD step of a 2-layer net."""
import numpy as np

from ..activations import dsigmoid, sigmoid
from . import Feedback, correct, diagnose, not_attempted, run_cases, wrong

_RNG = np.random.default_rng(5)
_W = [_RNG.standard_normal((3, 2)), _RNG.standard_normal((4,))]
_V = [_RNG.standard_normal((3, 2)), _RNG.standard_normal((4,))]
_G = [_RNG.standard_normal((3, 2)), _RNG.standard_normal((4,))]


def reference_momentum_step(w, v, g, learning_rate, beta):
    """v <- beta v + g;  w <- w - learning_rate v.  Returns (w, v) as new arrays."""
    v_new = beta * v + g
    return w - learning_rate * v_new, v_new


def check_momentum_step(momentum_step):
    """Check ``momentum_step(w, v, g, learning_rate, beta) -> (w_new, v_new)``."""
    def stacked(*args):
        out = momentum_step(*args)
        if out is None:
            return None
        if not isinstance(out, tuple) or len(out) != 2:
            raise ValueError(f"return the pair (w_new, v_new), got {type(out).__name__}")
        return np.stack([np.asarray(out[0], dtype=float), np.asarray(out[1], dtype=float)])

    cases = []
    for w, v, g in zip(_W, _V, _G):
        lr, beta = 0.1, 0.9
        ref = np.stack(reference_momentum_step(w, v, g, lr, beta))
        ema = beta * v + (1 - beta) * g
        mistakes = [
            (np.stack([w - lr * g, beta * v + g]),
             "w moved by the raw gradient g: the step uses the new velocity, w - lr v"),
            (np.stack([w - lr * v, beta * v + g]),
             "w moved with the old velocity: update v first, then w - lr v_new"),
            (np.stack([w + lr * (beta * v + g), beta * v + g]),
             "wrong sign: step against the velocity, w - lr v"),
            (np.stack([w - lr * (v + g), v + g]),
             "beta is missing: v = beta v + g (without it old gradients never fade)"),
            (np.stack([w - lr * ema, ema]),
             "you wrote the averaging form v = beta v + (1 - beta) g; this notebook uses "
             "v = beta v + g (the same up to a rescaled learning rate)"),
            (np.stack([w - lr * (beta * v - lr * g), beta * v - lr * g]),
             "the learning rate appears twice: v = beta v + g, then w - lr v"),
        ]
        cases.append(((w, v, g, lr, beta), ref, mistakes))
    return run_cases(stacked, cases, "momentum_step")


def _case(seed, m):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1)),
              "W2": rng.standard_normal((1, 3)), "b2": rng.standard_normal((1, 1))}
    X = rng.standard_normal((2, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    return params, X, Y


def _step(params, X, Y, lr, *, inv_m=True, sigma_prime=True, sign=-1.0, z_for_a=False):
    """The reference step, and (with the flags) the typical wrong ones."""
    m = X.shape[1] if inv_m else 1
    Z1 = params["W1"] @ X + params["b1"]
    A1 = sigmoid(Z1)
    A2 = sigmoid(params["W2"] @ A1 + params["b2"])
    dZ2 = A2 - Y
    grads = {"W2": dZ2 @ (Z1 if z_for_a else A1).T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m}
    dZ1 = params["W2"].T @ dZ2 * (dsigmoid(Z1) if sigma_prime else 1.0)
    grads["W1"] = dZ1 @ X.T / m
    grads["b1"] = dZ1.sum(axis=1, keepdims=True) / m
    return {k: params[k] + sign * lr * grads[k] for k in params}


MISTAKES = [
    (dict(inv_m=False), "the gradient is summed over the batch, not averaged: divide by m "
                        "(the number of examples in the batch)"),
    (dict(sigma_prime=False), "dZ1 lacks the factor sigma'(Z1) = A1 (1 - A1)"),
    (dict(sign=+1.0), "wrong sign: gradient descent subtracts, W - learning_rate dW"),
    (dict(z_for_a=True), "dW2 uses Z1 where A1 is needed: dW2 = dZ2 A1^T / m"),
]


def reference_sgd_step(params, X, Y, learning_rate):
    """One step of a 2-layer sigmoid net with bce on the batch (X, Y); returns new params."""
    return _step(params, X, Y, learning_rate)


def check_sgd_step(sgd_step):
    """Check ``sgd_step(params, X_batch, Y_batch, learning_rate) -> new params dict``."""
    for i, (seed, m) in enumerate(((0, 4), (1, 7), (2, 1)), start=1):
        params, X, Y = _case(seed, m)
        expected = _step(params, X, Y, 0.5)
        try:
            got = sgd_step({k: v.copy() for k, v in params.items()}, X.copy(), Y.copy(), 0.5)
        except Exception as exc:                          # the student's bug, reported
            hint = (": check the shapes, each gradient has the shape of its parameter (dW1 "
                    "like W1: dZ1 @ X.T)" if "broadcast" in str(exc) else "")
            return wrong(f"sgd_step: your function raised {type(exc).__name__}: {exc}{hint} "
                         f"(test case {i} of 3)")
        if got is None:
            return not_attempted("sgd_step")
        if not isinstance(got, dict) or set(got) != set(expected):
            return wrong(f"sgd_step: return a dict with keys W1, b1, W2, b2, got "
                         f"{sorted(got) if isinstance(got, dict) else type(got).__name__}")
        for name in ("W2", "b2", "W1", "b1"):
            known = [(_step(params, X, Y, 0.5, **flags)[name], text) for flags, text in MISTAKES]
            problem = diagnose(got[name], expected[name], name, known)
            if problem:
                return wrong(f"sgd_step: {problem} (test case {i} of 3, batch of {m})")
    return correct("sgd_step matches the reference on 3 batches (sizes 4, 7 and 1).")


__all__ = ["check_momentum_step", "check_sgd_step", "reference_momentum_step",
           "reference_sgd_step", "Feedback"]

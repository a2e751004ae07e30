"""Notebook 05's exercises: the momentum update, and one mini-batch SGD step of a 2-layer net."""
import numpy as np

from ..activations import dsigmoid, sigmoid
from . import Alternative, Case, Feedback, Mistake, check


def _momentum_case(seed, shape, learning_rate, beta, label):
    rng = np.random.default_rng(seed)              # each case from its own seed
    w, v, g = (rng.standard_normal(shape) for _ in range(3))
    return Case((w, v, g, learning_rate, beta), label=label)


#: learning rates other than 1 - beta: with learning_rate = 1 - beta the averaging form
#: (v = beta v + (1 - beta) g) equals v = beta v + learning_rate g and could not be told apart
_MOMENTUM_CASES = [_momentum_case(5, (3, 2), 0.3, 0.9, "a 3-by-2 weight matrix"),
                   _momentum_case(6, (4,), 0.05, 0.8, "a vector of 4 weights")]


def reference_momentum_step(w, v, g, learning_rate, beta):
    """v <- beta v + g;  w <- w - learning_rate v.  Returns (w, v) as new arrays."""
    v_new = beta * v + g
    return w - learning_rate * v_new, v_new


_MOMENTUM_MISTAKES = [
    Mistake("raw_gradient", lambda w, v, g, lr, b: (w - lr * g, b * v + g),
            message="w moved by the raw gradient g: the step uses the new velocity, w - lr v"),
    Mistake("old_velocity", lambda w, v, g, lr, b: (w - lr * v, b * v + g),
            message="w moved with the old velocity: update v first, then w - lr v_new"),
    Mistake("sign", lambda w, v, g, lr, b: (w + lr * (b * v + g), b * v + g),
            why="step against the velocity, w - lr v"),
    Mistake("missing_beta", lambda w, v, g, lr, b: (w - lr * (v + g), v + g),
            message="beta is missing: v = beta v + g (without it old gradients never fade)"),
    Mistake("averaging_form", lambda w, v, g, lr, b: (w - lr * (b * v + (1 - b) * g),
                                                      b * v + (1 - b) * g),
            message="you wrote the averaging form v = beta v + (1 - beta) g; this notebook uses "
                    "v = beta v + g (the same up to a rescaled learning rate)"),
    Mistake("lr_twice", lambda w, v, g, lr, b: (w - lr * (b * v - lr * g), b * v - lr * g),
            message="the learning rate appears twice: v = beta v + g, then w - lr v"),
    Mistake("lr_twice", lambda w, v, g, lr, b: (w - lr * (b * v + lr * g), b * v + lr * g),
            message="the learning rate appears twice: v = beta v + g, then w - lr v (or, "
                    "keeping the rate in v, v = beta v + lr g, then w - v)"),
    Mistake("missing_lr", lambda w, v, g, lr, b: (w - (b * v + g), b * v + g),
            formula="w - learning_rate * v"),
]


#: the other common conventions, right too: the velocity holds the step itself
#: (v = beta v - lr g, w = w + v; its v is -lr times the series' v), or the rate times the
#: series' v (v = beta v + lr g, w = w - v)
_MOMENTUM_ALTERNATIVES = [
    Alternative(lambda w, v, g, lr, b: (w + (b * v - lr * g), b * v - lr * g),
                note="v = beta v - learning_rate g, w = w + v keeps the step in v (its v is "
                     "-learning_rate times this series' v); the series writes v = beta v + g, "
                     "w = w - learning_rate v, so its velocities and plots read that way"),
    Alternative(lambda w, v, g, lr, b: (w - (b * v + lr * g), b * v + lr * g),
                note="v = beta v + learning_rate g, w = w - v keeps the learning rate in v (its "
                     "v is learning_rate times this series' v; the two agree while the rate "
                     "stays fixed); the series writes v = beta v + g, w = w - learning_rate v, "
                     "so its velocities and plots read that way"),
]


def check_momentum_step(momentum_step):
    """Check ``momentum_step(w, v, g, learning_rate, beta) -> (w_new, v_new)``.

    The other common conventions (v = beta v - lr g, w = w + v; v = beta v + lr g, w = w - v)
    are accepted, with a note on the series' convention."""
    return check(momentum_step, _MOMENTUM_CASES, "momentum_step", reference_momentum_step,
                 _MOMENTUM_MISTAKES, returns=("w_new", "v_new"),
                 factors=("the learning rate",), alternatives=_MOMENTUM_ALTERNATIVES)


def _case(seed, m):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1)),
              "W2": rng.standard_normal((1, 3)), "b2": rng.standard_normal((1, 1))}
    X = rng.standard_normal((2, m))
    Y = (rng.random((1, m)) > 0.5).astype(float)
    Y[0, 0] = 1.0 - Y[0, -1] if m > 1 else Y[0, 0]      # both labels in every batch of 2+
    return Case((params, X, Y, 0.5), label=f"a batch of {m} example{'s' * (m > 1)}",
                show=("X_batch", "Y_batch", "learning_rate"))


def _step(params, X, Y, lr, *, inv_m=True, slope="z", sign=-1.0, prev2="A1", out_slope=False,
          keepdims=True, m_twice=False, hidden=sigmoid, new_w2=False):
    """The reference step, and (with the keywords) the typical wrong ones."""
    m = X.shape[1] if inv_m else 1
    m = m * X.shape[1] if m_twice else m
    Z1 = params["W1"] @ X + params["b1"]
    A1 = hidden(Z1)
    A2 = sigmoid(params["W2"] @ A1 + params["b2"])
    dZ2 = (A2 - Y) * (A2 * (1 - A2) if out_slope else 1.0)
    grads = {"W2": dZ2 @ {"A1": A1, "Z1": Z1, "A2": A2, "X": X}[prev2].T / m,
             "b2": dZ2.sum(axis=1, keepdims=True) / m}
    factor = {"z": dsigmoid(Z1), "none": 1.0, "z(1-z)": Z1 * (1 - Z1), "a": dsigmoid(A1),
              "tanh": 1 - A1 ** 2, "a(1-a)": A1 * (1 - A1)}[slope]
    W2_back = params["W2"] + sign * lr * grads["W2"] if new_w2 else params["W2"]
    dZ1 = W2_back.T @ dZ2 * factor
    grads["W1"] = dZ1 @ X.T / m
    grads["b1"] = dZ1.sum(axis=1, keepdims=keepdims) / m
    return {k: params[k] + sign * lr * grads[k] for k in params}


def _one_at_a_time(params, X, Y, lr):
    """The update made inside a loop over the examples (each example's step moves the
    parameters the next one sees), each step scaled by 1/m: m small steps, not one."""
    params = {k: v.copy() for k, v in params.items()}
    m = X.shape[1]
    for i in range(m):
        params = _step(params, X[:, i:i + 1], Y[:, i:i + 1], lr / m)
    return params


def _mistake(key, flags, **words):
    return Mistake(key, lambda p, X, Y, lr: _step(p, X, Y, lr, **flags), **words)


MISTAKES = [
    _mistake("missing_1/m", dict(inv_m=False),
             message="the gradient is summed over the batch, not averaged: divide by m (the "
                     "number of examples in the batch)"),
    _mistake("missing_sigma_prime", dict(slope="none"),
             formula="dZ1 = (W2.T @ dZ2) * sigma'(Z1), sigma'(Z1) = A1 (1 - A1)"),
    _mistake("doubled_1/m", dict(m_twice=True),
             message="divided by m twice: the 1/m is applied once, in dW and db (dividing dZ2 "
                     "by m as well, or np.mean and then / m, divides again)"),
    _mistake("tanh_for_sigmoid", dict(hidden=np.tanh, slope="tanh"),
             where="this network's hidden layer uses", formula="A1 = σ(Z1), whose slope is "
             "A1 (1 - A1), not 1 - A1**2"),
    _mistake("tanh_for_sigmoid", dict(hidden=np.tanh, slope="a(1-a)"),
             where="this network's hidden layer uses", formula="A1 = σ(Z1)"),
    _mistake("sign", dict(sign=+1.0), why="gradient descent subtracts, W - learning_rate dW"),
    _mistake("z_for_a", dict(prev2="Z1"), z="Z1", a="A1", formula="dW2 = dZ2 A1^T / m"),
    _mistake("wrong_layer", dict(prev2="A2"), used="A2", needed="A1",
             formula="dW2 = dZ2 A1^T / m"),
    _mistake("z_one_minus_z", dict(slope="z(1-z)")),
    _mistake("sigma_prime_of_a", dict(slope="a")),
    _mistake("extra_sigma_prime", dict(out_slope=True),
             why="with a sigmoid output and cross-entropy, dZ2 = A2 - Y already"),
    _mistake("missing_keepdims", dict(keepdims=False),
             message="keepdims is missing in db1: the sum has shape (3,), and b1 - lr db1 "
                     "broadcasts (3, 1) against (3,) into (3, 3); use keepdims=True"),
    Mistake("missing_lr", lambda p, X, Y, lr: _step(p, X, Y, 1.0),
            formula="W - learning_rate * dW"),
    _mistake("updated_W2_backward", dict(new_w2=True),
             message="dZ1 was carried back through the updated W2: compute every gradient "
                     "from the old parameters first, then update them all"),
    Mistake("update_per_example", _one_at_a_time,
            message="the parameters move inside the loop over the examples, so later examples "
                    "see changed weights: add up the gradients over the batch, then make one "
                    "update"),
    Mistake("returned_gradients",
            lambda p, X, Y, lr: {k: (p[k] - _step(p, X, Y, lr)[k]) / lr for k in p},
            message="these are the gradients dW1, db1, dW2, db2: return the updated "
                    "parameters, W1 - learning_rate * dW1 and so on"),
    Mistake("biases_not_updated",
            lambda p, X, Y, lr: {k: p[k] if k.startswith("b") else v
                                 for k, v in _step(p, X, Y, lr).items()},
            message="the biases are not updated: b1 and b2 take a step too, "
                    "b - learning_rate * db"),
]


def reference_sgd_step(params, X_batch, Y_batch, learning_rate):
    """One step of a 2-layer sigmoid net with bce on the batch (X, Y); returns new params."""
    return _step(params, X_batch, Y_batch, learning_rate)


def check_sgd_step(sgd_step):
    """Check ``sgd_step(params, X_batch, Y_batch, learning_rate) -> new params dict``."""
    cases = [_case(0, 4), _case(1, 7), _case(2, 1)]
    return check(sgd_step, cases, "sgd_step", reference_sgd_step, MISTAKES,
                 keys=("W1", "b1", "W2", "b2"), m=lambda p, X, *rest: X.shape[1],
                 factors=("1/m", "the learning rate"),
                 what="sgd_step matches the reference on 3 batches (sizes 4, 7 and 1).")


__all__ = ["check_momentum_step", "check_sgd_step", "reference_momentum_step",
           "reference_sgd_step", "Feedback"]

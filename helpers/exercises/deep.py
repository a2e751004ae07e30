"""Notebook 07's exercises: the weight scale that keeps a deep network's signal alive, and
clipping a gradient by its norm. Both run on the shared diagnosis layer (``check``)."""
import numpy as np

from . import Case, Mistake, check

#: the activations the first exercise covers, and E[g(z)^2] / E[z^2] near the start: the
#: share of the signal's second moment each one passes on (ReLU zeroes half of it)
GAIN = {"relu": 0.5, "tanh": 1.0, "linear": 1.0}


def reference_weight_std(fan_in, activation):
    """sqrt(1 / (fan_in * GAIN[activation])): He's sqrt(2 / n) for ReLU, LeCun's sqrt(1 / n)
    for tanh and the identity."""
    return float(np.sqrt(1.0 / (fan_in * GAIN[activation])))


_STD_CASES = [Case((64, "relu"), label="a ReLU layer with 64 inputs"),
              Case((100, "tanh"), label="a tanh layer with 100 inputs"),
              Case((10, "linear"), label="a linear layer with 10 inputs"),
              Case((300, "relu"), label="a ReLU layer with 300 inputs")]

_STD_MISTAKES = [
    Mistake("no_sqrt", lambda n, act: 1.0 / (n * GAIN[act]),
            "that is the variance: the standard deviation is its square root"),
    *(Mistake("sqrt_n", answer, "the fan-in belongs in the denominator: a layer sums n "
                                "terms, so each weight must shrink as n grows")
      for answer in (lambda n, act: np.sqrt(n * GAIN[act]), lambda n, act: np.sqrt(n))),
    Mistake("one_over_n", lambda n, act: 1.0 / n,
            "1/n shrinks too fast: Var z = n Var w E[a^2] asks for Var w = 1/n, so std = "
            "1/sqrt(n)"),
    Mistake("small", lambda n, act: 0.01,
            "0.01 is document 000's scale: it ignores the fan-in, and a deep network's "
            "signal then shrinks at every layer"),
    Mistake("lecun_for_relu", lambda n, act: np.sqrt(1.0 / n),
            "ReLU zeroes half of its inputs, so E[a^2] = Var z / 2: the variance needs a "
            "factor 2 (He), std = sqrt(2 / n)"),
    Mistake("he_for_all", lambda n, act: np.sqrt(2.0 / n),
            "the factor 2 is for ReLU only: tanh and the identity pass on all of Var z near "
            "0, so std = sqrt(1 / n) (LeCun)"),
]


def check_weight_std(weight_std):
    """Check ``weight_std(fan_in, activation) -> float``."""
    return check(weight_std, _STD_CASES, "weight_std", reference_weight_std, _STD_MISTAKES,
                 number=True, what="weight_std gives He's and LeCun's scales")


def reference_clip_by_norm(grads, max_norm):
    """Every array times min(1, max_norm / norm), norm the length of all entries together."""
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    factor = min(1.0, max_norm / norm)
    return {name: g * factor for name, g in grads.items()}


def _per_array(grads, max_norm):
    return {k: g * min(1.0, max_norm / np.sqrt(np.sum(g ** 2))) for k, g in grads.items()}


def _always(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {k: g * max_norm / norm for k, g in grads.items()}


def _squared(grads, max_norm):
    norm2 = sum(np.sum(g ** 2) for g in grads.values())
    return {k: g * min(1.0, max_norm / norm2) for k, g in grads.items()}


def _inverted(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {k: g * (norm / max_norm if norm > max_norm else 1.0) for k, g in grads.items()}


_CLIP_MISTAKES = [
    Mistake("elementwise", lambda g, c: {k: np.clip(v, -c, c) for k, v in g.items()},
            "np.clip caps each entry separately and turns the step's direction: rescale "
            "every array by one factor, max_norm / norm"),
    Mistake("per_array", _per_array,
            "each array was clipped by its own norm: clip by the norm of ALL the entries "
            "together, so the step keeps its direction"),
    Mistake("always", _always,
            "a gradient shorter than max_norm must be left as it is: the factor is "
            "min(1, max_norm / norm)"),
    Mistake("squared", _squared,
            "you divided by the squared norm: the norm is the square root of the sum of "
            "squares"),
    Mistake("inverted", _inverted,
            "the factor is upside down: multiply by max_norm / norm (< 1), not norm / max_norm"),
]


def _grads(seed, scale):
    rng = np.random.default_rng(seed)
    return {"dW1": scale * rng.standard_normal((3, 2)), "db1": scale * rng.standard_normal((3, 1)),
            "dW2": scale * rng.standard_normal((1, 3)), "db2": scale * rng.standard_normal((1, 1))}


def _clip_case(seed, scale, max_norm):
    grads = _grads(seed, scale)
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    kind = "long" if norm > max_norm else "short"
    return Case((grads, max_norm), label=f"a {kind} gradient (norm {norm:.2f}), max_norm "
                                         f"{max_norm:g}")


_CLIP_CASES = [_clip_case(0, 2.0, 1.0), _clip_case(1, 0.1, 1.0), _clip_case(2, 10.0, 5.0)]


def check_clip_by_norm(clip_by_norm):
    """Check ``clip_by_norm(grads, max_norm) -> new dict`` (``grads`` left unchanged)."""
    return check(clip_by_norm, _CLIP_CASES, "clip_by_norm", reference_clip_by_norm,
                 _CLIP_MISTAKES, keys=("dW1", "db1", "dW2", "db2"))


__all__ = ["check_weight_std", "check_clip_by_norm", "reference_weight_std",
           "reference_clip_by_norm"]

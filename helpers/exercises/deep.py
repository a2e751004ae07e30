"""Notebook 07's exercises: the weight scale that keeps a deep network's signal alive,
clipping a gradient by its norm, and the backward pass of batch normalisation. All run on the
shared diagnosis layer (``check``), which never raises whatever the student passes."""
import numpy as np

from ..normalisation import _denormalise
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
    Mistake("sqrt_2n", lambda n, act: np.sqrt(n / GAIN[act]),
            "sqrt(2 n) has the fan-in in the numerator: the variance He's argument asks for is "
            "2 / n, which shrinks as a layer sums more terms, so std = sqrt(2 / n)"),
    Mistake("sqrt_1_over_2n", lambda n, act: np.sqrt(GAIN[act] / n),
            "sqrt(1 / (2 n)) has the factor 2 upside down: ReLU passes on only half of Var z, "
            "so the weights need twice the variance, not half: std = sqrt(2 / n)"),
    Mistake("2_over_sqrt_n", lambda n, act: (1.0 / GAIN[act]) / np.sqrt(n),
            "2 / sqrt(n) takes the 2 out of the square root: the variance is 2 / n, so the "
            "standard deviation is sqrt(2) / sqrt(n) = sqrt(2 / n)"),
    *(Mistake("tanh_gain", (lambda n, act, g=g: g / np.sqrt(n) if act == "tanh"
                            else reference_weight_std(n, act)),
              "that is tanh's gain (1.59, or PyTorch's 5/3), which keeps Var z = 1 beyond the "
              "linear regime; this exercise asks for the scale near z = 0, where tanh z is "
              "about z: LeCun's sqrt(1 / n)")
      for g in (1.0 / np.sqrt(0.394294490397841), 1.0 / np.sqrt(0.394), 1.59, 1.6, 5.0 / 3.0)),
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


def _sum_of_norms(grads, max_norm):
    norm = sum(np.sqrt(np.sum(g ** 2)) for g in grads.values())
    return {k: g * min(1.0, max_norm / norm) for k, g in grads.items()}


def _weights_only(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for k, g in grads.items() if k.startswith("dW")))
    return {k: g * min(1.0, max_norm / norm) for k, g in grads.items()}


def _max_for_min(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {k: g * max(1.0, max_norm / norm) for k, g in grads.items()}


_CLIP_MISTAKES += [
    Mistake("sum_of_norms", _sum_of_norms,
            "the norm is not the sum of each array's norm (that is longer than the whole "
            "vector): square every entry of every array, add them all, then take one square "
            "root"),
    Mistake("weights_only", _weights_only,
            "the biases were left out of the norm: the gradient is all of dW1, db1, dW2, db2 "
            "as one long vector"),
    Mistake("max_for_min", _max_for_min,
            "max(1, max_norm / norm) never shrinks anything: the long gradient comes back "
            "unclipped (and a short one is stretched); the factor is min(1, max_norm / norm)"),
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


# ------------------------------------------------------- batch normalisation, backward
def reference_batch_norm_backward(dout, xhat, gamma, s):
    """``(dZ, dgamma, dbeta)``: dZ = (dxhat - mean(dxhat) - xhat mean(dxhat xhat)) / s with
    dxhat = gamma dout, the means over the batch (axis 1); dgamma = sum(dout xhat), dbeta =
    sum(dout) over the batch, each (n, 1)."""
    return _denormalise(dout, {"xhat": xhat, "s": s, "gamma": gamma, "kind": "batch"})


def _bn_variant(mean_path=True, var_path=True, gamma=True, one_over_m=True, m_outside=False):
    def answer(dout, xhat, gamma_, s):
        dxhat = (gamma_ if gamma else 1.0) * dout
        avg = ((lambda a: a.mean(axis=1, keepdims=True)) if one_over_m
               else (lambda a: a.sum(axis=1, keepdims=True)))
        dZ = dxhat - (avg(dxhat) if mean_path else 0) - (xhat * avg(dxhat * xhat)
                                                           if var_path else 0)
        dZ = dZ / s / (dout.shape[1] if m_outside else 1)
        _, dgamma, dbeta = reference_batch_norm_backward(dout, xhat, gamma_, s)
        return dZ, dgamma, dbeta
    return answer


def _bn_case(seed, n, m):
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, m)) * 1.5 + 0.5
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    s = np.sqrt(var + 1e-5)
    gamma = rng.uniform(0.5, 2.0, (n, 1))
    return Case((rng.standard_normal((n, m)), (Z - mu) / s, gamma, s),
                label=f"{n} units, a batch of {m}")


_BN_CASES = [_bn_case(0, 3, 5), _bn_case(1, 2, 8), _bn_case(2, 4, 3)]

_BN_MISTAKES = [
    Mistake("gamma_left_out", _bn_variant(gamma=False),
            "gamma is left out: the loss reaches xhat through u = gamma xhat + beta, so "
            "dxhat = gamma * dout comes first"),
    Mistake("mean_path_forgotten", _bn_variant(mean_path=False),
            "the mean's path is missing: every z moves mu by 1/m, which gives the term "
            "- mean(dxhat) (dZ must sum to 0 over the batch)"),
    Mistake("variance_path_forgotten", _bn_variant(var_path=False),
            "the variance's path is missing: every z moves the variance by 2 (z - mu) / m, "
            "which gives the term - xhat * mean(dxhat * xhat)"),
    Mistake("both_paths_forgotten", _bn_variant(mean_path=False, var_path=False),
            "only the direct path is there (dxhat / s): mu and the variance depend on every z "
            "too; add the mean's path and the variance's"),
    Mistake("sums_not_means", _bn_variant(one_over_m=False),
            "the 1/m is missing inside: the two correction terms are means over the batch, "
            "mean(dxhat) and mean(dxhat * xhat), not sums"),
    Mistake("one_over_m_outside", _bn_variant(m_outside=True),
            "the 1/m is misplaced: it belongs to the two correction terms only (they are "
            "means), not to the whole of dZ"),
    Mistake("dgamma_without_xhat",
            lambda dout, xhat, g, s: (reference_batch_norm_backward(dout, xhat, g, s)[0],
                                      dout.sum(axis=1, keepdims=True),
                                      dout.sum(axis=1, keepdims=True)),
            "dgamma is sum(dout * xhat) over the batch: gamma multiplies xhat"),
]


def check_batch_norm_backward(batch_norm_backward):
    """Check ``batch_norm_backward(dout, xhat, gamma, s) -> (dZ, dgamma, dbeta)``."""
    return check(batch_norm_backward, _BN_CASES, "batch_norm_backward",
                 reference_batch_norm_backward, _BN_MISTAKES, returns=("dZ", "dgamma", "dbeta"),
                 what="batch_norm_backward gives dZ, dgamma and dbeta")


__all__ = ["check_weight_std", "check_clip_by_norm", "check_batch_norm_backward",
           "reference_weight_std", "reference_clip_by_norm", "reference_batch_norm_backward"]

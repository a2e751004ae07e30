"""Notebook 04's exercises: the numbers of a small backward pass by hand, and the backward
pass of one layer. Each checker names the mistake it recognises."""
import numpy as np

from ..activations import dsigmoid, dsigmoid_from_a, sigmoid
from . import (
    NOT_ATTEMPTED,
    Case,
    Feedback,
    Mistake,
    call_student,
    check,
    compare,
    correct,
    never_raises,
    not_attempted,
    wrong,
)

# ---------------------------------------------------------------- exercise 1: by hand
#: the 2-1-1 network of exercise 1 (sigmoid units, binary cross-entropy, one example). The
#: numbers are chosen so that every quantity differs from every other (z1 != z2, a1 != a2,
#: dz1 != dz2, x1 != x2, the dW entries all distinct): the wrong layer's value never passes.
SMALL = {"x": np.array([[1.5], [-0.5]]), "y": 1.0, "W1": np.array([[0.8, -0.4]]),
         "b1": 0.2, "W2": 1.2, "b2": -0.3}
ORDER = ("z1", "a1", "z2", "a2", "loss", "dz2", "dW2", "db2", "dz1", "dW1", "db1")


def small_backward():
    """Every number of exercise 1, computed: the reference the checker compares with."""
    s = SMALL
    z1 = (s["W1"] @ s["x"]).item() + s["b1"]
    a1 = float(sigmoid(z1))
    z2 = s["W2"] * a1 + s["b2"]
    a2 = float(sigmoid(z2))
    dz2 = a2 - s["y"]
    dz1 = s["W2"] * dz2 * float(dsigmoid(z1))
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": float(-np.log(a2)), "dz2": dz2,
            "dW2": dz2 * a1, "db2": dz2, "dz1": dz1, "dW1": dz1 * s["x"].T, "db1": dz1}


def _small_mistakes(r):
    s, x = SMALL, SMALL["x"].T
    back = s["W2"] * r["dz2"]                                   # what reaches a1
    return {
        "z1": [((s["W1"] @ s["x"]).item(), "the bias b1 is missing: z1 = W1 x + b1"),
               ((s["W1"] @ s["x"][::-1]).item() + s["b1"], "x1 and x2 are swapped: z1 = "
                                                           "w11 x1 + w12 x2 + b1")],
        "a1": [(r["z1"], "a1 = σ(z1): apply the sigmoid"),
               (np.tanh(r["z1"]), "that is tanh(z1): the units are sigmoids")],
        "z2": [(s["W2"] * r["z1"] + s["b2"], "z1 used where a1 is needed: z2 = W2 a1 + b2"),
               (s["W2"] * r["a1"], "the bias b2 is missing: z2 = W2 a1 + b2")],
        "a2": [(r["z2"], "a2 = σ(z2): apply the sigmoid")],
        "loss": [(-np.log10(r["a2"]), "that is log10: the loss uses the natural log, np.log"),
                 (np.log(r["a2"]), "the loss is -log(a2) for y = 1 (a minus sign is missing)"),
                 (-np.log(r["a1"]), "a1 used where a2 is needed: the loss is -log(a2)")],
        "dz2": [(r["dz2"] * r["a2"] * (1 - r["a2"]),
                 "with a sigmoid output and cross-entropy, sigma' cancels: dz2 = a2 - y"),
                (r["a1"] - s["y"], "a1 used where a2 is needed: dz2 = a2 - y")],
        "dW2": [(r["dz2"] * r["z1"], "z1 used where a1 is needed: dW2 = dz2 * a1"),
                (r["dz2"] * r["a2"], "a2 used where a1 is needed (the wrong layer's value): "
                                     "dW2 = dz2 * a1"),
                (r["dz2"], "the factor a1 is missing: dW2 = dz2 * a1")],
        "db2": [(r["dz2"] * r["a1"], "the bias's input is the constant 1: db2 = dz2, "
                                     "not dz2 * a1")],
        "dz1": [(back, "sigma'(z1) is forgotten: dz1 = W2 * dz2 * sigma'(z1)"),
                (back * r["a1"], "a1 = σ(z1) used where its slope σ'(z1) = a1 (1 - a1) "
                 "belongs: dz1 = W2 * dz2 * σ'(z1)"),
                (back * float(dsigmoid(r["a1"])), "sigma' was evaluated at a1: it takes z1 "
                 "(or use the shortcut a1 (1 - a1))"),
                (back * r["z1"] * (1 - r["z1"]), "z1 (1 - z1) is wrong: the shortcut "
                 "a (1 - a) needs the activation a1, not z1"),
                (back * float(dsigmoid(r["z2"])), "sigma'(z2) used where sigma'(z1) is needed "
                 "(the wrong layer's slope): dz1 = W2 * dz2 * sigma'(z1)"),
                (r["dz2"] * float(dsigmoid(r["z1"])), "the weight W2 that carries dz2 back "
                 "is missing: dz1 = W2 * dz2 * sigma'(z1)")],
        "dW1": [(back * x, "sigma'(z1) is forgotten in dz1, so dW1 is off too"),
                (r["dz1"] * x[:, ::-1], "x1 and x2 are swapped: dW1[0, k] = dz1 * x_k"),
                (r["dz2"] * x, "dz2 used where dz1 is needed (the wrong layer's delta): "
                               "dW1 = dz1 * x^T"),
                (r["dz1"] * r["a1"] * np.ones_like(x), "a1 used where x is needed: layer 1's "
                                                       "input is x, dW1 = dz1 * x^T")],
        "db1": [(back, "sigma'(z1) is forgotten in dz1, so db1 is off too"),
                (r["dz2"], "dz2 used where dz1 is needed: db1 = dz1")],
    }


#: what to check for each quantity when its number is wrong and no typical mistake matches:
#: the formula and where its inputs come from, never the number itself
HINTS = {
    "z1": "z1 = w11 x1 + w12 x2 + b1, with W1 = [w11, w12] and x = [x1, x2] from SMALL",
    "a1": "a1 = σ(z1) = 1 / (1 + exp(-z1)), from your z1",
    "z2": "z2 = W2 a1 + b2, from your a1",
    "a2": "a2 = σ(z2) = 1 / (1 + exp(-z2)), from your z2",
    "loss": "loss = -(y log(a2) + (1 - y) log(1 - a2)) with the natural log; here y = 1",
    "dz2": "dz2 = a2 - y (σ' cancels against the cross-entropy)",
    "dW2": "dW2 = dz2 * a1",
    "db2": "db2 = dz2 (the bias's input is the constant 1)",
    "dz1": "dz1 = W2 * dz2 * σ'(z1), with σ'(z1) = a1 (1 - a1)",
    "dW1": "dW1 = dz1 * x^T, a row [dz1 x1, dz1 x2] of shape (1, 2)",
    "db1": "db1 = dz1",
}
#: instructors: True shows the expected number in the feedback of exercise 1 (the default,
#: False, names the wrong quantity and what to check, never the number)
REVEAL_NUMBERS = False


def _by_our_keys(answers):
    """The answers under the exercise's keys: ``dZ2`` or ``DW1`` for ``dz2`` and ``dW1`` (the
    notebooks write dZ for matrices), as long as one key of the student's fits each."""
    out = {k: v for k, v in answers.items() if k in ORDER}
    for key in ORDER:
        if key not in out:
            others = [k for k in answers if isinstance(k, str) and k.lower() == key.lower()]
            if len(others) == 1:
                out[key] = answers[others[0]]
    return out


@never_raises
def check_small_backward(answers, *, reveal=None):
    """Check exercise 1's dict of numbers (rounded to 4 decimals is fine).

    The numbers are to be worked out by hand, so the feedback names the first wrong quantity,
    the typical mistake it shows when it shows one, and what to check, but never the expected
    number. An instructor can switch the numbers on: ``reveal=True`` for one call, or
    ``helpers.exercises.by_hand.REVEAL_NUMBERS = True`` for the notebook. ``answers`` may be
    the dict or the function that returns it.
    """
    reveal = REVEAL_NUMBERS if reveal is None else reveal
    name = "small_backward_by_hand"
    if callable(answers):
        outcome = call_student(answers, (), name, arg_names=[])
        if outcome.feedback is not None:
            if outcome.feedback.status == "wrong":
                outcome.feedback.message += f" (the test case: calling {name}())"
            return outcome.feedback
        answers = outcome.value
    if answers is None:
        return not_attempted(name)
    if not isinstance(answers, dict):
        return wrong(f"{name}: expected a dict of numbers (keys {', '.join(ORDER)}), got "
                     f"{type(answers).__name__}")
    unknown = [repr(k) for k in answers if not (isinstance(k, str) and any(
        k.lower() == key.lower() for key in ORDER))]
    answers = _by_our_keys(answers)
    missing = [k for k in ORDER if answers.get(k) is None]
    if len(missing) == len(ORDER):
        return not_attempted(name)
    ref = small_backward()
    mistakes = _small_mistakes(ref)
    for key in ORDER:
        if answers.get(key) is None:
            which = "keys" if len(unknown) > 1 else "a key"
            extra = (f"; your dict also has {', '.join(unknown)}, {which} the exercise does "
                     f"not use (its keys: {', '.join(ORDER)})" if unknown else "")
            return wrong(f"{key}: not filled in yet ({len(ORDER) - len(missing)} of "
                         f"{len(ORDER)} done; the ones before it are right){extra}")
        got = answers[key]
        if key == "dW1" and np.shape(got) == (2,):
            got = np.reshape(got, (1, 2))                 # a plain list of two is fine
        problem = compare(got, ref[key], mistakes.get(key, ()), number=np.ndim(ref[key]) == 0,
                          rtol=2e-3, atol=2e-4, reveal=reveal)
        if problem:
            message, rows = problem
            named = any(message == text for _, text in mistakes.get(key, ()))
            if not named and not message.startswith("wrong shape") and not reveal:
                message += f": check {HINTS[key]}"
            return wrong(f"{key}: {message}", rows)
    return correct(f"all {len(ORDER)} numbers of the backward pass are right.")


# ----------------------------------------------------------- exercise 2: one layer
def reference_layer_backward(dZ, A_prev, W, Z_prev, *, inv_m=True, prev=None, slope=None,
                             back=None):
    """dW = dZ A_prev^T / m, db = sum_i dZ / m, dZ_prev = (W^T dZ) * sigma'(Z_prev).

    The keywords give the typical mistakes: ``inv_m=False`` drops the 1/m, ``prev`` replaces
    A_prev in dW, ``slope`` replaces sigma'(Z_prev), ``back`` replaces W^T dZ.
    """
    m = dZ.shape[1] if inv_m else 1
    dW = dZ @ (A_prev if prev is None else prev).T / m
    db = dZ.sum(axis=1, keepdims=True) / m
    dZ_prev = (W.T @ dZ if back is None else back) * (dsigmoid(Z_prev) if slope is None
                                                      else slope)
    return dW, db, dZ_prev


def _layer_cases(seed=4):
    rng = np.random.default_rng(seed)
    cases = []
    for n_out, n_in, m in ((2, 3, 4), (3, 3, 5)):     # non-square first; square names W for W.T
        W = rng.standard_normal((n_out, n_in))
        Z_prev = rng.standard_normal((n_in, m))
        dZ = rng.standard_normal((n_out, m))
        cases.append(Case((dZ, sigmoid(Z_prev), W, Z_prev),
                          label=f"a layer of {n_out} units with {n_in} inputs, {m} examples"))
    return cases


_R = reference_layer_backward


def _swap(values, i, new):
    values = list(values)
    values[i] = new
    return tuple(values)


_LAYER_MISTAKES = [
    Mistake("missing_1/m", lambda dZ, A, W, Z: _R(dZ, A, W, Z, inv_m=False),
            formula="dW = dZ @ A_prev.T / m and db = dZ.sum(axis=1, keepdims=True) / m"),
    Mistake("missing_1/m", lambda dZ, A, W, Z: _swap(_R(dZ, A, W, Z), 0, dZ @ A.T),
            formula="dW = dZ @ A_prev.T / m"),
    Mistake("missing_1/m", lambda dZ, A, W, Z: _swap(_R(dZ, A, W, Z), 1, dZ.sum(1, keepdims=True)),
            formula="db = dZ.sum(axis=1, keepdims=True) / m"),
    Mistake("z_for_a", lambda dZ, A, W, Z: _R(dZ, A, W, Z, prev=Z), z="Z_prev", a="A_prev",
            formula="dW = dZ @ A_prev.T / m"),
    Mistake("unsummed_bias", lambda dZ, A, W, Z: _swap(_R(dZ, A, W, Z), 1, dZ / dZ.shape[1]),
            formula="db = dZ.sum(axis=1, keepdims=True) / m"),
    Mistake("summed_wrong_axis", lambda dZ, A, W, Z: _swap(
        _R(dZ, A, W, Z), 1, dZ.sum(axis=0, keepdims=True) / dZ.shape[1])),
    Mistake("missing_sigma_prime", lambda dZ, A, W, Z: _R(dZ, A, W, Z, slope=1.0),
            formula="dZ_prev = (W.T @ dZ) * sigma'(Z_prev)"),
    Mistake("z_one_minus_z", lambda dZ, A, W, Z: _R(dZ, A, W, Z, slope=dsigmoid_from_a(Z)),
            message="Z_prev passed to a sigma' that expects the activation (a (1 - a)): use "
                    "dsigmoid(Z_prev) or A_prev * (1 - A_prev)"),
    Mistake("sigma_prime_of_a", lambda dZ, A, W, Z: _R(dZ, A, W, Z, slope=dsigmoid(A)),
            message="sigma' evaluated at A_prev: dsigmoid takes Z_prev (or use "
                    "A_prev * (1 - A_prev))"),
    Mistake("extra_1/m", lambda dZ, A, W, Z: _swap(_R(dZ, A, W, Z), 2,
                                                   _R(dZ, A, W, Z)[2] / dZ.shape[1]),
            message="dZ_prev carries no 1/m: it is applied once, in dW and db"),
    Mistake("W_for_WT", lambda dZ, A, W, Z: _R(dZ, A, W, Z, back=W @ dZ)),
    Mistake("sigma_for_sigma_prime", lambda dZ, A, W, Z: _R(dZ, A, W, Z, slope=sigmoid(Z)),
            message="σ(Z_prev) used where its slope σ'(Z_prev) belongs: dsigmoid(Z_prev), "
                    "or A_prev * (1 - A_prev)"),
]


def check_layer_backward(layer_backward):
    """Check a student's ``layer_backward(dZ, A_prev, W, Z_prev) -> (dW, db, dZ_prev)``."""
    return check(layer_backward, _layer_cases(), "layer_backward", reference_layer_backward,
                 _LAYER_MISTAKES, returns=("dW", "db", "dZ_prev"),
                 m=lambda dZ, *rest: dZ.shape[1], factors=("1/m",),
                 what="dW, db and dZ_prev match the reference")


__all__ = ["check_small_backward", "check_layer_backward", "small_backward", "SMALL", "HINTS",
           "REVEAL_NUMBERS",
           "reference_layer_backward", "Feedback", "NOT_ATTEMPTED"]

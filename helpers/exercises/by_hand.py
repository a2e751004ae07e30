"""Notebook 04's exercises: the numbers of a small backward pass by hand, and the backward
pass of one layer. Each checker names the mistake it recognises."""
import numpy as np

from ..activations import dsigmoid, dsigmoid_from_a, sigmoid
from . import Feedback, NOT_ATTEMPTED, correct, diagnose, not_attempted, wrong

# ---------------------------------------------------------------- exercise 1: by hand
#: the 2-1-1 network of exercise 1 (sigmoid units, binary cross-entropy, one example)
SMALL = {"x": np.array([[2.0], [1.0]]), "y": 1.0, "W1": np.array([[0.5, -1.0]]),
         "b1": 0.0, "W2": 2.0, "b2": -1.0}
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
    return {"z1": z1, "a1": a1, "z2": z2, "a2": a2, "loss": -np.log(a2), "dz2": dz2,
            "dW2": dz2 * a1, "db2": dz2, "dz1": dz1, "dW1": dz1 * s["x"].T, "db1": dz1}


def _small_mistakes(r):
    s, x = SMALL, SMALL["x"].T
    back = s["W2"] * r["dz2"]                                   # what reaches a1
    return {
        "loss": [(-np.log10(r["a2"]), "that is log10: the loss uses the natural log, np.log"),
                 (np.log(r["a2"]), "the loss is -log(a2) for y = 1 (a minus sign is missing)")],
        "dz2": [(r["dz2"] * r["a2"] * (1 - r["a2"]),
                 "with a sigmoid output and cross-entropy, sigma' cancels: dz2 = a2 - y")],
        "dW2": [(r["dz2"] * r["z1"], "z1 used where a1 is needed: dW2 = dz2 * a1"),
                (r["dz2"], "the factor a1 is missing: dW2 = dz2 * a1")],
        "db2": [(r["dz2"] * r["a1"], "the bias's input is the constant 1: db2 = dz2, "
                                     "not dz2 * a1")],
        "dz1": [(back, "sigma'(z1) is forgotten: dz1 = W2 * dz2 * sigma'(z1)"),
                (back * float(dsigmoid(r["a1"])), "sigma' was evaluated at a1: it takes z1 "
                 "(or use the shortcut a1 (1 - a1))"),
                (back * r["z1"] * (1 - r["z1"]), "z1 (1 - z1) is wrong: the shortcut "
                 "a (1 - a) needs the activation a1, not z1"),
                (r["dz2"] * r["a1"] * (1 - r["a1"]), "the weight W2 that carries dz2 back "
                 "is missing: dz1 = W2 * dz2 * sigma'(z1)")],
        "dW1": [(back * x, "sigma'(z1) is forgotten in dz1, so dW1 is off too"),
                (r["dz1"] * x[:, ::-1], "x1 and x2 are swapped: dW1[0, k] = dz1 * x_k")],
        "db1": [(back, "sigma'(z1) is forgotten in dz1, so db1 is off too"),
                (r["dz1"] * x, "db1 = dz1: the bias's input is 1, not x")],
    }


def check_small_backward(answers):
    """Check exercise 1's dict of numbers (rounded to 4 decimals is fine)."""
    if answers is None:
        return not_attempted("small_backward_by_hand")
    if not isinstance(answers, dict):
        return wrong(f"small_backward_by_hand: expected a dict of numbers, got "
                     f"{type(answers).__name__}")
    missing = [k for k in ORDER if answers.get(k) is None]
    if len(missing) == len(ORDER):
        return not_attempted("small_backward_by_hand")
    ref, mistakes = small_backward(), _small_mistakes(small_backward())
    for key in ORDER:
        if answers.get(key) is None:
            return wrong(f"{key}: not filled in yet ({len(ORDER) - len(missing)} of "
                         f"{len(ORDER)} done; the ones before it are right)")
        got = np.asarray(answers[key], dtype=float)
        if key == "dW1" and got.shape == (2,):
            got = got.reshape(1, 2)                       # a plain list of two is fine
        if got.size == 1 and np.size(ref[key]) == 1:
            got = got.reshape(np.shape(ref[key]))         # a (1, 1) array is a number here
        problem = diagnose(got, ref[key], key, mistakes.get(key, ()), rtol=2e-3, atol=2e-4)
        if problem:
            return wrong(problem)
    return correct(f"all {len(ORDER)} numbers of the backward pass are right.")


# ----------------------------------------------------------- exercise 2: one layer
def reference_layer_backward(dZ, A_prev, W, Z_prev):
    """dW = dZ A_prev^T / m, db = sum_i dZ / m, dZ_prev = (W^T dZ) * sigma'(Z_prev)."""
    m = dZ.shape[1]
    return (dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m,
            (W.T @ dZ) * dsigmoid(Z_prev))


def _layer_cases(seed=4):
    rng = np.random.default_rng(seed)
    cases = []
    for n_out, n_in, m in ((3, 3, 5), (2, 3, 4)):     # square first: W for W.T gets named
        W = rng.standard_normal((n_out, n_in))
        Z_prev = rng.standard_normal((n_in, m))
        dZ = rng.standard_normal((n_out, m))
        cases.append((dZ, sigmoid(Z_prev), W, Z_prev))
    return cases


def _layer_mistakes(dZ, A_prev, W, Z_prev):
    m = dZ.shape[1]
    back = W.T @ dZ
    dW = [(dZ @ A_prev.T, "the 1/m is missing: dW = dZ @ A_prev.T / m"),
          (dZ @ Z_prev.T / m, "Z_prev used where A_prev is needed: dW = dZ @ A_prev.T / m"),
          (A_prev @ dZ.T / m, "it is the transpose of the right answer: dW = dZ @ A_prev.T / m "
                              "has W's shape (n_l, n_{l-1})")]
    db = [(dZ / m, "not summed over the examples: db = dZ.sum(axis=1, keepdims=True) / m "
                   "has shape (n, 1)"),
          (dZ.sum(axis=1, keepdims=True), "the 1/m is missing: db = dZ.sum(axis=1, "
                                          "keepdims=True) / m"),
          (dZ.sum(axis=0, keepdims=True) / m, "summed over the units (axis=0); sum over "
                                              "the examples, axis=1")]
    dZp = [(back, "sigma'(Z_prev) is forgotten: dZ_prev = (W.T @ dZ) * sigma'(Z_prev)"),
           (back * dsigmoid_from_a(Z_prev), "Z_prev passed to a sigma' that expects the "
            "activation (a (1 - a)): use dsigmoid(Z_prev) or A_prev * (1 - A_prev)"),
           (back * dsigmoid(A_prev), "sigma' evaluated at A_prev: dsigmoid takes Z_prev"),
           (back * dsigmoid(Z_prev) / m, "dZ_prev carries no 1/m: it is applied once, in "
                                         "dW and db")]
    if W.shape[0] == W.shape[1]:
        dZp.append(((W @ dZ) * dsigmoid(Z_prev), "W used where W.T is needed: the error "
                                                 "flows back through the transpose"))
    return dW, db, dZp


def check_layer_backward(layer_backward):
    """Check a student's ``layer_backward(dZ, A_prev, W, Z_prev) -> (dW, db, dZ_prev)``."""
    cases = _layer_cases()
    for i, args in enumerate(cases, start=1):
        try:
            got = layer_backward(*[np.copy(a) for a in args])
        except ValueError as exc:
            hint = " (the shapes do not line up: dZ_prev = W.T @ dZ)" if "matmul" in str(exc) \
                else ""
            return wrong(f"layer_backward: your function raised ValueError: {exc}{hint} "
                         f"(test case {i} of {len(cases)})")
        except Exception as exc:                        # the student's bug, reported not raised
            return wrong(f"layer_backward: your function raised {type(exc).__name__}: {exc} "
                         f"(test case {i} of {len(cases)})")
        if got is None or (isinstance(got, tuple) and all(g is None for g in got)):
            return not_attempted("layer_backward")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            return wrong("layer_backward: expected three values, (dW, db, dZ_prev)")
        for name, g, ref, known in zip(("dW", "db", "dZ_prev"), got,
                                       reference_layer_backward(*args), _layer_mistakes(*args)):
            if g is None:
                return wrong(f"{name}: not computed yet (returned None)")
            problem = diagnose(g, ref, name, known)
            if problem:
                return wrong(f"{problem} (test case {i} of {len(cases)})")
    return correct(f"dW, db and dZ_prev match the reference on all {len(cases)} test cases.")


__all__ = ["check_small_backward", "check_layer_backward", "small_backward", "SMALL",
           "reference_layer_backward", "Feedback", "NOT_ATTEMPTED"]

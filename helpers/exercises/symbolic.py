"""Notebook 03's exercises: derive a gradient with SymPy; the checker proves it or names the bug.

A student's answer is a SymPy expression. The checker compares it with the right one at random
points (12 digits agree at every point: equal) and tries SymPy's proof of the difference within
a time limit; when they differ, it compares with typical wrong answers (a factor missing, an
extra factor, the sigmoid's derivative used for a tanh unit, z where a is needed, log10 for ln
...). SymPy work (the student's and the checker's) runs under its own time-out
(``helpers.exercises.set_timeout(sympy=...)``), with a message that says it was SymPy.
"""
import functools
import itertools
import math
import types
from types import SimpleNamespace

import numpy as np
import sympy as sp

from ..symbolic import SymbolicNetwork, proves_zero, sigmoid
from . import call_student, correct, never_raises, wrong
from ._run import _alarm, _TimedOut, current_timeout

_RNG_SEED = 20240414
_N_POINTS = 6


def _points(n_symbols, seed=_RNG_SEED, n=_N_POINTS):
    return np.random.default_rng(seed).uniform(0.1, 0.9, size=(n, n_symbols))


@functools.lru_cache(maxsize=1024)
def _cached_values(expr, symbols, seed, n):
    return _evaluate(expr, symbols, _points(len(symbols), seed, n))


def _evaluate(expr, symbols, points):
    fn = sp.lambdify(symbols, expr, modules="numpy")
    with np.errstate(all="ignore"):
        return np.array([complex(fn(*p)) for p in points])


def _values(expr, symbols, points=None, *, seed=_RNG_SEED, n=_N_POINTS):
    """The expression's values at the random points (cached for the checker's own
    expressions, which are the same on every call)."""
    if points is not None:
        return _evaluate(expr, symbols, points)
    return _cached_values(expr, tuple(symbols), seed, n)


def _close(a, b):
    return bool(np.all(np.isfinite(a)) and np.all(np.isfinite(b))
                and np.allclose(a, b, rtol=1e-8, atol=1e-12))


def prove(expr, timeout=None):
    """True when SymPy proves ``expr`` is 0 within the SymPy time-out, False when it finishes
    without a proof, None when it ran out of time."""
    try:
        with _alarm(current_timeout(timeout, sympy=True)):
            return bool(proves_zero(expr))
    except _TimedOut:
        return None
    except Exception:
        return False


def _same(got_values, candidate, symbols):
    """got == candidate at every random point (12 significant digits)."""
    try:
        return _close(got_values, _values(candidate, symbols))
    except Exception:
        return False


_LN10 = math.log(10.0)


def short_number(value):
    """A SymPy number in a few digits, for a message."""
    try:
        return f"{complex(value).real:.6g}" if complex(value).imag == 0 else str(value)[:40]
    except Exception:
        return str(value)[:40]


def compare_expression(got, expected, name, symbols, mistakes=()):
    """None when ``got`` equals ``expected`` (at every random point), else a message naming the
    mistake. Never raises.

    Parameters
    ----------
    got, expected : sympy.Expr
    name : str
        What the expression is called in the exercise, used in the message.
    symbols : list of sympy.Symbol
        Every symbol the answer may use (random points are drawn for them).
    mistakes : iterable of (sympy.Expr, str)
        Typical wrong answers and what to tell a student whose answer equals one.
    """
    if isinstance(got, str):
        return f"{name}: expected a SymPy expression, got the string {got[:60]!r}"
    if isinstance(got, (types.FunctionType, types.MethodType)):
        return f"{name}: expected a SymPy expression, got a function (call it, or return its value)"
    try:
        got = sp.sympify(got, strict=True)
    except Exception:
        return f"{name}: expected a SymPy expression, got {type(got).__name__}"
    if not isinstance(got, sp.Expr):
        return f"{name}: expected a SymPy expression, got {type(got).__name__}"
    if not got.free_symbols and sp.sympify(expected).free_symbols:
        return (f"{name}: that is the number {short_number(got)}, not an expression of the "
                f"symbols: build it from the symbols given (substituting numbers loses them)")
    unknown = got.free_symbols - set(symbols)
    if unknown:
        listed = ", ".join(sorted(str(s) for s in unknown))
        return (f"{name}: uses symbols that are not in the exercise: {listed} (build it from the "
                f"symbols given: a symbol made with sp.Symbol or sp.symbols is a new one, "
                f"different from the exercise's even when the names look alike)")
    try:
        mine = _values(got, symbols, _points(len(symbols)))
    except Exception as exc:
        return (f"{name}: SymPy could not evaluate your expression at numbers "
                f"({type(exc).__name__}): build it from the symbols and SymPy functions "
                f"(sp.exp, sp.tanh, sp.log)")
    right = _values(expected, symbols)
    if not np.all(np.isfinite(mine)):
        return (f"{name}: your expression is not a finite number at some points (a division by "
                f"0, or a log of 0?)")
    if _close(mine, right):
        return None
    if _close(mine, -right):
        return f"{name}: wrong sign: it is the negative of the right derivative"
    for candidate, message in mistakes:
        if _same(mine, candidate, symbols):
            return f"{name}: {message}"
    with np.errstate(all="ignore"):
        ratio = mine / right
    if np.all(np.isfinite(ratio)) and np.allclose(ratio, ratio[0], rtol=1e-8):
        r = ratio[0].real
        if np.isclose(r, 1 / _LN10) or np.isclose(r, _LN10):
            return (f"{name}: log10 where the loss has the natural log ln (sp.log): your answer "
                    f"is {'1/ln(10)' if r < 1 else 'ln(10)'} = {r:.4g} times the right one; "
                    f"d/da ln(a) = 1/a, while d/da log10(a) = 1/(a ln 10)")
        return (f"{name}: {r:.4g} times the right derivative: a constant factor "
                f"is extra or missing")
    return (f"{name}: not equal to the derivative (at a random point yours is "
            f"{mine[0].real:.6g}, the right one {right[0].real:.6g}); check each factor of the "
            f"chain")


# ------------------------------------------------------------------ exercise 1: tanh hidden units
def tanh_network():
    """The 2-2-1 network with tanh hidden units, a sigmoid output and cross-entropy, one example.

    Returns a namespace: symbols ``x1, x2, y, w1_11, w1_12, w1_21, w1_22, b1_1, b1_2, w2_11,
    w2_12, b2_1`` and expressions ``z1_1, z1_2, a1_1, a1_2, z2, a2, loss``.
    """
    net = SymbolicNetwork([2, 2, 1], activation="tanh", output="sigmoid", loss="bce")
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    return SimpleNamespace(
        x1=net.X[0], x2=net.X[1], y=net.Y[0],
        w1_11=W1[0, 0], w1_12=W1[0, 1], w1_21=W1[1, 0], w1_22=W1[1, 1], b1_1=b1[0], b1_2=b1[1],
        w2_11=W2[0, 0], w2_12=W2[0, 1], b2_1=b2[0],
        z1_1=net.Z[1][0], z1_2=net.Z[1][1], a1_1=net.A[1][0], a1_2=net.A[1][1],
        z2=net.Z[2][0], a2=net.A[2][0], loss=net.cost, symbols=net.param_symbols + list(net.X)
        + list(net.Y))


def tanh_mistakes(s):
    """The right dL/dw1_11 and typical wrong answers with the message each deserves."""
    right = sp.diff(s.loss, s.w1_11)
    keep = (s.a2 - s.y) * s.w2_11 * s.x1                       # the chain without tanh'
    slope = "tanh'(z1_1) = 1 - a1_1**2 = 1 - tanh(z1_1)**2"
    dz2, tanh_prime = s.a2 - s.y, 1 - sp.tanh(s.z1_1) ** 2
    sigmoid_prime = sigmoid(s.z1_1) * (1 - sigmoid(s.z1_1))
    factors = [(dz2, "a2 - y (the output error dz2)"),
               (s.w2_11, "w2_11 (the weight that carries a1_1 into z2)"),
               (tanh_prime, "1 - tanh(z1_1)**2 (tanh'(z1_1), the hidden unit's slope)"),
               (s.x1, "x1 (dz1_1/dw1_11 = x1)")]
    mistakes = [(right / f, f"the factor {text} is missing") for f, text in factors]
    mistakes += [
        (right * s.a2 * (1 - s.a2),
         "extra factor sigma'(z2) = a2 (1 - a2): with cross-entropy dL/da2 * sigma'(z2) is "
         "already a2 - y, do not multiply again"),
        (right / tanh_prime * sigmoid_prime,
         "you used the sigmoid's derivative for a tanh unit: tanh'(z) = 1 - tanh(z)**2, not "
         "sigma(z)(1 - sigma(z))"),
        (right / tanh_prime * (1 - sp.tanh(s.z1_1)),
         "wrong factor 1 - tanh(z1_1): tanh'(z) = 1 - tanh(z)**2 (the square is missing)"),
        (right / tanh_prime * (1 + sp.tanh(s.z1_1) ** 2),
         "wrong factor 1 + tanh(z1_1)**2: tanh'(z) = 1 - tanh(z)**2 (minus, not plus)"),
        (right / tanh_prime * s.a1_1 * (1 - s.a1_1), "a1_1 (1 - a1_1) is the sigmoid's slope "
                                                     "written with a; for tanh it is 1 - a1_1**2"),
        (right / tanh_prime * s.a1_1, "you used a1_1 = tanh(z1_1) where its derivative "
                                      "1 - tanh(z1_1)**2 belongs"),
        (right / s.w2_11 * s.w2_12, "wrong weight: hidden unit 1 reaches z2 through w2_11, "
                                    "not w2_12"),
        (right / s.w2_11 * s.w1_11, "wrong weight: w1_11 is the weight you differentiate "
                                    "by; the error reaches a1_1 back from z2 through w2_11"),
        (right / tanh_prime * sp.tanh(s.z1_1) ** 2,
         "wrong factor tanh(z1_1)**2: tanh'(z) = 1 - tanh(z)**2 (the 1 - is missing)"),
        (right / (s.a2 - s.y) * (
            -s.y / s.a2 + (1 - s.y) / (1 - s.a2)),
         "you used dL/da2 where dL/dz2 is needed: the output's slope σ'(z2) = a2 (1 - a2) is "
         "missing, and with it dL/dz2 = dL/da2 · a2 (1 - a2) = a2 - y"),
        (right / s.x1 * s.x2, "wrong input: w1_11 multiplies x1, so dz1_1/dw1_11 = x1, not x2"),
        (keep * (1 - s.z1_1 ** 2), f"z1_1 used where a1_1 is needed: {slope}, not "
                                   f"1 - z1_1**2"),
        (keep * (1 - sp.tanh(s.z2) ** 2), f"tanh'(z2) used where tanh'(z1_1) is needed (the "
                                           f"wrong layer): {slope}"),
        (keep * (1 - s.a2 ** 2), f"a2 (the output's activation) used where a1_1 is needed "
                                 f"(the wrong layer's activation): {slope}"),
        (keep * (1 - s.a1_2 ** 2), f"a1_2 (hidden unit 2's activation) used where a1_1 is "
                                   f"needed: w1_11 feeds unit 1, so {slope}"),
        (keep * (1 - s.z2 ** 2), f"z2 used where a1_1 is needed (the wrong layer, and z "
                                 f"for a): {slope}"),
        (right / sp.log(10), "log10 where the loss has the natural log ln: dL/da2 with log10 "
                             "is 1/ln(10) times the right one; the cross-entropy uses ln"),
    ]
    for i, (f, text) in enumerate(factors):
        for g, text2 in factors[i + 1:]:
            mistakes.append((right / (f * g), f"two factors are missing: {text} and {text2}"))
    return right, mistakes


def _chain_factors(s):
    """The chain-rule factors of dL/dw1_11, one per edge of the path, with their names."""
    return [(s.a2 - s.y, "(a2 - y)"), (s.w2_11, "w2_11"),
            (1 - sp.tanh(s.z1_1) ** 2, "(1 - tanh(z1_1)**2)"), (s.x1, "x1")]


def _is_chain_product(got, s):
    """True when ``got`` is written as the product of the chain factors: its factors (SymPy's
    Mul arguments) can be grouped so each group equals one chain factor (numerically at random
    points). ``sp.diff(s.loss, s.w1_11)`` is a sum of terms, not such a product."""
    chain = [f for f, _ in _chain_factors(s)]
    coeff, rest = got.as_coeff_Mul()
    pieces = list(sp.Mul.make_args(rest))
    if len(pieces) > 8:
        return False
    symbols = s.symbols
    points = _points(len(symbols), _RNG_SEED + 1, 3)
    p_vals = [_values(p, symbols, points) for p in pieces]
    c_vals = [_values(c, symbols, seed=_RNG_SEED + 1, n=3) for c in chain]
    for groups in itertools.product(range(len(chain)), repeat=len(pieces)):
        if set(groups) != set(range(len(chain))):
            continue
        products = [np.ones(len(points), dtype=complex) for _ in chain]
        for piece, k in zip(p_vals, groups):
            products[k] = products[k] * piece
        for k in range(len(chain)):              # a number (4, -1) may belong to any factor
            trial = list(products)
            trial[k] = trial[k] * complex(coeff)
            if all(np.allclose(p, c, rtol=1e-8, atol=1e-12) for p, c in zip(trial, c_vals)):
                return True
    return False


@functools.lru_cache(maxsize=1)
def _tanh_data():
    s = tanh_network()
    right, mistakes = tanh_mistakes(s)
    return s, right, mistakes


def _calls(fn, word):
    """True when ``fn``'s code (or code nested in it) uses the name ``word`` (sp.diff ...)."""
    def names(code):
        yield from code.co_names
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                yield from names(const)
    code = getattr(fn, "__code__", None)
    return code is not None and word in set(names(code))


@never_raises
def check_tanh_gradient(student_fn):
    """Check ``student_fn(s) -> dL/dw1_11`` for the tanh network of :func:`tanh_network`.

    The exercise asks for the chain-rule product along the path: any product whose factors
    equal the chain's factors is accepted, however each factor is written (tanh' as
    1 - tanh(z)**2, 1 - a**2, (1 - a)(1 + a), 4 / (e^z + e^-z)**2, sech(z)**2 ...). A right
    value not written as that product (SymPy's own ``sp.diff`` of the loss, an expanded sum)
    is not accepted: the feedback asks for the product.
    """
    name = "dL/dw1_11"
    s, right, mistakes = _tanh_data()
    given = SimpleNamespace(**vars(s))                     # the student's own copy
    outcome = call_student(student_fn, (given,), name, arg_names=["s"], must_not_mutate=False,
                           sympy=True)
    if outcome.feedback is not None:
        if outcome.feedback.status == "wrong":
            outcome.feedback.message += " (the test case: the 2-2-1 tanh network)"
        return outcome.feedback
    got = outcome.value
    if isinstance(got, sp.MatrixBase) and got.shape == (1, 1):
        got = got[0, 0]                                  # a 1-by-1 Matrix holds the answer
    problem = compare_expression(got, right, name, s.symbols, mistakes)
    if problem:
        return wrong(problem)
    if not _is_chain_product(sp.sympify(got), s):
        how = ("sp.diff(s.loss, s.w1_11) is for testing yourself, not the answer"
               if _calls(student_fn, "diff") and not _calls(student_fn, "tanh")
               else "yours is not a product of those factors (an expanded or summed form?)")
        return wrong(f"{name}: the value is right, but the exercise asks for the chain-rule "
                     f"product along the path, one factor per edge (dL/dz2, the weight that "
                     f"carries it back, tanh' at z1_1, the input): {how}.")
    proved = prove(sp.sympify(got) - right)
    how = ("proved: the difference simplifies to 0" if proved
           else "equal at random points to 12 digits")
    return correct(f"{name} is the chain-rule product (a2 - y) · w2_11 · tanh'(z1_1) · x1, "
                   f"and equals SymPy's derivative of the loss ({how}).")


# ----------------------------------------------------- exercise 2: softmax with cross-entropy
def softmax_symbols(n_classes=3):
    """Logits ``z_1 .. z_n`` and targets ``y_1 .. y_n`` as two lists of SymPy symbols."""
    z = list(sp.symbols(f"z_1:{n_classes + 1}"))
    y = list(sp.symbols(f"y_1:{n_classes + 1}"))
    return z, y


def softmax_ce(z, y):
    """Softmax cross-entropy of one example: -sum_k y_k log(exp(z_k) / sum_j exp(z_j))."""
    total = sp.Add(*[sp.exp(zj) for zj in z])
    return -sp.Add(*[yk * sp.log(sp.exp(zk) / total) for zk, yk in zip(z, y)])


@functools.lru_cache(maxsize=4)
def _softmax_data(n_classes):
    """The symbols, the one-hot substitution, and per class the right answer and the typical
    wrong ones (after the substitution)."""
    z, y = softmax_symbols(n_classes)
    one_hot = {y[-1]: 1 - sp.Add(*y[:-1])}
    total = sp.Add(*[sp.exp(zj) for zj in z])
    per_class = []
    for k in range(n_classes):
        a_k = sp.exp(z[k]) / total
        right = a_k - y[k]
        mistakes = [
            (-y[k] / a_k, "that is dL/da_k; the question asks dL/dz_k: differentiate through "
                          "the softmax (every a_j depends on every z_k)"),
            (-y[k] * (1 - a_k), "you kept only the path through a_k (da_k/dz_k = a_k (1 - a_k)); "
                                "the other outputs a_j depend on z_k too (da_j/dz_k = -a_j a_k)"),
            (a_k, "that is a_k: the - y_k term is missing (dL/dz_k = a_k - y_k once y is "
                  "one-hot)"),
            (sigmoid(z[k]) - y[k], "that uses a sigmoid per class; softmax divides exp(z_k) by "
                                   "the sum over all classes"),
            ((a_k - y[k]) * a_k * (1 - a_k), "extra factor a_k (1 - a_k): the softmax's slope is "
                                             "already inside a_k - y_k"),
            (right / sp.log(10), "log10 where the loss has the natural log ln (sp.log): your "
                                 "answer is 1/ln(10) = 0.4343 times the right one; d/da ln(a) = "
                                 "1/a, while d/da log10(a) = 1/(a ln 10)"),
        ]
        per_class.append((right.subs(one_hot), [(m.subs(one_hot), text)
                                                for m, text in mistakes]))
    return z, y, one_hot, per_class


@never_raises
def check_softmax_gradient(student_fn, n_classes=3):
    """Check ``student_fn(z, y) -> [dL/dz_1, ..., dL/dz_n]`` for softmax cross-entropy.

    The targets are one-hot, so y_n = 1 - y_1 - ... - y_{n-1}: both the answer and the right
    one are compared after that substitution.
    """
    z, y, one_hot, per_class = _softmax_data(n_classes)
    outcome = call_student(student_fn, (list(z), list(y)), "dL/dz", arg_names=["z", "y"],
                           must_not_mutate=False, sympy=True)
    if outcome.feedback is not None:
        if outcome.feedback.status == "wrong":
            outcome.feedback.message += f" (the test case: softmax over {n_classes} classes)"
        return outcome.feedback
    got = outcome.value
    if isinstance(got, np.ndarray) and got.dtype == object and got.size == n_classes:
        got = list(got.ravel())                          # a numpy array of the expressions
    if not isinstance(got, (list, tuple, sp.MatrixBase)) or len(got) != n_classes:
        return wrong(f"dL/dz: expected a list of {n_classes} expressions (one per z_k), got "
                     f"{type(got).__name__}" + (f" of length {len(got)}"
                                                if isinstance(got, (list, tuple, sp.MatrixBase))
                                                else ""))
    symbols = list(z) + list(y[:-1])
    answers = []
    for k, (right, mistakes) in enumerate(per_class):
        answer = got[k].subs(one_hot) if isinstance(got[k], sp.Basic) else got[k]
        problem = compare_expression(answer, right, f"dL/dz_{k + 1}", symbols, mistakes)
        if problem:
            return wrong(problem)
        answers.append(sp.sympify(answer) - right)
    how = ("proved" if all(prove(diff) for diff in answers)
           else "equal at random points to 12 digits")
    return correct(f"every dL/dz_k equals a_k - y_k once y is one-hot ({how} for all "
                   f"{n_classes} classes).")

"""Notebook 03's checkers accept the reference solutions and name each typical mistake."""
import pytest
import sympy as sp

from helpers.exercises import set_timeout
from helpers.exercises.symbolic import (
    check_softmax_gradient,
    check_tanh_gradient,
    compare_expression,
    softmax_ce,
    tanh_network,
)
from solutions.symbolic import softmax_gradient, tanh_gradient


def test_tanh_network_is_the_2_2_1_network_with_tanh_hidden_units():
    s = tanh_network()
    assert s.a1_1 == sp.tanh(s.w1_11 * s.x1 + s.w1_12 * s.x2 + s.b1_1)
    assert len(s.symbols) == 9 + 3


def test_tanh_checker_accepts_the_solution_and_other_ways_to_write_the_product():
    assert check_tanh_gradient(tanh_gradient).passed
    assert check_tanh_gradient(lambda s: None).status == "not attempted"
    tanh = sp.tanh
    other_forms = [   # the chain-rule product, in the orders and groupings students use
        lambda s: s.x1 * (1 - tanh(s.z1_1) ** 2) * s.w2_11 * (s.a2 - s.y),
        lambda s: -(s.y - s.a2) * s.w2_11 * (1 - s.a1_1) * (1 + s.a1_1) * s.x1,
        lambda s: (-s.y / s.a2 + (1 - s.y) / (1 - s.a2)) * s.a2 * (1 - s.a2) * s.w2_11
        * (1 - s.a1_1 ** 2) * s.x1,                        # dL/da2 * sigma'(z2), not cancelled
        lambda s: (s.a2 - s.y) * s.w2_11 * 4 / (sp.exp(s.z1_1) + sp.exp(-s.z1_1)) ** 2 * s.x1,
        lambda s: 4 * s.x1 * s.w2_11 * (s.a2 - s.y) / (sp.exp(s.z1_1) + sp.exp(-s.z1_1)) ** 2,
        lambda s: (s.a2 - s.y) * s.w2_11 * sp.sech(s.z1_1) ** 2 * s.x1,
    ]
    for answer in other_forms:
        assert check_tanh_gradient(answer).passed, check_tanh_gradient(answer).message


def test_tanh_checker_rejects_sympys_own_derivative_of_the_loss():
    """Issue 12: the exercise asks for the chain-rule product; sp.diff of the loss has the right
    value but is not the student's derivation. Issue 25: only an answer that used sp.diff is
    told so."""
    fb = check_tanh_gradient(lambda s: sp.diff(s.loss, s.w1_11))
    assert fb.status == "wrong" and "value is right" in fb.message
    assert "chain-rule product" in fb.message and "sp.diff" in fb.message
    fb = check_tanh_gradient(lambda s: sp.expand((s.a2 - s.y) * s.w2_11 * (1 - s.a1_1 ** 2)
                                                 * s.x1))
    assert "value is right" in fb.message and "sp.diff" not in fb.message


def test_sympy_work_gets_its_own_timeout_and_message():
    """sp.simplify of the right product takes minutes: the message says SymPy was busy, not
    'a loop that never ends'."""
    previous = set_timeout(sympy=1.0)
    try:
        fb = check_tanh_gradient(lambda s: sp.simplify((s.a2 - s.y) * s.w2_11
                                                       * (1 - s.a1_1 ** 2) * s.x1))
    finally:
        set_timeout(previous[0], sympy=previous[1])
    assert "inside SymPy (simplify)" in fb.message, fb.message
    assert "after 1 s" in fb.message and "loop that never ends" not in fb.message
    assert "test case" in fb.message


@pytest.mark.slow
def test_tanh_checker_names_each_mistake():
    tp = lambda s: 1 - sp.tanh(s.z1_1) ** 2      # noqa: E731
    sig = lambda z: 1 / (1 + sp.exp(-z))          # noqa: E731
    cases = {
        "a2 - y (the output error dz2) is missing": lambda s: s.w2_11 * tp(s) * s.x1,
        "w2_11 (the weight that carries": lambda s: (s.a2 - s.y) * tp(s) * s.x1,
        "1 - tanh(z1_1)**2 (tanh'(z1_1)": lambda s: (s.a2 - s.y) * s.w2_11 * s.x1,
        "x1 (dz1_1/dw1_11 = x1) is missing": lambda s: (s.a2 - s.y) * s.w2_11 * tp(s),
        "extra factor sigma'(z2)":
            lambda s: (s.a2 - s.y) * s.a2 * (1 - s.a2) * s.w2_11 * tp(s) * s.x1,
        "the square is missing": lambda s: (s.a2 - s.y) * s.w2_11 * (1 - sp.tanh(s.z1_1)) * s.x1,
        "sigmoid's derivative for a tanh unit":
            lambda s: (s.a2 - s.y) * s.w2_11 * sig(s.z1_1) * (1 - sig(s.z1_1)) * s.x1,
        "for tanh it is 1 - a1_1**2":
            lambda s: (s.a2 - s.y) * s.w2_11 * s.a1_1 * (1 - s.a1_1) * s.x1,
        "where its derivative": lambda s: (s.a2 - s.y) * s.w2_11 * s.a1_1 * s.x1,
        "wrong weight": lambda s: (s.a2 - s.y) * s.w2_12 * tp(s) * s.x1,
        "wrong input": lambda s: (s.a2 - s.y) * s.w2_11 * tp(s) * s.x2,
        "wrong sign": lambda s: -(s.a2 - s.y) * s.w2_11 * tp(s) * s.x1,
        "two factors are missing": lambda s: (s.a2 - s.y) * s.w2_11,
        "2 times the right derivative": lambda s: 2 * (s.a2 - s.y) * s.w2_11 * tp(s) * s.x1,
        "not in the exercise: q": lambda s: sp.Symbol("q") * s.x1,
        "expected a SymPy expression, got the string": lambda s: "x1 * w2_11",
        "raised ZeroDivisionError": lambda s: 1 / 0,
        "did you forget `return`": lambda s: None if s.x1 else 0,
        "not equal to the derivative": lambda s: s.a2 + s.x1,
        "z1_1 used where a1_1 is needed":
            lambda s: (s.a2 - s.y) * s.w2_11 * (1 - s.z1_1 ** 2) * s.x1,
        "a2 (the output's activation) used where a1_1":
            lambda s: (s.a2 - s.y) * s.w2_11 * (1 - s.a2 ** 2) * s.x1,
        "a1_2 (hidden unit 2's activation)":
            lambda s: (s.a2 - s.y) * s.w2_11 * (1 - s.a1_2 ** 2) * s.x1,
        "log10": lambda s: (s.a2 - s.y) * s.w2_11 * tp(s) * s.x1 / sp.log(10),
    }
    for words, answer in cases.items():
        fb = check_tanh_gradient(answer)
        assert fb.status == "wrong" and words in fb.message, (words, fb.message)


def test_softmax_checker_accepts_the_solution_and_the_raw_derivative():
    assert check_softmax_gradient(softmax_gradient).passed
    raw = lambda z, y: [sp.diff(softmax_ce(z, y), zk) for zk in z]   # noqa: E731 (sum(y) unused)
    assert check_softmax_gradient(raw).passed
    assert check_softmax_gradient(lambda z, y: None).status == "not attempted"


def test_softmax_checker_names_each_mistake():
    def a(z, k):
        return sp.exp(z[k]) / sum(sp.exp(q) for q in z)
    cases = {
        "that is dL/da_k": lambda z, y: [-y[k] / a(z, k) for k in range(3)],
        "kept only the path through a_k": lambda z, y: [-y[k] * (1 - a(z, k)) for k in range(3)],
        "sigmoid per class": lambda z, y: [1 / (1 + sp.exp(-z[k])) - y[k] for k in range(3)],
        "extra factor a_k (1 - a_k)":
            lambda z, y: [(a(z, k) - y[k]) * a(z, k) * (1 - a(z, k)) for k in range(3)],
        "wrong sign": lambda z, y: [y[k] - a(z, k) for k in range(3)],
        "list of 3 expressions": lambda z, y: [a(z, 0) - y[0]],
        "dL/dz_2": lambda z, y: [a(z, 0) - y[0], a(z, 1), a(z, 2) - y[2]],
        "log10 where the loss has the natural log ln":
            lambda z, y: [(a(z, k) - y[k]) / sp.log(10) for k in range(3)],
    }
    for words, answer in cases.items():
        fb = check_softmax_gradient(answer)
        assert fb.status == "wrong" and words in fb.message, (words, fb.message)


def test_compare_expression_directly():
    x, y = sp.symbols("x y")
    assert compare_expression(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), "e", [x]) is None
    assert "not in the exercise: y" in compare_expression(x * y, x, "e", [x])
    assert "my message" in compare_expression(2 * x + 1, x, "e", [x], [(2 * x + 1, "my message")])

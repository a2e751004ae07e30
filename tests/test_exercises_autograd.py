"""Notebook 08's checkers: the references pass, each typical mistake is named."""
import math

import numpy as np
import pytest

from helpers.exercises.autograd import MUL_MISTAKES, check_mul_backward, check_softplus
from solutions.autograd import Value, exp, log, mul_backward, sigmoid, softplus


def test_references_pass():
    assert check_mul_backward(mul_backward).passed
    assert check_softplus(softplus, Value).passed


def test_untouched_stubs_are_not_attempted():
    def mul_stub(a, b, grad, a_grad, b_grad):
        return None

    def softplus_stub(a):
        return None
    assert check_mul_backward(mul_stub).status == "not attempted"
    assert check_softplus(softplus_stub, Value).status == "not attempted"


def test_in_place_updates_are_accepted():
    def in_place(a, b, grad, a_grad, b_grad):
        a_grad += grad * b
        b_grad += (grad * a).sum(axis=1, keepdims=True)
        return a_grad, b_grad
    assert check_mul_backward(in_place).passed


#: wrong answers to exercise 1, as data: (function, words the feedback must contain)
MUL_BANK = [
    (lambda a, b, g, ag, bg: (g * b, (g * a).sum(axis=1, keepdims=True)),
     ["replaced, not added to", "+="]),
    (lambda a, b, g, ag, bg: (ag + g * b, (g * a).sum(axis=1, keepdims=True)),
     ["b's earlier gradient", "+="]),
    (lambda a, b, g, ag, bg: (ag + g * a, bg + (g * b).sum(axis=1, keepdims=True)),
     ["wrong local derivative", "OTHER factor"]),
    (lambda a, b, g, ag, bg: (ag + g, bg + g.sum(axis=1, keepdims=True)),
     ["local derivative is missing"]),
    (lambda a, b, g, ag, bg: (ag + g * b, bg + g * a), ["broadcast", "axis=1", "keepdims=True"]),
    (lambda a, b, g, ag, bg: (ag + g * b, bg + (g * a).sum(axis=1)), ["without keepdims=True"]),
    (lambda a, b, g, ag, bg: (ag + g * b, bg + (g * a).sum(axis=0, keepdims=True)),
     ["axis=0", "axis=1"]),
    (lambda a, b, g, ag, bg: (ag + g * b, bg + (g * a).mean(axis=1, keepdims=True)),
     ["mean", "sum"]),
    (lambda a, b, g, ag, bg: (bg + (g * a).sum(axis=1, keepdims=True), ag + g * b),
     ["wrong order"]),
    (lambda a, b, g, ag, bg: ag + g * b, ["return the 2 values"]),
    (lambda a, b, g, ag, bg: (ag + g * b, bg + (g * a).sum()),
     ["with no axis", "axis=1, keepdims=True"]),
    (lambda a, b, g, ag, bg: (ag - g * b, bg + (g * a).sum(axis=1, keepdims=True)),
     ["a_grad - grad * b", "adds", "update step"]),
    (lambda a, b, g, ag, bg: (ag - g * b, bg - (g * a).sum(axis=1, keepdims=True)),
     ["subtracted", "adds"]),
    (lambda a, b, g, ag, bg: (ag + g * b, bg - (g * a).sum(axis=1, keepdims=True)),
     ["b_grad - (...)", "adds"]),
    (lambda a, b, g, ag, bg: (ag + g @ b.T, bg), ["mul_backward"]),
]


@pytest.mark.parametrize("answer, words", MUL_BANK)
def test_each_mul_mistake_is_named(answer, words):
    feedback = check_mul_backward(answer)
    assert feedback.status == "wrong"
    for word in words:
        assert word in feedback.message, (word, feedback.message)


def test_every_registered_mistake_is_distinct_and_caught():
    messages = set()
    for mistake in MUL_MISTAKES:
        feedback = check_mul_backward(mistake.answer)
        assert feedback.status == "wrong" and mistake.message.split(":")[0] in feedback.message
        messages.add(feedback.message)
    assert len(messages) == len(MUL_MISTAKES)


def _node(a, value, local):
    return Value(value, ((a, local),), "softplus")


#: wrong answers to exercise 2, as data
SOFTPLUS_BANK = [
    (lambda a: _node(a, math.exp(a.data), 1.0), ["that is e^a"]),
    (lambda a: _node(a, a.data, 1.0), ["1 + inside the log is missing"]),
    (lambda a: _node(a, math.log1p(math.exp(a.data)), 1 / (1 + math.exp(a.data))), ["σ(-a)"]),
    (lambda a: _node(a, math.log1p(math.exp(a.data)), math.exp(a.data)),
     ["inner derivative alone"]),
    (lambda a: _node(a, math.log1p(math.exp(a.data)),
                     math.exp(-a.data) / (1 + math.exp(-a.data)) ** 2), ["σ'(a)"]),
    (lambda a: _node(a, math.log1p(math.exp(a.data)), 0.5), ["centred difference"]),
    (lambda a: Value(math.log1p(math.exp(a.data))), ["does not depend on a"]),
    (lambda a: math.log1p(math.exp(a.data)), ["expected a Value"]),
    (lambda a: Value(math.log1p(math.exp(a.data)), ((Value(a.data), 0.5),)),
     ["does not depend on a"]),
]


@pytest.mark.parametrize("answer, words", SOFTPLUS_BANK)
def test_each_softplus_mistake_is_named(answer, words):
    feedback = check_softplus(answer, Value)
    assert feedback.status == "wrong"
    for word in words:
        assert word in feedback.message, (word, feedback.message)


def test_composed_softplus_is_right_and_said_so():
    feedback = check_softplus(lambda a: log(1 + exp(a)), Value)
    assert feedback.passed and "built from log, exp and +" in feedback.message


def test_student_exception_is_reported_not_raised():
    def broken(a):
        return Value(math.log(1 + math.exp(a.data)), ((a, np.nan_to_num(1 / 0)),))
    feedback = check_softplus(broken, Value)
    assert feedback.status == "wrong" and "ZeroDivisionError" in feedback.message


def test_softplus_with_a_value_as_local_derivative_suggests_data():
    def answer(a):
        return Value(math.log1p(math.exp(a.data)), ((a, sigmoid(a)),), "softplus")
    feedback = check_softplus(answer, Value)
    assert feedback.status == "wrong"
    for word in ("local derivative is a Value", "sigmoid(a).data", "test case 1 of 3"):
        assert word in feedback.message, (word, feedback.message)


def test_softplus_parents_without_the_trailing_comma_is_named():
    def answer(a):
        s = 1 / (1 + math.exp(-a.data))
        return Value(math.log1p(math.exp(a.data)), ((a, s)), "softplus")
    feedback = check_softplus(answer, Value)
    assert feedback.status == "wrong"
    for word in ("trailing comma", "((a, local),)", "test case 1 of 3"):
        assert word in feedback.message, (word, feedback.message)


def test_softplus_written_log_one_plus_a_is_named_before_the_domain_error():
    def answer(a):
        return Value(math.log(1 + a.data), ((a, 1 / (1 + a.data)),), "softplus")
    feedback = check_softplus(answer, Value)
    assert feedback.status == "wrong" and "that is log(1 + a)" in feedback.message


def test_student_code_that_raises_later_names_the_test_case():
    def answer(a):                              # fine at 0.4 and 2.5, raises at -1.5
        s = 1 / (1 + math.exp(-a.data))
        return Value(math.log(a.data + 1.5) * 0 + math.log1p(math.exp(a.data)),
                     ((a, s),), "softplus")
    feedback = check_softplus(answer, Value)
    assert feedback.status == "wrong"
    assert "ValueError" in feedback.message and "test case 3 of 3: a = Value(-1.5)" in \
        feedback.message


FUZZ = [
    lambda a: "softplus", lambda a: 1.0, lambda a: [a], lambda a: (a, 1.0), lambda a: a,
    lambda a: Value(float("nan"), ((a, 0.5),)), lambda a: Value(1.0, ((a, "0.5"),)),
    lambda a: Value(1.0, ((a, None),)), lambda a: Value(1.0, ((a.data, 0.5),)),
    lambda a: Value(1.0, (a,)), lambda a: Value(1.0, a), lambda a: Value(1.0, ((a, 1, 2),)),
    lambda a: Value(1.0, ((a, np.array([1.0, 2.0])),)), lambda a: Value(1.0, ((a, True),)),
    lambda a: Value(1.0, [[a, 0.5]]), lambda a: 1 / 0, lambda a: a.missing,
    lambda a: Value(math.log1p(math.exp(a.data)), ((a, float("inf")),)),
    lambda a: Value(math.log1p(math.exp(a.data)), ((a, float("nan")),)),
]


@pytest.mark.parametrize("answer", FUZZ)
def test_softplus_checker_never_raises(answer):
    feedback = check_softplus(answer, Value)
    assert feedback.status == "wrong" and "softplus" in feedback.message
    assert "test case" in feedback.message


MUL_FUZZ = [
    lambda *args: "grad", lambda *args: (None, None), lambda *args: ("a", "b"),
    lambda *args: {"a_grad": 1}, lambda *args: (np.nan * args[3], args[4]),
    lambda *args: (args[3], args[4], args[2]), lambda *args: 1 / 0,
    lambda *args: (np.ones((2, 2, 2)), [1, 2]), lambda *args: (args[0] @ args[1], args[4]),
    lambda *args: (np.array([object()]), args[4]), lambda *args: (args[3] + np.inf, args[4]),
]


@pytest.mark.parametrize("answer", MUL_FUZZ)
def test_mul_checker_never_raises(answer):
    feedback = check_mul_backward(answer)
    assert feedback.status == "wrong" and "mul_backward" in feedback.message


def test_the_notebooks_scalar_engine_copy_handles_deep_graphs_and_k_zero():
    x, total = Value(0.5), 0.0
    for i in range(3000):                       # deeper than Python's recursion limit
        total = total + x * i
    total.backward()
    assert x.grad == sum(range(3000))
    w = Value(0.0)
    (w ** 0).backward()
    assert w.grad == 0.0                        # not 0 * 0 ** -1 (ZeroDivisionError)

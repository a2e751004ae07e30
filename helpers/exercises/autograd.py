"""Notebook 08's exercises: the backward rule of a broadcasting product, and a new operation
for the scalar engine (softplus), gradient-checked. Each checker names the mistake and, whatever
the student's code returns or raises, answers with feedback instead of raising."""
import math
import numbers

import numpy as np

from . import (
    Case,
    Mistake,
    call_student,
    check,
    correct,
    fmt,
    is_stub,
    never_raises,
    not_attempted,
    wrong,
)

# --------------------------------------------------- exercise 1: the backward rule of a * b
_ADD = "gradients add where paths meet: return a_grad + (this operation's part), the += of backward"


def mul_backward_reference(a, b, grad, a_grad, b_grad):
    """out = a * b, a (n, m), b (n, 1) broadcast over the m columns; grad = dL/d(out) (n, m);
    a_grad, b_grad: what a and b already received along other paths. Returns both, updated."""
    return a_grad + grad * b, b_grad + (grad * a).sum(axis=1, keepdims=True)


def _part_b(a, grad):
    return (grad * a).sum(axis=1, keepdims=True)


MUL_MISTAKES = [
    Mistake("overwritten", lambda a, b, g, ag, bg: (g * b, _part_b(a, g)),
            message="the gradient a and b already had from other paths (a_grad, b_grad) was "
                    "replaced, not added to (= instead of +=): " + _ADD),
    Mistake("overwritten_a", lambda a, b, g, ag, bg: (g * b, bg + _part_b(a, g)),
            message="a's earlier gradient a_grad was replaced, not added to: " + _ADD),
    Mistake("overwritten_b", lambda a, b, g, ag, bg: (ag + g * b, _part_b(a, g)),
            message="b's earlier gradient b_grad was replaced, not added to: " + _ADD),
    Mistake("swapped_local", lambda a, b, g, ag, bg: (ag + g * a, bg + (g * b).sum(
        axis=1, keepdims=True)),
            message="wrong local derivative: d(a*b)/da = b and d(a*b)/db = a (each factor's "
                    "derivative is the OTHER factor)"),
    Mistake("no_local", lambda a, b, g, ag, bg: (ag + g, bg + g.sum(axis=1, keepdims=True)),
            message="the local derivative is missing: passing grad on unchanged is the rule "
                    "of +; for * multiply grad by the other factor"),
    Mistake("unsummed", lambda a, b, g, ag, bg: (ag + g * b, bg + g * a),
            message="b was broadcast across the m columns, so each column's copy sends a "
                    "gradient back and they add up: sum over axis=1 with keepdims=True, "
                    "(grad * a).sum(axis=1, keepdims=True), shape (n, 1)"),
    Mistake("no_keepdims", lambda a, b, g, ag, bg: (ag + g * b, bg + (g * a).sum(axis=1)),
            message="summed without keepdims=True: (grad * a).sum(axis=1) has shape (n,), and "
                    "adding it to b_grad (n, 1) broadcast to an (n, n) table; write "
                    "(grad * a).sum(axis=1, keepdims=True)"),
    Mistake("summed_wrong_axis", lambda a, b, g, ag, bg: (ag + g * b, bg + (g * a).sum(
        axis=0, keepdims=True))),
    Mistake("mean", lambda a, b, g, ag, bg: (ag + g * b, bg + (g * a).mean(axis=1, keepdims=True)),
            message="a mean over the columns: every copy of b passes its whole gradient, so "
                    "they add (sum), they do not average"),
    Mistake("sum_no_axis", lambda a, b, g, ag, bg: (ag + g * b, bg + (g * a).sum()),
            message="(grad * a).sum() with no axis adds up every entry, across the units too, "
                    "and gives each of b's n entries the same number: unit j's scale b[j] "
                    "only meets row j, so sum over the columns alone, "
                    "(grad * a).sum(axis=1, keepdims=True)"),
    Mistake("subtracted", lambda a, b, g, ag, bg: (ag - g * b, bg - _part_b(a, g)),
            message="the contributions were subtracted: backward adds each path's share "
                    "(the chain rule's sum over paths, a_grad + grad * b); the minus sign "
                    "belongs to the update step w - learning_rate * grad, not to backward"),
    Mistake("subtracted_a", lambda a, b, g, ag, bg: (ag - g * b, bg + _part_b(a, g)),
            message="a_grad - grad * b: backward adds each path's share to a_grad "
                    "(a_grad + grad * b, as you did for b); the minus sign belongs to the "
                    "update step, not to backward"),
    Mistake("subtracted_b", lambda a, b, g, ag, bg: (ag + g * b, bg - _part_b(a, g)),
            message="b_grad - (...): backward adds each path's share to b_grad, "
                    "b_grad + (grad * a).sum(axis=1, keepdims=True); the minus sign belongs "
                    "to the update step, not to backward"),
]


def _mul_cases():
    rng = np.random.default_rng(8)
    cases = []
    for n, m, label in ((3, 5, "n = 3 units, m = 5 columns, earlier gradients non-zero"),
                        (2, 4, "n = 2, m = 4: a fresh node (earlier gradients 0)"),
                        (4, 2, "n = 4, m = 2, earlier gradients non-zero")):
        a, grad = rng.standard_normal((n, m)), rng.standard_normal((n, m))
        b = rng.standard_normal((n, 1))
        fresh = m == 4
        a_grad = np.zeros((n, m)) if fresh else rng.standard_normal((n, m))
        b_grad = np.zeros((n, 1)) if fresh else rng.standard_normal((n, 1))
        cases.append(Case((a, b, grad, a_grad, b_grad), label=label))
    return [cases[0], cases[2], cases[1]]          # the revealing cases first


MUL_CASES = _mul_cases()


def check_mul_backward(mul_backward):
    """Exercise 1 on three cases; names an overwritten gradient, a wrong local derivative and
    a missing sum over the broadcast axis."""
    return check(mul_backward, MUL_CASES, "mul_backward", mul_backward_reference, MUL_MISTAKES,
                 returns=("a_grad", "b_grad"), must_not_mutate=False,
                 what="mul_backward adds the right contributions")


# ------------------------------------------------------- exercise 2: softplus, a new node
def _softplus(x):
    return float(np.logaddexp(0.0, x))


def _sigmoid(x):
    return 1 / (1 + math.exp(-x))


#: an interior point first: a forward written log(1 + a) is defined there, so the checker can
#: name it before a = -1.5 (outside log(1 + a)'s domain) would make it raise
SOFTPLUS_POINTS = (0.4, 2.5, -1.5)
_FORWARD_MISTAKES = [
    (math.exp, "that is e^a: softplus is log(1 + e^a)"),
    (lambda x: x, "that is log(e^a) = a: the 1 + inside the log is missing"),
    (lambda x: math.log1p(x) if x > -1 else float("nan"), "that is log(1 + a): softplus is "
                                                          "log(1 + e^a)"),
]
_LOCAL_MISTAKES = [
    (lambda x: _sigmoid(-x), "that is σ(-a) = 1 / (1 + e^a): the derivative of log(1 + e^a) "
                             "is e^a / (1 + e^a) = σ(a)"),
    (math.exp, "that is e^a, the inner derivative alone: the chain rule also divides by "
               "1 + e^a, giving σ(a)"),
    (lambda x: _sigmoid(x) * (1 - _sigmoid(x)), "that is σ'(a), one derivative too many: "
                                                "softplus' derivative is σ(a) itself"),
    (lambda x: 1 / (1 + math.exp(x)) if x < 700 else 0.0, "that is 1 / (1 + e^a) = σ(-a): "
                                                          "the derivative is σ(a)"),
    (_softplus, "that is softplus(a) itself: the local derivative is d softplus / da = σ(a)"),
]


def _in_graph(out, node):
    """True when ``node`` is ``out`` or one of the nodes ``out`` was computed from (the graph's
    shape was checked by ``_graph_problem`` first)."""
    seen, stack = set(), [out]
    while stack:
        current = stack.pop()
        if current is node:
            return True
        if id(current) not in seen:
            seen.add(id(current))
            stack.extend(p for p, _ in getattr(current, "parents", ()))
    return False


def _graph_problem(out, Value):
    """What is wrong with the shape of the graph below ``out`` (its ``parents`` tuples and
    local derivatives), or None. Walks every node, so a composed answer is checked too."""
    seen, stack = set(), [out]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        parents = getattr(node, "parents", ())
        if (isinstance(parents, (tuple, list)) and len(parents) == 2
                and isinstance(parents[0], Value)):
            return ("parents is (a, local), one pair, where the engine expects a tuple OF "
                    "pairs: ((a, local)) is the same as (a, local), the inner brackets only "
                    "group; write ((a, local),) with the trailing comma, a tuple of one pair")
        if not isinstance(parents, (tuple, list)):
            return (f"parents is a {type(parents).__name__}: expected a tuple of pairs "
                    f"(parent, local derivative), ((a, local),)")
        for pair in parents:
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                return (f"each entry of parents must be a pair (parent, local derivative), "
                        f"got {fmt(pair)}: write ((a, local),)")
            parent, local = pair
            if not isinstance(parent, Value):
                return (f"a parent must be a Value (the node a itself), got "
                        f"{type(parent).__name__}: write ((a, local),), not ((a.data, "
                        f"local),)")
            if isinstance(local, Value):
                return ("the local derivative is a Value (a node of the graph, e.g. what "
                        "sigmoid(a) returns), but the engine multiplies plain numbers: record "
                        "its number, sigmoid(a).data, or compute it with math.exp")
            if isinstance(local, (bool, np.bool_)) or not isinstance(local, numbers.Real):
                return (f"the local derivative must be a number, got "
                        f"{type(local).__name__} {fmt(local)}")
            stack.append(parent)
    return None


def _where(i, x):
    return f"(test case {i} of {len(SOFTPLUS_POINTS)}: a = Value({x}))"


@never_raises
def check_softplus(softplus, Value):
    """Exercise 2: ``softplus(a)`` for a ``Value`` a, checked at three points: its value, then
    its gradient after ``backward`` against σ(a) and against a centred difference of the
    student's own forward (a gradient check). Never raises: whatever the student's code does,
    the feedback names the test case."""
    if is_stub(softplus):
        return not_attempted("softplus")
    if not isinstance(Value, type):
        return wrong(f"softplus: the checker's second argument must be the notebook's `Value` "
                     f"class (check_softplus(softplus, Value)), got {type(Value).__name__}")
    composed = False
    for i, x in enumerate(SOFTPLUS_POINTS, start=1):
        where = _where(i, x)
        outcome = call_student(lambda a: (softplus(a), a), (Value(x),), "softplus",
                               arg_names=["a"], must_not_mutate=False)
        if outcome.feedback is not None:
            if outcome.feedback.status == "wrong":
                outcome.feedback.message += f" {where}"
            return outcome.feedback
        out, leaf = outcome.value                  # leaf: the Value the student was given
        try:
            feedback, simple = _check_point(softplus, Value, out, leaf, x, where)
        except Exception as exc:                   # the student's code, called again, raised
            return wrong(f"softplus: your code raised {type(exc).__name__}: {exc} {where}")
        if feedback is not None:
            return feedback
        composed = composed or not simple
    how = (" (built from log, exp and +: the engine differentiates it for free; the one-node "
           "version records σ(a) as its local derivative)") if composed else ""
    return correct(f"softplus has the right value and its gradient passes the gradient check "
                   f"at a = {', '.join(str(x) for x in SOFTPLUS_POINTS)}{how}.")


def _check_point(softplus, Value, out, leaf, x, where):
    """(feedback or None, whether ``out`` is one node on a) for one test point."""
    if out is None:
        return wrong(f"softplus: returned None: did you forget `return`? {where}"), True
    if not isinstance(out, Value):
        return wrong(f"softplus: expected a Value (a node of the graph), got "
                     f"{type(out).__name__} {fmt(out)}: return Value(number, ((a, local "
                     f"derivative),), 'softplus') so backward can reach a {where}"), True
    problem = _graph_problem(out, Value)
    if problem:
        return wrong(f"softplus: {problem} {where}"), True
    got = out.data
    problem = _forward_problem(got, x)
    if problem:
        return wrong(f"softplus: wrong value {fmt(got)}, expected {fmt(_softplus(x))}: "
                     f"{problem} {where}"), True
    if out is leaf or not _in_graph(out, leaf):
        return wrong(f"softplus: the result does not depend on a in the graph (a is not among "
                     f"its parents): list (a, local derivative) in the new Value's parents "
                     f"{where}"), True
    simple = any(p is leaf for p, _ in out.parents)
    outcome = call_student(lambda: out.backward() or True, (), "backward",
                           must_not_mutate=False)                 # True: not a "None" return
    if outcome.feedback is not None and outcome.feedback.status == "wrong":
        return wrong(f"softplus: backward() on your result failed: "
                     f"{outcome.feedback.message} {where}"), simple
    if not isinstance(leaf.grad, numbers.Real):
        return wrong(f"softplus: after backward, a.grad is {type(leaf.grad).__name__} "
                     f"{fmt(leaf.grad)}, not a number: record plain numbers as local "
                     f"derivatives {where}"), simple
    problem = _gradient_problem(softplus, Value, leaf.grad, x)
    if problem:
        return wrong(f"softplus: after backward, a.grad = {fmt(leaf.grad)}, expected "
                     f"σ(a) = {fmt(_sigmoid(x))}: {problem} {where}"), simple
    return None, simple


def _forward_problem(got, x):
    if not isinstance(got, numbers.Real):
        return f"the value (.data) must be a number, got {type(got).__name__}"
    if math.isclose(got, _softplus(x), rel_tol=1e-9, abs_tol=1e-12):
        return None
    for fn, message in _FORWARD_MISTAKES:
        wrong_value = fn(x)
        if not math.isnan(wrong_value) and math.isclose(got, wrong_value, rel_tol=1e-9):
            return message
    return "softplus(a) = log(1 + e^a)"


def _gradient_problem(softplus, Value, got, x, h=1e-5):
    if math.isclose(got, _sigmoid(x), rel_tol=1e-7, abs_tol=1e-12):
        return None
    if got == 0:
        return ("no gradient reached a: record a with its local derivative in the new "
                "Value's parents, ((a, local),)")
    for fn, message in _LOCAL_MISTAKES:
        if math.isclose(got, fn(x), rel_tol=1e-9):
            return message
    numeric = (float(softplus(Value(x + h)).data) - float(softplus(Value(x - h)).data)) / (2 * h)
    return (f"a centred difference of your own forward gives {numeric:.6g}, so the local "
            f"derivative you recorded does not match your function (it should be σ(a))")

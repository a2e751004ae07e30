import numpy as np
import pytest

from helpers import gradcheck
from helpers.network import MLP


def test_rel_error_is_cs231n_definition():
    a = np.array([1.0, 0.0, 2e-9])
    b = np.array([1.1, 0.0, 1e-9])
    errs = gradcheck.rel_errors(a, b)
    assert errs[0] == pytest.approx(0.1 / 2.1)
    assert errs[1] == 0.0                     # both zero: no division by zero
    assert errs[2] == pytest.approx(1e-9 / 1e-8)   # the 1e-8 floor
    assert gradcheck.rel_error(a, b) == pytest.approx(0.1)
    with pytest.raises(ValueError, match=r"b: expected the shape of a, \(3,\)"):
        gradcheck.rel_error(a, np.zeros(2))


@pytest.mark.parametrize("order, h, tol", [(2, 1e-5, 1e-9), (4, 1e-3, 1e-11)])
def test_numerical_gradient_of_known_function(order, h, tol):
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    f = lambda: float(np.sum(np.sin(x) * x ** 2))          # noqa: E731
    want = np.cos(x) * x ** 2 + 2 * x * np.sin(x)
    got = gradcheck.numerical_gradient(f, x, h=h, order=order)
    assert np.max(np.abs(got - want)) < tol
    np.testing.assert_array_equal(x, [[0.3, -1.2], [2.0, 0.5]])   # restored


def test_bad_order():
    with pytest.raises(ValueError, match="order: expected 2 or 4, got 3"):
        gradcheck.numerical_gradient(lambda: 0.0, np.zeros(2), order=3)


def test_check_network_passes_right_and_fails_wrong_gradients():
    rng = np.random.default_rng(1)
    net = MLP([3, 4, 1], init="lecun", seed=2)
    X = rng.standard_normal((3, 5))
    Y = rng.integers(0, 2, (1, 5)).astype(float)
    ok, rows = gradcheck.check_network(net, X, Y)
    assert ok and [r["name"] for r in rows] == ["dW1", "db1", "dW2", "db2"]
    before = {k: v.copy() for k, v in net.params.items()}
    _, cache = net.forward(X)
    grads = net.backward(cache, Y)
    grads["dW1"] = grads["dW1"] * 5              # a missing-factor style bug in one parameter
    ok, rows = gradcheck.check_network(net, X, Y, grads=grads)
    assert not ok
    bad = {r["name"]: r for r in rows}
    assert bad["dW1"]["rel_error"] == pytest.approx(4 / 6, rel=1e-5)
    assert bad["dW2"]["rel_error"] < 1e-7
    for k in before:                             # the check leaves the parameters as they were
        np.testing.assert_array_equal(before[k], net.params[k])


def test_report_is_readable_and_stable():
    rows = [{"name": "dW1", "rel_error": 3.2e-11, "index": (0, 1), "analytic": 0.123456789,
             "numeric": 0.123456788},
            {"name": "db1", "rel_error": 0.25, "index": (1, 0), "analytic": 1.0, "numeric": 0.6}]
    text = gradcheck.format_report(rows)
    lines = text.splitlines()
    assert lines[0].split("|")[1].strip() == "max rel. error"
    assert "< 1e-10" in lines[1] and lines[1].endswith("ok") and "(0, 1)" in lines[1]
    assert "0.25" in lines[2] and lines[2].endswith("FAIL")


def test_float32_check_loses_precision():
    rng = np.random.default_rng(0)
    net = MLP([2, 3, 1], init="lecun")
    X = rng.standard_normal((2, 4))
    Y = np.array([[0.0, 1.0, 1.0, 0.0]])
    _, cache = net.forward(X)
    grads = net.backward(cache, Y)
    numeric = gradcheck.numerical_grads(net, X, Y)
    err64 = max(r["rel_error"] for r in gradcheck.compare(grads, numeric))
    err32 = max(r["rel_error"] for r in gradcheck.compare(
        grads, gradcheck.numerical_grads(net, X, Y, h=1e-2, dtype=np.float32)))
    assert err64 < 1e-7 < err32


def test_report_columns_widen_for_long_names():
    rows = [{"name": "dW_hidden", "rel_error": 0.0, "index": (10, 11), "analytic": 1.0,
             "numeric": 1.0},
            {"name": "db1", "rel_error": 0.0, "index": (0, 0), "analytic": 1.0, "numeric": 1.0}]
    lines = gradcheck.format_report(rows).splitlines()
    assert len({line.index("|") for line in lines}) == 1        # first bar aligned on every row
    assert len({line.rindex("|") for line in lines}) == 1


def test_numerical_grads_go_through_the_public_forward_and_leave_the_network_alone():
    calls = []

    class Watched(MLP):
        def forward(self, X, keep_cache=True, **kwargs):
            calls.append(X.dtype)
            return super().forward(X, keep_cache, **kwargs)

    net = Watched([2, 3, 1], init="lecun", seed=1)
    params, before = net.params, {k: v.copy() for k, v in net.params.items()}
    X, Y = np.array([[0.5, -1.0], [1.5, 0.2]]), np.array([[1.0, 0.0]])
    numeric = gradcheck.numerical_grads(net, X, Y, dtype=np.longdouble)
    assert calls[0] == np.float64 and set(calls[1:]) == {np.dtype(np.longdouble)}
    assert net.params is params and all(np.array_equal(params[k], before[k]) for k in before)
    _, cache = net.forward(X)
    grads = net.backward(cache, Y)
    assert all(gradcheck.rel_error(grads[k], numeric[k]) < 1e-8 for k in grads)


# ------------------------------------------------------- a check that cannot mislead
def xor_data():
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    return X, np.array([[0.0, 1.0, 1.0, 0.0]])


def test_a_missing_or_extra_gradient_fails_the_check():
    net = MLP([2, 3, 1], "tanh", init="lecun", seed=1)
    X, Y = xor_data()
    grads = net.backward(net.forward(X)[1], Y)
    missing = {k: v for k, v in grads.items() if k != "db2"}
    ok, rows = gradcheck.check_network(net, X, Y, grads=missing)
    assert not ok and [r["name"] for r in rows] == ["dW1", "db1", "dW2", "db2"]
    assert rows[-1]["problem"] == "missing from analytic" and not rows[-1]["ok"]
    assert "db2" in gradcheck.format_report(rows).splitlines()[-1]
    assert gradcheck.format_report(rows).splitlines()[-1].endswith("FAIL (missing from analytic)")
    ok, rows = gradcheck.check_network(net, X, Y, grads={**grads, "dW9": np.zeros((1, 1))})
    assert not ok and rows[-1]["problem"] == "missing from numeric"
    from helpers import portable
    assert portable.format_report(rows).splitlines()[-1].endswith("FAIL (missing from numeric)")


@pytest.mark.parametrize("call, words", [
    (lambda net, X, Y: gradcheck.compare([1.0], {"dW1": np.zeros(1)}), ["analytic", "dict"]),
    (lambda net, X, Y: gradcheck.check_network("net", X, Y), ["net", "MLP", "str"]),
    (lambda net, X, Y: gradcheck.check_network(net, X, Y, h=0), ["h", "> 0", "got 0"]),
    (lambda net, X, Y: gradcheck.numerical_grads(net, X, Y, h=-1e-5), ["h", "> 0"]),
    (lambda net, X, Y: gradcheck.numerical_gradient(lambda: 0.0, np.arange(3)),
     ["x", "float", "int"]),
    (lambda net, X, Y: gradcheck.numerical_gradient(lambda: 0.0, np.zeros(3), order=3),
     ["order", "2 or 4", "3"]),
    (lambda net, X, Y: gradcheck.numerical_grads(net, X, Y, training=True),
     ["rng", "integer seed", "None"]),
])
def test_bad_input_gets_a_value_error_saying_what_was_expected(call, words):
    net = MLP([2, 3, 1], init="lecun")
    with pytest.raises(ValueError) as err:
        call(net, *xor_data())
    for w in words:
        assert w in str(err.value)


@pytest.mark.parametrize("sizes, activation", [([2, 8, 1], "tanh"), ([2, 3, 3, 1], "sigmoid"),
                                               ([2, 4, 4, 4, 1], "sigmoid")])
@pytest.mark.parametrize("init", ["small", "lecun"])
def test_a_correct_network_passes_also_with_tiny_gradients(sizes, activation, init):
    net = MLP(sizes, activation, init=init, seed=0)      # the package docstring's example
    X, Y = xor_data()
    ok, rows = gradcheck.check_network(net, X, Y)
    assert ok, gradcheck.format_report(rows)
    if init == "small":                                 # first-layer entries near 1e-9
        assert any(r["problem"] == "below resolution" for r in rows)


@pytest.mark.parametrize("init", ["small", "lecun"])
def test_a_wrong_gradient_still_fails_with_tiny_gradients(init):
    net = MLP([2, 3, 3, 1], "sigmoid", init=init, seed=0)
    X, Y = xor_data()
    grads = net.backward(net.forward(X)[1], Y)
    for bug in ({"dW1": -grads["dW1"]}, {"db1": 2 * grads["db1"]},
                {"dW3": grads["dW3"] * X.shape[1]}):
        ok, rows = gradcheck.check_network(net, X, Y, grads={**grads, **bug})
        assert not ok and [r["name"] for r in rows if not r["ok"]] == list(bug)


def test_float32_passes_get_no_allowance():
    net = MLP([2, 3, 1], init="lecun")
    ok, rows = gradcheck.check_network(net, *xor_data(), dtype=np.float32)
    assert not ok and max(r["rel_error"] for r in rows) > 1e-2


def test_numerical_grads_differentiate_the_dropped_network_with_training_true():
    net = MLP([3, 6, 6, 1], "tanh", init="lecun", seed=1, dropout=0.4)
    rng = np.random.default_rng(5)
    X, Y = rng.standard_normal((3, 4)), np.array([[1.0, 0.0, 1.0, 1.0]])
    _, cache = net.forward(X, training=True, rng=7)
    grads = net.backward(cache, Y)
    numeric = gradcheck.numerical_grads(net, X, Y, training=True, rng=7)
    rows = gradcheck.compare(grads, numeric)
    assert all(r["rel_error"] < 1e-7 for r in rows)
    plain = gradcheck.numerical_grads(net, X, Y)           # dropout off: another function
    assert gradcheck.rel_error(grads["dW1"], plain["dW1"]) > 1e-3

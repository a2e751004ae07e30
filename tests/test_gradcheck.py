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
    net = MLP([3, 4, 1], init="xavier", seed=2)
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
    assert gradcheck.error_bound(0) == "0"
    assert gradcheck.error_bound(9e-10) == "< 1e-09"
    assert gradcheck.error_bound(1e-9) == "< 1e-08"      # strictly below


def test_float32_check_loses_precision():
    rng = np.random.default_rng(0)
    net = MLP([2, 3, 1], init="xavier")
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

    net = Watched([2, 3, 1], init="xavier", seed=1)
    params, before = net.params, {k: v.copy() for k, v in net.params.items()}
    X, Y = np.array([[0.5, -1.0], [1.5, 0.2]]), np.array([[1.0, 0.0]])
    numeric = gradcheck.numerical_grads(net, X, Y, dtype=np.longdouble)
    assert len(calls) == 1 + 2 * 13 and calls.count(np.longdouble) == 2 * 13   # 13 parameters
    assert net.params is params and all(np.array_equal(params[k], before[k]) for k in before)
    _, cache = net.forward(X)
    grads = net.backward(cache, Y)
    assert all(gradcheck.rel_error(grads[k], numeric[k]) < 1e-8 for k in grads)

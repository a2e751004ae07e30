"""The bug zoo: the correct backward against MLP.backward and finite differences, and each
bug caught by the gradient check with its own fingerprint."""
import numpy as np
import pytest

from helpers import bugzoo
from helpers.bugzoo import zoo_problem
from helpers.gradcheck import numerical_grads, rel_error
from helpers.network import MLP


@pytest.mark.parametrize("sizes", [[2, 1], [2, 3, 1], [3, 4, 4, 2], [2, 3, 3, 3, 1]])
def test_correct_backward_is_mlp_backward_and_finite_differences(sizes, rng):
    net = MLP(sizes, activation="sigmoid", output="sigmoid", init="lecun", seed=3)
    X = rng.standard_normal((sizes[0], 5))
    Y = rng.random((sizes[-1], 5))
    A, cache = net.forward(X)
    ours = bugzoo.backward(net, cache, Y)
    ref = net.backward(cache, Y, "mse")
    numeric = numerical_grads(net, X, Y, loss="mse", h=1e-3, order=4)   # tiny deep entries
    assert list(ours) == list(ref)
    for name in ref:
        np.testing.assert_allclose(ours[name], ref[name], rtol=1e-12, atol=1e-15)
        assert rel_error(ours[name], numeric[name]) < 1e-6, name


EXPECTED_FAILS = {
    "correct": [],
    "sigma' forgotten": ["dW1", "db1", "dW2", "db2"],
    "wrong transpose": ["dW1", "db1"],
    "1/m forgotten": ["dW1", "dW2", "dW3"],
    "z used where a is needed": ["dW2", "dW3"],
    "bias gradient not summed": ["db1", "db2", "db3"],
    "sign error": ["dW1", "db1", "dW2", "db2", "dW3", "db3"],
    "1/2 of MSE dropped": ["dW1", "db1", "dW2", "db2", "dW3", "db3"],
}


def test_every_bug_has_a_description_and_an_expected_fingerprint():
    assert set(bugzoo.BUGS) == set(EXPECTED_FAILS) == set(bugzoo.FINGERPRINTS)


@pytest.mark.parametrize("bug", list(bugzoo.BUGS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_each_bug_is_caught_where_expected(bug, seed):
    net, X, Y = zoo_problem(seed=seed)
    ok, rows = bugzoo.check(net, X, Y, bug)
    assert ok == (bug == "correct")
    assert bugzoo.failing(rows) == EXPECTED_FAILS[bug]
    for r in rows:
        if not r["ok"]:
            assert r["rel_error"] > 1e-3, (bug, r)        # far above round-off, not marginal


def test_constant_factor_bugs_have_their_exact_ratio():
    net, X, Y = zoo_problem(m=4)
    expect = {"1/m forgotten": 4.0, "sign error": -1.0, "1/2 of MSE dropped": 2.0}
    for bug, ratio in expect.items():
        _, rows = bugzoo.check(net, X, Y, bug)
        for r in rows:
            if not r["ok"]:
                assert r["ratio"] == pytest.approx(ratio, rel=1e-5), (bug, r)
                # relative error of c g against g: |c - 1| / (|c| + 1)
                assert r["rel_error"] == pytest.approx(abs(ratio - 1) / (abs(ratio) + 1),
                                                       rel=1e-5)


def test_bias_bug_reports_the_shapes():
    net, X, Y = zoo_problem(m=4)
    _, rows = bugzoo.check(net, X, Y, "bias gradient not summed")
    bad = [r for r in rows if not r["shape_ok"]]
    assert [r["got_shape"] for r in bad] == [(3, 4), (3, 4), (1, 4)]
    text = bugzoo.format_report(rows)
    assert "wrong shape" in text and "(3, 4) vs (3, 1)" in text and text.count("FAIL") == 3


def test_one_example_hides_the_m_bugs():
    """With m = 1 the 1/m and the sum over examples change nothing: check with m > 1."""
    net, X, Y = zoo_problem(m=1)
    for bug in ("1/m forgotten", "bias gradient not summed"):
        ok, _ = bugzoo.check(net, X, Y, bug)
        assert ok, bug


def test_bad_input():
    net, X, Y = zoo_problem()
    _, cache = net.forward(X)
    with pytest.raises(ValueError, match="bug: expected one of"):
        bugzoo.backward(net, cache, Y, "typo")
    with pytest.raises(ValueError, match="net: expected an MLP with activation='sigmoid'"):
        bugzoo.backward(MLP([2, 3, 1], activation="tanh"), cache, Y)
    with pytest.raises(ValueError, match="Y: expected shape"):
        bugzoo.backward(net, cache, Y.T)

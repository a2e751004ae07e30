import warnings

import numpy as np
import pytest
import sympy as sp

from helpers import activations as act

z = sp.Symbol("z", real=True)
SYMBOLIC = {
    "sigmoid": 1 / (1 + sp.exp(-z)),
    "tanh": sp.tanh(z),
    "linear": z,
}
# many points, including the tails where naive formulas overflow or lose all precision
# (800 digits: at z = 700, 1 - tanh(z)^2 cancels about 600 of them)
POINTS = [-700, -100, -40, -20, -5, -1, -0.3, 0, 0.3, 1, 5, 20, 40, 100, 700]


@pytest.mark.parametrize("name", SYMBOLIC)
def test_function_and_derivative_match_sympy(name):
    f, df = act.ACTIVATIONS[name]
    expr = SYMBOLIC[name]
    dexpr = sp.diff(expr, z)
    for p in POINTS:
        want = float(expr.subs(z, p).evalf(800))
        dwant = float(dexpr.subs(z, p).evalf(800))
        assert f(np.array(p, float)) == pytest.approx(want, rel=1e-12, abs=1e-300)
        assert df(np.array(p, float)) == pytest.approx(dwant, rel=1e-9, abs=1e-300)


def test_relu_and_derivative_away_from_the_kink():
    expr = sp.Max(0, z)
    for p in [-50, -3, -0.1, 0.1, 2, 50]:
        assert act.relu(np.array(p, float)) == float(expr.subs(z, p))
        assert act.drelu(np.array(p, float)) == float(sp.diff(expr, z).subs(z, p))
    assert act.drelu(np.array(0.0)) == 0.0    # the convention at the kink


def test_sigmoid_is_finite_and_silent_far_into_the_tails():
    zs = np.array([-1e4, -1000, -745, -500, 0, 500, 745, 1000, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = act.sigmoid(zs)
        d = act.dsigmoid(zs)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(d))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[4] == 0.5
    # no clipping artefact: the tail keeps relative precision where float64 can represent it
    assert act.sigmoid(np.array(-700.0)) == pytest.approx(np.exp(-700.0), rel=1e-12)
    assert np.all(np.diff(act.sigmoid(np.linspace(-745, 745, 5001))) >= 0)   # monotone


def test_sigmoid_derivative_from_activation_needs_a_not_z():
    zs = np.linspace(-4, 4, 9)
    a = act.sigmoid(zs)
    np.testing.assert_allclose(act.dsigmoid_from_a(a), act.dsigmoid(zs), rtol=1e-14)
    # the classic bug: passing z where a is expected gives different numbers
    assert not np.allclose(act.dsigmoid_from_a(zs), act.dsigmoid(zs))


def test_softmax_columns_sum_to_one_for_huge_logits():
    Z = np.array([[1000.0, -1000.0, 0.0], [0.0, 1000.0, 0.0], [-1000.0, 0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = act.softmax(Z)
    np.testing.assert_allclose(A.sum(axis=0), 1.0)
    np.testing.assert_allclose(A[:, 2], 1 / 3)
    assert A[0, 0] == 1.0 and A[1, 1] == 1.0

"""helpers.symbolic against independent references: numpy's activations, MLP's loss, finite
differences, and SymPy identities proved (or refuted) by hand-picked cases."""
import subprocess
import sys

import numpy as np
import pytest
import sympy as sp

from helpers import gradcheck
from helpers.activations import dsigmoid
from helpers.network import MLP
from helpers.symbolic import SymbolicNetwork, equal_entries, proves_zero, sigmoid
from helpers.symbolic_check import compare_with_numeric, equation, format_comparison


def random_params(sizes, rng, scale=1.0):
    return {k: rng.standard_normal(v.shape) * scale for k, v in MLP(sizes).params.items()}


def test_sigmoid_derivative_matches_numpy():
    z = sp.Symbol("z")
    d = sp.lambdify(z, sp.diff(sigmoid(z), z))
    for value in (-4.0, -0.3, 0.0, 2.5):
        assert d(value) == pytest.approx(float(dsigmoid(np.array(value))), rel=1e-12)


@pytest.mark.slow          # builds and differentiates document 001's whole 4-2-2-1 network
def test_shapes_and_symbols_of_document_001_network():
    net = SymbolicNetwork([4, 2, 2, 1], m=3)
    assert len(net.param_symbols) == 19 and len(set(net.param_symbols)) == 19
    assert net.X.shape == (4, 3) and net.Y.shape == (1, 3)
    for l, (n_out, n_in) in enumerate([(2, 4), (2, 2), (1, 2)], start=1):
        assert net.params[f"W{l}"].shape == (n_out, n_in)
        assert net.params[f"b{l}"].shape == (n_out, 1)
        assert net.Z[l].shape == net.A[l].shape == (n_out, 3)
    grads = net.gradients()
    assert {k: v.shape for k, v in grads.items()} == {
        f"d{k}": v.shape for k, v in net.params.items()}


@pytest.mark.parametrize("sizes, activation, loss", [([2, 2, 1], "sigmoid", "bce"),
                                                      ([3, 2, 2], "tanh", "mse"),
                                                      ([2, 3, 1], "linear", "bce")])
def test_cost_equals_the_networks_loss(rng, sizes, activation, loss):
    net = SymbolicNetwork(sizes, activation=activation, loss=loss, m=4)
    params = random_params(sizes, rng)
    X = rng.standard_normal((sizes[0], 4))
    Y = (rng.random((sizes[-1], 4)) > 0.5).astype(float)
    cost = sp.lambdify(net.param_symbols + list(net.X) + list(net.Y), net.cost)
    values = [p for name in ("W1", "b1", "W2", "b2") for p in params[name].ravel()]
    mlp = MLP(sizes, activation=activation)
    mlp.params.update(params)
    assert cost(*values, *X.ravel(), *Y.ravel()) == pytest.approx(mlp.loss(X, Y, loss), rel=1e-12)


@pytest.mark.parametrize("sizes, activation, output, loss", [
    ([2, 2, 1], "sigmoid", "sigmoid", "bce"), ([4, 2, 2, 1], "tanh", "sigmoid", "mse"),
    ([3, 2, 2], "sigmoid", "linear", "mse")])
def test_lambdified_gradients_match_finite_differences(rng, sizes, activation, output, loss):
    net = SymbolicNetwork(sizes, activation=activation, output=output, loss=loss, m=3)
    mlp = MLP(sizes, activation=activation, output=output)
    mlp.params.update(random_params(sizes, rng))
    X = rng.standard_normal((sizes[0], 3))
    Y = (rng.random((sizes[-1], 3)) > 0.5).astype(float)
    symbolic = net.lambdify()(mlp.params, X, Y)
    numeric = gradcheck.numerical_grads(mlp, X, Y, loss, h=1e-3, order=4)
    for name in numeric:
        assert symbolic[name].shape == numeric[name].shape
        assert gradcheck.rel_error(symbolic[name], numeric[name]) < 1e-8, name


@pytest.mark.parametrize("kwargs", [dict(layer_sizes=[2, 2, 1], m=2),
                                    dict(layer_sizes=[3, 2, 1], activation="tanh", loss="mse"),
                                    dict(layer_sizes=[2, 2, 2], output="linear", loss="mse")])
def test_backprop_is_proved_equal_to_the_whole_derivative(kwargs):
    net = SymbolicNetwork(**kwargs)
    proofs = net.proves_equal(net.gradients(), net.backprop())
    assert all(all(ok) for ok in proofs.values())


def test_four_equations_for_any_activation_and_cost():
    g, C = sp.Function("g"), sp.Function("C")
    net = SymbolicNetwork([4, 2, 2, 1], activation=g, output=g, loss=lambda a, y: C(a, y))
    proofs = net.proves_equal(net.gradients(), net.backprop())
    assert sum(len(ok) for ok in proofs.values()) == 19
    assert all(all(ok) for ok in proofs.values())


@pytest.mark.slow          # the slowest SymPy proof here (simplify falls back)
def test_a_wrong_formula_is_not_proved():
    net = SymbolicNetwork([2, 2, 1], m=2)
    wrong = dict(net.backprop())
    wrong["db2"] = wrong["db2"] * 2                     # the 1/m forgotten (m = 2)
    wrong["dW2"] = -wrong["dW2"]                        # sign flipped
    proofs = net.proves_equal(net.gradients(), wrong)
    assert proofs["db2"] == [False] and proofs["dW2"] == [False, False]
    assert all(proofs["dW1"]) and all(proofs["db1"])


def test_proves_zero_on_known_identities_and_non_identities():
    z, y = sp.symbols("z y")
    s = sigmoid(z)
    assert proves_zero(sp.diff(s, z) - s * (1 - s))
    assert proves_zero(sp.diff(sp.tanh(z), z) - (1 - sp.tanh(z) ** 2))
    assert proves_zero(sp.diff(-(y * sp.log(s) + (1 - y) * sp.log(1 - s)), z) - (s - y))
    assert not proves_zero(sp.diff(s, z) - s)
    assert not proves_zero(s * (1 - s) - s ** 2)


def test_in_terms_of_z_names_the_shared_pre_activations():
    net = SymbolicNetwork([2, 2, 1], m=2)
    z = net.z_symbol(2, 1, 2)
    assert net.in_terms_of_z(net.A[2][0, 1]) == sigmoid(z)
    short = net.in_terms_of_z(net.gradients()["db2"][0])
    assert not any(str(s).startswith("w^{[1]}") for s in short.free_symbols)


def test_lambdify_returns_parameter_shapes(rng):
    net = SymbolicNetwork([4, 2, 2, 1])
    params = random_params([4, 2, 2, 1], rng)
    out = net.lambdify()(params, rng.standard_normal((4, 1)), np.array([[1.0]]))
    assert {k: v.shape for k, v in out.items()} == {f"d{k}": v.shape for k, v in params.items()}


def test_compare_with_numeric_and_its_table(rng):
    net = SymbolicNetwork([2, 2, 1], m=3)
    rows = compare_with_numeric(net, random_params([2, 2, 1], rng), rng.standard_normal((2, 3)),
                                np.array([[0.0, 1.0, 1.0]]))
    assert [r["name"] for r in rows] == ["dW1", "db1", "dW2", "db2"]
    assert all(r["vs_backward"] < 1e-12 and r["vs_numeric"] < 1e-8 for r in rows)
    table = format_comparison(rows)
    assert table.count("| ok") == 5 and "FAIL" not in table      # the header and 4 rows
    assert "< 1e-13" in table and "< 1e-15" not in table        # tiny round-off: a stable floor
    rows[0]["vs_numeric"] = 3e-5
    assert "FAIL" in format_comparison(rows) and "< 1e-04" in format_comparison(rows)


@pytest.mark.parametrize("kwargs, words", [
    (dict(layer_sizes=[2]), "layer_sizes: expected a list of at least two"),
    (dict(layer_sizes=[2, 0, 1]), "layer_sizes[1]: expected a positive integer, got 0"),
    (dict(layer_sizes="abc"), "layer_sizes: expected a list"),
    (dict(layer_sizes=[2, 1], activation="relu"), "activation: expected one of"),
    (dict(layer_sizes=[2, 1], output="softmax"), "output: expected one of"),
    (dict(layer_sizes=[2, 1], loss="ce"), "loss: expected one of"),
    (dict(layer_sizes=[2, 1], activation=3), "activation: expected one of"),
    (dict(layer_sizes=[2, 1], m=0), "m: expected a positive integer, got 0"),
])
def test_bad_network_arguments(kwargs, words):
    with pytest.raises(ValueError) as info:
        SymbolicNetwork(**kwargs)
    assert words in str(info.value)


def test_bad_comparison_arguments(rng):
    good = random_params([2, 2, 1], rng)
    X, Y = rng.standard_normal((2, 1)), np.array([[1.0]])
    net = SymbolicNetwork([2, 2, 1])
    with pytest.raises(ValueError, match="net: expected a SymbolicNetwork"):
        compare_with_numeric("net", good, X, Y)
    with pytest.raises(ValueError, match="named activation"):
        compare_with_numeric(SymbolicNetwork([2, 2, 1], activation=sp.Function("g")), good, X, Y)
    with pytest.raises(ValueError, match=r"X: expected 2 rows"):
        compare_with_numeric(net, good, rng.standard_normal((3, 1)), Y)
    with pytest.raises(ValueError, match="X: expected m = 1 columns"):
        compare_with_numeric(net, good, rng.standard_normal((2, 2)), np.array([[1.0, 0.0]]))
    with pytest.raises(ValueError, match=r"params\['W2'\]"):
        compare_with_numeric(net, {k: v for k, v in good.items() if k != "W2"}, X, Y)
    with pytest.raises(ValueError, match=r"params\['W1'\]: expected an array of shape"):
        compare_with_numeric(net, {**good, "W1": np.zeros((3, 3))}, X, Y)
    with pytest.raises(ValueError, match="right: expected the shape of left"):
        equal_entries(sp.Matrix([1, 2]), sp.Matrix([[1, 2]]))
    with pytest.raises(ValueError, match="right: expected the keys of left"):
        net.proves_equal({"dW1": sp.Matrix([1])}, {"db1": sp.Matrix([1])})
    with pytest.raises(ValueError, match="lhs: expected LaTeX text"):
        equation(3, sp.Symbol("x"))


def test_the_maths_module_does_not_import_ipython_and_displays_live_in_symbolic_check():
    code = ("import sys, sympy as sp, helpers.symbolic as s; "
            "assert 'IPython' not in sys.modules; "
            "net = s.SymbolicNetwork([1, 1], m=1); "
            "proofs = net.proves_equal(net.gradients(), net.backprop()); "
            "assert all(all(v) for v in proofs.values()); "
            "net.lambdify(); assert 'helpers.symbolic_check' not in sys.modules; "
            "import helpers.symbolic_check as c; "
            "assert not hasattr(s, 'equation') and not hasattr(s, 'format_comparison') "
            "and not hasattr(c, 'proves_zero') and not hasattr(c, 'lambdify')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

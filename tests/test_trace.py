"""The worked trace: Matt Mazur's published numbers, MLP.backward and finite differences."""
import numpy as np
import pytest

from helpers import trace
from helpers.gradcheck import numerical_gradient
from helpers.network import MLP


def test_mazur_published_numbers():
    """From "A Step by Step Backpropagation Example" (M. Mazur, 2015): biases not updated."""
    params, x, y = trace.mazur_problem()
    s = trace.one_step(params, x, y, learning_rate=0.5, update_biases=False)
    assert s["loss"] == pytest.approx(0.298371109, abs=1e-9)
    assert s["a2"].ravel() == pytest.approx([0.75136507, 0.772928465], abs=1e-8)
    np.testing.assert_allclose(s["new"]["W2"], [[0.35891648, 0.408666186],
                                                [0.511301270, 0.561370121]], atol=1e-8)
    np.testing.assert_allclose(s["new"]["W1"], [[0.149780716, 0.19956143],
                                                [0.24975114, 0.29950229]], atol=1e-8)
    assert s["loss_after"] == pytest.approx(0.291027924, abs=1e-6)   # his: from rounded steps
    np.testing.assert_array_equal(s["new"]["b1"], params["b1"])


@pytest.mark.parametrize("sizes", [[2, 2, 2], [3, 1], [2, 4, 3, 2]])
def test_gradients_match_mlp_backward_and_finite_differences(sizes, rng):
    net = MLP(sizes, activation="sigmoid", output="sigmoid", init="lecun", seed=1)
    x, y = rng.standard_normal(sizes[0]), rng.random(sizes[-1])
    s = trace.one_step(net.params, x, y, learning_rate=0.3)
    _, cache = net.forward(x.reshape(-1, 1))
    ref = net.backward(cache, y.reshape(-1, 1), "mse")
    for name, g in ref.items():
        np.testing.assert_allclose(s[name], g, rtol=1e-12, atol=1e-15)
        p = net.params[name[1:]]
        num = numerical_gradient(lambda: trace.loss_of(net.params, x, y), p)
        np.testing.assert_allclose(s[name], num, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(s["new"][name[1:]], p - 0.3 * g, rtol=1e-12)
    assert s["loss"] == pytest.approx(trace.loss_of(net.params, x, y))


def test_biases_move_only_when_asked():
    params, x, y = trace.mazur_problem()
    on = trace.one_step(params, x, y, 0.5, True)
    off = trace.one_step(params, x, y, 0.5, False)
    np.testing.assert_allclose(on["new"]["b2"], params["b2"] - 0.5 * on["delta2"])
    np.testing.assert_array_equal(off["new"]["W2"], on["new"]["W2"])
    assert on["loss_after"] < off["loss_after"] < on["loss"]


def test_table_lists_every_quantity():
    params, x, y = trace.mazur_problem()
    text = trace.format_trace(params, x, y, 0.5, update_biases=False)
    for name in ("z[1]_1", "a[2]_2", "delta[1]_2", "w[2]_12", "b[1]_1", "L after the step"):
        assert name in text
    assert "0.298371" in text and "0.358916" in text and text.count("frozen") == 4
    assert "frozen" not in trace.format_trace(params, x, y, 0.5, update_biases=True)


def test_bad_input():
    params, x, y = trace.mazur_problem()
    with pytest.raises(ValueError, match="x: expected 2 rows"):
        trace.one_step(params, [1.0, 2.0, 3.0], y)
    with pytest.raises(ValueError, match="learning_rate: expected a finite number > 0"):
        trace.one_step(params, x, y, learning_rate=-1)
    with pytest.raises(ValueError, match="update_biases: expected True or False"):
        trace.one_step(params, x, y, update_biases="yes")
    with pytest.raises(ValueError, match=r"params\['b2'\]: expected shape \(2, 1\)"):
        trace.one_step({**params, "b2": np.zeros(2)}, x, y)
    with pytest.raises(ValueError, match="params: expected a dict"):
        trace.one_step([1, 2], x, y)

"""Notebook 05's checkers: references right, solutions pass, other forms and contracts.

The typical mistakes (momentum and sgd_step) are in tests/mistake_bank.py."""
import numpy as np

from helpers.exercises.training import (
    check_momentum_step,
    check_sgd_step,
    reference_momentum_step,
    reference_sgd_step,
)
from helpers.network import MLP
from solutions.training import momentum_step, sgd_step


def test_momentum_reference_by_hand():
    w, v = reference_momentum_step(np.array([1.0]), np.array([0.5]), np.array([0.2]), 0.1, 0.9)
    np.testing.assert_allclose(v, [0.65])             # 0.9 * 0.5 + 0.2
    np.testing.assert_allclose(w, [1.0 - 0.065])


def test_sgd_reference_agrees_with_the_network():
    net = MLP([2, 3, 1], seed=7)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((2, 5)), (rng.random((1, 5)) > 0.5).astype(float)
    _, cache = net.forward(X)
    grads = net.backward(cache, Y, "bce")
    new = reference_sgd_step(net.params, X, Y, 0.3)
    for k, v in net.params.items():
        np.testing.assert_allclose(new[k], v - 0.3 * grads["d" + k], rtol=1e-12, atol=1e-14)


def test_solutions_pass_and_stubs_are_not_attempted():
    assert check_momentum_step(momentum_step).passed
    assert check_sgd_step(sgd_step).passed

    def stub(w, v, g, learning_rate, beta):
        # --- your code here ---
        return None
        # --- end of your code ---
    assert check_momentum_step(stub).status == "not attempted"
    assert check_sgd_step(lambda *a: None).status == "not attempted"


def test_momentum_contract_list_order_and_mutation():
    assert check_momentum_step(lambda *a: list(reference_momentum_step(*a))).passed
    fb = check_momentum_step(lambda *a: reference_momentum_step(*a)[::-1])
    assert "wrong order" in fb.message and "return (w_new, v_new)" in fb.message

    def in_place(w, v, g, learning_rate, beta):
        v *= beta
        v += g
        return w - learning_rate * v, v
    fb = check_momentum_step(in_place)
    assert fb.passed and "changed its input v in place" in fb.message


def test_momentum_other_convention_is_accepted_only_when_consistent():
    def velocity_is_the_step(w, v, g, learning_rate, beta):
        v = beta * v - learning_rate * g
        return w + v, v
    fb = check_momentum_step(velocity_is_the_step)
    assert fb.passed and "another convention" in fb.message and "v = beta v + g" in fb.message

    def half_and_half(w, v, g, learning_rate, beta):
        v = beta * v - learning_rate * g
        return w - learning_rate * v, v                     # the step of neither convention
    assert not check_momentum_step(half_and_half).passed


def test_sgd_names_the_failing_parameter_in_the_students_terms():
    def wrong_b2(params, X, Y, lr):
        new = sgd_step(params, X, Y, lr)
        new["b2"] = new["b2"] + 0.1
        return new
    fb = check_sgd_step(wrong_b2)
    assert fb.message.startswith("sgd_step: b2: wrong value")
    labels = [label for label, _ in fb.details]
    assert "X_batch" in labels and "b2 expected" in labels and "params" not in labels

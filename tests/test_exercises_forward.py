"""Notebook 01's checkers: references right, solutions pass, other forms and contracts.

The typical mistakes are in tests/mistake_bank.py (run by test_exercises_bank.py)."""
import numpy as np

from helpers.exercises.forward import (
    check_layer_forward,
    check_two_layer_forward,
    reference_layer_forward,
    reference_two_layer_forward,
)
from solutions.forward import layer_forward, two_layer_forward


def sig(z):
    return 1 / (1 + np.exp(-z))


def test_references_agree_with_the_network():
    from helpers.network import MLP
    net = MLP([4, 3, 2], seed=3)
    X = np.random.default_rng(0).standard_normal((4, 7))
    A2, cache = net.forward(X)
    p = net.params
    np.testing.assert_allclose(reference_layer_forward(p["W1"], X, p["b1"]), cache["A1"])
    np.testing.assert_allclose(
        reference_two_layer_forward(X, p["W1"], p["b1"], p["W2"], p["b2"]), A2)


def test_solutions_pass_and_stubs_are_not_attempted():
    assert check_layer_forward(layer_forward).passed
    assert check_two_layer_forward(two_layer_forward).passed

    def layer_stub(W, A_prev, b):
        # --- your code here ---
        return None
        # --- end of your code ---
    for check, stub in ((check_layer_forward, layer_stub),
                        (check_two_layer_forward, lambda X, W1, b1, W2, b2: None)):
        fb = check(stub)
        assert fb.status == "not attempted" and "not attempted yet" in str(fb)


def test_w_transposed_on_a_square_layer_is_named():
    def transposed(W, A, b):
        return sig(W.T @ A + b) if W.shape[0] == W.shape[1] else sig(W @ A + b)
    fb = check_layer_forward(transposed)
    assert fb.status == "wrong" and "W.T (the transposed matrix)" in fb.message
    assert "test case 2 of 3" in fb.message


def test_failing_case_is_shown_in_the_students_terms():
    fb = check_layer_forward(lambda W, A_prev, b: sig(W @ A_prev))
    labels = [label for label, _ in fb.details]
    assert labels[:4] == ["case", "W", "A_prev", "b"]
    assert "3 units with 4 inputs" in fb.details[0][1]
    assert dict(fb.details)["A_prev"] == "array of shape (4, 5)"      # shapes; values on request
    assert [label for label, _ in fb.inputs] == ["W", "A_prev", "b"]
    text = repr(fb)
    assert "A_prev" in text and len(text.splitlines()) <= 8


def test_mutating_an_input_passes_with_a_note():
    def sloppy(W, A_prev, b):
        A_prev *= 2
        return sig(W @ (A_prev / 2) + b)
    fb = check_layer_forward(sloppy)
    assert fb.passed and "changed its input A_prev in place" in fb.message

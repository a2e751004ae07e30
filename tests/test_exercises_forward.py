"""Notebook 01's checkers accept the reference solutions and name each typical mistake."""
import numpy as np
import pytest

from helpers.exercises.forward import (check_layer_forward, check_two_layer_forward,
                                       reference_layer_forward, reference_two_layer_forward)
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
    np.testing.assert_allclose(reference_two_layer_forward(X, p["W1"], p["b1"], p["W2"], p["b2"]), A2)


def test_solutions_pass_and_stubs_are_not_attempted():
    assert check_layer_forward(layer_forward).passed
    assert check_two_layer_forward(two_layer_forward).passed
    for check, stub in ((check_layer_forward, lambda W, A, b: None),
                        (check_two_layer_forward, lambda X, W1, b1, W2, b2: None)):
        fb = check(stub)
        assert fb.status == "not attempted" and "not attempted yet" in str(fb)


LAYER_MISTAKES = {
    "you returned Z": lambda W, A, b: W @ A + b,
    "bias b is missing": lambda W, A, b: sig(W @ A),
    "bias goes inside": lambda W, A, b: sig(W @ A) + b,
    "row convention": lambda W, A, b: sig(A.T @ W.T + b.T),
    "wrong sign in the sigmoid": lambda W, A, b: 1 / (1 + np.exp(W @ A + b)),
    "wrong shape: expected (3, 5), got (3,)": lambda W, A, b: sig(W @ A + b)[:, 0],
    "raised ValueError": lambda W, A, b: sig(W @ A.T + b),
}


@pytest.mark.parametrize("words", LAYER_MISTAKES)
def test_layer_checker_names_the_mistake(words):
    fb = check_layer_forward(LAYER_MISTAKES[words])
    assert fb.status == "wrong" and words in fb.message, fb.message


def test_layer_checker_catches_w_transposed_on_a_square_layer():
    def transposed(W, A, b):
        return sig(W.T @ A + b) if W.shape[0] == W.shape[1] else sig(W @ A + b)
    fb = check_layer_forward(transposed)
    assert fb.status == "wrong" and "W.T (the transposed matrix)" in fb.message
    assert "test case 2 of 3" in fb.message


NET_MISTAKES = {
    "z used where a was needed": lambda X, W1, b1, W2, b2: sig(W2 @ (W1 @ X + b1) + b2),
    "you returned Z2": lambda X, W1, b1, W2, b2: W2 @ sig(W1 @ X + b1) + b2,
    "no σ anywhere": lambda X, W1, b1, W2, b2: W2 @ (W1 @ X + b1) + b2,
    "returned the hidden layer's A1": lambda X, W1, b1, W2, b2: sig(W1 @ X + b1),
    "transposed result": lambda X, W1, b1, W2, b2: sig(W2 @ sig(W1 @ X + b1) + b2).T,
    "both biases are missing": lambda X, W1, b1, W2, b2: sig(W2 @ sig(W1 @ X)),
    "bias b2 of layer 2 is missing": lambda X, W1, b1, W2, b2: sig(W2 @ sig(W1 @ X + b1)),
    "bias b1 of layer 1 is missing": lambda X, W1, b1, W2, b2: sig(W2 @ sig(W1 @ X) + b2),
    "wrong sign": lambda X, W1, b1, W2, b2: -sig(W2 @ sig(W1 @ X + b1) + b2),
}


@pytest.mark.parametrize("words", NET_MISTAKES)
def test_network_checker_names_the_mistake(words):
    fb = check_two_layer_forward(NET_MISTAKES[words])
    assert fb.status == "wrong" and words in fb.message, fb.message

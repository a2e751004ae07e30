"""Solutions for notebook 05."""
import numpy as np


def momentum_step(w, v, g, learning_rate, beta):
    v = beta * v + g
    return w - learning_rate * v, v


def sgd_step(params, X_batch, Y_batch, learning_rate):
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    m = X_batch.shape[1]
    A1 = sigmoid(W1 @ X_batch + b1)                     # (n_1, m)
    A2 = sigmoid(W2 @ A1 + b2)                          # (1, m)
    dZ2 = A2 - Y_batch                                  # sigmoid + cross-entropy
    dW2 = dZ2 @ A1.T / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * A1 * (1 - A1)
    dW1 = dZ1 @ X_batch.T / m
    db1 = dZ1.sum(axis=1, keepdims=True) / m
    return {"W1": W1 - learning_rate * dW1, "b1": b1 - learning_rate * db1,
            "W2": W2 - learning_rate * dW2, "b2": b2 - learning_rate * db2}

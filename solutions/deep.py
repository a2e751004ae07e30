"""Solutions for notebook 07."""
import numpy as np


def weight_std(fan_in, activation):
    gain = 0.5 if activation == "relu" else 1.0      # ReLU passes on half of E[z^2]
    return np.sqrt(1.0 / (gain * fan_in))


def clip_by_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    if norm <= max_norm:
        return {name: g.copy() for name, g in grads.items()}
    return {name: g * (max_norm / norm) for name, g in grads.items()}


def batch_norm_backward(dout, xhat, gamma, s):
    dxhat = gamma * dout                                         # through u = gamma xhat + beta
    dZ = (dxhat - dxhat.mean(axis=1, keepdims=True)              # the mean's path
          - xhat * (dxhat * xhat).mean(axis=1, keepdims=True)) / s   # the variance's
    return dZ, (dout * xhat).sum(axis=1, keepdims=True), dout.sum(axis=1, keepdims=True)

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

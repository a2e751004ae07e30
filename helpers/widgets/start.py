"""Notebook 00's environment check: one sigmoid neuron, a = sigma(w x + b), on sliders."""
import matplotlib.pyplot as plt
import numpy as np

from ..activations import sigmoid
from . import slider

_X = np.linspace(-6, 6, 241)


def neuron_figure(w=1.0, b=0.0):
    """Plot a = sigma(w x + b) for x in [-6, 6]; return the figure.

    The curve crosses 0.5 where w x + b = 0, that is at x = -b / w, marked when w != 0.
    """
    fig, ax = plt.subplots(figsize=(5.5, 3.2))
    ax.plot(_X, sigmoid(w * _X + b), lw=2, label=f"$\\sigma({w:.2f}\\,x {b:+.2f})$")
    ax.axhline(0.5, color="grey", lw=0.8, ls="--")
    if w != 0 and abs(b / w) <= 6:
        ax.axvline(-b / w, color="C3", lw=1, ls=":", label=f"a = 0.5 at x = {-b / w:.2f}")
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("input x")
    ax.set_ylabel("activation a")
    ax.set_title("one sigmoid neuron: a = σ(w x + b)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def neuron_panel():
    """Sliders for w and b driving ``neuron_figure``."""
    import ipywidgets as ipw

    def show(w, b):
        neuron_figure(w, b)
        plt.show()

    return ipw.interactive(show, w=slider("weight w", 1.0, -5, 5), b=slider("bias b", 0.0, -5, 5))

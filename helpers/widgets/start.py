"""Notebook 00's environment check: one sigmoid neuron, a = sigma(w x + b), on sliders."""
import numpy as np
from matplotlib.figure import Figure

from ..activations import sigmoid
from . import live_panel, slider

_X = np.linspace(-6, 6, 241)


class NeuronView:
    """a = sigma(w x + b) for x in [-6, 6], with a dotted mark where a = 0.5 (x = -b / w)."""

    def __init__(self):
        self.fig = Figure(figsize=(5.5, 3.2))
        ax = self.ax = self.fig.subplots()
        (self.curve,) = ax.plot(_X, sigmoid(_X), lw=2)
        ax.axhline(0.5, color="grey", lw=0.8, ls="--")
        self.mark = ax.axvline(0.0, color="C3", lw=1, ls=":")
        ax.set_xlim(-6, 6)
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlabel("input x")
        ax.set_ylabel("activation a")
        self.fig.tight_layout()

    def update(self, w=1.0, b=0.0):
        """Redraw for weight ``w`` and bias ``b``; return the figure."""
        self.curve.set_ydata(sigmoid(w * _X + b))
        crosses = w != 0 and abs(b / w) <= 6
        self.mark.set_visible(crosses)
        if crosses:
            self.mark.set_xdata([-b / w, -b / w])
        where = f"a = 0.5 at x = {-b / w:.2f}" if crosses else "a = 0.5 is off the plot"
        self.ax.set_title(f"a = σ({w:.2f} x {b:+.2f});  {where}", fontsize=10)
        return self.fig


def neuron_figure(w=1.0, b=0.0):
    """The neuron's curve for fixed values: what the panel shows for these slider positions."""
    return NeuronView().update(w, b)


def neuron_panel():
    """Sliders for w and b driving a ``NeuronView``."""
    return live_panel(NeuronView(), {"w": slider("weight w", 1.0, -5, 5),
                                     "b": slider("bias b", 0.0, -5, 5)})


RESPONSIVENESS = [(NeuronView, {"w": (-5.0, 5.0), "b": (-5.0, 5.0)})]

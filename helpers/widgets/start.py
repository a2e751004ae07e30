"""Notebook 00's first panel: one sigmoid neuron, a = sigma(w x + b), on sliders."""
import numpy as np
from matplotlib.figure import Figure

from ..activations import sigmoid
from . import live_panel, panel_style, slider

_X = np.linspace(-6, 6, 241)
_X_MAX = 6.0


def crossing_text(w, b):
    """Where a = sigma(w x + b) crosses 0.5, in words (the panel's title says it).

    Returns ``(x0, text)`` with ``x0`` the crossing (None when there is none on the plot).
    """
    if w == 0:
        if b == 0:
            return None, r"$a = 0.5$ for every $x$ (flat: $w = 0$)"
        return None, rf"$a = \sigma(b) = {float(sigmoid(b)):.2f}$ for every $x$: never 0.5"
    x0 = -b / w
    shown = round(x0, 2) + 0.0                         # + 0.0: never "-0.00"
    if abs(x0) > _X_MAX:
        return None, rf"$a = 0.5$ at $x = {shown:.2f}$, off the plot"
    return x0, rf"$a = 0.5$ at $x = {shown:.2f}$"


class NeuronView:
    """a = sigma(w x + b) for x in [-6, 6], with a dotted mark where a = 0.5 (x = -b / w)."""

    def __init__(self):
        with panel_style():
            self.fig = Figure(figsize=(5.5, 3.4))
            ax = self.ax = self.fig.subplots()
            (self.curve,) = ax.plot(_X, sigmoid(_X), lw=2)
            ax.axhline(0.5, color="grey", lw=0.8, ls="--")
            self.mark = ax.axvline(0.0, color="C3", lw=1, ls=":")
            ax.set_xlim(-_X_MAX, _X_MAX)
            ax.set_ylim(-0.05, 1.05)
            ax.set_xlabel("input $x$")
            ax.set_ylabel("activation $a$")
            # a title of the full height while laying out, so the panel (drawn without
            # bbox_inches="tight") keeps room for it: an empty one cut the real one off
            ax.set_title(r"$a = \sigma(-0.00\,x - 0.00)$;  $a = 0.5$ at $x = -0.00$")
            self.fig.tight_layout()

    def update(self, w=1.0, b=0.0):
        """Redraw for weight ``w`` and bias ``b``; return the figure."""
        self.curve.set_ydata(sigmoid(w * _X + b))
        x0, where = crossing_text(w, b)
        self.mark.set_visible(x0 is not None)
        if x0 is not None:
            self.mark.set_xdata([x0, x0])
        self.ax.set_title(rf"$a = \sigma({w + 0.0:.2f}\,x {b + 0.0:+.2f})$;  {where}")
        return self.fig


def neuron_figure(w=1.0, b=0.0):
    """The neuron's curve for fixed values: what the panel shows for these slider positions."""
    return NeuronView().update(w, b)


#: the settings :func:`neuron_family_figure` draws: what b does, and what a negative w does
FAMILY = ((1.0, 0.0), (1.0, -3.0), (3.0, 0.0), (-3.0, 0.0))


def neuron_family_figure(settings=FAMILY):
    """Several of the panel's curves on one plot, each labelled with where it crosses 0.5.

    The checked cell after notebook 00's panel shows this instead of the panel's own figure
    again: it answers the panel's questions at a glance (b slides, |w| steepens, -w mirrors).
    Each curve comes from ``NeuronView.update``, so it is what the panel draws.
    """
    with panel_style():
        fig = Figure(figsize=(8.6, 3.4))
        ax = fig.subplots()
        ax.axhline(0.5, color="grey", lw=0.8, ls="--")
        view = NeuronView()                     # each curve is the panel's, for that setting
        for w, b in settings:
            view.update(w, b)
            ax.plot(_X, view.curve.get_ydata().copy(), lw=2,
                    label=rf"$w = {w + 0.0:g},\ b = {b + 0.0:g}$: {crossing_text(w, b)[1]}")
        ax.set(xlim=(-_X_MAX, _X_MAX), ylim=(-0.05, 1.05), xlabel="input $x$",
               ylabel="activation $a$", title=r"$a = \sigma(w x + b)$ for four settings")
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=10)
        fig.tight_layout()
    return fig


def neuron_panel():
    """Sliders for w and b driving a ``NeuronView``."""
    return live_panel(NeuronView(), {"w": slider("weight w", 1.0, -5, 5),
                                     "b": slider("bias b", 0.0, -5, 5)})


RESPONSIVENESS = [(NeuronView, {"w": (-5.0, 5.0), "b": (-5.0, 5.0)})]

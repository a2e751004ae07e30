"""Notebook 07's panel: depth, activation, initialisation and a scale, and what they do to
each layer's forward spread and backward gradient (measured, and predicted by the variance
argument of :mod:`helpers.deep`).

The network has ``depth`` hidden layers of 64 units and one sigmoid output with
cross-entropy, fed 128 standard normal inputs (``deep.probe_data``): the sizes shown depend on
the network alone, not on a data set.
"""
import ipywidgets as ipw
import numpy as np
from matplotlib.figure import Figure

from .. import _validate as V
from .. import deep
from . import blit_axes, freeze_layout, live_panel, slider

WIDTH, N_EXAMPLES, MAX_DEPTH = 64, 128, 20
ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
INITS = deep.INIT_NAMES
Y_RANGE = (1e-30, 1e12)
_FLOOR = Y_RANGE[0]
SCALE_RANGE = (0.25, 4.0)


def _shown(values):
    """Values as a log axis can show them: zeros (and underflows) at the axis floor."""
    return np.maximum(np.nan_to_num(values, nan=_FLOOR, posinf=Y_RANGE[1]), _FLOOR)


def depth_profile(depth=10, activation="tanh", init="lecun", scale=1.0, seed=0):
    """Measured and predicted per-layer sizes for the panel's network: a dict with the
    ``layer_statistics`` of one pass on the probe batch plus ``predicted`` (z_std and
    delta_rms from ``deep.predicted_spread``)."""
    V.positive_int(depth, "depth")
    if depth > MAX_DEPTH:
        raise ValueError(f"depth: expected at most {MAX_DEPTH} hidden layers, got {depth}")
    X, Y = deep.probe_data(WIDTH, N_EXAMPLES, seed=seed)
    net = deep.deep_network(depth, WIDTH, activation, init, scale, seed=seed)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        stats = deep.layer_statistics(net, X, Y, "bce")
        stds = [scale * deep.init_std(init, a, b)
                for a, b in zip(net.layer_sizes, net.layer_sizes[1:])]
        stats["predicted"] = deep.predicted_spread(net.layer_sizes, activation, stds, 1.0,
                                                   stats["delta_rms"][-1])
    return stats


class DeepView:
    """Left: the spread of each hidden layer's z (measured dots, predicted dashes).
    Right: the rms of each layer's per-example error dZ_l and the norm of dW_l."""

    def __init__(self):
        self.fig = Figure(figsize=(10, 3.9))
        self.ax_z, self.ax_g = self.fig.subplots(1, 2)
        layers = np.arange(1, MAX_DEPTH + 2)
        self.lines = {}
        for key, ax, style, colour, label in (
                ("z", self.ax_z, "o-", "C0", "measured std of z_l"),
                ("z_pred", self.ax_z, "--", "k", "predicted (variance argument)"),
                ("delta", self.ax_g, "o-", "C3", "measured rms of dZ_l"),
                ("delta_pred", self.ax_g, "--", "k", "predicted rms of dZ_l"),
                ("dW", self.ax_g, "s-", "C2", "norm of dW_l")):
            (self.lines[key],) = ax.plot(layers, np.ones_like(layers, dtype=float), style,
                                         color=colour, ms=4, lw=1.5, label=label)
        for ax in (self.ax_z, self.ax_g):
            ax.set_yscale("log")
            ax.set_ylim(*Y_RANGE)
            ax.set_xlim(0.5, MAX_DEPTH + 1.5)
            ax.set_xticks([1, 5, 10, 15, 20])
            ax.set_xlabel("layer l (1 = next to the input)")
            ax.axhline(1.0, color="grey", lw=0.6)
            ax.grid(alpha=0.3)
        self.ax_z.set_ylabel("forward: spread of z_l")
        self.ax_g.set_ylabel("backward: gradient size")
        self.ax_z.set_title("forward", fontsize=9)
        self.ax_g.set_title("backward", fontsize=9)
        # one legend below both axes, outside them: drawn once with the ticks (see blit_axes)
        self.fig.legend(handles=list(self.lines.values()), loc="lower center", ncol=5,
                        fontsize=8, frameon=False)
        self.fig.tight_layout(rect=(0, 0.07, 1, 1))
        freeze_layout(self.fig)
        blit_axes(self.fig, [self.ax_z, self.ax_g], extra=[self.ax_z.title, self.ax_g.title])

    def update(self, depth=10, activation="tanh", init="lecun", scale=1.0):
        """Redraw for ``depth`` hidden layers (1 to 20) of ``activation`` units, weights drawn
        with ``init``'s standard deviation times ``scale``; return the figure."""
        depth = int(depth)
        V.choice(activation, "activation", ACTIVATIONS)
        stats = depth_profile(depth, activation, init, scale)
        hidden = np.arange(1, depth + 1)
        every = np.arange(1, depth + 2)
        self.lines["z"].set_data(hidden, _shown(stats["z_std"][:depth]))
        self.lines["z_pred"].set_data(hidden, _shown(stats["predicted"]["z_std"][:depth]))
        self.lines["delta"].set_data(every, _shown(stats["delta_rms"]))
        self.lines["delta_pred"].set_data(every, _shown(stats["predicted"]["delta_rms"]))
        self.lines["dW"].set_data(every, _shown(stats["dW_norm"]))
        ratio = stats["delta_rms"][0] / stats["delta_rms"][depth - 1]   # layer 1 / last hidden
        self.ax_z.set_title(f"{depth} hidden layers of {WIDTH} {activation} units, {init} x "
                            f"{scale:.2f}: std z_1 {stats['z_std'][0]:.1e}, std z_{depth} "
                            f"{stats['z_std'][depth - 1]:.1e}", fontsize=9, y=1.0)
        self.ax_g.set_title(f"rms dZ_1 / rms dZ_{depth} = {ratio:.1e}", fontsize=9, y=1.0)
        return self.fig


def depth_figure(depth=10, activation="tanh", init="lecun", scale=1.0):
    """The panel's picture for fixed control values."""
    return DeepView().update(depth, activation, init, scale)


def depth_panel():
    """Depth, activation, initialisation and scale controls driving a ``DeepView``."""
    controls = {
        "depth": ipw.IntSlider(value=10, min=1, max=MAX_DEPTH, step=1, description="depth",
                               continuous_update=True, style={"description_width": "initial"}),
        "activation": ipw.Dropdown(options=list(ACTIVATIONS), value="tanh",
                                   description="activation"),
        "init": ipw.Dropdown(options=list(INITS), value="lecun", description="initialisation",
                             style={"description_width": "initial"}),
        "scale": slider("scale x", 1.0, *SCALE_RANGE, step=0.05),
    }
    return live_panel(DeepView(), controls)


RESPONSIVENESS = [(DeepView, {"depth": (1, MAX_DEPTH), "activation": list(ACTIVATIONS),
                              "init": list(INITS), "scale": SCALE_RANGE})]

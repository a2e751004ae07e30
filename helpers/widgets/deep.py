"""Notebook 07's panel: depth, activation, initialisation and a scale, residual connections and
a normalisation, and what they do to each layer's forward spread and backward gradient
(measured, and for the plain network predicted by the variance argument of :mod:`helpers.deep`).

The y axes follow the data (whole decades, a margin each side), so every slider move shows;
the titles read out the numbers: std of z at the first and last hidden layer, the ratio
rms dZ_1 / rms dZ_depth, and how far the prediction is from the measurement.

The network has ``depth`` hidden layers of 64 units and one sigmoid output with
cross-entropy, fed 128 standard normal inputs (``deep.probe_data``): the sizes shown depend on
the network alone, not on a data set.
"""
import ipywidgets as ipw
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from .. import _validate as V
from .. import deep, residual
from . import blit_axes, freeze_layout, live_panel, slider

WIDTH, N_EXAMPLES, MAX_DEPTH = 64, 128, 20
ACTIVATIONS = ("sigmoid", "tanh", "relu", "linear")
INITS = deep.INIT_NAMES
Y_RANGE = (1e-30, 1e12)
_FLOOR = Y_RANGE[0]
SCALE_RANGE = (0.25, 4.0)
NORMS = ("none", "batch", "layer")
#: the most the prediction is off from the measurement (either way), at any control setting of
#: the plain network: the width is only 64, so the measured spreads wander (tests check it)
PREDICTION_FACTOR = 3.0


def _shown(values):
    """Values as a log axis can show them: zeros (and underflows) at the axis floor."""
    return np.maximum(np.nan_to_num(values, nan=_FLOOR, posinf=Y_RANGE[1]), _FLOOR)


def depth_profile(depth=10, activation="tanh", init="lecun", scale=1.0, seed=0, skips=False,
                  norm="none"):
    """Measured per-layer sizes for the panel's network: the ``layer_statistics`` of one pass
    on the probe batch, with a skip around every hidden layer after the first (``skips``) and
    ``norm`` ("none", "batch", "layer") before every hidden activation. For the plain network
    also ``predicted`` (z_std and delta_rms from ``deep.predicted_spread``) and
    ``prediction_gap``, the largest factor between prediction and measurement; both None
    otherwise (the variance argument is for the plain network). With a normalisation,
    ``z_std`` is the spread of the normalised z, the activation's input."""
    V.positive_int(depth, "depth")
    if depth > MAX_DEPTH:
        raise ValueError(f"depth: expected at most {MAX_DEPTH} hidden layers, got {depth}")
    V.choice(norm, "norm", NORMS)
    if not isinstance(skips, (bool, np.bool_)):
        raise ValueError(f"skips: expected True or False, got {skips!r}")
    X, Y = deep.probe_data(WIDTH, N_EXAMPLES, seed=seed)
    net = deep.deep_network(depth, WIDTH, activation, init, scale, seed=seed)
    plain = not skips and norm == "none"
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        if plain:
            stats = deep.layer_statistics(net, X, Y, "bce")
        else:
            stats = residual.residual_statistics(net, X, Y, bool(skips),
                                                 None if norm == "none" else norm)
            if norm != "none":          # what the activation sees: the normalised z
                stats["z_std"] = stats["u_std"]
        stats["predicted"] = stats["prediction_gap"] = None
        if plain:
            stds = [scale * deep.init_std(init, a, b)
                    for a, b in zip(net.layer_sizes, net.layer_sizes[1:])]
            pred = deep.predicted_spread(net.layer_sizes, activation, stds, 1.0,
                                         stats["delta_rms"][-1])
            gaps = np.concatenate([np.log(stats["z_std"][:depth] / pred["z_std"][:depth]),
                                   np.log(stats["delta_rms"] / pred["delta_rms"])])
            stats["predicted"] = pred
            stats["prediction_gap"] = float(np.exp(np.nanmax(np.abs(gaps))))
    return stats


def _decades(values):
    """Log-axis limits in whole decades around the finite positive ``values``, half a decade
    of margin each side, within Y_RANGE."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return Y_RANGE
    lo = max(np.floor(np.log10(v.min()) - 0.5), np.log10(Y_RANGE[0]))
    hi = min(np.ceil(np.log10(v.max()) + 0.5), np.log10(Y_RANGE[1]))
    return 10.0 ** lo, 10.0 ** max(hi, lo + 1)


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
        self.ax_z.set_ylabel("forward: spread of z_l (normalised, if on)")
        self.ax_g.set_ylabel("backward: gradient size")
        self.ax_z.set_title("forward", fontsize=9)
        self.ax_g.set_title("backward", fontsize=9)
        # one legend below both axes, outside them: drawn once with the ticks (see blit_axes)
        self.fig.legend(handles=list(self.lines.values()), loc="lower center", ncol=5,
                        fontsize=8, frameon=False)
        self.fig.tight_layout(rect=(0, 0.07, 1, 1))
        freeze_layout(self.fig)
        blit_axes(self.fig, [self.ax_z, self.ax_g], extra=[self.ax_z.title, self.ax_g.title])

    def update(self, depth=10, activation="tanh", init="lecun", scale=1.0, skips=False,
               norm="none"):
        """Redraw for ``depth`` hidden layers (1 to 20) of ``activation`` units, weights drawn
        with ``init``'s standard deviation times ``scale``, with or without ``skips`` and a
        ``norm``; return the figure."""
        depth = int(depth)
        V.choice(activation, "activation", ACTIVATIONS)
        stats = depth_profile(depth, activation, init, scale, skips=skips, norm=norm)
        hidden = np.arange(1, depth + 1)
        every = np.arange(1, depth + 2)
        z, delta, dW = (_shown(stats["z_std"][:depth]), _shown(stats["delta_rms"]),
                        _shown(stats["dW_norm"]))
        self.lines["z"].set_data(hidden, z)
        self.lines["delta"].set_data(every, delta)
        self.lines["dW"].set_data(every, dW)
        pred = stats["predicted"]
        if pred is not None:
            z_pred, d_pred = _shown(pred["z_std"][:depth]), _shown(pred["delta_rms"])
            self.lines["z_pred"].set_data(hidden, z_pred)
            self.lines["delta_pred"].set_data(every, d_pred)
            note = f"prediction within x{stats['prediction_gap']:.1f}"
        else:
            z_pred = d_pred = []
            self.lines["z_pred"].set_data([], [])
            self.lines["delta_pred"].set_data([], [])
            note = "no prediction (plain network only)"
        limits = (_decades(np.concatenate([z, z_pred])),
                  _decades(np.concatenate([delta, d_pred, dW])))
        if limits != (self.ax_z.get_ylim(), self.ax_g.get_ylim()):
            self.ax_z.set_ylim(*limits[0])
            self.ax_g.set_ylim(*limits[1])
            for ax in (self.ax_z, self.ax_g):   # freeze_layout pinned the ticks of Y_RANGE
                ax.yaxis.set_major_locator(LogLocator(base=10))
            self.fig._blit_background = None      # the ticks changed: redraw the still part
        ratio = stats["delta_rms"][0] / stats["delta_rms"][depth - 1]   # layer 1 / last hidden
        extras = ", ".join(x for x in ("skips" if skips else "",
                                       f"{norm} norm" if norm != "none" else "") if x)
        self.ax_z.set_title(f"{depth} x {WIDTH} {activation}, {init} x {scale:.2f}"
                            f"{' + ' + extras if extras else ''}: std z_1 "
                            f"{stats['z_std'][0]:.2g}, std z_{depth} "
                            f"{stats['z_std'][depth - 1]:.2g}", fontsize=9, y=1.0)
        self.ax_g.set_title(f"rms dZ_1 / rms dZ_{depth} = {ratio:.2g}; {note}", fontsize=9,
                            y=1.0)
        return self.fig




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
        "skips": ipw.Checkbox(value=False, description="residual connections",
                              style={"description_width": "initial"}),
        "norm": ipw.Dropdown(options=list(NORMS), value="none", description="normalisation",
                             style={"description_width": "initial"}),
    }
    return live_panel(DeepView(), controls)


RESPONSIVENESS = [(DeepView, {"depth": (1, MAX_DEPTH), "activation": list(ACTIVATIONS),
                              "init": list(INITS), "scale": SCALE_RANGE,
                              "skips": [False, True], "norm": list(NORMS)})]

"""Notebook 01's figures and panel: activation functions, and the 2-2-1 XOR network on sliders.

The XOR view shows, for the nine parameters of a 2-2-1 sigmoid network (column convention,
``W1`` (2, 2), ``b1`` (2, 1), ``W2`` (1, 2), ``b2`` (1, 1)):

* the input plane shaded by the output a2 = P(class 1), with the a2 = 0.5 boundary;
* the hidden plane (a1_1, a1_2) where the four points land, with the output's boundary
  W2 a1 + b2 = 0, a straight line there;
* the hidden activations and the output for each of the four points, against the targets.
"""
import ipywidgets as ipw
import numpy as np
from matplotlib.figure import Figure

from .. import _validate as V
from ..activations import ACTIVATIONS
from ..datasets import xor
from ..xor import xor_forward, xor_params
from . import Panel, blit_axes, freeze_layout, live_panel, panel_style, slider

#: the nine slider names, in the order the panel shows them
PARAM_NAMES = ("w1_11", "w1_12", "w1_21", "w1_22", "b1_1", "b1_2", "w2_11", "w2_12", "b2")
#: a set of weights that solves XOR: hidden unit 1 is OR, hidden unit 2 is AND,
#: the output is "OR and not AND"
XOR_SOLUTION = dict(w1_11=8.0, w1_12=8.0, w1_21=8.0, w1_22=8.0, b1_1=-4.0, b1_2=-12.0,
                    w2_11=8.0, w2_12=-8.0, b2=-4.0)
#: where the sliders start: 3 of the 4 points right, (1, 1) wrong
XOR_START = dict(w1_11=2.0, w1_12=2.0, w1_21=-2.0, w1_22=1.0, b1_1=-1.0, b1_2=0.0,
                 w2_11=3.0, w2_12=1.0, b2=-2.0)
SLIDER_RANGE = (-12.0, 12.0)
#: the line above the sliders: their labels count from 1, like the maths, not like NumPy
ONE_BASED_NOTE = ("Slider labels count from 1, like the maths: <code>W1[2,1]</code> is "
                  "w<sup>[1]</sup><sub>21</sub>, the weight from input 1 into hidden unit 2 "
                  "(NumPy, counting from 0, calls it <code>W1[1, 0]</code>).")

_RES = 81
_LO, _HI = -0.5, 1.5
_GRID_1D = np.linspace(_LO, _HI, _RES)
_XX, _YY = np.meshgrid(_GRID_1D, _GRID_1D)
_GRID = np.vstack([_XX.ravel(), _YY.ravel()])            # (2, _RES**2)
_X, _Y = xor()
_LABELS = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]


class XorNetView:
    """The 2-2-1 network on the four XOR points: decision surface, hidden plane, activations."""

    def __init__(self):
        with panel_style():
            self._build()

    def _build(self):
        self.fig = Figure(figsize=(12, 4.3))
        ax_in, ax_hid, ax_bar = self.axes = self.fig.subplots(1, 3)
        self.surface = ax_in.imshow(np.zeros((_RES, _RES)), origin="lower", cmap="RdBu_r",
                                    vmin=0, vmax=1, extent=(_LO, _HI, _LO, _HI), alpha=0.75)
        self.boundary = None
        for cls in (0, 1):
            pts = _X[:, _Y[0] == cls]
            ax_in.scatter(pts[0], pts[1], s=70, c=f"C{cls}", edgecolors="k", zorder=3)
        self.out_text = [ax_in.text(x, y + 0.13, "", ha="center", fontsize=10, zorder=4,
                                    bbox=dict(fc="white", ec="none", alpha=0.8, pad=1))
                         for x, y in _X.T]
        ax_in.set(xlabel="input $x_1$", ylabel="input $x_2$", xlim=(_LO, _HI), ylim=(_LO, _HI),
                  xticks=[0, 1], yticks=[0, 1],
                  title="input plane: $a^{[2]}$ (red 1, blue 0)\n"
                        "line $a^{[2]} = 0.5$; dots: orange $y = 1$")

        self.hidden_pts = ax_hid.scatter(np.zeros(4), np.zeros(4), s=70,
                                         c=[f"C{int(t)}" for t in _Y[0]], edgecolors="k",
                                         zorder=3)
        self.hidden_text = [ax_hid.text(0, 0, "", fontsize=10, zorder=4) for _ in _LABELS]
        (self.hidden_line,) = ax_hid.plot([], [], "k-", lw=1.5)
        ax_hid.set(xlim=(-0.05, 1.15), ylim=(-0.05, 1.1), xlabel="hidden unit 1: $a^{[1]}_1$",
                   ylabel="hidden unit 2: $a^{[1]}_2$", xticks=[0, 1], yticks=[0, 1],
                   title="hidden plane: where the points land\nblack line: $a^{[2]} = 0.5$")

        pos = np.arange(4)
        width = 0.26
        self.bars = [ax_bar.bar(pos + (i - 1) * width, np.zeros(4), width, color=colour,
                                label=label)
                     for i, (colour, label) in enumerate(
                         [("#9ecae1", "$a^{[1]}_1$"), ("#3182bd", "$a^{[1]}_2$"),
                          ("#e6550d", "output $a^{[2]}$")])]
        ax_bar.scatter(pos + width, _Y[0], marker="_", s=300, c="k", zorder=3)
        ax_bar.set(xticks=pos, xticklabels=_LABELS, ylim=(0, 1.5),
                   yticks=[0, 1], ylabel="activation", xlabel="input point $x$",
                   title="activations for each point\n(black dash: target $y$)")
        ax_bar.legend(loc="upper center", ncol=3, framealpha=0.9, handlelength=1.2,
                      columnspacing=0.8)
        self.suptitle = self.fig.suptitle("")
        self.fig.tight_layout(rect=(0, 0, 1, 0.92))
        freeze_layout(self.fig)
        blit_axes(self.fig, self.axes, extra=[self.suptitle])  # ticks and titles drawn once

    def update(self, w1_11=2.0, w1_12=2.0, w1_21=-2.0, w1_22=1.0, b1_1=-1.0, b1_2=0.0,
               w2_11=3.0, w2_12=1.0, b2=-2.0):
        """Redraw for the nine parameters (see ``xor_params``); return the figure."""
        params = xor_params(w1_11, w1_12, w1_21, w1_22, b1_1, b1_2, w2_11, w2_12, b2)
        _, surface = xor_forward(params, _GRID)
        self.surface.set_data(surface.reshape(_RES, _RES))
        if self.boundary is not None:
            self.boundary.remove()
        self.boundary = self.axes[0].contour(_XX, _YY, surface.reshape(_RES, _RES),
                                             levels=[0.5], colors="k", linewidths=1.5)
        A1, A2 = self.last = xor_forward(params, _X)
        for text, a in zip(self.out_text, A2[0]):
            text.set_text(f"{a:.2f}")
        self.hidden_pts.set_offsets(A1.T)
        for text, (label, (h1, h2)) in zip(self.hidden_text, _hidden_labels(A1)):
            text.set_text(label)
            text.set_position((h1 + 0.03, h2 + 0.03))
        self.hidden_line.set_data(*_hidden_boundary(w2_11, w2_12, b2))
        for bars, values in zip(self.bars, (A1[0], A1[1], A2[0])):
            for bar, v in zip(bars, values):
                bar.set_height(v)
        n_right = int(np.sum((A2[0] >= 0.5) == (_Y[0] == 1)))
        loss = float(np.mean(0.5 * (A2 - _Y) ** 2))
        verdict = "XOR solved!" if n_right == 4 else "not XOR yet"
        self.suptitle.set_text(f"{n_right}/4 points on the right side of 0.5;  "
                               f"squared-error loss {loss:.4f};  {verdict}")
        return self.fig


    def summary(self):
        """The last update in words: the title, then each point's hidden and output values.

        A notebook's checked cell after the live panel prints this instead of drawing the
        panel's figure a second time.
        """
        A1, A2 = self.last
        lines = [self.suptitle.get_text()]
        for label, h, a, y in zip(_LABELS, A1.T, A2[0], _Y[0]):
            side = "right" if (a >= 0.5) == (y == 1) else "WRONG"
            lines.append(f"  x = {label}: hidden ({h[0]:.2f}, {h[1]:.2f}) -> output {a:.2f}, "
                         f"target {y:.0f}: {side}")
        return "\n".join(lines)


def _hidden_labels(A1, near=0.06):
    """One label per point of the hidden plane; points that land together share one label."""
    out = []
    for i, point in enumerate(A1.T):
        first = next(k for k in range(4) if np.max(np.abs(A1[:, k] - point)) < near)
        together = [_LABELS[k] for k in range(4) if np.max(np.abs(A1[:, k] - point)) < near]
        out.append((" ".join(together) if first == i else "", point))
    return out


def _hidden_boundary(w2_11, w2_12, b2):
    """Points of the line w2_11 h1 + w2_12 h2 + b2 = 0 across the unit square (or nothing)."""
    h = np.array([-0.05, 1.05])
    if abs(w2_12) >= abs(w2_11) and w2_12 != 0:
        return h, -(w2_11 * h + b2) / w2_12
    if w2_11 != 0:
        return -(w2_12 * h + b2) / w2_11, h
    return np.array([]), np.array([])




def xor_panel():
    """Nine sliders for the 2-2-1 network and a button that loads weights solving XOR."""
    labels = {"w1_11": "W1[1,1]", "w1_12": "W1[1,2]", "w1_21": "W1[2,1]", "w1_22": "W1[2,2]",
              "b1_1": "b1[1]", "b1_2": "b1[2]", "w2_11": "W2[1,1]", "w2_12": "W2[1,2]",
              "b2": "b2"}
    controls = {name: slider(labels[name], XOR_START[name], *SLIDER_RANGE, step=0.5)
                for name in PARAM_NAMES}
    for w in controls.values():
        w.layout = ipw.Layout(width="260px")
    box = live_panel(XorNetView(), controls)
    rows = [ipw.HBox([controls[n] for n in PARAM_NAMES[i:i + 3]]) for i in (0, 3, 6)]
    solve = ipw.Button(description="show a solution", button_style="warning",
                       tooltip="load weights that solve XOR")
    reset = ipw.Button(description="start again", tooltip="back to the starting weights")
    solve.on_click(lambda _: box.set_values(XOR_SOLUTION))     # one redraw, not nine
    reset.on_click(lambda _: box.set_values(XOR_START))
    note = ipw.HTML(ONE_BASED_NOTE)
    panel = Panel([note] + rows + [ipw.HBox([solve, reset]), box.children[1]])
    panel.view, panel.controls, panel.buttons = box.view, controls, {"solve": solve,
                                                                     "reset": reset}
    return panel


def activation_figure(z_range=(-5.0, 5.0)):
    """sigmoid, tanh and ReLU (left) and their derivatives (right) over ``z_range``."""
    lo, hi = z_range
    V.positive_float(hi - lo, "z_range (high - low)")
    with panel_style():
        return _activation_figure(lo, hi)


def _activation_figure(lo, hi):
    z = np.linspace(lo, hi, 401)
    fig = Figure(figsize=(10, 3.6))
    ax_f, ax_d = fig.subplots(1, 2)
    for name in ("sigmoid", "tanh", "relu"):
        f, df = ACTIVATIONS[name]
        ax_f.plot(z, f(z), lw=2, label=name)
        ax_d.plot(z, df(z), lw=2, label=f"{name}$'$")
    for ax, title, ylabel in ((ax_f, "activation functions $g(z)$", "$g(z)$"),
                              (ax_d, "their derivatives $g'(z)$", "$g'(z)$")):
        ax.axhline(0, color="grey", lw=0.6)
        ax.axvline(0, color="grey", lw=0.6)
        ax.set(xlabel="pre-activation $z$", ylabel=ylabel, title=title, xlim=(lo, hi))
        ax.grid(alpha=0.3)
        ax.legend()
    ax_f.set_ylim(-1.1, 2.1)
    ax_d.set_ylim(-0.05, 1.1)
    fig.tight_layout()
    return fig


RESPONSIVENESS = [(XorNetView, {name: SLIDER_RANGE for name in PARAM_NAMES})]

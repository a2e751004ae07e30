"""Notebook 02's figures and panel: squared error and cross-entropy for one sigmoid output.

For one example with target y and logit z (prediction a = sigma(z)):

* squared error      L = 1/2 (a - y)^2                     dL/dz = (a - y) a (1 - a)
* cross-entropy      L = -[y log a + (1 - y) log(1 - a)]   dL/dz = a - y

No formula lives here: the losses are ``helpers.losses``' (evaluated one example at a time, so a
curve is one loss per point) and dL/dz is ``MLP.output_delta``, the network's own per-example
error of a sigmoid output. The panel's soft targets (y = 0.3) need the unvalidated
``losses.RAW_LOSSES``: ``losses.bce`` accepts labels 0 and 1 only.
"""
import numpy as np
from matplotlib.figure import Figure

from .. import _validate as V
from ..activations import sigmoid
from ..losses import RAW_LOSSES
from ..network import MLP
from . import blit_axes, freeze_layout, live_panel, slider

Z_RANGE = (-8.0, 8.0)
_Z = np.linspace(*Z_RANGE, 321)
_NAMES = ("squared error", "cross-entropy")
_KEYS = {"squared error": "mse", "cross-entropy": "bce"}
_NEURON = MLP([1, 1], activation="sigmoid", output="sigmoid")   # its output_delta is dL/dz


def _target(y):
    if not V.is_number(y) or not 0 <= y <= 1:
        raise ValueError(f"y: expected a target between 0 and 1, got {y!r}")
    return float(y)


def _logit(z):
    if not V.is_number(z) or not np.isfinite(z):
        raise ValueError(f"z: expected a finite number, got {z!r}")
    return float(z)


def loss_of(name, a, y):
    """``helpers.losses``' loss ``name`` ("squared error" or "cross-entropy") of each
    prediction in ``a`` (any shape) against the target ``y``: one example at a time."""
    raw = RAW_LOSSES[_KEYS[name]]
    a = np.asarray(a, dtype=np.float64)
    return np.array([raw(np.array([[ai]]), np.array([[y]])) for ai in a.ravel()]).reshape(a.shape)


def grad_of(name, z, y):
    """dL/dz of loss ``name`` at each logit in ``z``: the network's per-example output error."""
    z = np.asarray(z, dtype=np.float64)
    A = sigmoid(z.reshape(1, -1))
    return _NEURON.output_delta(A, np.full_like(A, y), _KEYS[name]).reshape(z.shape)


class LossView:
    """Both losses (left) and their gradients dL/dz (right) against z, with the slider's point."""

    def __init__(self):
        self.fig = Figure(figsize=(10, 3.6))
        self.ax_loss, self.ax_grad = self.fig.subplots(1, 2)
        self.curves, self.dots = {}, {}
        for ax, kind in ((self.ax_loss, "loss"), (self.ax_grad, "grad")):
            for colour, name in zip(("C0", "C3"), _NAMES):
                (self.curves[kind, name],) = ax.plot(_Z, np.zeros_like(_Z), color=colour, lw=2,
                                                     label=name)
                (self.dots[kind, name],) = ax.plot([0], [0], "o", color=colour, ms=8,
                                                   mec="k")
            ax.axhline(0, color="grey", lw=0.6)
            self.marks = getattr(self, "marks", []) + [ax.axvline(0, color="k", lw=0.8, ls=":")]
            ax.set_xlim(*Z_RANGE)
            ax.set_xlabel("logit z  (prediction a = σ(z))")
            ax.grid(alpha=0.3)
        self.ax_loss.set(ylabel="loss L", ylim=(-0.3, 8.5))
        self.ax_grad.set(ylabel="dL/dz", ylim=(-1.1, 1.1))
        self.ax_loss.legend(loc="upper center", fontsize=8)
        self.ax_grad.legend(loc="upper left", fontsize=8)
        self.ax_loss.set_title("y, z, a: both losses", fontsize=9)   # room for update's titles
        self.ax_grad.set_title("dL/dz", fontsize=9)
        self.fig.tight_layout()
        freeze_layout(self.fig)
        blit_axes(self.fig, [self.ax_loss, self.ax_grad],          # ticks and labels drawn once
                  extra=[self.ax_loss.title, self.ax_grad.title])

    def update(self, y=1.0, z=-4.0):
        """Redraw for target ``y`` (0 to 1) and logit ``z``; return the figure."""
        y, z = _target(y), _logit(z)
        a = float(sigmoid(z))
        at = {}
        for name in _NAMES:
            curves = {"loss": loss_of(name, sigmoid(np.append(_Z, z)), y),
                      "grad": grad_of(name, np.append(_Z, z), y)}
            for kind, values in curves.items():                  # the curve, then the dot
                self.curves[kind, name].set_ydata(values[:-1])
                at[kind, name] = float(values[-1])
                self.dots[kind, name].set_data([z], [at[kind, name]])
        for mark in self.marks:
            mark.set_xdata([z, z])
        self.ax_loss.set_title(f"y = {y:.2f}, z = {z:.2f}, a = {a:.4f}:  squared error "
                               f"{at['loss', _NAMES[0]]:.4f},  cross-entropy "
                               f"{at['loss', _NAMES[1]]:.4f}", fontsize=9, y=1.0)
        self.ax_grad.set_title(f"dL/dz:  squared error {at['grad', _NAMES[0]]:+.4f},  "
                               f"cross-entropy {at['grad', _NAMES[1]]:+.4f}", fontsize=9, y=1.0)
        return self.fig


    def caption(self):
        """What the figure says at the current point, as text: the two titles."""
        return f"{self.ax_loss.get_title()}\n{self.ax_grad.get_title()}"




def loss_panel():
    """Sliders for the target y and the logit z driving a ``LossView``."""
    return live_panel(LossView(), {"y": slider("target y", 1.0, 0.0, 1.0, step=0.05),
                                   "z": slider("logit z", -4.0, *Z_RANGE, step=0.1)})


def loss_vs_prediction_figure(n_points=400):
    """Squared error and cross-entropy against the prediction a, for y = 0 and y = 1."""
    n_points = V.positive_int(n_points, "n_points")
    a = np.linspace(0.001, 0.999, n_points)
    fig = Figure(figsize=(10, 3.4))
    for ax, y in zip(fig.subplots(1, 2), (0, 1)):
        ax.plot(a, loss_of("squared error", a, y), color="C0", lw=2,
                label="squared error ½(a − y)²")
        ax.plot(a, loss_of("cross-entropy", a, y), color="C3", lw=2,
                label="cross-entropy −[y log a + (1−y) log(1−a)]")
        ax.set(xlabel="prediction a", ylabel="loss for one example", ylim=(0, 5), xlim=(0, 1),
               title=f"target y = {y}: both losses are 0 at a = {y}")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper center")
    fig.tight_layout()
    return fig


def gradients_vs_z_figure(y=1.0):
    """dL/dz against z for both losses and target ``y``: a - y against (a - y) a (1 - a)."""
    y = _target(y)
    fig = Figure(figsize=(6.5, 3.6))
    ax = fig.subplots()
    ax.plot(_Z, grad_of("cross-entropy", _Z, y), color="C3", lw=2, label="cross-entropy: a − y")
    ax.plot(_Z, grad_of("squared error", _Z, y), color="C0", lw=2,
            label="squared error: (a − y) a (1 − a)")
    ax.axhline(0, color="grey", lw=0.6)
    ax.set(xlabel="logit z", ylabel="dL/dz", xlim=Z_RANGE, ylim=(-1.05, 1.05),
           title=f"gradient with respect to z, target y = {y:g}")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right" if y == 1 else "upper left")
    fig.tight_layout()
    return fig


_HISTORY_KEYS = ("loss", "accuracy", "w")


def training_figure(histories):
    """Loss, accuracy and weight against the step for each run.

    ``histories`` is ``{name: {"loss": [...], "accuracy": [...], "w": [...]}}``. Each run's
    loss is drawn divided by its own first value, on a log scale, so runs that minimise
    different losses can be compared by their shape (a plateau, a drop).
    """
    if not isinstance(histories, dict) or not histories:
        raise ValueError(f"histories: expected a non-empty dict name -> {{'loss': [...], "
                         f"'accuracy': [...], 'w': [...]}}, got {type(histories).__name__}")
    for name, hist in histories.items():
        missing = [k for k in _HISTORY_KEYS if not isinstance(hist, dict) or k not in hist]
        if missing:
            raise ValueError(f"histories: run {name!r} lacks {missing}; expected the keys "
                             f"{list(_HISTORY_KEYS)}")
        if hist["loss"][0] <= 0:
            raise ValueError(f"histories: run {name!r} starts at loss {hist['loss'][0]!r}; "
                             f"expected a positive first loss (it scales the curve)")
    fig = Figure(figsize=(12, 3.4))
    ax_l, ax_p, ax_w = fig.subplots(1, 3)
    for colour, (name, hist) in zip(("C0", "C3", "C2"), histories.items()):
        steps = np.arange(len(hist["w"]))
        loss = np.asarray(hist["loss"], dtype=float)
        ax_l.semilogy(steps, loss / loss[0], color=colour, lw=2, label=name)
        ax_p.plot(steps, hist["accuracy"], color=colour, lw=2, label=name)
        ax_w.plot(steps, hist["w"], color=colour, lw=2, label=name)
    ax_l.set(xlabel="gradient-descent step", ylabel="loss ÷ loss at step 0",
             title="each run's loss, against its start")
    ax_p.set(xlabel="gradient-descent step", ylabel="fraction classified right",
             title="accuracy while training", ylim=(-0.05, 1.05))
    ax_w.set(xlabel="gradient-descent step", ylabel="weight w",
             title="the weight, from a saturated wrong w")
    for ax in (ax_l, ax_p, ax_w):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


RESPONSIVENESS = [(LossView, {"y": (0.0, 1.0), "z": Z_RANGE})]

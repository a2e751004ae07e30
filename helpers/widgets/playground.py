"""Notebook 05's playground, the interactive counterpart of the TensorFlow Playground.

Three layers, each usable without a browser:

* ``PlaygroundView``: one figure (decision boundary on the left, loss curves on the right).
  ``setup(**values)`` builds the data, a fresh network and its optimiser; ``draw(history)``
  updates the artists in place; ``update(**values)`` does both around a full ``train`` run
  and returns the figure (the widget contract).
* ``PlaygroundSession``: runs a training in a background thread so the kernel stays free to
  process a Stop click; every ``frame_interval`` seconds it redraws the view and calls
  ``on_frame(fig, epoch, n_epochs, status)``.
* ``playground_panel()`` (in :mod:`helpers.widgets.playground_ui`):
  ipywidgets controls, Train and Stop buttons, a progress bar and an image, wired to a
  session. No logic of its own.
"""
import threading
import time

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from .. import _validate as V
from .. import datasets
from ..network import MLP
from ..optimizers import OPTIMIZERS
from ..optimizers import make as make_optimizer
from ..plotting import CLASS_COLOURS, grid_for
from ..training import train
from . import render_png

MAX_HIDDEN = 4
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
#: the panel's controls and their starting values. L2 is not among them: notebook 06 teaches it
#: (``setup`` still takes ``l2``). ``batch_size="full"`` is full-batch training (a widget option
#: whose value is None would read as "nothing selected").
DEFAULTS = dict(dataset="moons", noise=0.1, n_hidden=2, width1=16, width2=16, width3=8,
                width4=8, activation="tanh", optimizer="sgd", learning_rate=0.5,
                batch_size="full", n_epochs=1000)
N_TRAIN, N_VAL, RESOLUTION = 200, 100, 60
FULL_BATCH = ("full", None)


def hidden_sizes(n_hidden, widths):
    """The first ``n_hidden`` of ``widths``: the hidden layers' sizes, checked."""
    V.choice(n_hidden, "n_hidden", list(range(MAX_HIDDEN + 1)))
    return [V.positive_int(w, f"width{i + 1}") for i, w in enumerate(widths[:n_hidden])]


class PlaygroundView:
    """Decision boundary and loss curves of one playground configuration."""

    def __init__(self):
        self.fig = Figure(figsize=(9.5, 3.9))
        self.ax_map, self.ax_loss = self.fig.subplots(1, 2, width_ratios=[1, 1.25])
        self.image = self.ax_map.imshow(np.full((RESOLUTION, RESOLUTION), 0.5), origin="lower",
                                        cmap="RdBu_r", vmin=0, vmax=1, alpha=0.55,
                                        aspect="auto", interpolation="bilinear")
        self.contour = None
        self.points = [self.ax_map.scatter([], [], s=18, c=CLASS_COLOURS[c], edgecolors="k",
                                           linewidths=0.4, label=f"class {c}") for c in (0, 1)]
        self.val_points = self.ax_map.scatter([], [], s=18, facecolors="none", edgecolors="0.25",
                                              linewidths=0.8, label="validation")
        self.ax_map.legend(loc="upper right", fontsize=7)
        self.ax_map.set_xlabel("x1")
        self.ax_map.set_ylabel("x2")
        (self.train_line,) = self.ax_loss.plot([], [], label="training loss")
        (self.val_line,) = self.ax_loss.plot([], [], label="validation loss", ls="--")
        self.ax_loss.set_yscale("log")
        # labels within a decade too
        self.ax_loss.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        self.ax_loss.yaxis.set_minor_locator(NullLocator())      # few ticks: a frame renders faster
        self.ax_loss.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}"))  # no mathtext
        self.ax_loss.xaxis.set_major_locator(MaxNLocator(5))
        self.ax_map.xaxis.set_major_locator(MaxNLocator(4))
        self.ax_map.yaxis.set_major_locator(MaxNLocator(4))
        self.ax_loss.set_xlabel("epoch")
        self.ax_loss.set_ylabel("cross-entropy loss")
        self.ax_loss.grid(True, which="both", alpha=0.3)
        self.ax_loss.legend(loc="upper right", fontsize=8)
        self.ax_map.set_title("epoch 0", fontsize=10)
        self.ax_loss.set_title("two lines\nof settings", fontsize=9)
        self.hint = self.ax_loss.text(0.5, 0.5, "press Train: the training and validation\n"
                                      "loss appear here, epoch by epoch", ha="center",
                                      va="center", transform=self.ax_loss.transAxes, fontsize=9,
                                      color="0.35")
        self.fig.tight_layout()                       # leaves room for the two-line title
        self.fig.subplots_adjust(wspace=0.3)          # and for the loss axis' tick labels
        self.net = None

    def setup(self, dataset="moons", noise=0.1, n_hidden=2, width1=16, width2=16, width3=8,
              width4=8, activation="tanh", optimizer="sgd", learning_rate=0.5, batch_size="full",
              l2=0.0, n_epochs=1000, seed=0):
        """Build data, a fresh network and optimiser for these values; draw epoch 0.

        ``batch_size``: a positive integer, or ``"full"`` (or None) for full-batch training."""
        sizes = [2] + hidden_sizes(n_hidden, [width1, width2, width3, width4]) + [1]
        V.choice(activation, "activation", ACTIVATIONS)
        V.non_negative_float(l2, "l2")
        self.X, self.Y = datasets.make(dataset, N_TRAIN, noise, seed=seed)
        self.X_val, self.Y_val = datasets.make(dataset, N_VAL, noise, seed=seed + 1)
        init = "he" if activation == "relu" else "lecun"
        self.net = MLP(sizes, activation, "sigmoid", init, seed)
        self.optimizer = make_optimizer(optimizer, learning_rate)
        full = isinstance(batch_size, (str, type(None))) and batch_size in FULL_BATCH
        self.batch_size = None if full else V.positive_int(batch_size, "batch_size")
        self.l2 = l2
        self.n_epochs = V.positive_int(n_epochs, "n_epochs")
        batch = "full batch" if self.batch_size is None else f"batch {self.batch_size}"
        l2_note = f", L2 {l2:g}" if l2 else ""
        self.name = (f"{dataset} (noise {noise:g}), {'-'.join(map(str, sizes))} {activation}\n"
                     f"{optimizer} lr {learning_rate:g}, {batch}{l2_note}, {n_epochs} epochs")
        self.grid, xx, yy = grid_for(np.hstack([self.X, self.X_val]), RESOLUTION)
        self.extent = (xx[0, 0], xx[0, -1], yy[0, 0], yy[-1, 0])
        self.xx, self.yy = xx, yy
        self._draw_data()
        self.draw(None)
        return self

    def _draw_data(self):
        labels = self.Y[0]
        for c, pts in enumerate(self.points):
            pts.set_offsets(self.X[:, labels == c].T)
        self.val_points.set_offsets(self.X_val.T)
        self.image.set_extent(self.extent)
        self.ax_map.set_xlim(self.extent[:2])
        self.ax_map.set_ylim(self.extent[2:])

    def train(self, callback=None):
        """Train the network set up last; return the history."""
        return train(self.net, self.X, self.Y, "bce", self.optimizer, self.n_epochs,
                     self.batch_size, seed=0, l2=self.l2, callback=callback,
                     validation=(self.X_val, self.Y_val))

    def draw(self, history):
        """Show the network as it is now and the curves of ``history`` (None: not trained)."""
        P = self.net.forward(self.grid, keep_cache=False)[0].reshape(self.xx.shape)  # P(y=1)
        self.image.set_data(P)
        if self.contour is not None:
            self.contour.remove()
        self.contour = self.ax_map.contour(self.xx, self.yy, P, levels=[0.5], colors="k",
                                           linewidths=1.2) if P.min() < 0.5 < P.max() else None
        epochs = 0 if history is None else history.epochs
        self.hint.set_visible(not epochs)
        if epochs:
            x = np.arange(1, epochs + 1)
            self.train_line.set_data(x, history["loss"])
            self.val_line.set_data(x, history["val_loss"])
            losses = np.r_[history["loss"], history["val_loss"]]
            losses = losses[np.isfinite(losses) & (losses > 0)]
            lo, hi = (losses.min(), losses.max()) if losses.size else (1e-3, 1.0)
            self.ax_loss.set_xlim(0, self.n_epochs)          # the curve grows across the axis
            self.ax_loss.set_ylim(lo / 1.5, hi * 1.5)
            self.ax_map.set_title(f"epoch {epochs}: validation accuracy "
                                  f"{history['val_accuracy'][-1]:.0%}", fontsize=10)
            self.ax_loss.set_title(f"train {history['loss'][-1]:.4f}, validation "
                                   f"{history['val_loss'][-1]:.4f}", fontsize=10)
        else:
            self.train_line.set_data([], [])
            self.val_line.set_data([], [])
            self.ax_loss.set_xlim(0, self.n_epochs)
            self.ax_loss.set_ylim(0.01, 1.0)
            self.ax_map.set_title("epoch 0: untrained", fontsize=10)
            self.ax_loss.set_title(self.name, fontsize=9)
        return self.fig

    def update(self, **values):
        """Set up, train to the end and draw: the figure the panel shows for these values."""
        self.setup(**values)
        return self.draw(self.train())


class PlaygroundSession:
    """Train a ``PlaygroundView`` in a background thread, with frames, progress and Stop.

    ``on_frame(fig, epoch, n_epochs, status)`` is called from the training thread after each
    redraw (at most every ``frame_interval`` seconds, and once at the end).
    """

    def __init__(self, view=None, on_frame=None, frame_interval=0.25):
        self.view = view or PlaygroundView()
        self.on_frame = on_frame
        self.frame_interval = frame_interval
        self.history = None
        self.status = "ready"
        self._stop = threading.Event()
        self._thread = None
        self._lock = threading.Lock()

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def _frame(self, epoch, status):
        self.status = status
        if self.on_frame is not None:
            self.on_frame(self.view.fig, epoch, self.view.n_epochs, status)

    def preview(self, **values):
        """Stop any training, set up these values and show the untrained network."""
        self.stop()
        with self._lock:
            self.view.setup(**values)
            self.history = None
            self._frame(0, "ready: press Train")

    def start(self, **values):
        """Stop any training, set up these values and train in the background."""
        self.stop()
        with self._lock:
            self.view.setup(**values)
            self.history = None
            self._frame(0, f"training: epoch 0 / {self.view.n_epochs}")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        last = [time.perf_counter()]

        def callback(epoch, history):
            self.history = history
            if self._stop.is_set():
                return True
            now = time.perf_counter()
            if now - last[0] >= self.frame_interval:
                with self._lock:
                    self.view.draw(history)
                    self._frame(epoch, f"training: epoch {epoch} / {self.view.n_epochs}")
                last[0] = time.perf_counter()
            return False

        history = self.view.train(callback)
        self.history = history
        with self._lock:
            self.view.draw(history)
            word = "stopped" if history.stopped else "done"
            self._frame(history.epochs, f"{word} at epoch {history.epochs}: validation accuracy "
                                        f"{history['val_accuracy'][-1]:.0%}")

    def stop(self, timeout=5.0):
        """Ask the running training to stop after its current epoch, and wait for it."""
        if self.running:
            self._stop.set()
            self._thread.join(timeout)

    def wait(self, timeout=None):
        """Wait until the running training ends."""
        if self._thread is not None:
            self._thread.join(timeout)


def png_bytes(fig):
    """The figure as PNG bytes (what the panel's image shows): the series' ``render_png``."""
    return render_png(fig)


RESPONSIVENESS = [(PlaygroundView, {"dataset": list(datasets.TOY_SETS), "noise": (0.0, 0.5),
                                    "n_hidden": [0, 1, 2], "width1": (2, 32),
                                    "activation": list(ACTIVATIONS),
                                    "optimizer": list(OPTIMIZERS),
                                    "learning_rate": [0.01, 0.1, 0.5]})]


"""Notebook 09's panel and figures: a 3x3 kernel sliding over an 8x8 digit, and where the
gradient goes back.

The panel (:class:`KernelView`, :func:`kernel_panel`): pick a digit and a kernel (a preset, or
the nine entries on sliders), padding 0 or 1, and one output unit (row, col). Four pictures:
the input with that unit's receptive field outlined, the kernel with its numbers, the feature
map with the unit marked and its value, and the gradient the unit sends back to the input.

Every number drawn comes from :mod:`helpers.conv`: the feature map is ``conv_forward``, the
gradient is ``conv_backward`` of a one-hot upstream gradient (1 at the chosen unit), and the
receptive field is where ``conv_backward`` sends gradient through a kernel of ones (the pixels
the unit reads). The view holds no formula of its own.

Static figures: :func:`plot_kernels` (learned kernels on one symmetric colour scale),
:func:`plot_feature_maps`, :func:`plot_pool_routes` (where max pooling sends each gradient).
"""
import functools

import ipywidgets as ipw
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import ConnectionPatch, Rectangle
from matplotlib.transforms import offset_copy

from .. import _validate as V
from .. import conv
from ..datasets import digits
from . import TICK_SIZE, Panel, blit_axes, freeze_layout, live_panel, panel_style, slider

SIZE = 8                                      # the digits are 8x8
K = 3                                         # the panel's kernel is 3x3
PADDINGS = (0, 1)
KERNEL_RANGE = (-5.0, 5.0)                    # the sliders' range
ENTRIES = tuple(f"k{i}{j}" for i in range(K) for j in range(K))     # k00, k01, ..., k22
#: The presets (cross-correlation, as deep-learning libraries compute it: no flip). Each is
#: written so that a positive output means what its name says.
PRESETS = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "vertical edge": [[1, 0, -1], [1, 0, -1], [1, 0, -1]],        # bright left, dark right
    "horizontal edge": [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],      # bright above, dark below
    "blur": [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "outline": [[0, -1, 0], [-1, 4, -1], [0, -1, 0]],             # a discrete Laplacian
    "shift right": [[0, 0, 0], [1, 0, 0], [0, 0, 0]],             # y[i, j] = x[i, j - 1]
}
PRESETS = {name: np.array(k, dtype=float) for name, k in PRESETS.items()}
_STEPS = np.array([0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500])


@functools.lru_cache(maxsize=1)
def _first_of_each_digit():
    """(10, 8, 8): the first image of each digit 0-9 in ``datasets.digits`` (pixels in [0, 1])."""
    X, _, labels = digits()
    return np.stack([X[:, np.flatnonzero(labels == d)[0]].reshape(SIZE, SIZE)
                     for d in range(10)])


def digit_image(digit):
    """The 8x8 image (pixels in [0, 1]) the panel shows for ``digit`` (0-9): its first example
    in ``helpers.datasets.digits``."""
    if isinstance(digit, (bool, np.bool_)) or not isinstance(digit, (int, np.integer)) \
            or not 0 <= digit <= 9:
        raise ValueError(f"digit: expected an integer from 0 to 9, got {digit!r}")
    return _first_of_each_digit()[int(digit)].copy()


def make_kernel(kernel="vertical edge", **entries):
    """The 3x3 kernel of preset ``kernel`` with any of ``k00 .. k22`` (row, column) replacing
    its entries (None keeps the preset's)."""
    V.choice(kernel, "kernel", PRESETS)
    k = PRESETS[kernel].copy()
    for name, value in entries.items():
        if name not in ENTRIES:
            raise ValueError(f"{name}: expected a kernel entry, one of k00 .. k22, got an "
                             f"argument named {name!r}")
        if value is not None:
            if not V.is_number(value) or not np.isfinite(value):
                raise ValueError(f"{name}: expected a finite number (or None for the "
                                 f"preset's), got {value!r}")
            k[int(name[1]), int(name[2])] = value
    return k


def kernel_name(k):
    """The preset ``k`` equals, or "custom"."""
    return next((name for name, p in PRESETS.items() if np.array_equal(p, k)), "custom")


def _nice(value):
    """The colour scale's half-width: the first of 0.1, 0.2, 0.5, 1, 2, 5, ... >= ``value``."""
    return float(_STEPS[min(np.searchsorted(_STEPS, value - 1e-12), len(_STEPS) - 1)])


def _unit_gradient(x, k, row, col, padding=0):
    """What output unit (row, col) of ``correlate(x, k, padding)`` sends back: ``conv_backward``
    of a one-hot upstream gradient. Returns ``(y, dx, field)``: the feature map, dx (the shape
    of x), and the receptive field ``(top, bottom, left, right)`` in x's indices (inclusive;
    negative or past the edge where it reaches into the padding), the pixels through which a
    kernel of ones would send gradient."""
    x = np.asarray(x, dtype=float)
    n_rows, n_cols = (conv.output_size(n, k.shape[0], 1, padding) for n in x.shape)
    _check_unit(row, col, n_rows, n_cols, padding)
    Y, cache = conv.conv_forward(x[None, None], k[None, None], np.zeros(1), padding=padding)
    dY = np.zeros_like(Y)
    dY[0, 0, row, col] = 1.0                                  # d y[row, col] / d y
    dX = conv.conv_backward(dY, cache)[0][0, 0]
    shape = tuple(n + 2 * padding for n in x.shape)            # the padded input, all of it
    _, ones = conv.conv_forward(np.zeros((1, 1) + shape), np.ones((1, 1) + k.shape),
                                np.zeros(1))
    rows, cols = np.nonzero(conv.conv_backward(dY, ones)[0][0, 0])
    field = (rows.min() - padding, rows.max() - padding, cols.min() - padding,
             cols.max() - padding)
    return Y[0, 0], dX, tuple(int(v) for v in field)


def _check_unit(row, col, n_rows, n_cols, padding):
    for name, v, n in (("row", row, n_rows), ("col", col, n_cols)):
        if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) \
                or not 0 <= v < n:
            raise ValueError(f"{name}: expected an integer from 0 to {n - 1} (the feature map "
                             f"is {n_rows}x{n_cols} with padding {padding}), got {v!r}")


def _cells(ax, n, fontsize):
    """n x n text artists, one per cell, empty for now."""
    return [[ax.text(j, i, "", ha="center", va="center", fontsize=fontsize)
             for j in range(n)] for i in range(n)]


def _write(text, value, scale, fmt="{:.3g}", size=None):
    text.set_text(fmt.format(value + 0.0))                     # + 0.0: no "-0"
    if size is not None:                                       # long numbers: smaller
        text.set_fontsize(size - max(0, len(text.get_text()) - 3))
    text.set_color("white" if abs(value) > 0.6 * scale else "black")


class KernelView:
    """Top: the input x (the unit's receptive field outlined, the zero padding hatched) and
    the kernel k with its numbers. Bottom: the gradient the unit sends back to x (under x:
    the same grid) and the feature map y (the unit marked, its value written). Built once;
    ``update`` moves the artists."""

    def __init__(self):
        with panel_style():
            self._build()

    def _build(self):
        self.fig = Figure(figsize=(9.0, 7.3))
        # forward along the top and down the right; backward along the bottom, back to the
        # input it came from (the gradient sits under the input: the same grid)
        (self.ax_x, self.ax_k), (self.ax_g, self.ax_y) = self.fig.subplots(
            2, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        frame = (-1.5, SIZE + 0.5)                # room for one ring of padding
        for ax in (self.ax_x, self.ax_g):
            ax.set_xlim(*frame)
            ax.set_ylim(frame[1], frame[0])
            ax.set_xticks(range(-1, SIZE + 1))
            ax.set_yticks(range(-1, SIZE + 1))
            ax.set_xlabel("column j")
            ax.set_ylabel("row i")
        # the zero padding: a hatched ring, shown when padding is 1
        self.ring = self.ax_x.add_patch(Rectangle((-1.5, -1.5), SIZE + 2, SIZE + 2, fc="none",
                                                  ec="0.75", hatch="///", lw=0, zorder=0))
        self.im_x = self.ax_x.imshow(np.zeros((SIZE, SIZE)), cmap="gray_r", vmin=0, vmax=1,
                                     extent=(-0.5, SIZE - 0.5, SIZE - 0.5, -0.5))
        self.im_g = self.ax_g.imshow(np.zeros((SIZE, SIZE)), cmap="RdBu_r", vmin=-1, vmax=1,
                                     extent=(-0.5, SIZE - 0.5, SIZE - 0.5, -0.5))
        self.im_k = self.ax_k.imshow(np.zeros((K, K)), cmap="RdBu_r", vmin=-1, vmax=1)
        self.im_y = self.ax_y.imshow(np.zeros((SIZE, SIZE)), cmap="RdBu_r", vmin=-1, vmax=1)
        self.bars = {}
        for ax, im, label in ((self.ax_x, self.im_x, "pixel value"),
                              (self.ax_k, self.im_k, "kernel entry"),
                              (self.ax_y, self.im_y, "unit's value"),
                              (self.ax_g, self.im_g, "gradient")):
            self.bars[ax] = self.fig.colorbar(im, ax=ax, fraction=0.046, pad=0.03, label=label)
        # The three signed scales change with the data. Their end labels are texts redrawn
        # with each frame, so a new scale needs no redraw of the still part (ticks, labels):
        # the bar's colours and its ticks (bottom, middle, top) stay where they are.
        self.ends = {}
        for im in (self.im_k, self.im_y, self.im_g):
            bar = self.bars[im.axes]
            im.set_clim(-0.5, 0.5)
            bar.set_ticks([-0.5, 0, 0.5], labels=["-0.5", "0", "0.5"])  # room for "-0.5"
            at = offset_copy(bar.ax.transAxes, fig=self.fig, x=bar.ax.yaxis.get_major_ticks(
                )[0].get_pad() + bar.ax.yaxis.get_major_ticks()[0].get_tick_padding(),
                units="points")
            self.ends[im] = [bar.ax.text(1.0, y, "", transform=at, ha="left", va="center",
                                         fontsize=TICK_SIZE) for y in (0.0, 1.0)]
        for ax in (self.ax_x, self.ax_g):             # the image's edge
            ax.add_patch(Rectangle((-0.5, -0.5), SIZE, SIZE, fill=False, ec="0.5", lw=1,
                                   ls=":"))
        self.fields = [ax.add_patch(Rectangle((0, 0), K, K, fill=False, ec="C1", lw=2.5))
                       for ax in (self.ax_x, self.ax_g)]
        self.ax_k.set_xticks(range(K))
        self.ax_k.set_yticks(range(K))
        self.ax_k.set_xlabel("column j")
        self.ax_k.set_ylabel("row i")
        self.ax_y.set_xlabel("column c")
        self.ax_y.set_ylabel("row r")
        self.k_text = _cells(self.ax_k, K, 14)
        self.g_text = _cells(self.ax_g, SIZE, 9)
        self.unit = self.ax_y.add_patch(Rectangle((0, 0), 1, 1, fill=False, ec="C1", lw=2.5))
        self.unit_text = self.ax_y.text(0, 0, "", ha="center", va="center", fontsize=10,
                                        fontweight="bold")
        self.fig.suptitle("forward: x and k make y (top, then right); backward: the unit y[r,c] "
                          "sends its gradient\nto the pixels it read (bottom left); orange marks "
                          "the unit and its receptive field")
        for ax, title in ((self.ax_x, "input x: digit 0, padding 0"),   # room for the titles
                          (self.ax_k, "kernel k: horizontal edge"),
                          (self.ax_y, "feature map y (8x8): y[7,7] = -0.0352"),
                          (self.ax_g, "gradient ∂y[7,7]/∂x: rows 6..8, cols 6..8")):
            ax.set_title(title)
        self.fig.tight_layout(rect=(0, 0, 1, 0.96), h_pad=1.5)
        freeze_layout(self.fig)
        for im in self.ends:                          # the ends are drawn by the texts
            self.bars[im.axes].set_ticks([-0.5, 0, 0.5], labels=["", "0", ""])
        blit_axes(self.fig, [self.ax_x, self.ax_k, self.ax_y, self.ax_g],
                  extra=[ax.title for ax in (self.ax_x, self.ax_k, self.ax_y, self.ax_g)]
                  + [t for ends in self.ends.values() for t in ends])
        self.state = None                         # (padding, kernel scale, map scale) drawn

    def update(self, digit=0, kernel="vertical edge", k00=None, k01=None, k02=None, k10=None,
               k11=None, k12=None, k20=None, k21=None, k22=None, row=0, col=0, padding=0):
        """Redraw for image ``digit`` (0-9), the preset ``kernel`` with any of ``k00 .. k22``
        replacing its entries, output unit (``row``, ``col``) and ``padding`` (0 or 1);
        return the figure. ``self.last`` keeps what was drawn (arrays and numbers)."""
        x = digit_image(digit)
        k = make_kernel(kernel, k00=k00, k01=k01, k02=k02, k10=k10, k11=k11, k12=k12,
                        k20=k20, k21=k21, k22=k22)
        V.choice(padding, "padding", PADDINGS)
        y, dx, field = _unit_gradient(x, k, row, col, padding)
        name = kernel_name(k)
        self._rescale(padding, _nice(np.abs(k).max()), _nice(np.abs(y).max()), y.shape[0])
        self.im_x.set_data(x)
        self.ring.set_visible(padding == 1)
        self.im_k.set_data(k)
        self.im_y.set_data(y)
        self.im_g.set_data(dx)
        top, bottom, left, right = field
        for rect in self.fields:
            rect.set_xy((left - 0.5, top - 0.5))
            rect.set_width(right - left + 1)
            rect.set_height(bottom - top + 1)
        for i in range(K):
            for j in range(K):
                _write(self.k_text[i][j], k[i, j], self.state[1], size=14)
        for i in range(SIZE):
            for j in range(SIZE):
                if dx[i, j] != 0:
                    _write(self.g_text[i][j], dx[i, j], self.state[1], "{:.2g}", size=9)
                    self.g_text[i][j].set_text(self.g_text[i][j].get_text().replace("0.", "."))
                else:
                    self.g_text[i][j].set_text("")
        value = y[row, col]
        self.unit.set_xy((col - 0.5, row - 0.5))
        self.unit_text.set_position((col, row))
        _write(self.unit_text, value, self.state[2], "{:.2f}")
        self.ax_x.set_title(f"input x: digit {digit}, padding {padding}", y=1.0)
        self.ax_k.set_title(f"kernel k: {name}", y=1.0)
        self.ax_y.set_title(f"feature map y ({y.shape[0]}x{y.shape[1]}): "
                            f"y[{row},{col}] = {value:.3g}", y=1.0)
        self.ax_g.set_title(f"gradient ∂y[{row},{col}]/∂x: rows {top}..{bottom}, "
                            f"cols {left}..{right}", y=1.0)
        self.last = {"digit": digit, "kernel": name, "k": k, "x": x, "y": y, "dx": dx,
                     "field": field, "row": row, "col": col, "padding": padding,
                     "value": float(value)}
        return self.fig

    def _rescale(self, padding, k_scale, y_scale, n):
        """Colour scales (their end labels are redrawn every frame) and the feature map's
        frame; the still part is redrawn only for a new frame (a 6x6 / 8x8 map)."""
        for im, scale in ((self.im_k, k_scale), (self.im_g, k_scale), (self.im_y, y_scale)):
            im.set_clim(-scale, scale)
            self.bars[im.axes].set_ticks([-scale, 0, scale], labels=["", "0", ""])
            for text, end in zip(self.ends[im], (-scale, scale)):
                text.set_text(f"{end:g}")
        if self.state is not None and self.state[0] == padding:
            self.state = (padding, k_scale, y_scale)
            return
        self.im_y.set_extent((-0.5, n - 0.5, n - 0.5, -0.5))
        self.ax_y.set_xlim(-0.5, n - 0.5)
        self.ax_y.set_ylim(n - 0.5, -0.5)
        self.ax_y.set_xticks(range(n))
        self.ax_y.set_yticks(range(n))
        self.fig._blit_background = None
        self.state = (padding, k_scale, y_scale)

    def caption(self):
        """The last update in words (a notebook's checked cell can print it)."""
        s = self.last
        rows = "\n".join("  " + " ".join(f"{v:6.3g}" for v in r) for r in s["k"])
        top, bottom, left, right = s["field"]
        return (f"digit {s['digit']}, kernel {s['kernel']}, padding {s['padding']}: feature map "
                f"{s['y'].shape[0]}x{s['y'].shape[1]}, y[{s['row']},{s['col']}] = "
                f"{s['value']:.4f}\nkernel:\n{rows}\nreceptive field: rows {top}..{bottom}, "
                f"columns {left}..{right}; {np.count_nonzero(s['dx'])} input pixels receive "
                f"gradient")


def kernel_update(digit=0, kernel="vertical edge", k00=None, k01=None, k02=None, k10=None,
                  k11=None, k12=None, k20=None, k21=None, k22=None, row=0, col=0, padding=0):
    """``KernelView().update(...)``: a fresh figure for these values (see ``KernelView``)."""
    return KernelView().update(digit, kernel, k00, k01, k02, k10, k11, k12, k20, k21, k22,
                               row, col, padding)


def kernel_panel(digit=0, kernel="vertical edge"):
    """The live panel: a digit chooser, a preset menu, nine sliders for the kernel's entries
    (a preset sets them; moving one makes the kernel "custom" and clears the menu, so the same
    preset can be picked again), padding 0/1 and the output unit's row and column, whose
    ranges follow the feature map's size."""
    start = make_kernel(kernel)
    wide = {"description_width": "initial"}
    digit_image(digit)                                      # checks it
    controls = {"digit": ipw.ToggleButtons(options=list(range(10)), value=int(digit),
                                           description="digit",
                                           style={**wide, "button_width": "34px"})}
    for name in ENTRIES:
        controls[name] = slider(f"k[{name[1]},{name[2]}]", float(start[int(name[1]),
                                int(name[2])]), *KERNEL_RANGE, step=0.05, readout_format=".3g")
        controls[name].layout = ipw.Layout(width="250px")
    controls["padding"] = ipw.ToggleButtons(options=list(PADDINGS), value=0,
                                            description="padding", style={**wide,
                                                                          "button_width": "34px"})
    n = conv.output_size(SIZE, K)
    for name, label in (("row", "unit's row r"), ("col", "unit's column c")):
        controls[name] = ipw.IntSlider(value=0, min=0, max=n - 1, description=label,
                                       continuous_update=True, style=wide)

    def follow_padding(change):     # runs before live_panel's redraw: the unit stays on the map
        size = conv.output_size(SIZE, K, 1, change["new"])
        inside = {name: min(controls[name].value, size - 1) for name in ("row", "col")}
        if any(controls[name].value != v for name, v in inside.items()):
            box.set_values(inside)      # both at once: never one row or col off the map
        controls["row"].max = controls["col"].max = size - 1
    controls["padding"].observe(follow_padding, names="value")
    box = live_panel(KernelView(), controls)
    menu = ipw.Dropdown(options=list(PRESETS), value=kernel, description="kernel", style=wide)
    applying = []

    def apply_preset(change):
        if change["new"] is None:
            return
        k = PRESETS[change["new"]]
        applying.append(True)
        try:                        # nine sliders, one redraw
            box.set_values({name: float(k[int(name[1]), int(name[2])]) for name in ENTRIES})
        finally:
            applying.pop()

    def edited(_change):
        if not applying and menu.value is not None and kernel_name(_entries()) != menu.value:
            menu.value = None       # now custom: the menu can pick the same preset again

    def _entries():
        return make_kernel(**{name: controls[name].value for name in ENTRIES})
    menu.observe(apply_preset, names="value")
    for name in ENTRIES:
        controls[name].observe(edited, names="value")
    rows = [ipw.HBox([controls[n] for n in ENTRIES[i:i + K]]) for i in range(0, K * K, K)]
    panel = Panel([controls["digit"], menu, *rows,       # padding beside the unit it moves
                   ipw.HBox([controls["padding"], controls["row"], controls["col"]]),
                   box.children[1]])
    panel.view, panel.set_values = box.view, box.set_values
    panel.controls = {"kernel": menu, **controls}
    return panel


def _grid(n, max_cols=6):
    """(rows, cols) for n small pictures: at most max_cols a row, rows about equally full."""
    rows = -(-n // max_cols)
    return rows, -(-n // rows)


def _array2(value, name, what, ndims=(2,)):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected an array of numbers ({what}), got "
                         f"{type(value).__name__}") from None
    if arr.ndim not in ndims or arr.size == 0:
        raise ValueError(f"{name}: expected {what}, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: expected finite numbers, got "
                         f"{arr.size - np.count_nonzero(np.isfinite(arr))} NaN or inf")
    return arr


def plot_kernels(W, title="learned kernels"):
    """Every kernel of ``W`` ((F, C, kh, kw), (F, kh, kw) or one (kh, kw)) on one symmetric
    colour scale (white = 0, so kernels compare at a glance), its numbers written in the cells
    up to 5x5. Returns the figure."""
    W = _array2(W, "W", "kernels (F, C, kh, kw), (F, kh, kw) or (kh, kw)", (2, 3, 4))
    W = W.reshape((-1,) + W.shape[-2:]) if W.ndim < 4 else W
    n_channels = W.shape[1] if W.ndim == 4 else 1
    flat = W.reshape((-1,) + W.shape[-2:])                   # (F*C, kh, kw)
    scale = float(np.abs(flat).max()) or 1.0
    n_rows, n_cols = _grid(len(flat))
    with panel_style():
        fig = Figure(figsize=(1.6 * n_cols + 1.2, 1.7 * n_rows + 0.7))
        axes = np.atleast_1d(fig.subplots(n_rows, n_cols, squeeze=False)).ravel()
        for i, (ax, k) in enumerate(zip(axes, flat)):
            im = ax.imshow(k, cmap="RdBu_r", vmin=-scale, vmax=scale)
            f, c = divmod(i, n_channels)
            ax.set_title(f"kernel {f + 1}" + (f", ch. {c + 1}" if n_channels > 1 else ""),
                         fontsize=10)
            ax.set_xticks([])
            ax.set_yticks([])
            if k.size <= 25:
                for (r, s), v in np.ndenumerate(k):
                    ax.text(s, r, f"{v + 0.0:.2f}".replace("-0.00", "0.00"), ha="center",
                            va="center", fontsize=8,
                            color="white" if abs(v) > 0.6 * scale else "black")
        for ax in axes[len(flat):]:
            ax.set_axis_off()
        fig.suptitle(f"{title} (one colour scale, ±{scale:.2g})")
        fig.colorbar(im, ax=list(axes), fraction=0.03, pad=0.02, label="weight")
    return fig


def _image(image):
    """``image`` as a 2-D array: (H, W), a flat or column vector of a square image (the
    digits' (64,) or (64, 1)), or (1, H, W) / (1, 1, H, W)."""
    arr = _array2(image, "image", "a 2-D image (H, W), or a square image as a vector of H*W "
                  "pixels", (1, 2, 3, 4))
    if arr.ndim == 2 and 1 in arr.shape and arr.size > 1 or arr.ndim == 1:
        side = int(round(np.sqrt(arr.size)))
        if side * side != arr.size:
            raise ValueError(f"image: expected a square image's H*W pixels, got {arr.size} "
                             f"(not a square number)")
        return arr.reshape(side, side)
    if arr.ndim > 2:
        if any(n != 1 for n in arr.shape[:-2]):
            raise ValueError(f"image: expected one single-channel image, got shape {arr.shape}")
        return arr.reshape(arr.shape[-2:])
    return arr


def plot_feature_maps(maps, image=None, title="feature maps"):
    """The maps of one example ((F, H, W), or (1, F, H, W) as ``ConvNet.feature_maps`` returns
    for one image) on one shared colour scale, after the input ``image`` if given. Returns the
    figure."""
    maps = _array2(maps, "maps", "feature maps (F, H, W) or (1, F, H, W) of one example",
                   (2, 3, 4))
    if maps.ndim == 4:
        if maps.shape[0] != 1:
            raise ValueError(f"maps: expected the maps of one example, (1, F, H, W), got shape "
                             f"{maps.shape}: pass maps[i:i + 1] for example i")
        maps = maps[0]
    maps = maps.reshape((-1,) + maps.shape[-2:])
    image = None if image is None else _image(image)
    n = len(maps) + (image is not None)
    n_rows, n_cols = _grid(n)
    low, high = float(maps.min()), float(maps.max())
    if low >= 0:        # ReLU outputs: dark is 0, brighter is a stronger response
        cmap, low, high = "viridis", 0.0, high or 1.0
    else:
        high = max(-low, high)
        cmap, low = "RdBu_r", -high
    with panel_style():
        fig = Figure(figsize=(1.7 * n_cols + 1.2, 1.8 * n_rows + 0.7))
        axes = np.atleast_1d(fig.subplots(n_rows, n_cols, squeeze=False)).ravel()
        start = 0
        if image is not None:
            axes[0].imshow(image, cmap="gray_r")
            axes[0].set_title("input", fontsize=10)
            start = 1
        for f, (ax, m) in enumerate(zip(axes[start:], maps)):
            im = ax.imshow(m, cmap=cmap, vmin=low, vmax=high)
            ax.set_title(f"map {f + 1}", fontsize=10)
        for ax in axes:
            ax.set_xticks([])
            ax.set_yticks([])
        for ax in axes[n:]:
            ax.set_axis_off()
        fig.suptitle(f"{title} ({len(maps)} maps of {maps.shape[1]}x{maps.shape[2]}, one "
                     f"colour scale)")
        fig.colorbar(im, ax=list(axes[start:]), fraction=0.03, pad=0.02, label="activation")
    return fig


def plot_pool_routes(x, dy, size=2, stride=2):
    """Where max pooling sends each gradient: ``x`` (H, W) with each window's maximum outlined,
    the upstream ``dy`` (one entry per window, the shape of the pooled output) and
    ``dx = max_pool_backward(dy)``, an arrow from each dy to the pixel it lands on (drawn up to
    36 windows), every value written. Ties go where :mod:`helpers.conv` sends them (the first
    maximum in row-major order). Returns the figure."""
    x = _array2(x, "x", "a 2-D array (H, W), one channel")
    size = V.positive_int(size, "size")
    stride = size if stride is None else V.positive_int(stride, "stride")
    if size > min(x.shape):
        raise ValueError(f"size: expected a window no larger than x's {x.shape[0]}x"
                         f"{x.shape[1]}, got {size}")
    Y, cache = conv.max_pool_forward(x[None, None], size, stride)
    dy = _array2(dy, "dy", f"a 2-D array the shape of the pooled output {Y.shape[2:]}")
    V.same_shape(dy, "dy", Y.shape[2:], f"one entry per {size}x{size} window of x, stride "
                 f"{stride}")
    dx = conv.max_pool_backward(dy[None, None], cache)[0, 0]
    routes = {}                                  # window (r, c) -> the pixel it routes to
    for r, c in np.ndindex(*dy.shape):
        one = np.zeros_like(Y)
        one[0, 0, r, c] = 1.0
        routes[r, c] = tuple(int(v[0]) for v in
                             np.nonzero(conv.max_pool_backward(one, cache)[0, 0]))
    colours = [f"C{i % 10}" for i in range(dy.size)]
    with panel_style():
        fig = Figure(figsize=(11, 3.9))
        ax_x, ax_dy, ax_dx = fig.subplots(1, 3, gridspec_kw={"width_ratios": [
            x.shape[1], dy.shape[1] + 0.5, x.shape[1]]})
        scale = float(max(np.abs(dy).max(), np.abs(dx).max())) or 1.0   # dy, dx: one scale
        _values(ax_x, x, "Greys", x.min(), x.max() if x.max() > x.min() else x.min() + 1)
        _values(ax_dy, dy, "RdBu_r", -scale, scale)
        _values(ax_dx, dx, "RdBu_r", -scale, scale)
        for colour, ((r, c), (i, j)) in zip(colours, routes.items()):
            ax_x.add_patch(Rectangle((c * stride - 0.5, r * stride - 0.5), size, size,
                                     fill=False, ec=colour, lw=1, ls="--"))
            for ax in (ax_x, ax_dx):
                ax.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, fill=False, ec=colour,
                                       lw=2.5))
            ax_dy.add_patch(Rectangle((c - 0.45, r - 0.45), 0.9, 0.9, fill=False, ec=colour,
                                      lw=2.5))
            if len(routes) <= 36:
                fig.add_artist(ConnectionPatch((c + 0.3, r), (j - 0.3, i), ax_dy.transData,
                                               ax_dx.transData, arrowstyle="->", color=colour,
                                               lw=1.2, alpha=0.8))
        ax_x.set_title(f"x: each {size}x{size} window's maximum\n(stride {stride})")
        ax_dy.set_title("upstream dy\n(one per window)")
        ax_dx.set_title("dx: each dy goes to its window's\nmaximum, the rest get 0")
        fig.tight_layout()
    return fig


def _values(ax, a, cmap, low, high):
    """``a`` as coloured cells (``low`` to ``high``) with every value written, ticks at every
    index. Text is white on the darkest 40% of the colours (either end of a diverging map)."""
    ax.imshow(a, cmap=cmap, vmin=low, vmax=high)
    diverging = low == -high
    for (i, j), v in np.ndenumerate(a):
        dark = abs(v) > 0.6 * high if diverging else (v - low) > 0.6 * (high - low)
        ax.text(j, i, f"{v + 0.0:.2g}", ha="center", va="center", fontsize=9,
                color="white" if dark else "black")
    ax.set_xticks(range(a.shape[1]))
    ax.set_yticks(range(a.shape[0]))
    ax.tick_params(labelsize=8)
    ax.set_xlabel("column")
    ax.set_ylabel("row")


RESPONSIVENESS = [(KernelView, {"digit": list(range(10)), **{n: KERNEL_RANGE for n in ENTRIES},
                                "kernel": list(PRESETS), "padding": list(PADDINGS),
                                "row": (0, 5), "col": (0, 5)})]

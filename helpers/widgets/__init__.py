"""The interactive panels of the notebooks, one module per notebook.

The contract every module here follows (tests and benchmarks rely on it):

* A **view** class, ``SomethingView``, builds its figure once (a ``matplotlib.figure.Figure``,
  not a pyplot one, so the inline backend never shows it by surprise) and has
  ``update(**values) -> Figure``, which changes the existing artists in place (``set_data``,
  ``set_text``, ...) and returns the figure. Plain values in, a figure out: tests and
  benchmarks call it without a browser.
* A **panel** function, ``something_panel()``, wires ipywidgets controls to a view with
  :func:`live_panel` and returns the widget to display. It holds no logic of its own.
* In a notebook, the panel cell is tagged ``nbval-ignore-output`` and starts with
  ``# nbval-ignore-output: live widget``; the next cell calls ``SomethingView().update(...)``
  with fixed values, so the picture is checked by nbval and readable on GitHub.
* Text a student reads on a panel uses the sizes of :data:`PANEL_RC` (build the view inside
  ``with panel_style():``) and mathtext for symbols (``"$a^{[1]}_2$"``, as the static figures
  of :mod:`helpers.plotting` write them); :func:`live_panel` raises any legend smaller than
  ``LEGEND_SIZE`` to it, so every panel's legend is readable.
* Before its cell is run (GitHub, a notebook opened without its kernel), a panel shows the
  line :data:`RUN_ME` instead of ``VBox(children=(...``: :class:`Panel` is the container.
* ``RESPONSIVENESS``: a list of ``(view_factory, {argument: (low, high) or [choices]})`` that
  ``benchmarks/responsiveness.py`` uses to move every control the way a student would.
"""
import io
import threading

import ipywidgets as ipw
import matplotlib
from IPython.display import Image, display
from matplotlib.ticker import FixedLocator

#: Font sizes (points) of the panels. A panel's figure is shown at the notebook's dpi (80 in
#: every set-up cell), so 12 pt is 13 px: matplotlib's defaults (10 pt, legends 10 pt, and the
#: 7-8 pt some views chose) came out at 8-11 px, too small to read beside the notebook's text.
TITLE_SIZE, LABEL_SIZE, TICK_SIZE, LEGEND_SIZE = 12, 11, 10, 10
PANEL_RC = {"axes.titlesize": TITLE_SIZE, "figure.titlesize": TITLE_SIZE + 1,
            "axes.labelsize": LABEL_SIZE, "xtick.labelsize": TICK_SIZE,
            "ytick.labelsize": TICK_SIZE, "legend.fontsize": LEGEND_SIZE,
            "legend.title_fontsize": LEGEND_SIZE}

#: What a panel's cell shows where no kernel has drawn it yet (the text/plain of its output)
#: (ipywidgets cuts a text/plain longer than 110 characters)
RUN_ME = "[panel: run this cell (Shift+Enter) for its sliders; the cell below shows a still view]"


def panel_style():
    """A context in which a view builds its figure: the panel font sizes of ``PANEL_RC``."""
    return matplotlib.rc_context(PANEL_RC)


class Panel(ipw.VBox):
    """The box a panel function returns: a ``VBox`` whose plain-text form asks to run the cell.

    ipywidgets stores ``repr(widget)`` as the output's text/plain, which is what GitHub, a
    static page or JupyterLab without the widget state show: ``VBox(children=(...`` there
    told a student nothing.
    """

    def __repr__(self):
        return RUN_ME


def legible(fig, minimum=LEGEND_SIZE):
    """Raise every legend text of ``fig`` below ``minimum`` points to it (layout unchanged:
    legends sit inside their axes). Returns ``fig``."""
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        for text in legend.get_texts() + [legend.get_title()]:
            if text.get_fontsize() < minimum:
                text.set_fontsize(minimum)
    return fig


def slider(description, value, lo, hi, step=0.1, readout_format=".2f"):
    """A float slider that updates while it is dragged, with a readable label width."""
    return ipw.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                           continuous_update=True, readout_format=readout_format,
                           style={"description_width": "initial"})


#: One figure drawn by two threads at once comes out blank, and stays blank: matplotlib swaps
#: ``fig.canvas`` while saving. ipykernel 7 runs widget callbacks on more than one thread (in
#: JupyterLab a button click arrives on the main shell, slider updates on a subshell), so
#: every update-and-draw of a panel, and every render, holds this lock.
DRAW_LOCK = threading.RLock()


def render_png(fig):
    """The PNG bytes a panel sends to the browser for ``fig``.

    Cheaper than ``display(fig)``, which goes through the inline backend's
    ``bbox_inches="tight"`` (every artist measured before the draw: 15-60% more time for the
    views here) and zlib level 6. Views lay their figure out once, so the plain canvas is
    already tight; on a slider move, speed matters more than kilobytes on a local connection.
    A figure marked with :func:`blit_axes` redraws only what moves (see there).
    """
    with DRAW_LOCK:
        if getattr(fig, "_dynamic_artists", None) is not None:
            return _render_blitted(fig)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=fig.dpi, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def blit_axes(fig, axes, extra=()):
    """Say that between updates only the *contents* of ``axes`` (and the ``extra`` artists,
    e.g. a changing title) change, never the ticks, tick labels or axis labels.

    :func:`render_png` then draws the unchanging part once, keeps it as a bitmap, and on each
    update pastes it back and draws only the data artists, spines and legends of ``axes`` on
    top (matplotlib's blitting). Text is most of a redraw's cost, and tick labels are most of
    the text: this halves a slider move for the busy views. Call it after ``freeze_layout``.
    """
    from matplotlib.axis import Axis

    def dynamic():
        keep = []
        for ax in axes:
            titles = (ax.title, ax._left_title, ax._right_title)
            keep += [a for a in ax.get_children()
                     if a is not ax.patch and not isinstance(a, Axis) and a not in titles]
        return keep + list(extra)

    fig._dynamic_artists = dynamic
    fig._blit_background = None


def _render_blitted(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    artists = sorted(fig._dynamic_artists(), key=lambda a: a.get_zorder())
    if fig._blit_background is None:                  # first time: draw the still part once
        shown = [a.get_visible() for a in artists]
        for a in artists:
            a.set_visible(False)
        canvas.draw()
        fig._blit_background = canvas.copy_from_bbox(fig.bbox)
        for a, v in zip(artists, shown):
            a.set_visible(v)
    canvas.restore_region(fig._blit_background)
    renderer = canvas.get_renderer()
    for a in artists:
        a.draw(renderer)
    buf = io.BytesIO()
    Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA",
                     0, 1).save(buf, format="png", compress_level=1)
    return buf.getvalue()


def live_panel(view, controls, layout="vertical"):
    """Wire ``controls`` (a dict name -> widget) to ``view.update(**values)``.

    The figure is drawn into an ``Output`` once and redrawn there on every change. Returns
    the box holding the controls and the output. The box keeps the view as ``box.view`` and
    the controls as ``box.controls`` so tests can drive it.
    """
    out = ipw.Output()
    if hasattr(view, "fig"):
        legible(view.fig)
    holding = []              # non-empty while set_values moves several controls at once

    def redraw(_change=None):
        if holding:
            return
        with DRAW_LOCK:  # the latest values, drawn and shown in order, one thread at a time
            fig = view.update(**{name: w.value for name, w in controls.items()})
            with out:
                out.clear_output(wait=True)
                display(Image(data=render_png(fig)))

    def set_values(values):
        """Move several controls (a dict name -> value) and redraw once, not once each."""
        holding.append(True)
        try:
            for name, value in values.items():
                controls[name].value = value
        finally:
            holding.pop()
        redraw()

    for w in controls.values():
        w.observe(redraw, names="value")
    redraw()
    box_type = ipw.VBox if layout == "vertical" else ipw.HBox
    box = Panel([box_type(list(controls.values())), out])
    box.view, box.controls, box.set_values = view, controls, set_values
    return box


def freeze_layout(fig):
    """Pin every tick, axis label and title where the current layout put them.

    A redraw then skips re-locating ticks and re-measuring every tick label to place the axis
    labels and titles, about a third of a slider move's time. Call it once, after
    ``tight_layout``, on a figure whose axis limits no longer change.
    """
    fig.draw_without_rendering()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, sorted(ax.get_xlim())),
                               (ax.yaxis, sorted(ax.get_ylim()))):
            ticks = [t for t in axis.get_majorticklocs() if lo - 1e-9 <= t <= hi + 1e-9]
            axis.set_major_locator(FixedLocator(ticks))
        x_label, y_label = ax.xaxis.label, ax.yaxis.label
        to_axes = ax.transAxes.inverted()
        ax.xaxis.set_label_coords(0.5, to_axes.transform((0, x_label.get_position()[1]))[1])
        ax.yaxis.set_label_coords(to_axes.transform((y_label.get_position()[0], 0))[0], 0.5)
        ax.set_title(ax.get_title(), y=1.0)             # an explicit y: no automatic placement

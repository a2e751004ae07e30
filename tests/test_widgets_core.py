"""The shared widget machinery: blitted rendering must show what a full redraw shows."""
import io

import numpy as np
from PIL import Image

from helpers.widgets import render_png
from helpers.widgets.forward import XOR_SOLUTION, XorNetView
from helpers.widgets.losses import LossView


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def full_render(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return buf.getvalue()


def test_blitted_frames_match_a_full_redraw():
    for view, first, second in ((XorNetView(), {}, XOR_SOLUTION),
                                (LossView(), dict(y=1.0, z=-4.0), dict(y=0.0, z=2.5))):
        view.update(**first)
        a = pixels(render_png(view.fig))          # first call caches the still background
        view.update(**second)
        b = pixels(render_png(view.fig))          # second call pastes it and draws the rest
        assert np.abs(a - b).mean() > 1.0         # the picture did change
        c = pixels(full_render(view.fig))
        assert b.shape == c.shape
        # the same picture, up to anti-aliasing where a line meets the pasted background
        assert np.abs(b - c).mean() < 0.5 and (np.abs(b - c).max(axis=2) > 60).mean() < 0.002


def test_a_panel_before_it_is_run_asks_to_be_run():
    """ipywidgets stores repr(widget) as the output's text/plain: what a reader without the
    kernel sees. Every panel built by live_panel says to run the cell, under 110 characters
    (ipywidgets cuts longer ones)."""
    import ipywidgets as ipw

    from helpers.widgets import RUN_ME, Panel, live_panel, slider
    from helpers.widgets.start import NeuronView

    box = live_panel(NeuronView(), {"w": slider("w", 1.0, -5, 5), "b": slider("b", 0.0, -5, 5)})
    assert isinstance(box, Panel) and isinstance(box, ipw.VBox)
    bundle = box._repr_mimebundle_()
    assert bundle["text/plain"] == RUN_ME and len(RUN_ME) <= 110 and "run this cell" in RUN_ME
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "VBox" in repr(ipw.VBox())                      # a plain box still says VBox


def test_panel_style_sets_readable_sizes_and_legible_raises_small_legends():
    from matplotlib.figure import Figure

    from helpers.widgets import LEGEND_SIZE, TITLE_SIZE, legible, panel_style

    with panel_style():
        fig = Figure()
        ax = fig.subplots()
        ax.plot([0, 1], label="$z^{[1]}$")
        ax.set_title("t")
        ax.legend()
    assert ax.title.get_fontsize() == TITLE_SIZE
    assert ax.get_legend().get_texts()[0].get_fontsize() == LEGEND_SIZE
    small = Figure()
    ax2 = small.subplots()
    ax2.plot([0, 1], label="x")
    ax2.legend(fontsize=7)
    big = Figure()
    ax3 = big.subplots()
    ax3.plot([0, 1], label="x")
    ax3.legend(fontsize=14)
    legible(small)
    legible(big)
    assert ax2.get_legend().get_texts()[0].get_fontsize() == LEGEND_SIZE
    assert ax3.get_legend().get_texts()[0].get_fontsize() == 14     # never made smaller

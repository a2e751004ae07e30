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

"""Notebook 09's kernel panel and figures: what they draw is what helpers.conv computes."""
import io
import itertools

import numpy as np
import pytest
from PIL import Image

from helpers import conv
from helpers.widgets import render_png
from helpers.widgets.conv import (
    ENTRIES,
    KERNEL_RANGE,
    PADDINGS,
    PRESETS,
    RESPONSIVENESS,
    KernelView,
    digit_image,
    kernel_name,
    kernel_panel,
    kernel_update,
    make_kernel,
    plot_feature_maps,
    plot_kernels,
    plot_pool_routes,
)


def entries(k):
    return {name: float(k[int(name[1]), int(name[2])]) for name in ENTRIES}


def cells(rect):
    """The (row, col) cells a Rectangle drawn on a cell grid covers."""
    (x0, y0), w, h = rect.get_xy(), rect.get_width(), rect.get_height()
    return {(i, j) for i in range(int(round(y0 + 0.5)), int(round(y0 + 0.5 + h)))
            for j in range(int(round(x0 + 0.5)), int(round(x0 + 0.5 + w)))}


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def test_the_digits_are_the_first_of_each_class_in_datasets():
    from helpers.datasets import digits

    X, _, labels = digits()
    for d in range(10):
        first = np.flatnonzero(labels == d)[0]
        np.testing.assert_array_equal(digit_image(d), X[:, first].reshape(8, 8))


@pytest.mark.parametrize("digit, kernel, padding", [(0, "vertical edge", 0), (3, "blur", 1),
                                                    (7, "sharpen", 0), (9, "shift right", 1),
                                                    (5, "horizontal edge", 1)])
def test_the_feature_map_is_helpers_conv_correlate(digit, kernel, padding):
    view = KernelView()
    assert view.update(digit, kernel, padding=padding, row=2, col=4) is view.fig
    y = conv.correlate(digit_image(digit), PRESETS[kernel], padding=padding)
    np.testing.assert_allclose(view.im_y.get_array(), y, rtol=0, atol=1e-12)
    np.testing.assert_allclose(view.last["y"], y, rtol=0, atol=1e-12)
    assert y.shape == (6, 6) if padding == 0 else (8, 8)
    assert view.ax_y.get_xlim() == (-0.5, y.shape[1] - 0.5)         # the frame fits the map
    assert f"y[2,4] = {y[2, 4]:.3g}" in view.ax_y.get_title()
    assert view.unit_text.get_position() == (4, 2) and view.unit.get_xy() == (3.5, 1.5)
    assert view.unit_text.get_text() == f"{y[2, 4] + 0.0:.2f}"
    np.testing.assert_array_equal(view.im_x.get_array(), digit_image(digit))
    np.testing.assert_array_equal(view.im_k.get_array(), PRESETS[kernel])
    assert view.ring.get_visible() == (padding == 1)                # the zero padding shown
    assert f"kernel k: {kernel}" == view.ax_k.get_title()
    for i, j in itertools.product(range(3), repeat=2):             # the kernel's numbers
        assert view.k_text[i][j].get_text() == f"{PRESETS[kernel][i, j] + 0.0:.3g}"


def test_the_receptive_field_is_where_the_gradient_goes():
    """For every unit and padding: the outlined cells (inside the image) are exactly the
    pixels that receive gradient when no kernel entry is 0, dx is conv_backward's of a one-hot
    dY, each receiving pixel holds the kernel entry that weighed it, and the numbers are
    written in exactly those cells."""
    view = KernelView()
    k = np.array([[1.0, -2.0, 0.5], [3.0, 1.5, -1.0], [0.25, 2.0, -0.5]])   # no zero entry
    x = digit_image(4)
    for padding in PADDINGS:
        n = 6 + 2 * padding
        for row, col in itertools.product(range(n), repeat=2):
            view.update(4, "identity", row=row, col=col, padding=padding, **entries(k))
            Y, cache = conv.conv_forward(x[None, None], k[None, None], np.zeros(1),
                                         padding=padding)
            dY = np.zeros_like(Y)
            dY[0, 0, row, col] = 1.0
            dx = conv.conv_backward(dY, cache)[0][0, 0]
            np.testing.assert_array_equal(view.im_g.get_array(), dx)
            field_x, field_g = (cells(r) for r in view.fields)
            assert field_x == field_g and len(field_x) == 9
            receiving = {tuple(c) for c in np.argwhere(dx != 0)}
            assert {c for c in field_x if 0 <= min(c) and max(c) < 8} == receiving
            top, left = row - padding, col - padding               # independent geometry
            assert min(field_x) == (top, left)
            for i, j in receiving:
                assert dx[i, j] == k[i - top, j - left]
            written = {(i, j) for i in range(8) for j in range(8)
                       if view.g_text[i][j].get_text()}
            assert written == receiving
            assert view.last["field"] == (top, top + 2, left, left + 2)


def test_a_zero_kernel_entry_sends_nothing_inside_the_field():
    view = KernelView()
    view.update(1, "vertical edge", row=3, col=1)                   # middle column is 0
    dx = view.last["dx"]
    receiving = {tuple(c) for c in np.argwhere(dx != 0)}
    assert len(receiving) == 6 and receiving < cells(view.fields[0])
    assert "6 input pixels receive gradient" in view.caption()


def test_presets_set_the_sliders_and_editing_one_makes_it_custom():
    panel = kernel_panel()
    menu, view = panel.controls["kernel"], panel.view
    calls = []
    update = view.update
    view.update = lambda **values: calls.append(values) or update(**values)
    for name, k in PRESETS.items():
        if name == menu.value:
            continue
        calls.clear()
        menu.value = name
        assert entries(k) == {n: panel.controls[n].value for n in ENTRIES}
        assert len(calls) == 1                                     # nine sliders, one redraw
        np.testing.assert_array_equal(view.last["k"], k)
        assert view.ax_k.get_title() == f"kernel k: {name}"
    panel.controls["k11"].value = 2.5                              # edit one entry
    assert menu.value is None and view.ax_k.get_title() == "kernel k: custom"
    menu.value = "shift right"                                     # pick the same preset again
    assert panel.controls["k11"].value == 0.0 and view.last["kernel"] == "shift right"
    assert menu.value == "shift right"


def test_row_and_col_ranges_follow_the_padding():
    panel = kernel_panel()
    c, view = panel.controls, panel.view
    assert (c["row"].max, c["col"].max) == (5, 5)
    c["padding"].value = 1
    assert (c["row"].max, c["col"].max) == (7, 7)
    c["row"].value, c["col"].value = 7, 6
    assert view.last["y"].shape == (8, 8) and (view.last["row"], view.last["col"]) == (7, 6)
    c["padding"].value = 0                                         # the unit stays on the map
    assert (c["row"].max, c["col"].max) == (5, 5) and (c["row"].value, c["col"].value) == (5, 5)
    assert view.last["y"].shape == (6, 6) and view.last["padding"] == 0
    assert (view.last["row"], view.last["col"]) == (5, 5)


def test_every_control_redraws_the_panel():
    panel = kernel_panel()
    moves = {"digit": 7, "kernel": "blur", "padding": 1, "row": 3, "col": 4,
             **{name: -1.25 for name in ENTRIES}}
    assert set(moves) == set(panel.controls)
    for name, value in moves.items():
        before = pixels(render_png(panel.view.fig))
        panel.controls[name].value = value
        after = pixels(render_png(panel.view.fig))
        assert np.abs(after - before).max() > 0, name


def test_blitted_frames_match_a_full_redraw_across_scale_changes():
    view = KernelView()
    for values in (dict(digit=3), dict(digit=3, kernel="sharpen", row=4, col=1),
                   dict(digit=8, kernel="blur", padding=1, row=7, col=0),
                   dict(digit=8, kernel="blur", padding=1, row=6, col=1),
                   dict(digit=8, kernel="sharpen", padding=1, row=6, col=1)):   # new scales
        view.update(**values)
        fast = pixels(render_png(view.fig))
        buf = io.BytesIO()
        view.fig.savefig(buf, format="png", dpi=view.fig.dpi)
        full = pixels(buf.getvalue())
        assert fast.shape == full.shape
        assert np.abs(fast - full).mean() < 0.5 and (np.abs(fast - full).max(axis=2) > 60
                                                     ).mean() < 0.002


def test_colour_scales_are_symmetric_and_hold_the_data():
    view = KernelView()
    for kernel in PRESETS:
        view.update(6, kernel, padding=1, row=3, col=3)
        for im, data in ((view.im_k, view.last["k"]), (view.im_g, view.last["dx"]),
                         (view.im_y, view.last["y"])):
            lo, hi = im.get_clim()
            assert lo == -hi and np.abs(data).max() <= hi + 1e-12
            assert [t.get_text() for t in view.ends[im]] == [f"{lo:g}", f"{hi:g}"]


def test_figure_text_is_stable():
    """nbval compares the text/plain of a figure: the same for every setting."""
    texts = {repr(kernel_update(d, kn, padding=p, row=r, col=r))
             for d, kn, p, r in [(0, "identity", 0, 0), (9, "blur", 1, 7), (4, "sharpen", 0, 5)]}
    assert len(texts) == 1 and texts.pop().endswith("with 8 Axes>")


def test_bad_inputs_name_the_argument():
    view = KernelView()
    for kwargs, message in [
            (dict(digit=10), "digit: expected an integer from 0 to 9, got 10"),
            (dict(digit=2.5), "digit: expected an integer from 0 to 9"),
            (dict(digit=True), "digit: expected an integer"),
            (dict(digit=np.inf), "digit: expected an integer"),
            (dict(digit=3.0), "digit: expected an integer"),
            (dict(kernel="edge"), "kernel: expected one of"),
            (dict(k00="a"), "k00: expected a finite number"),
            (dict(k21=np.nan), "k21: expected a finite number"),
            (dict(padding=2), "padding: expected one of"),
            (dict(row=6), r"row: expected an integer from 0 to 5 \(the feature map is 6x6 "
                          r"with padding 0\), got 6"),
            (dict(col=-1), "col: expected an integer from 0 to 5"),
            (dict(col=1.0), "col: expected an integer"),
            (dict(padding=1, row=8), "row: expected an integer from 0 to 7")]:
        with pytest.raises(ValueError, match=message):
            view.update(**kwargs)
    with pytest.raises(ValueError, match="k33: expected a kernel entry"):
        make_kernel(k33=1.0)
    with pytest.raises(ValueError, match="digit: expected an integer from 0 to 9"):
        kernel_panel(digit=-1)
    with pytest.raises(ValueError, match="kernel: expected one of"):
        kernel_panel(kernel="emboss")


def test_kernel_names_and_the_responsiveness_contract():
    for name, k in PRESETS.items():
        assert kernel_name(k) == name and k.shape == (3, 3)
        assert np.abs(k).max() <= KERNEL_RANGE[1]                  # the sliders reach it
    assert kernel_name(np.ones((3, 3))) == "custom"
    assert {"identity", "vertical edge", "horizontal edge", "blur", "sharpen"} <= set(PRESETS)
    (factory, ranges), = RESPONSIVENESS
    assert factory is KernelView
    view = factory()
    rng = np.random.default_rng(0)
    for _ in range(5):                                 # every value the benchmark may draw
        values = {n: (r[int(rng.integers(len(r)))] if isinstance(r, list) else
                      int(rng.integers(r[0], r[1] + 1)) if n in ("row", "col") else
                      float(rng.uniform(*r))) for n, r in ranges.items()}
        assert view.update(**values) is view.fig


# ------------------------------------------------------------------ static figures
def test_plot_kernels_one_symmetric_scale_and_the_numbers():
    W = np.random.default_rng(1).normal(size=(8, 1, 3, 3))
    fig = plot_kernels(W)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(images) == 8
    scale = np.abs(W).max()
    for f, im in enumerate(images):
        np.testing.assert_array_equal(im.get_array(), W[f, 0])
        assert im.get_clim() == (-scale, scale)
        texts = [t.get_text() for t in im.axes.texts]
        assert texts == [f"{v + 0.0:.2f}".replace("-0.00", "0.00") for v in W[f, 0].ravel()]
    assert f"±{scale:.2g}" in fig._suptitle.get_text()
    assert len(plot_kernels(W[:, 0]).axes) == len(fig.axes)        # (F, kh, kw) the same
    assert repr(plot_kernels(W)) == repr(plot_kernels(-W))
    with pytest.raises(ValueError, match="W: expected kernels"):
        plot_kernels(np.ones(3))
    with pytest.raises(ValueError, match="W: expected finite numbers"):
        plot_kernels([[np.nan, 1.0]])


def test_plot_feature_maps_shares_a_scale_and_shows_the_input():
    from helpers.datasets import digits

    X = digits()[0]
    maps = np.maximum(np.random.default_rng(2).normal(size=(1, 8, 6, 6)), 0)   # ReLU-like
    fig = plot_feature_maps(maps, X[:, 3])
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(images) == 9
    np.testing.assert_array_equal(images[0].get_array(), X[:, 3].reshape(8, 8))
    for f, im in enumerate(images[1:]):
        np.testing.assert_array_equal(im.get_array(), maps[0, f])
        assert im.get_clim() == (0.0, maps.max())
    signed = plot_feature_maps(maps[0] - 0.5)                       # (F, H, W), signed
    lo, hi = [ax.images[0] for ax in signed.axes if ax.images][0].get_clim()
    assert lo == -hi == -np.abs(maps[0] - 0.5).max()
    for image in (X[:, 3:4], X[:, 3].reshape(1, 1, 8, 8)):          # column, NCHW: the same
        assert repr(plot_feature_maps(maps, image)) == repr(fig)
    with pytest.raises(ValueError, match="maps: expected the maps of one example"):
        plot_feature_maps(np.ones((2, 8, 6, 6)))
    with pytest.raises(ValueError, match="image: expected a square image's H\\*W pixels, got 63"):
        plot_feature_maps(maps, np.ones(63))
    with pytest.raises(ValueError, match="image: expected one single-channel image"):
        plot_feature_maps(maps, np.ones((3, 8, 8)))


@pytest.mark.parametrize("shape, size, stride", [((4, 4), 2, 2), ((6, 6), 3, 3), ((5, 5), 2, 1),
                                                 ((6, 4), 2, 2)])
def test_plot_pool_routes_shows_where_max_pool_backward_sends_each_gradient(shape, size,
                                                                            stride):
    rng = np.random.default_rng(3)
    x = rng.normal(size=shape).round(1)
    Y, cache = conv.max_pool_forward(x[None, None], size, stride)
    dy = rng.normal(size=Y.shape[2:]).round(2)
    fig = plot_pool_routes(x, dy, size, stride)
    ax_x, ax_dy, ax_dx = fig.axes[:3]
    dx = conv.max_pool_backward(dy[None, None], cache)[0, 0]
    np.testing.assert_array_equal(ax_dx.images[0].get_array(), dx)
    np.testing.assert_array_equal(ax_dy.images[0].get_array(), dy)
    assert [t.get_text() for t in ax_dx.texts] == [f"{v + 0.0:.2g}" for v in dx.ravel()]
    assert [t.get_text() for t in ax_x.texts] == [f"{v + 0.0:.2g}" for v in x.ravel()]
    # every window's maximum is outlined (on x and dx), one arrow per window
    winners = set()
    for r, c in np.ndindex(*dy.shape):
        window = x[r * stride:r * stride + size, c * stride:c * stride + size]
        i, j = np.unravel_index(np.argmax(window), window.shape)     # the first maximum
        winners.add((r * stride + i, c * stride + j))
    outlined = {c for p in ax_dx.patches for c in cells(p)}
    assert outlined == winners
    assert {c for p in ax_x.patches if p.get_linestyle() == "solid" for c in cells(p)} == winners
    assert len(fig.artists) == dy.size


def test_plot_pool_routes_ties_and_overlaps():
    x = np.array([[1.0, 1.0, 0.0], [0.0, 0.5, 0.0], [0.0, 0.0, 0.0]])    # a tie in window 1
    fig = plot_pool_routes(x, [[1.0, 2.0], [3.0, 4.0]], size=2, stride=1)
    dx = fig.axes[2].images[0].get_array()
    expected = np.zeros((3, 3))
    expected[0, 0] += 1.0                    # window (0,0): the tie goes to the first, x[0,0]
    expected[0, 1] += 2.0                    # window (0,1): x[0,1]
    expected[1, 1] += 3.0 + 4.0              # windows (1,0) and (1,1) share x[1,1]: they add
    np.testing.assert_array_equal(dx, expected)
    lo, hi = fig.axes[2].images[0].get_clim()
    assert hi == 7.0 == -lo                  # the scale holds the accumulated 7


def test_plot_pool_routes_bad_input():
    x = np.ones((4, 4))
    for args, kwargs, message in [
            ((np.ones(4), [[1.0]]), {}, "x: expected a 2-D array"),
            ((x, np.ones((3, 3))), {}, r"dy: expected shape \(2, 2\)"),
            ((x, [[1.0]]), dict(size=0), "size: expected a positive integer"),
            ((x, [[1.0]]), dict(size=5), "size: expected a window no larger than x's 4x4"),
            ((x, [[1.0]]), dict(stride=1.5), "stride: expected a positive integer"),
            ((x, "dy"), {}, "dy: expected an array of numbers")]:
        with pytest.raises(ValueError, match=message):
            plot_pool_routes(*args, **kwargs)

"""Notebook 01's figures and XOR panel, checked against an independent forward pass."""
import numpy as np
import pytest

from helpers.network import MLP
from helpers.widgets.forward import (
    PARAM_NAMES,
    XOR_SOLUTION,
    XOR_START,
    XorNetView,
    activation_figure,
    xor_panel,
)
from helpers.xor import xor_params

X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
Y = np.array([0.0, 1.0, 1.0, 0.0])


def independent_forward(p, x1, x2):
    """The 2-2-1 network written out scalar by scalar."""
    s = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    h1 = s(p["w1_11"] * x1 + p["w1_12"] * x2 + p["b1_1"])
    h2 = s(p["w1_21"] * x1 + p["w1_22"] * x2 + p["b1_2"])
    return h1, h2, s(p["w2_11"] * h1 + p["w2_12"] * h2 + p["b2"])


SETTINGS = [XOR_START, XOR_SOLUTION,
            dict(zip(PARAM_NAMES, [2.0, -3.0, 0.5, 1.0, -1.0, 2.0, -4.0, 6.0, 0.5])),
            dict(zip(PARAM_NAMES, [0.0] * 9)),
            dict(zip(PARAM_NAMES, [-12.0, 12.0, 12.0, -12.0, 6.0, 6.0, 12.0, 12.0, -18.0]))]


@pytest.mark.parametrize("p", SETTINGS)
def test_view_shows_the_network_for_these_sliders(p):
    view = XorNetView()
    assert view.update(**p) is view.fig
    h1, h2, out = independent_forward(p, X[0], X[1])
    np.testing.assert_allclose(view.hidden_pts.get_offsets(), np.c_[h1, h2])
    np.testing.assert_allclose([b.get_height() for b in view.bars[0]], h1)
    np.testing.assert_allclose([b.get_height() for b in view.bars[1]], h2)
    np.testing.assert_allclose([b.get_height() for b in view.bars[2]], out)
    assert [t.get_text() for t in view.out_text] == [f"{a:.2f}" for a in out]
    # the surface at the four grid corners that are XOR points: x in {0, 1} sit at -0.5 + k*0.025
    surf = view.surface.get_array()
    idx = [int(round((v + 0.5) / 2.0 * 80)) for v in (0.0, 1.0)]
    corners = [surf[idx[int(x2)], idx[int(x1)]] for x1, x2 in X.T]
    np.testing.assert_allclose(corners, out, rtol=1e-12)
    n_right = int(np.sum((out >= 0.5) == (Y == 1)))
    title = view.suptitle.get_text()
    assert title.startswith(f"{n_right}/4 points")
    assert f"loss {np.mean(0.5 * (out - Y) ** 2):.4f}" in title
    assert ("XOR solved!" in title) == (n_right == 4)


@pytest.mark.parametrize("p", SETTINGS[:3])
def test_hidden_plane_line_is_where_the_output_is_one_half(p):
    view = XorNetView()
    view.update(**p)
    h1, h2 = view.hidden_line.get_data()
    np.testing.assert_allclose(p["w2_11"] * h1 + p["w2_12"] * h2 + p["b2"], 0, atol=1e-12)


def test_the_solution_solves_xor_and_agrees_with_the_mlp():
    net = MLP([2, 2, 1])
    net.params.update(xor_params(**XOR_SOLUTION))
    A2, _ = net.forward(X)
    assert np.all((A2[0] >= 0.5) == (Y == 1))
    assert np.max(np.abs(A2[0] - Y)) < 0.05
    _, _, out = independent_forward(XOR_SOLUTION, X[0], X[1])
    np.testing.assert_allclose(A2[0], out)


def test_start_does_not_solve_xor():
    assert "not XOR yet" in XorNetView().update(**XOR_START).get_suptitle()


def test_view_updates_in_place():
    view = XorNetView()
    bars, pts = view.bars, view.hidden_pts
    view.update(**XOR_START)
    before = view.surface.get_array().copy()
    view.update(**XOR_SOLUTION)
    assert view.bars is bars and view.hidden_pts is pts
    assert not np.allclose(before, view.surface.get_array())
    assert len(view.axes[0].collections) == 3        # two scatters + one boundary contour


def test_panel_sliders_and_buttons():
    panel = xor_panel()
    assert list(panel.controls) == list(PARAM_NAMES)
    assert all(w.min == -12 and w.max == 12 for w in panel.controls.values())
    panel.buttons["solve"].click()
    assert {n: w.value for n, w in panel.controls.items()} == XOR_SOLUTION
    assert "XOR solved!" in panel.view.suptitle.get_text()
    panel.buttons["reset"].click()
    assert {n: w.value for n, w in panel.controls.items()} == XOR_START
    panel.controls["b2"].value = 3.0
    _, _, out = independent_forward({**XOR_START, "b2": 3.0}, X[0], X[1])
    assert [b.get_height() for b in panel.view.bars[2]] == pytest.approx(out)


def test_activation_figure():
    fig = activation_figure()
    left, right = fig.axes
    labels = [line.get_label() for line in left.lines][:3]
    assert labels == ["sigmoid", "tanh", "relu"]
    z, ds = right.lines[0].get_data()
    np.testing.assert_allclose(ds, np.exp(-z) / (1 + np.exp(-z)) ** 2, rtol=1e-10)
    assert left.get_xlabel() and right.get_ylabel() and left.get_title()
    with pytest.raises(ValueError, match="z_range"):
        activation_figure((1.0, -1.0))


def test_freeze_layout_keeps_the_picture():
    from matplotlib.figure import Figure

    from helpers.widgets import freeze_layout

    def picture(freeze):
        fig = Figure(figsize=(4, 3))
        ax = fig.subplots()
        ax.plot([0, 10], [0, 1])
        ax.set(xlabel="x label", ylabel="y label", title="title")
        fig.tight_layout()
        if freeze:
            freeze_layout(fig)
        fig.draw_without_rendering()
        boxes = [t.get_window_extent().bounds for t in (ax.xaxis.label, ax.yaxis.label, ax.title)]
        return ax, boxes, list(ax.get_xticks())

    ax, frozen, ticks = picture(True)
    _, free, free_ticks = picture(False)
    np.testing.assert_allclose(frozen, free, atol=0.5)     # the same places, to half a pixel
    lo, hi = ax.get_xlim()
    assert ticks == [t for t in free_ticks if lo <= t <= hi]
    assert type(ax.xaxis.get_major_locator()).__name__ == "FixedLocator"


def test_exercise_3_has_exactly_one_answer_on_the_grid_it_names():
    """Notebook 01's exercise 3 (NAND hidden unit): weights +-8, bias a multiple of 4. Its
    answer lives here and in solutions/discussion.py, not in a notebook cell students see."""
    from helpers.xor import xor_forward

    nand = dict(XOR_SOLUTION, w1_21=-8.0, w1_22=-8.0, b1_2=12.0)
    answers = [(w11, w12, b2) for w11 in (-8.0, 8.0) for w12 in (-8.0, 8.0)
               for b2 in np.arange(-12.0, 12.5, 4.0)
               if np.all((xor_forward(xor_params(**dict(nand, w2_11=w11, w2_12=w12, b2=b2)),
                                      X)[1][0] >= 0.5) == (Y == 1))]
    assert answers == [(8.0, 8.0, -12.0)]
    from solutions.discussion import MODEL_ANSWERS

    answer = dict(MODEL_ANSWERS["01_forward_pass.ipynb"])["**3."]
    assert "`W2[1,1]` $= 8$, `W2[1,2]` $= 8$, `b2` $= -12$" in answer


@pytest.mark.parametrize("p", [XOR_START, XOR_SOLUTION])
def test_summary_says_in_words_what_the_figure_shows(p):
    view = XorNetView()
    view.update(**p)
    lines = view.summary().splitlines()
    assert lines[0] == view.suptitle.get_text() and len(lines) == 5
    h1, h2, out = independent_forward(p, X[0], X[1])
    for line, a, b, o, y in zip(lines[1:], h1, h2, out, Y):
        assert f"hidden ({a:.2f}, {b:.2f}) -> output {o:.2f}, target {y:.0f}" in line
        assert line.endswith("right" if (o >= 0.5) == (y == 1) else "WRONG")


def test_panel_says_its_labels_count_from_1_and_asks_to_be_run():
    from helpers.widgets import RUN_ME
    from helpers.widgets.forward import ONE_BASED_NOTE

    panel = xor_panel()
    assert panel.children[0].value == ONE_BASED_NOTE
    assert "<code>W1[2,1]</code>" in ONE_BASED_NOTE and "<code>W1[1, 0]</code>" in ONE_BASED_NOTE
    assert panel.controls["w1_21"].description == "W1[2,1]"
    assert panel._repr_mimebundle_()["text/plain"] == RUN_ME


def test_labels_are_mathtext_and_readable():
    from helpers.widgets import LEGEND_SIZE, TITLE_SIZE

    view = XorNetView()
    view.update(**XOR_START)
    ax_in, ax_hid, ax_bar = view.axes
    assert ax_in.get_xlabel() == "input $x_1$" and "$a^{[1]}_1$" in ax_hid.get_xlabel()
    legend = [t.get_text() for t in ax_bar.get_legend().get_texts()]
    assert legend == ["$a^{[1]}_1$", "$a^{[1]}_2$", "output $a^{[2]}$"]
    assert all(t.get_fontsize() >= LEGEND_SIZE for t in ax_bar.get_legend().get_texts())
    assert all(ax.title.get_fontsize() >= TITLE_SIZE for ax in view.axes)
    fig = activation_figure()
    assert fig.axes[0].get_xlabel() == "pre-activation $z$"
    assert all(t.get_fontsize() >= LEGEND_SIZE for t in fig.axes[1].get_legend().get_texts())

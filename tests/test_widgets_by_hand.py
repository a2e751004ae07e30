"""Notebook 04's panels: the bug zoo's bars follow the gradient check, the trace's labels
follow trace.one_step, and both panels drive their views."""
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from helpers import bugzoo, trace
from helpers.bugzoo import zoo_problem
from helpers.widgets.by_hand import (
    RESPONSIVENESS,
    TOL,
    BugZooView,
    TraceView,
    bug_zoo_panel,
    trace_panel,
)


@pytest.fixture(scope="module")
def zoo():
    return BugZooView()


@pytest.mark.parametrize("bug", list(bugzoo.BUGS))
def test_bars_follow_the_check(zoo, bug):
    fig = zoo.update(bug=bug)
    net, X, Y = zoo_problem()
    ok, rows = bugzoo.check(net, X, Y, bug, TOL)          # computed afresh, independently
    for bar, text, row in zip(zoo.bars, zoo.labels, rows):
        assert bar.get_facecolor() == to_rgba("C2" if row["ok"] else "C3")
        if row["shape_ok"]:
            top = bar.get_y() + bar.get_height()
            assert top == pytest.approx(min(max(row["rel_error"], 2e-13), 1.0), rel=1e-6)
            assert text.get_text() == ("ok" if row["ok"] else f"{row['rel_error']:.2g}")
        else:
            assert text.get_text() == "shape" and bar.get_hatch() == "//"
    title = fig.texts[0].get_text()
    assert bug in title
    assert ("all pass" in title) == ok
    for name in bugzoo.failing(rows):
        assert name in title
    if bug != "correct":
        assert bugzoo.BUGS[bug][0] in title


def test_zoo_updates_in_place(zoo):
    bars = list(zoo.bars)
    assert zoo.update(bug="sign error") is zoo.fig
    assert list(zoo.bars) == bars and len(zoo.fig.axes) == 1


def test_zoo_rejects_unknown_bug(zoo):
    with pytest.raises(ValueError, match="bug: expected one of"):
        zoo.update(bug="nope")


def test_zoo_panel_drives_the_view():
    panel = bug_zoo_panel()
    assert list(panel.controls["bug"].options) == list(bugzoo.BUGS)
    panel.controls["bug"].value = "wrong transpose"
    assert "wrong transpose" in panel.view.title.get_text()
    assert "FAIL: dW1, db1" in panel.view.title.get_text()


@pytest.mark.parametrize("update_biases", [True, False])
@pytest.mark.parametrize("rate", [0.1, 0.5, 2.0])
def test_trace_labels_follow_one_step(update_biases, rate):
    view = TraceView()
    view.update(update_biases=update_biases, learning_rate=rate)
    params, x, y = trace.mazur_problem()
    s = trace.one_step(params, x, y, rate, update_biases)
    for (l, j, k), text in view.edge_text.items():
        assert text.get_text() == f"{params[f'W{l}'][j, k]:.4f} → {s['new'][f'W{l}'][j, k]:.4f}"
    for (l, j), text in view.node_text.items():
        if l > 0:
            label = text.get_text()
            assert f"δ = {s[f'delta{l}'][j, 0]:.6f}" in label
            assert ("frozen" in label) != update_biases
            if update_biases:
                assert f"→ {s['new'][f'b{l}'][j, 0]:.4f}" in label
    assert f"{s['loss']:.6f} -> {s['loss_after']:.6f}" in view.title.get_text()


def test_trace_loss_curves_are_repeated_steps():
    view = TraceView()
    view.update(update_biases=False, learning_rate=0.5)
    params, x, y = trace.mazur_problem()
    slow = []
    for _ in range(view.n_steps + 1):
        s = trace.one_step(params, x, y, 0.5, False)
        slow.append(s["loss"])
        params = s["new"]
    np.testing.assert_allclose(10 ** view.curve_off.get_ydata(), slow, rtol=1e-12)   # log10 axis
    on = 10 ** view.curve_on.get_ydata()
    assert on[0] == pytest.approx(slow[0]) and on[-1] < slow[-1]        # biases help here
    assert view.curve_off.get_linewidth() > view.curve_on.get_linewidth()


def test_trace_panel_drives_the_view():
    panel = trace_panel()
    panel.controls["update_biases"].value = False
    assert "biases frozen" in panel.view.title.get_text()
    panel.controls["learning_rate"].value = 1.0
    assert "learning rate 1.00" in panel.view.title.get_text()


def test_responsiveness_table_names_real_controls():
    for factory, controls in RESPONSIVENESS:
        view = factory()
        values = {k: (v[0] if isinstance(v, list) else v[1]) for k, v in controls.items()}
        assert view.update(**values) is view.fig


def test_zoo_caption_says_what_the_bars_show(zoo):
    zoo.update(bug="1/m forgotten")
    text = zoo.caption()
    assert text.splitlines()[0] == zoo.title.get_text().splitlines()[0]
    for row in zoo.rows:
        line = next(ln for ln in text.splitlines() if ln.split()[:1] == [row["name"]])
        assert line.endswith("ok" if row["ok"] else "FAIL")
    zoo.update(bug="correct")
    assert "< 1e-07" in zoo.caption() and "FAIL" not in zoo.caption()   # round-off as a bound


def test_zoo_panel_takes_the_series_seed():
    panel = bug_zoo_panel(seed=3)
    net, _, _ = zoo_problem(3, 4)
    np.testing.assert_array_equal(panel.view.net.params["W1"], net.params["W1"])


def test_trace_caption_matches_the_titles():
    view = TraceView()
    view.update(update_biases=False, learning_rate=0.5)
    assert view.caption() == f"{view.title.get_text()}\n{view.ax_loss.get_title()}"
    assert "frozen" in view.caption()

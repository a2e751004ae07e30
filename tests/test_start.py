"""Notebook 00's slider and exercise."""
import numpy as np
import pytest

from helpers.exercises.start import check_neuron
from helpers.widgets.start import NeuronView, neuron_figure, neuron_panel
from solutions.start import neuron


@pytest.mark.parametrize("w, b", [(1.0, 0.0), (2.0, -1.0), (-3.0, 4.0), (0.0, 2.0), (0.5, -5.0)])
def test_neuron_figure_follows_the_sliders(w, b):
    fig = neuron_figure(w, b)
    ax = fig.axes[0]
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-(w * x + b))))
    mark = [line for line in ax.lines if line.get_linestyle() == ":"][0]
    if w != 0 and abs(b / w) <= 6:
        assert mark.get_visible() and mark.get_xdata()[0] == pytest.approx(-b / w)
        assert f"x = {-b / w:.2f}" in ax.get_title()
    else:
        assert not mark.get_visible() and "off the plot" in ax.get_title()


def test_view_updates_in_place():
    view = NeuronView()
    line = view.curve
    view.update(1.0, 0.0)
    first = line.get_ydata().copy()
    assert view.update(-2.0, 1.0) is view.fig and view.curve is line
    assert not np.allclose(first, line.get_ydata())


def test_panel_drives_the_view():
    panel = neuron_panel()
    assert [w.description for w in panel.controls.values()] == ["weight w", "bias b"]
    panel.controls["b"].value = 2.0
    assert "+2.00" in panel.view.ax.get_title()


def test_checker_accepts_the_solution_and_names_mistakes():
    assert check_neuron(neuron).passed
    assert check_neuron(lambda w, x, b: None).status == "not attempted"
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    cases = {
        "apply the sigmoid": lambda w, x, b: np.dot(w, x) + b,
        "bias b is missing": lambda w, x, b: sig(np.dot(w, x)),
        "bias goes inside": lambda w, x, b: sig(np.dot(w, x)) + b,
        "dot product": lambda w, x, b: sig(w * x + b),
        "sign error": lambda w, x, b: 1 / (1 + np.exp(np.dot(w, x) + b)),
    }
    for words, wrong in cases.items():
        fb = check_neuron(wrong)
        assert fb.status == "wrong" and words in fb.message, fb.message


def test_set_values_moves_several_controls_with_one_redraw():
    panel = neuron_panel()
    calls = []
    original = panel.view.update
    panel.view.update = lambda **v: calls.append(v) or original(**v)
    panel.set_values({"w": 3.0, "b": -1.5})
    assert calls == [{"w": 3.0, "b": -1.5}]
    assert panel.controls["w"].value == 3.0 and "-1.50" in panel.view.ax.get_title()

"""Notebook 07's depth panel: what it plots is what helpers.deep measures and predicts."""
import numpy as np
import pytest

from helpers import deep
from helpers.widgets.deep import (
    ACTIVATIONS,
    INITS,
    MAX_DEPTH,
    N_EXAMPLES,
    RESPONSIVENESS,
    WIDTH,
    DeepView,
    depth_figure,
    depth_panel,
    depth_profile,
)


@pytest.mark.parametrize("depth, activation, init, scale", [(10, "tanh", "lecun", 1.0),
                                                            (20, "sigmoid", "small", 1.0),
                                                            (5, "relu", "he", 2.0),
                                                            (1, "linear", "glorot", 0.5)])
def test_view_plots_the_measured_and_predicted_sizes(depth, activation, init, scale):
    view = DeepView()
    assert view.update(depth, activation, init, scale) is view.fig
    net = deep.deep_network(depth, WIDTH, activation, init, scale)
    X, Y = deep.probe_data(WIDTH, N_EXAMPLES)
    stats = deep.layer_statistics(net, X, Y)
    x, y = view.lines["z"].get_data()
    np.testing.assert_array_equal(x, np.arange(1, depth + 1))
    np.testing.assert_allclose(y, np.maximum(stats["z_std"][:depth], 1e-30), rtol=1e-12)
    x, y = view.lines["delta"].get_data()
    np.testing.assert_array_equal(x, np.arange(1, depth + 2))
    np.testing.assert_allclose(y, np.maximum(stats["delta_rms"], 1e-30), rtol=1e-12)
    np.testing.assert_allclose(view.lines["dW"].get_data()[1],
                               np.maximum(stats["dW_norm"], 1e-30), rtol=1e-12)
    pred = depth_profile(depth, activation, init, scale)["predicted"]
    np.testing.assert_allclose(view.lines["z_pred"].get_data()[1],
                               np.maximum(pred["z_std"][:depth], 1e-30))
    ratio = stats["delta_rms"][0] / stats["delta_rms"][depth - 1]     # layer 1 / last hidden
    assert f"rms dZ_1 / rms dZ_{depth} = {ratio:.1e}" in view.ax_g.get_title()
    assert f"{depth} hidden layers of {WIDTH} {activation} units, {init}" in view.ax_z.get_title()


def test_vanishing_and_healthy_profiles():
    sick = depth_profile(20, "sigmoid", "small")
    healthy = depth_profile(20, "relu", "he")
    assert sick["delta_rms"][0] / sick["delta_rms"][-1] < 1e-30
    assert 0.05 < healthy["delta_rms"][0] / healthy["delta_rms"][-2] < 20


def test_update_moves_lines_in_place_and_checks_arguments():
    view = DeepView()
    line = view.lines["delta"]
    view.update(3, "relu", "he", 1.0)
    view.update(20, "relu", "he", 3.0)
    assert view.lines["delta"] is line and len(line.get_xdata()) == 21
    with pytest.raises(ValueError, match="activation: expected one of"):
        view.update(3, "softmax", "he", 1.0)
    with pytest.raises(ValueError, match=f"depth: expected at most {MAX_DEPTH}"):
        depth_profile(MAX_DEPTH + 1)


def test_figure_panel_and_benchmark_contract():
    assert depth_figure(4, "tanh", "he", 1.5).axes
    box = depth_panel()
    assert set(box.controls) == {"depth", "activation", "init", "scale"}
    before = box.view.lines["z"].get_ydata().copy()
    box.controls["init"].value = "small"                          # a move redraws the view
    assert not np.allclose(box.view.lines["z"].get_ydata(), before)
    (factory, ranges), = RESPONSIVENESS
    assert factory is DeepView and set(ranges) == set(box.controls)
    assert list(ranges["activation"]) == list(ACTIVATIONS) and list(ranges["init"]) == list(INITS)

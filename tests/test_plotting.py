import matplotlib.pyplot as plt
import numpy as np

from helpers import datasets, plotting
from helpers.network import MLP


def test_decision_boundary_draws_probabilities_and_points():
    X, Y = datasets.moons(40, seed=1)
    net = MLP([2, 4, 1], init="lecun")
    fig, ax = plt.subplots()
    mesh = plotting.decision_boundary(lambda P: net.forward(P)[0], X, Y, ax=ax, resolution=30)
    assert mesh.get_array() is not None
    assert len(ax.collections) >= 3          # filled contours, 0.5 line, two scatters
    assert ax.get_xlabel() == "$x_1$" and ax.get_title()


def test_grid_covers_the_data():
    X = np.array([[0.0, 1.0], [2.0, 3.0]])
    grid, xx, yy = plotting.grid_for(X, resolution=5, margin=0.5)
    assert grid.shape == (2, 25)
    assert grid[0].min() == -0.5 and grid[0].max() == 1.5 and grid[1].max() == 3.5


def test_loss_curves_one_line_per_history():
    ax = plotting.loss_curves({"a": [1.0, 0.5, 0.25], "b": [1.0, 0.9, 0.8]})
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]


def test_network_drawing_has_an_edge_per_weight_with_sign_colours():
    net = MLP([2, 2, 1], seed=0)
    net.params["W1"] = np.array([[1.0, -2.0], [0.5, 0.0]])
    net.params["W2"] = np.array([[-1.0, 3.0]])
    ax = plotting.network(net.params, net.layer_sizes)
    assert len(ax.lines) == 6
    colours = [line.get_color() for line in ax.lines]
    assert colours.count("#1f77b4") == 2     # the two negative weights are blue
    widths = [line.get_linewidth() for line in ax.lines]
    assert max(widths) == widths[5]          # 3.0 is the largest |w|
    texts = [t.get_text() for t in ax.texts]
    assert "-2.00" in texts and "3.00" in texts and "$x_1$" in texts

"""Notebook 03's computation graph: the highlighted path, its labels and the chain rule."""
import re
from math import dist

import pytest

from helpers.widgets.graph import (
    EDGES,
    NODES,
    PARAMETERS,
    PATHS,
    RESPONSIVENESS,
    GraphView,
    chain_product,
    graph_panel,
)

_RED = (0.8392156862745098, 0.15294117647058825, 0.1568627450980392, 1.0)


def test_every_path_runs_along_edges_from_L_to_its_parameter():
    assert set(NODES) == {"x", "W1", "b1", "z1", "a1", "W2", "b2", "z2", "a2", "L"}
    for param, path in PATHS.items():
        assert path[0] == "L" and path[-1] == param
        for later, earlier in zip(path, path[1:]):
            assert (earlier, later) in EDGES, (param, earlier, later)


@pytest.mark.parametrize("param", PARAMETERS)
def test_update_highlights_exactly_the_path(param):
    view = GraphView()
    fig = view.update(param=param)
    path = PATHS[param]
    on_path = {(path[i + 1], path[i]) for i in range(len(path) - 1)}
    for key, arrow in view.edges.items():
        red = tuple(arrow.get_edgecolor()) == _RED
        assert red == (key in on_path), key
        assert view.edge_labels[key].get_visible() == (key in on_path), key
        if key in on_path:                   # drawn backwards: from L towards the parameter
            tail = arrow.get_path().vertices[0]             # in data coordinates
            assert dist(tail, NODES[key[1]]) < dist(tail, NODES[key[0]]), key
    assert fig is view.fig
    assert view.product.get_text() == chain_product(param)
    assert view.result.get_text().startswith(f"d{param} = ")


@pytest.mark.parametrize("param", PARAMETERS)
def test_chain_product_telescopes(param):
    text = chain_product(param)
    lhs, rhs = text.split(" = ")
    assert lhs == f"∂L/∂{param}"
    factors = [f.split("/") for f in rhs.split(" · ")]
    assert len(factors) == len(PATHS[param]) - 1
    assert factors[0][0] == "∂L" and factors[-1][1] == f"∂{param}"
    for (_, bottom), (top, _) in zip(factors, factors[1:]):
        assert bottom == top                 # each factor's denominator is the next numerator


def test_update_changes_artists_in_place():
    view = GraphView()
    arrows = dict(view.edges)
    view.update("W1")
    assert view.edge_labels["z1", "a1"].get_visible()
    view.update("b2")
    assert view.edges == arrows and not view.edge_labels["z1", "a1"].get_visible()
    assert re.search(r"shares dz2", view.title.get_text())


def test_figure_and_panel():
    fig = GraphView().update("b1")
    assert "∂z1/∂b1" in fig.texts[-2].get_text()
    panel = graph_panel()
    dropdown = panel.controls["param"]
    assert list(dropdown.options) == list(PARAMETERS)
    dropdown.value = "W2"
    assert panel.view.product.get_text() == chain_product("W2")
    factory, controls = RESPONSIVENESS[0]
    assert factory is GraphView and controls == {"param": list(PARAMETERS)}


def test_bad_parameter():
    with pytest.raises(ValueError,
                       match=r"param: expected one of \['W1', 'W2', 'b1', 'b2'\], got 'x'"):
        GraphView().update("x")
    with pytest.raises(ValueError, match="param: expected one of"):
        chain_product("z1")

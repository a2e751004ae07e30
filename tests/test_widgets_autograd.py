"""Notebook 08's graph view: layout, the backward replay step by step, the panel."""
import numpy as np
import pytest

from helpers.autograd import Tensor, neuron_003, topological_order
from helpers.widgets.autograd import (
    MAX_NODES,
    RESPONSIVENESS,
    BackwardView,
    backward_panel,
    graph_layout,
    node_name,
)
from solutions.autograd import Value, sigmoid

_RED = (0.8392156862745098, 0.15294117647058825, 0.1568627450980392, 1.0)


def small_expression():
    x, y = Value(2.0, label="x"), Value(3.0, label="y")
    u = x * y
    u.label = "u"
    f = u + x
    f.label = "f"
    return x, y, u, f


def test_layout_puts_every_node_right_of_its_parents():
    loss = neuron_003()
    pos = graph_layout(loss)
    for node in topological_order(loss):
        for parent, _ in node.parents:
            assert pos[id(parent)][0] < pos[id(node)][0]
            if not parent.parents:                       # an input sits just left of its user
                assert pos[id(parent)][0] == min(
                    pos[id(n)][0] for n in topological_order(loss)
                    if any(p is parent for p, _ in n.parents)) - 1
    assert pos[id(loss)][0] == max(c for c, _ in pos.values())


@pytest.mark.parametrize("make_root", [neuron_003, lambda: small_expression()[3]])
def test_each_step_shows_the_replay(make_root):
    root = make_root()
    view = BackwardView(root)
    for step in range(view.n_steps + 1):
        fig = view.update(step=step)
        assert fig is view.fig
        current = view.order[step - 1] if step else None
        for node in view.nodes:
            assert view.grad_text[id(node)].get_text().split("\n")[0] == \
                f"grad {float(view.snapshots[step][id(node)]):.4f}"
            assert view.outline[id(node)].get_visible() == (node in view.order[:step])
        for (pid, cid), arrow in view.edges.items():
            on = current is not None and cid == id(current)
            assert arrow.get_visible() == on and view.edge_text[pid, cid].get_visible() == on
        assert view.title.get_text().startswith(f"step {step} of {view.n_steps}")
    for node in view.nodes:
        if hasattr(node, "retain_grad"):
            node.retain_grad()                           # tensors: keep every node's grad
    root.backward()                                      # the last step is backward's result
    for node in view.nodes:
        assert abs(float(view.snapshots[-1][id(node)]) - float(node.grad)) < 1e-15


def test_edge_labels_are_local_derivatives_and_reuse_adds():
    x, y, u, f = small_expression()
    view = BackwardView(f)
    view.update(step=2)                                  # u = x * y passes its gradient
    assert view.order[1] is u
    assert view.edge_text[id(x), id(u)].get_text() == "×3"
    assert view.edge_text[id(y), id(u)].get_text() == "×2"
    assert "x.grad = 4" in view.detail.get_text()        # 1 (direct) + 3 (through u)
    sq = Value(1.5, label="s")
    square = sq * sq                                     # two edges into one parent
    view = BackwardView(square)
    view.update(1)
    assert view.edge_text[id(sq), id(square)].get_text() == "×1.5 + ×1.5"
    assert view.snapshots[1][id(sq)] == 3.0


def test_tensor_and_value_graphs_agree():
    loss_t = neuron_003()
    xs = [Value(v) for v in (0.5, 0.3, 0.2)]
    ws = [Value(v) for v in (0.4, 0.7, 0.2)]
    z = xs[0] * ws[0] + xs[1] * ws[1] + xs[2] * ws[2] + Value(0.1)
    from solutions.autograd import log
    loss_v = -log(sigmoid(z))
    a = BackwardView(loss_t).snapshots[-1]
    b = BackwardView(loss_v).snapshots[-1]
    assert sorted(round(float(g), 12) for g in a.values()) == \
        sorted(round(float(g), 12) for g in b.values())


def test_names_and_figure():
    assert node_name(Value(1.0, label="w")) == "w"
    assert node_name(Value(1.0) * 2) == "*"
    x = Tensor(1.0, requires_grad=True, label="x")
    y = x.exp()
    y.label = "y"
    assert node_name(y) == "y = exp"
    fig = BackwardView(y).update()
    assert fig.texts and "every gradient is final" in fig.texts[-2].get_text()


def test_panel_and_responsiveness():
    panel = backward_panel()
    slider = panel.controls["step"]
    assert slider.min == 0 and slider.max == panel.view.n_steps
    slider.value = 2
    assert panel.view.title.get_text().startswith("step 2 of")
    factory, controls = RESPONSIVENESS[0]
    view = factory()
    assert isinstance(view, BackwardView) and controls == {"step": (0, view.n_steps)}


def test_bad_input():
    view = BackwardView()
    for bad in (-1, view.n_steps + 1, 1.5, True):
        with pytest.raises(ValueError, match=rf"step: expected an integer from 0 to "
                                             rf"{view.n_steps}"):
            view.update(bad)
    big = Tensor(np.float64(0.0), requires_grad=True)
    for _ in range(MAX_NODES):
        big = big + 1.0
    with pytest.raises(ValueError, match=f"root: expected a graph of at most {MAX_NODES} nodes"):
        BackwardView(big)


def test_a_node_with_two_users_shows_its_gradient_is_not_final_yet():
    x, y, u, f = small_expression()
    view = BackwardView(f)
    assert [n for n in view.order] == [f, u] and len(view.users[id(x)]) == 2
    assert view.grad_label(x, 0) == "grad 0.0000\n(0 of 2 users in)"
    assert view.grad_label(x, 1) == "grad 1.0000\n(1 of 2 users in)"       # f's share only
    assert view.grad_label(x, 2) == "grad 4.0000\n(2 of 2 users in)"       # + u's: 1 + y
    assert view.grad_label(y, 2) == "grad 2.0000"                            # one user
    view.update(step=1)
    assert view.grad_text[id(x)].get_text() == "grad 1.0000\n(1 of 2 users in)"


def test_a_freed_tensor_graph_is_refused_with_a_clear_message():
    loss = neuron_003()
    loss.backward()                                      # frees the graph, as in PyTorch
    with pytest.raises(ValueError, match="root: cannot replay a graph that backward"):
        BackwardView(loss)
    kept = neuron_003()
    kept.backward(retain_graph=True)
    assert BackwardView(kept).n_steps > 0

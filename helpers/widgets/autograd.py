"""Notebook 08's figure and panel: a computation graph, and its backward pass step by step.

The graph of any engine whose nodes have ``data``, ``parents`` (pairs ``(parent, local)``),
``op`` and ``label`` (notebook 08's scalar ``Value``, or one-number tensors of
:mod:`helpers.autograd`) is laid out left to right, inputs first. Each box shows the node's
name, its value and its gradient. The step slider replays backward (``backward_steps``): at
step k the first k nodes of the reverse topological order have passed their gradient to their
parents; the node of step k and the edges it sends along are red, each edge labelled with the
local derivative it multiplies by, and the boxes show the gradients accumulated so far. A node
with several users (``x`` in ``x * y + x``) also shows how many of them have passed their share:
its gradient is final only once all have.
"""
import ipywidgets as ipw
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from ..autograd.graph import backward_steps, contribution, topological_order
from ..autograd.nn import neuron_003
from . import live_panel

MAX_NODES = 40
_ON, _OFF, _DONE = "#d62728", "#b0b0b0", "#2ca02c"
_LEAF_FACE, _NODE_FACE = "#fff2cc", "#e8eef7"


def graph_layout(root):
    """``{id(node): (column, row)}``: a node sits one column right of its rightmost parent; an
    input sits just left of its first consumer; rows follow the order the inputs are met
    walking back from ``root``, and a computed node sits at the mean row of its parents."""
    nodes = topological_order(root)
    if len(nodes) > MAX_NODES:
        raise ValueError(f"root: expected a graph of at most {MAX_NODES} nodes to draw, got "
                         f"{len(nodes)} (draw a smaller expression)")
    column = {}
    for node in nodes:
        column[id(node)] = 1 + max((column[id(p)] for p, _ in node.parents), default=-1)
    consumers = {}
    for node in nodes:
        for parent, _ in node.parents:
            consumers.setdefault(id(parent), []).append(column[id(node)])
    for node in nodes:
        if not node.parents and id(node) in consumers:
            column[id(node)] = min(consumers[id(node)]) - 1
    row, next_row = {}, [0]

    def place(node):
        if id(node) not in row:
            if node.parents:
                row[id(node)] = float(np.mean([place(p) for p, _ in node.parents]))
            else:
                row[id(node)], next_row[0] = float(next_row[0]), next_row[0] + 1
        return row[id(node)]

    place(root)
    return {id(n): (column[id(n)], row[id(n)]) for n in nodes}


def node_name(node):
    """What a box is titled: the label, with the operation that made the node."""
    label, op = getattr(node, "label", ""), getattr(node, "op", "")
    if label and op:
        return f"{label} = {op}"
    return label or op or "?"


class BackwardView:
    """The graph of ``root`` with values and gradients; ``update(step)`` replays backward.

    ``root`` defaults to document 003's neuron and its cross-entropy loss (``neuron_003``).
    Names and values never change, so they are drawn once (``render_png`` blits); a move
    redraws the gradients, the outlines and the red edges.
    """

    def __init__(self, root=None):
        root = neuron_003() if root is None else root
        self.root = root
        try:
            self.order, self.snapshots = backward_steps(root, seed=np.float64(1.0))
        except RuntimeError as error:                  # a tensor graph backward has freed
            raise ValueError(f"root: cannot replay a graph that backward() has freed ({error}"
                             f"); draw it before calling backward, or build it again") from None
        self.n_steps = len(self.order)
        self.nodes = topological_order(root)
        self.users = {id(node): [] for node in self.nodes}     # the nodes that use each node
        for node in self.nodes:
            for parent, _ in node.parents:
                if node not in self.users[id(parent)]:
                    self.users[id(parent)].append(node)
        pos = graph_layout(root)
        n_cols = 1 + max(c for c, _ in pos.values())
        n_rows = 1 + max(r for _, r in pos.values())
        self.fig = Figure(figsize=(max(6.5, 1.2 * n_cols), 0.62 * n_rows + 1.5))
        ax = self.ax = self.fig.add_axes([0.0, 0.2, 1.0, 0.68])
        ax.set_xlim(-0.5, max(n_cols, 6.5 / 1.2) - 0.5)
        ax.set_ylim(n_rows - 0.5, -0.5)
        ax.axis("off")
        self.grad_text, self.outline, self.edges, self.edge_text = {}, {}, {}, {}
        font = dict(ha="center", fontsize=7.5, family="monospace", zorder=3)
        boxes = {}
        for node in self.nodes:
            x, y = pos[id(node)]
            face = _NODE_FACE if node.parents else _LEAF_FACE
            boxes[id(node)] = ax.text(
                x, y, f"{_short(node_name(node), 13):^13}\nvalue{float(node.data):8.4f}",
                va="center", bbox=dict(boxstyle="round,pad=0.3", fc=face, ec="#777777"), **font)
        self.fig.draw_without_rendering()
        to_data = ax.transData.inverted()
        half = {}                                       # each box's half width and height
        for key, text in boxes.items():
            (x0, y0), (x1, y1) = to_data.transform(text.get_bbox_patch().get_window_extent())
            half[key] = (abs(x1 - x0) / 2 + 0.02, abs(y1 - y0) / 2 + 0.04)
        for node in self.nodes:
            (x, y), (hw, hh) = pos[id(node)], half[id(node)]
            self.grad_text[id(node)] = ax.text(x, y + hh + 0.03, "", va="top", **font)
            self.outline[id(node)] = ax.add_patch(Rectangle(
                (x - hw, y - hh), 2 * hw, 2 * hh, fill=False, lw=2.2, zorder=4, visible=False))
            for parent, _ in node.parents:
                key = (id(parent), id(node))
                if key in self.edges:                   # x * x: one arrow for both uses
                    continue
                (xp, yp), (xc, yc) = pos[id(parent)], pos[id(node)]
                start, end = (xp + half[id(parent)][0], yp), (xc - hw, yc)
                bend = "arc3,rad=-0.25" if xc - xp > 1 else "arc3"   # around a node between
                arrow = dict(arrowstyle="-|>", shrinkA=0, shrinkB=0, zorder=1,
                             connectionstyle=bend)
                ax.add_patch(FancyArrowPatch(start, end, mutation_scale=9, color=_OFF, lw=1.1,
                                             **arrow))
                self.edges[key] = ax.add_patch(FancyArrowPatch(       # the red copy: step's
                    end, start, mutation_scale=12, color=_ON, lw=2.2, visible=False,
                    **dict(arrow, connectionstyle=bend.replace("-0.25", "0.25"))))
                self.edge_text[key] = ax.text(
                    (start[0] + end[0]) / 2, (start[1] + end[1]) / 2, "", ha="center",
                    va="center", fontsize=7.5, color=_ON, zorder=5, visible=False,
                    bbox=dict(fc="white", ec="none", pad=0.5, alpha=0.9))
        self.fig.text(0.01, 0.04, "yellow: inputs.  red: this step's node and the edges it sends "
                      "its gradient along (× local derivative).  green: done", fontsize=7.5,
                      color="#444444")
        self.title = self.fig.text(0.5, 0.95, "", ha="center", va="center", fontsize=10)
        self.detail = self.fig.text(0.01, 0.12, "", ha="left", va="center", fontsize=8,
                                    family="monospace")
        dynamic = ([self.title, self.detail] + list(self.grad_text.values())
                   + list(self.outline.values()) + list(self.edges.values())
                   + list(self.edge_text.values()))
        self.fig._dynamic_artists = lambda: dynamic     # render_png redraws only these
        self.fig._blit_background = None

    def local_derivative(self, local):
        """The number an edge multiplies by: the local derivative d child / d parent."""
        return float(contribution(local, np.float64(1.0)))

    def update(self, step=None):
        """Show the graph after ``step`` nodes have passed their gradient back (0 to
        ``n_steps``; default: all of them, every gradient final); return the figure."""
        step = self.n_steps if step is None else step
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or \
                not 0 <= step <= self.n_steps:
            raise ValueError(f"step: expected an integer from 0 to {self.n_steps} (the nodes "
                             f"that pass a gradient back), got {step!r}")
        step = int(step)
        current = self.order[step - 1] if step else None
        done = {id(n) for n in self.order[:max(step - 1, 0)]}
        for node in self.nodes:
            self.grad_text[id(node)].set_text(self.grad_label(node, step))
            box = self.outline[id(node)]
            box.set_visible(node is current or id(node) in done)
            box.set_edgecolor(_ON if node is current else _DONE)
        sent = {}
        if current is not None:
            for parent, local in current.parents:
                sent.setdefault(id(parent), []).append(self.local_derivative(local))
        for (pid, cid), arrow in self.edges.items():
            on = current is not None and cid == id(current)
            arrow.set_visible(on)
            text = self.edge_text[(pid, cid)]
            text.set_visible(on)
            if on:
                text.set_text(" + ".join(f"×{d:.4g}" for d in sent[pid]))
        self.title.set_text(self._title(step, current))
        self.detail.set_text(self._detail(step, current))
        return self.fig

    def users_done(self, node, step):
        """How many of ``node``'s users have passed their share after ``step`` steps."""
        passed = {id(n) for n in self.order[:step]}
        return sum(id(user) in passed for user in self.users[id(node)])

    def grad_label(self, node, step):
        """``grad 1.0000``, and for a node with several users ``(1 of 2 users in)``."""
        text = f"grad {float(self.snapshots[step][id(node)]):.4f}"
        n_users = len(self.users[id(node)])
        if n_users > 1:
            text += f"\n({self.users_done(node, step)} of {n_users} users in)"
        return text

    def _title(self, step, current):
        if current is None:
            return (f"step 0 of {self.n_steps}: the seed, d{_name(self.root)}/d{_name(self.root)}"
                    f" = 1; every other gradient starts at 0")
        last = " (the last: every gradient is final)" if step == self.n_steps else ""
        return (f"step {step} of {self.n_steps}: {_name(current)} passes its gradient "
                f"{float(self.snapshots[step - 1][id(current)]):.4g} back{last}")

    def _detail(self, step, current):
        if current is None:
            return ("backward visits the nodes in reverse topological order: a node passes its "
                    "gradient on once every node that uses it has passed theirs")
        g = float(self.snapshots[step - 1][id(current)])
        lines = [f"{_name(p)}.grad += {self.local_derivative(local):.4g} × {g:.4g}"
                 for p, local in current.parents]
        parents = {id(p): p for p, _ in current.parents}.values()
        totals = ", ".join(f"{_name(p)}.grad = {float(self.snapshots[step][id(p)]):.4g}"
                           for p in parents)
        return ";  ".join(lines) + f"   ->   {totals}"


def _name(node):
    """A node in a sentence: its label, or its operation in brackets."""
    return getattr(node, "label", "") or f"({getattr(node, 'op', '?')})"


def _short(text, width):
    return text if len(text) <= width else text[:width - 1] + "…"




def backward_panel(root=None):
    """A slider stepping a ``BackwardView`` through backward, node by node."""
    view = BackwardView(root)
    step = ipw.IntSlider(value=0, min=0, max=view.n_steps, step=1, description="backward step",
                         continuous_update=True, style={"description_width": "initial"})
    return live_panel(view, {"step": step})


def _neuron_view():
    return BackwardView()


_neuron_view.__name__ = "BackwardView(neuron_003)"
RESPONSIVENESS = [(_neuron_view, {"step": (0, BackwardView().n_steps)})]

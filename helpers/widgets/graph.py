"""Notebook 03's computation graph of document 004: pick a parameter, see its gradient path.

The 2-layer network x -> z1 -> a1 -> z2 -> a2 -> L (sigmoid units, cross-entropy loss) drawn
as a graph. Choosing a parameter highlights the path its gradient travels back from L, labels
each edge on it with its local derivative, and writes the chain-rule product underneath.
"""
import ipywidgets as ipw
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from .. import _validate as V
from . import live_panel

#: node -> (x, y) position in the drawing
NODES = {"x": (0.0, 2.0), "W1": (0.0, 1.0), "b1": (0.0, 0.0), "z1": (1.9, 1.0),
         "a1": (3.3, 1.0), "W2": (4.1, 2.15), "b2": (4.1, -0.15), "z2": (4.9, 1.0),
         "a2": (6.3, 1.0), "L": (8.6, 1.0)}
#: node -> how it is written in the figure: the names of the code (plain text renders fast)
LABELS = {name: name for name in NODES}
#: edge (from, to) -> its local derivative d(to)/d(from), shown when the edge is on the path
EDGES = {("x", "z1"): "W1ᵀ", ("W1", "z1"): "∂z1/∂W1 = xᵀ", ("b1", "z1"): "∂z1/∂b1 = 1",
         ("z1", "a1"): "σ'(z1)", ("a1", "z2"): "W2ᵀ", ("W2", "z2"): "∂z2/∂W2 = a1ᵀ",
         ("b2", "z2"): "∂z2/∂b2 = 1", ("z2", "a2"): "σ'(z2)",
         ("a2", "L"): "(a2 − y) / (a2 (1 − a2))"}
PARAMETERS = ("W1", "b1", "W2", "b2")
#: parameter -> the chain of nodes its gradient passes through, from L back to it
PATHS = {"W2": ["L", "a2", "z2", "W2"], "b2": ["L", "a2", "z2", "b2"],
         "W1": ["L", "a2", "z2", "a1", "z1", "W1"], "b1": ["L", "a2", "z2", "a1", "z1", "b1"]}
#: parameter -> the result of the chain-rule product, as document 004 writes it
RESULTS = {
    "W2": "dW2 = dz2 a1ᵀ,   with dz2 = ∂L/∂a2 · ∂a2/∂z2 = a2 − y",
    "b2": "db2 = dz2,   with dz2 = ∂L/∂a2 · ∂a2/∂z2 = a2 − y",
    "W1": "dW1 = dz1 xᵀ,   with dz1 = W2ᵀ dz2 ⊙ σ'(z1) and dz2 = a2 − y",
    "b1": "db1 = dz1,   with dz1 = W2ᵀ dz2 ⊙ σ'(z1) and dz2 = a2 − y",
}
SHARED = {"W2": "shares dz2 with b2, W1 and b1",
          "b2": "shares dz2 with W2, W1 and b1",
          "W1": "shares dz1 with b1, and dz2 with W2 and b2",
          "b1": "shares dz1 with W1, and dz2 with W2 and b2"}
_ON, _OFF = "#d62728", "#b0b0b0"
_PARAM_FACE, _VALUE_FACE, _HIGHLIGHT_FACE = "#fff2cc", "#e8eef7", "#fbd5d5"


def chain_product(param):
    """The chain rule for ``param`` written out: ∂L/∂W2 = ∂L/∂a2 · ∂a2/∂z2 · ∂z2/∂W2."""
    V.choice(param, "param", PARAMETERS)
    path = PATHS[param]
    factors = [f"∂{path[i]}/∂{path[i + 1]}" for i in range(len(path) - 1)]
    return f"∂L/∂{param} = " + " · ".join(factors)


class GraphView:
    """The computation graph with one parameter's gradient path highlighted."""

    def __init__(self):
        self.fig = Figure(figsize=(9.0, 4.6))
        ax = self.ax = self.fig.add_axes([0.01, 0.22, 0.98, 0.70])
        ax.set_xlim(-0.5, 9.1)
        ax.set_ylim(-0.65, 2.6)
        ax.axis("off")
        self.nodes, self.edges, self.edge_labels = {}, {}, {}
        for name, (x, y) in NODES.items():
            face = _PARAM_FACE if name in PARAMETERS else _VALUE_FACE
            self.nodes[name] = ax.text(x, y, LABELS[name], ha="center", va="center", fontsize=13,
                                       bbox=dict(boxstyle="round,pad=0.4", fc=face, ec="#555555"))
        for (a, b), local in EDGES.items():
            arrow = FancyArrowPatch(NODES[a], NODES[b], arrowstyle="-|>", mutation_scale=14,
                                    shrinkA=20, shrinkB=20, color=_OFF, lw=1.5)
            self.edges[a, b] = ax.add_patch(arrow)
            (xa, ya), (xb, yb) = NODES[a], NODES[b]
            above = 0.22 if ya == yb else 0.0
            self.edge_labels[a, b] = ax.text((xa + xb) / 2 + (0.6 if ya != yb else 0),
                                             (ya + yb) / 2 + above, local, ha="center",
                                             va="center", fontsize=11, color=_ON, visible=False)
        ax.text(-0.45, 2.55, "yellow: parameters.  grey arrows: the forward pass.  red: the "
                "gradient flowing back from L, each arrow labelled with its local derivative",
                fontsize=9, color="#444444", va="top")
        self.title = self.fig.text(0.5, 0.96, "", ha="center", va="center", fontsize=12)
        self.product = self.fig.text(0.5, 0.15, "", ha="center", va="center", fontsize=12)
        self.result = self.fig.text(0.5, 0.05, "", ha="center", va="center", fontsize=11)

    def update(self, param="W1"):
        """Highlight the gradient path of ``param`` (W1, b1, W2 or b2); return the figure."""
        V.choice(param, "param", PARAMETERS)
        path = PATHS[param]
        on_path = {(path[i + 1], path[i]) for i in range(len(path) - 1)}
        for (a, b), arrow in self.edges.items():
            on = (a, b) in on_path
            arrow.set_positions(*((NODES[b], NODES[a]) if on else (NODES[a], NODES[b])))
            arrow.set_color(_ON if on else _OFF)
            arrow.set_linewidth(3.0 if on else 1.5)
            self.edge_labels[a, b].set_visible(on)
        for name, text in self.nodes.items():
            face = _PARAM_FACE if name in PARAMETERS else _VALUE_FACE
            text.get_bbox_patch().set_facecolor(_HIGHLIGHT_FACE if name in path else face)
            text.get_bbox_patch().set_edgecolor(_ON if name in path else "#555555")
        self.title.set_text(f"The gradient path of {param}: it {SHARED[param]}")
        self.product.set_text(chain_product(param))
        self.result.set_text(RESULTS[param])
        return self.fig




def graph_panel():
    """A dropdown of the four parameters driving a ``GraphView``."""
    dropdown = ipw.Dropdown(options=list(PARAMETERS), value="W1", description="parameter")
    return live_panel(GraphView(), {"param": dropdown})


RESPONSIVENESS = [(GraphView, {"param": list(PARAMETERS)})]

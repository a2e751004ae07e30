"""Plots the notebooks share: decision boundaries, loss curves, and a drawing of a network.

Each function draws on the ``ax`` it is given (or a new one) and returns what it drew, so a
widget can keep the artists and update them in place instead of rebuilding the figure.
"""
import matplotlib.pyplot as plt
import numpy as np

#: colours for class 0 and class 1, kept apart for colour-blind readers (blue / orange)
CLASS_COLOURS = ("#1f77b4", "#ff7f0e")


def _axes(ax, figsize=(4.5, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def grid_for(X, resolution=100, margin=0.5):
    """A (2, resolution**2) grid of points covering the 2-D data X (2, m), and its mesh."""
    (x0, y0), (x1, y1) = X.min(axis=1) - margin, X.max(axis=1) + margin
    xx, yy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    return np.vstack([xx.ravel(), yy.ravel()]), xx, yy


def decision_boundary(predict_proba, X, Y, ax=None, resolution=100, title=None):
    """Shade P(class 1) over the plane and draw the 0.5 contour and the data points.

    Parameters
    ----------
    predict_proba : callable
        Maps points (2, k) to probabilities (1, k), e.g. ``lambda P: net.forward(P)[0]``.
    X : array (2, m)
    Y : array (1, m) of 0/1 labels
    """
    ax = _axes(ax)
    grid, xx, yy = grid_for(X, resolution)
    P = np.asarray(predict_proba(grid)).reshape(xx.shape)
    mesh = ax.contourf(xx, yy, P, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
    ax.contour(xx, yy, P, levels=[0.5], colors="k", linewidths=1.5)
    labels = np.asarray(Y).ravel()
    for cls in (0, 1):
        pts = X[:, labels == cls]
        ax.scatter(pts[0], pts[1], s=25, c=CLASS_COLOURS[cls], edgecolors="k",
                   linewidths=0.5, label=f"class {cls}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title or "decision boundary (P = 0.5) and P(class 1)")
    ax.legend(loc="upper right", fontsize=8)
    return mesh


def loss_curves(histories, ax=None, xlabel="epoch", ylabel="loss", log=True, title=None):
    """Plot one or more loss histories: ``{"label": [loss per epoch, ...], ...}``."""
    ax = _axes(ax, figsize=(6, 3.5))
    for label, values in histories.items():
        ax.plot(np.arange(1, len(values) + 1), values, label=label)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or "training loss")
    ax.grid(True, which="both", alpha=0.3)
    if len(histories) > 1:
        ax.legend()
    return ax


def _layout(layer_sizes):
    """x, y positions of every neuron: layers left to right, neurons centred top to bottom."""
    pos = []
    for l, n in enumerate(layer_sizes):
        ys = np.linspace(0.5 * (n - 1), -0.5 * (n - 1), n)
        pos.append([(float(l), float(y)) for y in ys])
    return pos


def network(params, layer_sizes, ax=None, show_values=True, node_labels=None, title=None):
    """Draw a small network: each weight an edge whose width shows |w| and colour its sign.

    Red edges are positive weights, blue negative; each edge is labelled with its value
    (``show_values``), each neuron with its bias. ``params`` holds ``W1, b1, ...``.
    """
    ax = _axes(ax, figsize=(1.8 * len(layer_sizes) + 1, 3.5))
    pos = _layout(layer_sizes)
    weights = [np.asarray(params[f"W{l}"]) for l in range(1, len(layer_sizes))]
    biggest = max(float(np.abs(W).max()) for W in weights) or 1.0
    for l, W in enumerate(weights, start=1):
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                (x0, y0), (x1, y1) = pos[l - 1][k], pos[l][j]
                w = W[j, k]
                ax.plot([x0, x1], [y0, y1], color="#d62728" if w >= 0 else "#1f77b4",
                        lw=0.5 + 4 * abs(w) / biggest, alpha=0.8, zorder=1)
                if show_values:
                    t = 0.3 if (j + k) % 2 == 0 else 0.65          # stagger labels on crossings
                    ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), f"{w:.2f}", fontsize=7,
                            ha="center", va="center", zorder=3,
                            bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.8))
    for l, layer in enumerate(pos):
        for j, (x, y) in enumerate(layer):
            ax.scatter([x], [y], s=500, c="white", edgecolors="k", zorder=2)
            if node_labels is not None:
                text = node_labels[l][j]
            elif l == 0:
                text = f"$x_{j + 1}$"
            else:
                text = f"b={float(params[f'b{l}'][j, 0]):.2f}"
            ax.text(x, y, text, fontsize=7, ha="center", va="center", zorder=4)
    ax.set_xlim(-0.5, len(layer_sizes) - 0.5)
    ax.axis("off")
    ax.set_title(title or "network: edge width = |w|, red > 0, blue < 0")
    return ax

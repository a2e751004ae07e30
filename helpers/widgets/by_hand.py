"""Notebook 04's panels: the bug zoo (pick a bug, see the gradient check) and a worked trace
of one gradient step on a 2-2-2 network (biases updated or frozen, learning rate)."""
import ipywidgets as ipw
import numpy as np
from matplotlib.figure import Figure

from .. import bugzoo, trace
from .._validate import choice
from ..bugzoo import zoo_problem
from ..gradcheck import numerical_grads
from ..portable import bound
from . import blit_axes, freeze_layout, live_panel, slider

TOL = 1e-7
_FLOOR, _CEIL = 1e-13, 1e4                   # the bars' log axis (headroom above 1 for labels)


class BugZooView:
    """One bar per parameter: the gradient check's worst relative error, log scale, against
    the tolerance 1e-7. Red bars fail. A bar of the wrong shape reaches the top, hatched."""

    def __init__(self, seed=0, m=4):
        self.net, self.X, self.Y = zoo_problem(seed, m)
        self.numeric = numerical_grads(self.net, self.X, self.Y, loss="mse")   # computed once
        names = list(self.numeric)
        self.fig = Figure(figsize=(7.5, 3.6))
        ax = self.ax = self.fig.subplots()
        self.bars = ax.bar(names, [1.0] * len(names), bottom=_FLOOR, color="C2")
        ax.set_yscale("log")
        ax.set_ylim(_FLOOR, _CEIL)
        ax.axhline(TOL, color="k", ls="--", lw=1, label=f"tolerance {TOL:g}")
        ax.set_xlabel("gradient")
        ax.set_ylabel("max relative error (log)")
        ax.legend(loc="upper left", fontsize=8)
        self.labels = [ax.text(b.get_x() + b.get_width() / 2, 1.0, "", ha="center",
                               va="bottom", fontsize=8) for b in self.bars]
        self.fig.subplots_adjust(top=0.8, bottom=0.15, left=0.1, right=0.97)
        self.title = self.fig.suptitle("", fontsize=10)
        freeze_layout(self.fig)                      # limits never change: skip re-layout
        blit_axes(self.fig, [ax], extra=[self.title])   # ticks and labels drawn once

    def update(self, bug="correct"):
        """Inject ``bug`` (a key of ``bugzoo.BUGS``), re-run the check, redraw; return the
        figure."""
        choice(bug, "bug", bugzoo.BUGS)
        ok, self.rows = bugzoo.check(self.net, self.X, self.Y, bug, TOL, self.numeric)
        for bar, text, row in zip(self.bars, self.labels, self.rows):
            err = row["rel_error"]
            top = 1.0 if not row["shape_ok"] else min(max(err, 2 * _FLOOR), 1.0)
            bar.set_height(top - _FLOOR)
            bar.set_facecolor("C2" if row["ok"] else "C3")
            bar.set_edgecolor("k" if not row["shape_ok"] else "none")
            bar.set_hatch("" if row["shape_ok"] else "//")
            text.set_y(top)
            text.set_text("shape" if not row["shape_ok"] else
                          ("ok" if row["ok"] else f"{err:.2g}"))
        wrong, right = bugzoo.BUGS[bug]
        verdict = "all pass" if ok else "FAIL: " + ", ".join(bugzoo.failing(self.rows))
        detail = "" if bug == "correct" else f"\nwrong line: {wrong}    right line: {right}"
        self.title.set_text(f"bug: {bug}  ->  {verdict}{detail}")
        return self.fig

    def caption(self):
        """The figure as text: its title and one line per bar (parameter, error, verdict)."""
        lines = [self.title.get_text()]
        for row in self.rows:
            err = "wrong shape" if not row["shape_ok"] else bound(row["rel_error"], TOL)
            lines.append(f"  {row['name']:<4} {err:>11}  {'ok' if row['ok'] else 'FAIL'}")
        return "\n".join(lines)


def bug_zoo_panel(seed=0):
    """A dropdown of bugs driving a ``BugZooView`` of the zoo's network drawn with ``seed``."""
    menu = ipw.Dropdown(options=list(bugzoo.BUGS), value="correct", description="bug",
                        style={"description_width": "initial"})
    return live_panel(BugZooView(seed=seed), {"bug": menu})


# ------------------------------------------------------------------ the worked trace
_POS = {0: [(0, 0.5), (0, -0.5)], 1: [(1, 0.5), (1, -0.5)], 2: [(2, 0.5), (2, -0.5)]}


class TraceView:
    """Left: the 2-2-2 network with every z, a and delta on its neurons and each weight's
    old -> new value on its edge. Right: the loss over 100 steps, biases updated or frozen."""

    n_steps = 100

    def __init__(self):
        self.params, self.x, self.y = trace.mazur_problem()
        self.fig = Figure(figsize=(9.5, 4))
        ax, self.ax_loss = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
        self.ax = ax
        self.edge_text, self.node_text = {}, {}
        for l in (1, 2):
            for j in range(2):
                for k in range(2):
                    (x0, y0), (x1, y1) = _POS[l - 1][k], _POS[l][j]
                    ax.plot([x0, x1], [y0, y1], color="0.6", lw=1, zorder=1)
                    t = 0.5 if j == k else 0.33       # crossing edges: labels apart, off the nodes
                    self.edge_text[(l, j, k)] = ax.text(
                        x0 + t * (x1 - x0), y0 + t * (y1 - y0) + (0.03 if j == k else 0), "",
                        fontsize=7, ha="center", va="bottom" if j == k else "center", zorder=3,
                        color="0.25")
        for l, layer in _POS.items():
            for j, (x, y) in enumerate(layer):
                ax.scatter([x], [y], s=900, c="white", edgecolors="k", zorder=2)
                above = y > 0                 # top row: numbers above, bottom row: below
                self.node_text[(l, j)] = ax.text(x, y + (0.2 if above else -0.2), "",
                                                 fontsize=7, ha="center", zorder=4,
                                                 va="bottom" if above else "top")
                name = f"x{j + 1}" if l == 0 else (f"h{j + 1}" if l == 1 else f"o{j + 1}")
                ax.text(x, y, name, ha="center", va="center", fontsize=9, zorder=4)
        ax.set_xlim(-0.4, 2.5)
        ax.set_ylim(-1.3, 1.3)
        ax.axis("off")
        self.ax_loss.set_xlabel("gradient step")
        self.ax_loss.set_ylabel("loss 1/2 sum (a - y)^2 (log scale)")
        # log10 of the loss on a linear axis with fixed plain tick labels: a log-scale axis
        # would recompute and typeset its ticks on every redraw (half the render time)
        self.ax_loss.set_ylim(-4, np.log10(0.5))
        self.ax_loss.set_yticks(range(-4, 0), ["0.0001", "0.001", "0.01", "0.1"])
        self.ax_loss.grid(True, alpha=0.3)
        (self.curve_on,) = self.ax_loss.plot([], [], lw=1.2, color="C0", label="biases updated")
        (self.curve_off,) = self.ax_loss.plot([], [], lw=1.2, color="C1", ls="--",
                                              label="biases frozen")
        self.ax_loss.set_xlim(0, self.n_steps)
        self.ax_loss.set_xticks(range(0, self.n_steps + 1, 20))
        self.ax_loss.legend(fontsize=8)
        self.fig.subplots_adjust(left=0.01, right=0.98, bottom=0.13, top=0.86, wspace=0.15)
        self.title = self.fig.suptitle("", fontsize=10)
        freeze_layout(self.fig)                      # limits never change: skip re-layout
        blit_axes(self.fig, [ax, self.ax_loss],      # ticks and labels drawn once
                  extra=[self.title, self.ax_loss.title])

    def losses(self, learning_rate, update_biases):
        """The loss before each of n_steps steps, then after the last one: ``trace.step``,
        the check-free core of ``trace.one_step``, run n_steps times (this runs on every
        redraw)."""
        params = self.params
        x, y = self.x.reshape(-1, 1), self.y.reshape(-1, 1)
        out = []
        for _ in range(self.n_steps):
            s = trace.step(params, x, y, learning_rate, update_biases, 2)
            out.append(s["loss"])
            params = s["new"]
        out.append(trace.loss_of(params, x, y))
        return np.array(out)

    def update(self, update_biases=True, learning_rate=0.5):
        """Redraw for one step at ``learning_rate``, biases updated or not; return the figure."""
        self.step = s = trace.one_step(self.params, self.x, self.y, learning_rate,
                                       bool(update_biases))
        for (l, j, k), text in self.edge_text.items():
            text.set_text(f"{self.params[f'W{l}'][j, k]:.4f} → {s['new'][f'W{l}'][j, k]:.4f}")
        for (l, j), text in self.node_text.items():
            if l == 0:
                text.set_text(f"x{j + 1} = {s['a0'][j, 0]:.2f}")
                continue
            b_old, b_new = self.params[f"b{l}"][j, 0], s["new"][f"b{l}"][j, 0]
            bias = f"b {b_old:.3f} → {b_new:.4f}" if update_biases else f"b {b_old:.3f} frozen"
            target = f"\ny{j + 1} = {self.y[j]:.2f}" if l == 2 else ""
            text.set_text(f"z = {s[f'z{l}'][j, 0]:.4f}\na = {s[f'a{l}'][j, 0]:.4f}\n"
                          f"δ = {s[f'delta{l}'][j, 0]:.6f}\n{bias}{target}")
        steps = np.arange(self.n_steps + 1)
        on, off = self.losses(learning_rate, True), self.losses(learning_rate, False)
        self.curve_on.set_data(steps, np.log10(on))
        self.curve_off.set_data(steps, np.log10(off))
        self.curve_on.set_linewidth(2.5 if update_biases else 1.0)
        self.curve_off.set_linewidth(1.0 if update_biases else 2.5)
        self.ax_loss.set_title(f"after {self.n_steps} steps: {on[-1]:.4f} updated, "
                               f"{off[-1]:.4f} frozen", fontsize=9)
        self.title.set_text(f"one step, learning rate {learning_rate:.2f}, biases "
                            f"{'updated' if update_biases else 'frozen'}: loss "
                            f"{s['loss']:.6f} -> {s['loss_after']:.6f}")
        return self.fig

    def caption(self):
        """The figure's titles as text (after ``update``)."""
        return f"{self.title.get_text()}\n{self.ax_loss.get_title()}"


def trace_panel():
    """A toggle for the bias updates and a learning-rate slider driving a ``TraceView``."""
    toggle = ipw.ToggleButton(value=True, description="update biases")
    return live_panel(TraceView(), {"update_biases": toggle,
                                    "learning_rate": slider("learning rate", 0.5, 0.05, 5.0,
                                                            step=0.05)})


RESPONSIVENESS = [
    (BugZooView, {"bug": list(bugzoo.BUGS)}),
    (TraceView, {"update_biases": [True, False], "learning_rate": (0.05, 5.0)}),
]

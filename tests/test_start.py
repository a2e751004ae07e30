"""Notebook 00: its panel, its exercise's checker, its environment check, its length."""
import importlib.metadata
import json
import pathlib
import re
import sys

import numpy as np
import pytest

from helpers.exercises.start import _CASES, DOC003, check_neuron
from helpers.widgets import RUN_ME, render_png
from helpers.widgets.start import (
    FAMILY,
    NeuronView,
    crossing_text,
    neuron_family_figure,
    neuron_figure,
    neuron_panel,
)
from solutions.start import neuron

REPO = pathlib.Path(__file__).resolve().parents[1]
NB_DIR = REPO / "notebooks"
sys.path.insert(0, str(NB_DIR))
import check_environment  # noqa: E402  (beside the notebooks, as notebook 00 imports it)


def markdown_cells(name):
    cells = json.loads((NB_DIR / name).read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


@pytest.mark.parametrize("w, b", [(1.0, 0.0), (2.0, -1.0), (-3.0, 4.0), (0.0, 2.0), (0.5, -5.0),
                                  (0.0, 0.0), (-1.0, 0.0)])
def test_neuron_figure_follows_the_sliders(w, b):
    fig = neuron_figure(w, b)
    ax = fig.axes[0]
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-(w * x + b))))
    mark = [line for line in ax.lines if line.get_linestyle() == ":"][0]
    title = ax.get_title()
    assert "-0.00" not in title                      # b = 0 once read "x = -0.00"
    if w != 0 and abs(b / w) <= 6:
        assert mark.get_visible() and mark.get_xdata()[0] == pytest.approx(-b / w)
        assert f"x = {-b / w + 0.0:.2f}" in title
    elif w != 0:
        assert not mark.get_visible() and "off the plot" in title
    else:
        # a flat curve is not "off the plot": it is 0.5 everywhere (b = 0) or never
        assert not mark.get_visible() and "off the plot" not in title
        assert ("every" in title) and (("never" in title) == (b != 0))


def test_crossing_text_states_what_the_curve_does():
    assert crossing_text(0.0, 0.0) == (None, r"$a = 0.5$ for every $x$ (flat: $w = 0$)")
    assert crossing_text(0.0, 2.0)[1].endswith("never 0.5") and "0.88" in crossing_text(0, 2)[1]
    assert crossing_text(1.0, 0.0)[1] == r"$a = 0.5$ at $x = 0.00$"     # not -0.00
    assert crossing_text(0.5, -5.0) == (None, r"$a = 0.5$ at $x = 10.00$, off the plot")


@pytest.mark.parametrize("w, b", [(1.0, 0.0), (-5.0, -5.0), (0.0, 0.0)])
def test_the_panels_title_fits_in_the_figure(w, b):
    """The panel is drawn without bbox_inches="tight": its title must lie inside the canvas."""
    view = NeuronView()
    fig = view.update(w, b)
    render_png(fig)
    fig.draw_without_rendering()
    box = view.ax.title.get_window_extent()
    width, height = fig.bbox.width, fig.bbox.height
    assert box.y1 <= height and box.y0 >= 0 and box.x0 >= 0 and box.x1 <= width, box


def test_view_updates_in_place():
    view = NeuronView()
    line = view.curve
    view.update(1.0, 0.0)
    first = line.get_ydata().copy()
    assert view.update(-2.0, 1.0) is view.fig and view.curve is line
    assert not np.allclose(first, line.get_ydata())


def test_panel_drives_the_view_and_asks_to_be_run():
    panel = neuron_panel()
    assert [w.description for w in panel.controls.values()] == ["weight w", "bias b"]
    panel.controls["b"].value = 2.0
    assert "+2.00" in panel.view.ax.get_title()
    assert panel._repr_mimebundle_()["text/plain"] == RUN_ME


def test_family_figure_draws_each_setting_with_its_crossing():
    fig = neuron_family_figure()
    ax = fig.axes[0]
    curves = [line for line in ax.lines if line.get_linestyle() == "-"]
    assert len(curves) == len(FAMILY)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    for line, label, (w, b) in zip(curves, labels, FAMILY):
        x, y = line.get_data()
        np.testing.assert_allclose(y, 1 / (1 + np.exp(-(w * x + b))))
        assert crossing_text(w, b)[1] in label


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


def test_document_003s_neuron_is_one_of_the_cases_as_the_exercise_says():
    w, x, b = DOC003
    assert w.tolist() == [0.4, 0.7, 0.2] and x.tolist() == [0.5, 0.3, 0.2] and b == 0.1
    assert any(c.args[0] is w and c.args[1] is x and c.args[2] == b for c in _CASES)
    exercise = next(t for t in markdown_cells("00_start_here.ipynb") if "**1. One neuron" in t)
    assert "(0.5, 0.3, 0.2)" in exercise and "(0.4, 0.7, 0.2)" in exercise
    assert "document 003" in exercise.lower() and "b = 0.1" in exercise
    # a function right on every case but that one fails: so the case is really checked
    only_doc003_wrong = lambda w_, x_, b_: (0.5 if np.allclose(x_, x) else neuron(w_, x_, b_))  # noqa: E731
    assert not check_neuron(only_doc003_wrong).passed


def test_set_values_moves_several_controls_with_one_redraw():
    panel = neuron_panel()
    calls = []
    original = panel.view.update
    panel.view.update = lambda **v: calls.append(v) or original(**v)
    panel.set_values({"w": 3.0, "b": -1.5})
    assert calls == [{"w": 3.0, "b": -1.5}]
    assert panel.controls["w"].value == 3.0 and "-1.50" in panel.view.ax.get_title()


# --- the environment check (notebook 00's first code cell) ---------------------------------

def test_environment_check_names_a_missing_package_and_its_fix():
    lines, fixes = check_environment.environment_report({"no-such-package-h4": "1.0"})
    assert "no-such-package-h4 MISSING (>= 1.0)" in lines
    assert fixes == ["pip install 'no-such-package-h4>=1.0'"]
    with pytest.raises(RuntimeError, match="no-such-package-h4>=1.0"):
        check_environment.report({"no-such-package-h4": "1.0"})


def test_environment_check_finds_too_old_and_accepts_this_environment(capsys):
    have = importlib.metadata.version("numpy")
    lines, fixes = check_environment.environment_report({"numpy": "999.0"})
    assert f"numpy         TOO OLD ({have}) (>= 999.0)" in lines and fixes
    check_environment.report()
    assert capsys.readouterr().out.strip().endswith("every package the series needs is installed")


def test_environment_check_uses_the_lower_bounds_of_requirements_txt():
    text = (REPO / "requirements.txt").read_text()
    bounds = dict(re.findall(r"^([A-Za-z][\w-]*)>=([\d.]+)", text, flags=re.M))
    for package, minimum in check_environment.NEEDED.items():
        assert bounds[package] == minimum, package


def test_environment_check_imports_only_the_standard_library():
    source = (NB_DIR / "check_environment.py").read_text()
    modules = {m.split(".")[0] for m in re.findall(r"^\s*(?:import|from)\s+([\w.]+)", source, re.M)}
    assert modules <= set(sys.stdlib_module_names), modules


# --- notebook 00 as a page a student finishes ------------------------------------------------

def test_notebook_00_holds_at_most_1800_words_of_prose():
    sys.path.insert(0, str(REPO))
    from instructors.guide import prose_words

    words = prose_words(NB_DIR / "00_start_here.ipynb")
    assert 600 < words <= 1800, words


def test_notebook_00_defines_sigma_before_the_exercise_and_drops_the_1_over_m_check():
    cells = markdown_cells("00_start_here.ipynb")
    sigma_at = next(i for i, t in enumerate(cells) if r"\sigma(z) = \frac{1}{1 + e^{-z}}" in t)
    exercise_at = next(i for i, t in enumerate(cells) if "**1. One neuron" in t)
    assert sigma_at < exercise_at
    codes = [c for c in json.loads((NB_DIR / "00_start_here.ipynb").read_text())["cells"]
             if c["cell_type"] == "code"]
    assert not any("gradcheck" in "".join(c["source"]) or "bce_from_logits" in "".join(c["source"])
                   for c in codes)
    # no list of the sources' slips on the first page: they are in the instructor's guide
    assert not any("slip" in t.lower() for t in cells)

"""The instructor's guide: its generated parts in sync, its model answers anchored and true."""
import json
import re

import numpy as np
import pytest

from helpers import gradcheck
from helpers.activations import dsigmoid, sigmoid
from helpers.bugzoo import zoo_problem
from helpers.network import MLP
from instructors import guide
from solutions.discussion import MODEL_ANSWERS

NB_DIR = guide.NB_DIR


def markdown(name):
    cells = json.loads((NB_DIR / name).read_text())["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def answer(name, anchor):
    return dict(MODEL_ANSWERS[name])[anchor]


@pytest.mark.parametrize("name, anchor", [(n, a) for n, pairs in MODEL_ANSWERS.items()
                                          for a, _ in pairs])
def test_every_anchor_stands_in_exactly_one_markdown_cell(name, anchor):
    hits = [t for t in markdown(name) if anchor in t]
    assert len(hits) == 1, f"{name}: {anchor!r} is in {len(hits)} markdown cells"


def test_answers_are_markdown_strings_without_edge_whitespace():
    for name, pairs in MODEL_ANSWERS.items():
        assert (NB_DIR / name).exists(), name
        assert len({a for a, _ in pairs}) == len(pairs), f"{name}: an anchor twice"
        for anchor, text in pairs:
            assert isinstance(text, str) and text == text.strip() and len(text) > 100, anchor


@pytest.mark.parametrize("name", sorted(p.name for p in NB_DIR.glob("0[0-5]_*.ipynb")))
def test_every_open_exercise_of_00_to_05_has_a_model_answer(name):
    anchors = {a for a, _ in MODEL_ANSWERS.get(name, [])}
    for text in markdown(name):
        for body in re.split(r"(?=^\*\*\d+\.)", text, flags=re.M):
            label = re.match(r"\*\*\d+\.", body)
            if label and re.search(r"no checker", body, re.I):
                assert label.group(0) in anchors, f"{name}: {label.group(0)} has no model answer"


def test_the_issue_s_discussion_questions_are_answered():
    for name, anchor in [("00_start_here.ipynb", "**2."), ("01_forward_pass.ipynb", "**3."),
                         ("02_loss_functions.ipynb", "**3.")]:
        assert answer(name, anchor)


def test_the_guide_is_in_sync_with_notebooks_and_discussion_py():
    text = guide.GUIDE.read_text()
    assert text == guide.rebuild(text), "run: python -m instructors.guide"
    for name, pairs in MODEL_ANSWERS.items():
        assert f"<!-- generated: answers {name[:2]} -->" in text
        for _, model in pairs:
            assert model in text
    for n in range(9):
        assert f"<!-- generated: outline {n:02d} -->" in text and f"## {n:02d} " in text


def test_guide_links_resolve():
    text = guide.GUIDE.read_text()
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" not in target:
            assert (guide.GUIDE.parent / target).exists(), target


def test_time_estimate_is_derived_from_the_notebook(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "word " * 300},
             {"cell_type": "markdown", "metadata": {"tags": ["navigation"]}, "source": "x " * 99},
             {"cell_type": "code", "metadata": {}, "source": "1", "outputs": []},
             {"cell_type": "code", "metadata": {"jupyter": {"source_hidden": True}},
              "source": "assert 1", "outputs": []},
             {"cell_type": "markdown", "metadata": {},
              "source": "## Exercises\n\n**1. Do it.** text\n\n**2. (No checker.)** think"}]
    path = tmp_path / "99_x.ipynb"
    path.write_text(json.dumps({"cells": cells}))
    m = guide.measure(path)
    assert (m["words"], m["code"], m["panels"], m["checked"], m["open"]) == (310, 1, 0, 1, 1)
    expected = 310 / guide.WORDS_PER_MINUTE + 1 + guide.MINUTES_PER_CHECKED + guide.MINUTES_PER_OPEN
    assert m["minutes"] == int(np.ceil(expected / 5) * 5)


def test_every_link_to_notebook_00_lands_on_an_anchor():
    ids = set(re.findall(r'<a id="([\w-]+)"></a>', "\n".join(markdown("00_start_here.ipynb"))))
    assert {"sources", "sliders"} | {f"document-00{k}" for k in range(5)} <= ids
    for path in sorted(NB_DIR.glob("*.ipynb")):
        for text in markdown(path.name):
            targets = re.findall(r"\]\(00_start_here\.ipynb#([\w-]+)\)", text)
            if path.name == "00_start_here.ipynb":
                targets += re.findall(r"\]\(#([\w-]+)\)", text)
            for anchor in targets:
                assert anchor in ids, f"{path.name}: link to #{anchor} lands nowhere"


# --- the numbers the model answers state, recomputed ------------------------------------------

def test_00_exercise_2_shapes():
    net = MLP([64, 30, 10])
    _, cache = net.forward(np.zeros((64, 20)))
    shapes = {"X": (64, 20), "W1": net.params["W1"].shape, "b1": net.params["b1"].shape,
              "Z1": cache["Z1"].shape, "W2": net.params["W2"].shape, "A2": cache["A2"].shape,
              "dW1": net.params["W1"].shape}
    text = answer("00_start_here.ipynb", "**2.")
    stated = {name: (int(r), int(c))
              for name, r, c in re.findall(r"`(\w+)`(?: is)? \$\((\d+), (\d+)\)\$", text)}
    assert stated == shapes


def _steps_to_all_right(loss, w):
    """Notebook 02's experiment: one neuron, 4 points, learning rate 0.5, b = 0 at the start."""
    X1, Y1 = np.array([[-2.0, -1.0, 1.0, 2.0]]), np.array([[0.0, 0.0, 1.0, 1.0]])
    b = 0.0
    for step in range(1000):
        A = sigmoid(w * X1 + b)
        if np.all((A >= 0.5) == (Y1 == 1)):
            return step
        dZ = A - Y1 if loss == "cross-entropy" else (A - Y1) * A * (1 - A)
        w -= 0.5 * np.mean(dZ * X1)
        b -= 0.5 * np.mean(dZ)
    raise AssertionError("did not converge")


def test_02_exercise_3_step_counts_and_the_slope_ratio():
    text = answer("02_loss_functions.ipynb", "**3.")
    counts = {(loss, w): _steps_to_all_right(loss, w)
              for loss in ("squared error", "cross-entropy") for w in (-4.0, -2.0)}
    assert counts == {("squared error", -4.0): 227, ("squared error", -2.0): 31,
                      ("cross-entropy", -4.0): 6, ("cross-entropy", -2.0): 4}
    for n in counts.values():
        assert f"**{n}**" in text
    ratio = dsigmoid(4.0) / dsigmoid(8.0)
    assert 45 < ratio < 55 and "about 50 times" in text


def test_04_exercise_3_fingerprint_of_sigma_for_sigma_prime():
    """The model answer's example: sigmoid where dsigmoid belongs in the hidden layers leaves
    the output layer right and every layer below wrong, with no constant ratio."""
    net, X, Y = zoo_problem(seed=0, m=4)
    rng = np.random.default_rng(1)
    for key in net.params:                                  # away from a special point
        net.params[key] = net.params[key] + 0.3 * rng.standard_normal(net.params[key].shape)
    _, cache = net.forward(X)
    L, m = len(net.layer_sizes) - 1, X.shape[1]
    grads = {}
    dZ = (cache[f"A{L}"] - Y) * dsigmoid(cache[f"Z{L}"])   # half squared error, sigmoid out
    for layer in range(L, 0, -1):
        grads[f"dW{layer}"] = dZ @ cache[f"A{layer - 1}"].T / m
        grads[f"db{layer}"] = dZ.sum(axis=1, keepdims=True) / m
        if layer > 1:                                       # the bug: sigma, not sigma'
            dZ = (net.params[f"W{layer}"].T @ dZ) * sigmoid(cache[f"Z{layer - 1}"])
    numeric = gradcheck.numerical_grads(net, X, Y, "mse")
    for key in grads:
        error = np.max(np.abs(grads[key] - numeric[key]) /
                       np.maximum(1e-8, np.abs(grads[key]) + np.abs(numeric[key])))
        assert (error < 1e-7) == key.endswith(str(L)), (key, error)
    ratios = grads["dW1"] / numeric["dW1"]
    assert np.ptp(ratios) > 0.1                             # no constant ratio

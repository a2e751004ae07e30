"""tools/normalise_notebook.py: re-executing an unchanged notebook must store the same bytes."""
import copy
import json
import pathlib
import re
import sys
import uuid

import nbformat
import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import normalise_notebook as nn  # noqa: E402

VIEW, STATE = nn.WIDGET_VIEW, nn.WIDGET_STATE
WITH_WIDGETS = sorted(p for p in (REPO / "notebooks").glob("*.ipynb")
                      if json.loads(p.read_text())["metadata"].get("widgets"))


def rerun_ids(nb):
    """The notebook as another execution stores it: every model id replaced by a fresh uuid4."""
    ids = set(nn.model_order(nb))
    fresh = {old: uuid.uuid4().hex for old in ids}
    text = re.sub(r"[0-9a-f]{32}", lambda m: fresh.get(m.group(0), m.group(0)), json.dumps(nb))
    return json.loads(text)


def view(model_id):
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/plain": "VBox()", VIEW: {"model_id": model_id, "version_major": 2,
                                                    "version_minor": 0}}}


def tiny(ids, state_order=None):
    """A notebook showing a box (holding a slider and an Output widget that itself shows a
    button) and a lone model, with the given five ids: box, slider, output, button, lone."""
    box, slider, out, button, lone = ids
    state = {
        box: {"model_name": "VBoxModel", "state": {"children": [f"IPY_MODEL_{slider}",
                                                                  f"IPY_MODEL_{out}"]}},
        slider: {"model_name": "IntSliderModel", "state": {"value": 3}},
        out: {"model_name": "OutputModel", "state": {"outputs": [view(button)]}},
        button: {"model_name": "ButtonModel", "state": {}},
        lone: {"model_name": "LayoutModel", "state": {}},
    }
    order = state_order or list(state)
    cell = {"cell_type": "code", "execution_count": 1, "id": "c1", "source": "box",
            "metadata": {"execution": {"iopub.status.busy": "2026-01-01T00:00:00"}},
            "outputs": [view(box)]}
    return {"cells": [cell], "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"widgets": {STATE: {"version_major": 2, "version_minor": 0,
                                             "state": {k: state[k] for k in order}}}}}


def test_ids_follow_the_order_the_notebook_shows_them():
    ids = [uuid.uuid4().hex for _ in range(5)]
    out = nn.normalise(tiny(ids))
    box, slider, output, button, lone = (nn.stable_id(n) for n in range(5))
    assert out["cells"][0]["outputs"][0]["data"][VIEW]["model_id"] == box
    state = out["metadata"]["widgets"][STATE]["state"]
    assert state[box]["state"]["children"] == [f"IPY_MODEL_{slider}", f"IPY_MODEL_{output}"]
    assert state[output]["state"]["outputs"][0]["data"][VIEW]["model_id"] == button
    assert set(state) == {box, slider, output, button, lone}
    assert not any(old in json.dumps(out) for old in ids)
    assert "execution" not in out["cells"][0]["metadata"]


def test_two_runs_with_different_random_ids_store_the_same_bytes():
    first = tiny([uuid.uuid4().hex for _ in range(5)])
    second = tiny([uuid.uuid4().hex for _ in range(5)])
    assert nn.dumps(first) != nn.dumps(second)
    assert nn.dumps(nn.normalise(first)) == nn.dumps(nn.normalise(second))


def test_normalising_twice_changes_nothing_and_leaves_the_input_alone():
    nb = tiny([uuid.uuid4().hex for _ in range(5)])
    before = copy.deepcopy(nb)
    once = nn.normalise(nb)
    assert nb == before
    assert nn.normalise(once) == once


@pytest.mark.parametrize("path", WITH_WIDGETS, ids=lambda p: p.name)
def test_series_notebooks_normalise_the_same_whatever_the_run_ids(path):
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    assert nn.dumps(nb) == text, "the tool must write exactly what nbformat writes"
    assert nn.model_order(nb), f"{path.name}: no widget models found"
    once = nn.dumps(nn.normalise(nb))
    assert nn.dumps(nn.normalise(json.loads(once))) == once
    assert nn.dumps(nn.normalise(rerun_ids(nb))) == once
    nbformat.validate(nbformat.reads(once, as_version=4))


def test_two_real_executions_store_the_same_bytes(tmp_path):
    """A kernel really run twice: ipywidgets draws new random ids, the tool removes them."""
    from nbclient import NotebookClient

    source = ("import ipywidgets as w\nout = w.Output()\nwith out:\n    display(w.Button())\n"
              "w.VBox([w.IntSlider(value=3), out])")
    runs = []
    for _ in range(2):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source, id="c1")])
        NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                       store_widget_state=True).execute()
        runs.append(json.loads(nbformat.writes(nb)))
    assert nn.dumps(runs[0]) != nn.dumps(runs[1]), "ipywidgets ids were expected to differ"
    assert nn.model_order(runs[0])
    assert nn.dumps(nn.normalise(runs[0])) == nn.dumps(nn.normalise(runs[1]))


def test_timing_cells_must_be_tagged_and_ignored_by_nbval():
    def cell(source, tags):
        return {"cell_type": "code", "id": "t", "source": source, "outputs": [],
                "metadata": {"tags": tags}, "execution_count": 1}

    nb = {"cells": [cell("t0 = time.perf_counter()", []),
                    cell("%timeit f()", ["timing"]),
                    cell("t0 = time.perf_counter()", ["timing", "nbval-ignore-output"]),
                    cell("x = 1", [])]}
    problems = nn.timing_problems(nb)
    assert len(problems) == 2
    assert "cell 0" in problems[0] and "not tagged timing" in problems[0]
    assert "cell 1" in problems[1] and "not nbval-ignore-output" in problems[1]


def test_check_mode_reports_and_rewrite_mode_fixes(tmp_path, capsys):
    path = tmp_path / "x.ipynb"
    path.write_text(nn.dumps(tiny([uuid.uuid4().hex for _ in range(5)])), encoding="utf-8")
    before = path.read_text()
    assert nn.main(["--check", str(path)]) == 1
    assert path.read_text() == before
    assert "not normalised" in capsys.readouterr().out
    assert nn.main([str(path)]) == 0
    assert nn.main(["--check", str(path)]) == 0
    nb = json.loads(path.read_text())
    nb["cells"][0]["source"] = "t0 = time.perf_counter()"
    path.write_text(nn.dumps(nb), encoding="utf-8")
    assert nn.main(["--check", str(path)]) == 0  # an untagged timer is only a note
    assert "note: cell 0" in capsys.readouterr().out
    nb["cells"][0]["metadata"]["tags"] = ["timing"]
    path.write_text(nn.dumps(nb), encoding="utf-8")
    assert nn.main(["--check", str(path)]) == 1  # nbval would compare a timing


def test_a_cells_prints_are_stored_as_one_stream_output_however_the_kernel_split_them():
    split = [{"output_type": "stream", "name": "stdout", "text": ["a\n", "b"]},
             {"output_type": "stream", "name": "stdout", "text": ["c\n"]},
             {"output_type": "stream", "name": "stderr", "text": ["warn\n"]},
             {"output_type": "execute_result", "data": {"text/plain": ["1"]}, "metadata": {},
              "execution_count": 1},
             {"output_type": "stream", "name": "stdout", "text": ["d\n"]}]
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": "", "outputs": split}],
          "metadata": {}}
    outs = nn.normalise(nb)["cells"][0]["outputs"]
    assert [o.get("name", o["output_type"]) for o in outs] == ["stdout", "stderr",
                                                                "execute_result", "stdout"]
    assert outs[0]["text"] == ["a\n", "bc\n"]
    assert nn.normalise(nn.normalise(nb)) == nn.normalise(nb)
    assert split[0]["text"] == ["a\n", "b"]                    # the input is left alone

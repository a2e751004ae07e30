"""Every notebook in a real browser: all cells run, every control moves what it drives.

Run with ``make test-browser`` (not part of plain ``pytest``). Notebooks are found on disk and
controls in the DOM, so a new notebook or a new slider is tested without editing this file.
Screenshots and a per-notebook JSON report go to artifacts/browser/ (git-ignored).
"""
import json
import pathlib
import re

import pytest

from lab_driver import NotebookDriver, digest

REPO = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.name for p in (REPO / "notebooks").glob("[0-9]*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STOP = re.compile(r"^\s*(stop|pause)\b", re.I)
# Server-log lines that mean a widget callback raised in the kernel (ipywidgets logs those
# instead of showing them in the notebook).
KERNEL_ERROR = re.compile(r"Traceback \(most recent call last\)|Exception in comm_msg|Error in callback")


def stored_panel_count(name):
    nb = json.loads((REPO / "notebooks" / name).read_text())
    return sum(WIDGET_MIME in out.get("data", {})
               for cell in nb["cells"] if cell["cell_type"] == "code" for out in cell["outputs"])


def order(controls):
    """Buttons last (a Train button can leave the panel in a new state); Stop buttons are
    pressed only right after the button that started the work."""
    rest = [c for c in controls if c["kind"] != "button"]
    buttons = [c for c in controls if c["kind"] == "button" and not STOP.match(c["label"])]
    return rest + buttons


def exercise_control(d, panel, ctrl):
    """Move one control, wait for its panel to settle; returns (changed, note)."""
    before = d.snapshot(panel)
    for attempt in range(3):  # a second target if the first happened to draw the same picture
        if not d.act(ctrl, attempt):
            return False, "no other value to choose"
        if ctrl["kind"] == "button":
            first = d.settle(panel, before, timeout=120, quiet=0.0)
            stops = d.stop_buttons(panel)
            if stops.count():
                stops.first.click()
            after = d.settle(panel, before, timeout=120, quiet=1.0)
            if digest(first) != digest(before) or digest(after) != digest(before):
                return True, "clicked" + (", then Stop" if stops.count() else "")
        else:
            after = d.settle(panel, before, timeout=60)
            if digest(after) != digest(before):
                return True, f"attempt {attempt + 1}"
    return False, "what it drives did not change"


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[n.removesuffix(".ipynb") for n in NOTEBOOKS])
def test_every_control_drives_its_panel(name, lab, page, artifacts):
    stem = name.removesuffix(".ipynb")
    log_start = len(lab.log_text())
    d = NotebookDriver(page, lab, name)
    report = {"notebook": name, "panels": []}
    try:
        d.open()
        report["cells"] = d.run_all()
        lab.remember_children()
        panels = d.discover()
        assert len(panels) == stored_panel_count(name), (
            f"{name}: {len(panels)} widget panels rendered, the stored notebook has "
            f"{stored_panel_count(name)}")
        for panel in panels:
            rows = []
            for ctrl in order(panel["controls"]):
                changed, note = exercise_control(d, panel["panel"], ctrl)
                errors = d.errors()
                rows.append({**ctrl, "changed": changed, "note": note, "errors": errors})
            report["panels"].append({"panel": panel["panel"], "controls": rows})
            shot = page.locator(f'[data-bt-panel="{panel["panel"]}"]')
            shot.scroll_into_view_if_needed()
            shot.screenshot(path=str(artifacts / f"{stem}-panel{panel['panel']}.png"))
    finally:
        page.screenshot(path=str(artifacts / f"{stem}.png"))
        report["page_errors"] = page.page_errors
        report["kernel_errors"] = [line for line in lab.log_text()[log_start:].splitlines()
                                   if KERNEL_ERROR.search(line)]
        (artifacts / f"{stem}.json").write_text(json.dumps(report, indent=1))
        d.page.evaluate("() => window.jupyterapp && window.jupyterapp.commands.execute("
                        "'kernelmenu:shutdown')")  # free the core for the next notebook

    problems = [f"panel {p['panel']} control {c['label']!r} ({c['kind']}): {c['note']}"
                for p in report["panels"] for c in p["controls"] if not c["changed"]]
    problems += [f"after {c['label']!r}: {e}" for p in report["panels"] for c in p["controls"]
                 for e in c["errors"]]
    problems += [f"browser error: {e}" for e in report["page_errors"]]
    problems += [f"kernel error (server log): {e}" for e in report["kernel_errors"]]
    assert not problems, f"{name}:\n" + "\n".join(problems)
    assert not d.errors(), f"{name}: error output after interaction: {d.errors()}"

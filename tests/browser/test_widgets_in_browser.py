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
STOP = re.compile(r"^\s*(stop|pause)\b", re.I)
# Kernel stderr that is not an error of the notebook: ipywidgets' frontend probes a control
# comm before the kernel has imported ipywidgets, and the widget models restored from the
# notebook's stored state have no twin in a fresh kernel.
BENIGN = re.compile(r"No such comm target registered: jupyter\.widget\.control"
                    r"|No such comm: [0-9a-f-]+\s*$")
# Server-log lines that mean the kernel logged an exception (its stderr lands there too).
KERNEL_ERROR = re.compile(r"Traceback \(most recent call last\)|Exception in comm_msg"
                          r"|Error in callback")


def live_widget_cells(folder, name):
    """Indices of the cells that show a live panel, by the series' contract: their first
    line is ``# nbval-ignore-output: live widget`` (helpers/widgets/__init__.py)."""
    nb = json.loads((REPO / folder / name).read_text()) if folder == "notebooks" else \
        json.loads((pathlib.Path(__file__).parent / folder / name).read_text())
    return {i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"
            and "".join(cell["source"]).lstrip().startswith("# nbval-ignore-output: live widget")}


def order(controls):
    """Buttons last (a Train button can leave the panel in a new state); Stop buttons are
    pressed only right after the button that started the work."""
    rest = [c for c in controls if c["kind"] != "button"]
    buttons = [c for c in controls if c["kind"] == "button" and not STOP.match(c["label"])]
    return rest + buttons


def exercise_control(d, panel, ctrl):
    """Move one control, wait for its panel to settle; returns (changed, note)."""
    before = d.snapshot(panel)
    if ctrl["kind"] == "button":  # one click; a Train button is stopped once it has drawn
        d.act(ctrl)
        first = d.settle(panel, before, timeout=120, quiet=0.0)
        if digest(first) == digest(before):
            return False, "clicking it changed nothing it drives"
        stops = d.stop_buttons(panel)
        stopped = stops.count() > 0
        if stopped:
            stops.first.click()
        d.settle(panel, first, timeout=120, quiet=1.0, give_up=3.0)
        return True, "clicked" + (", then Stop" if stopped else "")
    for attempt in range(3):  # a second target if the first happened to draw the same picture
        if not d.act(ctrl, attempt):
            return False, "no other value to choose"
        after = d.settle(panel, before, timeout=60)
        if digest(after) != digest(before):
            return True, f"attempt {attempt + 1}"
    return False, "what it drives did not change"


def drive(page, lab, artifacts, name, folder="notebooks"):
    """Run notebook ``folder/name`` in JupyterLab, move every control of every panel.

    Returns (report, problems): the report (also written to artifacts/browser/<stem>.json)
    and one line per failure found."""
    stem = name.removesuffix(".ipynb")
    log_start = len(lab.log_text())
    d = NotebookDriver(page, lab, name, folder)
    report = {"notebook": f"{folder}/{name}", "panels": [], "errors_at_end": []}
    try:
        d.open()
        report["cells"] = d.run_all()
        lab.remember_children()
        panels = d.discover()
        missing = live_widget_cells(folder, name) - {p["cell"] for p in panels}
        assert not missing, f"{name}: live-widget cells {sorted(missing)} rendered no widget"
        for panel in panels:
            rows = []
            blank = d.blank_images(panel["panel"])
            for ctrl in order(panel["controls"]):
                changed, note = exercise_control(d, panel["panel"], ctrl)
                errors = d.errors() + d.blank_images(panel["panel"])
                rows.append({**ctrl, "changed": changed, "note": note, "errors": errors})
            report["panels"].append({"panel": panel["panel"], "cell": panel["cell"],
                                     "blank_at_start": blank, "controls": rows})
            shot = page.locator(f'[data-bt-panel="{panel["panel"]}"]')
            shot.scroll_into_view_if_needed()
            shot.screenshot(path=str(artifacts / f"{stem}-panel{panel['panel']}.png"))
        report["errors_at_end"] = d.errors()
    finally:
        page.screenshot(path=str(artifacts / f"{stem}.png"))
        report["page_errors"] = page.page_errors
        report["kernel_errors"] = [e for e in d.kernel_errors() if not BENIGN.search(e)] + [
            line for line in lab.log_text()[log_start:].splitlines() if KERNEL_ERROR.search(line)]
        (artifacts / f"{stem}.json").write_text(json.dumps(report, indent=1))
        try:  # free the core for the next notebook, once the kernel has finished its work
            d.wait_kernel_idle(60)
        except AssertionError:
            pass  # still busy after a minute: shut it down anyway
        finally:
            page.evaluate("() => window.jupyterapp && window.jupyterapp.commands.execute("
                          "'kernelmenu:shutdown')")

    problems = [f"panel {p['panel']} shows {b} before any move"
                for p in report["panels"] for b in p["blank_at_start"]]
    problems += [f"panel {p['panel']} control {c['label']!r} ({c['kind']}): {c['note']}"
                 for p in report["panels"] for c in p["controls"] if not c["changed"]]
    problems += [f"panel {p['panel']} after {c['label']!r}: {e}" for p in report["panels"]
                 for c in p["controls"] for e in c["errors"]]
    problems += [f"browser error: {e}" for e in report["page_errors"]]
    problems += [f"kernel error: {e}" for e in report["kernel_errors"]]
    problems += [f"error output after interaction: {e}" for e in report["errors_at_end"]]
    return report, problems


@pytest.mark.parametrize("name", NOTEBOOKS, ids=[n.removesuffix(".ipynb") for n in NOTEBOOKS])
def test_every_control_drives_its_panel(name, lab, page, artifacts):
    report, problems = drive(page, lab, artifacts, name)
    n_controls = sum(len(p["controls"]) for p in report["panels"])
    print(f"{name}: {len(report['panels'])} panels, {n_controls} controls moved")
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_a_broken_panel_is_reported(lab, page, artifacts):
    """The self-test: each deliberately broken panel is caught, the working one passes."""
    report, problems = drive(page, lab, artifacts, "broken_panels.ipynb", folder="selftest")
    by_label = {c["label"]: c for p in report["panels"] for c in p["controls"]}
    assert set(by_label) == {"ok", "ignores", "raises", "blank", "does nothing"}, by_label
    assert by_label["ok"]["changed"] and not by_label["ok"]["errors"]
    assert not by_label["ignores"]["changed"]
    assert not by_label["raises"]["changed"]
    assert any("selftest: this update raises" in line for line in report["kernel_errors"]), (
        f"the exception in a widget callback was not reported: {report['kernel_errors']}")
    assert any("blank" in e for e in by_label["blank"]["errors"])
    assert not by_label["does nothing"]["changed"]
    assert len(problems) >= 4

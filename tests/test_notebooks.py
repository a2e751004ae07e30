"""Structural tests of the series: each notebook stored executed, navigable, complete.

nbval (run by plain `pytest`) re-executes every notebook and compares outputs, but it silently
skips a code cell stored without an execution count; these tests close that gap and check
what a reader relies on.
"""
import json
import pathlib
import re

import pytest

from helpers import series

NB_DIR = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
PRESENT = [name for name, _ in series.NOTEBOOKS if (NB_DIR / name).exists()]
IGNORE = "nbval-ignore-output"


def load(name):
    return json.loads((NB_DIR / name).read_text())


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def text(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def test_every_notebook_in_the_folder_is_in_the_series():
    on_disk = sorted(p.name for p in NB_DIR.glob("*.ipynb"))
    assert on_disk == sorted(PRESENT), "add new notebooks to helpers/series.py NOTEBOOKS"
    assert PRESENT[0] == "00_start_here.ipynb"
    for name in on_disk:
        assert re.fullmatch(r"\d\d[a-z]?_[a-z0-9_]+\.ipynb", name), name


@pytest.mark.parametrize("name", PRESENT)
def test_stored_as_one_clean_top_to_bottom_run(name):
    cells = code_cells(load(name))
    counts = [c["execution_count"] for c in cells]
    assert None not in counts, f"{name}: {counts.count(None)} code cell(s) never executed"
    assert counts == list(range(1, len(cells) + 1)), f"{name}: run it top to bottom: {counts}"
    for i, c in enumerate(cells, start=1):
        for out in c["outputs"]:
            assert out["output_type"] != "error", f"{name}: code cell {i} stores an error"
            assert out.get("name") != "stderr", f"{name}: code cell {i} wrote to stderr"
            assert "Warning" not in "".join(out.get("text", "")), f"{name}: cell {i} warning"


@pytest.mark.parametrize("name", PRESENT)
def test_navigation_is_first_and_last_and_current(name):
    cells = load(name)["cells"]
    want = series.nav_markdown(name)
    assert series.is_nav(cells[0]) and text(cells[0]) == want, "run `make navigation`"
    assert series.is_nav(cells[-1]) and text(cells[-1]) == want, "run `make navigation`"


@pytest.mark.parametrize("name", PRESENT)
def test_every_local_link_resolves(name):
    for cell in load(name)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        # a link target is a file name with an extension (so $a^{[2](i)}$ is not a link)
        for target in re.findall(r"\]\(([^)#\s]+\.[A-Za-z]+)(?:#[^)]*)?\)", text(cell)):
            if "://" in target:
                continue
            assert (NB_DIR / target).exists(), f"{name}: link to missing {target}"


@pytest.mark.parametrize("name", PRESENT)
def test_shape_of_a_notebook(name):
    cells = [c for c in load(name)["cells"] if not series.is_nav(c)]
    assert text(cells[0]).startswith("# "), f"{name}: must open with a '# Title' cell"
    markdown = "\n".join(text(c) for c in cells if c["cell_type"] == "markdown")
    assert "**You need**" in markdown and "**By the end you can**" in markdown
    headings = re.findall(r"^## (.+)$", markdown, flags=re.M)
    assert "Summary" in headings and "Exercises" in headings, f"{name}: {headings}"
    assert headings.index("Summary") < headings.index("Exercises")
    codes = [text(c) for c in code_cells(load(name))]
    third_party = re.compile(r"^\s*(from|import)\s+(helpers|numpy|matplotlib|ipywidgets)\b", re.M)
    setup_at = next(i for i, c in enumerate(codes) if third_party.search(c))
    if name == series.NOTEBOOKS[0][0]:
        # notebook 00 checks the environment (standard library only) before anything imports
        assert setup_at >= 1, f"{name}: the environment check must come before the set-up"
    else:
        assert setup_at == 0, f"{name}: the first code cell must be the set-up"
    setup = codes[setup_at]
    for needed in ("%matplotlib inline", "SEED", "set_printoptions"):
        assert needed in setup, f"{name}: the set-up cell lacks {needed}"


@pytest.mark.parametrize("name", PRESENT)
def test_ignored_outputs_are_only_widgets_and_timings_and_are_followed_by_a_check(name):
    cells = code_cells(load(name))
    for i, c in enumerate(cells):
        if IGNORE not in c["metadata"].get("tags", []):
            continue
        first = text(c).splitlines()[0]
        assert re.match(r"# nbval-ignore-output: (live widget|timing)", first), \
            f"{name}: code cell {i + 1} is ignored without saying why: {first!r}"
        if "live widget" in first:
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            assert nxt is not None and IGNORE not in nxt["metadata"].get("tags", []), \
                f"{name}: code cell {i + 1} shows a widget; the next cell must check its update"


def test_index_links_every_notebook_of_the_series():
    markdown = "\n".join(text(c) for c in load("00_start_here.ipynb")["cells"])
    for name, _title in series.NOTEBOOKS:
        assert f"]({name})" in markdown, f"00_start_here does not link {name}"


def test_nav_markdown():
    assert series.nav_markdown("00_start_here.ipynb").startswith("< previous | [Index](")
    last = series.NOTEBOOKS[-1][0]
    assert series.nav_markdown(last).endswith("| next >")
    with pytest.raises(ValueError, match="name: expected one of"):
        series.nav_markdown("99_nope.ipynb")


@pytest.mark.parametrize("name", PRESENT)
def test_one_seed_read_from_the_environment(name):
    """The set-up cell takes SEED from series_seed(), so make test-seeds can change it.

    Any other `SEED =` or hard-coded `default_rng(<number>)` would keep a draw fixed under the
    sweep; a cell that fixes its own seed on purpose says why in the text and is named here.
    """
    cells = code_cells(load(name))
    setups = [c for c in cells if re.search(r"^SEED = ", text(c), flags=re.M)]
    assert len(setups) == 1, f"{name}: expected one cell assigning SEED, got {len(setups)}"
    assert re.search(r"^SEED = series_seed\(\)", text(setups[0]), flags=re.M), (
        f"{name}: the set-up cell must read SEED = series_seed() (BACKPROP_SEED)")


def test_series_seed_reads_the_environment():
    assert series.series_seed({}) == 0
    assert series.series_seed({"BACKPROP_SEED": "7"}) == 7
    for bad in ("-1", "one", "1.5", ""):
        with pytest.raises(ValueError, match="BACKPROP_SEED"):
            series.series_seed({"BACKPROP_SEED": bad})

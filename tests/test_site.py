"""The static site (tools/build_site.py, ``make html``): built into a temporary folder."""
import json
import pathlib
import re
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import build_site  # noqa: E402

from helpers.series import NOTEBOOKS  # noqa: E402

ON_DISK = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
NOT_WRITTEN_YET = {name[:-len(".ipynb")] + ".html" for name, _ in NOTEBOOKS} - {
    name[:-len(".ipynb")] + ".html" for name in ON_DISK}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    build_site.build(out)
    return out


def page_of(name):
    return f"notebooks/{name[:-len('.ipynb')]}.html"


def test_every_notebook_has_a_page(site):
    assert ON_DISK, "no notebooks found"
    for name in ON_DISK:
        page = site / page_of(name)
        assert page.is_file(), f"{name} has no page {page_of(name)}"
        assert page.stat().st_size > 10_000, f"{page_of(name)} is suspiciously small"


def test_index_links_every_page_in_reading_order(site):
    index = (site / "index.html").read_text()
    links = re.findall(r'href="(notebooks/[^"]+\.html)"', index)
    series_order = [n for n, _ in NOTEBOOKS if n in ON_DISK]
    expected = [page_of(n) for n in series_order] + sorted(
        page_of(n) for n in ON_DISK if n not in series_order)
    assert links == expected
    assert "MathJax" in index  # the one-line descriptions hold LaTeX too


def test_every_local_link_resolves(site):
    broken = build_site.broken_links(site)
    # A notebook of the series that is not written yet is the source's dangling link (the
    # navigation test in tests/test_notebooks.py reports it); everything else must resolve.
    real = [(page, target) for page, target in broken
            if target.split("#")[0].rsplit("/", 1)[-1] not in NOT_WRITTEN_YET]
    assert not real, "broken links: " + ", ".join(f"{p} -> {t}" for p, t in real)


def test_no_link_still_points_at_a_notebook_file(site):
    for name in ON_DISK:
        body = (site / page_of(name)).read_text()
        assert not re.search(r'href="(?![a-z]+://)[^"]*\.ipynb', body), name


def test_pages_keep_latex_outputs_and_widget_state(site):
    for name in ON_DISK:
        nb = json.loads((REPO / "notebooks" / name).read_text())
        body = (site / page_of(name)).read_text()
        assert "MathJax" in body, f"{name}: no MathJax on the page"
        markdown = "".join("".join(c["source"]) for c in nb["cells"]
                           if c["cell_type"] == "markdown")
        # LaTeX left for MathJax
        for formula in re.findall(r"(?<!\$)\$(\S[^$\n]{1,38}\S)\$", markdown)[:8]:
            escaped = formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            assert escaped in body, f"{name}: ${formula}$ missing from the page"
        pngs = sum("image/png" in o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code"
                   for o in c["outputs"])
        assert body.count("data:image/png;base64") >= pngs, f"{name}: stored plots missing"
        if nb["metadata"].get("widgets"):
            assert "application/vnd.jupyter.widget-state+json" in body, f"{name}: widget state lost"


def test_the_widget_renderer_is_pinned_and_pages_say_what_needs_the_network(site):
    with_widgets = 0
    for name in ON_DISK:
        nb = json.loads((REPO / "notebooks" / name).read_text())
        body = (site / page_of(name)).read_text()
        assert "html-manager@*" not in body
        has_widgets = bool(nb["metadata"].get("widgets"))
        with_widgets += has_widgets
        pinned = f"html-manager@{build_site.HTML_MANAGER}/dist/embed-amd.js"
        assert (pinned in body) == has_widgets, name
        assert (build_site.OFFLINE_NOTE in body) == has_widgets, name
        if has_widgets:                                  # at the top, before the first cell
            assert body.index(build_site.OFFLINE_NOTE) < body.index('class="jp-Cell')
    assert with_widgets >= 3
    assert "except their sliders and panels" in (site / "index.html").read_text()


def test_rewrite_links_only_touches_local_notebook_links():
    body = ('<a href="01_forward_pass.ipynb">x</a> <a href="02_loss.ipynb#Cross-entropy">y</a> '
            '<a href="https://example.org/a.ipynb">z</a> <a href="../README.md">r</a>')
    assert build_site.rewrite_links(body) == (
        '<a href="01_forward_pass.html">x</a> <a href="02_loss.html#Cross-entropy">y</a> '
        '<a href="https://example.org/a.ipynb">z</a> <a href="../README.md">r</a>')


def test_broken_links_finds_missing_pages_and_sections(tmp_path):
    (tmp_path / "a.html").write_text('<h2 id="Here">h</h2><a href="b.html">b</a>'
                                     '<a href="#Here">ok</a><a href="#Nowhere">bad</a>'
                                     '<a href="https://example.org/">web</a>')
    assert build_site.broken_links(tmp_path) == [("a.html", "b.html"), ("a.html", "#Nowhere")]


def test_hidden_scaffolding_stays_hidden_on_the_site():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("lesson = 1", outputs=[nbformat.v4.new_output(
            "stream", text="shown\n")]),
        nbformat.v4.new_code_cell("assert_quietly()",
                                  metadata={"jupyter": {"source_hidden": True}}),
        nbformat.v4.new_code_cell("check()", metadata={"jupyter": {"source_hidden": True}},
                                  outputs=[nbformat.v4.new_output("stream", text="result\n")]),
        nbformat.v4.new_code_cell("noise()", metadata={"jupyter": {"outputs_hidden": True}},
                                  outputs=[nbformat.v4.new_output("stream", text="noise\n")]),
    ])
    cells = build_site.hide_scaffolding(nb).cells
    assert [c.source for c in cells] == ["lesson = 1", "check()", "noise()"]
    assert "transient" not in cells[0].metadata and cells[0].outputs
    assert cells[1].metadata["transient"] == {"remove_source": True} and cells[1].outputs
    assert cells[2].outputs == [] and "transient" not in cells[2].metadata

"""Render the series to a static site a student can read without a kernel.

    python tools/build_site.py [OUT_DIR]        (default: site/; ``make html`` runs this)

Every notebook in notebooks/ is rendered with its stored outputs and widget state by
nbconvert's HTML exporter (JupyterLab's look, MathJax for the LaTeX) to
``OUT_DIR/notebooks/<name>.html``; links between notebooks are rewritten from ``.ipynb`` to
``.html``; files of the repository a notebook links to (``../helpers/...``) are copied along so
the link still resolves; MathJax is copied in too when ``jupyter-server-mathjax`` is installed
(``make html`` installs requirements-site.txt), so the LaTeX renders offline (with the STIX-Web
fonts, the only ones that package ships); ``OUT_DIR/index.html`` lists the notebooks in reading
order (helpers/series.py). The notebooks' own navigation cells give previous/next links. Test
scaffolding is hidden as JupyterLab hides it: the input of cells with ``jupyter.source_hidden``,
the outputs of cells with ``jupyter.outputs_hidden``. tests/browser/test_site_in_browser.py
opens every page in headless Chromium and checks that every formula renders.

The sliders and panels of a page with widget state are drawn by the widget renderer,
``@jupyter-widgets/html-manager`` at the pinned version ``HTML_MANAGER`` (nbconvert's default
loads whatever release is newest, ``html-manager@*``), from unpkg.com: it is the one part of a
page that needs the network, and every such page says so at its top (``OFFLINE_NOTE``).
"""
import html
import json
import pathlib
import re
import shutil
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# href="01_forward_pass.ipynb" or "../notebooks/x.ipynb#section", never http(s):// links
_NB_LINK = re.compile(r'(href=")(?![a-z][a-z0-9+.-]*:)([^"#?]*?)\.ipynb([#?][^"]*)?"', re.I)
_HREF = re.compile(r'(?:href|src)="([^"]*)"', re.I)

#: the widget renderer's version: html-manager 1.0.x renders ipywidgets 8.1's widget state
#: (@jupyter-widgets/controls 5.0, what jupyterlab_widgets 3.0 in the lock ships); move it with
#: ipywidgets, and check the pages in a browser (make test-browser)
HTML_MANAGER = "1.0.15"
OFFLINE_NOTE = (
    '<p class="offline-note" style="border:1px solid #c9a227;background:#fff8e1;'
    'padding:0.5rem 0.8rem;margin:0.5rem 1rem;font-family:system-ui,sans-serif">'
    "This page's sliders and panels are drawn by a script, "
    f"@jupyter-widgets/html-manager {HTML_MANAGER}, loaded from unpkg.com: without an internet "
    "connection they do not show. Everything else does: the text, every formula, every stored "
    "figure and printed number, and the figure each panel's next cell draws with the same "
    "function. To move the sliders, open the notebook in JupyterLab (<code>make lab</code>).</p>")
_BODY = re.compile(r"(<body[^>]*>)")


def ordered_notebooks(notebook_dir):
    """(path, title) of every notebook on disk: the series' order first, then any others."""
    from helpers.series import NOTEBOOKS

    titles = dict(NOTEBOOKS)
    on_disk = {p.name: p for p in pathlib.Path(notebook_dir).glob("*.ipynb")}
    names = [n for n, _ in NOTEBOOKS if n in on_disk] + sorted(set(on_disk) - set(titles))
    return [(on_disk[n], titles.get(n) or _first_heading(on_disk[n]) or n) for n in names]


def _first_heading(path):
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


def map_entries(notebook_dir):
    """{notebook file: "what you build"} from the table of the series' first notebook (its map),
    rows like ``| 01 | [The forward pass](01_forward_pass.ipynb) | one neuron, ... |``."""
    from helpers.series import NOTEBOOKS

    first = pathlib.Path(notebook_dir) / NOTEBOOKS[0][0]
    if not first.exists():
        return {}
    out = {}
    for cell in json.loads(first.read_text())["cells"]:
        for line in "".join(cell["source"]).splitlines() if cell["cell_type"] == "markdown" else []:
            m = re.match(r"\s*\|.*\]\(([^)]+\.ipynb)\)\s*\|(.+)\|\s*$", line)
            if m:
                out[m.group(1)] = m.group(2).strip()
    return out


def summary(path):
    """The first sentence of the title cell's prose: a line for the index."""
    for cell in json.loads(path.read_text())["cells"]:
        text = "".join(cell["source"]) if cell["cell_type"] == "markdown" else ""
        if text.lstrip().startswith("# "):
            prose = " ".join(line for line in text.splitlines()[1:] if line.strip())
            first = re.split(r"(?<=[.!?])\s", prose, maxsplit=1)[0]
            first = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", first)  # markdown links -> text
            # no emphasis
            return re.sub(r"\*\*|__|`|(?<![\\\w])\*(?=\w)|(?<=\w)\*(?!\w)", "", first)
    return ""


def rewrite_links(body):
    return _NB_LINK.sub(lambda m: f'{m.group(1)}{m.group(2)}.html{m.group(3) or ""}"', body)


def local_targets(body):
    """Relative link and image targets of a page (no scheme, no pure #anchors, no data:)."""
    out = []
    for target in _HREF.findall(body):
        target = html.unescape(target)
        if not target or target.startswith(("#", "/", "data:", "javascript:")) \
                or re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
            continue
        out.append(target.split("#")[0].split("?")[0])
    return [t for t in out if t]


def copy_linked_files(body, page_dir, out_dir, source_dir):
    """Copy repository files a page links to (outside the notebooks) into the site."""
    for target in local_targets(body):
        src = (source_dir / target).resolve()
        dest = (page_dir / target).resolve()
        if target.endswith((".ipynb", ".html")) or not src.is_file():
            continue
        if REPO not in src.parents or out_dir.resolve() not in dest.parents:
            continue  # never copy anything from outside the repo or write outside the site
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)


INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backpropagation, three ways</title>
<script type="text/x-mathjax-config">
 MathJax.Hub.Config({{ tex2jax: {{ inlineMath: [["$", "$"]], processEscapes: true }} }});
</script>
{fonts}<script src="{mathjax}"></script>
<style>
 body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem;
        line-height: 1.5; color: #222; }}
 li {{ margin: 0.8rem 0; }} a {{ color: #0b5cad; font-weight: 600; }}
 .what {{ display: block; color: #555; }}
 footer {{ margin-top: 3rem; color: #777; font-size: 0.9rem; }}
</style></head>
<body>
<h1>Backpropagation, three ways</h1>
<p>A network from its forward pass to training on handwritten digits, every gradient derived
by hand, by SymPy and by finite differences. Read the notebooks in order. These pages show the
stored outputs; to move the sliders and do the exercises, open the notebooks in JupyterLab
(<code>make lab</code>). The pages work offline, except their sliders and panels, whose
renderer loads from the internet; each page with panels says so at its top.</p>
<ol>
{items}
</ol>
<footer>Generated from the notebooks by <code>tools/build_site.py</code>.</footer>
</body></html>
"""


MATHJAX_CONFIG = "MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
# jupyter-server-mathjax ships only the STIX-Web fonts: MathJax's default (TeX fonts) would
# fail on every formula with "[Math Processing Error]". Set before MathJax.js loads.
MATHJAX_FONTS = ('<script>window.MathJax = {"HTML-CSS": {availableFonts: ["STIX-Web"], '
                 'preferredFont: "STIX-Web", webFont: "STIX-Web", imageFont: null}};</script>\n')


def hide_scaffolding(nb):
    """Test scaffolding stays out of the reader's way, as in JupyterLab: a cell whose source is
    hidden (metadata ``jupyter.source_hidden``) loses its input, one whose outputs are hidden
    loses its outputs, and a cell left with nothing to show is dropped."""
    kept = []
    for cell in nb.cells:
        view = cell.metadata.get("jupyter", {})
        if view.get("outputs_hidden") and cell.cell_type == "code":
            cell.outputs = []
        if view.get("source_hidden"):
            if cell.cell_type != "code" or not cell.outputs:
                continue
            cell.metadata.setdefault("transient", {})["remove_source"] = True
        kept.append(cell)
    nb.cells = kept
    return nb


def copy_mathjax(out_dir):
    """Copy MathJax 2 from the ``jupyter-server-mathjax`` package (requirements-site.txt) into
    ``out_dir/mathjax`` so the LaTeX renders offline; returns False when it is not installed
    (the pages then load MathJax from nbconvert's CDN)."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        return False
    static = pathlib.Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (static / "MathJax.js").is_file():
        return False
    shutil.copytree(static, out_dir / "mathjax", ignore=shutil.ignore_patterns("localization"))
    return True


def build(out_dir, notebook_dir=REPO / "notebooks"):
    """Build the site into ``out_dir``; returns the list of pages written (index first)."""
    import nbformat
    from nbconvert import HTMLExporter

    out_dir, notebook_dir = pathlib.Path(out_dir), pathlib.Path(notebook_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    page_dir = out_dir / "notebooks"
    page_dir.mkdir(parents=True)
    exporter = HTMLExporter(template_name="lab")
    exporter.html_manager_semver_range = HTML_MANAGER          # never "html-manager@*"
    index_mathjax, fonts = exporter.mathjax_url, ""
    if copy_mathjax(out_dir):
        exporter.mathjax_url = f"../mathjax/{MATHJAX_CONFIG}"
        index_mathjax, fonts = f"mathjax/{MATHJAX_CONFIG}", MATHJAX_FONTS
    pages, items = [], []
    what = map_entries(notebook_dir)
    for path, title in ordered_notebooks(notebook_dir):
        nb = hide_scaffolding(nbformat.read(path, as_version=4))
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        load = "<!-- Load mathjax -->"
        body = rewrite_links(body).replace(load, fonts + load, 1)
        if nb.metadata.get("widgets"):
            body = _BODY.sub(lambda match: match.group(1) + OFFLINE_NOTE, body, count=1)
        body = body.replace(f"<title>{path.stem}</title>",
                            f"<title>{html.escape(title)}</title>", 1)
        page = page_dir / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        copy_linked_files(body, page_dir, out_dir, notebook_dir)
        pages.append(page)
        items.append(f'<li><a href="notebooks/{page.name}">{path.stem[:2]} {html.escape(title)}'
                     f'</a><span class="what">{html.escape(what.get(path.name) or summary(path))}'
                     '</span></li>')
    index = out_dir / "index.html"
    index.write_text(INDEX.format(items="\n".join(items), mathjax=index_mathjax, fonts=fonts),
                     encoding="utf-8")
    return [index] + pages


def _anchors(page):
    return set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))


def broken_links(out_dir):
    """(page, target) for every relative link in the site that does not resolve: a missing
    file, or a #section that the page it points to does not have."""
    out_dir = pathlib.Path(out_dir)
    broken = []
    for page in sorted(out_dir.rglob("*.html")):
        body = page.read_text(encoding="utf-8")
        for raw in dict.fromkeys(_HREF.findall(body)):  # each distinct target once
            target = html.unescape(raw)
            if not target or target.startswith(("/", "data:", "javascript:")) \
                    or re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
                continue
            path, _, anchor = target.partition("#")
            dest = (page.parent / path.split("?")[0]) if path else page
            if not dest.exists():
                broken.append((page.relative_to(out_dir).as_posix(), target))
            elif anchor and dest.suffix == ".html" and anchor not in _anchors(dest):
                broken.append((page.relative_to(out_dir).as_posix(), target))
    return broken


def main(argv):
    out = pathlib.Path(argv[1]) if len(argv) > 1 else REPO / "site"
    pages = build(out)
    print(f"wrote {len(pages)} pages to {out}/ (open {out / 'index.html'})")
    for page, target in broken_links(out):
        print(f"warning: {page} links to {target}, which does not exist (yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

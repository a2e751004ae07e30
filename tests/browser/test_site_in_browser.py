"""The static site (``make html``) read as a student reads it: every page opened from disk
(file://, no server, no network) in headless Chromium.

Each page must typeset every formula (no "[Math Processing Error]", no TeX left on screen as
raw text), load every local file it asks for (MathJax's own files and fonts included), show
every image, and link only to files and sections that exist. Notebooks of the series that are
not written yet are skipped; the site lists whatever helpers.series.NOTEBOOKS names.
"""
import html
import pathlib
import re
import sys
import tempfile
import urllib.parse

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

import build_site  # noqa: E402

from helpers.series import NOTEBOOKS  # noqa: E402

ON_DISK = [name for name, _ in NOTEBOOKS if (REPO / "notebooks" / name).exists()]
PAGES = ["index.html"] + [f"notebooks/{name[:-len('.ipynb')]}.html" for name in ON_DISK]
# Planned notebooks linked from the navigation before they exist (tests/test_notebooks.py
# reports those); any other dangling link is a failure.
NOT_WRITTEN_YET = {name[:-len(".ipynb")] + ".html" for name, _ in NOTEBOOKS} - {
    name[:-len(".ipynb")] + ".html" for name in ON_DISK}

# Text the reader sees that is still TeX: $...$ with a TeX command or ^/_ inside, \( \) \[ \],
# or a bare \command{ (MathJax replaces every formula it typesets, so none should remain).
RAW_TEX = re.compile(r"\$[^$\n]*(?:\\[A-Za-z]+|[\^_{}])[^$\n]*\$|\\[()[\]]|\\(?:frac|partial|sum"
                     r"|mathbf|sigma|odot|cdot|left|right|begin|end|text|hat|tfrac)\b")

# MathJax's hidden MathML copy for screen readers (AssistiveMML) declares @font-face rules for
# MathJax's TeX fonts, which jupyter-server-mathjax does not ship; the visible formulas use
# STIX-Web (asserted below). A request for one of those is the only missing file allowed.
ASSISTIVE_FONTS = re.compile(r"/mathjax/fonts/HTML-CSS/TeX/otf/MathJax_\w+-\w+\.otf$")

VISIBLE_TEXT = """() => {
  const root = document.body.cloneNode(true);
  // code, outputs printed as text, scripts, and MathJax's own typeset output are not prose
  root.querySelectorAll('pre, code, script, style, textarea, .MathJax, .MathJax_Display, '
      + '.MathJax_Preview, .MJX_Assistive_MathML, .jp-InputArea-editor, .jp-RenderedText, '
      + 'script[type^="math/tex"]').forEach(e => e.remove());
  return root.innerText;
}"""

BROKEN_IMAGES = """() => [...document.images]
  .filter(i => !i.complete || i.naturalWidth === 0)
  .map(i => (i.getAttribute('src') || '').slice(0, 80))"""

MATHJAX_DONE = """() => new Promise(done => MathJax.Hub.Queue(() => done({
  errors: document.querySelectorAll('.MathJax_Error, merror').length,
  errorText: (document.body.innerText.match(/Math Processing Error/g) || []).length,
  typeset: document.querySelectorAll('.MathJax, .MathJax_Display').length,
  font: MathJax.OutputJax['HTML-CSS'] ? MathJax.OutputJax['HTML-CSS'].fontInUse : null,
})))"""


def ids_of(page_file):
    return {html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', page_file.read_text("utf-8"))}


@pytest.fixture(scope="module")
def site():
    with tempfile.TemporaryDirectory(prefix="backprop-site-") as tmp:
        out = pathlib.Path(tmp) / "site"
        build_site.build(out)
        if not (out / "mathjax" / "MathJax.js").is_file():
            pytest.fail("the site has no local MathJax: install the site requirements "
                        "(pip install -r requirements-site.txt -c constraints.txt; make html does)")
        yield out


def test_the_site_lists_every_notebook_on_disk(site):
    assert ON_DISK, "no notebooks found"
    for page in PAGES:
        assert (site / page).is_file(), f"{page} was not built"


@pytest.mark.parametrize("page_name", PAGES)
def test_page_renders_its_maths_images_and_links(site, page, page_name):
    missing = []  # local files the page asked for that did not load
    page.on("requestfailed", lambda r: r.url.startswith("file:")
            and not ASSISTIVE_FONTS.search(r.url) and missing.append(r.url))
    page.goto((site / page_name).as_uri(), wait_until="load")
    page.wait_for_function("() => window.MathJax && MathJax.isReady === true", timeout=60_000)
    maths = page.evaluate(MATHJAX_DONE)
    page.wait_for_timeout(300)  # a last font or image request

    assert maths["errors"] == 0 and maths["errorText"] == 0, (
        f"{page_name}: {maths['errors']} formulas failed "
        f"({maths['errorText']} '[Math Processing Error]' on screen)")
    assert maths["typeset"] > 0, f"{page_name}: MathJax typeset nothing"
    assert maths["font"] == "STIX-Web", f"{page_name}: MathJax fell back to {maths['font']!r}"

    raw = sorted({m.group(0)[:60] for m in RAW_TEX.finditer(page.evaluate(VISIBLE_TEXT))})
    assert not raw, f"{page_name}: TeX shown as raw text: {raw[:8]}"

    assert not missing, f"{page_name}: local files failed to load: {missing[:8]}"
    broken = page.evaluate(BROKEN_IMAGES)
    assert not broken, f"{page_name}: images that do not display: {broken}"

    bad_links = []
    for href in page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)"):
        url = urllib.parse.urlsplit(href)
        if url.scheme != "file":
            continue
        target = pathlib.Path(urllib.parse.unquote(url.path))
        if target.name in NOT_WRITTEN_YET:
            continue
        if not target.exists():
            bad_links.append(href)
        elif url.fragment and target.suffix == ".html" and not {
                url.fragment, urllib.parse.unquote(url.fragment)} & ids_of(target):
            bad_links.append(href)  # (nbconvert writes some ids percent-encoded, as browsers do)
    assert not bad_links, f"{page_name}: links to missing files or sections: {bad_links[:8]}"


def test_the_checks_catch_a_page_with_broken_maths(site, page, tmp_path):
    """The same checks on a page whose MathJax lacks its fonts fail as the issue describes."""
    body = (site / PAGES[-1]).read_text("utf-8").replace(build_site.MATHJAX_FONTS, "")
    broken = site / "notebooks" / "zz_selftest_broken_fonts.html"
    broken.write_text(body, "utf-8")
    try:
        page.goto(broken.as_uri(), wait_until="load")
        page.wait_for_function("() => window.MathJax && MathJax.isReady === true", timeout=60_000)
        maths = page.evaluate(MATHJAX_DONE)
    finally:
        broken.unlink()
    assert maths["errors"] > 0 and maths["errorText"] > 0

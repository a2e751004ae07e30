"""The series itself: which notebooks exist, in what order, and their navigation lines.

``python -m helpers.series`` rewrites the navigation cell at the top and bottom of every
notebook (markdown cells tagged ``navigation``) so the links always follow this list.
"""
import pathlib

#: (file name, title) in reading order; a notebook added between two takes a letter suffix
NOTEBOOKS = [
    ("00_start_here.ipynb", "Start here"),
    ("01_forward_pass.ipynb", "The forward pass"),
    ("02_loss_functions.ipynb", "Loss functions"),
    ("03_deriving_gradients.ipynb", "Deriving the gradients with SymPy"),
    ("04_gradients_by_hand.ipynb", "Gradients by hand, and checking them"),
    ("05_training.ipynb", "Training a network"),
    ("06_generalisation.ipynb", "Generalisation"),
    ("07_deep_networks.ipynb", "Deep networks"),
    ("08_autograd.ipynb", "From backpropagation to autograd"),
    ("09_convolutions.ipynb", "Convolutions: backpropagation through shared weights"),
]
NAV_TAG = "navigation"
#: the environment variable `make test-seeds` sets to re-run the series with another seed
SEED_VARIABLE = "BACKPROP_SEED"
NOTEBOOK_DIR = pathlib.Path(__file__).resolve().parent.parent / "notebooks"


def series_seed(environ=None):
    """The seed a notebook's set-up cell starts from: 0, or ``$BACKPROP_SEED`` when set.

    The stored outputs are seed 0's; ``make test-seeds`` re-runs every notebook with other
    seeds so that no claim rests on one lucky draw.
    """
    import os

    value = (os.environ if environ is None else environ).get(SEED_VARIABLE, "0").strip()
    if not value.isdigit():
        raise ValueError(f"{SEED_VARIABLE}: expected a whole number >= 0, got {value!r}")
    return int(value)


def nav_markdown(name):
    """The navigation line of notebook ``name``: ``< previous | index | next >``."""
    names = [n for n, _ in NOTEBOOKS]
    if name not in names:
        raise ValueError(f"name: expected one of {names}, got {name!r}")
    i = names.index(name)
    prev = f"[< {NOTEBOOKS[i - 1][1]}]({names[i - 1]})" if i > 0 else "< previous"
    nxt = f"[{NOTEBOOKS[i + 1][1]} >]({names[i + 1]})" if i + 1 < len(names) else "next >"
    return f"{prev} | [Index]({names[0]}) | {nxt}"


def nav_cell(name):
    return {"cell_type": "markdown", "metadata": {"tags": [NAV_TAG]},
            "source": nav_markdown(name)}


def is_nav(cell):
    return NAV_TAG in cell.get("metadata", {}).get("tags", [])


def _source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def update_navigation(notebook_dir=NOTEBOOK_DIR):
    """Put an up-to-date navigation cell first and last in every notebook that exists.

    Also drops the per-cell execution timestamps nbconvert records, which would make every
    re-run a diff. A notebook is rewritten (with nbformat, as Jupyter writes it) only when
    something changed.
    """
    import nbformat

    changed = []
    for name, _ in NOTEBOOKS:
        path = pathlib.Path(notebook_dir) / name
        if not path.exists():
            continue
        nb = nbformat.read(path, as_version=4)
        before = [(c.cell_type, _source(c), dict(c.metadata)) for c in nb.cells]
        cells = [c for c in nb.cells if not is_nav(c)]
        for c in cells:
            c.metadata.pop("execution", None)
        top, bottom = (nbformat.from_dict(dict(nav_cell(name), id=i))
                       for i in ("nav-top", "nav-bottom"))
        nb.cells = [top] + cells + [bottom]
        after = [(c.cell_type, _source(c), dict(c.metadata)) for c in nb.cells]
        if after != before:
            nbformat.write(nb, path)
            changed.append(name)
    return changed


if __name__ == "__main__":
    for name in update_navigation():
        print(f"updated navigation in {name}")

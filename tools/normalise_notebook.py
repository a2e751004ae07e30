"""Make a re-executed notebook byte-identical to the previous run (issue 17: quiet re-runs).

    python tools/normalise_notebook.py NOTEBOOK...        rewrite in place (``make execute`` does)
    python tools/normalise_notebook.py --check NOTEBOOK...  change nothing; exit 1 if a file
                                                          would change or a timing cell is unmarked

Executing a notebook gives every ipywidgets model a random id (uuid4), stored in each widget
output (``application/vnd.jupyter.widget-view+json`` ``model_id``), in the notebook's saved
widget state (``metadata.widgets``, keys and ``IPY_MODEL_<id>`` references) and in Output
widgets' nested outputs. This tool renames every model id to one derived from the order in
which the notebook shows it: the widgets displayed by the cells in reading order, each followed
by the models it refers to (depth first), then models no output shows, ordered by content. The
same notebook executed twice therefore stores the same ids, and normalising twice changes
nothing. Per-run cell metadata (``metadata.execution`` timestamps) is dropped too, and a cell's
consecutive prints to one stream are stored as one output (the kernel's split is timing).

Cells whose output is a measurement of time cannot be reproducible: tag them ``timing`` (and
``nbval-ignore-output``, so nbval does not compare them). The tool notes code cells that look
like they time something (``perf_counter``, ``time.time``, ``timeit``, ``monotonic``) but are
not tagged (a hint: only cells whose *output* shows a time need the tag; a cell that asserts a
robust property of a timing may stay compared), and ``--check`` fails on ``timing`` cells that
nbval would still compare.
"""
import hashlib
import json
import pathlib
import re
import sys

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
TIMING_TAG = "timing"
_TIMES_SOMETHING = re.compile(r"perf_counter|process_time|\btime\.time\(|\btimeit\b|monotonic")
_REFERENCE = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


def stable_id(n):
    """The n-th model's new id: 32 hex digits like ipywidgets' own (uuid4().hex)."""
    return hashlib.sha256(f"backprop-series-widget-{n}".encode()).hexdigest()[:32]


def _views(obj):
    """Model ids of widget views in ``obj`` (outputs, nested Output-widget outputs), in order."""
    if isinstance(obj, dict):
        view = obj.get(WIDGET_VIEW)
        if isinstance(view, dict) and isinstance(view.get("model_id"), str):
            yield view["model_id"]
        for key in sorted(obj):
            if key != WIDGET_VIEW:
                yield from _views(obj[key])
    elif isinstance(obj, list):
        for item in obj:
            yield from _views(item)


def model_order(nb):
    """Every model id of the notebook, in the order that defines its new id."""
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    order, seen = [], set()

    def visit(model_id):
        if model_id in seen:
            return
        seen.add(model_id)
        order.append(model_id)
        model = state.get(model_id)
        if model is not None:
            text = json.dumps(model, sort_keys=True)
            for ref in _REFERENCE.findall(text):
                visit(ref)
            for ref in _views(model):  # widgets shown inside Output widgets
                visit(ref)

    for cell in nb.get("cells", []):
        for model_id in _views(cell.get("outputs", [])):
            visit(model_id)
    # Models no output shows (created but never displayed, or closed): the saved order is not
    # kept by a rewrite (keys are sorted), so order them by content, ids masked, roots first.
    rest = [m for m in state if m not in seen]
    referenced = {ref for m in rest for ref in _REFERENCE.findall(json.dumps(state[m]))}

    def content(model_id, path=()):
        """The model's state with each reference replaced by the referenced model's content."""
        if model_id in path or model_id not in state:
            return "IPY_MODEL_"
        return _REFERENCE.sub(lambda m: content(m.group(1), path + (model_id,)),
                              json.dumps(state[model_id], sort_keys=True))

    for model_id in sorted((m for m in rest if m not in referenced), key=content):
        visit(model_id)
    for model_id in sorted((m for m in rest if m not in seen), key=content):
        visit(model_id)
    return order


def normalise(nb):
    """The notebook (a dict as json.load gives it) with stable widget ids and no per-run
    metadata; returns a new dict, the argument is not modified."""
    order = model_order(nb)
    mapping = {old: stable_id(n) for n, old in enumerate(order)}
    text = json.dumps(nb)
    if mapping:
        pattern = re.compile("|".join(re.escape(old) for old in sorted(mapping, key=len,
                                                                      reverse=True)))
        text = pattern.sub(lambda m: mapping[m.group(0)], text)
    out = json.loads(text)
    for cell in out.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
        if "outputs" in cell:
            cell["outputs"] = coalesce_streams(cell["outputs"])
    return out


def coalesce_streams(outputs):
    """Consecutive stream outputs of one stream (stdout, stderr) merged into one: how a kernel
    splits a cell's prints into messages depends on timing, what they say does not."""
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and prev is not None
                and prev.get("output_type") == "stream" and prev.get("name") == out.get("name")):
            text = "".join(prev["text"]) + "".join(out["text"])
            prev["text"] = text.splitlines(keepends=True)
        else:
            merged.append(dict(out))
    return merged


def dumps(nb):
    """Serialised exactly as nbformat (and so nbconvert and JupyterLab) writes a notebook."""
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def timing_problems(nb):
    """Human-readable problems with the marking of cells that time something."""
    problems = []
    for n, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        source = "".join(cell.get("source", ""))
        where = f"cell {n} (id {cell.get('id', '?')})"
        if TIMING_TAG in tags and "nbval-ignore-output" not in tags:
            problems.append(f"{where} is tagged timing but not nbval-ignore-output")
        elif TIMING_TAG not in tags and _TIMES_SOMETHING.search(source):
            problems.append(f"{where} seems to time something but is not tagged timing")
    return problems


def main(argv):
    check = "--check" in argv
    paths = [pathlib.Path(a) for a in argv if a != "--check"]
    if not paths:
        print(__doc__)
        return 2
    status = 0
    for path in paths:
        before = path.read_text(encoding="utf-8")
        nb = json.loads(before)
        after = dumps(normalise(nb))
        for problem in timing_problems(nb):
            # a hint only, unless a timing cell would still be compared by nbval
            print(f"{path}: {'' if 'nbval' in problem else 'note: '}{problem}")
            status = 1 if check and "nbval" in problem else status
        if after != before:
            if check:
                print(f"{path}: widget ids or run metadata not normalised")
                status = 1
            else:
                path.write_text(after, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The measured parts of the instructor's guide: reading length, time, the model answers.

    python -m instructors.guide           rewrite the generated blocks of instructors/README.md
    python -m instructors.guide --check   change nothing; exit 1 if a block is out of date

Two kinds of block are generated between ``<!-- generated: NAME -->`` and
``<!-- end generated -->`` lines, so that nothing in them is typed by hand:

* ``time``: per notebook, the words of prose, visible code cells, live panels and exercises,
  and the time estimate derived from them (:func:`minutes`);
* ``outline NN``: notebook NN's prerequisites and learning objectives, copied from its
  **You need** / **By the end you can** cell (the notebook is their one copy);
* ``answers NN``: the model answers of notebook NN's discussion questions, copied from their
  one copy, ``solutions/discussion.py`` (tests/test_instructors.py keeps the two in sync).

Standard library only, so it runs wherever the repository is checked out.
"""
import json
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parents[1]
NB_DIR = REPO / "notebooks"
GUIDE = REPO / "instructors" / "README.md"

#: Assumptions of the time estimate: a student's time, not the kernel's
WORDS_PER_MINUTE = 100     # technical prose with formulas and tables: half a novel's pace
MINUTES_PER_CODE_CELL = 1  # run it, read the code and its output
MINUTES_PER_PANEL = 4      # move the sliders until the prompt is answered
MINUTES_PER_CHECKED = 10   # an exercise with a checker: write, run, fix once or twice
MINUTES_PER_OPEN = 15      # an exercise without a checker: think, try, write the answer


def load(path):
    return json.loads(pathlib.Path(path).read_text(encoding="utf-8"))


def _text(cell):
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _is_nav(cell):
    return "navigation" in cell.get("metadata", {}).get("tags", [])


def prose_words(path):
    """Words of the markdown a student reads (navigation lines excluded; tables and formulas
    count, token by token, since they take reading time too)."""
    cells = load(path)["cells"]
    return sum(len(_text(c).split()) for c in cells
               if c["cell_type"] == "markdown" and not _is_nav(c))


def visible_code_cells(path):
    """Code cells a student sees (collapsed check cells excluded)."""
    return sum(1 for c in load(path)["cells"] if c["cell_type"] == "code"
               and not c.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def panels(path):
    """Cells showing a live widget (the series marks them '# nbval-ignore-output: live widget')."""
    return sum(1 for c in load(path)["cells"] if c["cell_type"] == "code"
               and _text(c).startswith("# nbval-ignore-output: live widget"))


def exercises(path):
    """``(checked, open)``: the numbered exercises after '## Exercises', split by whether a
    checker answers them ('no checker' in the exercise's text means open)."""
    cells = [c for c in load(path)["cells"] if c["cell_type"] == "markdown"]
    start = next((i for i, c in enumerate(cells) if re.search(r"^## Exercises", _text(c), re.M)),
                 len(cells))
    checked = open_ = 0
    for c in cells[start:]:
        for body in re.split(r"(?=^\*\*\d+\.)", _text(c), flags=re.M):
            if re.match(r"\*\*\d+\.", body):
                if re.search(r"no checker", body, re.I):
                    open_ += 1
                else:
                    checked += 1
    return checked, open_


def measure(path):
    """The numbers behind a notebook's time estimate, and the estimate in minutes."""
    words, code, live = prose_words(path), visible_code_cells(path), panels(path)
    checked, open_ = exercises(path)
    parts = {"reading": words / WORDS_PER_MINUTE, "code": code * MINUTES_PER_CODE_CELL,
             "panels": live * MINUTES_PER_PANEL,
             "exercises": checked * MINUTES_PER_CHECKED + open_ * MINUTES_PER_OPEN}
    return dict(words=words, code=code, panels=live, checked=checked, open=open_,
                minutes=minutes(parts), parts=parts)


def minutes(parts):
    """The estimate: the parts added, rounded up to 5 minutes."""
    return int(-(-sum(parts.values()) // 5) * 5)


def notebooks():
    return sorted(p.name for p in NB_DIR.glob("[0-9][0-9]_*.ipynb"))


def time_table():
    lines = ["| notebook | words | code cells | panels | exercises (checked + open) "
             "| reading + code + panels + exercises | estimate |",
             "|---|---|---|---|---|---|---|"]
    for name in notebooks():
        m = measure(NB_DIR / name)
        p = m["parts"]
        lines.append(f"| {name[:2]} | {m['words']:,} | {m['code']} | {m['panels']} "
                     f"| {m['checked']} + {m['open']} "
                     f"| {p['reading']:.0f} + {p['code']} + {p['panels']} + {p['exercises']} min "
                     f"| **{_hours(m['minutes'])}** |")
    return "\n".join(lines)


def _hours(total):
    h, m = divmod(total, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def answers_block(name):
    """The model answers of notebook ``name`` as guide Markdown, from solutions/discussion.py."""
    sys.path.insert(0, str(REPO))
    from solutions.discussion import MODEL_ANSWERS

    out = []
    for anchor, answer in MODEL_ANSWERS.get(name, []):
        number = re.fullmatch(r"\*\*(\d+)\.", anchor)
        label = f"exercise {number.group(1)}" if number else anchor.strip("*# :").rstrip(".")
        out.append(f"**Model answer: {label}** (after the cell containing `{anchor}`)\n\n"
                   f"{answer}")
    return "\n\n".join(out) if out else "(no discussion questions)"


def outline_block(name):
    """Notebook ``name``'s **You need** / **By the end you can** cell, links made to work
    from instructors/ (they point into notebooks/)."""
    cell = next(_text(c) for c in load(NB_DIR / name)["cells"]
                if c["cell_type"] == "markdown" and "**By the end you can**" in _text(c))
    cell = cell.replace("**You need**", "**Prerequisites** (*You need*)")
    cell = cell.replace("**By the end you can**", "**Learning objectives** (*By the end you can*)")
    return re.sub(r"\]\((\d\d_[\w]+\.ipynb)", r"](../notebooks/\1", cell)


def generate(name):
    if name == "time":
        return time_table()
    match = re.fullmatch(r"(answers|outline) (\d\d)", name)
    if match:
        notebook = next(n for n in notebooks() if n.startswith(match.group(2)))
        return (answers_block if match.group(1) == "answers" else outline_block)(notebook)
    raise ValueError(f"block name: got {name!r}, expected 'time', 'outline NN' or 'answers NN'")


#: a block: its opening line, anything up to its end line that opens no other block, the end
_BLOCK = re.compile(r"^(<!-- generated: (?P<name>[^>\n]+) -->\n)"
                    r"(?P<body>(?:(?!<!-- generated: ).)*?)^(<!-- end generated -->)$", re.S | re.M)


def rebuild(text):
    """``text`` with every generated block replaced by what it should hold now."""
    return _BLOCK.sub(lambda m: m.group(1) + generate(m.group("name")) + "\n" + m.group(4), text)


def main(argv):
    text = GUIDE.read_text(encoding="utf-8")
    new = rebuild(text)
    if "--check" in argv:
        if new != text:
            print(f"{GUIDE}: generated blocks out of date; run python -m instructors.guide")
            return 1
        return 0
    GUIDE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

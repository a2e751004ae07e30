"""Build an nbgrader course from the series: ``make assignments [COURSE=folder]``.

Writes, into the course folder (default ``course/``):

- ``nbgrader_config.py``: the course id, the stub a student sees in place of a solution, the
  time-outs, and "put back a deleted test cell" (nbgrader's ``OverwriteCells``);
- ``source/<assignment>/<notebook>.ipynb``, the instructor version of every notebook that has
  exercises, one assignment per notebook (its file name without ``.ipynb``):

  * each exercise stub (a function between ``# --- your code here ---`` markers) becomes a
    solution cell whose body is the reference solution from ``solutions/<module>.py``, between
    ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (so ``solutions/`` stays the one copy);
  * the checker cell after it becomes a locked, autograded test cell with points: it shows the
    checker's feedback, and a hidden test (``### BEGIN HIDDEN TESTS``) fails exactly when the
    checker does not accept (``Feedback.assert_passed()``, an AssertionError carrying the feedback),
    which nbgrader's feedback shows the student. The student's copy has no hidden test, so it
    runs top to bottom with every exercise "not attempted yet";
  * each discussion question in ``solutions/discussion.py`` gets a manually graded answer cell
    after it, holding the model answer (only the instructor version has it);
  * links between notebooks point to the neighbouring assignment folders.

Everything after that is nbgrader's own work: ``nbgrader generate_assignment`` writes
``release/`` (solutions replaced by the stub, answers by "YOUR ANSWER HERE", outputs cleared),
``autograde``, ``generate_feedback`` and ``export`` grade it. Nothing here edits the series:
the notebooks stay as published for self-study.
"""
import argparse
import ast
import copy
import json
import pathlib
import re
import shutil
import sys
import textwrap

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.series import NOTEBOOKS  # noqa: E402

NB_DIR = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"
COURSE_ID = "backprop"
BEGIN, END = "# --- your code here ---", "# --- end of your code ---"
#: points of an autograded exercise and of a manually graded discussion answer
POINTS_CHECKED, POINTS_DISCUSSION = 2, 1
#: what a student sees where a solution was: the series' own stub body, between the series'
#: "# --- your code here ---" markers, so the checker says "not attempted yet" and the
#: notebook still runs top to bottom
CODE_STUB = "return None"
CONFIG = f'''\
"""nbgrader configuration of the backpropagation course (written by tools/build_course.py)."""
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "{COURSE_ID}"
# A solution region becomes the body of an untouched stub: the checker then answers
# "not attempted yet" and the student's notebook runs top to bottom as released.
c.ClearSolutions.code_stub = {{"python": {CODE_STUB!r}}}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# A cell still running after this many seconds is interrupted (an endless loop at the top
# level of a cell); the notebook goes on, and only that exercise loses its points. The
# checkers stop a student's function after 5 s themselves.
c.Execute.timeout = 120
# A deleted test cell is put back (from the gradebook) and run, so deleting a test never
# earns or costs anything by itself.
c.OverwriteCells.add_missing_cells = True
'''


def load(path):
    return json.loads(pathlib.Path(path).read_text())


def text(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def nbgrader_meta(grade_id, *, grade, solution, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


# ----------------------------------------------------------------------------- solutions
def solution_body(module, name):
    """The body of ``solutions/<module>.py``'s function ``name``, docstring dropped, dedented."""
    path = SOLUTIONS / f"{module}.py"
    source = path.read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            body = node.body
            if (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                body = body[1:]
            lines = source.splitlines()[body[0].lineno - 1:node.end_lineno]
            return textwrap.dedent("\n".join(lines)).rstrip()
    raise ValueError(f"name: no function {name!r} in {path.relative_to(ROOT)}")


def exercises(nb):
    """(stub index, checker index, function name, exercises module) for every exercise."""
    cells = nb["cells"]
    found = []
    for i, cell in enumerate(cells):
        src = text(cell)
        if cell["cell_type"] != "code" or BEGIN not in src:
            continue
        name = re.search(r"^def (\w+)\(", src, flags=re.M).group(1)
        for j in range(i + 1, len(cells)):
            check = text(cells[j])
            match = re.search(r"from helpers\.exercises\.(\w+) import (check_\w+)", check)
            if cells[j]["cell_type"] == "code" and match:
                found.append((i, j, name, match.group(1)))
                break
        else:
            raise ValueError(f"exercise {name}: no checker cell after its stub")
    return found


def solution_cell(stub, body):
    """The stub with its marked region replaced by the solution between nbgrader's markers."""
    lines = text(stub).splitlines()
    start = next(k for k, line in enumerate(lines) if BEGIN in line)
    stop = next(k for k, line in enumerate(lines) if END in line)
    indent = re.match(r"\s*", lines[start]).group(0)
    hints = [f"{indent}# {m.group(1)}" for line in lines[start + 1:stop]
             if (m := re.search(r"return None\s*#\s*(.+)$", line))]
    region = ([f"{indent}### BEGIN SOLUTION"] + textwrap.indent(body, indent).splitlines()
              + [f"{indent}### END SOLUTION"])
    new = dict(copy.deepcopy(stub), outputs=[], execution_count=None)
    # the series' markers stay around the region, so the release reads as the series does
    new["source"] = "\n".join(lines[:start + 1] + hints + region + lines[stop:])
    return new


def test_cell(checker, name):
    """The checker cell as an autograded test: shows the feedback, fails when it is not right."""
    src = text(checker).rstrip().splitlines()
    call = src[-1]
    if not call.startswith("check_"):
        raise ValueError(f"exercise {name}: the checker cell must end in check_...(...)")
    src[-1] = f"feedback = {call}"
    # The assert is a hidden test: the student's copy only shows the feedback (so it still
    # runs top to bottom with exercises not attempted); autograde puts it back and runs it.
    src += ["display(feedback)", "### BEGIN HIDDEN TESTS",
            "feedback.assert_passed()          # fails with the named mistake",
            "### END HIDDEN TESTS"]
    return dict(copy.deepcopy(checker), outputs=[], execution_count=None, source="\n".join(src))


# ----------------------------------------------------------------------------- notebooks
def anchored_cell(cells, anchor, notebook):
    hits = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and anchor in text(c)]
    if len(hits) != 1:
        raise ValueError(f"solutions/discussion.py: anchor {anchor!r} stands in {len(hits)} "
                         f"markdown cells of {notebook}, expected exactly 1")
    return hits[0]


def relink(source):
    """Links to another notebook of the series point into its assignment folder."""
    for name, _ in NOTEBOOKS:
        source = source.replace(f"]({name}", f"](../{name[:-6]}/{name}")
    return source


def instructor_version(name, model_answers):
    """The source notebook of one assignment, and (autograded points, manual points)."""
    nb = load(NB_DIR / name)
    cells = nb["cells"]
    found = exercises(nb)
    if not found:
        return None, (0, 0)
    for stub, checker, fn, module in found:
        cells[stub] = solution_cell(cells[stub], solution_body(module, fn))
        cells[stub]["metadata"].update(nbgrader_meta(f"{fn}_solution", grade=False,
                                                     solution=True, locked=False))
        cells[checker] = test_cell(cells[checker], fn)
        cells[checker]["metadata"].update(nbgrader_meta(f"{fn}_test", grade=True, solution=False,
                                                        locked=True, points=POINTS_CHECKED))
    inserts = sorted(((anchored_cell(cells, anchor, name), k, answer)
                      for k, (anchor, answer) in enumerate(model_answers, start=1)), reverse=True)
    for index, k, answer in inserts:
        cells.insert(index + 1, {
            "cell_type": "markdown", "id": f"discussion-{k}", "source": answer,
            "metadata": nbgrader_meta(f"discussion_{k}", grade=True, solution=True,
                                      locked=False, points=POINTS_DISCUSSION)})
    for cell in cells:
        cell["source"] = relink(text(cell))
        if cell["cell_type"] == "code":
            cell.update(outputs=[], execution_count=None)
    nb["metadata"].pop("widgets", None)               # stored widget state: not the student's
    return nb, (POINTS_CHECKED * len(found), POINTS_DISCUSSION * len(inserts))


def local_modules(nb):
    """Modules beside the notebooks (notebooks/*.py) that a notebook imports."""
    local = {p.stem for p in NB_DIR.glob("*.py")}
    imported = set()
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            imported |= set(re.findall(r"^\s*(?:from|import)\s+(\w+)", text(cell), flags=re.M))
    return sorted(local & imported)


def discussion_answers():
    sys.path.insert(0, str(ROOT))
    from solutions.discussion import MODEL_ANSWERS
    unknown = set(MODEL_ANSWERS) - {n for n, _ in NOTEBOOKS}
    if unknown:
        raise ValueError(f"solutions/discussion.py: unknown notebooks {sorted(unknown)}")
    return MODEL_ANSWERS


def build(course):
    """Write the course folder; returns {assignment: (autograded points, manual points)}."""
    course = pathlib.Path(course)
    (course / "source").mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG)
    answers = discussion_answers()
    points = {}
    for name, _ in NOTEBOOKS:
        nb, total = instructor_version(name, answers.get(name, []))
        if nb is None:
            continue
        folder = course / "source" / name[:-6]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
        for module in local_modules(nb):                  # e.g. notebook 00's environment check
            shutil.copy(NB_DIR / f"{module}.py", folder / f"{module}.py")
        points[name[:-6]] = total
    return points


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course", nargs="?", default="course",
                        help="the course folder to write (default: course)")
    args = parser.parse_args(argv)
    for assignment, (auto, manual) in build(args.course).items():
        print(f"{args.course}/source/{assignment}: {auto} autograded points, "
              f"{manual} manually graded")


if __name__ == "__main__":
    main()

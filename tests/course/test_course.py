"""The graded course end to end, with nbgrader itself: `make test-course`.

Builds the course (tools/build_course.py) into a temporary folder, releases every assignment
with `nbgrader generate_assignment`, hands in four students' work, and grades it with
`nbgrader autograde` (its real SQLite gradebook), `generate_feedback` and `export`:

- "reference": every exercise answered with the reference solution from solutions/, every
  discussion answer with the model answer (then graded by hand through nbgrader's gradebook,
  as an instructor does in the formgrader): full marks everywhere;
- "empty": the release handed back untouched: it runs top to bottom, scores 0, and its
  feedback says "not attempted yet";
- "typical": typical wrong answers from the project's mistake bank: the expected partial marks,
  and the mistake's words in the feedback nbgrader generates;
- "broken": an endless loop at the top of a cell (nbgrader interrupts it), an endless loop in a
  function (the checker stops it), a deleted test cell (nbgrader puts it back): graded without
  hanging, and only those exercises lose their points.

Not part of `make test` (nbgrader lives in requirements-course.txt): `make test-course`.
"""
import csv
import html
import json
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("nbgrader", reason="install requirements-course.txt (make test-course)")

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from solutions.discussion import MODEL_ANSWERS  # noqa: E402
from tests import mistake_bank  # noqa: E402
from tools import build_course  # noqa: E402

BIN = pathlib.Path(sys.executable).parent
ALL = [name[:-6] for name, _ in build_course.NOTEBOOKS
       if build_course.exercises(build_course.load(build_course.NB_DIR / name))]
QUICK = ["00_start_here", "01_forward_pass"]          # the typical and broken students' work


def nbgrader(course, *args, timeout=900):
    """Run the nbgrader command line in the course folder (alembic must be on PATH)."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return done


def read(path):
    return json.loads(pathlib.Path(path).read_text())


def src(cell):
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def grade_id(cell):
    return cell["metadata"].get("nbgrader", {}).get("grade_id")


def bank_source(entries, words_contain):
    """The source of the bank entry whose expected words include ``words_contain``."""
    for source, words in entries:
        if any(words_contain in w for w in words):
            return source, words
    raise LookupError(words_contain)


def hand_in(course, student, assignment, edit):
    """Copy the release into submitted/<student>/<assignment>, changed by ``edit(cells)``."""
    name = f"{assignment}.ipynb"
    nb = read(course / "release" / assignment / name)
    nb["cells"] = edit(nb["cells"], read(course / "source" / assignment / name)["cells"])
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(nb))
    (folder / "timestamp.txt").write_text("2026-12-01 09:00:00.000000 UTC")


def answered(cells, source_cells):
    """Every solution cell as in the instructor version, every answer cell its model answer."""
    by_id = {grade_id(c): c for c in source_cells if grade_id(c)}
    return [dict(c, source=src(by_id[grade_id(c)])) if c["metadata"].get("nbgrader", {})
            .get("solution") else c for c in cells]


def replace(cells, solution_id, new_source):
    hits = [c for c in cells if grade_id(c) == solution_id]
    assert len(hits) == 1, solution_id
    hits[0]["source"] = new_source
    return cells


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    points = build_course.build(course)
    assert sorted(points) == sorted(ALL)
    for assignment in ALL:
        nbgrader(course, "generate_assignment", assignment, "--force")

    for assignment in ALL:
        hand_in(course, "reference", assignment, answered)
        hand_in(course, "empty", assignment, lambda cells, _: cells)

    typical = {}
    neuron, typical["neuron"] = bank_source(mistake_bank.NEURON, "returned z")
    # in two_layer_forward, not layer_forward: the reference two_layer_forward calls the
    # student's own layer_forward, so a wrong one costs both exercises
    two_layer, typical["two_layer_forward"] = bank_source(mistake_bank.TWO_LAYER_FORWARD,
                                                          "returned Z2")
    hand_in(course, "typical", "00_start_here",
            lambda cells, s: replace(answered(cells, s), "neuron_solution", neuron))
    hand_in(course, "typical", "01_forward_pass",
            lambda cells, s: replace(answered(cells, s), "two_layer_forward_solution", two_layer))

    def broken_00(cells, source_cells):        # never finishes: nbgrader must interrupt it
        return replace(answered(cells, source_cells), "neuron_solution", "while True:\n    pass")

    def broken_01(cells, source_cells):        # a deleted test, and a function that never ends
        cells = [c for c in answered(cells, source_cells) if grade_id(c) != "layer_forward_test"]
        return replace(cells, "two_layer_forward_solution",
                       "def two_layer_forward(X, W1, b1, W2, b2):\n    while True:\n"
                       "        pass")

    hand_in(course, "broken", "00_start_here", broken_00)
    hand_in(course, "broken", "01_forward_pass", broken_01)

    for assignment in ALL:
        # a short cell time-out where a student's endless loop waits for it; the series'
        # slowest cell takes a few seconds
        extra = ["--Execute.timeout=30"] if assignment in QUICK else []
        nbgrader(course, "autograde", assignment, "--create", "--force", *extra)
    # the instructor grades the discussion answers by hand: full marks to the model answers
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="backprop") as gb:
        for assignment in ALL:
            for notebook in gb.find_assignment(assignment).notebooks:
                for cell in notebook.grade_cells:
                    if cell.name.startswith("discussion_"):
                        grade = gb.find_grade(cell.name, notebook.name, assignment, "reference")
                        grade.manual_score = cell.max_score
        gb.db.commit()
    for assignment in ALL:
        nbgrader(course, "generate_feedback", assignment, "--force")
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with open(course / "grades.csv") as f:
        grades = {(row["student_id"], row["assignment"]): row for row in csv.DictReader(f)}
    return {"dir": course, "points": points, "grades": grades, "typical": typical}


def score(course, student, assignment):
    row = course["grades"][(student, assignment)]
    return float(row["score"]), float(row["max_score"])


def feedback_text(course, student, assignment):
    path = course["dir"] / "feedback" / student / assignment / f"{assignment}.html"
    return html.unescape(path.read_text())


def test_the_release_holds_no_solution_and_no_model_answer(course):
    released = {a: read(course["dir"] / "release" / a / f"{a}.ipynb")["cells"] for a in ALL}
    everything = "\n".join(src(c) for cells in released.values() for c in cells)
    squeezed = " ".join(everything.split())
    for name, _ in build_course.NOTEBOOKS:
        cells = released.get(name[:-6], [])
        notebook = build_course.load(build_course.NB_DIR / name)
        for _, _, fn, module in build_course.exercises(notebook):
            body = build_course.solution_body(module, fn)
            assert " ".join(body.split()) not in squeezed, f"{fn}: the release shows its solution"
            cell = next(c for c in cells if grade_id(c) == f"{fn}_solution")
            code = [line.split("#")[0].strip() for line in src(cell).splitlines()]
            assert [line for line in code if line] == [code[0], "return None"], (
                f"{fn}: the released cell is not the bare stub:\n{src(cell)}")
    for answers in MODEL_ANSWERS.values():
        for _, answer in answers:
            assert " ".join(answer.split()) not in squeezed, "a model answer reached the release"
    assert "BEGIN SOLUTION" not in everything and "HIDDEN TESTS" not in everything
    assert "assert_passed" not in everything        # the hidden asserts stay hidden


def test_the_source_keeps_one_copy_of_each_answer(course):
    """Solutions come from solutions/, so editing one there changes the course."""
    nb = read(course["dir"] / "source" / "00_start_here" / "00_start_here.ipynb")
    cell = next(c for c in nb["cells"] if grade_id(c) == "neuron_solution")
    body = build_course.solution_body("start", "neuron")
    assert body and textwrap.indent(body, "    ") in src(cell)


def test_the_reference_submission_gets_full_marks(course):
    for assignment in ALL:
        got, best = score(course, "reference", assignment)
        auto, manual = course["points"][assignment]
        assert best == auto + manual > 0, assignment
        assert got == best, f"{assignment}: the reference solutions scored {got} of {best}"


def test_the_untouched_release_runs_and_says_not_attempted(course):
    for assignment in ALL:
        got, _ = score(course, "empty", assignment)
        assert got == 0, assignment
        nb = read(course["dir"] / "autograded" / "empty" / assignment / f"{assignment}.ipynb")
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
            # only the hidden asserts of the test cells fail (nothing attempted)
            assert not errors or grade_id(cell), f"{assignment}: cell {i} raised {errors[0]}"
        assert "not attempted yet" in feedback_text(course, "empty", assignment)


def test_sliders_still_work_in_the_release(course):
    nb = read(course["dir"] / "autograded" / "empty" / "01_forward_pass" /
              "01_forward_pass.ipynb")
    views = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert views, "the release's panels no longer build their widgets"


def test_typical_mistakes_cost_their_points_and_are_named_in_the_feedback(course):
    assert score(course, "typical", "00_start_here")[0] == 0
    got, best = score(course, "typical", "01_forward_pass")
    manual = course["points"]["01_forward_pass"][1]
    assert got == best - manual - build_course.POINTS_CHECKED      # two_layer_forward only
    for assignment, key in (("00_start_here", "neuron"), ("01_forward_pass", "two_layer_forward")):
        text = feedback_text(course, "typical", assignment)
        for word in course["typical"][key]:
            assert word in text, f"{assignment}: the feedback does not name {word!r}"


def test_a_broken_submission_is_graded_without_hanging(course):
    assert score(course, "broken", "00_start_here")[0] == 0           # interrupted, not stuck
    nb = read(course["dir"] / "autograded" / "broken" / "00_start_here" / "00_start_here.ipynb")
    assert any("CellTimeoutError" in json.dumps(c.get("outputs", [])) for c in nb["cells"])
    got, best = score(course, "broken", "01_forward_pass")
    manual = course["points"]["01_forward_pass"][1]
    assert got == best - manual - build_course.POINTS_CHECKED      # the endless function only
    nb = read(course["dir"] / "autograded" / "broken" / "01_forward_pass" /
              "01_forward_pass.ipynb")
    restored = [c for c in nb["cells"] if grade_id(c) == "layer_forward_test"]
    assert restored and "was missing from the submission" in src(restored[0])
    assert "still running after" in feedback_text(course, "broken", "01_forward_pass")


def test_make_assignments_writes_a_course_nbgrader_reads(tmp_path):
    shutil.rmtree(tmp_path, ignore_errors=True)
    build_course.main([str(tmp_path)])
    listing = nbgrader(tmp_path, "db", "assignment", "list").stdout
    assert (tmp_path / "nbgrader_config.py").exists() and "course_id" in (
        tmp_path / "nbgrader_config.py").read_text()
    assert listing is not None
    assert sorted(p.name for p in (tmp_path / "source").iterdir()) == sorted(ALL)

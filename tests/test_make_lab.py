"""`make lab`: a student's copy in work/, never overwritten, and an address that opens 00.

Runs the real Makefile target with a stand-in virtual environment whose ``python`` and
``jupyter`` only record how they were called, so nothing is installed and no server starts.
"""
import os
import pathlib
import shutil
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def fake_venv(tmp_path):
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    for tool in ("python", "jupyter"):
        script = venv / "bin" / tool
        script.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{tmp_path}/calls"\n')
        script.chmod(0o755)
    for stamp in (".installed",):                        # setup is up to date: no install
        (venv / stamp).touch()
    return venv


def make_lab(tmp_path, work):
    venv = fake_venv(tmp_path)
    env = dict(os.environ, MAKEFLAGS="")
    result = subprocess.run(["make", "-s", "-o", f"{venv}/.installed", "lab", f"VENV={venv}",
                             f"WORK={work}"], cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout, (tmp_path / "calls").read_text()


def test_lab_copies_the_notebooks_once_and_opens_notebook_00(tmp_path):
    work = tmp_path / "work"
    out, calls = make_lab(tmp_path, work)
    shipped = sorted(p.name for p in (REPO / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in work.glob("*.ipynb")) == shipped
    assert (work / "check_environment.py").exists()          # notebook 00's first cell needs it
    assert (work / ".gitignore").read_text().strip() == "*"  # git ignores the copy
    jupyter = [line for line in calls.splitlines() if line.startswith("jupyter lab")]
    assert len(jupyter) == 1
    assert f"--LabApp.default_url=/lab/tree/{work}/00_start_here.ipynb" in jupyter[0]


def test_lab_never_overwrites_a_students_copy_and_names_newer_notebooks(tmp_path):
    work = tmp_path / "work"
    make_lab(tmp_path, work)
    mine = work / "01_forward_pass.ipynb"
    mine.write_text("my answers")
    older = work / "02_loss_functions.ipynb"
    os.utime(older, (1, 1))                                   # as if copied long ago
    out, _ = make_lab(tmp_path, work)
    assert mine.read_text() == "my answers"
    assert f"kept your {older}" in out and "notebooks/02_loss_functions.ipynb is newer" in out
    assert older.read_bytes() != b"" and "01_forward_pass" not in out   # mine is newer: quiet

"""The Python range the README promises (3.10 to 3.13): one lock per Python line, chosen by make,
pip and setuptools in both; CI runs the range at both ends and records its browser.

`make test-python-range` is the real test (it installs both ends and runs nbval there); these
check the wiring it relies on without installing anything.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
LOCKS = ["constraints.txt", "constraints-py310.txt"]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def pins(lock):
    lines = (REPO / lock).read_text().splitlines()
    return {re.split(r"[=<>]", ln)[0].lower().replace("_", "-"): ln for ln in lines
            if ln and not ln.startswith("#")}


def required(path):
    names = set()
    for ln in (REPO / path).read_text().splitlines():
        ln = ln.split("#")[0].strip()
        if ln and not ln.startswith("-"):
            names.add(re.split(r"[=<>\[ ;]", ln)[0].lower().replace("_", "-"))
    return names


@pytest.mark.parametrize("lock", LOCKS)
def test_each_lock_pins_pip_setuptools_and_every_requirement(lock):
    pinned = pins(lock)
    for name in {"pip", "setuptools"} | required("requirements.txt") | \
            required("requirements-dev.txt"):
        assert name in pinned and "==" in pinned[name], f"{lock}: {name} not pinned"


def dry_run(tmp_path, version):
    """`make -n setup` with a stand-in python that reports ``version``."""
    fake = tmp_path / f"python{version}"
    fake.write_text(f"#!/bin/sh\necho {version}\n")
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    done = subprocess.run(["make", "-n", "setup", f"VENV={tmp_path / 'venv'}",
                           f"PYTHON={fake}"], cwd=REPO, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("version, lock", [("3.10", "constraints-py310.txt"),
                                           ("3.11", "constraints.txt"),
                                           ("3.13", "constraints.txt")])
def test_make_installs_through_the_lock_of_the_venvs_python(tmp_path, version, lock):
    plan = dry_run(tmp_path, version)
    installs = [ln for ln in plan.splitlines() if "pip install" in ln]
    assert installs and all(f"-c {lock}" in ln for ln in installs)
    assert "--upgrade pip setuptools" in installs[0]                  # pip first, from the lock
    assert all(f"--build-constraint {lock}" in ln for ln in installs[1:])   # setuptools' build
    # the range check runs before anything is created
    assert plan.index("(3, 10) <= v <= (3, 13)") < plan.index("-m venv")


def test_the_range_check_fails_early_with_a_clear_message():
    plan = (REPO / "Makefile").read_text()
    check = re.search(r"-c '(import sys; v = sys.version_info.*?% v\))'", plan, re.S).group(1)
    code = check.replace("\\\n", "").replace("$(PYTHON)", "python3.9")
    out = subprocess.run([sys.executable, "-c", code.replace("sys.version_info[:2]", "(3, 9)")],
                         capture_output=True, text=True)
    assert out.returncode == 1 and "needs Python 3.10 to 3.13" in out.stderr
    assert "python3.9 is 3.9" in out.stderr
    ok = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert ok.returncode == 0                                  # this Python is in the range


def test_ci_runs_the_range_and_records_its_chromium():
    ci = (REPO / ".ci" / "run").read_text()
    assert "make -j2 test-python-range" in ci
    record = ci.index('"$CHROMIUM" --version | tee artifacts/browser/chromium-version.txt')
    assert record < ci.index("make test-browser")
    make = (REPO / "Makefile").read_text()
    assert "find_python,3.10" in make and "find_python,3.13" in make
    assert "Python 3.10 to 3.13" in (REPO / "README.md").read_text()

"""Notebook 00's environment check, with Python's standard library only.

It lives beside the notebooks (not in ``helpers``) so that it runs, and says what to install,
even when ``helpers`` itself or any package it needs is missing: a notebook's kernel starts in
the notebook's folder, so ``from check_environment import report`` always finds it.
"""
import importlib.metadata
import importlib.util
import re
import sys

#: The lower bounds of requirements.txt for what the notebooks import (tests/test_start.py
#: keeps the two in step)
NEEDED = {"numpy": "2.2", "matplotlib": "3.10", "sympy": "1.14", "scikit-learn": "1.6",
          "ipywidgets": "8.1"}
PYTHON = (3, 10)


def as_numbers(version):
    """'1.14.0' -> (1, 14): the first two numbers of a version string."""
    return tuple(int(n) for n in re.findall(r"\d+", version)[:2])


def environment_report(needed=None):
    """One line per requirement and the list of what to install (empty when all is well)."""
    needed = NEEDED if needed is None else needed
    lines, fixes = [], []
    python_ok = sys.version_info >= PYTHON
    lines.append(f"{'python':<13} {'ok' if python_ok else 'TOO OLD'} (>= 3.10)")
    fixes += [] if python_ok else ["a Python of version 3.10 or newer"]
    for package, minimum in needed.items():
        try:
            have = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            have = None
        ok = have is not None and as_numbers(have) >= as_numbers(minimum)
        status = "ok" if ok else ("MISSING" if have is None else f"TOO OLD ({have})")
        lines.append(f"{package:<13} {status} (>= {minimum})")
        fixes += [] if ok else [f"pip install '{package}>={minimum}'"]
    helpers_ok = importlib.util.find_spec("helpers") is not None    # found, not imported
    lines.append(f"{'helpers':<13} {'ok' if helpers_ok else 'MISSING'} (this series' package)")
    fixes += [] if helpers_ok else ["pip install -e .   (in the repository's folder)"]
    return lines, fixes


def report(needed=None):
    """Print the report; raise ``RuntimeError`` listing what to install if anything is missing."""
    lines, fixes = environment_report(needed)
    print("\n".join(lines))
    if fixes:
        raise RuntimeError("install what is missing, restart the kernel, run this cell again:\n  "
                           + "\n  ".join(fixes))
    print("ready: every package the series needs is installed")

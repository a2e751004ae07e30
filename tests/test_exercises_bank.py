"""Every wrong answer of tests/mistake_bank.py gets feedback with its words; right ones pass.

Time-outs are short here (the endless loop and SymPy's minutes-long simplify stop at once)."""
import importlib
import linecache

import numpy as np
import pytest
import sympy as sp

from helpers.activations import sigmoid
from helpers.exercises import set_timeout
from tests.mistake_bank import BANK, PASSES


@pytest.fixture(autouse=True)
def short_timeouts():
    previous = set_timeout(0.5, sympy=3.0)
    yield
    set_timeout(previous[0], sympy=previous[1])


def student_function(source, key):
    """Define the bank entry's function as a notebook cell would (its lines readable by
    linecache, so translated errors can quote them)."""
    filename = f"<mistake bank {key}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"np": np, "sp": sp, "sigmoid": sigmoid}
    exec(compile(source, filename, "exec"), namespace)
    functions = [v for k, v in namespace.items() if callable(v) and k not in ("np", "sp",
                                                                                 "sigmoid")]
    assert len(functions) == 1, source
    return functions[0]


@pytest.mark.parametrize("checker, source, words", BANK,
                         ids=[f"{c.split(':')[1]}-{i}" for i, (c, _, _) in enumerate(BANK)])
def test_bank_entry(checker, source, words):
    module, name = checker.split(":")
    check = getattr(importlib.import_module(f"helpers.exercises.{module}"), name)
    fb = check(student_function(source, id(source)))
    if not words or words[0] == PASSES:
        assert fb.passed, fb.message
        missing = [w for w in words[1:] if w not in fb.message]
        assert not missing, (missing, fb.message)
        return
    assert fb.status == "wrong", (source, fb.message)
    missing = [w for w in words if w not in fb.message]
    assert not missing, (missing, fb.message)
    assert "gufunc" not in fb.message and "operands could not" not in fb.message  # translated

"""``check``: run a student's function on every case and name the first mistake it shows."""
import inspect
import itertools
from dataclasses import dataclass

import numpy as np

from ._diagnosis import close, compare, fmt
from ._feedback import correct, wrong
from ._run import call_student


@dataclass
class Case:
    """One test case: the arguments, and how to show it.

    ``args`` is the tuple passed to the function; ``expected`` defaults to the reference's
    answer; ``label`` describes the case in words ("a 3-by-4 layer on 5 examples");
    ``show`` lists the argument names whose values the feedback prints (default: every
    argument small enough to read, the others by shape).
    """
    args: tuple
    expected: object = None
    label: str = ""
    show: tuple | None = None


def _parts(value, returns, keys):
    """The output split into named components, or a message when it has the wrong form."""
    if keys:
        if not isinstance(value, dict):
            return f"return a dict with keys {', '.join(keys)}, got {type(value).__name__}"
        missing = [k for k in keys if k not in value]
        if missing:
            return (f"return a dict with keys {', '.join(keys)}; missing "
                    f"{', '.join(missing)}")
        return [(k, value[k]) for k in keys]
    if returns:
        if not isinstance(value, (tuple, list)) or len(value) != len(returns):
            got = (f"{len(value)} values" if isinstance(value, (tuple, list))
                   else f"one {type(value).__name__}")
            return f"return the {len(returns)} values ({', '.join(returns)}), got {got}"
        return list(zip(returns, value))
    return [("", value)]


def _show_inputs(case, arg_names):
    rows = [("case", case.label)] if case.label else []
    for name, value in zip(arg_names, case.args):
        if case.show is not None and name not in case.show:
            continue
        if isinstance(value, dict):
            text = ", ".join(f"{k}: {fmt(v, 6)}" for k, v in value.items())
        elif callable(value):
            continue
        else:
            text = fmt(value)
        rows.append((name, text))
    return rows


def _prefix(name, comp):
    return f"{name}: {comp}" if comp else name


def check(student_fn, cases, name, reference, mistakes=(), *, returns=None, keys=None,
          m=None, factors=(), number=False, must_not_mutate=True, rtol=1e-6, atol=1e-9,
          timeout=5.0, what=None):
    """Run ``student_fn`` on every case; return the Feedback of the first problem, or correct.

    Parameters
    ----------
    student_fn : callable
        The student's function.
    cases : list of Case
    name : str
        The function's name in the notebook, used in messages.
    reference : callable
        The right answer; its signature names the arguments in messages.
    mistakes : list of Mistake
        Typical mistakes as transformations of the reference, tried in order.
    returns : tuple of str, optional
        The names of the values when the function returns a tuple (a list is accepted; the
        order is checked and a swap is named).
    keys : tuple of str, optional
        The keys when the function returns a dict.
    m : callable, optional
        ``m(*args)`` is the batch size when a 1/m is part of the exercise (enables the
        "the 1/m is missing / divided by m twice" diagnoses).
    factors : tuple of str
        Constants the exercise has ("1/m", "the learning rate"): only then does a constant
        ratio get the "a constant factor is missing or extra" hint.
    number : bool
        The answer is one number: a (1, 1) or () array or a float are all accepted.
    must_not_mutate : bool
        The exercise forbids changing the inputs in place.
    what : str, optional
        The success message's subject (default "<name> matches the reference"), followed by
        " on all N test cases."; a ``what`` ending with "." is the whole message.
    """
    arg_names = list(inspect.signature(reference).parameters)
    for i, case in enumerate(cases, start=1):
        where = f"test case {i} of {len(cases)}"
        outcome = call_student(student_fn, case.args, name, arg_names=arg_names,
                               timeout=timeout, must_not_mutate=must_not_mutate)
        inputs = _show_inputs(case, arg_names)
        if outcome.feedback is not None:
            fb = outcome.feedback
            if fb.status == "wrong":
                fb.message += f" ({where})"
                fb.details = inputs
            return fb
        expected = case.expected if case.expected is not None else reference(*case.args)
        got_parts = _parts(outcome.value, returns, keys)
        if isinstance(got_parts, str):
            return wrong(f"{name}: {got_parts} ({where})", inputs)
        exp_parts = _parts(expected, returns, keys)
        problem = _first_problem(got_parts, exp_parts, case.args, mistakes, name,
                                 lambda v: _parts(v, returns, keys),
                                 dict(m=m(*case.args) if m else None, factors=factors,
                                      number=number, rtol=rtol, atol=atol))
        if problem:
            message, rows = problem
            return wrong(f"{message} ({where})", inputs + rows)
    what = what or f"{name} matches the reference"
    return correct(what if what.endswith(".") else f"{what} on all {len(cases)} test cases.")


def _first_problem(got_parts, exp_parts, args, mistakes, name, split, opts):
    tol = dict(rtol=opts["rtol"], atol=opts["atol"], number=opts["number"])
    ok = [g is not None and close(g, e, **tol) for (_, g), (_, e) in zip(got_parts, exp_parts)]
    if all(ok):
        return None
    for comp, g in got_parts:
        if g is None:
            return f"{_prefix(name, comp)}: not computed yet (returned None)", []
    n = len(got_parts)
    if 1 < n <= 4:                                               # the right values, reordered
        for perm in itertools.permutations(range(n)):
            if list(perm) != list(range(n)) and all(
                    close(got_parts[j][1], exp_parts[k][1], **tol) for k, j in enumerate(perm)):
                order = ", ".join(got_parts[k][0] for k in np.argsort(perm))
                right = ", ".join(c for c, _ in exp_parts)
                return (f"{name}: the right values in the wrong order: you returned ({order}); "
                        f"return ({right})", [])
    answers = []
    for mistake in mistakes:
        try:
            answers.append((mistake, split(mistake.answer(*args))))
        except Exception:                                       # a transformation that
            continue                                            # cannot apply to this case
    first = ok.index(False)
    comp, got = got_parts[first]
    for mistake, parts in answers:                              # the whole output matches
        if not isinstance(parts, str) and all(close(g, p, **tol) for (_, g), (_, p)
                                              in zip(got_parts, parts)):
            return (f"{_prefix(name, comp)}: {mistake.message}",
                    _rows(got, exp_parts[first][1], comp))
    known = [(parts[first][1], mistake.message) for mistake, parts in answers
             if not isinstance(parts, str)]
    message, rows = compare(got, exp_parts[first][1], known, **opts)
    return f"{_prefix(name, comp)}: {message}", [(f"{comp} {label}" if comp else label, text)
                                                 for label, text in rows]


def _rows(got, expected, comp):
    pre = f"{comp} " if comp else ""
    return [(f"{pre}expected", fmt(expected)), (f"{pre}returned", fmt(got))]

"""``check``: run a student's function on every case and name the first mistake it shows."""
import inspect
import itertools
from dataclasses import dataclass

import numpy as np

from ._diagnosis import as_number_array, close, compare, fmt, short
from ._feedback import cases_phrase, correct, wrong
from ._run import call_student, mutation_warning


@dataclass
class Alternative:
    """Another right answer: ``answer(*args)`` is what a student using another correct
    convention returns; ``note`` tells them the series' convention (shown with the ✔)."""
    answer: object
    note: str


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


def _shape_of(value):
    """A number in full, an array by its shape (its values are on request)."""
    arr = as_number_array(value)
    if arr is None or arr.size == 1:
        return fmt(value, 1)
    return f"array of shape {arr.shape}"


def _show_inputs(case, arg_names):
    """The short rows: the case's label, each input by its shape (a scalar or a tiny array
    in full)."""
    rows = [("case", case.label)] if case.label else []
    for name, value in zip(arg_names, case.args):
        if case.show is not None and name not in case.show:
            continue
        if isinstance(value, dict):
            text = ", ".join(f"{k} {_shape_of(v).removeprefix('array of shape ')}"
                             for k, v in value.items())
        elif callable(value):
            continue
        else:
            text = _shape_of(value)
        rows.append((name, text))
    return rows


def _full_inputs(case, arg_names):
    """Every input in full (up to 100 entries each): shown on request."""
    rows = []
    for name, value in zip(arg_names, case.args):
        if isinstance(value, dict):
            rows += [(f"{name}[{k!r}]", fmt(v, 100)) for k, v in value.items()]
        elif not callable(value):
            rows.append((name, fmt(value, 100)))
    return rows


def _prefix(name, comp):
    return f"{name}: {comp}" if comp else name


def check(student_fn, cases, name, reference, mistakes=(), *, returns=None, keys=None,
          m=None, factors=(), number=False, must_not_mutate=True, rtol=1e-6, atol=1e-9,
          timeout=None, what=None, alternatives=()):
    """Run ``student_fn`` on every case; return the Feedback of the first problem, or correct.

    Never raises: whatever the student passes or their code does, the answer is a Feedback
    (a fault in the checker itself is reported as such, not raised).

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
        Look for inputs changed in place: a right answer that does it passes with a note.
    timeout : float, optional
        Seconds per call (default :data:`helpers.exercises.TIMEOUT`, see ``set_timeout``).
    what : str, optional
        The success message's subject (default "<name> matches the reference"), followed by
        " on both test cases." / " on all N test cases."; a ``what`` ending with "." is the
        whole message.
    alternatives : list of Alternative
        Other right answers (another correct convention): accepted with their note.
    """
    try:
        return _check(student_fn, cases, name, reference, mistakes, returns=returns, keys=keys,
                      m=m, factors=factors, number=number, must_not_mutate=must_not_mutate,
                      rtol=rtol, atol=atol, timeout=timeout, what=what,
                      alternatives=alternatives)
    except Exception as exc:                        # a bug of the checker, never the student's
        return checker_fault(name, exc)


def checker_fault(name, exc):
    """The Feedback for a fault in a checker's own code: said as such, never raised."""
    return wrong(f"{name}: the checker could not judge this answer (its own error: "
                 f"{type(exc).__name__}: {str(exc)[:200]}). Check that your function returns "
                 f"the kind of value the exercise asks for; if it does, tell your instructor.")


def _returned_container(value, expected, name, tol):
    """A message when one value is asked for and the function returned it inside a tuple or
    list ((A1, A2), [A2]), or None."""
    if not isinstance(value, (tuple, list)) or isinstance(expected, (tuple, list, dict)):
        return None
    exp = as_number_array(expected)
    if exp is None or exp.ndim == 0 or len(value) == 0:
        return None
    kind = "tuple" if isinstance(value, tuple) else "list"
    for i, item in enumerate(value):
        if isinstance(item, (np.ndarray, list, tuple)) and close(item, expected, **tol):
            if len(value) == 1:
                return (f"{name}: you returned a {kind} holding the answer ([...] or (...,) "
                        f"around it): return the array itself, without the brackets")
            which = {0: "first", 1: "second", 2: "third"}.get(i, f"number {i + 1}")
            return (f"{name}: you returned {len(value)} values (a {kind}); the exercise asks "
                    f"for one array, and your {which} value is the right one: return only that")
    return None


def _check(student_fn, cases, name, reference, mistakes, *, returns, keys, m, factors, number,
           must_not_mutate, rtol, atol, timeout, what, alternatives):
    arg_names = list(inspect.signature(reference).parameters)
    warnings, alive = [], list(alternatives)
    used_alternative = None
    for i, case in enumerate(cases, start=1):
        where = f"test case {i} of {len(cases)}"
        outcome = call_student(student_fn, case.args, name, arg_names=arg_names,
                               timeout=timeout, must_not_mutate=must_not_mutate)
        inputs, full = _show_inputs(case, arg_names), _full_inputs(case, arg_names)
        if outcome.feedback is not None:
            fb = outcome.feedback
            if fb.status == "wrong":
                fb.message += f" ({where})"
                fb.details = inputs
                fb.inputs = full
            return fb
        note = ([("note", mutation_warning(outcome.mutated, wrong=True))] if outcome.mutated
                else [])                 # beside a wrong answer the change may be the bug
        if outcome.warning and outcome.warning not in warnings:
            warnings.append(outcome.warning)
        expected = case.expected if case.expected is not None else reference(*case.args)
        tol = dict(rtol=rtol, atol=atol, number=number)
        boxed = _returned_container(outcome.value, expected, name, tol)
        if boxed:
            return wrong(f"{boxed} ({where})", inputs + note, inputs=full,
                         mistake="returned_tuple")
        got_parts = _parts(outcome.value, returns, keys)
        if isinstance(got_parts, str):
            return wrong(f"{name}: {got_parts} ({where})", inputs + note, inputs=full)
        exp_parts = _parts(expected, returns, keys)
        if all(g is not None and close(g, e, **tol) for (_, g), (_, e) in zip(got_parts,
                                                                              exp_parts)):
            alive = [a for a in alive if _matches(a.answer, case.args, got_parts, returns,
                                                  keys, tol)]
            continue
        matching = [a for a in alive if _matches(a.answer, case.args, got_parts, returns, keys,
                                                 tol)]
        if matching and (used_alternative is None or used_alternative in matching):
            used_alternative = matching[0]
            continue
        problem = _first_problem(got_parts, exp_parts, case.args, mistakes, name,
                                 lambda v: _parts(v, returns, keys),
                                 dict(m=m(*case.args) if m else None, factors=factors,
                                      number=number, rtol=rtol, atol=atol))
        if problem:
            message, rows, key = problem
            return wrong(f"{message} ({where})", inputs + rows + note, inputs=full,
                         mistake=key)
    what = what or f"{name} matches the reference"
    message = what if what.endswith(".") else f"{what} on {cases_phrase(len(cases))}."
    if used_alternative is not None:
        message = (f"{name} is right on {cases_phrase(len(cases))}, in another convention: "
                   f"{used_alternative.note}.")
    fb = correct(message)
    if warnings:
        fb.message += " Note: " + "; ".join(warnings) + "."
    return fb


def _matches(answer, args, got_parts, returns, keys, tol):
    try:
        parts = _parts(answer(*args), returns, keys)
    except Exception:
        return False
    return not isinstance(parts, str) and all(
        g is not None and close(g, p, **tol) for (_, g), (_, p) in zip(got_parts, parts))


def _first_problem(got_parts, exp_parts, args, mistakes, name, split, opts):
    tol = dict(rtol=opts["rtol"], atol=opts["atol"], number=opts["number"])
    ok = [g is not None and close(g, e, **tol) for (_, g), (_, e) in zip(got_parts, exp_parts)]
    if all(ok):
        return None
    for comp, g in got_parts:
        if g is None:
            return f"{_prefix(name, comp)}: not computed yet (returned None)", [], None
    n = len(got_parts)
    if 1 < n <= 4:                                               # the right values, reordered
        for perm in itertools.permutations(range(n)):
            if list(perm) != list(range(n)) and all(
                    close(got_parts[j][1], exp_parts[k][1], **tol) for k, j in enumerate(perm)):
                order = ", ".join(got_parts[k][0] for k in np.argsort(perm))
                right = ", ".join(c for c, _ in exp_parts)
                return (f"{name}: the right values in the wrong order: you returned ({order}); "
                        f"return ({right})", [], "wrong_order")
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
                    _rows(got, exp_parts[first][1], comp), mistake.key)
    known = [(parts[first][1], mistake.message) for mistake, parts in answers
             if not isinstance(parts, str)]
    message, rows = compare(got, exp_parts[first][1], known, **opts)
    key = next((mistake.key for mistake, parts in answers if not isinstance(parts, str)
                and mistake.message == message), None)
    return f"{_prefix(name, comp)}: {message}", [(f"{comp} {label}" if comp else label, text)
                                                 for label, text in rows], key


def _rows(got, expected, comp):
    pre = f"{comp} " if comp else ""
    return [(f"{pre}{label}", short(value)) for label, value in (("expected", expected),
                                                                   ("returned", got))
            if _small(value)]


def _small(value):
    arr = as_number_array(value)
    return arr is None or arr.size <= 6

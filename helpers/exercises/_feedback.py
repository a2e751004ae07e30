"""The result of a checker: a status, a message, and the failing case laid out for the student.

Plain text (``repr``) for terminals and nbval; a coloured box (``_repr_html_``) in JupyterLab.
Both forms are deterministic: no ids, no addresses, no timings, so stored outputs never drift.
"""
import html

CORRECT, WRONG, NOT_ATTEMPTED = "correct", "wrong", "not attempted"
_MARK = {CORRECT: "✔", WRONG: "✘", NOT_ATTEMPTED: "…"}
#: (border, background) of the HTML box per status: green, red, grey
_COLOURS = {CORRECT: ("#2e7d32", "#e8f5e9"), WRONG: ("#c62828", "#ffebee"),
            NOT_ATTEMPTED: ("#757575", "#f5f5f5")}
_TITLE = {CORRECT: "Correct", WRONG: "Not yet right", NOT_ATTEMPTED: "Not attempted yet"}


class ExerciseFailed(AssertionError):
    """Raised by :meth:`Feedback.assert_passed` when an exercise is not right yet.

    An ``AssertionError``, so a graded test cell (nbgrader) fails with it; its text is the
    Feedback's plain-text form (the named mistake first); ``.feedback`` is the Feedback itself.
    """

    def __init__(self, feedback):
        super().__init__(str(feedback))
        self.feedback = feedback


class Feedback:
    """The outcome of a checker.

    Attributes
    ----------
    status : str
        ``"correct"``, ``"wrong"`` or ``"not attempted"``.
    message : str
        One sentence a student can act on ("dW: the 1/m is missing: ...").
    details : list of (str, str)
        The failing case in the student's terms, as (label, text) rows: the inputs (small ones
        by shape, scalars in full), what was expected, what the function returned, where.
    inputs : list of (str, str)
        The failing case's inputs in full: shown on request (:meth:`show_inputs`; a collapsed
        "show inputs" section in the HTML box), so the plain text stays short.
    mistake : str or None
        The key of the typical mistake the answer matched (a :data:`TYPICAL` key or a
        checker's own name), when one did: for graders that count mistakes without parsing
        text.
    passed : bool
        True exactly when the status is ``"correct"``.

    A notebook cell ending in ``check_...(my_function)`` displays it: a coloured box in
    JupyterLab, ``✔/✘/… message`` plus indented rows as plain text.
    """

    def __init__(self, status, message, details=(), *, inputs=(), mistake=None):
        if status not in _MARK:
            raise ValueError(f"status: expected one of {sorted(_MARK)}, got {status!r}")
        self.status = status
        self.message = message
        self.details = [(str(label), str(text)) for label, text in details]
        self.inputs = [(str(label), str(text)) for label, text in inputs]
        self.mistake = mistake

    @property
    def passed(self):
        return self.status == CORRECT

    def assert_passed(self):
        """Return None when the answer is right; else raise :class:`ExerciseFailed` (an
        ``AssertionError``) whose text is this feedback: the one line a graded test cell
        needs, ``check_layer_forward(layer_forward).assert_passed()``."""
        if not self.passed:
            raise ExerciseFailed(self)

    def show_inputs(self):
        """The failing case's inputs in full, as text (print it, or let the cell show it)."""
        if not self.inputs:
            return _Text("(no inputs to show)")
        width = max(len(label) for label, _ in self.inputs)
        return _Text("\n".join(_rows_text(self.inputs, width)))

    @property
    def _body(self):
        """The message as the HTML box shows it under its title ("Correct" said once)."""
        if self.status == CORRECT and self.message.startswith("Correct: "):
            return self.message[len("Correct: "):]
        return self.message

    def __bool__(self):
        return self.passed

    def __repr__(self):
        lines = [f"{_MARK[self.status]} {self.message}"]
        width = max((len(label) for label, _ in self.details), default=0)
        lines += _rows_text(self.details, width)
        if self.inputs:
            lines.append("    (the full inputs: add .show_inputs() after the check's call)")
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_html_(self):
        border, background = _COLOURS[self.status]
        table = _html_table(self.details)
        if self.inputs:
            table += ('<details style="margin-top:4px"><summary style="cursor:pointer">show '
                      f'inputs</summary>{_html_table(self.inputs)}</details>')
        return (f'<div style="border-left:6px solid {border};background:{background};'
                f'padding:6px 12px;margin:4px 0;color:#212121">'
                f'<div><span style="color:{border};font-weight:700;font-size:1.1em">'
                f"{_MARK[self.status]} {_TITLE[self.status]}</span></div>"
                f'<div style="margin-top:4px">{html.escape(self._body)}</div>{table}</div>')


class _Text(str):
    """A string that a notebook cell shows as plain text (its lines, not its repr)."""

    def __repr__(self):
        return str(self)


def _rows_text(rows, width):
    lines = []
    for label, text in rows:
        first, *rest = text.split("\n")
        lines.append(f"    {label:<{width}} : {first}")
        lines += [f"    {'':<{width}}   {line}" for line in rest]
    return lines


def _html_table(rows):
    cells = "".join(
        f'<tr><th style="text-align:left;vertical-align:top;padding:2px 10px 2px 0;'
        f'font-weight:600">{html.escape(label)}</th><td style="text-align:left;'
        f'padding:2px 0"><pre style="margin:0;background:none">{html.escape(text)}'
        f"</pre></td></tr>" for label, text in rows)
    return (f'<table style="margin:6px 0 0 0;border-collapse:collapse">{cells}</table>'
            if cells else "")


def cases_phrase(n):
    """"the test case", "both test cases", "all 3 test cases": never "all 2"."""
    return {1: "the test case", 2: "both test cases"}.get(n, f"all {n} test cases")


def correct(what):
    """A passing Feedback: ``Correct: <what>``."""
    return Feedback(CORRECT, f"Correct: {what}")


def wrong(message, details=(), *, inputs=(), mistake=None):
    """A failing Feedback with the message (and optionally the failing case's rows, its full
    inputs shown on request, and the key of the mistake it names)."""
    return Feedback(WRONG, message, details, inputs=inputs, mistake=mistake)


def not_attempted(name):
    """The Feedback of an untouched stub: says what to do, raises nothing."""
    return Feedback(NOT_ATTEMPTED, f"{name}: not attempted yet (fill in the code between the "
                                   f"'# --- your code here ---' markers, then run this cell "
                                   f"again)")

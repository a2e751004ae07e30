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
        in full, large ones by shape), what was expected, what the function returned, where.

    A notebook cell ending in ``check_...(my_function)`` displays it: a coloured box in
    JupyterLab, ``✔/✘/… message`` plus indented rows as plain text.
    """

    def __init__(self, status, message, details=()):
        if status not in _MARK:
            raise ValueError(f"status: expected one of {sorted(_MARK)}, got {status!r}")
        self.status = status
        self.message = message
        self.details = [(str(label), str(text)) for label, text in details]

    @property
    def passed(self):
        return self.status == CORRECT

    def __bool__(self):
        return self.passed

    def __repr__(self):
        lines = [f"{_MARK[self.status]} {self.message}"]
        width = max((len(label) for label, _ in self.details), default=0)
        for label, text in self.details:
            first, *rest = text.split("\n")
            lines.append(f"    {label:<{width}} : {first}")
            lines += [f"    {'':<{width}}   {line}" for line in rest]
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_html_(self):
        border, background = _COLOURS[self.status]
        rows = "".join(
            f'<tr><th style="text-align:left;vertical-align:top;padding:2px 10px 2px 0;'
            f'font-weight:600">{html.escape(label)}</th><td style="text-align:left;'
            f'padding:2px 0"><pre style="margin:0;background:none">{html.escape(text)}'
            f"</pre></td></tr>" for label, text in self.details)
        table = (f'<table style="margin:6px 0 0 0;border-collapse:collapse">{rows}</table>'
                 if rows else "")
        return (f'<div style="border-left:6px solid {border};background:{background};'
                f'padding:6px 12px;margin:4px 0;color:#212121">'
                f'<div><span style="color:{border};font-weight:700;font-size:1.1em">'
                f"{_MARK[self.status]} {_TITLE[self.status]}</span></div>"
                f'<div style="margin-top:4px">{html.escape(self.message)}</div>{table}</div>')


def correct(what):
    """A passing Feedback: ``Correct: <what>``."""
    return Feedback(CORRECT, f"Correct: {what}")


def wrong(message, details=()):
    """A failing Feedback with the message (and optionally the failing case's rows)."""
    return Feedback(WRONG, message, details)


def not_attempted(name):
    """The Feedback of an untouched stub: says what to do, raises nothing."""
    return Feedback(NOT_ATTEMPTED, f"{name}: not attempted yet (fill in the code between the "
                                   f"'# --- your code here ---' markers, then run this cell "
                                   f"again)")

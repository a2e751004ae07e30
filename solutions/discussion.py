"""Model answers to the series' discussion questions: the one copy of each.

The instructor's guide (``instructors/``) shows them, and the graded course
(``make assignments``) turns each question into a manually graded answer cell whose model
answer only the instructor version holds.

``MODEL_ANSWERS[notebook]`` is a list of ``(anchor, answer)`` pairs:

anchor : str
    A piece of text that stands in exactly one markdown cell of that notebook: the question
    (for an exercise, its bold label as written, for example ``"**2."``; for a "what do you
    expect?" prompt, a phrase of the prompt). The answer cell goes right after that cell.
answer : str
    The model answer, in Markdown (LaTeX between dollars, as in the notebooks).
"""

MODEL_ANSWERS = {}

"""Notebook 09's exercises: the kernel's gradient (by hand, then as code) and max pooling's
backward pass. The references come from :mod:`helpers.conv` (the one copy of the maths); each
checker names the typical mistake it recognises and, whatever the student passes, answers with
feedback instead of raising. The stubs a student fills in are notebook 09's cells.

- ``check_kernel_gradient_by_hand(kernel_gradient_by_hand)``: the 2-by-2 kernel gradient of
  the fixed example ``BY_HAND_X`` (4 by 4), ``BY_HAND_DY`` (3 by 3), worked out by hand. The
  feedback names the mistake or the wrong entries, never the numbers (``reveal=True`` or
  ``REVEAL_NUMBERS = True`` for instructors).
- ``check_kernel_gradient(kernel_gradient)``: ``kernel_gradient(x, dy, padding=0) -> dK``,
  single channel, stride 1.
- ``check_max_pool_backward(max_pool_backward)``: ``max_pool_backward(x, dy, size=2,
  stride=2) -> dx``, single channel; ties go to the first maximum in row-major order (a tie
  sent to another of the maxima, or shared among them, passes with a note: any of them is a
  valid subgradient).

Beyond the mistakes, a hint is added where the shared layer's message is generic (a wrong
shape: whose shape it was; an IndexError, a broadcast error, a missing argument: what to fix),
and on a wrong answer the shared layer's note on an input changed in place says the change
may be the bug.
"""
import re

import numpy as np

from ..conv import convolve, correlate, max_pool_forward
from ..conv import max_pool_backward as _pool_backward
from . import (
    Alternative,
    Case,
    Mistake,
    call_student,
    check,
    close,
    correct,
    never_raises,
    not_attempted,
    wrong,
)
from ._diagnosis import as_number_array

_SUM = "dK[a, b] = sum over every position (i, j) of dy[i, j] * x_padded[i + a, j + b]"
_SHAPE = ("dK has the kernel's shape, (H + 2 padding - H' + 1, W + 2 padding - W' + 1) for x "
          "(H, W) and dy (H', W')")
_TOL = dict(rtol=1e-5, atol=1e-6)                 # float32 answers pass; no mistake is this close


# ------------------------------------------------------------ exercise 2: the kernel's gradient
def reference_kernel_gradient(x, dy, padding=0):
    """dK = the correlation of the zero-padded input with the upstream gradient (stride 1)."""
    return correlate(x, dy, padding=padding)


def _window_shape(x, dy, padding):
    return (x.shape[0] + 2 * padding - dy.shape[0] + 1, x.shape[1] + 2 * padding - dy.shape[1] + 1)


def _products(x, dy, padding):
    """Every position's contribution dy[i, j] * x_padded[i:i + kh, j:j + kw], unsummed:
    (H', W', kh, kw)."""
    xp, (kh, kw) = np.pad(x, padding), _window_shape(x, dy, padding)
    return np.array([[dy[i, j] * xp[i:i + kh, j:j + kw] for j in range(dy.shape[1])]
                     for i in range(dy.shape[0])])


def _wrapped(x, padding):
    """x padded the way ``x[i + a - padding, ...]`` reads it without np.pad: a negative index
    wraps round to the other end of x (Python's x[-1]), an index past the end is skipped."""
    H, W = x.shape
    xp = np.zeros((H + 2 * padding, W + 2 * padding))
    for r, c in np.ndindex(*xp.shape):
        if r - padding < H and c - padding < W:
            xp[r, c] = x[r - padding, c - padding]
    return xp


def _elementwise(x, dy, padding):
    if x.shape != dy.shape:
        raise ValueError("dy * x needs equal shapes")       # the mistake cannot happen here
    return dy * x


_R = reference_kernel_gradient
_UNSUMMED = ("one array per position, not added up: the weight k[a, b] is shared by every "
             "position (fan-out), so its gradient is the SUM of the positions' contributions "
             "dy[i, j] * x_padded[i:i + kh, j:j + kw], one (kh, kw) array")
KERNEL_MISTAKES = [
    Mistake("flipped_dy", lambda x, dy, p: convolve(x, dy, padding=p),
            "dy was flipped (that is the convolution): the kernel's gradient is the "
            "correlation of x with dy, no flip anywhere", formula=_SUM),
    Mistake("rotated", lambda x, dy, p: _R(x, dy, p)[::-1, ::-1],
            "dK is rotated by 180 degrees (flipped up-down and left-right), as when x and dy "
            "are swapped or a flip too many is made", formula=_SUM),
    Mistake("flipped_x", lambda x, dy, p: correlate(np.pad(x, p)[::-1, ::-1], dy),
            "x was flipped: no flip anywhere in the kernel's gradient", formula=_SUM),
    Mistake("swapped", lambda x, dy, p: correlate(dy, x, padding=p),
            "x and dy are swapped: slide dy over the padded x", formula=_SUM),
    Mistake("transpose", lambda x, dy, p: _R(x, dy, p).T,
            "dK is the transpose of the right one: the row offset a moves down the rows of x, "
            "the column offset b along its columns", formula=_SUM),
    Mistake("flipped_one_axis", lambda x, dy, p: _R(x, dy, p)[::-1],
            "dK is flipped up-down (its rows in reverse order): no flip anywhere in the "
            "kernel's gradient; row a of dK is the offset a", formula=_SUM),
    Mistake("flipped_one_axis", lambda x, dy, p: _R(x, dy, p)[:, ::-1],
            "dK is flipped left-right (each row reversed): no flip anywhere in the kernel's "
            "gradient; column b of dK is the offset b", formula=_SUM),
    Mistake("flipped_one_axis", lambda x, dy, p: correlate(np.pad(x, p), dy[::-1]),
            "dy was flipped up-down: no flip anywhere in the kernel's gradient", formula=_SUM),
    Mistake("flipped_one_axis", lambda x, dy, p: correlate(np.pad(x, p), dy[:, ::-1]),
            "dy was flipped left-right: no flip anywhere in the kernel's gradient",
            formula=_SUM),
    Mistake("dy_transposed", lambda x, dy, p: correlate(np.pad(x, p), dy.T),
            "dy was used transposed (dy.T): dy[i, j] is row i, column j of the output",
            formula=_SUM),
    Mistake("x_transposed", lambda x, dy, p: correlate(np.pad(x, p).T, dy),
            "x was used transposed (x.T): x[i + a, j + b] is row i + a, column j + b",
            formula=_SUM),
    Mistake("one_position", lambda x, dy, p: dy[0, 0] * np.pad(x, p)[
        :_window_shape(x, dy, p)[0], :_window_shape(x, dy, p)[1]],
            "only the first position (i, j) = (0, 0) is there: the weight k[a, b] meets x at "
            "every position of the output, so add up all of them", formula=_SUM),
    Mistake("one_position", lambda x, dy, p: dy[-1, -1] * np.pad(x, p)[
        -_window_shape(x, dy, p)[0]:, -_window_shape(x, dy, p)[1]:],
            "only the last position is there: did `dK = ...` in the loop overwrite what the "
            "earlier positions gave? add them up with `dK += ...`", formula=_SUM),
    Mistake("unsummed", _products, _UNSUMMED),
    Mistake("unsummed", lambda x, dy, p: _products(x, dy, p).reshape(
        (dy.size,) + _window_shape(x, dy, p)), _UNSUMMED),
    Mistake("unsummed", lambda x, dy, p: _products(x, dy, p).transpose(2, 3, 0, 1), _UNSUMMED),
    Mistake("mean", lambda x, dy, p: _R(x, dy, p) / dy.size,
            "divided by the number of positions: the contributions add up (a sum, not a "
            "mean; the 1/m of a batch is not part of this layer)", formula=_SUM),
    Mistake("missing_dy", lambda x, dy, p: correlate(x, np.ones(dy.shape), padding=p),
            "dy is missing: each position's window of x is weighted by dy[i, j]", formula=_SUM),
    Mistake("elementwise", _elementwise,
            "dy * x multiplies entry by entry, one number per position: each weight k[a, b] "
            "meets every position, so dK[a, b] is a sum", formula=_SUM),
    Mistake("elementwise", lambda x, dy, p: np.sum(_elementwise(x, dy, p)),
            "np.sum(dy * x) is one number: dK has one entry per weight of the kernel",
            formula=_SUM),
    Mistake("padding_ignored", lambda x, dy, p: correlate(x, dy),
            "the padding is ignored: pad x with a border of `padding` zeros first "
            "(np.pad(x, padding)) and slide dy over the padded x; " + _SHAPE),
    Mistake("negative_index", lambda x, dy, p: correlate(_wrapped(x, p), dy),
            "x[i + a - padding] at a negative index reads the other end of x (Python wraps "
            "x[-1] round to the last row): outside x lies the zero border; pad x with zeros "
            "(np.pad(x, padding)) and index the padded array"),
    *(Mistake("padding_one_side", (lambda x, dy, p, w=w: correlate(np.pad(x, w(p)), dy)),
              "x was padded on one side only: np.pad(x, padding) adds `padding` zeros on "
              "every side, top, bottom, left and right")
      for w in (lambda p: ((p, 0), (p, 0)), lambda p: ((0, p), (0, p)),
                lambda p: ((2 * p, 0), (2 * p, 0)), lambda p: ((0, 2 * p), (0, 2 * p)))),
    Mistake("padding_twice", lambda x, dy, p: correlate(x, dy, padding=2 * p),
            "the padding is applied twice (np.pad and then padding again?): x gets one border "
            "of `padding` zeros"),
    Mistake("padding_on_dy", lambda x, dy, p: correlate(x, np.pad(dy, p)),
            "the padding went on dy: it belongs to x (the forward pass padded x)"),
    Mistake("edge_padding", lambda x, dy, p: correlate(np.pad(x, p, mode="edge"), dy),
            "x was padded with copies of its edge: padding adds a border of zeros "
            "(np.pad(x, padding), whose default mode is 'constant')"),
    Mistake("zeros", lambda x, dy, p: np.zeros(_window_shape(x, dy, p)),
            "dK is all zeros: nothing was stored in it (a result never assigned, such as "
            "np.add(dK, ...) without `dK +=`, or a write into a copy of dK)", formula=_SUM),
    Mistake("short_by_one", lambda x, dy, p: _R(x, dy, p)[:-1, :-1],
            "the last row and column of dK are missing: the kernel has H + 2 padding - H' + 1 "
            "rows (mind the + 1 in range(...))"),
    Mistake("last_left_zero", lambda x, dy, p: _last_left_zero(_R(x, dy, p)),
            "the last row and column of dK are 0: the loops stopped one short, range(kh - 1); "
            "a runs over range(kh), every row of the kernel"),
    Mistake("integer_dtype", lambda x, dy, p: np.trunc(_R(x, dy, p)),
            "the entries were cut to whole numbers: dK has an integer dtype (np.zeros(..., "
            "dtype=int), .astype(int), or zeros_like of an integer array), so storing a float "
            "drops its fraction; start from float zeros, np.zeros((kh, kw))"),
]


def _last_left_zero(dK):
    dK = dK.copy()
    dK[-1, :] = dK[:, -1] = 0.0
    return dK


def _kernel_case(seed, x_shape, dy_shape, padding, label):
    rng = np.random.default_rng(seed)
    return Case((rng.standard_normal(x_shape), rng.standard_normal(dy_shape), padding),
                label=label)


KERNEL_CASES = [
    _kernel_case(90, (5, 6), (4, 4), 0, "x 5 by 6, dy 4 by 4, no padding: a 2-by-3 kernel"),
    _kernel_case(91, (4, 6), (3, 4), 1, "x 4 by 6, dy 3 by 4, padding 1: a 4-by-5 kernel"),
    _kernel_case(92, (5, 5), (5, 5), 1, "x 5 by 5, padding 1, a 3-by-3 kernel ('same': dy has "
                                        "x's shape)"),
    _kernel_case(93, (3, 4), (4, 3), 2, "x 3 by 4, dy 4 by 3, padding 2: a 4-by-6 kernel"),
]


def _failing_case(fb, cases):
    found = re.search(r"\(test case (\d+) of \d+\)", fb.message)
    return cases[int(found.group(1)) - 1] if found else None


def _add_hint(fb, hint):
    """``hint`` put into the message before its "(test case i of n)"."""
    head, sep, tail = fb.message.rpartition(" (test case ")
    fb.message = (f"{head.rstrip('.')}: {hint}{sep}{tail}" if sep
                  else f"{fb.message.rstrip('.')}: {hint}")
    return fb


def _shape_hint(case, returned, right, kernel):
    """For a wrong shape no mistake explains: whose shape it was, and the right one."""
    x, dy = case.args[0], case.args[1]
    if kernel and case.args[2] and returned == str(_window_shape(x, dy, 0)):
        return ("that is the kernel's shape without the padding: the padded x has 2 padding "
                "more rows and columns; " + right)
    padded = tuple(n + 2 * case.args[2] for n in x.shape) if kernel else x.shape
    if kernel and returned == str(tuple(n + m - 1 for n, m in zip(padded, dy.shape))):
        return ("that is the 'full' correlation's shape (every overlap, even partial): dK "
                "needs only the positions where dy fits inside x_padded, mode='valid'; " + right)
    for name, arr in (("dy", dy), ("x", x)):
        if returned == str(arr.shape):
            return f"that is {name}'s shape; {right}"
    return right


def _explain(fb, cases, patterns, right, kernel=False):
    """The feedback with a hint added where the shared layer's message is generic: a wrong
    shape (whose shape it was), or an exception in the student's code (``patterns``: words of
    the message -> the hint, or a function of the failing case giving it)."""
    case = _failing_case(fb, cases)
    if fb.status != "wrong" or fb.mistake is not None or case is None:
        return fb
    returned = dict(fb.details).get("returned shape")
    if "wrong shape" in fb.message and returned is not None:
        return _add_hint(fb, _shape_hint(case, returned, right, kernel))
    for pattern, hint in patterns:
        if pattern in fb.message:
            return _add_hint(fb, hint(case) if callable(hint) else hint)
    return fb


def _index_hint(case):
    if case.args[2]:
        return ("an index ran past the edge of x: pad x with zeros first (np.pad(x, padding)) "
                "and take the windows of the padded array; " + _SHAPE)
    return ("an index ran past the edge of an array: the window of x that meets dy is "
            "x[a:a + H', b:b + W'], for a and b over the kernel's shape; " + _SHAPE)


_KERNEL_PATTERNS = [
    ("IndexError", _index_hint),
    ("negative dimensions", "the kernel's size came out negative: " + _SHAPE),
    ("setting an array element with a sequence",
     "dK[a, b] is one number: add up the products over the positions (np.sum(...))"),
    ("element-wise operation", "the window of x_padded that meets dy has dy's shape, "
                               "x_padded[a:a + H', b:b + W'], and a slice past the end of "
                               "x_padded comes out shorter: a runs over range(kh), kh = H + 2 "
                               "padding - H' + 1 (and b likewise)"),
    ("positional argument", "keep the stub's signature, kernel_gradient(x, dy, padding=0): "
                            "the checker passes all three"),
]


@never_raises
def check_kernel_gradient(kernel_gradient):
    """Check ``kernel_gradient(x, dy, padding=0) -> dK`` (single channel, stride 1) on four
    cases: no padding, padding 1 and 2, and 'same' padding."""
    fb = check(kernel_gradient, KERNEL_CASES, "kernel_gradient", reference_kernel_gradient,
               KERNEL_MISTAKES, what="kernel_gradient matches the reference", **_TOL)
    return _explain(fb, KERNEL_CASES, _KERNEL_PATTERNS, _SHAPE, kernel=True)


# ------------------------------------------------------------- exercise 3: max pooling, backward
def reference_max_pool_backward(x, dy, size=2, stride=2):
    """dx: each dy[i, j] goes to the maximum of window (i, j) (the first in row-major order
    when there is a tie), added where windows overlap."""
    _, cache = max_pool_forward(np.asarray(x, dtype=float)[None, None], size=size, stride=stride)
    return _pool_backward(np.asarray(dy, dtype=float)[None, None], cache)[0, 0]


def _route(x, dy, size, stride, pick, *, add=True, start=None, width=None, local=False):
    """dx when each window's gradient goes where ``pick(window)`` says: (r, c, share) inside
    the window. The keywords give the typical mistakes: ``add=False`` overwrites, ``start(i,
    j)`` moves the windows, ``width`` changes their size, ``local`` forgets the corner."""
    dx = np.zeros(np.shape(x))
    width = size if width is None else width
    for i, j in np.ndindex(*np.shape(dy)):
        r0, c0 = (i * stride, j * stride) if start is None else start(i, j)
        for r, c, share in pick(x[r0:r0 + width, c0:c0 + width]):
            at = (r, c) if local else (r0 + r, c0 + c)
            dx[at] = (dx[at] if add else 0.0) + share * dy[i, j]
    return dx


def _first(window):
    return [(*np.unravel_index(np.argmax(window), window.shape), 1.0)]


def _last(window):
    flat = window.ravel()
    return [(*np.unravel_index(flat.size - 1 - np.argmax(flat[::-1]), window.shape), 1.0)]


def _maxima(window, share_out=False):
    where = np.argwhere(window == window.max())
    return [(r, c, 1.0 / len(where) if share_out else 1.0) for r, c in where]


def _every(window, share=1.0):
    return [(r, c, share) for r, c in np.ndindex(*window.shape)]


def _pool(pick, **options):
    return lambda x, dy, size, stride: _route(x, dy, size, stride, pick, **options)


_ARGMAX = ("send dy[i, j] to the maximum of window (i, j), x[i*stride:i*stride + size, "
           "j*stride:j*stride + size], at its position in x")
_CORNER = ("every gradient went to the same corner of its window: the maximum sits anywhere "
           "in the window; " + _ARGMAX)
POOL_MISTAKES = [
    Mistake("all_to_one", _pool(lambda w: [(0, 0, 1.0)]),
            _CORNER + " (a window sliced one short, x[i*stride:i*stride + size - 1], holds "
                      "only its corner when size is 2)"),
    *(Mistake("all_to_one", _pool(lambda w, r=r, c=c: [(r * (w.shape[0] - 1),
                                                         c * (w.shape[1] - 1), 1.0)]), _CORNER)
      for r, c in ((1, 1), (0, 1), (1, 0))),                    # the other three corners
    Mistake("spread_evenly", lambda x, dy, s, t: _route(x, dy, s, t, lambda w: _every(
        w, 1.0 / w.size)), "spread evenly over the window: that is average pooling's backward. "
            "The max-pool output is the maximum alone, so all of dy[i, j] goes to the "
            "arg-max and the other entries get 0"),
    Mistake("copied", _pool(_every), "dy[i, j] copied to every entry of its window: only the "
                                     "maximum moved the output; the other entries get 0"),
    Mistake("argmin", _pool(lambda w: [(*np.unravel_index(np.argmin(w), w.shape), 1.0)]),
            "sent to each window's minimum (argmin): the gradient goes to the arg-max"),
    Mistake("ties_to_every_max", _pool(_maxima),
            "with a tie, dy[i, j] went to every maximum, so the window sends back more than it "
            "received: send it to one of them (np.argmax picks the first)"),
    Mistake("overwritten", _pool(_first, add=False),
            "where windows overlap (stride < size), an entry that is the maximum of two "
            "windows gets both gradients: add them (dx[...] += dy[i, j]); `=` keeps only the "
            "last"),
    Mistake("window_corner_missing", _pool(_first, local=True),
            "the arg-max's position inside the window was used as a position in x: add the "
            "window's corner, dx[i*stride + r, j*stride + c]"),
    Mistake("stride_ignored", _pool(_first, start=lambda i, j: (i, j)),
            "the windows were moved by 1, not by stride: window (i, j) starts at row i*stride, "
            "column j*stride"),
    Mistake("size_for_stride", lambda x, dy, s, t: _route(x, dy, s, t, _first,
                                                         start=lambda i, j: (i * s, j * s)),
            "window (i, j) starts at row i*stride, column j*stride (you stepped by size)"),
    Mistake("stride_for_size", lambda x, dy, s, t: _route(x, dy, s, t, _first, width=t),
            "the windows are size wide, not stride: x[i*stride:i*stride + size, ...]"),
    Mistake("window_one_short", lambda x, dy, s, t: _route(x, dy, s, t, _first, width=s - 1),
            "the window is one row and column short: a slice stops before its end, so the "
            "window is x[i*stride:i*stride + size, j*stride:j*stride + size]"),
    Mistake("window_shifted", lambda x, dy, s, t: _route(
        x, dy, s, t, _first, start=lambda i, j: (i * t + 1, j * t + 1)),
            "the windows are shifted by one: window (i, j) starts at (i*stride, j*stride)"),
    Mistake("unravel_wrong_width", lambda x, dy, s, t: _route(x, dy, s, t, lambda w: [(
        *divmod(int(np.argmax(w)), np.shape(x)[1]), 1.0)]),
            "np.argmax gives a flat index into the window: turn it into (row, column) with "
            "np.unravel_index(k, window.shape) (divmod by the window's width, not x's)"),
    Mistake("row_column_swapped", _pool(lambda w: [(*np.unravel_index(np.argmax(w),
                                                                      w.shape)[::-1], 1.0)]),
            "the arg-max's row and column are swapped: np.unravel_index returns (row, column)"),
    Mistake("missing_dy", lambda x, dy, s, t: _route(x, np.ones(np.shape(dy)), s, t, _first),
            "that is the mask of the maxima (1 at each arg-max): multiply by the upstream "
            "gradient, dx[...] += dy[i, j]"),
    Mistake("zeros", lambda x, dy, s, t: np.zeros(np.shape(x)),
            "dx is all zeros: nothing reached it. Writing into a copy leaves dx unchanged: "
            "dx[window].ravel()[k] += ... and dx[rows][cols] with lists both write into a "
            "copy; index dx directly, dx[i*stride + r, j*stride + c] += dy[i, j]"),
    Mistake("started_from_x", lambda x, dy, s, t: x + reference_max_pool_backward(x, dy, s, t),
            "dx started from x's values: start from zeros, dx = np.zeros(x.shape), and add the "
            "routed gradients"),
    Mistake("times_x", lambda x, dy, s, t: x * reference_max_pool_backward(x, dy, s, t),
            "the gradient was multiplied by the maximum's value x: the max passes its input on "
            "unchanged (slope 1), so dx at the arg-max is dy[i, j] alone"),
    Mistake("divided_by_size", lambda x, dy, s, t: reference_max_pool_backward(x, dy, s, t)
            / s ** 2, "divided by size**2, average pooling's factor: max pooling passes all of "
                      "dy[i, j] on to the maximum"),
    Mistake("transpose", lambda x, dy, s, t: reference_max_pool_backward(x, dy, s, t).T,
            "dx is transposed: it has x's shape (H, W), row r of dx is row r of x"),
    Mistake("integer_dtype", lambda x, dy, s, t: np.trunc(reference_max_pool_backward(
        x, dy, s, t)), "the entries were cut to whole numbers: dx has an integer dtype "
                       "(np.zeros(..., dtype=int), or zeros_like of an integer array), so "
                       "storing a float drops its fraction; start from np.zeros(x.shape)"),
    Mistake("forward_output", lambda x, dy, s, t: max_pool_forward(
        np.asarray(x, dtype=float)[None, None], size=s, stride=t)[0][0, 0],
            "that is the forward pass's output (each window's maximum): the backward pass "
            "returns dx, x's shape, with each dy[i, j] at its window's arg-max"),
]
def _first_by_columns(window):
    r, c = np.unravel_index(np.argmax(window.T), window.T.shape)
    return [(c, r, 1.0)]


def _last_by_columns(window):
    return [(c, r, share) for r, c, share in _last(window.T)]


_OTHER_TIE = ("a tie went to another of the window's maxima than the first in row-major order "
              "(np.argmax, PyTorch's CPU kernel), which the series uses. Any one of them is a "
              "valid subgradient at a kink")
POOL_ALTERNATIVES = [
    Alternative(_pool(_last), "a tie went to the last maximum; the series (np.argmax, "
                              "PyTorch's CPU kernel) sends it to the first. Both are valid "
                              "subgradients at a kink"),
    Alternative(_pool(_first_by_columns), _OTHER_TIE),
    Alternative(_pool(_last_by_columns), _OTHER_TIE),
    Alternative(_pool(lambda w: _maxima(w, share_out=True)),
                "a tie's gradient is shared out evenly among the maxima; the series (np.argmax, "
                "PyTorch's CPU kernel) sends it all to the first. Both are valid subgradients "
                "at a kink"),
]


def _pool_case(x, size, stride, seed, label):
    x = np.asarray(x, dtype=float)
    rows, cols = (x.shape[0] - size) // stride + 1, (x.shape[1] - size) // stride + 1
    dy = np.round(np.random.default_rng(seed).uniform(-2, 2, (rows, cols)), 2)
    return Case((x, dy, size, stride), label=label)


def _distinct(shape, seed):
    """Distinct values (no ties), two decimals, in [-1, 1)."""
    n = int(np.prod(shape))
    values = np.random.default_rng(seed).permutation(n) * 2.0 / n - 1.0
    return np.round(values, 2).reshape(shape)


def _planted():
    """5 by 7, 3-by-3 windows, stride 2: x[2, 2] is the maximum of four overlapping windows,
    x[2, 4] of two more."""
    x = _distinct((5, 7), 95)
    x[2, 2], x[2, 4] = 3.0, 2.5
    return x


POOL_CASES = [
    _pool_case(_distinct((4, 6), 94), 2, 2, 1, "x 4 by 6, 2-by-2 windows, stride 2"),
    _pool_case(_distinct((5, 7), 96), 2, 2, 2,
               "x 5 by 7, 2-by-2 windows, stride 2: the last row and column are in no window"),
    _pool_case(_planted(), 3, 2, 3, "x 5 by 7, 3-by-3 windows, stride 2: windows overlap, and "
                                    "x[2, 2] is the maximum of four of them"),
    _pool_case(_distinct((4, 5), 97), 3, 1, 4, "x 4 by 5, 3-by-3 windows, stride 1"),
    _pool_case([[1, 3, 2, 2], [3, 0, 1, 2], [0, 1, 4, 1], [2, 2, 0, 3]], 2, 2, 5,
               "x 4 by 4 with ties (a window whose maximum appears twice), 2-by-2 windows, "
               "stride 2"),
]

_POOL_RIGHT = ("dx has x's shape: every entry of x gets its share of the gradient (0 for "
               "most of them)")
def _pool_broadcast_hint(x, dy, size, stride):
    rows, cols = (n * stride + size - stride for n in dy.shape)      # what the windows cover
    hint = "each window passes on its own dy[i, j], one number"
    if stride != size:
        hint += ("; and an upsampled dy (np.repeat, np.kron) lines up with x only when "
                 "stride == size: with overlapping windows, loop over the windows")
    elif (rows, cols) != x.shape:
        hint += (f"; here the windows cover only x's first {rows} rows and {cols} columns "
                 f"(the rest is in no window and gets 0), so dy upsampled is smaller than x")
    return hint


_POOL_PATTERNS = [
    ("IndexError", "an index ran past the edge: there are (H - size) // stride + 1 windows "
                   "down (dy's shape tells how many): loop over dy's entries; and np.argmax's "
                   "flat index into a window becomes (row, column) with "
                   "np.unravel_index(k, window.shape)"),
    ("element-wise operation", lambda case: _pool_broadcast_hint(*case.args)),
    ("positional argument", "keep the stub's signature, max_pool_backward(x, dy, size=2, "
                            "stride=2): the checker passes all four"),
    ("attempt to get argmax of an empty sequence",
     "a window came out empty: window (i, j) is x[i*stride:i*stride + size, "
     "j*stride:j*stride + size], for i and j over dy's shape"),
]


@never_raises
def check_max_pool_backward(max_pool_backward):
    """Check ``max_pool_backward(x, dy, size=2, stride=2) -> dx`` on five cases: plain
    windows, a border in no window, overlapping windows, stride 1, ties."""
    fb = check(max_pool_backward, POOL_CASES, "max_pool_backward", reference_max_pool_backward,
               POOL_MISTAKES, alternatives=POOL_ALTERNATIVES,
               what="max_pool_backward matches the reference", **_TOL)
    return _explain(fb, POOL_CASES, _POOL_PATTERNS, _POOL_RIGHT)


# ------------------------------------------------------ exercise 1: the kernel's gradient by hand
#: the by-hand example (2-by-2 kernel, stride 1, no padding): chosen so that every typical
#: mistake below gives its own answer, different from the right one in at least two entries,
#: and the right entries are four different two-digit numbers (tests/test_exercises_conv.py)
BY_HAND_X = np.array([[2, 1, 1, 0], [1, 3, 3, 1], [3, 3, 1, 3], [2, 1, 2, 1]])
BY_HAND_DY = np.array([[-1, 2, 2], [1, -1, 2], [2, 0, 2]])
BY_HAND_X.setflags(write=False)
BY_HAND_DY.setflags(write=False)
#: instructors: True shows the expected numbers in the by-hand feedback (the default, False,
#: names the mistake or the wrong entries, never the numbers)
REVEAL_NUMBERS = False
_BY_HAND_SUM = ("dK[a, b] = the sum over the nine positions (i, j) of dy[i, j] * x[i + a, "
                "j + b]: the 3-by-3 block of x whose top-left corner is x[a, b], times dy entry "
                "by entry, added up")


#: mistakes left out of the by-hand check: padding (none here), and those whose answer is
#: partly the right one (the last row and column cut or zeroed, whole numbers): matching them
#: would confirm right entries one at a time, an oracle a loop of guesses could exploit
_NOT_BY_HAND = {"padding_ignored", "padding_twice", "padding_on_dy", "edge_padding",
                "negative_index", "padding_one_side", "short_by_one", "last_left_zero",
                "integer_dtype"}
_BY_HAND_WORDS = {                                    # no loop, no code in a calculation by hand
    "one_position_last": "only the last position (i, j) = (2, 2) is there: dK[a, b] adds up "
                         "the products of all nine positions",
    "zeros": "all zeros: not filled in yet? Each entry is a sum of nine products",
}


def by_hand_answer():
    """The answer of the by-hand exercise, computed (the checker compares with it)."""
    return reference_kernel_gradient(BY_HAND_X, BY_HAND_DY)


def by_hand_mistakes():
    """(key, the answer that mistake gives, message) for the by-hand example; the messages
    hold no numbers."""
    x, dy = np.asarray(BY_HAND_X, dtype=float), np.asarray(BY_HAND_DY, dtype=float)
    found = []
    for mistake in KERNEL_MISTAKES:
        if mistake.key in _NOT_BY_HAND:
            continue
        try:
            value = mistake.answer(x, dy, 0)
        except Exception:                              # cannot happen on this example
            continue
        message = mistake.message.replace("x_padded", "x")
        key = "one_position_last" if "`dK = ...`" in message else mistake.key
        if key in _BY_HAND_WORDS:
            message = f"{_BY_HAND_WORDS[key]}: {_BY_HAND_SUM}"
        found.append((mistake.key, np.asarray(value, dtype=float), message))
    found.append(("sign", -by_hand_answer(), "wrong sign: every entry is the negative of the "
                                             "right one"))
    return found


def _by_hand_value(answer, name):
    """(array or None, Feedback or None, what was answered): the student's answer as
    numbers."""
    if callable(answer):
        outcome = call_student(answer, (), name, arg_names=[])
        if outcome.feedback is not None:
            if outcome.feedback.status == "wrong":
                outcome.feedback.message += f" (the test case: calling {name}())"
                if "required positional argument" in outcome.feedback.message:
                    outcome.feedback.message += (": pass the function that returns the numbers "
                                                 "you worked out, which takes no arguments")
            return None, outcome.feedback, None
        answer = outcome.value
    if answer is None:
        return None, not_attempted(name), None
    arr = as_number_array(answer)
    if arr is None or arr.dtype == object:
        try:
            complex_ = bool(np.iscomplexobj(answer))
        except Exception:                              # an object that refuses to be looked at
            complex_ = False
        rows = (" of complex numbers (a square root of a negative number?)" if complex_ else
                " whose rows are not all numbers of the same length"
                if isinstance(answer, (list, tuple)) else "")
        return None, wrong(f"{name}: expected the 2-by-2 kernel gradient as numbers (a list of "
                           f"two rows, [[..., ...], [..., ...]], is fine), got a "
                           f"{type(answer).__name__}{rows}"), None
    if arr.size == 4 and arr.shape != (2, 2):
        arr = arr.reshape(2, 2)                        # a flat list of four, or (1, 1, 2, 2)
    return arr, None, answer


def _holds_none(value, depth=0):
    """True when a (nested) list or tuple has None among its entries."""
    if value is None:
        return depth > 0
    if isinstance(value, (list, tuple)) and depth < 3:
        return any(_holds_none(v, depth + 1) for v in value)
    return False


def _entries(indices):
    return ", ".join(f"dK[{a}, {b}] (row {a + 1}, column {b + 1})" for a, b in indices)


@never_raises
def check_kernel_gradient_by_hand(kernel_gradient_by_hand, *, reveal=None):
    """Check the by-hand exercise: the 2-by-2 kernel gradient of ``BY_HAND_X`` and
    ``BY_HAND_DY`` (the numbers, or a function returning them; ints, floats, a list of rows or
    a flat list of four are all fine). The feedback names the mistake, or the wrong entry when
    only one is wrong, never the right numbers; ``reveal=True`` (or ``REVEAL_NUMBERS = True``)
    shows them, for instructors."""
    reveal = REVEAL_NUMBERS if reveal is None else reveal
    name = "kernel_gradient_by_hand"
    arr, fb, answered = _by_hand_value(kernel_gradient_by_hand, name)
    if fb is not None:
        return fb
    right = by_hand_answer()
    shown = ([("expected", np.array2string(right, separator=", ")),
              ("returned", np.array2string(arr, separator=", "))] if reveal else [])
    tol = dict(rtol=1e-3, atol=1e-2)
    if close(arr, right, **tol):
        return correct("the kernel's gradient is right: each weight collects dy[i, j] * "
                       "x[i + a, j + b] from all nine positions.")
    for key, value, message in by_hand_mistakes():              # a mean rounded to 1 decimal
        if close(arr, value, rtol=1e-3, atol=0.05):
            return wrong(f"{name}: {message}", shown, mistake=key)
    if arr.shape != (2, 2):
        whose = {(4, 4): "that is x's shape; ", (3, 3): "that is dy's shape; "}.get(arr.shape, "")
        return wrong(f"{name}: wrong shape {arr.shape}: {whose}dK has the kernel's shape, 2 by "
                     f"2, one entry per weight k[a, b]", shown)
    if not np.all(np.isfinite(arr)):
        if _holds_none(answered):
            return wrong(f"{name}: an entry is None: not filled in yet? Each of the four is a "
                         f"sum of nine products", shown)
        return wrong(f"{name}: some entries are not finite numbers (nan or inf)", shown)
    bad = [tuple(int(i) for i in idx) for idx in np.argwhere(~np.isclose(arr, right, **tol))]
    if len(bad) == 1:
        return wrong(f"{name}: {_entries(bad)} is not right, the other three are: an "
                     f"arithmetic slip? Recompute its nine products: {_BY_HAND_SUM}", shown)
    # neither which entries nor how many: a loop of guesses would read the answer off them
    return wrong(f"{name}: two or more entries are not right: check {_BY_HAND_SUM}", shown)


__all__ = ["check_kernel_gradient_by_hand", "check_kernel_gradient", "check_max_pool_backward",
           "BY_HAND_X", "BY_HAND_DY", "REVEAL_NUMBERS", "by_hand_mistakes",
           "reference_kernel_gradient", "reference_max_pool_backward", "KERNEL_CASES",
           "KERNEL_MISTAKES", "POOL_CASES", "POOL_MISTAKES", "POOL_ALTERNATIVES"]

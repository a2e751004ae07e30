"""Convolution and pooling, forward and backward beside each other (numpy only; the maths layer).

Layout. Images are batch-first, ``X (m, C, H, W)`` (PyTorch's NCHW): the series' column
convention (one example per column) stops at the image, whose two spatial axes do not fit in one
column without losing which pixel is next to which. Kernels are ``W (F, C, kh, kw)``, biases
``b (F,)``; the output is ``Y (m, F, H', W')`` with, along each axis,
``H' = (H + 2 padding - kh) // stride + 1`` (``output_size``: floor, as PyTorch).

Forward, for filter f at output position (r, s) (a cross-correlation: no flip)::

    Y[n, f, r, s] = b[f] + sum_{c, i, j} W[f, c, i, j] * Xp[n, c, r * stride + i, s * stride + j]

where ``Xp`` is X padded with zeros. Backward (``dY`` is the gradient of a scalar loss with
respect to Y, any 1/m already in it; no 1/m is added here: each backward is the exact chain rule)::

    dW[f, c, i, j] = sum_{n, r, s} dY[n, f, r, s] Xp[n, c, r * stride + i, s * stride + j]
    db[f] = sum_{n, r, s} dY[n, f, r, s]
    dXp[n, c, p, q] = sum over every (f, r, s, i, j) with (r stride + i, s stride + j) = (p, q)

A weight is shared by every position, so its gradient is a sum over positions (notebook 03's
sum over paths); for stride 1, dX is the full convolution of dY with the flipped kernel.

The matrix view (``im2col``): every receptive field becomes one column of ``cols``, so the layer
is notebook 01's ``W @ A``: ``Y = W.reshape(F, -1) @ cols + b`` and its backward MLP's
``dW = dZ A^T``, ``dA = W^T dZ``; ``col2im``, the adjoint of ``im2col``, sums each column's
gradient back onto the pixels it was copied from (overlapping windows add up).

Pooling reads the same windows: max pooling keeps each window's largest entry and its backward
routes the window's gradient to that entry alone (a tie goes to the first maximum in row-major
order of the window, as PyTorch's CPU kernel does); average pooling spreads it evenly.

Every public function validates its arguments; ``check=False`` is the lean path of the training
loop (``helpers.convnet``), which validates its data once.
"""
import numpy as np
from numpy.lib.stride_tricks import as_strided

from . import _validate as V


# ----------------------------------------------------------------- checks
def _count(value, name, low=1):
    """An integer >= low (1: a size or stride; 0: a padding)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        what = "a positive integer" if low == 1 else f"an integer >= {low}"
        raise ValueError(f"{name}: expected {what}, got {value!r}")
    return int(value)


def _array(value, name, ndim, what):
    """A finite float array with ``ndim`` axes (a float array keeps its precision)."""
    try:
        arr = np.asarray(value)
        if arr.dtype.kind != "f":
            arr = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: expected an array of numbers, got "
                         f"{type(value).__name__}") from None
    if arr.ndim not in np.atleast_1d(ndim):
        raise ValueError(f"{name}: expected {what}, got shape {arr.shape}")
    if 0 in arr.shape:
        raise ValueError(f"{name}: expected a non-empty array ({what}), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name}: expected finite numbers, got "
                         f"{int(arr.size - np.count_nonzero(np.isfinite(arr)))} NaN or inf")
    return arr


def output_size(n, k, stride=1, padding=0, name="k"):
    """Output length along one axis: ``(n + 2 padding - k) // stride + 1`` (floor, as PyTorch).

    Raises a ValueError naming ``name`` (the kernel's or window's argument) when the kernel is
    larger than the padded input, which has no output at all.
    """
    n, k = _count(n, "n"), _count(k, name)
    stride, padding = _count(stride, "stride"), _count(padding, "padding", 0)
    if k > n + 2 * padding:
        raise ValueError(f"{name}: expected a size of at most the padded input's {n} + 2 x "
                         f"{padding} = {n + 2 * padding}, got {k}")
    return (n + 2 * padding - k) // stride + 1


def _geometry(shape, kh, kw, stride, padding, names=("kh", "kw")):
    """Checked (H', W') of an (m, C, H, W) input for a kh x kw window."""
    return (output_size(shape[2], kh, stride, padding, names[0]),
            output_size(shape[3], kw, stride, padding, names[1]))


def _images(X, name="X"):
    return _array(X, name, 4, "a 4-D array (m examples, C channels, H, W)")


def _upstream(dY, cache, kind, forward):
    """A backward's checks: the cache its forward returned, dY the shape of that output."""
    if not isinstance(cache, dict) or cache.get("kind") != kind:
        raise ValueError(f"cache: expected the cache {forward} returned, got "
                         f"{type(cache).__name__}")
    dY = _images(dY, "dY")
    V.same_shape(dY, "dY", cache["Y_shape"], f"the output {forward} returned (m, C, H', W')")
    return dY


# ------------------------------------------------ windows and their adjoint
def _pad(X, padding):
    """X (m, C, H, W) with ``padding = (ph, pw)`` rows and columns of zeros on every side."""
    ph, pw = padding
    if ph == pw == 0:
        return X
    return np.pad(X, ((0, 0), (0, 0), (ph, ph), (pw, pw)))


def windows(X, kh, kw, stride=(1, 1), padding=(0, 0)):
    """A read-only view (m, C, H', W', kh, kw) of every kh x kw window of X padded; unchecked.

    ``windows(X, ...)[n, c, r, s]`` is the receptive field of output (r, s): no copy is made
    (numpy's stride tricks); ``stride`` and ``padding`` are (rows, columns) pairs.
    """
    Xp = _pad(X, padding)                  # any strides will do: the view follows them
    m, C, Hp, Wp = Xp.shape
    sh, sw = stride
    Ho, Wo = (Hp - kh) // sh + 1, (Wp - kw) // sw + 1
    s0, s1, s2, s3 = Xp.strides
    return as_strided(Xp, (m, C, Ho, Wo, kh, kw), (s0, s1, s2 * sh, s3 * sw, s2, s3),
                      writeable=False)


def fold(d6, X_shape, stride=(1, 1), padding=(0, 0)):
    """The adjoint of ``windows``: sum a gradient d6 (m, C, H', W', kh, kw) onto X's pixels.

    One strided addition per kernel offset (i, j) (kh * kw of them): each adds the gradient of
    every window's (i, j) entry to the pixel it was read from, so overlapping windows add up.
    Windows side by side (stride = window, max pooling's default) are tiled back in one copy.
    Returns dX of shape ``X_shape`` (the padding's gradient is dropped); unchecked.
    """
    m, C, H, W = X_shape
    (sh, sw), (ph, pw) = stride, padding
    _, _, Ho, Wo, kh, kw = d6.shape
    if (sh, sw) == (kh, kw):                # windows side by side: each pixel in one at most
        tiles = d6.transpose(0, 1, 2, 4, 3, 5).reshape(m, C, Ho * kh, Wo * kw)
        if tiles.shape[2:] == (H + 2 * ph, W + 2 * pw):
            return tiles[:, :, ph:ph + H, pw:pw + W]
        dXp = np.zeros((m, C, H + 2 * ph, W + 2 * pw), dtype=d6.dtype)
        dXp[:, :, :Ho * kh, :Wo * kw] = tiles
        return dXp[:, :, ph:ph + H, pw:pw + W]
    dXp = np.zeros((m, C, H + 2 * ph, W + 2 * pw), dtype=d6.dtype)
    for i in range(kh):
        for j in range(kw):
            dXp[:, :, i:i + sh * (Ho - 1) + 1:sh, j:j + sw * (Wo - 1) + 1:sw] += d6[..., i, j]
    return dXp[:, :, ph:ph + H, pw:pw + W]


def im2col(X, kh, kw, stride=1, padding=0, check=True):
    """Every receptive field of X (m, C, H, W) as one column: ``cols (C*kh*kw, m*H'*W')``.

    Rows are ordered (c, i, j) like ``W.reshape(F, -1)``'s columns, and columns (example, row,
    column) of the output, so ``W.reshape(F, -1) @ cols`` is the layer before its bias.
    """
    if check:
        X = _images(X)
        kh, kw = _count(kh, "kh"), _count(kw, "kw")
        _geometry(X.shape, kh, kw, stride, padding)
    return _columns(X, kh, kw, (stride, stride), (padding, padding))[0]


def col2im(cols, X_shape, kh, kw, stride=1, padding=0, check=True):
    """The adjoint of ``im2col``: dX (m, C, H, W) from a gradient ``cols (C*kh*kw, m*H'*W')``.

    Each column's entries go back to the pixels ``im2col`` copied them from; a pixel that lies
    in several windows receives the sum, so ``<col2im(c), x> == <c, im2col(x)>``.
    """
    if check:
        shape = tuple(np.shape(X_shape))
        if shape != (4,) or not all(isinstance(n, (int, np.integer)) and n > 0 for n in X_shape):
            raise ValueError(f"X_shape: expected 4 positive integers (m, C, H, W), got "
                             f"{X_shape!r}")
        kh, kw = _count(kh, "kh"), _count(kw, "kw")
        Ho, Wo = _geometry(X_shape, kh, kw, stride, padding)
        m, C = X_shape[:2]
        cols = _array(cols, "cols", 2, "a 2-D array (C*kh*kw, m*H'*W')")
        V.same_shape(cols, "cols", (C * kh * kw, m * Ho * Wo), "C*kh*kw rows by m*H'*W' columns")
    m, C = X_shape[:2]
    Ho = (X_shape[2] + 2 * padding - kh) // stride + 1
    Wo = (X_shape[3] + 2 * padding - kw) // stride + 1
    d6 = cols.reshape(C, kh, kw, m, Ho, Wo).transpose(3, 0, 4, 5, 1, 2)   # a view, no copy
    return fold(d6, tuple(X_shape), (stride, stride), (padding, padding))


def _columns(X, kh, kw, stride, padding):
    """``(cols (C*kh*kw, m*H'*W'), (H', W'))``: im2col with (rows, columns) pairs, unchecked."""
    win = windows(X, kh, kw, stride, padding)                       # (m, C, H', W', kh, kw)
    return win.transpose(1, 4, 5, 0, 2, 3).reshape(X.shape[1] * kh * kw, -1), win.shape[2:4]


def _matmul_layer(X, W, stride, padding):
    """``(Z (F, m*H'*W'), cols, (H', W'))``: the layer as one matrix product, before the bias;
    ``stride`` and ``padding`` are (rows, columns) pairs; unchecked."""
    cols, out_hw = _columns(X, *W.shape[2:], stride, padding)
    return W.reshape(W.shape[0], -1) @ cols, cols, out_hw


# --------------------------------------------- single channel: the first examples
def _signal_and_kernel(x, k, stride, padding):
    x = _array(x, "x", (1, 2), "a 1-D or 2-D array (one channel)")
    k = _array(k, "k", (1, 2), "a 1-D or 2-D array (one channel)")
    if k.ndim != x.ndim:
        raise ValueError(f"k: expected a {x.ndim}-D kernel like x (shape {x.shape}), got shape "
                         f"{k.shape}")
    stride, padding = _count(stride, "stride"), _count(padding, "padding", 0)
    for n, kn in zip(x.shape, k.shape):
        output_size(n, kn, stride, padding, "k")
    return x, k, stride, padding


def correlate(x, k, stride=1, padding=0):
    """Cross-correlation of one channel (what deep-learning libraries call "convolution").

    x and k are both 1-D or both 2-D; ``y[r, s] = sum_{i, j} k[i, j] xp[r stride + i,
    s stride + j]`` with ``xp`` x padded with ``padding`` zeros on every side (1-D: the same
    with one index). Returns y of length ``output_size`` along each axis.
    """
    x, k, stride, padding = _signal_and_kernel(x, k, stride, padding)
    one_d = x.ndim == 1
    X = x.reshape((1, 1) + (1,) * one_d + x.shape)                   # (1, 1, H, W)
    K = k.reshape((1, 1) + (1,) * one_d + k.shape)
    pairs = ((1, stride), (0, padding)) if one_d else ((stride,) * 2, (padding,) * 2)
    Z, _, shape = _matmul_layer(X, K, *pairs)
    return Z.reshape(shape[1] if one_d else shape)


def convolve(x, k, stride=1, padding=0):
    """The mathematicians' convolution: ``correlate(x, flip(k))``, the kernel flipped along
    every axis (``y[n] = sum_i k[i] x[n - i]`` once the indices are lined up)."""
    x, k, stride, padding = _signal_and_kernel(x, k, stride, padding)
    return correlate(x, np.flip(k), stride, padding)


# ------------------------------------------------------------ convolution layer
def _check_layer(X, W, b, stride, padding):
    X = _images(X)
    W = _array(W, "W", 4, "a 4-D array of kernels (F filters, C channels, kh, kw)")
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"W: expected kernels over X's {X.shape[1]} channel(s), shape "
                         f"(F, {X.shape[1]}, kh, kw), got shape {W.shape}")
    b = _array(b, "b", 1, f"a 1-D array of {W.shape[0]} biases, one per filter")
    V.same_shape(b, "b", (W.shape[0],), "one bias per filter of W")
    stride, padding = _count(stride, "stride"), _count(padding, "padding", 0)
    _geometry(X.shape, W.shape[2], W.shape[3], stride, padding, ("W", "W"))
    return X, W, b, stride, padding


def conv_forward(X, W, b, stride=1, padding=0, check=True):
    """A convolution layer: ``(Y, cache)`` with ``Y (m, F, H', W')``.

    ``Y[n, f] = b[f] + sum_c correlate(X[n, c], W[f, c])``, computed as one product
    ``W.reshape(F, -1) @ im2col(X)``. ``cache`` keeps what ``conv_backward`` needs (the columns,
    the kernels, the geometry). ``check=False``: X (m, C, H, W), W (F, C, kh, kw) and b (F,)
    float arrays that fit, stride >= 1, padding >= 0; nothing is checked.
    """
    if check:
        X, W, b, stride, padding = _check_layer(X, W, b, stride, padding)
    pairs = ((stride, stride), (padding, padding))
    Z, cols, (Ho, Wo) = _matmul_layer(X, W, *pairs)                  # (F, m*H'*W')
    Z += b.reshape(-1, 1)
    Y = Z.reshape(W.shape[0], X.shape[0], Ho, Wo).transpose(1, 0, 2, 3)   # a view
    cache = {"kind": "conv", "X_shape": X.shape, "Y_shape": Y.shape, "cols": cols, "W": W,
             "stride": stride, "padding": padding}
    return Y, cache


def conv_backward(dY, cache, check=True, input_grad=True):
    """``(dX, dW, db)`` of a convolution layer, each the shape of what it differentiates.

    ``dW = dZ @ cols^T`` (MLP's dW = dZ A^T: a sum over every position and example),
    ``db = dZ 1`` and ``dX = col2im(W^T dZ)``, where ``dZ`` is dY with one column per position.
    No 1/m: dY is the gradient of whatever scalar is being differentiated. ``input_grad=False``
    skips dX (returned as None): a first layer needs no gradient for its data.
    """
    if check:
        dY = _upstream(dY, cache, "conv", "conv_forward")
    W, cols = cache["W"], cache["cols"]
    F = W.shape[0]
    dZ = dY.transpose(1, 0, 2, 3).reshape(F, -1)                      # (F, m*H'*W')
    dW = (dZ @ cols.T).reshape(W.shape)
    db = dZ.sum(axis=1)
    if not input_grad:
        return None, dW, db
    dcols = W.reshape(F, -1).T @ dZ                                   # (C*kh*kw, m*H'*W')
    dX = col2im(dcols, cache["X_shape"], *W.shape[2:], cache["stride"], cache["padding"],
                check=False)
    return dX, dW, db


# -------------------------------------------------------------------- pooling
def _check_pool(X, size, stride):
    X = _images(X)
    size = _count(size, "size")
    stride = size if stride is None else _count(stride, "stride")
    _geometry(X.shape, size, size, stride, 0, ("size", "size"))
    return X, size, stride


def _pool_windows(X, size, stride, kind):
    """The windows (m, C, H', W', size, size) and the cache every pooling backward reads."""
    win = windows(X, size, size, (stride, stride))
    cache = {"kind": kind, "X_shape": X.shape, "Y_shape": win.shape[:4], "size": size,
             "stride": stride}
    return win, cache


def max_pool_forward(X, size=2, stride=None, check=True):
    """Max pooling of X (m, C, H, W) over size x size windows: ``(Y (m, C, H', W'), cache)``.

    ``stride`` None means ``size`` (windows side by side). The maximum is taken one window
    offset at a time (size^2 element-wise maxima over every window at once, much faster than a
    reduction over a short last axis). The arg-max (``max_pool_arg``) is found here; the lean
    path (``check=False``, training) leaves it to ``max_pool_backward``, which reads X's windows
    then: X must not change in between, and a loss-recording pass never pays for it.
    """
    if check:
        X, size, stride = _check_pool(X, size, stride)
    elif stride is None:
        stride = size
    win, cache = _pool_windows(X, size, stride, "max")
    Y = win[..., 0, 0].copy()                                   # (m, C, H', W')
    for i in range(size):
        for j in range(size):
            if i or j:
                np.maximum(Y, win[..., i, j], out=Y)
    cache["windows"], cache["Y"] = win, Y
    if check:               # found now, so a later change to X cannot move it
        max_pool_arg(cache)
    return Y, cache


def max_pool_arg(cache):
    """Each window's arg-max as a row-major offset ``i * size + j``, shape (m, C, H', W').

    A tie goes to the first maximum in row-major order of the window (PyTorch's CPU rule): the
    offsets are visited last to first, each overwriting the ones after it where it equals the
    maximum. Computed once per cache (training's loss-recording passes never need it).
    """
    if "arg" not in cache:
        win, Y, size = cache["windows"], cache["Y"], cache["size"]
        arg = np.zeros(Y.shape, dtype=np.intp)
        for k in range(size * size - 1, 0, -1):
            np.copyto(arg, k, where=win[..., k // size, k % size] == Y)
        np.copyto(arg, 0, where=win[..., 0, 0] == Y)
        cache["arg"] = arg
    return cache["arg"]


def max_pool_backward(dY, cache, check=True):
    """dX (m, C, H, W) of max pooling: each window's gradient goes to its arg-max alone
    (``max_pool_arg``: ties to the first maximum in row-major order).

    Overlapping windows (stride < size) that share an arg-max add their gradients there; a
    pixel that is no window's maximum (or lies in no window) gets 0.
    """
    if check:
        dY = _upstream(dY, cache, "max", "max_pool_forward")
    size = cache["size"]
    route = np.arange(size * size) == max_pool_arg(cache)[..., None]   # one-hot (..., size^2)
    d6 = (route * dY[..., None]).reshape(cache["Y_shape"] + (size, size))
    return fold(d6, cache["X_shape"], (cache["stride"],) * 2, (0, 0))


def avg_pool_forward(X, size=2, stride=None, check=True):
    """Average pooling of X (m, C, H, W): ``(Y (m, C, H', W'), cache)``; stride None = size."""
    if check:
        X, size, stride = _check_pool(X, size, stride)
    elif stride is None:
        stride = size
    win, cache = _pool_windows(X, size, stride, "avg")
    return win.mean(axis=(-2, -1)), cache


def avg_pool_backward(dY, cache, check=True):
    """dX (m, C, H, W) of average pooling: each window's gradient spread evenly over its
    size^2 pixels (overlapping windows add up)."""
    if check:
        dY = _upstream(dY, cache, "avg", "avg_pool_forward")
    size = cache["size"]
    share = (dY / (size * size))[..., None, None]
    d6 = np.broadcast_to(share, cache["Y_shape"] + (size, size))
    return fold(d6, cache["X_shape"], (cache["stride"],) * 2, (0, 0))


def __getattr__(name):
    """``helpers.conv.ConvNet``, the name notebook 09's contract gives the model, which lives in
    :mod:`helpers.convnet` (it builds on this module); imported on first use (PEP 562), so
    this module never imports the one above it when it is loaded."""
    if name == "ConvNet":
        from .convnet import ConvNet
        return ConvNet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

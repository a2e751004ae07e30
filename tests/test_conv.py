"""helpers.conv against independent references: direct loops, centred differences, adjointness,
and PyTorch (float64, forward and autograd's backward) where torch is installed."""
import numpy as np
import pytest

from helpers import conv
from helpers.gradcheck import numerical_gradient, rel_error

STRIDES, PADDINGS = (1, 2, 3), (0, 1, 2)


def loops_correlate(X, W, b, stride, padding):
    """The layer by its definition, one output at a time (no stride tricks, no im2col)."""
    m, C, H, Wd = X.shape
    F, _, kh, kw = W.shape
    Xp = np.zeros((m, C, H + 2 * padding, Wd + 2 * padding))
    Xp[:, :, padding:padding + H, padding:padding + Wd] = X
    Ho, Wo = (H + 2 * padding - kh) // stride + 1, (Wd + 2 * padding - kw) // stride + 1
    Y = np.zeros((m, F, Ho, Wo))
    for n in range(m):
        for f in range(F):
            for r in range(Ho):
                for s in range(Wo):
                    patch = Xp[n, :, r * stride:r * stride + kh, s * stride:s * stride + kw]
                    Y[n, f, r, s] = b[f] + np.sum(W[f] * patch)
    return Y


def dot_loss(G, forward, *args):
    """The scalar <G, forward(*args)[0]> as a function of no arguments: its gradient with
    respect to the output is G, and it reads the arrays in ``args`` as they are when called."""
    return lambda: float(np.sum(G * forward(*args)[0]))


def random_layer(rng, stride, padding):
    """A random layer whose kernel fits the padded input (sizes drawn per case)."""
    m, C, F = rng.integers(1, 4), rng.integers(1, 4), rng.integers(1, 4)
    kh, kw = rng.integers(1, 5), rng.integers(1, 5)
    H = rng.integers(max(1, kh - 2 * padding), 9)
    Wd = rng.integers(max(1, kw - 2 * padding), 9)
    return (rng.standard_normal((m, C, H, Wd)), rng.standard_normal((F, C, kh, kw)),
            rng.standard_normal(F))


# ------------------------------------------------------------ single channel
@pytest.mark.parametrize("stride", STRIDES)
@pytest.mark.parametrize("padding", PADDINGS)
def test_correlate_is_the_layer_with_one_channel_and_one_filter(rng, stride, padding):
    for shape_x, shape_k in (((9,), (3,)), ((7,), (1,)), ((6, 7), (3, 2)), ((5, 5), (5, 5))):
        x, k = rng.standard_normal(shape_x), rng.standard_normal(shape_k)
        y = conv.correlate(x, k, stride, padding)
        x4, k4 = np.atleast_2d(x)[None, None], np.atleast_2d(k)[None, None]
        if x.ndim == 1:                      # 1-D: pad the one axis only
            xp = np.pad(x, padding)
            n = (len(xp) - len(k)) // stride + 1
            ref = np.array([xp[i * stride:i * stride + len(k)] @ k for i in range(n)])
        else:
            ref = loops_correlate(x4, k4, np.zeros(1), stride, padding)[0, 0]
        assert y.shape == ref.shape and np.allclose(y, ref, atol=1e-13)


def test_convolve_flips_the_kernel_and_matches_numpys_convolution(rng):
    x, k = rng.standard_normal(10), rng.standard_normal(4)
    assert np.allclose(conv.convolve(x, k), np.convolve(x, k, "valid"), atol=1e-13)
    assert np.allclose(conv.convolve(x, k, padding=3), np.convolve(x, k, "full"), atol=1e-13)
    x2, k2 = rng.standard_normal((6, 5)), rng.standard_normal((3, 2))
    assert np.allclose(conv.convolve(x2, k2), conv.correlate(x2, k2[::-1, ::-1]), atol=1e-13)
    assert not np.allclose(conv.convolve(x2, k2), conv.correlate(x2, k2))   # the flip matters
    k_sym = np.array([[1.0, 2.0, 1.0]])                                      # symmetric: no change
    assert np.allclose(conv.convolve(x2, k_sym), conv.correlate(x2, k_sym))


def test_output_size_is_floored_like_pytorch():
    assert conv.output_size(8, 3) == 6
    assert conv.output_size(8, 3, stride=2) == 3            # (8 - 3) // 2 + 1, floor
    assert conv.output_size(7, 3, stride=2, padding=1) == 4
    assert conv.output_size(2, 5, padding=2) == 2
    with pytest.raises(ValueError, match="k: expected a size of at most the padded input's 2"):
        conv.output_size(2, 3)


# ------------------------------------------------------------ the layer
@pytest.mark.parametrize("stride", STRIDES)
@pytest.mark.parametrize("padding", PADDINGS)
def test_conv_forward_matches_direct_loops(rng, stride, padding):
    for _ in range(3):
        X, W, b = random_layer(rng, stride, padding)
        Y, _ = conv.conv_forward(X, W, b, stride, padding)
        assert np.allclose(Y, loops_correlate(X, W, b, stride, padding), atol=1e-12)


@pytest.mark.parametrize("stride", STRIDES)
@pytest.mark.parametrize("padding", PADDINGS)
def test_conv_backward_matches_centred_differences(rng, stride, padding):
    for _ in range(2):
        X, W, b = random_layer(rng, stride, padding)
        Y, cache = conv.conv_forward(X, W, b, stride, padding)
        G = rng.standard_normal(Y.shape)                # loss = <G, Y>, so dY = G
        f = dot_loss(G, conv.conv_forward, X, W, b, stride, padding)
        dX, dW, db = conv.conv_backward(G, cache)
        for name, value, grad in (("X", X, dX), ("W", W, dW), ("b", b, db)):
            assert grad.shape == value.shape, name
            # the loss is linear in each argument: the quotient is exact but for round-off,
            # which a step of 1e-3 divides by less than the default 1e-5
            assert rel_error(grad, numerical_gradient(f, value, h=1e-3)) < 1e-7, name
        assert conv.conv_backward(G, cache, input_grad=False)[0] is None


def test_gradients_are_the_formulas_the_notebook_states(rng):
    """dK = correlate(x, dy); dx = full convolution of dy with k (stride 1); db = sum dy."""
    for padding in PADDINGS:
        x, k = rng.standard_normal((6, 7)), rng.standard_normal((3, 2))
        Y, cache = conv.conv_forward(x[None, None], k[None, None], np.zeros(1), 1, padding)
        dy = rng.standard_normal(Y.shape[2:])
        dX, dW, db = conv.conv_backward(dy[None, None], cache)
        assert np.allclose(dW[0, 0], conv.correlate(np.pad(x, padding), dy), atol=1e-12)
        full = conv.convolve(np.pad(dy, ((2, 2), (1, 1))), k)     # full: dy padded by k - 1
        inner = full[padding:padding + 6, padding:padding + 7]
        assert np.allclose(dX[0, 0], inner, atol=1e-12)
        assert np.isclose(db[0], dy.sum())


@pytest.mark.parametrize("stride", STRIDES)
@pytest.mark.parametrize("padding", PADDINGS)
def test_col2im_is_the_adjoint_of_im2col(rng, stride, padding):
    for _ in range(3):
        X, W, b = random_layer(rng, stride, padding)
        kh, kw = W.shape[2:]
        cols = conv.im2col(X, kh, kw, stride, padding)
        c = rng.standard_normal(cols.shape)
        back = conv.col2im(c, X.shape, kh, kw, stride, padding)
        assert back.shape == X.shape
        assert np.isclose(np.vdot(back, X), np.vdot(c, cols), rtol=1e-12, atol=1e-12)
        # the matrix view: W.reshape(F, -1) @ cols is the layer (column order n, row, col)
        Z = W.reshape(W.shape[0], -1) @ cols + b[:, None]
        Y, _ = conv.conv_forward(X, W, b, stride, padding)
        assert np.allclose(Z, Y.transpose(1, 0, 2, 3).reshape(W.shape[0], -1), atol=1e-12)


def test_im2col_rows_are_ordered_channel_row_column():
    X = np.arange(2 * 2 * 3 * 3, dtype=float).reshape(2, 2, 3, 3)
    cols = conv.im2col(X, 2, 2)
    assert cols.shape == (2 * 2 * 2, 2 * 2 * 2)
    assert cols[:, 0].tolist() == [0, 1, 3, 4, 9, 10, 12, 13]     # example 0, output (0, 0)
    assert cols[:, 1].tolist() == [1, 2, 4, 5, 10, 11, 13, 14]    # example 0, output (0, 1)
    assert cols[:, 4].tolist() == [18, 19, 21, 22, 27, 28, 30, 31]   # example 1, output (0, 0)


# ------------------------------------------------------------ pooling
POOLS = [(2, None), (2, 1), (3, 2), (2, 3), (3, 3), (1, 1)]


@pytest.mark.parametrize("size,stride", POOLS)
def test_pool_backwards_match_centred_differences(rng, size, stride):
    X = rng.standard_normal((2, 3, 7, 6))                  # distinct values: no ties, no kink
    for forward, backward in ((conv.max_pool_forward, conv.max_pool_backward),
                              (conv.avg_pool_forward, conv.avg_pool_backward)):
        Y, cache = forward(X, size, stride)
        G = rng.standard_normal(Y.shape)
        dX = backward(G, cache)
        # h far below the gaps between the draws' values: no window changes its arg-max
        numeric = numerical_gradient(dot_loss(G, forward, X, size, stride), X, h=1e-4)
        assert dX.shape == X.shape
        assert rel_error(dX, numeric) < 1e-7, forward.__name__


@pytest.mark.parametrize("size,stride", POOLS)
def test_pool_forwards_match_loops(rng, size, stride):
    X = rng.standard_normal((2, 2, 7, 6))
    s = size if stride is None else stride
    Ymax, _ = conv.max_pool_forward(X, size, stride)
    Yavg, _ = conv.avg_pool_forward(X, size, stride)
    for r in range(Ymax.shape[2]):
        for q in range(Ymax.shape[3]):
            win = X[:, :, r * s:r * s + size, q * s:q * s + size]
            assert np.array_equal(Ymax[:, :, r, q], win.max(axis=(2, 3)))
            assert np.allclose(Yavg[:, :, r, q], win.mean(axis=(2, 3)), atol=1e-15)


def test_max_pool_ties_go_to_the_first_maximum_in_row_major_order():
    x = np.array([[1.0, 5.0, 2.0, 2.0],
                  [5.0, 5.0, 2.0, 2.0]])[None, None]
    Y, cache = conv.max_pool_forward(x, 2)
    dX = conv.max_pool_backward(np.array([[[[10.0, 20.0]]]]), cache)
    assert dX[0, 0].tolist() == [[0, 10, 20, 0], [0, 0, 0, 0]]


def test_overlapping_max_windows_accumulate_at_a_shared_maximum():
    x = np.array([[0.0, 0.0, 0.0],
                  [0.0, 9.0, 0.0],
                  [0.0, 0.0, 0.0]])[None, None]
    Y, cache = conv.max_pool_forward(x, 2, stride=1)            # four windows share the 9
    dX = conv.max_pool_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    assert dX[0, 0].tolist() == [[0, 0, 0], [0, 10, 0], [0, 0, 0]]
    Y, cache = conv.avg_pool_forward(x, 2, stride=1)
    dX = conv.avg_pool_backward(np.ones((1, 1, 2, 2)), cache)
    assert dX[0, 0].tolist() == [[0.25, 0.5, 0.25], [0.5, 1.0, 0.5], [0.25, 0.5, 0.25]]


def test_pixels_outside_every_window_get_no_gradient():
    x = np.arange(25, dtype=float).reshape(1, 1, 5, 5)
    for forward, backward in ((conv.max_pool_forward, conv.max_pool_backward),
                              (conv.avg_pool_forward, conv.avg_pool_backward)):
        Y, cache = forward(x, 2)                                   # floor: row 4, column 4 left
        dX = backward(np.ones(Y.shape), cache)
        assert Y.shape == (1, 1, 2, 2)
        assert not dX[0, 0, 4].any() and not dX[0, 0, :, 4].any()
        assert np.isclose(dX.sum(), 4.0)


# ------------------------------------------------------------ bad input
def _layer():
    return np.zeros((1, 2, 5, 5)), np.zeros((3, 2, 3, 3)), np.zeros(3)


BAD = [
    (lambda: conv.correlate(np.zeros((3, 3, 3)), np.zeros((2, 2))), "x: expected a 1-D or 2-D"),
    (lambda: conv.correlate(np.zeros(5), np.zeros((2, 2))), "k: expected a 1-D kernel like x"),
    (lambda: conv.correlate(np.zeros(3), np.zeros(4)), "k: expected a size of at most"),
    (lambda: conv.convolve(np.zeros(5), np.zeros(2), stride=0), "stride: expected a positive"),
    (lambda: conv.correlate(np.zeros(5), np.zeros(2), padding=-1), "padding: expected an integer"),
    (lambda: conv.correlate(["a"], [1.0]), "x: expected an array of numbers"),
    (lambda: conv.correlate([np.nan, 1.0], [1.0]), "x: expected finite numbers"),
    (lambda: conv.output_size(0, 1), "n: expected a positive integer"),
    (lambda: conv.output_size(5, 2, stride=1.5), "stride: expected a positive integer"),
    (lambda: conv.conv_forward(np.zeros((2, 5, 5)), *_layer()[1:]), "X: expected a 4-D array"),
    (lambda: conv.conv_forward(_layer()[0], np.zeros((3, 1, 3, 3)), np.zeros(3)),
     r"W: expected kernels over X's 2 channel\(s\)"),
    (lambda: conv.conv_forward(*_layer()[:2], np.zeros((3, 1))), "b: expected a 1-D array"),
    (lambda: conv.conv_forward(*_layer()[:2], np.zeros(2)), r"b: expected shape \(3,\)"),
    (lambda: conv.conv_forward(np.zeros((1, 2, 2, 5)), *_layer()[1:]),
     "W: expected a size of at most the padded input's 2"),
    (lambda: conv.conv_forward(*_layer(), stride=True), "stride: expected a positive integer"),
    (lambda: conv.conv_forward(*_layer(), padding=1.0), "padding: expected an integer >= 0"),
    (lambda: conv.conv_backward(np.zeros((1, 3, 3, 3)), {}), "cache: expected the cache "
     "conv_forward returned"),
    (lambda: conv.conv_backward(np.zeros((1, 3, 2, 3)), conv.conv_forward(*_layer())[1]),
     r"dY: expected shape \(1, 3, 3, 3\)"),
    (lambda: conv.conv_backward(np.zeros((1, 3, 3, 3)), conv.max_pool_forward(_layer()[0])[1]),
     "cache: expected the cache conv_forward returned"),
    (lambda: conv.im2col(np.zeros((1, 1, 4, 4)), 5, 2), "kh: expected a size of at most"),
    (lambda: conv.im2col(np.zeros((1, 1, 4, 4)), 2, 0), "kw: expected a positive integer"),
    (lambda: conv.col2im(np.zeros((4, 9)), (1, 4, 4), 2, 2), "X_shape: expected 4 positive"),
    (lambda: conv.col2im(np.zeros((4, 8)), (1, 1, 4, 4), 2, 2), r"cols: expected shape \(4, 9\)"),
    (lambda: conv.max_pool_forward(np.zeros((1, 1, 4, 4)), size=5), "size: expected a size of"),
    (lambda: conv.max_pool_forward(np.zeros((1, 1, 4, 4)), size=0), "size: expected a positive"),
    (lambda: conv.avg_pool_forward(np.zeros((1, 1, 4, 4)), stride=-2), "stride: expected a pos"),
    (lambda: conv.max_pool_forward(np.zeros((4, 4))), "X: expected a 4-D array"),
    (lambda: conv.max_pool_backward(np.zeros((1, 1, 2, 2)), conv.avg_pool_forward(
        np.zeros((1, 1, 4, 4)))[1]), "cache: expected the cache max_pool_forward returned"),
    (lambda: conv.avg_pool_backward(np.zeros((1, 1, 3, 2)), conv.avg_pool_forward(
        np.zeros((1, 1, 4, 4)))[1]), r"dY: expected shape \(1, 1, 2, 2\)"),
    (lambda: conv.max_pool_backward(np.full((1, 1, 2, 2), np.inf), conv.max_pool_forward(
        np.zeros((1, 1, 4, 4)))[1]), "dY: expected finite numbers"),
]


@pytest.mark.parametrize("call,words", BAD, ids=[w[:30] for _, w in BAD])
def test_bad_arguments_raise_a_value_error_naming_them(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_integer_and_list_inputs_become_float64_and_float32_is_kept():
    y = conv.correlate([1, 2, 3], [1, 1])
    assert y.dtype == np.float64 and y.tolist() == [3.0, 5.0]
    X = np.ones((1, 1, 3, 3), dtype=np.float32)
    Y, _ = conv.conv_forward(X, np.ones((1, 1, 2, 2), np.float32), np.zeros(1, np.float32))
    assert Y.dtype == np.float32


# ------------------------------------------------------------ PyTorch (where installed)
@pytest.fixture
def torch():
    return pytest.importorskip(
        "torch", reason="PyTorch is not installed: helpers.conv is checked against it only where "
                        "it is (it is not a requirement of the series)")


def _t(torch, array):
    return torch.tensor(array, dtype=torch.float64, requires_grad=True)


def _close(ours, theirs, tol=1e-10):
    theirs = theirs.detach().numpy()
    return ours.shape == theirs.shape and np.allclose(ours, theirs, rtol=tol, atol=tol)


@pytest.mark.parametrize("stride", STRIDES)
@pytest.mark.parametrize("padding", PADDINGS)
def test_conv_layer_matches_torch_conv2d_forward_and_backward(rng, torch, stride, padding):
    for _ in range(3):
        X, W, b = random_layer(rng, stride, padding)
        Y, cache = conv.conv_forward(X, W, b, stride, padding)
        tX, tW, tb = _t(torch, X), _t(torch, W), _t(torch, b)
        tY = torch.nn.functional.conv2d(tX, tW, tb, stride=stride, padding=padding)
        assert _close(Y, tY)
        G = rng.standard_normal(Y.shape)
        tY.backward(torch.tensor(G))
        dX, dW, db = conv.conv_backward(G, cache)
        assert _close(dX, tX.grad) and _close(dW, tW.grad) and _close(db, tb.grad)


@pytest.mark.parametrize("stride", STRIDES)
@pytest.mark.parametrize("padding", PADDINGS)
def test_correlate_matches_torch_conv1d_and_conv2d(rng, torch, stride, padding):
    F = torch.nn.functional
    x, k = rng.standard_normal(11), rng.standard_normal(3)
    ref = F.conv1d(torch.tensor(x)[None, None], torch.tensor(k)[None, None], stride=stride,
                   padding=padding)[0, 0]
    assert _close(conv.correlate(x, k, stride, padding), ref)
    x, k = rng.standard_normal((7, 9)), rng.standard_normal((2, 3))
    ref = F.conv2d(torch.tensor(x)[None, None], torch.tensor(k)[None, None], stride=stride,
                   padding=padding)[0, 0]
    assert _close(conv.correlate(x, k, stride, padding), ref)


@pytest.mark.parametrize("size,stride", POOLS)
def test_pools_match_torch_forward_and_backward(rng, torch, size, stride):
    F = torch.nn.functional
    X = rng.standard_normal((2, 3, 7, 6))
    X[0, 0, :2, :2] = 1.5                         # a tie: both must send it to the first max
    X[1, 2] = np.round(X[1, 2])                   # many ties, also across overlapping windows
    for ours, back, theirs in ((conv.max_pool_forward, conv.max_pool_backward, F.max_pool2d),
                               (conv.avg_pool_forward, conv.avg_pool_backward, F.avg_pool2d)):
        Y, cache = ours(X, size, stride)
        tX = _t(torch, X)
        tY = theirs(tX, size, stride)
        assert _close(Y, tY), ours.__name__
        G = rng.standard_normal(Y.shape)
        tY.backward(torch.tensor(G))
        assert _close(back(G, cache), tX.grad), back.__name__

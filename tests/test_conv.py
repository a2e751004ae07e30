"""helpers.conv against independent references: direct loops, centred differences, adjointness,
and PyTorch (float64, forward and autograd's backward) where torch is installed."""
import numpy as np
import pytest

from helpers import conv, datasets, gradcheck
from helpers.convnet import ConvNet
from helpers.gradcheck import numerical_gradient, rel_error
from helpers.training import evaluate, train

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


@pytest.mark.parametrize("k", (1, 2, 3))
@pytest.mark.parametrize("padding", PADDINGS)
def test_windows_side_by_side_fold_back_like_overlapping_ones(rng, k, padding):
    """stride = kernel takes col2im's one-copy path (with and without a remainder)."""
    for H, W in ((6, 6), (7, 8), (k, k + 1)):
        X = rng.standard_normal((2, 3, H, W))
        cols = conv.im2col(X, k, k, k, padding)
        c = rng.standard_normal(cols.shape)
        back = conv.col2im(c, X.shape, k, k, k, padding)
        assert np.isclose(np.vdot(back, X), np.vdot(c, cols), rtol=1e-12, atol=1e-12)
        Ho, Wo = (H + 2 * padding - k) // k + 1, (W + 2 * padding - k) // k + 1
        ref = np.zeros((2, 3, H + 2 * padding, W + 2 * padding))     # window by window
        d6 = c.reshape(3, k, k, 2, Ho, Wo)
        for r in range(Ho):
            for s in range(Wo):
                ref[:, :, r * k:r * k + k, s * k:s * k + k] += d6[:, :, :, :, r, s].transpose(
                    3, 0, 1, 2)
        assert np.allclose(back, ref[:, :, padding:padding + H, padding:padding + W])


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


@pytest.mark.parametrize("size,stride", POOLS)
def test_max_pool_arg_is_numpys_first_arg_max_of_each_window(rng, size, stride):
    X = rng.integers(0, 3, (2, 3, 7, 6)).astype(float)          # ties everywhere
    for check in (True, False):
        Y, cache = conv.max_pool_forward(X, size, stride, check=check)
        s = size if stride is None else stride
        win = np.lib.stride_tricks.sliding_window_view(X, (size, size), axis=(2, 3))
        flat = win[:, :, ::s, ::s].reshape(Y.shape + (size * size,))
        assert np.array_equal(conv.max_pool_arg(cache), flat.argmax(axis=-1))


def test_the_checked_max_pool_keeps_its_routes_when_x_changes_later():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])[None, None]
    Y, cache = conv.max_pool_forward(x)
    x[0, 0, 0, 0] = 9.0                                          # after the forward pass
    assert conv.max_pool_backward(np.ones((1, 1, 1, 1)), cache)[0, 0].tolist() == [[0, 0],
                                                                                   [0, 1]]


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
    (lambda: conv.correlate([], [1.0]), "x: expected a non-empty array"),
    (lambda: conv.avg_pool_forward(np.zeros((0, 1, 4, 4))), "X: expected a non-empty array"),
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


# ------------------------------------------------------------ ConvNet
NETS = [dict(), dict(padding=1, pool=3, n_filters=3), dict(image_shape=(2, 7, 6), kernel_size=2,
        stride=2, pool=1, n_classes=3), dict(image_shape=(3, 6, 6), kernel_size=1, padding=2,
        n_filters=2, n_classes=4, init="lecun")]


def random_net_and_data(rng, kwargs, m=5):
    """A ConvNet with random non-zero biases (a zero bias on a blank patch sits on ReLU's kink)
    and random inputs and labels."""
    net = ConvNet(seed=int(rng.integers(100)), **kwargs)
    net.params["b1"] = rng.standard_normal(net.n_filters) * 0.5
    net.params["b2"] = rng.standard_normal((net.n_classes, 1)) * 0.5
    X = rng.standard_normal((net.layer_sizes[0], m))
    Y = datasets.one_hot(rng.integers(0, net.n_classes, m), net.n_classes)
    return net, X, Y


@pytest.mark.parametrize("kwargs", NETS)
@pytest.mark.parametrize("loss", ["ce", "mse"])
def test_convnet_gradients_match_centred_differences(rng, kwargs, loss):
    net, X, Y = random_net_and_data(rng, kwargs)
    ok, rows = gradcheck.check_network(net, X, Y, loss)
    assert ok, gradcheck.format_report(rows)
    assert [r["name"] for r in rows] == ["dW1", "db1", "dW2", "db2"]
    assert all(r["rel_error"] < 1e-6 for r in rows)


@pytest.mark.parametrize("kwargs", NETS)
def test_convnet_forward_is_the_layers_composed(rng, kwargs):
    """conv (direct loops) -> relu -> max pool (loops) -> dense softmax, one example at a time."""
    net, X, Y = random_net_and_data(rng, kwargs, m=3)
    p, C, H, W = net.params, *net.image_shape
    A2, cache = net.forward(X)
    for n in range(X.shape[1]):
        x = X[:, n].reshape(1, C, H, W)
        maps = np.maximum(loops_correlate(x, p["W1"], p["b1"], net.stride, net.padding), 0)[0]
        F_, ph, pw = net.pool_shape
        k = net.pool
        pooled = np.array([[[maps[f, r * k:r * k + k, q * k:q * k + k].max() for q in range(pw)]
                            for r in range(ph)] for f in range(F_)])
        z = p["W2"] @ pooled.reshape(-1) + p["b2"][:, 0]
        assert np.allclose(A2[:, n], np.exp(z) / np.exp(z).sum(), atol=1e-14)
        assert np.allclose(net.feature_maps(X)[n], maps, atol=1e-14)
    assert np.allclose(cache["Z1"].clip(0), cache["A1"])
    assert net.predict(X).shape == (1, 3)
    assert net.predict(X).tolist() == [A2.argmax(axis=0).tolist()]


def test_convnet_shapes_and_parameters():
    from helpers.conv import ConvNet as contract_name  # CONTRACT09's import still works
    assert contract_name is ConvNet
    net = ConvNet()
    assert net.layer_sizes == [64, 8 * 3 * 3, 10] and net.dropout == [0.0]
    assert {k: v.shape for k, v in net.params.items()} == {
        "W1": (8, 1, 3, 3), "b1": (8,), "W2": (10, 72), "b2": (10, 1)}
    assert net.n_params == 8 * 9 + 8 + 10 * 72 + 10
    assert (net.output, net.default_loss) == ("softmax", "ce")
    assert net.feature_maps(np.zeros((64, 4))).shape == (4, 8, 6, 6)
    assert ConvNet(padding=1, pool=3).pool_shape == (8, 2, 2)
    assert "n_filters=8" in repr(net) and "stride" not in repr(net)
    he = ConvNet(n_filters=200, seed=1).params["W1"].std()
    assert abs(he / np.sqrt(2 / 9) - 1) < 0.1                # He: fan-in C*k*k = 9
    a, b = ConvNet(seed=3), ConvNet(seed=3)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)


def test_convnet_learns_the_digits_with_train():
    X, Y, _ = datasets.digits()
    X_tr, X_te, Y_tr, Y_te = datasets.train_test_split(X, Y, seed=0)
    net = ConvNet(seed=0)
    history = train(net, X_tr[:, :600], Y_tr[:, :600], optimizer=0.1, n_epochs=4,
                    batch_size=10, validation=(X_te, Y_te))
    assert history["loss"][-1] < 0.3 * history["loss"][0] or history["loss"][-1] < 0.3
    assert all(b < a for a, b in zip(history["loss"], history["loss"][1:]))
    loss, accuracy = evaluate(net, X_te, Y_te)
    assert accuracy > 0.85 and loss < history["val_loss"][0] + 1e-12


def test_a_gradient_check_at_a_zero_bias_on_blank_pixels_meets_relus_kink():
    """Why the gradient tests draw non-zero biases: at b1 = 0 a blank patch gives Z1 = 0
    exactly, ReLU's kink, where a centred difference averages the two one-sided slopes."""
    X, Y, _ = datasets.digits()
    net = ConvNet(padding=1, pool=3, n_filters=3, seed=2)
    ok, rows = gradcheck.check_network(net, X[:, :4], Y[:, :4], "mse")
    assert not ok and [r["name"] for r in rows if not r["ok"]] == ["db1"]
    net.params["b1"] = np.full(3, 0.1)
    assert gradcheck.check_network(net, X[:, :4], Y[:, :4], "mse")[0]


def test_float32_and_longdouble_forward_keep_their_precision():
    net = ConvNet(seed=1)
    X = np.random.default_rng(0).random((64, 3))
    for dtype in (np.float32, np.longdouble):
        net32 = ConvNet(seed=1)
        net32.params = {k: v.astype(dtype) for k, v in net.params.items()}
        A, _ = net32.forward(X.astype(dtype))
        assert A.dtype == dtype and np.allclose(A, net.forward(X)[0], atol=1e-5)


CONVNET_BAD = [
    (dict(image_shape=(8, 8)), "image_shape: expected"),
    (dict(image_shape=(1, 0, 8)), r"image_shape\[1\]: expected a positive integer"),
    (dict(n_filters=0), "n_filters: expected a positive integer"),
    (dict(kernel_size=9), "kernel_size: expected a size of at most the padded input's 8"),
    (dict(padding=-1), "padding: expected an integer >= 0"),
    (dict(pool=7), "pool: expected a size of at most"),
    (dict(pool=2.0), "pool: expected a positive integer"),
    (dict(n_classes=1), "n_classes: expected at least 2"),
    (dict(init="xavier"), "init: expected one of"),
    (dict(seed=-1), "seed: expected an integer >= 0"),
    (dict(stride=0), "stride: expected a positive integer"),
]


@pytest.mark.parametrize("kwargs,words", CONVNET_BAD, ids=[w[:25] for _, w in CONVNET_BAD])
def test_convnet_bad_arguments_raise(kwargs, words):
    with pytest.raises(ValueError, match=words):
        ConvNet(**kwargs)


def test_convnet_bad_data_and_parameters_raise():
    net = ConvNet()
    X, Y = np.zeros((64, 3)), datasets.one_hot(np.array([0, 1, 2]), 10)
    with pytest.raises(ValueError, match=r"X: expected shape \(64, m\)"):
        net.forward(np.zeros((63, 3)))
    with pytest.raises(ValueError, match="X: expected a 2-D array"):
        net.forward(np.zeros((1, 8, 8)))
    _, cache = net.forward(X)
    with pytest.raises(ValueError, match=r"Y: expected shape \(10, 3\)"):
        net.backward(cache, Y[:, :2])
    with pytest.raises(ValueError, match="Y: cross-entropy expects one-hot"):
        net.backward(cache, Y * 2)
    with pytest.raises(ValueError, match="cache: expected the cache dict"):
        net.backward({"A2": cache["A2"]}, Y)
    with pytest.raises(ValueError, match="loss: expected one of"):
        net.backward(cache, Y, "bce")
    net.params["W1"] = np.zeros((8, 1, 2, 2))
    with pytest.raises(ValueError, match=r"params\['W1'\]: expected an array of shape \(8, 1, 3"):
        net.forward(X)
    net.params["W1"] = np.zeros((8, 1, 3, 3))
    del net.params["b2"]
    with pytest.raises(ValueError, match="params: expected a b2"):
        net.check_params(X)


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


@pytest.mark.parametrize("kwargs", NETS)
def test_convnet_matches_the_same_network_in_torch(rng, torch, kwargs):
    F = torch.nn.functional
    net, X, Y = random_net_and_data(rng, kwargs)
    A2, cache = net.forward(X)
    grads = net.backward(cache, Y)
    t = {k: _t(torch, v) for k, v in net.params.items()}
    x = torch.tensor(X.T.reshape((-1,) + net.image_shape))
    maps = F.relu(F.conv2d(x, t["W1"], t["b1"], stride=net.stride, padding=net.padding))
    z = F.max_pool2d(maps, net.pool).flatten(1) @ t["W2"].T + t["b2"].T
    assert _close(A2, torch.softmax(z, dim=1).T)
    F.cross_entropy(z, torch.tensor(Y.argmax(axis=0))).backward()     # the mean over m
    for k in t:
        assert _close(grads["d" + k], t[k].grad), k

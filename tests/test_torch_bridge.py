"""Notebook 08's bridge to PyTorch, claim by claim, against real PyTorch.

Every row of the bridge's table and every behaviour its cells show is run twice, once with
``helpers.autograd`` and once with ``torch``: same values, same gradients, same errors. PyTorch
is not a requirement of the series; without it this module is skipped (install it with
``python -m pip install torch`` to run it; a CPU build is enough).
"""
import numpy as np
import pytest

from helpers.autograd import Tensor, no_grad, softmax_cross_entropy

torch = pytest.importorskip(
    "torch", reason="PyTorch is not installed: the bridge to PyTorch is checked only where it is "
                    "(it is not a requirement of the series)")
F = torch.nn.functional

RNG = np.random.default_rng(23)


def both(array, requires_grad=True):
    """The same numbers as a Tensor of ours and as a float64 torch tensor."""
    array = np.array(array, dtype=np.float64)
    return (Tensor(array, requires_grad=requires_grad),
            torch.tensor(array, dtype=torch.float64, requires_grad=requires_grad))


def same(ours, theirs, tol=1e-12):
    """Our array (or None) equals torch's tensor (or None)."""
    if ours is None or theirs is None:
        return ours is None and theirs is None
    theirs = theirs.detach().numpy()
    return ours.shape == theirs.shape and np.allclose(ours, theirs, rtol=tol, atol=tol)


# ------------------------------------------------------------------ the table's rows
def test_a_leaf_requires_grad_and_is_a_leaf():
    (w, tw), (c, tc) = both(1.5), both(2.0, requires_grad=False)
    assert (w.requires_grad, w.is_leaf) == (tw.requires_grad, tw.is_leaf) == (True, True)
    assert (c.requires_grad, c.is_leaf) == (tc.requires_grad, tc.is_leaf) == (False, True)
    y, ty = w * c, tw * tc
    assert (y.requires_grad, y.is_leaf) == (ty.requires_grad, ty.is_leaf) == (True, False)
    assert len(y.parents) == len([f for f, _ in ty.grad_fn.next_functions if f is not None])


OPS = {
    "W @ X + b, tanh, sum": lambda W, X, b, t: (W @ X + b).tanh().sum(),
    "sigmoid, mean": lambda W, X, b, t: (W @ X + b).sigmoid().mean(),
    "relu, sum over axis 0": lambda W, X, b, t: ((W @ X - b).relu().sum(axis=0) ** 2).sum(),
    "exp, log, division": lambda W, X, b, t: ((W @ X).exp() / (b * b + 1.0)).log().sum(),
    "transpose, keepdims": lambda W, X, b, t: (W.T @ (W @ X)).sum(axis=1, keepdims=True).sum(),
    "reuse (x * x, y y + y)": lambda W, X, b, t: ((W * W) @ X + (b * b + b)).sum(),
}


@pytest.mark.parametrize("name", OPS)
def test_backward_fills_every_leaf_with_pytorchs_gradient(name):
    (W, tW), (X, tX), (b, tb) = both(RNG.standard_normal((3, 4))), \
        both(RNG.standard_normal((4, 5)), requires_grad=False), both(RNG.standard_normal((3, 1)))
    loss, tloss = OPS[name](W, X, b, np), OPS[name](tW, tX, tb, torch)
    assert abs(loss.item() - tloss.item()) < 1e-12 * max(1.0, abs(tloss.item()))
    loss.backward()
    tloss.backward()
    assert same(W.grad, tW.grad) and same(b.grad, tb.grad)
    assert X.grad is None and tX.grad is None                     # no gradient wanted


def test_a_seed_gradient_for_a_non_scalar():
    (a, ta) = both(RNG.standard_normal((3, 4)))
    seed = RNG.standard_normal((3, 4))
    a.tanh().backward(gradient=seed)
    ta.tanh().backward(gradient=torch.tensor(seed))
    assert same(a.grad, ta.grad)


def test_backward_without_a_seed_needs_a_single_number():
    a, ta = both(np.ones((2, 2)))
    with pytest.raises(ValueError, match="needs a single number"):
        (a * 2).backward()
    with pytest.raises(RuntimeError, match="scalar outputs"):
        (ta * 2).backward()


def test_gradients_accumulate_over_backward_calls_until_zeroed():
    (w, tw) = both(3.0)
    for _ in range(2):
        (w * w).backward()                                         # a new graph each time
        (tw * tw).backward()
    assert w.grad == tw.grad.item() == 12.0
    w.zero_grad()
    tw.grad = None                                                 # what zero_grad does
    assert w.grad is None and tw.grad is None


def test_no_grad_records_no_graph():
    (w, tw) = both(3.0)
    with no_grad():
        y = w * w
    with torch.no_grad():
        ty = tw * tw
    assert y.requires_grad is ty.requires_grad is False
    assert y.parents == () and ty.grad_fn is None


def test_an_sgd_update_on_data_matches_optimizer_step():
    (w, tw) = both(RNG.standard_normal((2, 3)))
    x = RNG.standard_normal((3, 4))
    optimizer = torch.optim.SGD([tw], lr=0.1)
    for _ in range(3):
        (w @ x).tanh().sum().backward()
        w.data -= 0.1 * w.grad
        w.zero_grad()
        optimizer.zero_grad()
        (tw @ torch.tensor(x)).tanh().sum().backward()
        optimizer.step()
    assert same(w.data, tw)


def test_softmax_cross_entropy_is_cross_entropy_on_the_transpose():
    Z, tZ = both(RNG.standard_normal((4, 6)))
    labels = RNG.integers(0, 4, 6)
    loss = softmax_cross_entropy(Z, np.eye(4)[:, labels])
    tloss = F.cross_entropy(tZ.T, torch.tensor(labels))           # PyTorch: examples in rows
    assert abs(loss.item() - tloss.item()) < 1e-12
    loss.backward()
    tloss.backward()
    assert same(Z.grad, tZ.grad)


# ------------------------------------------------------------------ the bridge's cells
def test_a_second_backward_through_the_same_graph_raises():
    (w, tw) = both([1.0, 2.0])
    loss, tloss = (w * w).sum(), (tw * tw).sum()
    loss.backward()
    tloss.backward()
    assert same(w.grad, tw.grad) and np.array_equal(w.grad, [2.0, 4.0])
    with pytest.raises(RuntimeError, match="backward through the graph a second time") as ours:
        loss.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time") as theirs:
        tloss.backward()
    for error in (ours, theirs):
        assert "retain_graph=True" in str(error.value)
    assert same(w.grad, tw.grad)                                   # nothing added by either


def test_pytorch_raises_only_where_a_value_was_saved_ours_always():
    (w, tw) = both([1.0, 2.0])
    loss, tloss = (w + w).sum(), (tw + tw).sum()                   # a sum saves nothing
    loss.backward()
    tloss.backward()
    tloss.backward()                                               # PyTorch: no error, adds
    assert np.array_equal(tw.grad.numpy(), [4.0, 4.0])
    with pytest.raises(RuntimeError, match="retain_graph=True"):   # ours: the safe side
        loss.backward()
    tloss = (tw * 2.0).sum()                                       # a product saves a factor
    tloss.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        tloss.backward()


def test_retain_graph_allows_a_second_pass_which_adds():
    (w, tw) = both([1.0, 2.0])
    loss, tloss = (w * w).sum(), (tw * tw).sum()
    loss.backward(retain_graph=True)
    tloss.backward(retain_graph=True)
    loss.backward()
    tloss.backward()
    assert same(w.grad, tw.grad) and np.array_equal(w.grad, [4.0, 8.0])


def test_grad_stays_on_leaves_unless_retain_grad():
    (x, tx), (y, ty) = both(2.0), both(3.0)
    u, tu = x * y, tx * ty
    f, tf = u + x, tu + tx
    f.backward()
    tf.backward()
    assert (x.grad, y.grad) == (tx.grad.item(), ty.grad.item()) == (4.0, 2.0)
    with pytest.warns(UserWarning, match="not a leaf"):            # PyTorch warns, gives None
        assert tu.grad is None
    assert u.grad is None and f.grad is None
    u, tu = x * y, tx * ty
    u.retain_grad()
    tu.retain_grad()
    f, tf = u + x, tu + tx
    f.backward(retain_graph=True)
    tf.backward(retain_graph=True)
    assert u.grad == tu.grad.item() == 1.0
    f.backward()
    tf.backward()
    assert u.grad == tu.grad.item() == 2.0                         # retained grads accumulate


def test_changing_data_between_forward_and_backward_is_silent_in_both():
    (w, tw) = both(3.0)
    y, ty = w * w, tw * tw
    w.data -= 1
    tw.data -= 1
    y.backward()
    ty.backward()
    assert w.grad == tw.grad.item() == 4.0                         # not 6: a wrong gradient


def test_pytorchs_in_place_update_of_a_saved_tensor_raises_at_backward():
    tw = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    ty = tw * tw
    with torch.no_grad():
        tw -= 1                                                    # in place: version + 1
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        ty.backward()
    tw = torch.tensor(3.0, dtype=torch.float64, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        tw.sub_(1)                                                 # on a leaf: refused at once
    th = tw * 1.0
    ty = th * th
    th.sub_(1)                                                     # an intermediate result
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        ty.backward()
    w = Tensor(3.0, requires_grad=True)                            # ours: -= makes a new one
    original = w
    with no_grad():
        w -= 1
    assert w is not original and original.data == 3.0


# ------------------------------------------------------------------ edge cases
def test_power_edge_cases_match():
    (w, tw) = both([0.0, 2.0])
    (w ** 0).sum().backward()
    (tw ** 0).sum().backward()
    assert same(w.grad, tw.grad) and np.array_equal(w.grad, [0.0, 0.0])
    (x, tx) = both(3.0)
    (x ** np.int64(2)).backward()
    (tx ** np.int64(2)).backward()
    assert x.grad == tx.grad.item() == 6.0


def test_deep_chain_needs_no_recursion():
    (x, tx) = both(0.5)
    total, ttotal = 0.0, 0.0
    for i in range(1000):                                          # a loss over 1,000 terms
        total = total + x * float(i)
        ttotal = ttotal + tx * float(i)
    total.backward()
    ttotal.backward()
    assert x.grad == tx.grad.item() == sum(range(1000))

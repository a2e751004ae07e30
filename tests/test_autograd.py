"""The tensor engine: every operation's backward against centred differences, networks against
MLP.backward, broadcasting, accumulation over reuse, bad input."""
import numpy as np
import pytest

from helpers.autograd import (
    Tensor,
    backward_steps,
    gradients,
    network_loss,
    neuron_003,
    no_grad,
    parameters,
    softmax_cross_entropy,
    topological_order,
)
from helpers.gradcheck import numerical_gradient, rel_error
from helpers.losses import ce_from_logits
from helpers.network import MLP

RNG = np.random.default_rng(16)


def _check(fn, *arrays, tol=1e-8):
    """backward of sum(fn(*tensors) * weights) against centred differences, per input."""
    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    out = fn(*tensors)
    weights = RNG.standard_normal(out.shape)
    (out * weights).sum().backward()
    for i, a in enumerate(arrays):
        x = np.array(a, dtype=float)                     # numerical_gradient moves it in place

        def f(i=i, x=x):
            args = [Tensor(x if j == i else arrays[j]) for j in range(len(arrays))]
            return float(np.sum(fn(*args).data * weights))
        numeric = numerical_gradient(f, x, h=1e-3, order=4)
        assert tensors[i].grad.shape == np.shape(a)
        assert rel_error(tensors[i].grad, numeric) < tol, (i, tensors[i].grad, numeric)


M34, M34b = RNG.standard_normal((3, 4)), RNG.standard_normal((3, 4))
POS34 = RNG.uniform(0.5, 2.0, (3, 4))
UNARY = {"exp": lambda a: a.exp(), "log": lambda a: a.log(), "tanh": lambda a: a.tanh(),
         "sigmoid": lambda a: a.sigmoid(), "relu": lambda a: a.relu(), "neg": lambda a: -a,
         "square": lambda a: a ** 2, "cube": lambda a: a ** 3, "sqrt": lambda a: a ** 0.5,
         "T": lambda a: a.T, "sum": lambda a: a.sum(), "mean": lambda a: a.mean(),
         "sum0": lambda a: a.sum(axis=0), "sum1k": lambda a: a.sum(axis=1, keepdims=True),
         "mean1": lambda a: a.mean(axis=1), "recip": lambda a: 1 / a, "rsub": lambda a: 2 - a}


@pytest.mark.parametrize("name", UNARY)
def test_unary_operations_against_finite_differences(name):
    data = POS34 if name in ("log", "sqrt", "recip") else M34
    if name == "relu":
        data = np.where(np.abs(M34) < 0.05, 0.3, M34)      # away from the kink
    _check(UNARY[name], data)


BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
          "/": lambda a, b: a / b}


@pytest.mark.parametrize("op", BINARY)
@pytest.mark.parametrize("shape_b", [(3, 4), (3, 1), (1, 4), (4,), ()])
def test_binary_operations_with_broadcasting(op, shape_b):
    b = RNG.uniform(0.5, 2.0, shape_b) if shape_b else np.array(1.7)
    _check(BINARY[op], M34, b)
    _check(BINARY[op], b, M34)                         # broadcast on the left too


def test_matmul_against_finite_differences():
    _check(lambda W, A: W @ A, RNG.standard_normal((3, 5)), RNG.standard_normal((5, 2)))


def test_broadcast_bias_gradient_is_summed_over_columns():
    W = Tensor(RNG.standard_normal((3, 2)), requires_grad=True)
    b = Tensor(np.zeros((3, 1)), requires_grad=True)
    X = RNG.standard_normal((2, 6))
    (W @ X + b).sum().backward()
    assert b.grad.shape == (3, 1) and np.array_equal(b.grad, np.full((3, 1), 6.0))
    assert np.allclose(W.grad, np.tile(X.sum(axis=1), (3, 1)))


def test_softmax_cross_entropy_value_and_gradient():
    Z = RNG.standard_normal((4, 6))
    Y = np.eye(4)[:, RNG.integers(0, 4, 6)]
    assert abs(softmax_cross_entropy(Tensor(Z), Y).item() - ce_from_logits(Z, Y)) < 1e-14
    _check(lambda z: softmax_cross_entropy(z, Y), Z)
    big = Tensor(np.array([[1000.0], [-1000.0]]))
    assert np.isfinite(softmax_cross_entropy(big, np.array([[0.0], [1.0]])).item())


CONFIGS = [(act, out, loss) for act in ("sigmoid", "tanh", "relu", "linear")
           for out, losses in (("sigmoid", ("bce", "mse")), ("softmax", ("ce", "mse")),
                               ("linear", ("mse",))) for loss in losses]


@pytest.mark.parametrize("activation, output, loss", CONFIGS)
@pytest.mark.parametrize("sizes", [[3, 2], [3, 5, 2], [4, 6, 5, 3, 2]])
def test_random_networks_equal_mlp_backward(sizes, activation, output, loss):
    net = MLP(sizes, activation, output, init="he", seed=len(sizes))
    X = RNG.standard_normal((sizes[0], 7))
    Y = {"softmax": np.eye(sizes[-1])[:, RNG.integers(0, sizes[-1], 7)],
         "sigmoid": RNG.integers(0, 2, (sizes[-1], 7)).astype(float),
         "linear": RNG.standard_normal((sizes[-1], 7))}[output]
    engine = gradients(net, X, Y, loss)
    _, cache = net.forward(X)
    for name, g in net.backward(cache, Y, loss).items():
        assert engine[name].shape == g.shape
        assert rel_error(engine[name], g) < 1e-12, name
    params = parameters(net)
    value = network_loss(params, X, Y, activation, output, loss).item()
    assert abs(value - net.loss(X, Y, loss)) < 1e-12 * max(1.0, abs(value))


def test_gradients_accumulate_over_reuse_and_over_calls():
    x = Tensor(3.0, requires_grad=True)
    (x * x).backward()                                   # two edges into one parent
    assert x.grad == 6.0
    (x + x + x).backward()                               # accumulates into the leaf
    assert x.grad == 9.0
    x.zero_grad()
    assert x.grad is None
    y = (x * 2.0).retain_grad()
    z = y * y + y                                        # y reused: dz/dy = 2y + 1
    z.backward(retain_graph=True)
    assert y.grad == 2 * 6.0 + 1 and x.grad == 2 * 13.0
    z.backward()                                         # retained: both accumulate
    assert y.grad == 2 * 13.0 and x.grad == 4 * 13.0


def test_grad_is_kept_on_leaves_only_unless_retained():
    x, y = Tensor(2.0, requires_grad=True), Tensor(3.0, requires_grad=True)
    u = x * y
    f = u + x
    f.backward()
    assert (x.grad, y.grad) == (4.0, 2.0)                 # df/dx = y + 1, df/dy = x
    assert u.grad is None and f.grad is None              # intermediate results: None
    assert x.is_leaf and not u.is_leaf and Tensor(1.0).is_leaf
    u2 = (x * y).retain_grad()
    (u2 + x).backward()
    assert u2.grad == 1.0 and x.retain_grad() is x


def test_second_backward_through_a_freed_graph_raises():
    w = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    loss = (w * w).sum()
    loss.backward()
    assert np.array_equal(w.grad, [2.0, 4.0])
    with pytest.raises(RuntimeError, match="backward through the graph a second time.*"
                                           "retain_graph=True"):
        loss.backward()
    assert np.array_equal(w.grad, [2.0, 4.0])            # nothing was added before raising
    w.zero_grad()
    loss = (w * w).sum()
    loss.backward(retain_graph=True)
    loss.backward(retain_graph=True)
    loss.backward()                                      # the last may free it
    assert np.array_equal(w.grad, [6.0, 12.0])
    with pytest.raises(RuntimeError, match="a second time"):
        loss.backward()
    part = w * 3.0                                       # a sub-graph of a freed graph
    total = (part * part).sum()
    total.backward()
    with pytest.raises(RuntimeError, match="a second time"):
        (part + 1.0).sum().backward()                    # reuses part's freed node
    fresh = (w * w).sum()                                # a new forward pass is fine
    fresh.backward()


def test_data_changed_between_forward_and_backward_is_silent():
    w = Tensor(3.0, requires_grad=True)
    y = w * w
    w.data -= 1                                          # the rule reads the changed data
    y.backward()
    assert w.grad == 4.0                                 # not the forward pass's 6 (PyTorch: 4)


def test_power_edge_cases():
    w = Tensor(np.array([0.0, 2.0]), requires_grad=True)
    (w ** 0).sum().backward()
    assert np.array_equal(w.grad, [0.0, 0.0])            # d(w^0)/dw = 0, also at w = 0
    for k in (np.int64(2), np.float64(2.0), np.int32(2)):
        x = Tensor(3.0, requires_grad=True)
        (x ** k).backward()
        assert x.grad == 6.0, k
    with pytest.raises(ValueError, match="exponent: expected a plain number"):
        x ** True
    with pytest.raises(ValueError, match="exponent: expected a plain number"):
        x ** np.ones(2)


def test_no_grad_records_nothing():
    w = Tensor(np.ones((2, 2)), requires_grad=True)
    with no_grad():
        y = w @ w
    assert not y.requires_grad and y.parents == ()
    assert (w @ w).requires_grad                         # recording is back on afterwards
    c = Tensor(np.ones(2)) * 3.0                         # constants only: no graph either
    assert not c.requires_grad


def test_backward_with_a_seed_gradient():
    a = Tensor(M34, requires_grad=True)
    seed = RNG.standard_normal((3, 4))
    a.tanh().backward(gradient=seed)                     # PyTorch's name for the seed
    assert np.allclose(a.grad, seed * (1 - np.tanh(M34) ** 2))
    b = Tensor(M34, requires_grad=True)
    b.tanh().backward(grad=seed)                         # the older name still works
    assert np.array_equal(a.grad, b.grad)


def test_bad_input_says_what_to_fix():
    a = Tensor(np.ones((3, 4)), requires_grad=True)
    with pytest.raises(ValueError, match=r"\+: shapes \(3, 4\) and \(2, 1\) do not broadcast"):
        a + np.ones((2, 1))
    with pytest.raises(ValueError, match=r"@: expected a \(p, q\) matrix times a \(q, r\) one, "
                                         r"got shapes \(3, 4\) and \(3, 4\)"):
        a @ a
    with pytest.raises(ValueError, match=r"gradient: backward\(\) without a seed gradient "
                                         r"needs a single number .* shape \(3, 4\): reduce"):
        (a * 2).backward()
    with pytest.raises(ValueError, match=r"gradient: expected shape \(3, 4\)"):
        (a * 2).backward(gradient=np.ones((4, 3)))
    with pytest.raises(ValueError, match="depends on no tensor created with requires_grad"):
        Tensor(1.0).backward()
    with pytest.raises(ValueError, match="exponent: expected a plain number"):
        a ** Tensor(2.0)
    with pytest.raises(ValueError, match="data: expected numbers"):
        Tensor("abc")
    with pytest.raises(ValueError, match=r"Y: expected the logits' shape \(3, 4\)"):
        softmax_cross_entropy(a, np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"Z: expected logits of shape \(n_classes, m\)"):
        softmax_cross_entropy(Tensor(np.ones(3)), np.ones(3))
    with pytest.raises(ValueError, match="Y: expected an array of numbers"):
        softmax_cross_entropy(a, "labels")
    with pytest.raises(ValueError, match="net: expected an MLP"):
        parameters("net")
    with pytest.raises(ValueError, match="loss: expected one of"):
        network_loss(parameters(MLP([2, 1])), np.ones((2, 3)), np.ones((1, 3)), loss="ce")


def test_topological_order_of_a_deep_graph_needs_no_recursion():
    x = Tensor(1.0, requires_grad=True)
    y = x
    for _ in range(5000):
        y = y * 1.0 + 0.0
    order = topological_order(y)
    assert order[0] is x and order[-1] is y
    position = {id(n): i for i, n in enumerate(order)}
    assert all(position[id(p)] < position[id(n)] for n in order for p, _ in n.parents)
    y.backward()
    assert x.grad == 1.0


def test_softmax_cross_entropy_validates_that_columns_of_y_are_distributions():
    Z = Tensor(RNG.standard_normal((3, 4)), requires_grad=True)
    Y = np.eye(3)[:, [0, 1, 2, 0]]
    softmax_cross_entropy(Z, Y)                                    # one-hot: fine
    softmax_cross_entropy(Z, np.full((3, 4), 1 / 3))               # soft labels: fine
    bad = Y.copy()
    bad[1, 2] = 0.925                                              # column 2 sums to 1.925
    with pytest.raises(ValueError, match=r"Y: .*probability distribution.* column 2 sums "
                                         r"to 1\.925"):
        softmax_cross_entropy(Z, bad)
    with pytest.raises(ValueError, match="negative entries"):
        softmax_cross_entropy(Z, np.array([[2.0] * 4, [-1.0] * 4, [0.0] * 4]))
    with pytest.raises(ValueError, match="column 0 sums to 0"):
        softmax_cross_entropy(Z, np.zeros((3, 4)))


def test_backward_steps_replays_backward():
    loss = neuron_003()
    order, snapshots = backward_steps(loss, seed=np.float64(1.0))
    assert order[0] is loss and len(snapshots) == len(order) + 1
    nodes = topological_order(loss)
    for node in nodes:
        node.retain_grad()                               # compare every node, not leaves only
    loss.backward()
    final = snapshots[-1]
    for node in nodes:
        assert abs(final[id(node)] - float(node.grad)) < 1e-15
    a = next(n for n in order if n.label == "a")
    z = next(n for n in order if n.label == "z")
    assert abs(float(z.grad) - (a.item() - 1.0)) < 1e-12      # document 003: dZ = A - y
    assert snapshots[0][id(z)] == 0.0 and snapshots[0][id(loss)] == 1.0

"""A small reverse-mode automatic differentiation engine on numpy arrays (notebook 08).

Notebook 08 writes the engine for single numbers in visible cells (``Value``); this package is
the same engine for arrays, the shape PyTorch's autograd has::

    from helpers.autograd import Tensor, no_grad
    W = Tensor(rng.standard_normal((3, 2)), requires_grad=True)
    b = Tensor(np.zeros((3, 1)), requires_grad=True)
    loss = (W @ X + b).tanh().sum()
    loss.backward()                   # W.grad (3, 2), b.grad (3, 1), summed over X's columns

As in PyTorch, ``backward`` fills ``.grad`` on leaves only (``t.retain_grad()`` keeps an
intermediate one), adds to what a leaf holds (``zero_grad()`` clears it), and frees the graph:
a second ``backward`` through it raises ``RuntimeError`` unless the first had
``retain_graph=True``. ``tests/test_torch_bridge.py`` checks each of these against PyTorch.

Modules: ``tensor`` (the ``Tensor`` and its operations: + - * / ** @, exp, log, tanh,
sigmoid, relu, sum, mean, transpose; ``softmax_cross_entropy``; ``no_grad``), ``graph``
(topological order; backward replayed one node at a time, for drawings) and ``nn`` (the
series' ``MLP`` written with tensors, whose gradients equal ``MLP.backward``'s).
"""
from .graph import backward_steps, topological_order
from .nn import gradients, network_loss, neuron_003, parameters
from .tensor import Tensor, no_grad, softmax_cross_entropy

__all__ = ["Tensor", "backward_steps", "gradients", "network_loss", "neuron_003", "no_grad",
           "parameters", "softmax_cross_entropy", "topological_order"]

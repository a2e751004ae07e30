"""The helper package behind the backpropagation notebooks.

The small top-level API the notebooks use::

    from helpers import MLP, train, gradcheck, SEED

    net = MLP([2, 8, 1], activation="tanh", output="sigmoid", seed=SEED)
    A, cache = net.forward(X)              # X (n_0, m) -> A_L (n_L, m), cache of Z_l, A_l
    grads = net.backward(cache, Y)         # dW1, db1, ...: gradients of the averaged loss
    history = train(net, X, Y, optimizer=0.5, n_epochs=100)
    ok, rows = gradcheck.check_network(net, X, Y)           # against centred differences

Every loss argument defaults to the one the output implies (``net.default_loss``: bce for a
sigmoid output, ce for softmax, mse for linear).

``MLP`` and ``train`` are loaded on first use (``import helpers`` alone stays cheap);
``gradcheck`` is the module :mod:`helpers.gradcheck`.

Modules, from the maths at the bottom to what a person sees at the top (nothing lower
imports anything higher)::

    _validate                the input checks every entry point shares (one of each kind)
    activations, losses      element-wise functions and their derivatives   (numpy)
    regularisation           inverted dropout's mask, early stopping's bookkeeping
    network                  MLP: params, forward -> (A_L, cache), backward -> grads,
                             per-example deltas; lean unchecked paths (check=False)
    xor                      the 2-2-1 XOR network of notebook 01 (xor_params, xor_forward)
    portable                 round-off printed as bounds, so outputs hold on every CPU
    gradcheck                centred differences, relative errors, a readable report
    symbolic                 the network as SymPy expressions; derive, lambdify, prove equal
    symbolic_check           symbolic gradients against numbers; typesetting (IPython)
    bugzoo, trace            typical backward bugs to inject (and the zoo's problem);
                             worked step-by-step traces
    optimizers               SGD, momentum, RMSProp, Adam: step(params, grads) in place;
                             clipping by norm
    schedules                learning-rate schedules (step, 1/t, warm restarts)
    training                 the loop: batches, shuffling, history, per-epoch callback,
                             validation set, early stopping
    deep                     per-layer statistics of deep networks; the variance argument
    residual, normalisation  residual blocks; batch and layer normalisation (forward and the
                             hand-derived backward beside each other), a normalised network
    conv                     convolution and pooling (images (m, C, H, W)): correlate,
                             convolve, im2col/col2im, conv, max and average pooling forward
                             and backward beside each other; lean unchecked paths
    convnet                  ConvNet: conv -> ReLU -> max pool -> dense softmax, in MLP's
                             protocol (train, evaluate and gradcheck take it)
    autograd/                a reverse-mode tensor engine (Tensor, .backward(), .grad)
    datasets                 xor, moons, circles, spirals, digits; train/test split
    plotting                 decision boundaries, loss curves, network drawings
    widgets/                 the sliders and panels of each notebook (thin views)
    exercises/               checkers that name the mistake
    series                   the notebooks in order, their navigation lines, the series' seed

Beside the package: ``notebooks/check_environment.py`` (standard library only, so it can
report a missing ``helpers`` too) is notebook 00's first cell; ``solutions/`` holds the one
copy of each exercise's answer and the discussion questions' model answers.
"""
__version__ = "0.1.0"

SEED = 0   # the series' default seed; a notebook reads its own with series.series_seed()

__all__ = ["MLP", "SEED", "gradcheck", "train"]

_LAZY = {"MLP": ("network", "MLP"), "train": ("training", "train")}


def __getattr__(name):
    """``helpers.MLP`` and ``helpers.train``, imported on first use (PEP 562)."""
    if name in _LAZY:
        import importlib
        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    if name == "gradcheck":
        import importlib
        return importlib.import_module(f"{__name__}.gradcheck")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_LAZY) + ["gradcheck"])

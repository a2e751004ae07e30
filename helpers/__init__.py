"""The helper package behind the backpropagation notebooks.

Modules, from the maths at the bottom to what a person sees at the top (nothing lower
imports anything higher)::

    activations, losses      element-wise functions and their derivatives   (numpy)
    network                  MLP: params, forward -> (A_L, cache), backward -> grads
    gradcheck                centred differences, relative errors, a readable report
    symbolic                 the network as SymPy expressions; derive, lambdify, compare
    bugzoo, trace            typical backward bugs to inject; worked step-by-step traces
    optimizers               SGD, momentum, RMSProp, Adam: step(params, grads) in place
    training                 the loop: batches, shuffling, history, per-epoch callback
    datasets                 xor, moons, circles, spirals, digits; train/test split
    plotting                 decision boundaries, loss curves, network drawings
    widgets/                 the sliders and panels of each notebook (thin views)
    exercises/               checkers that name the mistake
    series                   the notebooks in order, and their navigation lines
"""
__version__ = "0.1.0"

SEED = 0   # the one seed every notebook starts from

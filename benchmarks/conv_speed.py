"""One training epoch of notebook 09's digits CNN: ``ConvNet`` + ``train`` against PyTorch.

The network: conv 8 x 3x3 -> ReLU -> 2x2 max pool -> dense softmax (10 classes), on 1,500 of the
8x8 digits, plain SGD, cross-entropy. One epoch = a shuffle, 150 mini-batch steps (forward,
backward, update) and one pass over all 1,500 images recording the loss and accuracy (what
``train`` does every epoch, so PyTorch does it too):

* ``helpers``: ``train(ConvNet(), X, Y, optimizer=SGD(0.1), n_epochs=1, batch_size=10)``;
* ``PyTorch``: the same network (its parameters copied from the ConvNet) in float64 on the CPU
  with ``torch.set_num_threads(1)``, the same batches in the same order (``train``'s shuffle),
  ``torch.optim.SGD``, ``F.cross_entropy``, and ``torch.no_grad()`` for the recording pass.

Both runs start from the same parameters and see the same batches, so they must end at the same
parameters: the script prints the largest difference (round-off only) before timing anything.

Target (issue 27): ConvNet no slower than PyTorch at batch size 10. Times are the median over
repeats of one epoch, this process's CPU time by default (steady on a shared machine; ``--clock
wall`` for elapsed time). Usage::

    python benchmarks/conv_speed.py [--repeats 7] [--clock cpu|wall] [--check]

``--check`` exits with status 1 when the target is missed. Without torch the script times
ConvNet alone and says so.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"                      # small matrices: one BLAS thread (before numpy)

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from helpers import datasets  # noqa: E402
from helpers.convnet import ConvNet  # noqa: E402
from helpers.optimizers import SGD  # noqa: E402
from helpers.training import train  # noqa: E402

M, LEARNING_RATE = 1500, 0.1


def helpers_epoch(state, X, Y, batch, seed):
    train(state, X, Y, optimizer=SGD(LEARNING_RATE), n_epochs=1, batch_size=batch, seed=seed)


def torch_network(net):
    """The same network in PyTorch, float64, starting from the ConvNet's parameters."""
    import torch
    conv = torch.nn.Conv2d(1, net.n_filters, net.kernel_size, dtype=torch.float64)
    dense = torch.nn.Linear(net.layer_sizes[1], net.n_classes, dtype=torch.float64)
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(net.params["W1"]))
        conv.bias.copy_(torch.from_numpy(net.params["b1"]))
        dense.weight.copy_(torch.from_numpy(net.params["W2"]))
        dense.bias.copy_(torch.from_numpy(net.params["b2"][:, 0]))
    model = torch.nn.Sequential(conv, torch.nn.ReLU(), torch.nn.MaxPool2d(net.pool),
                                torch.nn.Flatten(), dense)
    return model, torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)


def torch_epoch(state, X, labels, batch, seed):
    """One epoch in PyTorch: train's shuffle, its batches, its recording pass."""
    import torch
    F = torch.nn.functional
    model, optimizer = state
    order = torch.from_numpy(np.random.default_rng(seed).permutation(X.shape[0]))
    Xs, ys = X[order], labels[order]
    for start in range(0, X.shape[0], batch):
        optimizer.zero_grad()
        F.cross_entropy(model(Xs[start:start + batch]), ys[start:start + batch]).backward()
        optimizer.step()
    with torch.no_grad():                        # the loss and accuracy train records
        logits = model(X)
        F.cross_entropy(logits, labels).item()
        (logits.argmax(dim=1) == labels).double().mean().item()


def time_epochs(epoch, state, data, batch, repeats, clock):
    """Median over ``repeats`` of one epoch, in ms (after one warm-up epoch)."""
    epoch(state, *data, batch, 0)
    times = []
    for r in range(repeats):
        start = clock()
        epoch(state, *data, batch, r + 1)
        times.append((clock() - start) * 1e3)
    return statistics.median(times)


def same_epoch(X, Y, batch):
    """Largest difference between the two networks' parameters after one identical epoch."""
    net = ConvNet(seed=0)
    state = torch_network(net)
    torch_epoch(state, *torch_data(X, Y), batch, 0)
    helpers_epoch(net, X, Y, batch, 0)
    conv, dense = state[0][0], state[0][4]
    theirs = [conv.weight, conv.bias, dense.weight, dense.bias[:, None]]
    return max(float(np.abs(net.params[k] - t.detach().numpy()).max())
               for k, t in zip(["W1", "b1", "W2", "b2"], theirs))


def torch_data(X, Y):
    import torch
    return torch.from_numpy(X.T.reshape(-1, 1, 8, 8).copy()), torch.from_numpy(Y.argmax(axis=0))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    args = parser.parse_args(argv)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    X, Y, _ = datasets.digits()
    X, Y = np.ascontiguousarray(X[:, :M]), np.ascontiguousarray(Y[:, :M])
    try:
        import torch
    except ImportError:
        torch = None
        print("PyTorch is not installed: timing ConvNet alone (pip install torch for the "
              "comparison; a CPU build is enough)")
    else:
        torch.set_num_threads(1)
        print(f"PyTorch {torch.__version__}, float64, 1 thread; same start, same batches: "
              f"parameters after one epoch differ by at most {same_epoch(X, Y, 10):.1e}")
    print(f"One epoch of the digits CNN ({M:,} images, SGD, + the recording pass), "
          f"{args.clock} time, median of {args.repeats}")
    header = f"{'batch':>5} | {'ConvNet ms':>10} | {'PyTorch ms':>10} | {'ratio':>5} | target"
    print(header)
    print("-" * len(header))
    missed = False
    for batch in (10, 100):
        ours = time_epochs(helpers_epoch, ConvNet(seed=0), (X, Y), batch, args.repeats, clock)
        if torch is None:
            print(f"{batch:>5} | {ours:10.1f} | {'-':>10} | {'-':>5} | -")
            continue
        theirs = time_epochs(torch_epoch, torch_network(ConvNet(seed=0)), torch_data(X, Y),
                             batch, args.repeats, clock)
        ratio = ours / theirs
        judged = batch == 10
        missed |= judged and ratio > 1
        verdict = f"<= 1x: {'pass' if ratio <= 1 else 'FAIL'}" if judged else "-"
        print(f"{batch:>5} | {ours:10.1f} | {theirs:10.1f} | {ratio:5.2f} | {verdict}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())

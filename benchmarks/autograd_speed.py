"""The tensor engine's training step against MLP's own, on the digits task, side by side.

One step = forward pass, backward pass and the SGD update of every parameter, on a mini-batch
of the digits training set (64 inputs, a tanh hidden layer, 10 softmax outputs, cross-entropy):

* ``MLP``: ``net.forward`` + ``net.backward`` (the backward pass written by hand) + update;
* ``tensor engine``: ``helpers.autograd``'s graph built by the same forward pass, ``backward()``,
  the same update on ``.data``, then ``zero_grad()``.

Target (issue 16): the engine within 2x of MLP at batch size 10.

A second table backs notebook 08's cost argument: one forward pass (building the graph) and one
backward pass of the engine on the whole digits set, for hidden widths 16 to 1,024; backward /
forward should stay a small constant while the parameters grow 64-fold (target: under 4, the
bound the notebook asserts). Times are the median over
repeats of a block of steps, on one BLAS thread, this process's CPU time by default (steady on
a shared machine; ``--clock wall`` for elapsed time). Usage::

    python benchmarks/autograd_speed.py [--steps 200] [--repeats 7] [--check]

``--check`` exits with status 1 when the engine misses the target.
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
from helpers.autograd import Tensor, parameters, softmax_cross_entropy  # noqa: E402
from helpers.network import MLP  # noqa: E402

TARGET = 2.0                                     # engine / MLP at batch size 10
RATIO_TARGET = 4.0                               # backward / forward, every width


def mlp_step(net, X, Y, learning_rate=0.1):
    _, cache = net.forward(X)
    for name, g in net.backward(cache, Y, "ce").items():
        net.params[name[1:]] -= learning_rate * g


def engine_step(P, X, Y, learning_rate=0.1):
    A1 = (P["W1"] @ Tensor(X) + P["b1"]).tanh()
    softmax_cross_entropy(P["W2"] @ A1 + P["b2"], Y).backward()
    for p in P.values():
        p.data -= learning_rate * p.grad
        p.zero_grad()


def time_steps(step, state, batches, repeats, clock):
    """Median over ``repeats`` of the time per step of a pass over ``batches``, in µs."""
    for X, Y in batches[:20]:
        step(state, X, Y)                        # warm-up
    times = []
    for _ in range(repeats):
        start = clock()
        for X, Y in batches:
            step(state, X, Y)
        times.append((clock() - start) / len(batches) * 1e6)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=200, help="steps per timed block")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu")
    args = parser.parse_args(argv)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter

    X, Y, _ = datasets.digits()
    rng = np.random.default_rng(0)
    print(f"Training step on the digits (forward + backward + SGD update), 1 BLAS thread, "
          f"{args.clock} time, median of {args.repeats} x {args.steps} steps")
    header = (f"{'network':<12} {'batch':>5} | {'MLP µs':>8} | {'engine µs':>9} | {'ratio':>5} "
              f"| target")
    print(header)
    print("-" * len(header))
    missed = False
    for hidden in (32, 64):
        for batch in (10, 100):
            cols = [rng.choice(X.shape[1], batch, replace=False) for _ in range(args.steps)]
            batches = [(X[:, c], Y[:, c]) for c in cols]
            net = MLP([64, hidden, 10], "tanh", "softmax", init="he", seed=0)
            engine_params = parameters(net)
            t_mlp = time_steps(mlp_step, net, batches, args.repeats, clock)
            t_engine = time_steps(engine_step, engine_params, batches, args.repeats, clock)
            ratio = t_engine / t_mlp
            judged = batch == 10
            ok = ratio <= TARGET
            missed |= judged and not ok
            verdict = (f"<= {TARGET:g}x: {'pass' if ok else 'FAIL'}") if judged else "-"
            print(f"{f'64-{hidden}-10':<12} {batch:>5} | {t_mlp:8.1f} | {t_engine:9.1f} | "
                  f"{ratio:5.2f} | {verdict}")
    missed |= reverse_forward_table(X, Y, args.repeats * 2 + 1, clock)
    return 1 if (missed and args.check) else 0


def reverse_forward_table(X, Y, repeats, clock):
    """Print backward / forward time of the engine across widths; True if the target is missed."""
    print(f"\nOne forward and one backward pass of the engine on all {X.shape[1]} digits, best of "
          f"{repeats}")
    header = f"{'hidden':>6} {'parameters':>10} | {'forward ms':>10} | {'backward ms':>11} | ratio"
    print(header)
    print("-" * len(header))
    missed = False
    for width in (16, 64, 256, 1024):
        P = parameters(MLP([64, width, 10], "tanh", "softmax", init="lecun", seed=0))
        A0, forward, backward = Tensor(X), [], []
        for _ in range(repeats):
            start = clock()
            A1 = (P["W1"] @ A0 + P["b1"]).tanh()
            loss = softmax_cross_entropy(P["W2"] @ A1 + P["b2"], Y)
            middle = clock()
            loss.backward()
            forward.append(middle - start)
            backward.append(clock() - middle)
        ratio = min(backward) / min(forward)
        missed |= ratio > RATIO_TARGET
        n = sum(p.data.size for p in P.values())
        verdict = "FAIL" if ratio > RATIO_TARGET else "pass"
        print(f"{width:>6} {n:>10,} | {1e3 * min(forward):10.2f} | {1e3 * min(backward):11.2f} | "
              f"{ratio:5.2f} <= {RATIO_TARGET:g}: {verdict}")
    return missed


if __name__ == "__main__":
    sys.exit(main())

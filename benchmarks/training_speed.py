"""Training speed: the student's path and ``train`` against a per-example loop and PyTorch.

Implementations, each from the same initial weights:

* the student's path: ``A, cache = net.forward(Xb)``, ``grads = net.backward(cache, Yb,
  loss)``, ``optimizer.step(net.params, grads)`` per mini-batch, every call validated, as a
  notebook writes it;
* ``train``: the same passes (``MLP``'s own forward and backward) with the data validated once;
* document 002's per-example loop; PyTorch CPU float64 (optional) doing the same.

Two tasks, interleaved over several rounds (the best round counts: on a shared machine it is
the least disturbed one):

* digits: scikit-learn's 8x8 digits (1,348 training images), 64-30-10 sigmoid, quadratic cost,
  mini-batches of 10, learning rate 3.0, 30 epochs, as in Nielsen's book (seconds per epoch);
* playground: one retrain of the playground's default network, 2-16-16-1 tanh with a
  sigmoid output and cross-entropy, on 200 moons points, 1,000 full-batch epochs (seconds).

Every implementation runs on one thread (environment variables set before numpy is
imported, threadpoolctl, torch.set_num_threads(1)). PyTorch is optional: not installed, its
rows say so. Targets on digits: the student's path >= 3x faster than PyTorch, train >= 5x
faster than the per-example loop; the playground retrain under 0.1 s.

Run: ``.venv/bin/python benchmarks/training_speed.py [--rounds 3]``
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"                      # before numpy is imported: one BLAS thread

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from helpers import datasets  # noqa: E402
from helpers.network import MLP  # noqa: E402
from helpers.optimizers import SGD  # noqa: E402
from helpers.training import evaluate, train  # noqa: E402

try:
    import torch
    torch.set_num_threads(1)
except ImportError:                               # optional: its rows are skipped
    torch = None

DIGITS = dict(sizes=[64, 30, 10], activation="sigmoid", output="sigmoid", loss="mse",
              batch=10, lr=3.0, epochs=30)
PLAYGROUND = dict(sizes=[2, 16, 16, 1], activation="tanh", output="sigmoid", loss="bce",
                  batch=None, lr=0.5, epochs=1000)


def task_data(name):
    if name == "digits":
        X, Y, _ = datasets.digits()
        X_tr, X_te, Y_tr, Y_te = datasets.train_test_split(X, Y, 0.25, seed=0)
        return X_tr, Y_tr, X_te, Y_te
    X, Y = datasets.moons(200, 0.1, seed=0)
    return X, Y, X, Y


def fresh_net(cfg):
    return MLP(cfg["sizes"], cfg["activation"], cfg["output"], "xavier", seed=0)


# ----------------------------------------------------------------- implementations
def run_helpers(cfg, X, Y):
    net = fresh_net(cfg)
    t = time.perf_counter()
    train(net, X, Y, cfg["loss"], SGD(cfg["lr"]), cfg["epochs"], cfg["batch"], seed=0)
    return time.perf_counter() - t, net


def run_student(cfg, X, Y):
    """The loop a notebook writes with the public API: every call checks its input."""
    net = fresh_net(cfg)
    optimizer = SGD(cfg["lr"])
    m = X.shape[1]
    batch = cfg["batch"] or m
    rng = np.random.default_rng(0)
    t = time.perf_counter()
    for _ in range(cfg["epochs"]):
        order = rng.permutation(m) if batch < m else np.arange(m)
        Xs, Ys = X[:, order], Y[:, order]
        for start in range(0, m, batch):
            A, cache = net.forward(Xs[:, start:start + batch])
            grads = net.backward(cache, Ys[:, start:start + batch], cfg["loss"])
            optimizer.step(net.params, grads)
    return time.perf_counter() - t, net


def run_per_example(cfg, X, Y):
    """Document 002's way: one example (one column) at a time through forward and backward,
    gradients summed over the mini-batch, then one update."""
    net = fresh_net(cfg)
    W = [net.params[f"W{l}"] for l in range(1, net.n_layers + 1)]
    b = [net.params[f"b{l}"] for l in range(1, net.n_layers + 1)]
    sigmoid = lambda z: 1.0 / (1.0 + np.exp(-z))  # noqa: E731
    hidden, d_hidden = {"sigmoid": (sigmoid, lambda a: a * (1 - a)),
                        "tanh": (np.tanh, lambda a: 1 - a * a)}[cfg["activation"]]
    m = X.shape[1]
    batch = cfg["batch"] or m
    rng = np.random.default_rng(0)
    t = time.perf_counter()
    for _ in range(cfg["epochs"]):
        order = rng.permutation(m) if batch < m else np.arange(m)
        for start in range(0, m, batch):
            idx = order[start:start + batch]
            gW = [np.zeros_like(w) for w in W]
            gb = [np.zeros_like(v) for v in b]
            for i in idx:
                a = [X[:, i:i + 1]]
                for l in range(len(W)):
                    z = W[l] @ a[-1] + b[l]
                    a.append(sigmoid(z) if l == len(W) - 1 else hidden(z))
                y = Y[:, i:i + 1]
                delta = a[-1] - y                             # sigmoid + cross-entropy
                if cfg["loss"] == "mse":
                    delta = delta * a[-1] * (1 - a[-1])          # sigmoid + squared error
                for l in range(len(W) - 1, -1, -1):
                    gW[l] += delta @ a[l].T
                    gb[l] += delta
                    if l:
                        delta = (W[l].T @ delta) * d_hidden(a[l])
            for l in range(len(W)):
                W[l] -= cfg["lr"] / len(idx) * gW[l]
                b[l] -= cfg["lr"] / len(idx) * gb[l]
    return time.perf_counter() - t, net


def run_torch(cfg, X, Y):
    """The same network in PyTorch, float64, rows = examples, from the same initial weights."""
    net = fresh_net(cfg)
    layers = []
    for l in range(1, net.n_layers + 1):
        lin = torch.nn.Linear(*net.params[f"W{l}"].shape[::-1], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(net.params[f"W{l}"]))
            lin.bias.copy_(torch.from_numpy(net.params[f"b{l}"][:, 0]))
        layers.append(lin)
        if l < net.n_layers:
            layers.append(torch.nn.Sigmoid() if cfg["activation"] == "sigmoid" else torch.nn.Tanh())
    if cfg["loss"] == "mse":
        layers.append(torch.nn.Sigmoid())
        loss_fn = lambda out, y: 0.5 * ((out - y) ** 2).sum() / y.shape[0]  # noqa: E731
    else:
        loss_fn = torch.nn.BCEWithLogitsLoss()                 # sigmoid folded into the loss
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=cfg["lr"])
    Xt, Yt = torch.from_numpy(X.T.copy()), torch.from_numpy(Y.T.copy())
    m = Xt.shape[0]
    batch = cfg["batch"] or m
    gen = torch.Generator().manual_seed(0)
    t = time.perf_counter()
    for _ in range(cfg["epochs"]):
        order = torch.randperm(m, generator=gen) if batch < m else None
        Xs, Ys = (Xt[order], Yt[order]) if order is not None else (Xt, Yt)
        for start in range(0, m, batch):
            opt.zero_grad()
            loss = loss_fn(model(Xs[start:start + batch]), Ys[start:start + batch])
            loss.backward()
            opt.step()
    elapsed = time.perf_counter() - t
    with torch.no_grad():                                      # copy back, to score it alike
        for l, lin in enumerate([x for x in layers if isinstance(x, torch.nn.Linear)], start=1):
            net.params[f"W{l}"][...] = lin.weight.numpy()
            net.params[f"b{l}"][...] = lin.bias.numpy()[:, None]
    return elapsed, net


def playground_update_seconds():
    """One playground update as the panel does it: retrain, redraw, render a PNG."""
    from helpers.widgets.playground import DEFAULTS, PlaygroundView, png_bytes
    view = PlaygroundView()
    t = time.perf_counter()
    png_bytes(view.update(**DEFAULTS))
    return time.perf_counter() - t


# ----------------------------------------------------------------- the table
TORCH = "PyTorch CPU float64"


def main(rounds):
    impls = {"student's path": run_student, "train()": run_helpers,
             "per-example loop": run_per_example}
    if torch is not None:
        impls[TORCH] = run_torch
    rows = []
    with threadpool_limits(limits=1):
        for task, cfg in (("digits", DIGITS), ("playground", PLAYGROUND)):
            X, Y, X_te, Y_te = task_data(task)
            best, acc = {}, {}
            for r in range(rounds):                        # interleaved: same load for each
                for name, fn in impls.items():
                    if r and task == "playground" and name == "per-example loop":
                        continue                           # ~40x slower: one round is enough
                    seconds, net = fn(cfg, X, Y)
                    best[name] = min(best.get(name, np.inf), seconds)
                    acc[name] = evaluate(net, X_te, Y_te, cfg["loss"])[1]
            per = cfg["epochs"] if task == "digits" else 1
            for name in impls:
                vs_torch = best[TORCH] / best[name] if torch is not None else None
                rows.append((task, name, best[name] / per, vs_torch, acc[name]))
            if torch is None:
                rows.append((task, TORCH, None, None, None))
        update = min(playground_update_seconds() for _ in range(rounds))
    print(f"one thread each, best of {rounds} interleaved rounds; 'x torch' = PyTorch's time / "
          f"this one's\n(higher is faster); accuracy on the digits' test split and on the "
          f"moons' training points\n")
    print(f"{'task':<11} {'implementation':<21} {'seconds':>9}  {'x torch':>8}  accuracy")
    print("-" * 66)
    for task, name, sec, vs_torch, accuracy in rows:
        unit = "/epoch" if task == "digits" else "/run"
        if sec is None:
            print(f"{task:<11} {name:<21} {'(torch not installed: skipped)':>36}")
            continue
        ratio = f"{vs_torch:>7.1f}x" if vs_torch is not None else f"{'-':>8}"
        print(f"{task:<11} {name:<21} {sec:>9.4f}  {ratio}  {accuracy:>7.1%}   {unit}")
    print(f"{'playground':<11} {'view update + PNG':<21} {update:>9.4f}  {'':>8}  {'':>8}   /click")
    print()
    by = {(t, n): (s, r) for t, n, s, r, _ in rows}
    checks = [("digits: train() >= 5x faster than the per-example loop",
               by[("digits", "per-example loop")][0] >= 5 * by[("digits", "train()")][0])]
    if torch is not None:
        checks.append(("digits: the student's path >= 3x faster than PyTorch",
                       by[("digits", "student's path")][1] >= 3))
        checks.append(("digits: train() >= 3x faster than PyTorch",
                       by[("digits", "train()")][1] >= 3))
    else:
        print("PyTorch is not installed: its comparisons are skipped "
              "(pip install torch==2.13.0 to run them; it is not a requirement)")
    checks.append(("playground retrain < 0.1 s", by[("playground", "train()")][0] < 0.1))
    checks.append(("playground update with its plot < 0.3 s", update < 0.3))
    for text, ok in checks:
        print(f"{'ok  ' if ok else 'MISS'} {text}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (best counts)")
    main(parser.parse_args().rounds)

"""How fast every widget answers a slider move, on one core, PNG render included.

Finds every module in helpers/widgets/ with a ``RESPONSIVENESS`` list (the contract is in
helpers/widgets/__init__.py), builds each view once, then moves one control at a time the way
a student does (each control in turn, to a new seeded random value from its range or choices),
timing ``update(**values)`` plus the PNG the browser receives (what ``live_panel`` sends:
``helpers.widgets.render_png``, at the series' 80 dpi). Times are this
process's CPU time by default (``--clock wall`` for elapsed time): on a machine shared with
others, that is what the same code takes on one core of its own.

Targets: 100 ms median per widget; the training playground (module ``playground``) retrains
on every change, 300 ms. Usage::

    python benchmarks/responsiveness.py [--moves 20] [--seed 0] [--check] [module ...]

``--check`` exits with status 1 when a widget misses its target.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS"):
    os.environ[_var] = "1"  # one core, as a student's laptop shared with a browser; before numpy
os.environ["MPLBACKEND"] = "Agg"

import argparse  # noqa: E402
import importlib  # noqa: E402
import io  # noqa: E402
import pkgutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import matplotlib  # noqa: E402
import numpy as np  # noqa: E402

TARGET_MS = 100.0
TARGETS_MS = {"playground": 300.0}  # module name -> its own target
DPI = 80  # plt.rcParams["figure.dpi"] in every notebook's set-up cell


def limit_threads():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # the environment variables above already did it
        return None
    return threadpool_limits(limits=1)


def draw(spec, rng, current=None):
    """A value for one control: a choice from a list, or uniform in a (low, high) range
    (integers stay integers). Differs from ``current`` whenever the control allows it."""
    for _ in range(20):
        if isinstance(spec, (list, tuple)) and not _is_range(spec):
            value = spec[int(rng.integers(len(spec)))]
        else:
            lo, hi = spec
            value = (int(rng.integers(lo, hi + 1)) if isinstance(lo, int) and isinstance(hi, int)
                     and not isinstance(lo, bool) else float(rng.uniform(lo, hi)))
        if current is None or not _same(value, current):
            return value
    return value


def _is_range(spec):
    return (isinstance(spec, tuple) and len(spec) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in spec))


def _same(a, b):
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return a is b


def render(result):
    """What the browser receives: the PNG ``live_panel`` sends (``render_png``), or the
    inline backend's PNG (``bbox_inches="tight"``) where there is no ``render_png``, or the
    text of anything that is not a figure."""
    if not hasattr(result, "savefig"):
        return str(result)
    try:
        from helpers.widgets import render_png
    except ImportError:
        buf = io.BytesIO()
        result.savefig(buf, format="png", bbox_inches="tight", dpi=DPI)
        return buf.getvalue()
    return render_png(result)


def time_view(factory, ranges, moves, rng, clock=time.process_time):
    """Build the view once, set every control, then time ``moves`` single-control moves.

    Returns a list of (control, milliseconds)."""
    view = factory()
    values = {name: draw(spec, rng) for name, spec in ranges.items()}
    render(view.update(**values))  # the panel's first draw, not a move
    names = list(ranges)
    timings = []
    for i in range(moves):
        name = names[i % len(names)]
        values[name] = draw(ranges[name], rng, values[name])
        start = clock()
        render(view.update(**values))
        timings.append((name, 1000 * (clock() - start)))
    matplotlib.pyplot.close("all")
    return timings


def widget_modules(only=()):
    import helpers.widgets as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if only and info.name not in only:
            continue
        try:
            module = importlib.import_module(f"helpers.widgets.{info.name}")
        except Exception:  # a module being written right now: say so, keep going
            yield info.name, None, traceback.format_exc(limit=1).strip().splitlines()[-1]
            continue
        if hasattr(module, "RESPONSIVENESS"):
            yield info.name, module, None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="only these modules of helpers/widgets/")
    parser.add_argument("--moves", type=int, default=20, help="timed control moves per view")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                        help="cpu (default): this process's CPU time, i.e. the time on one "
                             "core of its own, steady on a busy machine; wall: elapsed time")
    args = parser.parse_args(argv)

    import matplotlib.pyplot  # noqa: F401  (warm font cache before timing)

    matplotlib.rcParams["figure.dpi"] = DPI
    limit_threads()
    rng = np.random.default_rng(args.seed)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    header = (f"{'widget':<34} {'median ms':>9} {'worst ms':>9} {'target':>7}  {'result':<6}"
              f"  slowest control")
    print(f"Responsiveness: {args.moves} control moves per view, update + PNG render, "
          f"1 thread, {args.clock} time")
    print(header)
    print("-" * len(header))
    missed = []
    for name, module, error in widget_modules(args.modules):
        if module is None:
            print(f"{name:<34} {'':>9} {'':>9} {'':>7}  {'ERROR':<6}  import failed: {error}")
            missed.append(name)
            continue
        target = TARGETS_MS.get(name, TARGET_MS)
        for factory, ranges in module.RESPONSIVENESS:
            label = f"{name}.{getattr(factory, '__name__', repr(factory))}"
            try:
                timings = time_view(factory, ranges, args.moves, rng, clock)
            except Exception:
                err = traceback.format_exc(limit=2).strip().splitlines()[-1]
                print(f"{label:<34} {'':>9} {'':>9} {target:>7.0f}  {'ERROR':<6}  {err}")
                missed.append(label)
                continue
            ms = [t for _, t in timings]
            median, worst = statistics.median(ms), max(ms)
            per_control = {}
            for control, t in timings:
                per_control.setdefault(control, []).append(t)
            slowest = max(per_control, key=lambda c: statistics.median(per_control[c]))
            ok = median < target
            if not ok:
                missed.append(label)
            print(f"{label:<34} {median:>9.1f} {worst:>9.1f} {target:>7.0f}  "
                  f"{'pass' if ok else 'FAIL':<6}  {slowest} "
                  f"({statistics.median(per_control[slowest]):.0f} ms median)")
    if missed:
        print(f"\nmissed target: {', '.join(missed)}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())

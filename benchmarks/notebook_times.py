"""How long each notebook takes to run top to bottom in a fresh kernel, on one core.

Executes every notebook in notebooks/ (or the ones named on the command line) with nbclient,
in memory (nothing is written back), each in a new kernel, and prints seconds per notebook
against its target. The time is wall-clock from kernel start to the last cell: what a student
waits for after "Restart Kernel and Run All Cells". By default the process and the kernels it
starts are pinned to one CPU core (Linux; elsewhere the whole machine is used) and BLAS runs
one thread.

Targets: notebook 03 under 20 s, notebook 05 under 60 s, the others have none. Usage::

    python benchmarks/notebook_times.py [--cores N] [--check] [notebooks/NN_name.ipynb ...]

``--check`` exits with status 1 when a notebook misses its target or fails to run.
"""
import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS"):
    os.environ[_var] = "1"  # inherited by the kernels: BLAS on one thread, as in the notebooks
os.environ["MPLBACKEND"] = "Agg"

import argparse  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
#: notebook number prefix -> target in seconds
TARGETS = {"03": 20.0, "05": 60.0}


def target_for(path):
    """The target in seconds for a notebook file, or None."""
    return TARGETS.get(pathlib.Path(path).name[:2])


def pin_to_cores(n_cores):
    """Run this process (and the kernels it starts) on the first ``n_cores`` CPUs, if possible."""
    if not hasattr(os, "sched_setaffinity"):
        return "all (no CPU pinning on this system)"
    available = sorted(os.sched_getaffinity(0))
    chosen = available[:max(1, n_cores)]
    os.sched_setaffinity(0, chosen)
    return f"{len(chosen)} (CPU {', '.join(map(str, chosen))})"


def run(path, timeout=900):
    """Execute one notebook in a fresh kernel; return (seconds, error message or None)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            extra_arguments=["--log-level=ERROR"],   # no start-up chatter
                            resources={"metadata": {"path": str(pathlib.Path(path).parent)}})
    start = time.perf_counter()
    try:
        client.execute()
    except Exception as exc:                                  # report it, time the others
        return time.perf_counter() - start, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return time.perf_counter() - start, None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--cores", type=int, default=1, help="CPU cores to run on (default 1)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    paths = [pathlib.Path(p) for p in args.notebooks] or sorted(NOTEBOOK_DIR.glob("[0-9]*.ipynb"))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    cores = pin_to_cores(args.cores)
    print(f"Notebook run times, fresh kernel each, cores: {cores}", flush=True)
    print(f"{'notebook':<34} | {'seconds':>8} | {'target':>8} | result")
    failed = False
    for path in paths:
        seconds, error = run(path)
        target = target_for(path)
        if error:
            result, failed = f"ERROR ({error})", True
        elif target is None:
            result = "-"
        elif seconds < target:
            result = "pass"
        else:
            result, failed = "FAIL", True
        target_text = f"< {target:.0f} s" if target else "none"
        print(f"{path.name:<34} | {seconds:>8.1f} | {target_text:>8} | {result}", flush=True)
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())

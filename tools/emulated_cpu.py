"""Check that an emulated CPU (``make test-portable``) is really in effect, and say what it is.

    NPY_DISABLE_CPU_FEATURES="..." OPENBLAS_CORETYPE=... python tools/emulated_cpu.py

numpy picks its SIMD kernels at import (its dispatch targets: ``X86_V3`` is AVX2+FMA3 on numpy
2.4, ``X86_V4`` and ``AVX512_*`` the AVX-512 ones) and ``NPY_DISABLE_CPU_FEATURES`` takes
targets away; OpenBLAS picks its kernels by CPU model and ``OPENBLAS_CORETYPE`` overrides it.
Either can be silently ineffective: numpy ignores a name that is not one of its dispatch
targets (``AVX2`` alone changes nothing on numpy 2.4), and a run would then prove nothing. This
exits 1 unless every disabled target numpy knows is really off and OpenBLAS reports the
requested core type; it prints the SIMD targets and BLAS kernels in use.
"""
import os
import sys


def numpy_simd():
    """(targets this numpy dispatches to, targets in use on this process), as
    ``numpy.show_runtime()`` reports them."""
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return list(__cpu_dispatch__), [t for t in __cpu_dispatch__ if __cpu_features__.get(t)]


def openblas():
    """(architecture, threads) of the BLAS numpy uses, as threadpoolctl reports it."""
    import numpy  # noqa: F401  (loads its OpenBLAS)
    from threadpoolctl import threadpool_info

    for lib in threadpool_info():
        if lib.get("internal_api") == "openblas":
            return lib.get("architecture"), lib.get("num_threads")
    return None, None


def check(environ=os.environ):
    """Problems with the emulation requested in ``environ`` (empty when it is in effect)."""
    problems = []
    targets, found = numpy_simd()
    disabled = environ.get("NPY_DISABLE_CPU_FEATURES", "").replace(",", " ").split()
    for name in disabled:
        if name in found:
            problems.append(f"numpy still dispatches to {name}")
    if disabled and not any(name in targets for name in disabled):
        problems.append(f"none of {disabled} is a numpy dispatch target ({targets})")
    wanted = environ.get("OPENBLAS_CORETYPE")
    arch, _ = openblas()
    if wanted and (arch or "").lower() != wanted.lower():
        problems.append(f"OpenBLAS runs {arch} kernels, not the requested {wanted}")
    return problems


def main():
    targets, found = numpy_simd()
    arch, threads = openblas()
    print(f"emulated CPU: numpy SIMD targets in use {found or ['baseline only']} "
          f"(of {targets}); OpenBLAS {arch} kernels, {threads} threads")
    problems = check()
    for problem in problems:
        print(f"emulation NOT in effect: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

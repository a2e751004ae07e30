"""tools/emulated_cpu.py: `make test-portable` refuses to run under an emulation not in effect."""
import os
import pathlib
import subprocess
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "emulated_cpu.py"


def run(**env):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"NPY_DISABLE_CPU_FEATURES", "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS"}}
    return subprocess.run([sys.executable, str(TOOL)], env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_the_portable_settings_are_in_effect():
    old = run(NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR X86_V3 AVX2 FMA3",
              OPENBLAS_CORETYPE="Sandybridge", OPENBLAS_NUM_THREADS="1")
    assert old.returncode == 0, old.stderr
    assert "baseline only" in old.stdout and "Sandybridge kernels, 1 threads" in old.stdout
    avx2 = run(NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR", OPENBLAS_CORETYPE="Haswell")
    assert avx2.returncode == 0, avx2.stderr
    assert "X86_V4" not in avx2.stdout.split("(of")[0] and "Haswell kernels" in avx2.stdout


def test_an_ineffective_setting_is_refused():
    # numpy 2.4 dispatches on X86_V3, not on AVX2/FMA3: capping those alone changes nothing
    names = run(NPY_DISABLE_CPU_FEATURES="AVX2 FMA3")
    assert names.returncode == 1 and "is a numpy dispatch target" in names.stderr
    core = run(OPENBLAS_CORETYPE="NoSuchCore")
    assert core.returncode == 1 and "not the requested NoSuchCore" in core.stderr

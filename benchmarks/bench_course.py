"""Course-level budgets: how fast ``import k8slearn`` is, and how long each notebook runs.

* Import time of ``k8slearn`` in a fresh interpreter: the median of several runs of
  ``python -X importtime -c "import k8slearn"`` (k8slearn's cumulative import time, which
  excludes interpreter start-up), and as a cross-check the wall time of
  ``python -c "import k8slearn"`` minus the wall time of ``python -c pass`` (the baseline,
  measured in the same run; minimum of the runs).  Target: < 150 ms.  Also checked:
  neither ``import k8slearn`` nor importing every core (non-viz) module pulls in
  matplotlib, ipywidgets or IPython.
* Every ``notebooks/*.ipynb`` executed with nbclient in a fresh kernel (kernel start-up
  included), each <= 20 s and <= 180 s in total; the ratio is against an empty notebook
  (kernel start-up alone) executed in the same run.  Notebooks are executed in memory; the
  files are not rewritten.

Run: ``python benchmarks/run.py course``.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
IMPORT_TARGET_MS = 150.0
NOTEBOOK_TARGET_S = 20.0
COURSE_TARGET_S = 180.0
HEAVY = ("matplotlib", "ipywidgets", "IPython")


def _python(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="0")
    return subprocess.run([sys.executable, *flags, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=True)


def _wall(code: str) -> float:
    start = time.perf_counter()
    _python(code)
    return time.perf_counter() - start


def _importtime_ms() -> float:
    """k8slearn's cumulative import time (µs in the -X importtime report) in ms."""
    err = _python("import k8slearn", "-X", "importtime").stderr
    for line in err.splitlines():
        m = re.match(r"import time:\s+\d+\s+\|\s+(\d+)\s+\|\s*(\S+)\s*$", line)
        if m and m.group(2) == "k8slearn":
            return int(m.group(1)) / 1000
    raise RuntimeError("k8slearn not found in the -X importtime report")


def _heavy_after(code: str) -> tuple[list[str], list[str]]:
    """Run ``code``; return the heavy modules it imported and the lines it printed."""
    out = _python(f"{code}\nimport sys; print('HEAVY:' + ','.join(m for m in {HEAVY!r} "
                  "if m in sys.modules))").stdout.splitlines()
    heavy = [line.removeprefix("HEAVY:") for line in out if line.startswith("HEAVY:")]
    printed = [line for line in out if not line.startswith("HEAVY:")]
    return [m for m in heavy[-1].split(",") if m], printed


def _core_modules() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from k8slearn import course

    return [m.name for m in course.iter_modules()
            if ".viz" not in m.name and not m.name.endswith("__main__")]


def import_rows() -> list[tuple[str, str, str]]:
    _python("import k8slearn")  # warm the bytecode cache and the page cache
    cumulative = statistics.median(_importtime_ms() for _ in range(RUNS))
    # Wall times: the minimum of the runs, the least disturbed by other load on the machine.
    base = min(_wall("pass") for _ in range(RUNS))
    full = min(_wall("import k8slearn") for _ in range(RUNS))
    delta_ms = (full - base) * 1000
    ok = "ok" if cumulative < IMPORT_TARGET_MS else "FAIL"
    rows = [
        ("import k8slearn (-X importtime, median)", f"{cumulative:.1f} ms",
         f"< {IMPORT_TARGET_MS:.0f} ms: {ok}"),
        ("import k8slearn wall - `python -c pass` (min)", f"{delta_ms:.1f} ms "
         f"({full / base:.2f}x baseline {base * 1000:.0f} ms)", f"< {IMPORT_TARGET_MS:.0f} ms: "
         f"{'ok' if delta_ms < IMPORT_TARGET_MS else 'FAIL'}"),
    ]
    heavy, _ = _heavy_after("import k8slearn")
    rows.append(("import k8slearn pulls in", ", ".join(heavy) or "nothing heavy",
                 "no matplotlib/ipywidgets/IPython: " + ("FAIL" if heavy else "ok")))
    mods = _core_modules()
    code = "\n".join(["import importlib", "bad = []", f"for m in {mods!r}:",
                      "    try:", "        importlib.import_module(m)",
                      "    except Exception as e:", "        bad.append(m)",
                      "print(len(bad))"])
    heavy, printed = _heavy_after(code)
    failed = f" ({printed[-1]} failed to import)" if printed and printed[-1] != "0" else ""
    rows.append((f"import all {len(mods)} core modules pulls in",
                 (", ".join(heavy) or "nothing heavy") + failed,
                 "no matplotlib/ipywidgets/IPython: " + ("FAIL" if heavy else "ok")))
    return rows


def _execute(nb) -> float:
    from nbclient import NotebookClient

    start = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return time.perf_counter() - start


def notebook_rows() -> list[tuple[str, str, str]]:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    base = _execute(new_notebook(cells=[new_code_cell("1")]))
    rows = [("empty notebook (kernel start-up, baseline)", f"{base:.1f} s", "-")]
    total = 0.0
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        seconds = _execute(nb)
        total += seconds
        ok = "ok" if seconds <= NOTEBOOK_TARGET_S else "FAIL"
        rows.append((f"notebook {path.stem}", f"{seconds:.1f} s ({seconds / base:.1f}x baseline)",
                     f"<= {NOTEBOOK_TARGET_S:.0f} s: {ok}"))
    ok = "ok" if total <= COURSE_TARGET_S else "FAIL"
    rows.append(("all notebooks, one after another", f"{total:.1f} s",
                 f"<= {COURSE_TARGET_S:.0f} s: {ok}"))
    return rows


def run() -> list[tuple[str, str, str]]:
    return import_rows() + notebook_rows()


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))

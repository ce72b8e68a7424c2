"""Run every ``benchmarks/bench_*.py`` and print one table (``make bench``).

Each bench module defines ``run() -> list[tuple[str, str, str]]``: rows of
(benchmark, measured, target/verdict).  Ratios are measured against a baseline
in the same run, so they mean something on any machine.

The last ``make mutation`` scores (``build/mutation.json``), when present, are
appended as rows.

Usage: python benchmarks/run.py [NAME_SUBSTRING ...]
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def lite_rows() -> list[tuple[str, str, str]]:
    """Cells that run in JupyterLite, as tests/site/test_lite.py last measured them."""
    report = HERE.parent / "build" / "lite-cells.json"
    if not report.exists():
        return [("JupyterLite: notebook cells run in the browser", "not measured",
                 "run `make site-test` (needs chromium, npm)")]
    r = json.loads(report.read_text())
    return [("JupyterLite: notebook cells run in the browser",
             f"{r['ran']}/{r['cells']} ({r['degraded']} say why not, {r['known']} known, "
             f"{r['failed']} failed)", "failed = 0 (build/lite-cells.json)")]


def mutation_rows(path: Path) -> list[tuple[str, str, str]]:
    """Rows for the last ``make mutation`` scores (build/mutation.json), when it exists."""
    if not path.exists():
        return []
    rows = []
    for _name, r in sorted(json.loads(path.read_text()).items()):
        if r.get("score") is None:
            continue
        verdict = "ok" if r["score"] >= 90.0 else "BELOW"
        rows.append((f"mutation score: {r['module']}",
                     f"{r['score']:.1f}% ({r['killed']}/{r['total']} killed)",
                     f">= 90% ({verdict})"))
    return rows


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE.parent))
    rows: list[tuple[str, str, str]] = []
    for path in sorted(HERE.glob("bench_*.py")):
        if argv and not any(a in path.stem for a in argv):
            continue
        start = time.perf_counter()
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        rows.extend(load(path).run())
        print(f"  {path.name}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    if not argv or any(a in "lite" for a in argv):
        rows.extend(lite_rows())
    if not argv or any("mutation" in a for a in argv):
        rows.extend(mutation_rows(HERE.parent / "build" / "mutation.json"))
    headers = ("benchmark", "measured", "target")
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(3)]
    line = "  ".join("-" * w for w in widths)
    print(line)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(line)
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``make mutation``: mutmut over the core modules, one bounded run per module.

For each module in MODULES this copies the package and the chosen tests into
``build/mutation/<name>/``, writes a ``[tool.mutmut]`` section that mutates only
that module and selects only its tests, runs ``mutmut run`` there (mutmut maps
each mutated function to the tests that reach it and runs only those), and
reads the verdicts.  Mutants listed in ``hack/mutation/equivalent.toml`` (each
with a reason) are left out of the score.  Scores go to ``build/mutation.json``
and are printed; ``benchmarks/run.py`` shows them in ``make bench``'s table.

    python hack/mutation/run.py                 # every module
    python hack/mutation/run.py queue replica_calculator
    python hack/mutation/run.py --list-survivors queue

Exit status 1 when a module scores below ``--min`` (default 90%).

Upstream: none (course tooling)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build" / "mutation"
EQUIVALENT = Path(__file__).with_name("equivalent.toml")

#: name -> (module path, test paths)
MODULES: dict[str, tuple[str, list[str]]] = {
    "queue": ("k8slearn/workqueue/queue.py", ["tests/workqueue"]),
    "delaying_queue": ("k8slearn/workqueue/delaying_queue.py", ["tests/workqueue"]),
    "default_rate_limiters": ("k8slearn/workqueue/default_rate_limiters.py",
                              ["tests/workqueue"]),
    "replica_calculator": ("k8slearn/podautoscaler/replica_calculator.py", ["tests/hpa"]),
    "normalization": ("k8slearn/podautoscaler/normalization.py", ["tests/hpa"]),
    # the controller's own test files: tests/controller as a whole (informer property
    # tests, real-thread stress) multiplies the run time several times over
    "replica_set": ("k8slearn/controller/replicaset/replica_set.py", [
        "tests/controller/test_controller_replicaset.py",
        "tests/controller/test_controller_utils.py",
        "tests/controller/test_controller_expectations_lab.py",
        "tests/controller/test_replica_set_strength.py",
        "tests/controller/test_replica_set_strength_2.py"]),
}

#: What the tests read besides the package and tests/ (copied next to them).
_EXTRAS = ("examples", "notebooks", "docs", "hack", "etc", "README.md")

_KILLED = {"killed", "timeout", "segfault", "suspicious"}
_COUNTED = _KILLED | {"survived"}


def _prepare(name: str) -> Path:
    module, tests = MODULES[name]
    work = BUILD / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    shutil.copytree(ROOT / "k8slearn", work / "k8slearn",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for extra in ("tests", *_EXTRAS):  # tests read these
        if (ROOT / extra).is_dir():
            shutil.copytree(ROOT / extra, work / extra,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        elif (ROOT / extra).exists():
            shutil.copy2(ROOT / extra, work / extra)
    pytest_args = ["-p", "no:randomly", "-p", "no:cacheprovider", "-x", "-q",
                   "-m", "not browser"]
    selection = json.dumps(tests)
    (work / "pyproject.toml").write_text(
        "[tool.pytest.ini_options]\n"
        'testpaths = ["tests"]\n'
        'markers = ["browser: real Chromium"]\n\n'
        "[tool.mutmut]\n"
        'source_paths = ["k8slearn"]\n'
        f'only_mutate = ["{module}"]\n'
        f"pytest_add_cli_args = {json.dumps(pytest_args)}\n"
        f"pytest_add_cli_args_test_selection = {selection}\n"
        f"also_copy = {json.dumps(list(_EXTRAS))}\n"
        "use_git_change_detection = false\n"
        "use_setproctitle = false\n"
        # fork mutants from a server that only collected the tests: the stats run
        # leaves threads and module state behind in mutmut's own process
        'process_isolation = "forkserver"\n')
    return work


def _verdicts(work: Path) -> dict[str, str]:
    """mutant name -> verdict, from ``mutmut results --all true``."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"],
                         cwd=work, capture_output=True, text=True, check=False).stdout
    verdicts = {}
    for line in out.splitlines():
        mutant, sep, verdict = line.strip().rpartition(": ")
        if sep and mutant:
            verdicts[mutant] = verdict.strip()
    return verdicts


def _equivalent(name: str) -> list[dict[str, str]]:
    """The module's ``[[<name>]]`` entries: function, before, after, reason."""
    import tomllib  # Python 3.11+, like `make mutation` itself

    if not EQUIVALENT.exists():
        return []
    return list(tomllib.loads(EQUIVALENT.read_text()).get(name, []))


def _code(line: str) -> str:
    return line[1:].split("  #")[0].strip()


def _diff(work: Path, mutant: str) -> tuple[str, str, str]:
    """(function, removed code, added code) of one mutant, from ``mutmut show``."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "show", mutant], cwd=work,
                         capture_output=True, text=True, check=False).stdout
    lines = out.splitlines()
    removed = " ".join(_code(ln) for ln in lines if ln.startswith("-")
                       and not ln.startswith("---"))
    added = " ".join(_code(ln) for ln in lines if ln.startswith("+")
                     and not ln.startswith("+++"))
    func = mutant.rsplit("__mutmut_", 1)[0].split(".")[-1].replace("xǁ", "").replace(
        "ǁ", ".").strip(".").removeprefix("x_")
    return func, removed, added


def _is_equivalent(entry: dict[str, str], diff: tuple[str, str, str]) -> bool:
    func, removed, added = diff
    return (entry["function"] == func and entry["before"] == removed
            and entry["after"] == added)


def run_module(name: str, jobs: int, rescore: bool = False) -> dict:
    t0 = time.monotonic()
    work = BUILD / name
    if not (rescore and (work / "mutants").exists()):
        work = _prepare(name)
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        proc = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children",
                               str(jobs)], cwd=work, env=env, capture_output=True, text=True,
                              check=False)
        (work / "mutmut-run.log").write_text(proc.stdout + proc.stderr)
    verdicts = _verdicts(work)
    entries = _equivalent(name)
    excluded: dict[str, str] = {}
    survivors: dict[str, tuple[str, str, str]] = {}
    for m, v in verdicts.items():
        if v != "survived":
            continue
        diff = _diff(work, m)
        match = next((e for e in entries if _is_equivalent(e, diff)), None)
        if match is not None:
            excluded[m] = match["reason"]
        else:
            survivors[m] = diff
    counted = {m: v for m, v in verdicts.items() if v in _COUNTED and m not in excluded}
    killed = sum(v in _KILLED for v in counted.values())
    total = len(counted)
    return {
        "module": MODULES[name][0],
        "killed": killed,
        "total": total,
        "score": round(100.0 * killed / total, 1) if total else None,
        "excluded_equivalent": {m: excluded[m] for m in sorted(excluded)},
        "not_checked": sorted(m for m, v in verdicts.items() if v not in _COUNTED),
        "survivors": {m: f"{d[0]}: {d[1]!r} -> {d[2]!r}" for m, d in sorted(survivors.items())},
        "seconds": round(time.monotonic() - t0, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="mutation", description=__doc__.split("\n")[0])
    ap.add_argument("modules", nargs="*", choices=[[], *MODULES], default=[],
                    metavar="MODULE", help=f"any of {', '.join(MODULES)} (default: all)")
    ap.add_argument("--jobs", type=int, default=2, help="parallel mutants (default 2)")
    ap.add_argument("--min", type=float, default=90.0, help="lowest passing score (percent)")
    ap.add_argument("--list-survivors", action="store_true", help="print surviving mutants")
    ap.add_argument("--rescore", action="store_true",
                    help="re-read the last run's verdicts (after editing equivalent.toml)")
    args = ap.parse_args(argv)
    names = args.modules or list(MODULES)
    out_path = ROOT / "build" / "mutation.json"
    failed = False
    for name in names:
        r = run_module(name, args.jobs, args.rescore)
        # re-read before writing: another run may have recorded other modules meanwhile
        results = json.loads(out_path.read_text()) if out_path.exists() else {}
        results[name] = r
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(json.dumps(results, indent=2, sort_keys=True,
                                       ensure_ascii=False) + "\n")
        score = "n/a" if r["score"] is None else f"{r['score']:.1f}%"
        print(f"{name:24s} {r['killed']:4d}/{r['total']:<4d} {score:>7s}  "
              f"({len(r['excluded_equivalent'])} equivalent excluded, {r['seconds']} s)")
        if args.list_survivors:
            for m, d in r["survivors"].items():
                print(f"    survived: {m.rsplit('.', 1)[-1]}  {d}")
        if r["score"] is None or r["score"] < args.min:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

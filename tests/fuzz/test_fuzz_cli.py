"""Fuzzing every command line: the k8slearn CLI, kube-controller-manager and the repo tools.

Arguments are drawn from each command's own flags and from hostile values (empty,
NaN, 1e400, year 0, huge numbers, missing paths, FIFOs, directories, an alias
bomb, binary YAML).  Property: exit 0, or a clear failure (cobra-style commands:
exactly one ``Error:`` line), never a traceback or a hang (see fuzzlib).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from fuzzlib import FUZZ, assert_clear_outcome, run_cli
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "hpa"
HPA = (EXAMPLES / "hpa.yaml").read_text()

HOSTILE = ["", "-", "nan", "NaN", "inf", "-1", "0", "1e400", "9" * 40, "1.5", "x",
           "0000-01-01T00:00:00Z", "2026-05-12T10:00:00Z", "10000-01-01T00:00:00Z",
           "-5s", "1h", "1e10s", "9999999h", "5ms", "=", "--", "-f", "a,b", "\x00", "é"]


def _hostile_files(d: Path) -> dict[str, str]:
    d.mkdir(parents=True, exist_ok=True)
    (d / "sub").mkdir(exist_ok=True)
    (d / "sub" / "hpa.yaml").write_text(HPA)
    (d / "bomb.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nx:\n  a: &a [x,x,x,x,x,x,x,x,x]\n"
        + "".join(f"  {n}: &{n} [{','.join(['*' + p] * 9)}]\n"
                  for p, n in zip("abcdefg", "bcdefgh", strict=True))
        + "spec: {containers: [*h,*h,*h,*h,*h,*h,*h,*h,*h]}\n")
    (d / "binary.yaml").write_bytes(b"\xff\xfe\x00\x01kind: \x80\n")
    (d / "array.json").write_text("[1, 2, 3]")
    (d / "syntax.py").write_text("def broken(:\n")
    (d / "nan.yaml").write_text(HPA.replace("averageUtilization: 50",
                                            "averageUtilization: .nan"))
    (d / "huge.yaml").write_text(HPA.replace("maxReplicas: 10", "maxReplicas: " + "9" * 5001))
    (d / "unknown.yaml").write_text(HPA.replace("  minReplicas: 2\n",
                                                "  minReplicas: 2\n  minReplica: 3\n"))
    (d / "bad.csv").write_text("seconds,value\n0,nan\n1e400,1\n")
    fifo = d / "fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    names = ["bomb.yaml", "binary.yaml", "array.json", "syntax.py", "nan.yaml", "huge.yaml",
             "unknown.yaml", "bad.csv", "fifo", "sub", "missing.yaml"]
    out = {n: str(d / n) for n in names}
    out.update({f: str(EXAMPLES / f) for f in ("hpa.yaml", "deployment.yaml", "pods.yaml",
                                               "podmetrics.yaml", "load.csv")})
    return out


@pytest.fixture(scope="module")
def paths(tmp_path_factory) -> list[str]:
    return list(_hostile_files(tmp_path_factory.mktemp("fuzzcli")).values())


def _argv(draw_flags, values):
    return st.lists(st.tuples(st.sampled_from(draw_flags), values), max_size=6).map(
        lambda pairs: [x for flag, v in pairs for x in ((flag,) if v is None else (flag, v))])


K8SLEARN_HEADS = [["hpa", "explain"], ["hpa", "simulate"], ["workqueue", "backoff"], ["hpa"],
                  [], ["bogus"], ["--version"], ["--version=raw"], ["help", "hpa"]]
K8SLEARN_FLAGS = ["-f", "--filename", "--now", "-o", "--output", "--load", "--duration",
                  "--pod-startup", "-R", "--recursive", "--validate", "--base", "--max",
                  "--failures", "--limiter", "--bogus", "-h", "--help"]


@settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_k8slearn_cli(paths, data):
    from k8slearn.cli import main

    head = data.draw(st.sampled_from(K8SLEARN_HEADS))
    values = st.none() | st.sampled_from(HOSTILE + paths + ["text", "json", "csv",
                                                            "controller", "exponential"])
    argv = head + data.draw(_argv(K8SLEARN_FLAGS, values))
    argv = [a for a in argv if a != "--plot"]  # never write figures
    code, out, err = run_cli(main, argv, stdin=data.draw(st.sampled_from(["", HPA, "{"])))
    assert_clear_outcome(code, out, err, argv)


KCM_FLAGS = ["--allocate-node-cidrs", "--cluster-cidr", "--service-cluster-ip-range",
             "--node-cidr-mask-size", "--node-cidr-mask-size-ipv4",
             "--node-cidr-mask-size-ipv6", "--controllers", "--cidr-allocator-type",
             "--simulate-nodes", "--controller-start-interval", "--cluster-name",
             "--bogus", "-h", "--version", "--configure-cloud-routes"]
KCM_VALUES = ["10.0.0.0/16", "10.0.0.0/8", "fd00::/48", "10.0.0.0/16,fd00::/48", "300.1.1.1/8",
              "10.0.0.1/33", "24", "64", "8", "33", "129", "*", "-node-ipam-controller",
              "nodeipam", "foo", "CloudAllocator", "RangeAllocator", "3", "true", "false"]


@FUZZ
@given(data=st.data())
def test_kube_controller_manager(data):
    from k8slearn.cmd.kube_controller_manager.__main__ import main

    argv = data.draw(_argv(KCM_FLAGS, st.none() | st.sampled_from(HOSTILE + KCM_VALUES)))
    # bound the work: at most a few pretend nodes
    argv = ["3" if (i and argv[i - 1] == "--simulate-nodes") else a for i, a in enumerate(argv)]
    code, out, err = run_cli(main, argv)
    assert_clear_outcome(code, out, err, argv)


def _tool_outcome(code: int, out: str, err: str, argv: list[str]) -> None:
    """Repo tools print Go-style messages; the property is: no traceback, a sane exit."""
    assert "Traceback (most recent call last)" not in err + out, (argv, err[-2000:])
    assert code in (0, 1, 2), (argv, code)
    assert len(out) + len(err) < 2_000_000, argv


TOOLS = {
    "clicheck": (["--command", "--skip", "--quiet", "--bogus"],
                 ["bogus", "k8slearn.cli:nope", "k8slearn.nope:x", ":", "k8slearn.cli",
                  "k8slearn.cli:new_k8slearn_command", "hpa", "hpa explain"]),
    "dependencycheck": (["-restrict", "-exclude", "-bogus"],
                        ["^k8slearn", "(", "^matplotlib", ".*", "[", "^k8slearn\\.viz"]),
    "fieldnamedocscheck": (["-s", "--type-src", "--strict"], []),
    "golist": ([], ["..", ".", "nonexist", "k8slearn"]),
    "import_boss": ([], ["..", ".", "nonexist", "k8slearn"]),
    "importverifier": ([], ["", "."]),
}


#: The inputs #17 reports, run before the generated ones (``@name`` is a hostile file).
EXPLICIT = {
    "clicheck": [["--command", "bogus"], ["--command", "k8slearn.cli:nope"]],
    "dependencycheck": [["-restrict", "^x", "@array.json"], ["-restrict", "^x", "@binary.yaml"],
                        ["-restrict", "^x", "@fifo"]],
    "fieldnamedocscheck": [["-s", "@missing.yaml"], ["-s", "@binary.yaml"], []],
    "golist": [[".."], ["nonexist"]],
    "import_boss": [["nonexist"], [".."]],
    "importverifier": [[".", "@syntax.py"], [".", "@binary.yaml"], [".", "@array.json"],
                       [".", "@fifo"]],
}


def _hostile_path(paths: list[str], arg: str) -> str:
    if not arg.startswith("@"):
        return arg
    return next(p for p in paths if p.endswith("/" + arg[1:]))


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_repo_tools(tool, paths, tmp_path_factory):
    """Each repo tool over many argument lists, run from an empty tree (no repo walk)."""
    import importlib

    from hypothesis import given as given_

    main = importlib.import_module(f"k8slearn.cmd.{tool}").main
    flags, values = TOOLS[tool]
    cwd = tmp_path_factory.mktemp(f"cwd-{tool}") / "a" / "b"
    cwd.mkdir(parents=True)
    # golist and import_boss walk what they are given: relative paths only, so the
    # walk stays inside the empty tree.
    usable = [p for p in paths if tool not in ("golist", "import_boss") or not
              os.path.isabs(p)]
    strategy = st.lists(st.sampled_from(flags + values + HOSTILE[:12] + usable), max_size=4)

    for argv in EXPLICIT.get(tool, []):  # the cases #17 found, first
        argv = [_hostile_path(paths, a) for a in argv]
        old = os.getcwd()
        os.chdir(cwd)
        try:
            code, out, err = run_cli(main, argv)
        finally:
            os.chdir(old)
        _tool_outcome(code, out, err, argv)

    # no shrinking: a known crash is reported as found, without minutes of shrinking
    @settings(FUZZ, max_examples=60, phases=[Phase.explicit, Phase.generate])
    @given_(strategy)
    def run(argv):
        old = os.getcwd()
        os.chdir(cwd)
        try:
            code, out, err = run_cli(main, argv)
        finally:
            os.chdir(old)
        _tool_outcome(code, out, err, argv)

    run()


ISSUE_CASES = [
    ["hpa", "explain", "-f", "@bomb.yaml"],
    ["hpa", "simulate", "-f", "@bomb.yaml", "--load", "@load.csv"],
    ["hpa", "explain", "-f", "@nan.yaml", "-f", "@deployment.yaml"],
    ["hpa", "explain", "-f", "@huge.yaml", "-f", "@deployment.yaml"],
    ["hpa", "explain", "-f", "@fifo"],
    ["hpa", "simulate", "-f", "@hpa.yaml", "--load", "@fifo"],
    ["hpa", "simulate", "-f", "@hpa.yaml", "--load", "@bad.csv"],
    ["hpa", "explain", "-f", "@binary.yaml"],
    ["hpa", "explain", "-f", "@sub"],
    ["hpa", "explain", "-f", "@unknown.yaml", "-f", "@deployment.yaml", "--validate=strict"],
    ["hpa", "explain", "-f", "@hpa.yaml", "-f", "@deployment.yaml", "--now",
     "0000-01-01T00:00:00Z"],
    ["hpa", "explain", "-f", "-", "-f", "-"],
    ["workqueue", "backoff", "--failures", "9" * 30],
    ["workqueue", "backoff", "--base", "1e10s"],
]


@pytest.mark.parametrize("argv", ISSUE_CASES, ids=[" ".join(a) for a in ISSUE_CASES])
def test_k8slearn_cli_issue_cases(paths, argv):
    from k8slearn.cli import main

    argv = [_hostile_path(paths, a) for a in argv]
    code, out, err = run_cli(main, argv, stdin=HPA)
    assert_clear_outcome(code, out, err, argv)

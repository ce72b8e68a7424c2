"""The models behind the cmd exercises: each predict answer is computed by running these.

Upstream: none (course tooling)
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
import textwrap
import types
from pathlib import Path

USAGE_CASES = {
    "a": ["--nme=x"],
    "b": ["--secure-port=70000"],
    "c": ["--name=x", "now"],
    "d": ["--name=x", "--times"],
}


def _demo_component():
    """The notebook's greeter, rebuilt: two options objects, cli.Run semantics."""
    from k8slearn.cmd import cli, verflag

    state = types.SimpleNamespace(port=10257, name="", times=1)

    def run_e(cmd, args):
        verflag.print_and_exit_if_requested()
        errs = []
        if not 0 < state.port < 65536:
            errs.append(ValueError(f"--secure-port {state.port} must be between 1 and 65535"))
        if not state.name:
            errs.append(ValueError("--name is required"))
        return cli.new_aggregate(errs)

    cmd = cli.Command("greeter", long="The greeter.", run=run_e, args=cli.reject_args)
    fs = cmd.flags()
    fs.int("secure-port", 10257, "port", p=(state, "port"))
    fs.string("name", "", "who", p=(state, "name"))
    fs.int("times", 1, "how many", p=(state, "times"))
    verflag.add_flags(fs)
    return cmd


def _run_greeter(argv: list[str]) -> tuple[int, str]:
    """(exit code, stderr) of the greeter under cli.run; the global --version is reset."""
    from k8slearn.cmd import cli, verflag, version

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            verflag.VERSION_FLAG.value.put("false")
            code = cli.run(_demo_component(), argv)
        finally:
            verflag.VERSION_FLAG.value.put("false")
            version.reset()
    return code, err.getvalue()


def _usage_letters() -> list[str]:
    return sorted(k for k, argv in USAGE_CASES.items() if "Usage:" in _run_greeter(argv)[1])


SECTION_CALLS = ["admission", "serving", "unused", "admission", "authorization"]


def _section_titles() -> list[str]:
    from k8slearn.cmd.cli import NamedFlagSets, print_sections

    fss = NamedFlagSets()
    for i, name in enumerate(SECTION_CALLS):
        fs = fss.flag_set(name)
        if name != "unused":
            fs.bool(f"flag-{i}", False, "x")
    buf = io.StringIO()
    print_sections(buf, fss, 0)
    return [ln for ln in buf.getvalue().splitlines() if ln.endswith(" flags:")]


DUAL_CIDRS = "fd12:3456::/56,172.16.0.0/14"


def _dual_masks() -> list[int]:
    from k8slearn.cmd.kube_controller_manager.core import set_node_cidr_mask_sizes, validate_cidrs
    from k8slearn.cmd.kube_controller_manager.nodeipamcontroller import (
        NodeIPAMControllerConfiguration,
    )

    cfg = NodeIPAMControllerConfiguration(node_cidr_mask_size_ipv6=72)
    return set_node_cidr_mask_sizes(cfg, validate_cidrs(DUAL_CIDRS))


NODES_CIDR, NODES_MASK, NODES_SVC = "192.168.0.0/21", 23, "192.168.2.0/24"


def _nodes_before_exhaustion() -> int:
    from k8slearn.cmd.kube_controller_manager.range_allocator import RangeAllocator
    from k8slearn.cmd.netutils import parse_cidr

    a = RangeAllocator([parse_cidr(NODES_CIDR)], [NODES_MASK], parse_cidr(NODES_SVC))
    n = 0
    while True:
        try:
            a.allocate(f"n{n}")
        except RuntimeError:
            return n
        n += 1


def _lowercase_allocator_exit() -> int:
    from k8slearn.cmd.kube_controller_manager.__main__ import main

    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        return main(["--allocate-node-cidrs", "--cluster-cidr=10.8.0.0/16",
                     "--cidr-allocator-type=rangeallocator"])


FLAG_NAMES = ["tls-cert-file", "kube-api-qps", "v", "log_dir", "http2-max-streams",
              "ContentType"]


def _passing_flag_names() -> list[str]:
    from k8slearn.cmd.sanity import FLAG_NAME_REGEX

    return [n for n in FLAG_NAMES if re.match(FLAG_NAME_REGEX, n)]


def _storage_allowed() -> bool:
    from k8slearn.cmd.importverifier import ImportRestriction

    r = ImportRestriction("./app/cart", ["app.store", "app.cart"])
    return not r.is_forbidden("app.storage.disk", "")


RULES_TREE = {
    "x/__init__.py": "", "x/y/__init__.py": "", "x/y/z/__init__.py": "",
    "x/.import-restrictions": "Rules:\n- SelectorRegexp: ^net\n  AllowedPrefixes: ['']\n",
    "x/y/.import-restrictions": "Rules:\n- SelectorRegexp: ^net\\.http\n"
                                "  ForbiddenPrefixes: ['']\n",
    "x/y/z/m.py": "import net.http.client\nimport net.url\n",
}


def _two_files_verdicts() -> list[str]:
    from k8slearn.cmd import import_boss
    from k8slearn.cmd.toolrun import run_tool

    with tempfile.TemporaryDirectory() as d:
        for name, text in RULES_TREE.items():
            p = Path(d) / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(textwrap.dedent(text))
        out = run_tool(import_boss.main, ["x"], cwd=d).out
    verdicts = []
    for imp in ("net.http.client", "net.url"):
        line = next((ln for ln in out.splitlines() if f'"{imp}"' in ln), "")
        verdicts.append("forbidden" if "forbidden" in line else
                        "error" if line else "allowed")
    return verdicts

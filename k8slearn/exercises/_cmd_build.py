"""Build exercises of the cmd notebooks: an options struct, the mask-size table, rules files.

Each check runs the learner's code against cases taken from the upstream
behaviour the notebooks teach (kubectl's CLI sanity checks, the
``setNodeCIDRMaskSizes`` decision table, import-boss on a small tree); the
expected values come from the k8slearn model, not from literals.

Upstream: none (course tooling)
"""

from __future__ import annotations

import io
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from k8slearn.exercises import Case, build_exercise

__all__ = ["check_build_serving_options", "check_build_mask_sizes", "check_build_import_rules",
           "PORT_MESSAGE", "BIND_MESSAGE", "SHOP_TREE"]

PORT_MESSAGE = "--secure-port {} must be between 1 and 65535, inclusive. It cannot be turned off " \
               "with 0"
BIND_MESSAGE = "--bind-address must not be empty"


# ------------------------------------------------------------------ 01: an options struct


def _flags_of(cls: Any) -> list[tuple[str, str, str]]:
    from k8slearn.cmd.pflag import FlagSet

    fs = FlagSet("test")
    cls().add_flags(fs)
    return sorted((f.name, f.value.type(), f.def_value) for f in fs.visit_all())


def _clicheck(cls: Any) -> list[str]:
    from k8slearn.cmd import sanity
    from k8slearn.cmd.cli import Command

    cmd = Command("demo", "A demo", "A demo component.", run=lambda c, a: None)
    cls().add_flags(cmd.flags())
    return sanity.run_cmd_checks(cmd, sanity.ALL_CMD_CHECKS, [], io.StringIO())


def _validate_after(cls: Any, argv: list[str]) -> list[str]:
    from k8slearn.cmd.pflag import FlagSet

    o = cls()
    fs = FlagSet("test")
    o.add_flags(fs)
    fs.parse(argv)
    return [str(e) for e in o.validate()]


def _serving_cases() -> list[Case]:
    return [
        Case("flags registered (NamedFlagSets section 'secure serving')",
             "ServingOptions().add_flags(fs)", _flags_of,
             [("bind-address", "string", "0.0.0.0"), ("secure-port", "int", "10257")],
             "fs.int('secure-port', 10257, ...) and fs.string('bind-address', '0.0.0.0', ...)"),
        Case("CheckFlags (kubectl pkg/cmd/util/sanity/cmd_sanity.go)",
             "clicheck on a command carrying your flags", _clicheck, [],
             "long flag names must match ^[a-z]+[a-z\\-]*$: lower case and dashes only"),
        Case("defaults are valid", "validate() with no flags set",
             lambda c: _validate_after(c, []), [], "validate() returns a list: empty when fine"),
        Case("SecureServingOptions.Validate: port 0", "--secure-port=0",
             lambda c: _validate_after(c, ["--secure-port=0"]), [PORT_MESSAGE.format(0)],
             "bind the flag to the object (p=(self, 'port')) and check 1 <= port <= 65535"),
        Case("SecureServingOptions.Validate: port 65536", "--secure-port=65536",
             lambda c: _validate_after(c, ["--secure-port=65536"]), [PORT_MESSAGE.format(65536)],
             "65535 is the largest port"),
        Case("upper bound is inclusive", "--secure-port=65535",
             lambda c: _validate_after(c, ["--secure-port=65535"]), [],
             "between 1 and 65535, inclusive"),
        Case("every problem at once (utilerrors.NewAggregate)",
             "--secure-port=0 --bind-address=",
             lambda c: _validate_after(c, ["--secure-port=0", "--bind-address="]),
             [PORT_MESSAGE.format(0), BIND_MESSAGE],
             "validate() collects all errors, port first, then bind address; it does not stop "
             "at the first"),
    ]


_ = build_exercise("cmd.build_serving_options",
               "Write class ServingOptions: add_flags(fs) registers --secure-port (int, 10257) "
               "and --bind-address (string, 0.0.0.0) bound to the object; validate() returns "
               "every problem as a list of errors, with the messages given in the notebook.",
               notebook="01_cmd_tour", number="01.5",
               reveal=("eNpNjbEOwjAQQ3/FW1spICFUBqALf3IlV3JSSKPLlYq/J8DSyZLtZ98keTDdA6ZID6xiAXloC8fJoSEz"
                       "bboLXhTFk3HbYVwk+gJClGJnUM5cFyww8qwGVp0Va+CENBsOuA7/oOqp74+92yJjfd+R98qlbFExSDWe"
                       "2d4OyrZo+vW/n/sPGWg8vQ=="))(
    _serving_cases)


# ------------------------------------------------------------------ 02: setNodeCIDRMaskSizes

V4, V6 = "10.0.0.0/16", "fd00::/48"
MASK_TABLE = [
    ([V4, V6], 0, 0, 0), ([V6, V4], 0, 26, 80), ([V4, V6], 25, 0, 0), ([V4], 0, 0, 0),
    ([V6], 0, 0, 0), ([V4], 25, 0, 0), ([V6], 25, 0, 0), ([V4], 25, 26, 0),
    ([V6], 0, 26, 0), ([V4], 0, 0, 80), ([V4], 0, 26, 0), ([V6], 0, 0, 80),
]
_CASE_NAMES = ["dual-stack defaults", "dual-stack, IPv6 first, both family flags",
               "dual-stack refuses --node-cidr-mask-size", "single-stack IPv4 default",
               "single-stack IPv6 default", "legacy flag, IPv4", "legacy flag, IPv6",
               "legacy flag with a family flag", "IPv4 flag on an IPv6 cluster",
               "IPv6 flag on an IPv4 cluster", "IPv4 flag on an IPv4 cluster",
               "IPv6 flag on an IPv6 cluster"]


def _model_masks(cidrs: list[str], mask: int, v4: int, v6: int) -> Any:
    from k8slearn.cmd.kube_controller_manager.core import set_node_cidr_mask_sizes
    from k8slearn.cmd.kube_controller_manager.nodeipamcontroller import (
        NodeIPAMControllerConfiguration,
    )
    from k8slearn.cmd.netutils import parse_cidr

    cfg = NodeIPAMControllerConfiguration(node_cidr_mask_size=mask, node_cidr_mask_size_ipv4=v4,
                                          node_cidr_mask_size_ipv6=v6)
    try:
        return set_node_cidr_mask_sizes(cfg, [parse_cidr(c) for c in cidrs])
    except ValueError as e:
        return f"error: {e}"


def _candidate_masks(fn: Any, cidrs: list[str], mask: int, v4: int, v6: int) -> Any:
    try:
        got = fn(list(cidrs), mask, v4, v6)
    except ValueError as e:
        return f"error: {e}"
    return list(got) if isinstance(got, (list, tuple)) else got


def _mask_cases() -> list[Case]:
    cases = []
    for name, (cidrs, mask, v4, v6) in zip(_CASE_NAMES, MASK_TABLE, strict=True):
        given = (f"mask_sizes({cidrs}, mask={mask}, mask_v4={v4}, mask_v6={v6})")
        expected = _model_masks(cidrs, mask, v4, v6)
        hint = ("raise ValueError with upstream's message" if isinstance(expected, str) else
                "one mask per cluster CIDR, in --cluster-cidr order; 24 and 64 by default")
        cases.append(Case(f"setNodeCIDRMaskSizes: {name}", given,
                          lambda f, a=(cidrs, mask, v4, v6): _candidate_masks(f, *a),
                          expected, hint))
    return cases


build_exercise("cmd.build_mask_sizes",
               "Write mask_sizes(cluster_cidrs, mask, mask_v4, mask_v6) -> list[int]: "
               "setNodeCIDRMaskSizes with upstream's ValueError messages.",
               notebook="02_cmd_nodeipam", number="02.6",
               reveal=("eNpdj8EKwjAQRH9lPKlQi0jpoaUnvXjVo4gsddMGYwKbtMW/N7ZSxNvuzLxh99CR2fhA9QOrMDjsj4eT"
                       "XxcQVp1nPMk/sKiwTcAm7n2GahRvcXKCXZagz2ct/2h5luKsbWN4Ki6mluAaDi0LBh1aEBQ9tXlBGWqg"
                       "PciCRZyUU5qMsxyj1mNoKXAfwUh/qfKPd2o03dj/NX46U5w4dGJxiRdqhWWxhLao559UPLseJdP5wHKr"
                       "9V38NX0D6UJgIg=="))(_mask_cases)


# ------------------------------------------------------------------ 03: .import-restrictions

SHOP_TREE = {
    "shop/__init__.py": "",
    "shop/core.py": "import json\nimport shop.util\nimport yaml\n",
    "shop/util.py": "import os\n",
    "shop/web/__init__.py": "",
    "shop/web/app.py": "import flask\nimport shop.core\n",
}


def _boss_errors(candidate: Any, extra: dict[str, str]) -> list[str]:
    from k8slearn.cmd import import_boss
    from k8slearn.cmd.toolrun import run_tool

    files = candidate() if callable(candidate) else candidate
    if not isinstance(files, dict):
        raise TypeError(f"expected a dict of path -> rules text, got {type(files).__name__}")
    with tempfile.TemporaryDirectory() as d:
        for name, text in {**SHOP_TREE, **extra, **files}.items():
            if ".." in Path(name).parts or Path(name).is_absolute():
                raise ValueError(f"{name}: paths stay inside the tree")
            p = Path(d) / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(textwrap.dedent(str(text)))
        r = run_tool(import_boss.main, ["shop"], cwd=d)
    return [ln.removeprefix("ERROR: ") for ln in r.out.splitlines() if ln.strip()]


def _one_error_about(importer: str) -> Any:
    def compare(got: Any, expected: Any) -> bool:
        return (isinstance(got, list) and len(got) == 1
                and got[0].startswith(f'"{importer}" -> "flask"'))
    return compare


def _rules_cases() -> list[Case]:
    return [
        Case("the tree as given passes", "SHOP_TREE and your rules files",
             lambda c: _boss_errors(c, {}), [],
             "the closest .import-restrictions decides first: shop/web needs its own file "
             "that allows flask"),
        Case("shop.core may not import flask", "shop/core.py gains 'import flask'",
             lambda c: _boss_errors(c, {"shop/core.py": "import flask\nimport yaml\n"}),
             ['"shop.core" -> "flask" ...'],
             "a rule in shop/.import-restrictions must forbid ^flask",
             _one_error_about("shop.core")),
        Case("everything else stays allowed", "shop/util.py imports requests",
             lambda c: _boss_errors(c, {"shop/util.py": "import requests\n"}), [],
             "restrict flask only: no rule should match requests (or it must allow it)"),
        Case("flask's sub-packages in web", "shop/web/views.py imports flask.json",
             lambda c: _boss_errors(c, {"shop/web/views.py": "import flask.json\n"}), [],
             "a selector like ^flask(\\.|$) matches flask.json too"),
        Case("flaskr is another package", "shop/util.py imports flaskr",
             lambda c: _boss_errors(c, {"shop/util.py": "import flaskr\n"}), [],
             "flaskr is neither flask nor a sub-package: end the selector at a package "
             "boundary, as k8slearn's own rules in section 3 do"),
        Case("only web: a new package shop/admin", "shop/admin/panel.py imports flask",
             lambda c: _boss_errors(c, {"shop/admin/__init__.py": "",
                                        "shop/admin/panel.py": "import flask\n"}),
             ['"shop.admin.panel" -> "flask" ...'],
             "the allow must live in shop/web's own file, not in shop's",
             _one_error_about("shop.admin.panel")),
    ]


build_exercise("cmd.build_import_rules",
               "Write rules() returning {path: text} of .import-restrictions files so that "
               "import-boss passes on SHOP_TREE and only shop/web may import flask.",
               notebook="03_cmd_repo_tools", number="03.5",
               reveal=("eNqljzFvwkAMhf/KGyodleC6p1OXzgjYKEgh5xCT4xzZh4LU9r/3CGyMnSxbz9+ntxkFLUcyD+tkePN8"
                       "HkTzQsmycpNZklVYXUqiwvZ7TZGaLLqiI12HCm7fxtr62Zf/eXl1c3yKHjgESkullq/Tk3O7390DP9Lh"
                       "v4qPGGWk8CzYdIQmihXsVAlsKAIKZVPLc5ig+J2hviEwciqBjpTebwN3A3qiwTA5/ckkgRPqFO4XhVyy"
                       "/wNd8Wx7"))(
    _rules_cases)


def _registered(key: str) -> Any:
    from k8slearn.exercises import REGISTRY

    return REGISTRY[key].func


check_build_serving_options = _registered("cmd.build_serving_options")
check_build_mask_sizes = _registered("cmd.build_mask_sizes")
check_build_import_rules = _registered("cmd.build_import_rules")

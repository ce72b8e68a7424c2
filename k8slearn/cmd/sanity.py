"""kubectl's CLI sanity checks: long descriptions, examples, flag names, global flags.

* ``run_cmd_checks(cmd, checks, skip)`` walks the tree depth-first, **children
  before their parent**; a command whose path equals a skip entry is skipped
  with its whole subtree.  Progress lines go to stdout.
* ``check_long_desc``: a non-empty Long that trimming `` \\t\\n`` would change.
* ``check_examples``: for **every line** of a non-empty Example, one error if
  it does not start with two spaces and one if its trimmed text starts with
  ``//`` (a line can give both; errors repeat per line).
* ``check_flags``: every flag of ``flags()`` and then ``persistent_flags()``
  (duplicates possible) must fully match ``^[a-z]+[a-z\\-]*$``: no digits,
  capitals or underscores.  There is no shorthand rule.
* ``check_global_var_flags``: every flag on ``pflag.COMMAND_LINE`` is an error.

Upstream: kubernetes/kubectl pkg/cmd/util/sanity/cmd_sanity.go @ v0.36.0
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TextIO

from k8slearn.cmd import pflag
from k8slearn.cmd.cobra import Command
from k8slearn.cmd.pflag import FlagSet
from k8slearn.cmd.templates import INDENTATION

__all__ = ["CmdCheck", "GlobalCheck", "ALL_CMD_CHECKS", "ALL_GLOBAL_CHECKS", "run_cmd_checks",
           "run_global_checks", "check_long_desc", "check_examples", "check_flags",
           "check_global_var_flags", "FLAG_NAME_REGEX"]

CmdCheck = Callable[[Command, TextIO], list[str]]
GlobalCheck = Callable[[TextIO], list[str]]
FLAG_NAME_REGEX = r"^[a-z]+[a-z\-]*$"


def _q(s: str) -> str:
    return pflag.go_quote(s)


def check_long_desc(cmd: Command, out: TextIO) -> list[str]:
    out.write("   \u21b3 checking long description\n")
    long = cmd.long
    if long and long.strip(" \t\n") != long:
        return [f"command {_q(cmd.command_path())}: long description is not normalized, make "
                "sure you are calling templates.LongDesc (from pkg/cmd/templates) before "
                "assigning cmd.Long"]
    return []


def check_examples(cmd: Command, out: TextIO) -> list[str]:
    out.write("   \u21b3 checking examples\n")
    path = _q(cmd.command_path())
    errors = []
    if cmd.example:
        for line in cmd.example.split("\n"):
            if not line.startswith(INDENTATION):
                errors.append(f"command {path}: examples are not normalized, make sure you are "
                              "calling templates.Examples (from pkg/cmd/templates) before "
                              "assigning cmd.Example")
            if line.strip().startswith("//"):
                errors.append(f"command {path}: we use # to start comments in examples "
                              "instead of //")
    return errors


def check_flags(cmd: Command, out: TextIO) -> list[str]:
    flags = [*cmd.flags().visit_all(), *cmd.persistent_flags().visit_all()]
    out.write(f"   \u21b3 checking {len(flags)} flags\n")
    rx = re.compile(FLAG_NAME_REGEX)
    return [f"command {_q(cmd.command_path())}: flag name {_q(f.name)} is invalid, long form "
            "of flag names can only contain lowercase characters or dash (must match "
            f"{FLAG_NAME_REGEX})" for f in flags if not rx.fullmatch(f.name)]


def check_global_var_flags(out: TextIO, command_line: FlagSet | None = None) -> list[str]:
    out.write("   \u21b3 checking flags from global vars\n")
    fs = pflag.COMMAND_LINE if command_line is None else command_line
    return [f"flag {_q(f.name)} is invalid, please don't register any flag under the global "
            'variable "CommandLine"' for f in fs.visit_all()]


ALL_CMD_CHECKS: list[CmdCheck] = [check_long_desc, check_examples, check_flags]
ALL_GLOBAL_CHECKS: list[GlobalCheck] = [check_global_var_flags]


def run_global_checks(checks: list[GlobalCheck], out: TextIO | None = None) -> list[str]:
    out = out or sys.stdout
    out.write("---+ RUNNING GLOBAL CHECKS\n")
    return [e for check in checks for e in check(out)]


def run_cmd_checks(cmd: Command, checks: list[CmdCheck], skip: list[str],
                   out: TextIO | None = None) -> list[str]:
    out = out or sys.stdout
    path = cmd.command_path()
    if path in skip:
        out.write(f"---+ skipping command {path}\n")
        return []
    errors = []
    for sub in cmd.commands():
        errors += run_cmd_checks(sub, checks, skip, out)
    out.write(f"---+ RUNNING COMMAND CHECKS on {_q(path)}\n")
    for check in checks:
        errors += check(cmd, out)
    return errors

"""component-base ``verflag``: the ``--version`` flag every component shares.

The flag has type ``version`` (so help shows ``--version version[=true]``),
default ``false`` and NoOptDefVal ``true``.  ``set`` accepts ``raw``, anything
starting with ``v`` (passed to ``version.set_dynamic_version``, which may
reject it), or a Go boolean.  ``print_and_exit_if_requested`` prints
``Kubernetes <gitVersion>`` (or the raw struct) and exits 0.

Version note / deviation: upstream registers the flag on ``pflag.CommandLine``
at package init and ``add_flags`` re-adds that same Flag object to a named set.
k8slearn keeps one shared Flag object too, but does not put it on
``COMMAND_LINE`` (importing verflag would otherwise leak ``--version`` into
every command, including the k8slearn CLI that clicheck checks), and
``add_flags`` resets the shared value: a Go binary gets a fresh process per
run, a Python test suite does not.

Upstream: kubernetes/component-base version/verflag/verflag.go @ v0.36.0
"""

from __future__ import annotations

import sys
from typing import TextIO

from k8slearn.cmd import version
from k8slearn.cmd.pflag import Flag, FlagSet
from k8slearn.cmd.pflag_values import BoolValue, Value

__all__ = ["VersionValue", "VERSION_FLAG", "add_flags", "print_and_exit_if_requested",
           "PROGRAM_NAME", "VersionRequested"]

PROGRAM_NAME = "Kubernetes"


class VersionValue(Value):
    """``false`` | ``true`` | ``raw`` | ``vX.Y.Z...``; a bool flag for the parser."""

    type_name = "version"

    def set(self, s: str) -> None:
        if s == "raw":
            self.put("raw")
        elif s.startswith("v"):
            version.set_dynamic_version(s)
            self.put(s)
        else:
            b = BoolValue(False)
            b.set(s)
            self.put("true" if b.get() else "false")

    def is_bool_flag(self) -> bool:
        return True


VERSION_FLAG = Flag(
    name="version",
    usage="--version, --version=raw prints version information and quits; "
          "--version=vX.Y.Z... sets the reported version",
    value=VersionValue("false"), def_value="false", no_opt_def_val="true")


def add_flags(fs: FlagSet) -> None:
    """Add the shared version flag to ``fs`` (normally the "global" section)."""
    VERSION_FLAG.value.put("false")
    VERSION_FLAG.changed = False
    version.reset()
    fs.add_flag(VERSION_FLAG)


class VersionRequested(SystemExit):
    """Raised instead of ``os.Exit(0)`` so callers (and tests) keep control."""

    def __init__(self) -> None:
        super().__init__(0)


def print_and_exit_if_requested(out: TextIO | None = None) -> None:
    out = out if out is not None else sys.stdout
    v = VERSION_FLAG.value.get()
    if v == "raw":
        print(version.get().go_repr(), file=out)
        raise VersionRequested()
    if v == "true":
        print(f"{PROGRAM_NAME} {version.get()}", file=out)
        raise VersionRequested()

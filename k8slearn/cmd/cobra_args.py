"""cobra's argument helpers: positional-arg validators and the flag-skipping word finder.

``strip_flags`` is how cobra finds subcommand names among flags: a ``--flag``
without ``=`` swallows the next word unless the flag has a NoOptDefVal (bool
flags do), so ``k8slearn --x-flag value sub`` still finds ``sub``.

Upstream: spf13/cobra args.go, command.go @ v1.10.2
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from k8slearn.cmd.pflag import FlagSet, go_quote

if TYPE_CHECKING:
    from k8slearn.cmd.cobra import Command

__all__ = ["no_args", "exact_args", "strip_flags", "args_minus_first_x"]


def no_args(cmd: Command, args: list[str]) -> None:
    """cobra.NoArgs: ``unknown command "x" for "path"``."""
    if args:
        raise ValueError(f"unknown command {go_quote(args[0])} for {go_quote(cmd.command_path())}")


def exact_args(n: int):
    """cobra.ExactArgs(n)."""

    def check(cmd: Command, args: list[str]) -> None:
        if len(args) != n:
            raise ValueError(f"accepts {n} arg(s), received {len(args)}")

    return check


def _has_no_opt_def_val(name: str, fs: FlagSet) -> bool:
    f = fs.lookup(name)
    return f is not None and f.no_opt_def_val != ""


def _short_has_no_opt_def_val(name: str, fs: FlagSet) -> bool:
    if not name:
        return False
    f = fs.shorthand_lookup(name[0])
    return f is not None and f.no_opt_def_val != ""


def _takes_value(s: str, fs: FlagSet) -> bool:
    if s.startswith("--") and "=" not in s and not _has_no_opt_def_val(s[2:], fs):
        return True
    return (s.startswith("-") and "=" not in s and len(s) == 2
            and not _short_has_no_opt_def_val(s[1:], fs))


def strip_flags(args: list[str], c: Command) -> list[str]:
    """The words of ``args`` that are not flags or flag values."""
    c.merge_persistent_flags()
    fs = c.flags()
    words: list[str] = []
    rest = list(args)
    while rest:
        s = rest.pop(0)
        if s == "--":
            break
        if _takes_value(s, fs):
            if len(rest) <= 1:  # cobra's quirk: a trailing '--flag value' ends the scan
                break
            rest.pop(0)
            continue
        if s and not s.startswith("-"):
            words.append(s)
    return words


def args_minus_first_x(args: list[str], x: str, c: Command) -> list[str]:
    """``args`` without the first non-flag occurrence of ``x``."""
    c.merge_persistent_flags()
    fs = c.flags()
    pos = 0
    while pos < len(args):
        s = args[pos]
        if s == "--":
            break
        if _takes_value(s, fs):
            pos += 2
            continue
        if not s.startswith("-") and s == x:
            return args[:pos] + args[pos + 1:]
        pos += 1
    return args

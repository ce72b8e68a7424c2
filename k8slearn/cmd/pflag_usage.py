"""pflag's usage table: ``FlagUsagesWrapped``, ``UnquoteUsage`` and the ``wrap`` helper.

* flags in the order given (a FlagSet passes them sorted by name); hidden (and
  so deprecated) flags are left out;
* left column ``  -s, --name type[=NoOptDefVal]``, the description aligned two
  columns after the longest left column; ``(default x)`` only when the default
  differs from the type's zero value (strings quoted);
* ``wrap`` keeps pflag's quirk: when fewer than 24 columns are left after the
  indent the text moves to the next line at indent 16, and if even that leaves
  fewer than 24 columns it is not wrapped at all and stays on the flag's line.

Upstream: spf13/pflag flag.go @ v1.0.10
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from k8slearn.cmd.pflag_values import go_quote

if TYPE_CHECKING:
    from k8slearn.cmd.pflag import Flag

__all__ = ["flag_usages_wrapped", "unquote_usage", "wrap"]


def flag_usages_wrapped(flags: Iterable[Flag], cols: int) -> str:
    """The usage table of ``flags``, wrapped to ``cols`` columns (0: no wrapping)."""
    lines: list[str] = []
    maxlen = 0
    for flag in flags:
        if flag.hidden:
            continue
        line = _left_column(flag) + "\x00"
        maxlen = max(maxlen, len(line))
        _, usage = unquote_usage(flag)
        line += usage
        if not flag.default_is_zero_value():
            if flag.value.type() == "string":
                line += f" (default {go_quote(flag.def_value)})"
            else:
                line += f" (default {flag.def_value})"
        if flag.deprecated:
            line += f" (DEPRECATED: {flag.deprecated})"
        lines.append(line)
    out = []
    for line in lines:
        sidx = line.index("\x00")
        spacing = " " * (maxlen - sidx)
        # Go's Fprintln puts a space between its three operands.
        out.append(f"{line[:sidx]} {spacing} {wrap(maxlen + 2, cols, line[sidx + 1:])}\n")
    return "".join(out)


def unquote_usage(flag: Flag) -> tuple[str, str]:
    """The placeholder name (a back-quoted word in the usage, else from the type)."""
    usage = flag.usage
    i = usage.find("`")
    if i >= 0:
        j = usage.find("`", i + 1)
        if j >= 0:
            name = usage[i + 1:j]
            return name, usage[:i] + name + usage[j + 1:]
    name = flag.value.type()
    renames = {"bool": "", "float64": "float", "int64": "int", "uint64": "uint",
               "stringSlice": "strings", "intSlice": "ints", "uintSlice": "uints",
               "boolSlice": "bools"}
    return renames.get(name, name), usage


def _left_column(flag: Flag) -> str:
    if flag.shorthand and not flag.shorthand_deprecated:
        line = f"  -{flag.shorthand}, --{flag.name}"
    else:
        line = f"      --{flag.name}"
    varname, _ = unquote_usage(flag)
    if varname:
        line += " " + varname
    if flag.no_opt_def_val:
        t = flag.value.type()
        if t == "string":
            line += f'[="{flag.no_opt_def_val}"]'
        elif t == "bool":
            if flag.no_opt_def_val != "true":
                line += f"[={flag.no_opt_def_val}]"
        else:
            line += f"[={flag.no_opt_def_val}]"
    return line


def _wrap_n(i: int, slop: int, s: str) -> tuple[str, str]:
    if i + slop > len(s):
        return s, ""
    w = max(s.rfind(c, 0, i) for c in " \t\n")
    if w <= 0:
        return s, ""
    nl = s.rfind("\n", 0, i)
    if 0 < nl < w:
        return s[:nl], s[nl + 1:]
    return s[:w], s[w + 1:]


def wrap(i: int, w: int, s: str) -> str:
    """pflag's wrap: indent ``i``, width ``w`` (0: only re-indent embedded newlines)."""
    if w == 0:
        return s.replace("\n", "\n" + " " * i)
    room = w - i
    r = ""
    if room < 24:  # not enough space: wrap as a block on the next line
        i = 16
        room = w - i
        r = "\n" + " " * i
    if room < 24:  # still not enough: do not wrap at all (and drop the newline)
        return s.replace("\n", r)
    slop = 5
    room -= slop
    line, s = _wrap_n(room, slop, s)
    r += line.replace("\n", "\n" + " " * i)
    while s:
        t, s = _wrap_n(room, slop, s)
        r += "\n" + " " * i + t.replace("\n", "\n" + " " * i)
    return r

"""component-base ``cli/flag``: NamedFlagSets and the sectioned ``--help`` of every component.

* ``NamedFlagSets.flag_set(name)`` creates a section on first use and records
  the name in ``order``: sections print in first-use order, not sorted.
* ``print_sections`` skips sections with no flags at all and titles the rest
  ``<Name with a capital first letter> flags:``.  When ``cols > 24`` it adds a
  dummy int flag named ``z`` * (cols - 24) to each section before asking pflag
  for the wrapped table: the dummy's wide left column leaves pflag fewer than
  24 columns, so pflag moves every description to its own line, indented 16
  and wrapped to ``cols`` (only once ``cols >= 40``; between 25 and 39 pflag
  gives up wrapping and the text stays on the flag's line).  The dummy's line
  is cut off afterwards.  ``cols <= 24`` (0 when stdout is not a terminal):
  pflag's plain aligned table.
* ``set_usage_and_help_func``: usage (stderr) is ``Usage:`` + use line +
  sections; help (stdout) is ``Long``, a blank line, then the same.

Upstream: kubernetes/component-base cli/flag/sectioned.go, cli/flag/flags.go @ v0.36.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from k8slearn.cmd import pflag
from k8slearn.cmd.pflag import EXIT_ON_ERROR, FlagSet

if TYPE_CHECKING:
    from k8slearn.cmd.cobra import Command

__all__ = ["NamedFlagSets", "print_sections", "set_usage_and_help_func",
           "word_sep_normalize_func"]

USAGE_FMT = "Usage:\n  {}\n"


def word_sep_normalize_func(_fs: FlagSet, name: str) -> str:
    """``WordSepNormalizeFunc``: ``_`` in a flag name becomes ``-``."""
    return name.replace("_", "-")


@dataclass
class NamedFlagSets:
    """Flag sets by name, remembering the order in which names were first used."""

    order: list[str] = field(default_factory=list)
    flag_sets: dict[str, FlagSet] = field(default_factory=dict)
    normalize_name_func: pflag.NormalizeFunc | None = None

    def flag_set(self, name: str) -> FlagSet:
        if name not in self.flag_sets:
            fs = FlagSet(name, EXIT_ON_ERROR)
            fs.set_normalize_func(pflag.COMMAND_LINE.get_normalize_func())
            if self.normalize_name_func is not None:
                fs.set_normalize_func(self.normalize_name_func)
            self.flag_sets[name] = fs
            self.order.append(name)
        return self.flag_sets[name]


def sections_text(fss: NamedFlagSets, cols: int) -> str:
    out: list[str] = []
    for name in fss.order:
        fs = fss.flag_sets[name]
        if not fs.has_flags():
            continue
        wide = FlagSet("", EXIT_ON_ERROR)
        wide.add_flag_set(fs)
        zzz = ""
        if cols > 24:
            zzz = "z" * (cols - 24)
            wide.int(zzz, 0, "z" * (cols - 24))
        text = f"\n{name[:1].upper()}{name[1:]} flags:\n\n{wide.flag_usages_wrapped(cols)}"
        if cols > 24:
            lines = text[:text.index(zzz)].split("\n")
            out.append("\n".join(lines[:-1]) + "\n")
        else:
            out.append(text)
    return "".join(out)


def print_sections(w: TextIO, fss: NamedFlagSets, cols: int) -> None:
    """Write every non-empty section of ``fss`` to ``w``, wrapped to ``cols``."""
    w.write(sections_text(fss, cols))


def set_usage_and_help_func(cmd: Command, fss: NamedFlagSets, cols: int) -> None:
    """Replace cobra's help and usage with the sectioned versions."""

    def usage(c: Command) -> None:
        w = c.out_or_stderr()
        w.write(USAGE_FMT.format(c.use_line()))
        print_sections(w, fss, cols)

    def help_(c: Command, _args: list[str]) -> None:
        w = c.out_or_stdout()
        w.write(f"{c.long}\n\n" + USAGE_FMT.format(c.use_line()))
        print_sections(w, fss, cols)

    cmd.set_usage_func(usage)
    cmd.set_help_func(help_)

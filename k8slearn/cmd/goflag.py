"""Go's standard ``flag`` package, as the small ``cmd/`` tools use it.

Flags are ``-name value``, ``-name=value`` or ``--name=value``; a bool flag takes
no separate value; parsing stops at the first non-flag argument or ``--``.
An unknown flag prints ``flag provided but not defined: -x`` and the usage on
stderr and exits 2; ``-h``/``-help`` prints the usage and exits 0.

Upstream: golang/go src/flag/flag.go @ go1.24
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

__all__ = ["GoFlagSet", "GoFlagExit"]


class GoFlagExit(SystemExit):
    """Raised where Go's flag package calls ``os.Exit``."""


@dataclass
class _Flag:
    name: str
    value: object
    usage: str
    is_bool: bool


class GoFlagSet:
    """A minimal ``flag.FlagSet`` with string and bool flags."""

    def __init__(self, program: str) -> None:
        self.program = program
        self._flags: dict[str, _Flag] = {}
        self.args: list[str] = []

    def string(self, name: str, value: str, usage: str) -> None:
        self._flags[name] = _Flag(name, value, usage, False)

    def bool(self, name: str, value: bool, usage: str) -> None:
        self._flags[name] = _Flag(name, value, usage, True)

    def __getitem__(self, name: str) -> object:
        return self._flags[name].value

    def usage(self) -> str:
        lines = [f"Usage of {self.program}:"]
        for f in sorted(self._flags.values(), key=lambda f: f.name):
            kind = "" if f.is_bool else " string"
            lines.append(f"  -{f.name}{kind}\n    \t{f.usage}")
        return "\n".join(lines) + "\n"

    def _fail(self, msg: str) -> None:
        sys.stderr.write(f"{msg}\n{self.usage()}")
        raise GoFlagExit(2)

    def parse(self, argv: list[str]) -> None:
        args = list(argv)
        while args:
            s = args[0]
            if len(s) < 2 or s[0] != "-":
                break
            args.pop(0)
            if s == "--":
                break
            name = s[2:] if s.startswith("--") else s[1:]
            if not name or name[0] in "-=":
                self._fail(f"bad flag syntax: {s}")
            name, eq, value = name.partition("=")
            if name in ("h", "help") and name not in self._flags:
                sys.stderr.write(self.usage())
                raise GoFlagExit(0)
            flag = self._flags.get(name)
            if flag is None:
                self._fail(f"flag provided but not defined: -{name}")
                return
            if flag.is_bool:
                if eq and value not in ("1", "t", "T", "true", "TRUE", "True", "0", "f", "F",
                                        "false", "FALSE", "False"):
                    self._fail(f'invalid boolean value "{value}" for -{name}: parse error')
                flag.value = (value in ("1", "t", "T", "true", "TRUE", "True")) if eq else True
                continue
            if not eq:
                if not args:
                    self._fail(f"flag needs an argument: -{name}")
                value = args.pop(0)
            flag.value = value
        self.args = args

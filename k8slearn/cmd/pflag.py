"""spf13/pflag's FlagSet: definition, normalisation, parsing and the usage table.

What matters for the course:

* flags are stored under their *normalised* name (``set_normalize_func``;
  component-base turns ``_`` into ``-``), so ``--allocate_node_cidrs`` works;
* ``--flag`` alone takes ``no_opt_def_val`` when set (bool flags: ``"true"``;
  the version flag too), otherwise it consumes the next argument;
* ``flag_usages_wrapped(cols)`` renders the table every ``--help`` shows
  (see :mod:`.pflag_usage`).

Upstream: spf13/pflag flag.go, errors.go @ v1.0.10
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from k8slearn.cmd.pflag_usage import flag_usages_wrapped, unquote_usage
from k8slearn.cmd.pflag_values import (
    BoolValue,
    DurationValue,
    Float32Value,
    Float64Value,
    Int32Value,
    IntValue,
    IPNetValue,
    StringSliceValue,
    StringValue,
    Value,
    go_quote,
)

__all__ = [
    "Flag", "FlagSet", "FlagError", "NotExistError", "ValueRequiredError",
    "InvalidValueError", "InvalidSyntaxError", "ErrHelp", "CONTINUE_ON_ERROR",
    "EXIT_ON_ERROR", "COMMAND_LINE", "go_quote", "unquote_usage",
]

CONTINUE_ON_ERROR = "ContinueOnError"
EXIT_ON_ERROR = "ExitOnError"


class FlagError(Exception):
    """A flag parse error (cobra routes these to the command's FlagErrorFunc)."""


class ErrHelp(FlagError):
    """``pflag: help requested``: ``--help``/``-h`` given but not defined."""

    def __init__(self) -> None:
        super().__init__("pflag: help requested")


class NotExistError(FlagError):
    pass


class ValueRequiredError(FlagError):
    pass


class InvalidValueError(FlagError):
    pass


class InvalidSyntaxError(FlagError):
    pass


@dataclass(eq=False)
class Flag:
    """One flag: name, shorthand, usage text, value and its display metadata."""

    name: str
    usage: str
    value: Value
    shorthand: str = ""
    def_value: str = ""
    no_opt_def_val: str = ""
    deprecated: str = ""
    shorthand_deprecated: str = ""
    hidden: bool = False
    changed: bool = False
    annotations: dict[str, list[str]] = field(default_factory=dict)

    def default_is_zero_value(self) -> bool:
        v, d = self.value, self.def_value
        if v.is_bool_flag():
            return d in ("false", "")
        if isinstance(v, DurationValue):
            return d in ("0", "0s")
        if isinstance(v, (IntValue, Int32Value, Float64Value)):
            return d == "0"
        if isinstance(v, StringValue):
            return d == ""
        if isinstance(v, IPNetValue):
            return d == "<nil>"
        if isinstance(v, StringSliceValue):
            return d == "[]"
        return d in ("false", "<nil>", "", "0")


NormalizeFunc = Callable[["FlagSet", str], str]


def _identity(_fs: FlagSet, name: str) -> str:
    return name


class FlagSet:
    """A set of flags; ``name`` is only used in messages."""

    def __init__(self, name: str = "", error_handling: str = CONTINUE_ON_ERROR) -> None:
        self.name = name
        self.error_handling = error_handling
        self.sort_flags = True
        self.interspersed = True
        self.output: TextIO | None = None
        self._normalize: NormalizeFunc = _identity
        self._formal: dict[str, Flag] = {}
        self._ordered: list[Flag] = []
        self._shorthands: dict[str, Flag] = {}
        self.args: list[str] = []
        self.args_len_at_dash = -1
        self.parsed = False

    # --- normalisation and lookup -------------------------------------------------
    def set_normalize_func(self, fn: NormalizeFunc) -> None:
        """Install ``fn`` and re-key every existing flag under its new normal name."""
        self._normalize = fn
        formal: dict[str, Flag] = {}
        for f in self._ordered:
            f.name = fn(self, f.name)
            formal[f.name] = f
        self._formal = formal

    def get_normalize_func(self) -> NormalizeFunc:
        return self._normalize

    def normalize(self, name: str) -> str:
        return self._normalize(self, name)

    def lookup(self, name: str) -> Flag | None:
        return self._formal.get(self.normalize(name))

    def shorthand_lookup(self, c: str) -> Flag | None:
        return self._shorthands.get(c)

    def has_flags(self) -> bool:
        return bool(self._formal)

    def has_available_flags(self) -> bool:
        return any(not f.hidden for f in self._formal.values())

    def visit_all(self) -> Iterator[Flag]:
        """All flags, sorted by name unless ``sort_flags`` is off (pflag's VisitAll)."""
        flags = list(self._formal.values())
        return iter(sorted(flags, key=lambda f: f.name) if self.sort_flags else
                    [f for f in self._ordered if f.name in self._formal])

    def changed(self, name: str) -> bool:
        f = self.lookup(name)
        return f is not None and f.changed

    def get(self, name: str) -> Any:
        f = self.lookup(name)
        if f is None:
            raise KeyError(f"flag accessed but not defined: {name}")
        return f.value.get()

    # --- definition ------------------------------------------------------------------
    def add_flag(self, flag: Flag) -> None:
        name = self.normalize(flag.name)
        if name in self._formal:
            raise ValueError(f"{self.name} flag redefined: {flag.name}")
        flag.name = name
        self._formal[name] = flag
        self._ordered.append(flag)
        if not flag.shorthand:
            return
        if len(flag.shorthand) > 1:
            raise ValueError(
                f"{go_quote(flag.shorthand)} shorthand is more than one ASCII character")
        used = self._shorthands.get(flag.shorthand)
        if used is not None:
            raise ValueError(f"unable to redefine {flag.shorthand!r} shorthand in "
                             f"{go_quote(self.name)} flagset: it's already used for "
                             f"{go_quote(used.name)} flag")
        self._shorthands[flag.shorthand] = flag

    def add_flag_set(self, other: FlagSet | None) -> None:
        """Add the *same* Flag objects; names already present are skipped."""
        if other is None:
            return
        for f in other.visit_all():
            if self.lookup(f.name) is None:
                self.add_flag(f)

    def var_p(self, value: Value, name: str, shorthand: str, usage: str) -> Flag:
        flag = Flag(name=name, usage=usage, value=value, shorthand=shorthand,
                    def_value=value.string())
        self.add_flag(flag)
        return flag

    def var(self, value: Value, name: str, usage: str) -> Flag:
        return self.var_p(value, name, "", usage)

    def bool_var_p(self, p: tuple[Any, str] | None, name: str, shorthand: str,
                   value: bool, usage: str) -> Flag:
        flag = self.var_p(BoolValue(value, p), name, shorthand, usage)
        flag.no_opt_def_val = "true"
        return flag

    def bool(self, name: str, value: bool, usage: str, shorthand: str = "",
             p: tuple[Any, str] | None = None) -> Flag:
        return self.bool_var_p(p, name, shorthand, value, usage)

    def int(self, name: str, value: int, usage: str, shorthand: str = "",
            p: tuple[Any, str] | None = None) -> Flag:
        return self.var_p(IntValue(value, p), name, shorthand, usage)

    def int32(self, name: str, value: int, usage: str, shorthand: str = "",
              p: tuple[Any, str] | None = None) -> Flag:
        return self.var_p(Int32Value(value, p), name, shorthand, usage)

    def float32(self, name: str, value: float, usage: str, shorthand: str = "",
                p: tuple[Any, str] | None = None) -> Flag:
        return self.var_p(Float32Value(value, p), name, shorthand, usage)

    def float64(self, name: str, value: float, usage: str, shorthand: str = "",
                p: tuple[Any, str] | None = None) -> Flag:
        return self.var_p(Float64Value(value, p), name, shorthand, usage)

    def string(self, name: str, value: str, usage: str, shorthand: str = "",
               p: tuple[Any, str] | None = None) -> Flag:
        return self.var_p(StringValue(value, p), name, shorthand, usage)

    def duration(self, name: str, value: float, usage: str, shorthand: str = "",
                 p: tuple[Any, str] | None = None) -> Flag:
        return self.var_p(DurationValue(value, p), name, shorthand, usage)

    def string_slice(self, name: str, value: list[str], usage: str, shorthand: str = "",
                     p: tuple[Any, str] | None = None) -> Flag:
        return self.var_p(StringSliceValue(value, p), name, shorthand, usage)

    def ip_net(self, name: str, value: Any, usage: str, shorthand: str = "",
               p: tuple[Any, str] | None = None) -> Flag:
        return self.var_p(IPNetValue(value, p), name, shorthand, usage)

    def mark_deprecated(self, name: str, message: str) -> None:
        """Deprecated flags still parse (with a warning) but are hidden from help."""
        f = self._must(name)
        if not message:
            raise ValueError(f"deprecated message for flag {go_quote(name)} must be set")
        f.deprecated, f.hidden = message, True

    def mark_shorthand_deprecated(self, name: str, message: str) -> None:
        f = self._must(name)
        if not message:
            raise ValueError(f"deprecated message for flag {go_quote(name)} must be set")
        f.shorthand_deprecated = message

    def mark_hidden(self, name: str) -> None:
        self._must(name).hidden = True

    def _must(self, name: str) -> Flag:
        f = self.lookup(name)
        if f is None:
            raise KeyError(f"flag {go_quote(name)} does not exist")
        return f

    # --- setting and parsing --------------------------------------------------------
    def _out(self) -> TextIO:
        return self.output if self.output is not None else sys.stderr

    def set(self, name: str, value: str) -> None:
        flag = self._formal.get(self.normalize(name))
        if flag is None:
            raise NotExistError(f"no such flag -{name}")
        try:
            flag.value.set(value)
        except ValueError as e:
            shown = (f"-{flag.shorthand}, --{flag.name}"
                     if flag.shorthand and not flag.shorthand_deprecated else f"--{flag.name}")
            raise InvalidValueError(
                f"invalid argument {go_quote(value)} for {go_quote(shown)} flag: {e}") from None
        flag.changed = True
        if flag.deprecated:
            print(f"Flag --{flag.name} has been deprecated, {flag.deprecated}", file=self._out())

    def parse(self, arguments: list[str]) -> None:
        """Parse ``arguments``; leftovers go to ``self.args``.  Errors raise FlagError."""
        self.parsed = True
        self.args = []
        args = list(arguments)
        while args:
            s = args.pop(0)
            if len(s) < 2 or s[0] != "-":
                if not self.interspersed:
                    self.args += [s, *args]
                    return
                self.args.append(s)
                continue
            if s[1] == "-":
                if len(s) == 2:  # "--" ends the flags
                    self.args_len_at_dash = len(self.args)
                    self.args += args
                    return
                args = self._parse_long(s, args)
            else:
                args = self._parse_short(s, args)

    def _parse_long(self, s: str, args: list[str]) -> list[str]:
        name = s[2:]
        if not name or name[0] in "-=":
            raise InvalidSyntaxError(f"bad flag syntax: {s}")
        name, eq, value = name.partition("=")
        flag = self._formal.get(self.normalize(name))
        if flag is None:
            if name == "help":
                raise ErrHelp()
            raise NotExistError(f"unknown flag: --{name}")
        if eq:
            pass
        elif flag.no_opt_def_val:
            value = flag.no_opt_def_val
        elif args:
            value = args.pop(0)
        else:
            raise ValueRequiredError(f"flag needs an argument: --{name}")
        self.set(flag.name, value)
        return args

    def _parse_short(self, s: str, args: list[str]) -> list[str]:
        shorthands = s[1:]
        while shorthands:
            c, rest = shorthands[0], shorthands[1:]
            flag = self._shorthands.get(c)
            if flag is None:
                if c == "h":
                    raise ErrHelp()
                raise NotExistError(f"unknown shorthand flag: {c!r} in -{shorthands}")
            if rest.startswith("="):
                value, shorthands = rest[1:], ""
            elif flag.no_opt_def_val:
                value, shorthands = flag.no_opt_def_val, rest
            elif rest:
                value, shorthands = rest, ""
            elif args:
                value, shorthands = args.pop(0), ""
            else:
                raise ValueRequiredError(f"flag needs an argument: {c!r} in -{shorthands}")
            if flag.shorthand_deprecated:
                print(f"Flag shorthand -{flag.shorthand} has been deprecated, "
                      f"{flag.shorthand_deprecated}", file=self._out())
            self.set(flag.name, value)
        return args

    # --- usage ------------------------------------------------------------------------
    def flag_usages(self) -> str:
        return self.flag_usages_wrapped(0)

    def flag_usages_wrapped(self, cols: int) -> str:
        """The flag table, wrapped to ``cols`` columns (0: no wrapping)."""
        return flag_usages_wrapped(self.visit_all(), cols)


#: pflag.CommandLine: the process-global set.  cobra adds it to the root's persistent
#: flags, which is why clicheck's global check forbids registering anything here.
COMMAND_LINE = FlagSet("k8slearn", EXIT_ON_ERROR)

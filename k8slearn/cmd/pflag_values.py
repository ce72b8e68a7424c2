"""The flag value types of spf13/pflag: bool, int, float64, string, duration, stringSlice, ipNet.

A value writes through to a *target*: ``(obj, "attr")`` binds a flag to an
options object's attribute, as ``fs.StringVar(&o.ServiceCIDR, ...)`` binds a Go
pointer; without a target the value lives in a small :class:`Box`.  Each type
reproduces Go's parse error text (``strconv.ParseInt: parsing "x": invalid
syntax``) because pflag wraps it into ``invalid argument "x" for "--f" flag: ...``.

Upstream: spf13/pflag bool.go, int.go, float64.go, string.go, duration.go @ v1.0.10
Upstream: spf13/pflag string_slice.go, ipnet.go @ v1.0.10
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from k8slearn.cmd.duration import format_duration, parse_duration
from k8slearn.cmd.netutils import parse_cidr

__all__ = [
    "Box", "Value", "BoolValue", "IntValue", "Float64Value", "StringValue",
    "DurationValue", "StringSliceValue", "IPNetValue", "go_quote",
]


def go_quote(s: str) -> str:
    """Go's ``%q`` for printable text (a JSON string is a close match)."""
    return json.dumps(s, ensure_ascii=False)


class Box:
    """A holder for a flag value when no options object is given (Go: ``new(T)``)."""

    def __init__(self, value: Any = None) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Box({self.value!r})"


class Value:
    """pflag.Value: ``set(s)``, ``string()`` and ``type()``; reads/writes its target."""

    type_name = "value"

    def __init__(self, default: Any, target: tuple[Any, str] | None = None) -> None:
        self.target: tuple[Any, str] = target if target is not None else (Box(), "value")
        self.put(default)

    def get(self) -> Any:
        obj, attr = self.target
        return getattr(obj, attr)

    def put(self, v: Any) -> None:
        obj, attr = self.target
        setattr(obj, attr, v)

    def set(self, s: str) -> None:
        raise NotImplementedError

    def string(self) -> str:
        return str(self.get())

    def type(self) -> str:
        return self.type_name

    def is_bool_flag(self) -> bool:
        return False


class BoolValue(Value):
    type_name = "bool"

    def set(self, s: str) -> None:
        table = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
                 "0": False, "f": False, "F": False, "FALSE": False, "false": False,
                 "False": False}
        if s not in table:
            raise ValueError(f"strconv.ParseBool: parsing {go_quote(s)}: invalid syntax")
        self.put(table[s])

    def string(self) -> str:
        return "true" if self.get() else "false"

    def is_bool_flag(self) -> bool:
        return True


def parse_go_int(s: str, bits: int = 64) -> int:
    """``strconv.ParseInt(s, 0, bits)``: 0x/0o/0b prefixes, a leading 0 means octal."""
    bad = ValueError(f"strconv.ParseInt: parsing {go_quote(s)}: invalid syntax")
    body = s[1:] if s[:1] in "+-" else s
    if not body or body.startswith("_") or body.endswith("_") or "__" in body:
        raise bad
    low = body.lower()
    base, digits = 10, body
    if low.startswith(("0x", "0o", "0b")):
        base, digits = {"x": 16, "o": 8, "b": 2}[low[1]], body[2:]
    elif len(body) > 1 and body[0] == "0":
        base, digits = 8, body[1:]
    elif "_" in body:
        raise bad  # underscores only with a base prefix
    try:
        n = int(digits.replace("_", ""), base) if digits else None
    except ValueError:
        n = None
    if n is None:
        raise bad
    n = -n if s.startswith("-") else n
    if not -(1 << (bits - 1)) <= n < (1 << (bits - 1)):
        raise ValueError(f"strconv.ParseInt: parsing {go_quote(s)}: value out of range")
    return n


class IntValue(Value):
    type_name = "int"

    def set(self, s: str) -> None:
        self.put(parse_go_int(s))


class Int32Value(Value):
    """pflag's ``int32``: ``strconv.ParseInt(s, 0, 32)``, so 2147483648 is out of range."""

    type_name = "int32"

    def set(self, s: str) -> None:
        self.put(parse_go_int(s, 32))


class Float64Value(Value):
    type_name = "float64"

    def set(self, s: str) -> None:
        try:
            if s.strip() != s or "_" in s:
                raise ValueError
            self.put(float(s))
        except ValueError:
            raise ValueError(f"strconv.ParseFloat: parsing {go_quote(s)}: invalid syntax") from None

    def string(self) -> str:
        v = float(self.get())
        if v == int(v) and abs(v) < 1e21:
            return str(int(v))
        return repr(v)


class StringValue(Value):
    type_name = "string"

    def set(self, s: str) -> None:
        self.put(s)


class DurationValue(Value):
    """A ``time.Duration`` flag holding float seconds; prints as Go does (``5s``)."""

    type_name = "duration"

    def set(self, s: str) -> None:
        self.put(parse_duration(s))

    def string(self) -> str:
        return format_duration(self.get())


class StringSliceValue(Value):
    """Comma-separated, CSV-quoted; the first ``set`` replaces the default, later ones append."""

    type_name = "stringSlice"

    def __init__(self, default: list[str], target: tuple[Any, str] | None = None) -> None:
        super().__init__(list(default), target)
        self.changed = False

    def set(self, s: str) -> None:
        values = next(csv.reader(io.StringIO(s))) if s else []
        self.put(values if not self.changed else self.get() + values)
        self.changed = True

    def string(self) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(self.get())
        return "[" + buf.getvalue() + "]"


class IPNetValue(Value):
    """A CIDR flag (``net.ParseCIDR`` after TrimSpace); prints the network, ``<nil>`` unset."""

    type_name = "ipNet"

    def set(self, s: str) -> None:
        self.put(parse_cidr(s.strip(), sloppy=False))

    def string(self) -> str:
        v = self.get()
        return "<nil>" if v is None else str(v)



FLOAT32_MAX = 3.4028234663852886e38


class Float32Value(Float64Value):
    """pflag's ``float32``: ``strconv.ParseFloat(s, 32)``; beyond float32 is out of range."""

    type_name = "float32"

    def set(self, s: str) -> None:
        super().set(s)
        v = float(self.get())
        if v != v or abs(v) == float("inf"):
            return  # "NaN", "Inf" parse in Go too
        if abs(v) > FLOAT32_MAX:
            raise ValueError(f"strconv.ParseFloat: parsing {go_quote(s)}: value out of range")
        import struct
        self.put(struct.unpack("f", struct.pack("f", v))[0])

    def string(self) -> str:
        v = float(self.get())
        if v == int(v) and abs(v) < 1e21:
            return str(int(v))
        return f"{v:.7g}"

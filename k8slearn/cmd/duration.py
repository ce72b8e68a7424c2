"""Go ``time.ParseDuration`` and ``time.Duration.String`` for command-line flags.

Durations are float seconds in k8slearn; internally they are rounded to integer
nanoseconds, as Go's ``time.Duration`` is, so ``1h30m`` round-trips exactly and
``format_duration(parse_duration("1.5ms")) == "1.5ms"``.

Upstream: golang/go src/time/format.go @ go1.24
"""

from __future__ import annotations

import json

__all__ = ["parse_duration", "format_duration", "parse_duration_ns", "format_duration_ns"]

_NS = 1
_US = 1000 * _NS
_MS = 1000 * _US
_S = 1000 * _MS
_M = 60 * _S
_H = 60 * _M
_UNITS = {
    "ns": _NS, "us": _US, "\u00b5s": _US, "\u03bcs": _US,
    "ms": _MS, "s": _S, "m": _M, "h": _H,
}
_MAX = (1 << 63) - 1


def _quote(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def parse_duration_ns(s: str) -> int:
    """Parse ``[-+]?([0-9]*(\\.[0-9]*)?[a-z]+)+`` into integer nanoseconds.

    Raises ValueError with Go's exact messages: ``time: invalid duration "x"``,
    ``time: missing unit in duration "5"``, ``time: unknown unit "d" in duration "1d"``.
    """
    orig = s
    invalid = ValueError(f"time: invalid duration {_quote(orig)}")
    neg = False
    if s and s[0] in "+-":
        neg = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if not s:
        raise invalid
    total = 0
    while s:
        if not (s[0] == "." or s[0].isdigit() and s[0].isascii()):
            raise invalid
        i = 0
        while i < len(s) and "0" <= s[i] <= "9":
            i += 1
        pre = i > 0
        whole = int(s[:i]) if pre else 0
        s = s[i:]
        frac, scale, post = 0, 1, False
        if s and s[0] == ".":
            s = s[1:]
            j = 0
            while j < len(s) and "0" <= s[j] <= "9":
                j += 1
            post = j > 0
            if post:
                frac, scale = int(s[:j]), 10**j
            s = s[j:]
        if not pre and not post:
            raise invalid
        k = 0
        while k < len(s) and not (s[k] == "." or "0" <= s[k] <= "9"):
            k += 1
        if k == 0:
            raise ValueError(f"time: missing unit in duration {_quote(orig)}")
        unit_name, s = s[:k], s[k:]
        unit = _UNITS.get(unit_name)
        if unit is None:
            raise ValueError(f"time: unknown unit {_quote(unit_name)} in duration {_quote(orig)}")
        v = whole * unit + (frac * unit) // scale  # Go truncates the fraction, too
        total += v
        if total > _MAX + (1 if neg else 0):
            raise invalid
    return -total if neg else total


def parse_duration(s: str) -> float:
    """Like Go's ``time.ParseDuration`` but returning float seconds."""
    return parse_duration_ns(s) / _S


def _fmt_frac(v: int, prec: int) -> tuple[str, int]:
    digits, printed = "", False
    for _ in range(prec):
        digit = v % 10
        printed = printed or digit != 0
        if printed:
            digits = str(digit) + digits
        v //= 10
    return ("." + digits if printed else ""), v


def format_duration_ns(d: int) -> str:
    """Go's ``Duration.String``: ``0s``, ``1.5ms``, ``72h3m0.5s``."""
    if d == 0:
        return "0s"
    neg, u = d < 0, abs(d)
    if u < _S:
        if u < _US:
            prec, unit = 0, "ns"
        elif u < _MS:
            prec, unit = 3, "\u00b5s"
        else:
            prec, unit = 6, "ms"
        frac, u = _fmt_frac(u, prec)
        out = f"{u}{frac}{unit}"
    else:
        frac, u = _fmt_frac(u, 9)
        out = f"{u % 60}{frac}s"
        u //= 60
        if u > 0:
            out = f"{u % 60}m" + out
            u //= 60
            if u > 0:
                out = f"{u}h" + out
    return "-" + out if neg else out


def format_duration(seconds: float) -> str:
    """Format float seconds the way Go prints a ``time.Duration``."""
    return format_duration_ns(round(seconds * _S))

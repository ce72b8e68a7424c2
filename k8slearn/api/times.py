"""Timestamps and durations on the wire: metav1.Time (RFC 3339) and metav1.Duration (Go durations).

The course holds times as float epoch seconds and durations as float seconds;
these functions convert to and from the strings kubectl prints, and reject bad
input with Go's own error sentences (``parsing time "x" as
"2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"``,
``time: unknown unit "d" in duration "3d"``).

Upstream: kubernetes/apimachinery pkg/apis/meta/v1/time.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/apis/meta/v1/duration.go @ v0.36.3
Upstream: golang/go src/time/format.go @ go1.25.0

Only the RFC 3339 layout is implemented (it is the one metav1.Time uses).
"""

from __future__ import annotations

from .errors import go_quote

__all__ = ["RFC3339", "format_duration", "format_time", "parse_duration", "parse_time"]

RFC3339 = "2006-01-02T15:04:05Z07:00"


class _ParseError(ValueError):
    pass


def _err(value: str, layout_elem: str, value_elem: str, message: str = "") -> _ParseError:
    """time.ParseError.Error()."""
    if message:
        return _ParseError(f"parsing time {go_quote(value)}{message}")
    return _ParseError(f"parsing time {go_quote(value)} as {go_quote(RFC3339)}: cannot parse "
                       f"{go_quote(value_elem)} as {go_quote(layout_elem)}")


def _getnum(s: str, fixed: bool) -> tuple[int, str] | None:
    """time.getnum: one or two digits (exactly two when ``fixed``)."""
    if not s[:1].isdigit() or not s[:1].isascii():
        return None
    if len(s) < 2 or not s[1].isdigit() or not s[1].isascii():
        return None if fixed else (int(s[0]), s[1:])
    return int(s[:2]), s[2:]


def parse_time(text: str) -> float:
    """time.Parse(time.RFC3339, text) as metav1.Time does -> epoch seconds (fractions kept)."""
    value = text
    # (literal prefix, element, fixed-width) for each chunk of the RFC 3339 layout
    fields: dict[str, int] = {}
    for prefix, elem in (("", "2006"), ("-", "01"), ("-", "02"), ("T", "15"), (":", "04"),
                         (":", "05")):
        if prefix:
            if not value.startswith(prefix):
                raise _err(text, prefix, value)
            value = value[len(prefix):]
        hold = value
        if elem == "2006":
            if len(value) < 4 or not value[:4].isdigit() or not value[:4].isascii():
                raise _err(text, elem, hold)
            fields[elem], value = int(value[:4]), value[4:]
            continue
        got = _getnum(value, fixed=elem != "15")
        if got is None:
            raise _err(text, elem, hold)
        fields[elem], value = got
        limit, name = {"01": (12, "month"), "02": (31, "day"), "15": (23, "hour"),
                       "04": (59, "minute"), "05": (59, "second")}[elem]
        if fields[elem] > limit or (elem in ("01", "02") and fields[elem] < 1):
            raise _err(text, elem, value, f": {name} out of range")
    frac = 0.0
    if len(value) >= 2 and value[0] in ".," and value[1].isdigit():
        n = 1
        while n < len(value) and value[n].isdigit():
            n += 1
        frac, value = float("0." + value[1:n]), value[n:]
    hold = value
    if value.startswith("Z"):
        offset, value = 0, value[1:]
    else:
        if len(value) < 6 or value[3] != ":" or value[0] not in "+-":
            raise _err(text, "Z07:00", hold)
        hh, mm = _getnum(value[1:3], True), _getnum(value[4:6], True)
        if hh is None or mm is None or hh[1] or mm[1]:
            raise _err(text, "Z07:00", hold)
        offset = (hh[0] * 3600 + mm[0] * 60) * (1 if value[0] == "+" else -1)
        value = value[6:]
        if hh[0] > 24:
            raise _err(text, "", value, ": time zone offset hour out of range")
        if mm[0] > 60:
            raise _err(text, "", value, ": time zone offset minute out of range")
    if value:
        raise _err(text, "", value, f": extra text: {go_quote(value)}")
    year, month, day = fields["2006"], fields["01"], fields["02"]
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if day > (29 if leap and month == 2 else _DAYS_IN_MONTH[month]):
        raise _err(text, "", value, ": day out of range")
    days = _days_from_civil(year, month, day)
    secs = days * 86400 + fields["15"] * 3600 + fields["04"] * 60 + fields["05"]
    return secs - offset + frac


_DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year, like Go)."""
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    """(year, month, day) of a day count since 1970-01-01 (the inverse of _days_from_civil)."""
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (m <= 2), m, d


def format_time(ts: float) -> str:
    """metav1.Time MarshalJSON: RFC 3339 in UTC, whole seconds; years 0000-9999 as in Go.

    Go refuses other years (``Time.MarshalJSON: year outside of range [0,9999]``);
    Python's datetime stops at year 1, so the date is computed here.
    """
    if ts != ts or ts in (float("inf"), float("-inf")):
        raise ValueError("Time.MarshalJSON: year outside of range [0,9999]")
    secs = int(ts // 1)
    days, rem = divmod(secs, 86400)
    y, m, d = _civil_from_days(days)
    if not 0 <= y <= 9999:
        raise ValueError("Time.MarshalJSON: year outside of range [0,9999]")
    return f"{y:04d}-{m:02d}-{d:02d}T{rem // 3600:02d}:{rem % 3600 // 60:02d}:{rem % 60:02d}Z"


_UNITS = {"ns": 1, "us": 1_000, "\u00b5s": 1_000, "\u03bcs": 1_000, "ms": 1_000_000,
          "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000}
_MAX_NS = (1 << 63) - 1


def parse_duration(text: str) -> float:
    """time.ParseDuration (as metav1.Duration decodes) -> float seconds."""
    orig, s, neg = text, text, False
    if s[:1] in ("-", "+"):
        neg, s = s[0] == "-", s[1:]
    if s == "0":
        return 0.0
    invalid = ValueError(f"time: invalid duration {go_quote(orig)}")
    if not s:
        raise invalid
    total = 0
    while s:
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            raise invalid
        i = 0
        while i < len(s) and "0" <= s[i] <= "9":
            i += 1
        pre, whole, s = i > 0, int(s[:i] or "0"), s[i:]
        post, frac, scale = False, 0, 1.0
        if s[:1] == ".":
            s = s[1:]
            i = 0
            while i < len(s) and "0" <= s[i] <= "9":
                i += 1
            post, digits, s = i > 0, s[:i], s[i:]
            for ch in digits:  # leadingFraction stops adding precision on overflow
                if frac <= (_MAX_NS - 9) // 10:
                    frac, scale = frac * 10 + int(ch), scale * 10
        if not pre and not post:
            raise invalid
        i = 0
        while i < len(s) and not (s[i] == "." or "0" <= s[i] <= "9"):
            i += 1
        if i == 0:
            raise ValueError(f"time: missing unit in duration {go_quote(orig)}")
        unit_text, s = s[:i], s[i:]
        unit = _UNITS.get(unit_text)
        if unit is None:
            raise ValueError(f"time: unknown unit {go_quote(unit_text)} in duration "
                             f"{go_quote(orig)}")
        v = whole * unit + (int(frac * (unit / scale)) if frac else 0)
        total += v
        if whole > _MAX_NS // unit or total > _MAX_NS + (1 if neg else 0):
            raise invalid
    return (-total if neg else total) / 1e9


def format_duration(seconds: float) -> str:
    """time.Duration.String for float seconds (``1m0s``, ``20.131s``, ``500ms``)."""
    ns = round(seconds * 1e9)
    if ns == 0:
        return "0s"
    sign, ns = ("-" if ns < 0 else ""), abs(ns)

    def frac(v: int, digits: int) -> str:
        whole, rest = divmod(v, 10**digits)
        tail = str(rest).rjust(digits, "0").rstrip("0")
        return f"{whole}.{tail}" if tail else str(whole)

    if ns < 1_000_000_000:
        if ns < 1_000:
            return f"{sign}{ns}ns"
        if ns < 1_000_000:
            return f"{sign}{frac(ns, 3)}\u00b5s"
        return f"{sign}{frac(ns, 6)}ms"
    hours, rest = divmod(ns, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    out = frac(rest, 9) + "s"
    if hours or minutes:
        out = f"{minutes}m" + out
    if hours:
        out = f"{hours}h" + out
    return sign + out

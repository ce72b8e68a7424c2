"""Quantity: the fixed-point number with SI/binary suffixes used for CPU, memory and sizes.

Mirrors apimachinery's ``resource.Quantity``: parsing (``500m``, ``1Gi``, ``1e3``),
exact values rounded up to nano units, the three formats and their canonical
string forms, ``Value()``/``MilliValue()`` rounding and comparison.

Upstream: kubernetes/apimachinery pkg/api/resource/quantity.go @ v0.36.3

How it is modelled: an exact ``unscaled * 10**scale`` integer pair plus the
upstream form it would be in (see ``amount.py``).  Quantities are immutable and
hashable; arithmetic returns new objects.

Quirks kept on purpose (all upstream behaviour):

* ``str()`` returns the *input text* when the fast parser judged it canonical,
  so ``Quantity("+1")`` prints ``+1``, ``Quantity("1E3")`` prints ``1E3`` and
  ``Quantity("0001")`` prints ``0001``.  Everything else is re-rendered canonically.
* ``"."``, ``"-"`` and ``"+"`` parse as zero; no regular expression is applied,
  although the error message quotes one.
* BinarySI values are capped at 2**63-1; decimal values are not capped, and a
  DecimalSI value of 10**21 or more prints without its exponent (there is no
  suffix past ``E``): ``Quantity("1000000000000000M")`` prints ``1``.
* ``value()`` rounds away from zero for the fast form but truncates and adds one
  for the decimal (slow-path) form: ``Quantity("-1n").value() == -1`` while
  ``Quantity("-0.0000000001").value() == 1``.  Overflow of the fast form returns 0,
  as ``AsScaledInt64`` reports failure and ``ScaledValue`` ignores it.

Deviations (guards, documented): decimal exponents above 10000 are rejected
with ``unable to parse numeric part of quantity``; upstream would try to build
the number and exhaust memory.  So are numbers of more than 4000 significant
digits (inf.Dec takes them; Python refuses to print integers past 4300 digits).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .amount import canonical_decimal, scaled_value, strip_factors
from .suffix import BIN_BY_EXP as _BIN_BY_EXP
from .suffix import DEC_BY_EXP as _DEC_BY_EXP
from .suffix import ERR_SUFFIX
from .suffix import interpret as _interpret

__all__ = [
    "BINARY_SI",
    "DECIMAL_EXPONENT",
    "DECIMAL_SI",
    "ERR_FORMAT_WRONG",
    "ERR_NUMERIC",
    "ERR_SUFFIX",
    "Quantity",
    "must_parse",
    "parse_quantity",
]

DECIMAL_EXPONENT = "DecimalExponent"  # e.g. 12e6
BINARY_SI = "BinarySI"  # e.g. 12Mi (12 * 2^20)
DECIMAL_SI = "DecimalSI"  # e.g. 12M (12 * 10^6)

SPLIT_RE_STRING = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
ERR_FORMAT_WRONG = "quantities must match the regular expression '" + SPLIT_RE_STRING + "'"
ERR_NUMERIC = "unable to parse numeric part of quantity"

NANO = -9
MILLI = -3
_MAX_INT64 = (1 << 63) - 1
_MIN_INT64 = -(1 << 63)
_MAX_INT64_FACTORS = 18
_MAX_EXPONENT = 10000  # guard, see module docstring
_MAX_DIGITS = 4000  # guard, see module docstring

_SUFFIX_CHARS = frozenset("eEinumkKMGTP")
_DIGITS = frozenset("0123456789")
_DEC_RE = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)\Z")


def _split(s: str) -> tuple[bool, str, str, str, str]:
    """parseQuantityString: sign, numeric text, integer digits, fraction digits, suffix."""
    positive, pos, end = True, 0, len(s)
    if end and s[0] in "+-":
        positive = s[0] == "+"
        pos = 1
    while pos < end and s[pos] == "0":
        pos += 1
    if pos >= end:
        return positive, "0", "0", "", ""
    start = pos
    while pos < end and s[pos] in _DIGITS:
        pos += 1
    num = s[start:pos] or "0"
    if pos >= end:
        return positive, s, num, "", ""
    denom = ""
    if s[pos] == ".":
        pos += 1
        start = pos
        while pos < end and s[pos] in _DIGITS:
            pos += 1
        denom = s[start:pos]
        if pos >= end:
            return positive, s, num, denom, ""
    value = s[:pos]
    suffix_start = pos
    while pos < end and s[pos] in _SUFFIX_CHARS:
        pos += 1
    if pos >= end:
        return positive, value, num, denom, s[suffix_start:]
    if s[pos] in "+-":
        pos += 1
    while pos < end and s[pos] in _DIGITS:
        pos += 1
    if pos >= end:
        return positive, value, num, denom, s[suffix_start:]
    raise ValueError(ERR_FORMAT_WRONG)


class Quantity:
    """An exact quantity with a display format; ``Quantity("500m")``.

    Attributes mirror upstream: ``format`` is one of ``"DecimalSI"``, ``"BinarySI"``,
    ``"DecimalExponent"``.  ``Quantity()`` with no argument is the zero quantity.
    """

    __slots__ = ("_unscaled", "_scale", "_dec", "format", "_s")

    def __init__(self, text: str | None = None) -> None:
        if text is None:
            self._unscaled, self._scale, self._dec = 0, 0, False
            self.format, self._s = DECIMAL_SI, ""
            return
        if not isinstance(text, str):
            raise TypeError(f"Quantity() expects a string, got {type(text).__name__}")
        _parse_into(self, text)

    # -- constructors mirroring NewQuantity / NewMilliQuantity / NewScaledQuantity
    @classmethod
    def _make(cls, unscaled: int, scale: int, fmt: str, dec: bool = False, s: str = "") -> Quantity:
        q = cls.__new__(cls)
        q._unscaled, q._scale, q._dec, q.format, q._s = unscaled, scale, dec, fmt, s
        return q

    @classmethod
    def new_quantity(cls, value: int, fmt: str = DECIMAL_SI) -> Quantity:
        """NewQuantity: ``value`` units in the given format."""
        return cls._make(value, 0, fmt)

    @classmethod
    def new_milli_quantity(cls, value: int, fmt: str = DECIMAL_SI) -> Quantity:
        """NewMilliQuantity: ``value`` thousandths."""
        return cls._make(value, MILLI, fmt)

    @classmethod
    def new_decimal_quantity(cls, unscaled: int, scale: int, fmt: str = DECIMAL_SI) -> Quantity:
        """NewDecimalQuantity: ``unscaled * 10**scale`` held in the decimal (inf.Dec) form."""
        return cls._make(unscaled, scale, fmt, True)

    @classmethod
    def new_scaled_quantity(cls, value: int, scale: int) -> Quantity:
        """NewScaledQuantity: ``value * 10**scale``, DecimalSI."""
        return cls._make(value, scale, DECIMAL_SI)

    # -- reading
    def _exact(self) -> tuple[int, int]:
        """(numerator, denominator) of the exact value."""
        if self._scale >= 0:
            return self._unscaled * 10**self._scale, 1
        return self._unscaled, 10 ** (-self._scale)

    def is_zero(self) -> bool:
        return self._unscaled == 0

    def sign(self) -> int:
        return (self._unscaled > 0) - (self._unscaled < 0)

    def scaled_value(self, scale: int) -> int:
        """ScaledValue: the value in units of ``10**scale``, rounded up (see module notes)."""
        return scaled_value(self._unscaled, self._scale, self._dec, scale)

    def value(self) -> int:
        """Value: the value rounded up to an integer (``Quantity("1500m").value() == 2``)."""
        return self.scaled_value(0)

    def milli_value(self) -> int:
        """MilliValue: the value in thousandths, rounded up."""
        return self.scaled_value(MILLI)

    def as_approximate_float64(self) -> float:
        n, d = self._exact()
        return n / d

    def __float__(self) -> float:
        return self.as_approximate_float64()

    # -- comparison
    def cmp(self, other: Quantity) -> int:
        """Cmp: -1, 0 or 1."""
        a, b = self._exact(), other._exact()
        x, y = a[0] * b[1], b[0] * a[1]
        return (x > y) - (x < y)

    def _key(self) -> tuple[int, int]:
        v, times = strip_factors(self._unscaled, 10)
        return (v, self._scale + times) if v else (0, 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return self.cmp(other) == 0

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: Quantity) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return self.cmp(other) < 0

    def __le__(self, other: Quantity) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return self.cmp(other) <= 0

    def __gt__(self, other: Quantity) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return self.cmp(other) > 0

    def __ge__(self, other: Quantity) -> bool:
        if not isinstance(other, Quantity):
            return NotImplemented
        return self.cmp(other) >= 0

    # -- arithmetic (new objects; the format follows Add's zero rule)
    def _combine(self, other: Quantity, sign: int) -> Quantity:
        scale = min(self._scale, other._scale)
        v = (self._unscaled * 10 ** (self._scale - scale)
             + sign * other._unscaled * 10 ** (other._scale - scale))
        fmt = other.format if self.is_zero() else self.format
        dec = self._dec or other._dec or not (_MIN_INT64 <= v <= _MAX_INT64)
        return Quantity._make(v, scale, fmt, dec)

    def add(self, other: Quantity) -> Quantity:
        return self._combine(other, 1)

    def sub(self, other: Quantity) -> Quantity:
        return self._combine(other, -1)

    def neg(self) -> Quantity:
        return Quantity._make(-self._unscaled, self._scale, self.format, self._dec)

    def mul(self, factor: int) -> tuple[Quantity, bool]:
        """Mul: (product, ok); ok is False when the result no longer fits an int64 form."""
        v = self._unscaled * factor
        fits = _MIN_INT64 <= v <= _MAX_INT64
        ok = fits and (self._dec or self._scale <= 0
                       or _MIN_INT64 <= v * 10**self._scale <= _MAX_INT64)
        if v == 0 and not self._dec:
            return Quantity._make(0, 0, self.format), True
        return Quantity._make(v, self._scale, self.format, self._dec or not ok), ok

    def round_up(self, scale: int) -> tuple[Quantity, bool]:
        """RoundUp: round away from zero to units of ``10**scale``; (result, exact)."""
        if self._scale >= scale:
            return self, True
        div = 10 ** (scale - self._scale)
        q, r = divmod(abs(self._unscaled), div)
        if r:
            q += 1
        v = q if self._unscaled >= 0 else -q
        return Quantity._make(v, scale, self.format, self._dec), r == 0

    def as_int64(self) -> tuple[int, bool]:
        """AsInt64: the integer value when the fast form holds an exact int64, else (0, False)."""
        if self._dec or self._scale < 0:
            return 0, False
        v = self._unscaled * 10**self._scale
        return (v, True) if _MIN_INT64 <= v <= _MAX_INT64 else (0, False)

    def to_dec(self) -> Quantity:
        """ToDec: the same value held in the decimal (inf.Dec) form."""
        return Quantity._make(self._unscaled, self._scale, self.format, True, self._s)

    def __add__(self, other: Quantity) -> Quantity:
        return self.add(other)

    def __sub__(self, other: Quantity) -> Quantity:
        return self.sub(other)

    def __neg__(self) -> Quantity:
        return self.neg()

    def __mul__(self, factor: int) -> Quantity:
        return self.mul(factor)[0]

    # -- formatting
    def canonicalize(self) -> tuple[str, str]:
        """CanonicalizeBytes: (number, suffix) of the canonical form."""
        if self._unscaled == 0:
            return "0", ""
        fmt = self.format
        if fmt == BINARY_SI:
            n, d = self._exact()
            if -1024 * d < n < 1024 * d or n % d:
                fmt = DECIMAL_SI
        elif fmt not in (DECIMAL_SI, DECIMAL_EXPONENT):
            fmt = DECIMAL_EXPONENT
        if fmt == BINARY_SI:
            n, d = self._exact()
            amount, exp = strip_factors(n // d, 1024)
            return str(amount), _BIN_BY_EXP.get(exp * 10, "")
        amount, exponent = canonical_decimal(self._unscaled, self._scale)
        if fmt == DECIMAL_SI:
            return str(amount), _DEC_BY_EXP.get(exponent, "")
        return str(amount), (f"e{exponent}" if exponent else "")

    def __str__(self) -> str:
        if self._s:
            return self._s
        number, suffix = self.canonicalize()
        return number + suffix

    def __repr__(self) -> str:
        return f"Quantity({str(self)!r})"

    def to_json(self) -> str:
        """MarshalJSON's string (without the quotes)."""
        return str(self)

    def __reduce__(self):
        return (Quantity._make, (self._unscaled, self._scale, self.format, self._dec, self._s))

    def __copy__(self) -> Quantity:
        return self

    def __deepcopy__(self, memo: dict) -> Quantity:
        return self


def _parse_into(q: Quantity, text: str) -> None:
    """ParseQuantity, writing the result into ``q``."""
    if not text:
        raise ValueError(ERR_FORMAT_WRONG)
    if text == "0":
        q._unscaled, q._scale, q._dec, q.format, q._s = 0, 0, False, DECIMAL_SI, text
        return
    positive, value, num, denom, suf = _split(text)
    base, exponent, fmt = _interpret(suf)
    precision, scale, mantissa = 0, 0, 1
    if fmt == BINARY_SI:
        if exponent >= 0 and not denom:
            mantissa = 1 << exponent
            precision = 15 - len(num) - int(exponent * 3 / 10) - 1
        else:
            precision = -1
    else:
        scale = exponent
        precision = _MAX_INT64_FACTORS - (len(num) + len(denom))
    if precision >= 0:
        scale -= len(denom)
        if scale >= NANO:
            shifted = num + denom
            v = int(shifted)
            result = v * mantissa
            if result <= _MAX_INT64:
                if not positive:
                    result = -result
                cache = ""
                if fmt == BINARY_SI:
                    if exponent % 10 == 0 and v & 0x07:
                        cache = text
                elif scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0":
                    cache = text
                q._unscaled, q._scale, q._dec, q.format, q._s = result, scale, False, fmt, cache
                return
    # Slow path: inf.Dec arithmetic, rounded up (away from zero) to nano units.
    if not _DEC_RE.match(value):
        raise ValueError(ERR_NUMERIC)
    if base == 10 and exponent > _MAX_EXPONENT:
        raise ValueError(ERR_NUMERIC)
    try:
        d = Decimal(value)
    except InvalidOperation:  # pragma: no cover - the regex above guards this
        raise ValueError(ERR_NUMERIC) from None
    sign, digits, dexp = d.as_tuple()
    if len(digits) > _MAX_DIGITS:
        raise ValueError(ERR_NUMERIC)
    unscaled = int("".join(map(str, digits)) or "0")
    pow10 = int(dexp) + (exponent if base == 10 else 0)  # value = unscaled * 10**pow10
    if base == 2:
        unscaled <<= exponent
    if unscaled == 0:
        q._unscaled, q._scale, q._dec, q.format, q._s = 0, pow10, True, fmt, ""
        return
    shift = pow10 - NANO
    if shift >= 0:
        nanos = unscaled * 10**shift
    elif -shift > len(str(unscaled)) + 1:
        nanos = 1
    else:
        nanos = -(-unscaled // 10 ** (-shift))
    new_unscaled, new_scale = nanos, NANO
    if fmt == BINARY_SI and nanos > _MAX_INT64 * 10**9:
        new_unscaled, new_scale = _MAX_INT64, 0
    if fmt == BINARY_SI and new_scale == NANO and 0 < nanos < 10**9:
        fmt = DECIMAL_SI
    if sign:
        new_unscaled = -new_unscaled
    q._unscaled, q._scale, q._dec, q.format, q._s = new_unscaled, new_scale, True, fmt, ""


def parse_quantity(text: str) -> Quantity:
    """ParseQuantity: a new Quantity or ValueError with upstream's message."""
    return Quantity(text)


def must_parse(text: str) -> Quantity:
    """MustParse (raises ValueError instead of panicking)."""
    return Quantity(text)

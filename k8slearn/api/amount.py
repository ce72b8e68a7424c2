"""The arithmetic behind Quantity: canonical mantissa/exponent pairs and scaled integer values.

Upstream models a value as an ``int64Amount`` (fast) or an ``inf.Dec`` (exact);
the course keeps one exact ``unscaled * 10**scale`` integer pair plus a flag for
which upstream form it would be in, because the two round ``ScaledValue``
differently: the fast form rounds away from zero (``negativeScaleInt64``) and
returns 0 on int64 overflow, the decimal form truncates toward zero and then adds
one whenever there was a remainder (so ``-1.5`` becomes ``0``, not ``-2``) and
wraps around like Go's ``big.Int.Int64``.

Upstream: kubernetes/apimachinery pkg/api/resource/amount.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/api/resource/scale_int.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/api/resource/math.go @ v0.36.3
"""

from __future__ import annotations

__all__ = ["MAX_INT64", "MIN_INT64", "canonical_decimal", "scaled_value", "strip_factors",
           "wrap64"]

MAX_INT64 = (1 << 63) - 1
MIN_INT64 = -(1 << 63)


def wrap64(v: int) -> int:
    """Two's-complement wrap to int64, like Go's integer overflow and ``big.Int.Int64``."""
    return ((v + (1 << 63)) % (1 << 64)) - (1 << 63)


def strip_factors(value: int, base: int) -> tuple[int, int]:
    """removeInt64Factors / removeBigIntFactors: divide out ``base`` while exact."""
    times = 0
    while value and value % base == 0:
        value //= base
        times += 1
    return value, times


def canonical_decimal(unscaled: int, scale: int) -> tuple[int, int]:
    """AsCanonicalBytes: (mantissa, exponent) with the exponent a multiple of 3, rounded down."""
    amount, times = strip_factors(unscaled, 10)
    exponent = scale + times
    rem = exponent % 3
    return amount * 10**rem, exponent - rem


def scaled_value(unscaled: int, scale: int, dec: bool, target: int) -> int:
    """ScaledValue: the value in units of ``10**target``, rounded "up" as upstream does."""
    v, s = unscaled, scale
    if not dec:
        if s < target:  # negativeScaleInt64: away from zero
            q, r = divmod(abs(v), 10 ** (target - s))
            if r:
                q += 1
            return q if v >= 0 else -q
        res = v * 10 ** (s - target)  # positiveScaleInt64: (0, false) on overflow
        return res if MIN_INT64 <= res <= MAX_INT64 else 0
    dif = target - s  # inf.Dec scales count digits after the point: -s and -target
    if dif == 0:
        return wrap64(v)
    if dif < 0:
        return wrap64(wrap64(v) * 10 ** (-dif))
    divisor = 10**dif
    if v < MAX_INT64 and dif < 19:
        v64 = wrap64(v)
        q = abs(v64) // divisor * (1 if v64 >= 0 else -1)  # Go truncating division
        return q + 1 if v64 - q * divisor != 0 else q
    q, r = divmod(v, divisor)  # big.Int DivMod: Euclidean (floor for positive divisor)
    return wrap64(q + 1 if r else q)

"""Go's float64 and int32/int64 conversion rules, where the HPA's arithmetic relies on them.

Go divides floats by zero without raising, converts out-of-range floats to
``MinInt64`` on amd64, and v1.36 caps replica counts at ``MaxInt32``.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

import math

__all__ = ["MAX_INT32", "MAX_INT64", "fdiv", "int64", "ceil32"]

MAX_INT32 = 2**31 - 1
MAX_INT64 = 2**63 - 1


def fdiv(a: float, b: float) -> float:
    """Go float64 division: dividing by zero gives +-Inf or NaN instead of raising."""
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def int64(x: float) -> int:
    """Go's ``int64(f)`` on amd64: out-of-range and NaN become MinInt64."""
    if math.isnan(x) or math.isinf(x) or abs(x) >= 2**63:
        return -(2**63)
    return int(x)


def ceil32(x: float) -> int:
    """``int32(math.Ceil(x))`` with v1.36's MaxInt32 cap."""
    if math.isnan(x):
        return -(2**31)
    if x >= MAX_INT32:
        return MAX_INT32
    return int(math.ceil(x))

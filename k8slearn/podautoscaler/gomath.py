"""Go's float64 and integer conversion rules, where the HPA's arithmetic relies on them.

Go divides floats by zero without raising.  Converting an out-of-range float
(or NaN) to ``int32``/``int64`` is implementation-defined; on amd64, where
kube-controller-manager usually runs, the result is the "integer indefinite"
value ``MinInt32``/``MinInt64``.  Integer adds and multiplies wrap modulo 2**32
or 2**64, and ``int32(x)`` of an ``int64`` keeps the low 32 bits.

Version note: at v1.36 only two of the HPA's nine float-to-int32 conversions
saturate at MaxInt32 (``getUsageRatioReplicaCount``, kubernetes/kubernetes
PR 126979, v1.35; ``GetExternalPerPodMetricReplicas``, PR 127050, v1.34); the
other seven wrap to MinInt32 on amd64.  PR 141397 (merged after v1.36.0)
routes all nine through one saturating ``ceilToInt32`` helper.
``ceil32_saturating`` models the two guarded sites, ``ceil32`` the rest.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

import math

__all__ = [
    "MAX_INT32", "MIN_INT32", "MAX_INT64", "MIN_INT64",
    "fdiv", "int64", "int32", "wrap32", "wrap64", "ceil32", "ceil32_saturating",
    "go_pow10",
]

MAX_INT32 = 2**31 - 1
MIN_INT32 = -(2**31)
MAX_INT64 = 2**63 - 1
MIN_INT64 = -(2**63)


def fdiv(a: float, b: float) -> float:
    """Go float64 division: dividing by zero gives +-Inf or NaN instead of raising."""
    if b == 0:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a)
    return a / b


def int64(x: float) -> int:
    """Go's ``int64(f)`` on amd64: truncation; out-of-range and NaN become MinInt64."""
    if math.isnan(x) or math.isinf(x):
        return MIN_INT64
    t = math.trunc(x)
    return t if MIN_INT64 <= t <= MAX_INT64 else MIN_INT64


def int32(x: float) -> int:
    """Go's ``int32(f)`` on amd64: truncation; out-of-range and NaN become MinInt32."""
    if math.isnan(x) or math.isinf(x):
        return MIN_INT32
    t = math.trunc(x)
    return t if MIN_INT32 <= t <= MAX_INT32 else MIN_INT32


def wrap32(n: int) -> int:
    """An integer result kept in int32 the Go way (two's complement wrap)."""
    return (n + 2**31) % 2**32 - 2**31


def wrap64(n: int) -> int:
    """An integer result kept in int64 the Go way (two's complement wrap)."""
    return (n + 2**63) % 2**64 - 2**63


def ceil32(x: float) -> int:
    """``int32(math.Ceil(x))`` as v1.36 computes it on amd64 (no cap: MinInt32 on overflow)."""
    return int32(math.ceil(x)) if math.isfinite(x) else MIN_INT32


def ceil32_saturating(x: float) -> int:
    """The two guarded v1.36 sites: above MaxInt32 gives MaxInt32 (NaN still MinInt32)."""
    if x > MAX_INT32:
        return MAX_INT32
    return ceil32(x)


_POW10TAB = [float(f"1e{i}") for i in range(32)]
_POS32 = [1e0, 1e32, 1e64, 1e96, 1e128, 1e160, 1e192, 1e224, 1e256, 1e288]
_NEG32 = [1e-0, 1e-32, 1e-64, 1e-96, 1e-128, 1e-160, 1e-192, 1e-224, 1e-256, 1e-288, 1e-320]


def go_pow10(n: int) -> float:
    """Go's ``math.Pow10(n)``: table products, so ``Pow10(-3)`` is ``1 / 1e3``."""
    if 0 <= n <= 308:
        return _POS32[n // 32] * _POW10TAB[n % 32]
    if -323 <= n <= 0:
        return _NEG32[(-n) // 32] / _POW10TAB[(-n) % 32]
    return math.inf if n > 0 else 0.0

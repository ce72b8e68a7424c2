"""Small adapters between k8slearn.api values and the HPA's milli-unit integers.

The HPA works in ``int64`` milli-units (``Quantity.MilliValue()``).  These
helpers accept a ``k8slearn.api.resource.Quantity`` (anything with
``milli_value()``), or an ``int`` that is already a milli-value; and durations
as float seconds or Go duration strings (``"1m0s"``, ``"30s"``).

``approximate_float64`` is Go's ``Quantity.AsApproximateFloat64`` on the
quantity as the controller receives it (parsed from the canonical string the
API server serializes): ``float64(value) * math.Pow10(scale)``.  That product
is sometimes one unit in the last place away from the exact fraction:
``700m`` gives 0.7000000000000001, so ``1 - 700m`` is just below 0.3.

Upstream: kubernetes/apimachinery pkg/api/resource/quantity.go @ v0.36.0
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["milli", "seconds", "quantity", "approximate_float64"]

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)")
_UNIT = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}


def milli(q: Any) -> int:
    """The milli-value of a Quantity, or ``q`` itself if it is already an int."""
    if type(q) is int:
        return q
    if hasattr(q, "milli_value"):
        return int(q.milli_value())
    if isinstance(q, bool) or not isinstance(q, int):
        raise TypeError(f"not a quantity: {q!r}")
    return q


def seconds(d: Any, default: float = 0.0) -> float:
    """A duration as float seconds: numbers pass through, ``"1m30s"`` is parsed."""
    if d is None:
        return default
    if isinstance(d, (int, float)):
        return float(d)
    text = str(d).strip()
    if text in ("", "0"):
        return 0.0
    total, pos = 0.0, 0
    for m in _DURATION.finditer(text):
        if m.start() != pos:
            break
        total += float(m.group(1)) * _UNIT[m.group(2)]
        pos = m.end()
    if pos != len(text):
        raise ValueError(f"invalid duration {text!r}")
    return total


def quantity(text: str | int) -> Any:
    """A ``k8slearn.api`` Quantity parsed from ``text`` (lazy import of the api)."""
    from k8slearn.api.resource import Quantity

    return Quantity(str(text))


_DEC_SUFFIX = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15,
               "E": 18}
_CANONICAL = re.compile(r"^(-?)(\d+)(n|u|m|k|M|G|T|P|E|[eE]-?\d+|Ki|Mi|Gi|Ti|Pi|Ei|)$")


def approximate_float64(q: Any) -> float:
    """Go's ``AsApproximateFloat64`` of ``q`` after the API round trip (canonical form)."""
    from k8slearn.podautoscaler.gomath import go_pow10

    text = str(q)
    m = _CANONICAL.match(text)
    if m is None:  # not a canonical int64 form: fall back to the exact fraction
        return float(q.as_approximate_float64())
    sign, digits, suffix = m.groups()
    value = int(digits) * (-1 if sign else 1)
    if suffix.endswith("i"):  # binary suffixes: an exact integer
        return float(value * 1024 ** ("KMGTPE".index(suffix[0]) + 1))
    exponent = int(suffix[1:]) if suffix[:1] in ("e", "E") else _DEC_SUFFIX[suffix]
    base = float(value)
    return base if exponent == 0 else base * go_pow10(exponent)

"""Small adapters between k8slearn.api values and the HPA's milli-unit integers.

The HPA works in ``int64`` milli-units (``Quantity.MilliValue()``).  These
helpers accept a ``k8slearn.api.resource.Quantity`` (anything with
``milli_value()``), or an ``int`` that is already a milli-value; and durations
as float seconds or Go duration strings (``"1m0s"``, ``"30s"``).

Upstream: none (course tooling)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["milli", "seconds", "quantity"]

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

"""``equality.Semantic.DeepEqual`` for API objects: the test behind "skip the status write".

The controller writes an HPA's status only when it differs from the status it
read (``updateStatusIfNeeded``).  Upstream compares with
``equality.Semantic.DeepEqual``, where quantities compare by value
(``1`` equals ``1000m``).  ``deep_equal`` gives the same answer as ``==`` on
``k8slearn.api`` objects (whose ``Quantity`` also compares by value), only
faster: it walks each model's field names once per class, and shares the
identity short-cut Python lists already use.  It runs on every reconcile.

Upstream: kubernetes/apimachinery pkg/api/equality/semantic.go @ v0.36.3
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["deep_equal"]

_FIELDS: dict[type, tuple[str, ...] | None] = {}
_PLAIN = frozenset({str, int, float, bool})


def _model_fields(t: type) -> tuple[str, ...] | None:
    """Field names of a ``k8slearn.api`` model using the shared ``Model.__eq__``, else None."""
    try:
        return _FIELDS[t]
    except KeyError:
        pass
    from k8slearn.api.serialization import Model

    names = None
    if issubclass(t, Model) and t.__eq__ is Model.__eq__ and dataclasses.is_dataclass(t):
        names = tuple(f.name for f in dataclasses.fields(t))
    _FIELDS[t] = names
    return names


def deep_equal(a: Any, b: Any) -> bool:
    """``a == b`` for API objects, lists and plain values (quantities by value)."""
    if a is b:
        return True
    t = type(a)
    if t is not type(b):
        return bool(a == b)
    if t is list:
        return len(a) == len(b) and all(map(deep_equal, a, b))
    names = _model_fields(t)
    if names is None:
        return bool(a == b)
    for name in names:
        x, y = getattr(a, name), getattr(b, name)
        if x is y:
            continue
        if type(x) in _PLAIN:
            if x != y:
                return False
        elif not deep_equal(x, y):
            return False
    return True

"""Label selectors as the HPA uses them: convert, match, and print like Go's ``%+v``.

Parsing and matching are ``k8slearn.api.labels`` (``labels.Parse``,
``LabelSelectorAsSelector``); this module adds the HPA's error wrapping.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

import functools
from typing import Any

from k8slearn.podautoscaler.errors import HPAError

__all__ = ["label_selector_as_selector", "format_label_selector", "parse_selector",
           "selector_string"]


def label_selector_as_selector(ls: Any) -> Any:
    """A ``metav1.LabelSelector`` (or a dict of labels) as something with ``matches``.

    ``None`` stays ``None``, which the in-memory clients treat as "everything":
    upstream converts nil to ``labels.Nothing()``, but that selector serialises to
    an empty ``labelSelector`` query, so the metrics API returns every series.
    """
    if ls is None or isinstance(ls, dict):
        return ls
    from k8slearn.api.labels import selector_from_label_selector

    try:
        return selector_from_label_selector(ls)
    except ValueError as e:
        raise HPAError(str(e)) from e


def selector_string(ls: Any) -> str:
    """A LabelSelector in string form (``metav1.FormatLabelSelector``, empty for none)."""
    if ls is None:
        return ""
    parts = [f"{k}={v}" for k, v in sorted((getattr(ls, "match_labels", None) or {}).items())]
    for e in getattr(ls, "match_expressions", None) or []:
        values = ",".join(sorted(e.values or []))
        if e.operator == "In":
            parts.append(f"{e.key} in ({values})")
        elif e.operator == "NotIn":
            parts.append(f"{e.key} notin ({values})")
        elif e.operator == "Exists":
            parts.append(e.key)
        elif e.operator == "DoesNotExist":
            parts.append(f"!{e.key}")
    return ",".join(parts)


def format_label_selector(ls: Any) -> str:
    """Go's ``%+v`` of a ``*metav1.LabelSelector`` (close enough to read in messages)."""
    if ls is None:
        return "<nil>"
    labels = dict(getattr(ls, "match_labels", None) or {}) if not isinstance(ls, dict) else ls
    inner = ",".join(f"{k}: {v}" for k, v in sorted(labels.items()))
    exprs = getattr(ls, "match_expressions", None) or []
    rendered = ",".join(
        "LabelSelectorRequirement{"
        f"Key:{e.key},Operator:{e.operator},Values:[{' '.join(e.values or [])}],}}"
        for e in exprs
    )
    return (
        f"&LabelSelector{{MatchLabels:map[string]string{{{inner},}},"
        f"MatchExpressions:[]LabelSelectorRequirement{{{rendered}}},}}"
    )



def parse_selector(text: str) -> Any:
    """``labels.Parse`` of a scale's selector string (errors become ``HPAError``)."""
    parsed = _parse_cached(text)
    if isinstance(parsed, HPAError):
        raise HPAError(str(parsed))
    return parsed


@functools.lru_cache(maxsize=256)
def _parse_cached(text: str) -> Any:
    from k8slearn.api.labels import parse

    try:
        return parse(text)
    except ValueError as e:
        return HPAError(str(e))

"""Label-selector matching for list and watch requests.

Accepts what callers naturally have: ``None`` (everything), a
``{"key": "value"}`` dict (equality), a selector string (``app=web,tier!=db``,
parsed by ``k8slearn.api.labels`` when available), a ``LabelSelector`` API
object, or anything with ``matches(labels)``.

Upstream: kubernetes/apimachinery pkg/labels/selector.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["compile_selector", "label_selector_as_matcher", "SelectorError"]


class SelectorError(ValueError):
    """An invalid ``LabelSelector`` (``LabelSelectorAsSelector`` error)."""

Matcher = Callable[[Mapping[str, str]], bool]


def _everything(_: Mapping[str, str]) -> bool:
    return True


def _parse_simple(text: str) -> Matcher:
    """A fallback for equality-based selectors (``a=b``, ``a==b``, ``a!=b``, ``a``, ``!a``)."""
    terms: list[Matcher] = []
    for raw in filter(None, (t.strip() for t in text.split(","))):
        if "!=" in raw:
            k, v = (s.strip() for s in raw.split("!=", 1))
            terms.append(lambda lb, k=k, v=v: lb.get(k) != v)
        elif "=" in raw:
            k, v = (s.strip() for s in raw.replace("==", "=").split("=", 1))
            terms.append(lambda lb, k=k, v=v: lb.get(k) == v)
        elif raw.startswith("!"):
            name = raw[1:].strip()
            terms.append(lambda lb, k=name: k not in lb)
        else:
            terms.append(lambda lb, k=raw: k in lb)
    return lambda lb: all(t(lb) for t in terms)


def compile_selector(selector: Any) -> Matcher:
    """Turn any supported selector form into ``labels -> bool``."""
    if selector is None or selector == "" or selector == {}:
        return _everything
    if isinstance(selector, Mapping):
        items = dict(selector)
        return lambda lb: all(lb.get(k) == v for k, v in items.items())
    if isinstance(selector, str):
        try:
            from k8slearn.api import labels as _labels

            parsed = _labels.parse(selector)
            return lambda lb: parsed.matches(lb)
        except (ImportError, AttributeError):
            return _parse_simple(selector)
    if hasattr(selector, "matches"):
        return lambda lb: bool(selector.matches(lb))
    if hasattr(selector, "match_labels") or hasattr(selector, "match_expressions"):
        return label_selector_as_matcher(selector)
    if callable(selector):
        return selector
    raise TypeError(f"unsupported label selector {selector!r}")


def label_selector_as_matcher(ls: Any) -> Matcher:
    """``metav1.LabelSelectorAsSelector``: None matches nothing, empty matches everything.

    ``matchLabels`` terms are equality requirements; ``matchExpressions``
    support ``In``, ``NotIn``, ``Exists`` and ``DoesNotExist`` (an unknown
    operator raises :class:`SelectorError`, ``"<op>" is not a valid label
    selector operator``).
    """
    if ls is None:
        return lambda lb: False
    terms: list[Matcher] = []
    for k, v in sorted((getattr(ls, "match_labels", None) or {}).items()):
        terms.append(lambda lb, k=k, v=v: lb.get(k) == v)
    for req in getattr(ls, "match_expressions", None) or []:
        vals = frozenset(req.values or [])
        op = req.operator
        if op == "In":
            if not vals:
                raise SelectorError("for 'in', 'notin' operators, values set can't be empty")
            terms.append(lambda lb, k=req.key, vs=vals: k in lb and lb[k] in vs)
        elif op == "NotIn":
            if not vals:
                raise SelectorError("for 'in', 'notin' operators, values set can't be empty")
            terms.append(lambda lb, k=req.key, vs=vals: k not in lb or lb[k] not in vs)
        elif op == "Exists":
            terms.append(lambda lb, k=req.key: k in lb)
        elif op == "DoesNotExist":
            terms.append(lambda lb, k=req.key: k not in lb)
        else:
            raise SelectorError(f'"{op}" is not a valid label selector operator')
    return lambda lb: all(t(lb) for t in terms)

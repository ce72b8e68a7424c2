"""The ``/scale`` subresource object (``autoscaling/v1`` Scale).

``spec.replicas`` is the desired count, ``status.replicas`` the observed count
and ``status.selector`` the label selector in its string form
(``metav1.FormatLabelSelector``), the shape the HPA reads.

Upstream: kubernetes/kubernetes pkg/registry/apps/replicaset/storage/storage.go @ v1.36.0
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from k8slearn.apiserver.registry import ResourceInfo

__all__ = ["Scale", "ScaleSpec", "ScaleStatus", "scale_of", "format_label_selector"]


@dataclass
class ScaleSpec:
    replicas: int = 0


@dataclass
class ScaleStatus:
    replicas: int = 0
    selector: str = ""


@dataclass
class Scale:
    metadata: Any
    spec: ScaleSpec = field(default_factory=ScaleSpec)
    status: ScaleStatus = field(default_factory=ScaleStatus)
    kind: str = "Scale"
    api_version: str = "autoscaling/v1"


def format_label_selector(sel: Any) -> str:
    """``metav1.FormatLabelSelector``: ``k=v`` terms, then ``k in (a,b)`` style ones."""
    if sel is None:
        return "<none>"
    terms = [f"{k}={v}" for k, v in sorted((getattr(sel, "match_labels", None) or {}).items())]
    for req in getattr(sel, "match_expressions", None) or []:
        op = {"In": "in", "NotIn": "notin"}.get(req.operator)
        if op:
            terms.append(f"{req.key} {op} ({','.join(sorted(req.values or []))})")
        elif req.operator == "Exists":
            terms.append(req.key)
        else:
            terms.append(f"!{req.key}")
    return ",".join(terms) if terms else "<none>"


def scale_of(info: ResourceInfo, obj: Any) -> Scale:
    meta = copy.deepcopy(obj.metadata)
    status = getattr(obj, "status", None)
    return Scale(
        metadata=meta,
        spec=ScaleSpec(replicas=obj.spec.replicas if obj.spec.replicas is not None else 1),
        status=ScaleStatus(
            replicas=(getattr(status, "replicas", 0) or 0) if status is not None else 0,
            selector=format_label_selector(getattr(obj.spec, "selector", None)),
        ),
    )

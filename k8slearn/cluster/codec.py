"""Request bodies -> stored objects -> response JSON, for the served kinds.

Typed kinds (Pod, Deployment, ReplicaSet, StatefulSet, HorizontalPodAutoscaler)
decode through ``k8slearn.api``; kinds the course has no types for (Namespace,
Node, Event, ConfigMap) are kept as :class:`Unstructured`: typed metadata plus
the rest of the JSON map as is.

Decoding follows the apiserver's create handler: a JSON syntax error or a value
of the wrong type is a 400 BadRequest
(``Deployment in version "v1" cannot be handled as a Deployment: ...``), and with
``fieldValidation=Strict`` so is an unknown field
(``strict decoding error: unknown field "spec.foo"``).  ``Warn`` (kubectl's
default when it cannot tell) reports unknown fields as warnings; ``Ignore``
drops them silently.

``autoscaling/v1`` HorizontalPodAutoscalers are converted to and from v2 (the
storage version): ``targetCPUUtilizationPercentage`` is the v2 cpu Utilization
metric, the other v2 metrics ride in the
``autoscaling.alpha.kubernetes.io/metrics`` annotation upstream (the course
drops them in v1 output).

Upstream: kubernetes/apiserver pkg/endpoints/handlers/create.go @ v0.36.3
Upstream: kubernetes/kubernetes pkg/apis/autoscaling/v1/conversion.go @ v1.36.0
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from k8slearn.api.meta import ObjectMeta
from k8slearn.api.serialization import _specs, decode_into, encode, new_context
from k8slearn.apiserver.registry import ResourceInfo, register

__all__ = [
    "Unstructured", "BadRequest", "decode_object", "to_json", "unknown_fields", "typed_class",
    "hpa_v2_to_v1", "hpa_v1_to_v2", "parse_json",
]

NAMESPACES = register(ResourceInfo("Namespace", "namespaces", "", "v1", namespaced=False,
                                   status=False))
EVENTS = register(ResourceInfo("Event", "events", "", "v1", status=False))


class BadRequest(Exception):
    """400 BadRequest with the apiserver's message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Unstructured:
    """An object of a kind without course types: metadata + the raw rest."""

    api_version: str
    kind: str
    metadata: ObjectMeta = field(default_factory=ObjectMeta)
    content: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"apiVersion": self.api_version, "kind": self.kind,
                "metadata": encode(self.metadata), **self.content}


def typed_class(info: ResourceInfo) -> type | None:
    """The k8slearn.api class of a resource, or None for Unstructured kinds."""
    from k8slearn.api.scheme import KINDS

    return KINDS.get((info.api_version, info.kind))


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise BadRequest(f"the request body is not valid JSON: {e}") from None


def unknown_fields(cls: type, data: Any, path: str = "") -> list[str]:
    """Paths of JSON keys the typed model does not know (``strict decoding error``)."""
    if not isinstance(data, dict) or not dataclasses.is_dataclass(cls):
        return []
    out: list[str] = []
    specs = {s.json: s for s in _specs(cls)}
    for k, v in data.items():
        p = f"{path}.{k}" if path else k
        spec = specs.get(k)
        if spec is None:
            if not (path == "" and k in ("apiVersion", "kind")):
                out.append(p)
            continue
        codec = spec.codec
        if codec[0] == "obj":
            out += unknown_fields(codec[1], v, p)
        elif codec[0] == "list" and codec[2][0] == "obj" and isinstance(v, list):
            for i, item in enumerate(v):
                out += unknown_fields(codec[2][1], item, f"{p}[{i}]")
        elif codec[0] == "map" and codec[2][0] == "obj" and isinstance(v, dict):
            for mk, item in v.items():
                out += unknown_fields(codec[2][1], item, f"{p}[{mk}]")
    return out


def _cannot_handle(info: ResourceInfo, detail: str) -> BadRequest:
    return BadRequest(f'{info.kind} in version "{info.version}" cannot be handled as a '
                      f"{info.kind}: {detail}")


def decode_object(info: ResourceInfo, data: Any, field_validation: str = "",
                  warnings: list[str] | None = None) -> Any:
    """Decode a JSON map into the stored form of ``info``'s kind (see module docstring)."""
    if not isinstance(data, dict):
        raise _cannot_handle(info, "the body must be a JSON object")
    if info.kind == "HorizontalPodAutoscaler" and data.get("apiVersion") == "autoscaling/v1":
        data = hpa_v1_to_v2(data)
    cls = typed_class(info)
    if cls is None:
        meta_in = data.get("metadata") or {}
        if not isinstance(meta_in, dict):
            raise _cannot_handle(info, "metadata must be an object")
        ctx = new_context()
        meta = decode_into(ctx, ObjectMeta, meta_in, "metadata", "metadata")
        if ctx.errors:
            raise _cannot_handle(info, ctx.errors[0].detail)
        rest = {k: v for k, v in data.items() if k not in ("apiVersion", "kind", "metadata")}
        return Unstructured(info.api_version, info.kind, meta, rest)
    unknown = unknown_fields(cls, data)
    if unknown and field_validation == "Strict":
        raise _cannot_handle(info, "strict decoding error: " + ", ".join(
            f'unknown field "{u}"' for u in unknown))
    if unknown and field_validation == "Warn" and warnings is not None:
        warnings.extend(f'unknown field "{u}"' for u in unknown)
    ctx = new_context()
    obj = decode_into(ctx, cls, data)
    if ctx.errors:
        e = ctx.errors[0]
        # the decoder's own sentence keeps its "json: " prefix in the apiserver's message
        detail = "json: " + e.detail if "cannot unmarshal" in e.detail else str(e)
        raise _cannot_handle(info, detail)
    obj.api_version, obj.kind = cls.API_VERSION, cls.KIND
    return obj


def to_json(obj: Any, api_version: str | None = None) -> dict:
    """The JSON map of a stored object (HPAs in ``autoscaling/v1`` when asked)."""
    d = obj.to_dict()
    if api_version == "autoscaling/v1" and d.get("kind") == "HorizontalPodAutoscaler":
        return hpa_v2_to_v1(d)
    return d


def hpa_v1_to_v2(d: dict) -> dict:
    """autoscaling/v1 -> v2: ``targetCPUUtilizationPercentage`` becomes a cpu metric."""
    spec = dict(d.get("spec") or {})
    out = {**d, "apiVersion": "autoscaling/v2", "spec": spec}
    pct = spec.pop("targetCPUUtilizationPercentage", None)
    if pct is not None:
        spec["metrics"] = [{"type": "Resource", "resource": {
            "name": "cpu", "target": {"type": "Utilization", "averageUtilization": pct}}}]
    out.pop("status", None)
    return out


def hpa_v2_to_v1(d: dict) -> dict:
    """autoscaling/v2 -> v1: the cpu Utilization metric becomes the percentage field."""
    spec = dict(d.get("spec") or {})
    status = dict(d.get("status") or {})
    metrics = spec.pop("metrics", []) or []
    spec.pop("behavior", None)
    for m in metrics:
        r = m.get("resource") or {}
        if m.get("type") == "Resource" and r.get("name") == "cpu" and \
                (r.get("target") or {}).get("type") == "Utilization":
            spec["targetCPUUtilizationPercentage"] = r["target"].get("averageUtilization")
    v1_status = {k: status[k] for k in ("observedGeneration", "lastScaleTime", "currentReplicas",
                                        "desiredReplicas") if k in status}
    v1_status.setdefault("currentReplicas", status.get("currentReplicas", 0))
    v1_status.setdefault("desiredReplicas", status.get("desiredReplicas", 0))
    for m in status.get("currentMetrics") or []:
        r = m.get("resource") or {}
        if m.get("type") == "Resource" and r.get("name") == "cpu":
            util = (r.get("current") or {}).get("averageUtilization")
            if util is not None:
                v1_status["currentCPUUtilizationPercentage"] = util
    return {**d, "apiVersion": "autoscaling/v1", "spec": spec, "status": v1_status}

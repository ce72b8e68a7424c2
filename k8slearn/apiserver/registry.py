"""The resource table: which kinds the in-memory API server serves, and how.

Maps a Kind to its resource plural, API group, scope and subresources, the
way the API server's REST mapping does (``pods`` in the core group,
``replicasets.apps`` ...).  The singular name is what generated listers use in
their NotFound messages (``replicaset.apps "x" not found``).

Upstream: kubernetes/apimachinery pkg/runtime/schema/group_version.go @ v0.36.3
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ResourceInfo", "RESOURCES", "resource_for_kind", "resource_info", "kind_of", "register",
]


@dataclass(frozen=True)
class ResourceInfo:
    """One served resource."""

    kind: str
    resource: str  # plural, e.g. "replicasets"
    group: str  # "" for core
    version: str
    namespaced: bool = True
    status: bool = True  # has a status subresource (update ignores status)
    scale: bool = False  # has a scale subresource
    generation: bool = False  # metadata.generation bumps on spec changes

    @property
    def singular(self) -> str:
        return self.kind.lower()

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


RESOURCES: dict[str, ResourceInfo] = {
    r.resource: r
    for r in (
        ResourceInfo("Pod", "pods", "", "v1"),
        ResourceInfo("Node", "nodes", "", "v1", namespaced=False),
        ResourceInfo("ConfigMap", "configmaps", "", "v1", status=False),
        ResourceInfo("ReplicaSet", "replicasets", "apps", "v1", scale=True, generation=True),
        ResourceInfo("Deployment", "deployments", "apps", "v1", scale=True, generation=True),
        ResourceInfo("StatefulSet", "statefulsets", "apps", "v1", scale=True, generation=True),
        ResourceInfo(
            "HorizontalPodAutoscaler", "horizontalpodautoscalers", "autoscaling", "v2",
            generation=True,
        ),
    )
}

_BY_KIND = {r.kind: r for r in RESOURCES.values()}


def kind_of(obj: object) -> str:
    """The object's Kind: its ``kind`` attribute if set, else its class name."""
    return getattr(obj, "kind", None) or type(obj).__name__


def resource_for_kind(kind: str) -> ResourceInfo:
    try:
        return _BY_KIND[kind]
    except KeyError:
        raise ValueError(f"no resource is registered for kind {kind!r}") from None


def resource_info(resource: str) -> ResourceInfo:
    """Look up ``"pods"``, ``"replicasets"`` or ``"replicasets.apps"``."""
    name = resource.split(".", 1)[0]
    if name in RESOURCES:
        return RESOURCES[name]
    if resource in _BY_KIND:
        return _BY_KIND[resource]
    raise ValueError(f"the server doesn't have a resource type {resource!r}")


def register(info: ResourceInfo) -> ResourceInfo:
    """Serve one more resource (e.g. ``k8slearn.cluster`` adds namespaces and events)."""
    RESOURCES[info.resource] = info
    _BY_KIND[info.kind] = info
    return info

"""The scale subresource as the HPA sees it, and a ScaleClient protocol with an in-memory store.

The HPA never edits a Deployment directly: it GETs ``<target>/scale``
(``spec.replicas``, ``status.replicas``, ``status.selector`` as a string) and
PUTs a new ``spec.replicas``.  ``InMemoryScaleClient`` stores scales by
namespace, kind and name; ``scale_from_workload`` builds one from a
Deployment, ReplicaSet or StatefulSet; ``ApiServerScaleClient`` adapts
``k8slearn.apiserver``'s scale subresource when that package is used.

Upstream: kubernetes/client-go scale/client.go @ v0.36.3
Upstream: kubernetes/kubernetes staging/src/k8s.io/api/autoscaling/v1/types.go @ v1.36.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.selectors import selector_string

__all__ = [
    "Scale",
    "ScaleClient",
    "InMemoryScaleClient",
    "ApiServerScaleClient",
    "scale_from_workload",
    "selector_string",
    "RESOURCES",
]

#: group/kind -> resource name, what a RESTMapper would answer for the kinds we know.
RESOURCES = {
    ("apps", "Deployment"): "deployments",
    ("apps", "ReplicaSet"): "replicasets",
    ("apps", "StatefulSet"): "statefulsets",
    ("", "ReplicationController"): "replicationcontrollers",
}


@dataclass
class Scale:
    """autoscaling/v1 Scale: desired and observed replicas, and the pod selector string."""

    name: str
    namespace: str
    spec_replicas: int
    status_replicas: int
    selector: str = ""


class ScaleClient(Protocol):
    """GET and PUT of the scale subresource (``scale.ScalesGetter``)."""

    def get_scale(self, namespace: str, group: str, kind: str, name: str) -> Scale: ...

    def update_scale(self, namespace: str, group: str, kind: str, scale: Scale) -> Scale: ...


def _not_found(group: str, kind: str, name: str) -> HPAError:
    resource = RESOURCES.get((group, kind), kind.lower() + "s")
    qualified = f"{resource}.{group}" if group else resource
    return HPAError(f'{qualified} "{name}" not found')


class InMemoryScaleClient:
    """Scales in a dict; ``get_error`` / ``update_error`` make the calls fail."""

    def __init__(self, scales: list[tuple[str, Scale]] | None = None) -> None:
        self.scales: dict[tuple[str, str, str], Scale] = {}
        self.get_error: str | None = None
        self.update_error: str | None = None
        self.updates: list[Scale] = []
        for kind, s in scales or []:
            self.put(kind, s)

    def put(self, kind: str, scale: Scale) -> None:
        self.scales[(scale.namespace, kind, scale.name)] = scale

    def get_scale(self, namespace: str, group: str, kind: str, name: str) -> Scale:
        if self.get_error is not None:
            raise HPAError(self.get_error)
        s = self.scales.get((namespace, kind, name))
        if s is None:
            raise _not_found(group, kind, name)
        return Scale(s.name, s.namespace, s.spec_replicas, s.status_replicas, s.selector)

    def update_scale(self, namespace: str, group: str, kind: str, scale: Scale) -> Scale:
        if self.update_error is not None:
            raise HPAError(self.update_error)
        if scale.spec_replicas < 0:  # ValidateScale, as the API server answers the PUT
            raise HPAError(f'Scale.autoscaling "{scale.name}" is invalid: spec.replicas: Invalid '
                           f"value: {scale.spec_replicas}: must be greater than or equal to 0")
        stored = self.scales.get((namespace, kind, scale.name))
        if stored is None:
            raise _not_found(group, kind, scale.name)
        stored.spec_replicas = scale.spec_replicas
        self.updates.append(Scale(**vars(stored)))
        return stored


def scale_from_workload(obj: Any) -> Scale:
    """The Scale a Deployment/ReplicaSet/StatefulSet's ``/scale`` would return."""
    spec_replicas = obj.spec.replicas if obj.spec.replicas is not None else 1
    status = getattr(obj, "status", None)
    status_replicas = (status.replicas if status is not None else 0) or 0
    return Scale(
        obj.metadata.name,
        obj.metadata.namespace or "default",
        spec_replicas,
        status_replicas,
        selector_string(obj.spec.selector),
    )


class ApiServerScaleClient:
    """Adapter over ``k8slearn.apiserver``'s scale subresource (duck-typed).

    Uses ``server.get_scale(resource, namespace, name)`` and
    ``server.update_scale(resource, namespace, name, scale)``.
    """

    def __init__(self, server: Any) -> None:
        self.server = server

    def get_scale(self, namespace: str, group: str, kind: str, name: str) -> Scale:
        resource = RESOURCES.get((group, kind))
        if resource is None:
            raise _not_found(group, kind, name)
        try:
            s = self.server.get_scale(resource, namespace, name)
        except Exception as e:  # the server's own error types
            raise HPAError(str(e)) from e
        return Scale(name, namespace, s.spec.replicas, s.status.replicas, s.status.selector or "")

    def update_scale(self, namespace: str, group: str, kind: str, scale: Scale) -> Scale:
        resource = RESOURCES.get((group, kind))
        if resource is None:
            raise _not_found(group, kind, scale.name)
        try:
            current = self.server.get_scale(resource, namespace, scale.name)
            current.spec.replicas = scale.spec_replicas
            self.server.update_scale(resource, namespace, scale.name, current)
        except Exception as e:
            raise HPAError(str(e)) from e
        return scale

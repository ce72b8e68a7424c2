"""Pod helpers the HPA needs: the pod lister protocol and readiness accessors.

The controller reads pods from an informer cache (``corelisters.PodLister``);
here a ``PodLister`` is anything with ``list(namespace, selector)``.  Pods are
duck-typed ``k8slearn.api.core.Pod`` objects.

Upstream: kubernetes/kubernetes pkg/api/v1/pod/util.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.metrics.client import matches

__all__ = [
    "PodLister",
    "InMemoryPodLister",
    "GO_ZERO_TIME",
    "ready_condition",
    "is_pod_ready",
]

#: Go's zero ``time.Time`` (0001-01-01T00:00:00Z) as epoch seconds; "very long ago".
GO_ZERO_TIME = -62135596800.0


class PodLister(Protocol):
    """Lists the pods of ``namespace`` selected by ``selector`` (raises on failure)."""

    def list(self, namespace: str, selector: Any) -> list[Any]: ...


class InMemoryPodLister:
    """A PodLister over a list of pods; set ``error`` to make listing fail."""

    def __init__(self, pods: Iterable[Any] = (), error: str | None = None) -> None:
        self.pods = list(pods)
        self.error = error

    def list(self, namespace: str, selector: Any) -> list[Any]:
        if self.error is not None:
            raise HPAError(self.error)
        return [
            p for p in self.pods
            if (p.metadata.namespace or namespace) == namespace
            and matches(selector, p.metadata.labels)
        ]


def ready_condition(pod: Any) -> Any | None:
    """The pod's ``Ready`` condition, or None (``podutil.GetPodReadyCondition``)."""
    for c in (pod.status.conditions if pod.status else None) or []:
        if c.type == "Ready":
            return c
    return None


def is_pod_ready(pod: Any) -> bool:
    """Ready condition present with status True (``podutil.IsPodReady``)."""
    c = ready_condition(pod)
    return c is not None and c.status == "True"

"""What the HPA controller reads and writes besides the scale: HPAs, events, results.

``HPAClient`` stands for the HPA lister plus ``UpdateStatus``; ``InMemoryHPAClient``
keeps HPAs in a dict.  ``ReconcileResult`` is what one reconcile reports back
(upstream returns only an error and records events).

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from k8slearn.podautoscaler.errors import HPAError

__all__ = ["Event", "ReconcileResult", "HPAClient", "InMemoryHPAClient", "hpa_key"]


@dataclass
class Event:
    """A recorded Kubernetes event (type Normal/Warning, reason, message)."""

    type: str
    reason: str
    message: str


@dataclass
class ReconcileResult:
    """What one reconcile did: the HPA as written, and the numbers behind it."""

    hpa: Any
    error: HPAError | None = None
    current_replicas: int = 0
    #: max proposal over the metrics before normalization; -1 when none was computed
    metric_desired_replicas: int = -1
    metric_name: str = ""
    desired_replicas: int = 0
    rescale: bool = False
    rescale_reason: str = ""
    events: list[Event] = field(default_factory=list)


class HPAClient(Protocol):
    """Reads HPAs (the lister) and writes their status (``UpdateStatus``)."""

    def get(self, namespace: str, name: str) -> Any | None: ...

    def list(self) -> list[Any]: ...

    def update_status(self, hpa: Any) -> None: ...


class InMemoryHPAClient:
    """HPAs in a dict keyed ``namespace/name``; counts status writes."""

    def __init__(self, hpas: list[Any] = ()) -> None:
        self.hpas: dict[str, Any] = {}
        self.status_updates = 0
        for h in hpas:
            self.hpas[hpa_key(h)] = h

    def get(self, namespace: str, name: str) -> Any | None:
        return self.hpas.get(f"{namespace}/{name}")

    def list(self) -> list[Any]:
        return list(self.hpas.values())

    def update_status(self, hpa: Any) -> None:
        self.status_updates += 1
        stored = self.hpas.get(hpa_key(hpa))
        if stored is not None:
            # the reconcile's copy is discarded afterwards, so its status can be kept as is
            stored.status = hpa.status


def hpa_key(hpa: Any) -> str:
    return f"{hpa.metadata.namespace or 'default'}/{hpa.metadata.name}"

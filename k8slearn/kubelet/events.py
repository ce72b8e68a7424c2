"""A recorder of Kubernetes events, as the kubelet emits them (type, reason, message).

Upstream: kubernetes/client-go tools/record/fake.go @ v0.36.3

``FakeRecorder`` keeps each event as a structured ``Event`` (with the clock's
time) and can render it the way client-go's fake does: ``"Warning Evicted <msg>"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Event", "FakeRecorder", "EVENT_TYPE_NORMAL", "EVENT_TYPE_WARNING"]

EVENT_TYPE_NORMAL = "Normal"
EVENT_TYPE_WARNING = "Warning"


@dataclass(frozen=True)
class Event:
    """One recorded event about ``object_name`` (namespace/name)."""

    object_name: str
    type: str
    reason: str
    message: str
    timestamp: float = 0.0

    def __str__(self) -> str:
        return f"{self.type} {self.reason} {self.message}"


class FakeRecorder:
    """Collects events in order (``record.FakeRecorder``)."""

    def __init__(self, clock: Any = None) -> None:
        self.clock = clock
        self.events: list[Event] = []

    def event(self, obj: Any, event_type: str, reason: str, message: str) -> None:
        meta = getattr(obj, "metadata", None)
        name = f"{getattr(meta, 'namespace', '') or 'default'}/{getattr(meta, 'name', '')}"
        ts = self.clock.now() if self.clock is not None else 0.0
        self.events.append(Event(name, event_type, reason, message, ts))

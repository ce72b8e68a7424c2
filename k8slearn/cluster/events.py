"""Publish the controllers' recorded events as ``core/v1`` Event objects.

The course's controllers record events in memory (``EventRecorder`` lists,
the HPA controller's ``events``).  The sink turns each into an Event stored in
the API server, as client-go's event broadcaster does, so ``kubectl describe``
and ``kubectl get events`` show them.  Repeats of the same (object, type,
reason, message) are aggregated into one Event whose ``count`` grows and whose
``lastTimestamp`` moves (the broadcaster's ``EventCorrelator``).  Names are
``<object>.<hex timestamp>``, as upstream.

Upstream: kubernetes/client-go tools/record/event.go @ v0.36.3
Upstream: kubernetes/client-go tools/record/events_cache.go @ v0.36.3
"""

from __future__ import annotations

from typing import Any

from k8slearn.api.meta import ObjectMeta
from k8slearn.api.times import format_time
from k8slearn.apiserver.errors import StatusError
from k8slearn.apiserver.registry import resource_for_kind

__all__ = ["EventSink"]


class EventSink:
    """Writes Events for ``emit`` calls; remembers Events to aggregate repeats."""

    def __init__(self, server: Any, clock: Any) -> None:
        self.server = server
        self.clock = clock
        self._seen: dict[tuple, str] = {}
        self._cursors: dict[int, int] = {}
        self._sources: list[tuple[Any, str]] = []
        self._last_ns = 0

    def watch_recorder(self, recorder: Any, component: str) -> None:
        """Publish what ``recorder.events`` collects (``k8slearn.controller.pod_control``)."""
        self._sources.append((recorder, component))

    def process_pending(self) -> int:
        n = 0
        for recorder, component in self._sources:
            start = self._cursors.get(id(recorder), 0)
            new = recorder.events[start:]
            self._cursors[id(recorder)] = start + len(new)
            for ev in new:
                kind, ns, name = ev.object.split("/", 2)
                self.emit(kind, ns, name, ev.type, ev.reason, ev.message, component)
                n += 1
        return n

    def emit(self, kind: str, namespace: str, name: str, etype: str, reason: str,
             message: str, component: str, field_path: str = "") -> None:
        from k8slearn.cluster.codec import Unstructured

        try:
            info = resource_for_kind(kind)
            obj = self.server.get(info.resource, namespace or None, name)
        except (StatusError, ValueError):
            return
        now = format_time(self.clock.now())
        key = (obj.metadata.uid, field_path, etype, reason, message)
        existing = self._seen.get(key)
        if existing is not None:
            try:
                ev = self.server.get("events", namespace, existing)
                ev.content["count"] = ev.content.get("count", 1) + 1
                ev.content["lastTimestamp"] = now
                self.server.update(ev)
                return
            except StatusError:
                pass
        self._last_ns = max(int(self.clock.now() * 1e9), self._last_ns + 1)
        ev_name = f"{name}.{self._last_ns:x}"
        ev = Unstructured("v1", "Event", ObjectMeta(name=ev_name, namespace=namespace or "default"),
                          {"involvedObject": {"kind": kind, "namespace": namespace, "name": name,
                                              "uid": obj.metadata.uid,
                                              "apiVersion": info.api_version,
                                              "resourceVersion": obj.metadata.resource_version,
                                              **({"fieldPath": field_path} if field_path
                                                 else {})},
                           "reason": reason, "message": message,
                           "source": {"component": component},
                           "firstTimestamp": now, "lastTimestamp": now, "count": 1,
                           "type": etype, "eventTime": None,
                           "reportingComponent": component, "reportingInstance": ""})
        try:
            self.server.create(ev)
            self._seen[key] = ev_name
        except StatusError:
            pass

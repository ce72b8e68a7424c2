"""The HPA controller wired to the served API server.

``HorizontalController`` (:mod:`k8slearn.podautoscaler.horizontal`) needs a
scale client, a metrics client, a pod lister and an HPA client; here they are
the API server's ``/scale`` subresource, the load model, the API server's pods
and its HorizontalPodAutoscalers.  The HPA informer enqueues each HPA; the
controller's queue re-adds every key one resync period (15 s) after its
reconcile, as upstream.  The controller's events go to the event sink.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.apiserver.errors import StatusError
from k8slearn.podautoscaler.horizontal import HorizontalController
from k8slearn.podautoscaler.metrics.client import matches
from k8slearn.podautoscaler.scale import ApiServerScaleClient

__all__ = ["HPAWorker"]


class _HPAs:
    def __init__(self, server: Any) -> None:
        self.server = server

    def get(self, namespace: str, name: str) -> Any:
        try:
            return self.server.get("horizontalpodautoscalers", namespace, name)
        except StatusError:
            return None

    def list(self) -> list[Any]:
        return self.server.list("horizontalpodautoscalers").items

    def update_status(self, hpa: Any) -> None:
        try:
            cur = self.server.get("horizontalpodautoscalers", hpa.metadata.namespace,
                                  hpa.metadata.name)
        except StatusError:
            return
        cur.status = hpa.status
        self.server.update_status(cur)


class _Pods:
    def __init__(self, server: Any) -> None:
        self.server = server

    def list(self, namespace: str, selector: Any) -> list[Any]:
        return [p for p in self.server.list("pods", namespace).items
                if matches(selector, p.metadata.labels or {})]


class HPAWorker:
    """Queue-driven HPA reconciles for the driver (``process_pending``)."""

    def __init__(self, server: Any, factory: Any, load: Any, sink: Any) -> None:
        self.ctrl = HorizontalController(ApiServerScaleClient(server), load, _Pods(server),
                                         _HPAs(server), clock=factory.clock)
        orig = self.ctrl._event

        def event(hpa: Any, type_: str, reason: str, message: str) -> None:
            orig(hpa, type_, reason, message)
            sink.emit("HorizontalPodAutoscaler", hpa.metadata.namespace, hpa.metadata.name,
                      type_, reason, message, "horizontal-pod-autoscaler")

        self.ctrl._event = event  # type: ignore[method-assign]
        factory.informer_for("horizontalpodautoscalers").add_event_handler(
            on_add=self._add, on_update=lambda old, new: None)

    def _add(self, hpa: Any) -> None:
        self.ctrl.enqueue(hpa)

    def process_pending(self) -> int:
        q = self.ctrl.work_queue()
        n = 0
        while q.len() > 0:
            self.ctrl.process_next_work_item()
            n += 1
        return n

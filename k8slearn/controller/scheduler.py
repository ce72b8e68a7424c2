"""A minimal scheduler step: bind each unassigned pod to a node (course-only).

Real scheduling (filters, scores, the scheduling queue) is out of scope; this
binds pending, unassigned pods round-robin over the given nodes in name order,
through the ``pods/binding`` subresource, so that node simulators pick them up.

Upstream: none (course tooling)
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["RoundRobinScheduler"]


class RoundRobinScheduler:
    """Binds every pod without ``spec.nodeName`` to the next node."""

    def __init__(self, client: Any, factory: Any, nodes: list[str]) -> None:
        if not nodes:
            raise ValueError("nodes: Required value: at least one node is needed")
        self.client = client
        self.nodes = list(nodes)
        self._next = 0
        self._lock = threading.Lock()
        self._has_work = threading.Condition(self._lock)
        self._pending: list[tuple[str, str]] = []
        #: while True, pods stay unscheduled (to show Pending pods; deterministic driver only)
        self.paused = False
        factory.informer_for("pods").add_event_handler(
            on_add=self._on_pod, on_update=lambda old, new: self._on_pod(new)
        )

    def _on_pod(self, pod: Any) -> None:
        if (not pod.spec.node_name and pod.metadata.deletion_timestamp is None
                and pod.status.phase in ("", "Pending")):
            with self._lock:
                self._pending.append((pod.metadata.namespace, pod.metadata.name))
                self._has_work.notify_all()

    def process_pending(self) -> int:
        from k8slearn.apiserver.errors import StatusError

        if self.paused:
            return 0
        with self._lock:
            work, self._pending = self._pending, []
        n = 0
        for ns, name in work:
            node = self.nodes[self._next % len(self.nodes)]
            try:
                self.client.bind(ns, name, node)
            except StatusError:
                continue  # already bound or gone
            self._next += 1
            n += 1
        return n

    def run(self, stop: threading.Event) -> None:
        """Thread mode: bind pods as the informer reports them, until ``stop`` is set."""
        def loop() -> None:
            while True:
                with self._lock:
                    while not self._pending and not stop.is_set():
                        self._has_work.wait()
                if stop.is_set():
                    return
                self.process_pending()

        def closer() -> None:
            stop.wait()
            with self._lock:
                self._has_work.notify_all()

        threading.Thread(target=loop, daemon=True).start()
        threading.Thread(target=closer, daemon=True).start()

"""SharedInformerFactory: one shared informer per resource, started together.

``informer_for("pods")`` returns the same informer every time, built with the
factory's default resync period and the namespace index.  ``pump()`` drives
every informer deterministically until idle; ``start(stop)`` runs threads.

Upstream: kubernetes/client-go informers/factory.go @ v0.36.3
"""

from __future__ import annotations

import threading
from typing import Any

from k8slearn.clock import Clock
from k8slearn.tools.cache.listers import Lister
from k8slearn.tools.cache.listwatch import ListWatch
from k8slearn.tools.cache.shared_informer import SharedIndexInformer

__all__ = ["SharedInformerFactory"]


class SharedInformerFactory:
    """Caches informers per resource for one API server."""

    def __init__(
        self,
        server: Any,
        resync_period: float = 0.0,
        clock: Clock | None = None,
        namespace: str | None = None,
        queue: str = "RealFIFO",
    ) -> None:
        self.server = server
        self.resync_period = resync_period
        self.clock = clock if clock is not None else server.clock
        self.namespace = namespace
        self.queue = queue
        self.informers: dict[str, SharedIndexInformer] = {}

    def informer_for(self, resource: str) -> SharedIndexInformer:
        if resource not in self.informers:
            self.informers[resource] = SharedIndexInformer(
                ListWatch.from_server(self.server, resource, self.namespace),
                resync_period=self.resync_period, clock=self.clock, queue=self.queue,
                name=resource,
            )
        return self.informers[resource]

    def lister_for(self, resource: str) -> Lister:
        return Lister(self.informer_for(resource).get_indexer(), resource)

    def pump(self) -> int:
        """Drive every informer until none has work left; returns the work done."""
        total = 0
        while True:
            n = sum(inf.pump() for inf in list(self.informers.values()))
            if n == 0:
                return total
            total += n

    def start(self, stop: threading.Event) -> None:
        for inf in self.informers.values():
            if not inf._threads:
                inf.run(stop)

    def wait_for_cache_sync(self, timeout: float | None = None) -> dict[str, bool]:
        return {r: inf.wait_for_cache_sync(timeout) for r, inf in self.informers.items()}

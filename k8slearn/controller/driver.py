"""A deterministic driver: run informers, controllers and simulators until idle.

Real controllers run goroutines that block on watches and queues.  With a
:class:`~k8slearn.clock.FakeClock` the course runs everything on one thread
instead: ``run_until_idle`` repeatedly pumps every informer (reflector ->
queue -> indexer -> handlers) and lets every worker process what is ready,
until a full round does nothing.  ``advance(seconds)`` moves the clock timer
by timer (delayed queue adds, kubelet start-up delays, resyncs), running
until idle after each, so every event is delivered in time order.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

__all__ = ["Driver"]


class Driver:
    """Drives a SharedInformerFactory and workers with ``process_pending()``."""

    def __init__(self, clock: Any, factory: Any, *workers: Any, max_rounds: int = 100_000):
        self.clock = clock
        self.factory = factory
        self.workers = list(workers)
        self.max_rounds = max_rounds

    def add(self, worker: Any) -> None:
        self.workers.append(worker)

    def run_until_idle(self) -> int:
        """Deliver every pending event and process every ready key; returns rounds of work."""
        total = 0
        for _ in range(self.max_rounds):
            n = self.factory.pump()
            for w in self.workers:
                n += w.process_pending()
            if n == 0:
                return total
            total += n
        raise RuntimeError(f"not idle after {self.max_rounds} rounds (a livelock?)")

    def advance(self, seconds: float) -> None:
        """Move the clock forward ``seconds``, timer by timer, running until idle."""
        end = self.clock.now() + seconds
        self.run_until_idle()
        while True:
            due = self.clock.next_due()
            if due is None or due > end:
                self.clock.set_time(end)
                self.run_until_idle()
                return
            self.clock.set_time(max(due, self.clock.now()))
            self.run_until_idle()

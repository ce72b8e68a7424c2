"""A deterministic driver: run informers, controllers and simulators until idle.

Real controllers run goroutines that block on watches and queues.  With a
:class:`~k8slearn.clock.FakeClock` the course runs everything on one thread
instead: ``run_until_idle`` repeatedly pumps every informer (reflector ->
queue -> indexer -> handlers) and lets every worker process what is ready,
until a full round does nothing.  ``advance(seconds)`` moves the clock timer
by timer (delayed queue adds, kubelet start-up delays, resyncs), running
until idle after each, so every event is delivered in time order.

``lag={"pods": 3}`` makes the pods informer slow: it is pumped only every
fourth round, so controllers run three rounds on a cache that does not yet
show their own writes (what a busy API server or a slow watch does to a real
controller).  :meth:`Driver.run_round` runs one round, for step-by-step cells.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

__all__ = ["Driver"]


class Driver:
    """Drives a SharedInformerFactory and workers with ``process_pending()``."""

    def __init__(self, clock: Any, factory: Any, *workers: Any, max_rounds: int = 100_000,
                 lag: dict[str, int] | None = None):
        self.clock = clock
        self.factory = factory
        self.workers = list(workers)
        self.max_rounds = max_rounds
        self.lag = dict(lag or {})
        for resource, rounds in self.lag.items():
            if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 0:
                raise ValueError(f"lag[{resource!r}]: Invalid value: {rounds!r}: "
                                 "must be a whole number of rounds, 0 or more")
        self.rounds = 0

    def add(self, worker: Any) -> None:
        self.workers.append(worker)

    def _pump(self) -> tuple[int, bool]:
        """Pump the informers due this round; returns (work, whether one was held back)."""
        if not self.lag:
            return self.factory.pump(), False
        total, held = 0, False
        while True:
            n = 0
            for resource, inf in list(self.factory.informers.items()):
                lag = self.lag.get(resource, 0)
                if lag and self.rounds % (lag + 1) != lag:
                    held = True
                    continue
                n += inf.pump()
            if n == 0:
                return total, held
            total += n

    def run_round(self) -> int:
        """One round: pump the informers, then let every worker process what is ready."""
        n, held = self._pump()
        for w in self.workers:
            n += w.process_pending()
        self.rounds += 1
        return n if n or not held else -1

    def run_until_idle(self) -> int:
        """Deliver every pending event and process every ready key; returns the work done."""
        total = 0
        idle_streak = 0
        for _ in range(self.max_rounds):
            n = self.run_round()
            if n == 0:
                return total
            if n < 0:  # nothing ran, but a lagging informer was held back: keep going
                idle_streak += 1
                if idle_streak > max(self.lag.values(), default=0):
                    return total
                continue
            idle_streak = 0
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

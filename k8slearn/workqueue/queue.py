"""The basic work queue: fair, stingy, multi-worker, with shutdown and drain.

Upstream: kubernetes/client-go util/workqueue/queue.go, util/workqueue/doc.go @ v0.36.3

Three collections carry every item's state (``Typed[T]`` in upstream):

* ``queue`` - the FIFO of items waiting to be handed out;
* ``dirty`` - every item that needs processing: the queued ones *plus* items
  re-added while a worker holds them ("parked");
* ``processing`` - items handed out by :meth:`Queue.get` and not yet
  :meth:`Queue.done`.

Per-item state table (client-go v0.36.x, reproduced exactly):

=================  ===================================  ==============  ========================
state              add                                  get pops it     done
=================  ===================================  ==============  ========================
absent             -> queued (tail)                     --              no change
queued             no-op except ``touch`` (same place)  -> processing   pushes a *second copy*
processing         -> parked (not in the FIFO)          --              -> absent
parked             no-op (no ``touch``)                 --              -> queued at the tail
after shut_down    ignored                              unchanged       unchanged (parked->queued)
=================  ===================================  ==============  ========================

Quirks kept for parity with Go (don't "fix" them):

* ``len(q)`` counts only the FIFO, not processing or parked items.
* ``done`` on an item that is queued but was never handed out pushes a second
  copy into the FIFO, so it can be handed out twice.
* Items already queued at shutdown are still handed out with
  ``shutdown=False``; ``(None, True)`` comes only once the FIFO is empty, and
  ``done`` after shutdown can put a parked item back, so ``get`` can return
  ``shutdown=False`` again after having returned ``True``.
* ``shut_down_with_drain`` waits only for the *processing* set to empty, not
  for the FIFO; ``done`` wakes one waiter (``notify``), ``shut_down`` wakes all.

Version note: the pluggable storage (``Queue[T]`` with Touch/Push/Len/Pop) is
v0.31+; v0.35 made ``ShutDown`` stop and wait for the metrics loop.

Python differences: items must be hashable (Go: comparable; an unhashable
item raises ``TypeError``).  ``get`` returns ``(None, True)`` where Go returns
the zero value of ``T``.  :meth:`Queue.snapshot` is course-only introspection.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Hashable
from typing import Any, NamedTuple, Protocol

from k8slearn.clock import Clock, RealClock
from k8slearn.workqueue.metrics import MetricsProvider, new_queue_metrics

__all__ = ["Queue", "Storage", "DefaultQueue", "Snapshot",
           "DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD"]

#: How often a named queue samples its unfinished-work metrics (``500ms``).
DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD = 0.5


class Storage(Protocol):
    """The pluggable ordering storage (upstream's ``Queue[T]`` interface).

    Always called under the queue's lock; ``pop`` only when ``len() > 0``.
    """

    def touch(self, item: Any) -> None: ...

    def push(self, item: Any) -> None: ...

    def pop(self) -> Any: ...

    def __len__(self) -> int: ...


class DefaultQueue(deque):
    """``DefaultQueue``: a plain FIFO.  ``push`` appends; ``pop`` takes the *head*.

    ``popleft`` drops the deque's reference to the item, which is what upstream
    achieves by zeroing slot 0 of its slice (see ``TestGarbageCollection``).
    """

    push = deque.append
    pop = deque.popleft  # type: ignore[assignment]

    def touch(self, item: Any) -> None:
        """A FIFO doesn't re-rank a re-added item."""


class Snapshot(NamedTuple):
    """Course-only view of a queue's three collections."""

    queue: tuple
    dirty: frozenset
    processing: frozenset


class Queue:
    """A work queue (``workqueue.Typed``): add items, workers ``get`` and ``done`` them.

    >>> q = Queue()
    >>> q.add("a"); q.add("b"); q.add("a")
    >>> len(q)
    2
    >>> item, shutdown = q.get(); item, shutdown
    ('a', False)
    >>> q.add("a")          # re-added while processing: parked, not queued
    >>> len(q), q.snapshot().dirty == {"a", "b"}
    (1, True)
    >>> q.done("a"); q.snapshot().queue
    ('b', 'a')
    """

    def __init__(
        self,
        name: str | None = None,
        clock: Clock | None = None,
        metrics_provider: MetricsProvider | None = None,
        *,
        queue: Storage | None = None,
        unfinished_work_update_period: float = DEFAULT_UNFINISHED_WORK_UPDATE_PERIOD,
    ) -> None:
        self.name = name or ""
        self._clock: Clock = clock if clock is not None else RealClock()
        self._queue: Storage = queue if queue is not None else DefaultQueue()
        self._dirty: set = set()
        self._processing: set = set()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._waiters = 0  # threads blocked in _cond.wait(); lets add/done skip notify
        self._shutting_down = False
        self._drain = False
        self._metrics = new_queue_metrics(metrics_provider, name, self._clock)
        self._ticker = None
        if self._metrics is not None:  # upstream starts updateUnfinishedWorkLoop only then
            self._ticker = self._clock.tick_func(
                unfinished_work_update_period, self._update_unfinished_work)

    # ------------------------------------------------------------------ core
    def add(self, item: Hashable) -> None:
        """Mark ``item`` as needing processing; ignored once shutting down."""
        with self._lock:
            if self._shutting_down:
                return
            if item in self._dirty:
                if item not in self._processing:
                    self._queue.touch(item)
                return
            if self._metrics is not None:
                self._metrics.add(item)
            self._dirty.add(item)
            if item in self._processing:
                return  # parked: done() will queue it
            self._queue.push(item)
            if self._waiters:
                self._cond.notify()

    def len(self) -> int:
        """Items waiting in the FIFO (informational only)."""
        with self._lock:
            return len(self._queue)

    def __len__(self) -> int:
        with self._lock:
            return len(self._queue)

    def get(self) -> tuple[Any, bool]:
        """Block until an item is ready: ``(item, False)``, or ``(None, True)`` on shutdown."""
        with self._lock:
            q = self._queue
            while not len(q) and not self._shutting_down:
                self._wait()
            if not len(q):
                return None, True
            item = q.pop()
            if self._metrics is not None:
                self._metrics.get(item)
            self._processing.add(item)
            self._dirty.discard(item)
            return item, False

    def done(self, item: Hashable) -> None:
        """Finish ``item``; if it was re-added meanwhile, queue it again at the tail."""
        with self._lock:
            if self._metrics is not None:
                self._metrics.done(item)
            self._processing.discard(item)
            if item in self._dirty:
                self._queue.push(item)
                if self._waiters:
                    self._cond.notify()
            elif not self._processing and self._waiters:
                self._cond.notify()  # may wake a shut_down_with_drain waiter

    # ------------------------------------------------------------------ shutdown
    def shut_down(self) -> None:
        """Ignore new adds; workers drain the FIFO, then ``get`` says shutdown."""
        self._stop_metrics()
        with self._lock:
            self._drain = False
            self._shutting_down = True
            self._cond.notify_all()

    def shut_down_with_drain(self) -> None:
        """Like :meth:`shut_down`, then wait until nothing is *processing*.

        A later :meth:`shut_down` (from another thread) ends the wait.  Workers
        must call ``done``, or this blocks forever.
        """
        self._stop_metrics()
        with self._lock:
            self._drain = True
            self._shutting_down = True
            self._cond.notify_all()
            while self._processing and self._drain:
                self._wait()

    def shutting_down(self) -> bool:
        with self._lock:
            return self._shutting_down

    # ------------------------------------------------------------------ internals
    def _wait(self) -> None:
        self._waiters += 1
        try:
            self._cond.wait()
        finally:
            self._waiters -= 1

    def _stop_metrics(self) -> None:
        # Upstream closes stopCh once and waits for the loop; stopping the
        # ticker is the same here (a FakeClock ticker never runs concurrently).
        ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.stop()

    def _update_unfinished_work(self) -> None:
        with self._lock:
            if not self._shutting_down and self._metrics is not None:
                self._metrics.update_unfinished_work()

    # ------------------------------------------------------------------ course-only
    def snapshot(self) -> Snapshot:
        """Course-only (not upstream): the FIFO, dirty and processing sets, consistently."""
        with self._lock:
            return Snapshot(tuple(self._queue), frozenset(self._dirty),
                            frozenset(self._processing))

    def __repr__(self) -> str:
        s = self.snapshot()
        return (f"Queue(name={self.name!r}, queued={len(s.queue)}, processing={len(s.processing)}, "
                f"parked={len(s.dirty & s.processing)}, shutting_down={self.shutting_down()})")

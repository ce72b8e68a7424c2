"""A work queue that can add an item later: ``add_after(item, seconds)``.

Upstream: kubernetes/client-go util/workqueue/delaying_queue.go @ v0.36.3

Upstream runs a ``waitingLoop`` goroutine that owns a min-heap of
``waitFor{data, readyAt}`` entries plus a map item -> entry, and wakes on a
timer for the heap's head, on a 10 s heartbeat (``maxWait``), or when
``AddAfter`` sends a new entry through a 1000-slot channel.  Each wake-up it
adds every entry whose ``readyAt`` is not after ``now`` and re-arms the timer.

This module keeps that loop body (:meth:`DelayingQueue._loop_once`) but drives
it from clock timers (``clock.after_func``) instead of a goroutine, and lets
``add_after`` insert directly under a lock instead of using the channel.  With
a :class:`~k8slearn.clock.FakeClock` the timer fires synchronously inside
``clock.step()``, so when ``step(d)`` returns every entry due at the new time
is already in the queue; with a real clock the timer runs on a thread.

Behaviour kept from upstream:

* ``add_after`` after shutdown is ignored and counts no retry; otherwise
  ``workqueue_retries_total`` goes up, even for ``seconds <= 0`` which is a
  plain immediate ``add``.
* One pending entry per item; a duplicate ``add_after`` keeps the *earlier*
  ready time and discards the later one (``insert``: earlier wins).
* ``ready_at <= now`` counts as ready.
* The heap knows nothing about the queue's dirty set: ``add_after(x, 1)``
  then ``add(x)`` processes ``x`` now and adds it again a second later.
* Pending entries are dropped on shutdown.  ``shut_down`` drops them at once;
  ``shut_down_with_drain`` is not overridden upstream, so they are dropped at
  the loop's next wake-up (timer or heartbeat).
* Ties in ready time may come out in any order (Go's heap is not stable;
  this one happens to be FIFO, but don't rely on it).

Version note: v0.31 made the queue generic (``TypedDelayingInterface``), v0.32
renamed ``TypedNewDelayingQueue`` to ``NewTypedDelayingQueue`` and v0.33 added an
optional logger to the config; the waiting loop itself is unchanged v0.30-v0.36.

Call ``shut_down`` when done: like upstream's goroutine, the heartbeat (a
ticker thread on a real clock) keeps running until then.

* ``shut_down`` runs once (upstream's ``stopOnce``): a second call does not
  reach the inner queue again, so it does **not** cancel a pending
  ``shut_down_with_drain`` (the basic :class:`Queue`'s ``shut_down`` would).
* An earlier duplicate moves the existing heap entry (``heap.Fix`` on the entry
  the ``waitingEntryByData`` map points at): however many ``add_after`` calls one
  item gets, the heap holds one entry for it.

Differences: no 1000-slot channel, so ``add_after`` never blocks.
:meth:`DelayingQueue.waiting` is course-only introspection.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Hashable
from typing import Any, NamedTuple

from k8slearn.clock import Clock, RealClock, Timer
from k8slearn.workqueue.metrics import MetricsProvider, new_retry_metric
from k8slearn.workqueue.queue import Queue, Snapshot

__all__ = ["DelayingQueue", "Waiting", "MAX_WAIT"]

#: The heartbeat: the waiting loop wakes at least this often (``maxWait``, 10 s).
MAX_WAIT = 10.0

class _WaitFor:
    """``waitFor``: an item, its ready time and its index in the heap.

    ``key`` is ``(ready_at, seq)``: the sequence number breaks ties in push order.
    """

    __slots__ = ("key", "data", "index")

    def __init__(self, ready_at: float, seq: int, data: Any) -> None:
        self.key, self.data, self.index = (ready_at, seq), data, -1

    @property
    def ready_at(self) -> float:
        return self.key[0]


class _WaitForPriorityQueue(list):
    """``waitForPriorityQueue`` driven like ``container/heap``: push, pop, fix by index.

    Every entry knows its index (``Swap`` keeps it up to date upstream), which is what
    lets ``fix`` move one entry instead of pushing a second one.
    """

    def _up(self, j: int) -> None:
        entry = self[j]
        key = entry.key
        while j > 0:
            parent = (j - 1) >> 1
            p = self[parent]
            if not key < p.key:
                break
            self[j] = p
            p.index = j
            j = parent
        self[j] = entry
        entry.index = j

    def _down(self, i: int) -> None:
        n = len(self)
        entry = self[i]
        key = entry.key
        while True:
            child = 2 * i + 1
            if child >= n:
                break
            c = self[child]
            right = child + 1
            if right < n and self[right].key < c.key:
                child, c = right, self[right]
            if not c.key < key:
                break
            self[i] = c
            c.index = i
            i = child
        self[i] = entry
        entry.index = i

    def push_entry(self, entry: _WaitFor) -> None:
        self.append(entry)
        self._up(len(self) - 1)

    def pop_head(self) -> _WaitFor:
        head = self[0]
        last = self.pop()
        if self:
            self[0] = last
            self._down(0)
        head.index = -1
        return head

    def fix(self, entry: _WaitFor) -> None:
        """``heap.Fix``: restore the order after ``entry``'s key changed."""
        i = entry.index
        self._down(i)
        if self[i] is entry:
            self._up(i)


class Waiting(NamedTuple):
    """Course-only: one pending delayed add."""

    ready_at: float
    item: Any


class DelayingQueue:
    """A :class:`Queue` plus ``add_after`` (``workqueue.TypedDelayingInterface``).

    >>> from k8slearn.clock import FakeClock
    >>> clock = FakeClock()
    >>> q = DelayingQueue(clock)
    >>> q.add_after("a", 5.0); q.add_after("b", 1.0)
    >>> len(q), q.waiting()
    (0, [Waiting(ready_at=1.0, item='b'), Waiting(ready_at=5.0, item='a')])
    >>> clock.step(1.0); len(q)
    1
    >>> q.shut_down()
    """

    def __init__(
        self,
        clock: Clock | None = None,
        name: str | None = None,
        metrics_provider: MetricsProvider | None = None,
        *,
        queue: Queue | None = None,
    ) -> None:
        self.name = name or ""
        self._clock: Clock = clock if clock is not None else RealClock()
        # Like upstream's config.Queue: an injected queue keeps its own name/clock/metrics.
        self._q = queue if queue is not None else Queue(name, self._clock, metrics_provider)
        self._retries = new_retry_metric(metrics_provider, name)
        self._lock = threading.Lock()
        # The waiting loop's state: a heap of waitFor entries and item -> its entry.
        self._waiting_for_queue = _WaitForPriorityQueue()
        self._waiting_entry_by_data: dict[Hashable, _WaitFor] = {}
        self._seq = itertools.count()
        self._timer: Timer | None = None
        self._timer_due: float | None = None  # the head time the timer is set for
        self._stopped = False
        self._stop_once = False  # upstream's stopOnce around ShutDown
        self._heartbeat = self._clock.tick_func(MAX_WAIT, self._on_heartbeat)

    # ------------------------------------------------------------------ AddAfter
    def add_after(self, item: Hashable, seconds: float) -> None:
        """Add ``item`` once ``seconds`` have passed on the queue's clock."""
        if self._q.shutting_down():
            return
        if self._retries is not None:
            self._retries.inc()
        if seconds <= 0:
            self._q.add(item)
            return
        with self._lock:
            if self._stopped:
                return  # upstream: the send is abandoned once stopCh is closed
            now = self._clock.now()
            ready_at = now + seconds
            if ready_at <= now:  # the loop adds an entry that is already due right away
                self._q.add(item)
                return
            self._insert(item, ready_at)
            # The loop wakes for every new entry, but only a new head changes its timer.
            if self._timer_due is None or ready_at < self._timer_due:
                self._loop_once()

    def _insert(self, item: Hashable, ready_at: float) -> None:
        """``insert``: one entry per item; a new entry replaces it only if it is earlier."""
        existing = self._waiting_entry_by_data.get(item)
        if existing is not None:
            if existing.key[0] > ready_at:  # earlier wins: move the one entry (heap.Fix)
                existing.key = (ready_at, next(self._seq))
                self._waiting_for_queue.fix(existing)
            return  # else the pending entry is earlier (or equal): drop this one
        entry = _WaitFor(ready_at, next(self._seq), item)
        self._waiting_for_queue.push_entry(entry)
        self._waiting_entry_by_data[item] = entry

    # ------------------------------------------------------------------ waiting loop
    def _loop_once(self) -> None:
        """One turn of ``waitingLoop`` (caller holds ``_lock``)."""
        if self._q.shutting_down():
            self._stop()  # the loop returns; pending entries are dropped
            return
        now = self._clock.now()
        heap = self._waiting_for_queue
        by_data = self._waiting_entry_by_data
        add = self._q.add
        while heap and heap[0].key[0] <= now:
            entry = heap.pop_head()
            del by_data[entry.data]
            add(entry.data)
        # Set up a wake-up for the head's ready time (re-armed only if it changed).
        if heap:
            head = heap[0].key[0]
            if head != self._timer_due:
                self._arm(head - now, head)
        elif self._timer_due is not None:
            self._timer.stop()
            self._timer_due = None

    def _arm(self, delay: float, due: float) -> None:
        """Wake the loop after ``delay`` (one timer, reset for each new head)."""
        self._timer_due = due
        if self._timer is None:
            self._timer = self._clock.after_func(delay, self._on_timer)
        else:
            self._timer.reset(delay)

    def _on_timer(self) -> None:
        with self._lock:
            if self._stopped:
                return
            # A stale firing (a real timer racing a reset) only causes an extra turn.
            self._timer_due = None
            self._loop_once()

    def _on_heartbeat(self) -> None:
        with self._lock:
            if not self._stopped:
                self._loop_once()

    def _stop(self) -> None:
        self._stopped = True
        if self._timer is not None:
            self._timer.stop()
        self._timer_due = None
        self._heartbeat.stop()
        self._waiting_for_queue.clear()
        self._waiting_entry_by_data.clear()

    # ------------------------------------------------------------------ Interface
    def shut_down(self) -> None:
        """Shut the queue down and drop every pending delayed add (once: ``stopOnce``).

        Only the first call reaches the inner queue, so a later call does not end
        a ``shut_down_with_drain`` that is waiting.
        """
        with self._lock:
            if self._stop_once:
                return
            self._stop_once = True
        self._q.shut_down()
        with self._lock:
            if not self._stopped:
                self._stop()

    def shut_down_with_drain(self) -> None:
        """The inner queue's drain; pending entries go at the loop's next wake-up."""
        self._q.shut_down_with_drain()

    def add(self, item: Hashable) -> None:
        self._q.add(item)

    def get(self) -> tuple[Any, bool]:
        return self._q.get()

    def done(self, item: Hashable) -> None:
        self._q.done(item)

    def len(self) -> int:
        return self._q.len()

    def __len__(self) -> int:
        return self._q.len()

    def shutting_down(self) -> bool:
        return self._q.shutting_down()

    # ------------------------------------------------------------------ course-only
    def snapshot(self) -> Snapshot:
        """Course-only: the inner queue's FIFO, dirty and processing sets."""
        return self._q.snapshot()

    def waiting(self) -> list[Waiting]:
        """Course-only (not upstream): pending ``(ready_at, item)`` entries, soonest first."""
        with self._lock:
            live = sorted(self._waiting_entry_by_data.values(), key=lambda e: e.key)
            return [Waiting(e.key[0], e.data) for e in live]

    def heap_size(self) -> int:
        """Course-only: entries in the waiting loop's heap (one per pending item)."""
        with self._lock:
            return len(self._waiting_for_queue)

    def __repr__(self) -> str:
        return f"DelayingQueue(name={self.name!r}, len={self.len()}, waiting={len(self.waiting())})"

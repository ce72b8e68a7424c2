"""A delaying queue that asks a rate limiter how long to wait: ``add_rate_limited``.

Upstream: kubernetes/client-go util/workqueue/rate_limiting_queue.go @ v0.36.3

The controller pattern: on success call ``forget(item)`` then ``done(item)``;
on failure call ``add_rate_limited(item)`` then ``done(item)``.  ``forget``
only clears the limiter's memory of the item; it does not replace ``done``.

Quirk kept from upstream: ``add_rate_limited`` asks the limiter *before*
``add_after`` checks for shutdown, so after shutdown the failure count still
goes up (``num_requeues`` grows) while nothing is queued.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from k8slearn.clock import Clock
from k8slearn.workqueue.default_rate_limiters import RateLimiter
from k8slearn.workqueue.delaying_queue import DelayingQueue, Waiting
from k8slearn.workqueue.metrics import MetricsProvider
from k8slearn.workqueue.queue import Snapshot

__all__ = ["RateLimitingQueue"]


class RateLimitingQueue:
    """A :class:`DelayingQueue` plus a rate limiter (``TypedRateLimitingInterface``).

    >>> from k8slearn.clock import FakeClock
    >>> from k8slearn.workqueue import ItemExponentialFailureRateLimiter
    >>> clock = FakeClock()
    >>> q = RateLimitingQueue(ItemExponentialFailureRateLimiter(0.001, 1.0), clock)
    >>> q.add_rate_limited("a"); q.add_rate_limited("a")
    >>> q.num_requeues("a"), q.waiting()
    (2, [Waiting(ready_at=0.001, item='a')])
    >>> q.shut_down()
    """

    def __init__(
        self,
        rate_limiter: RateLimiter,
        clock: Clock | None = None,
        name: str | None = None,
        metrics_provider: MetricsProvider | None = None,
        *,
        delaying_queue: DelayingQueue | None = None,
    ) -> None:
        self.name = name or ""
        self.rate_limiter = rate_limiter
        # Like upstream's config.DelayingQueue; the limiter itself gets no clock.
        self._q = (delaying_queue if delaying_queue is not None
                   else DelayingQueue(clock, name, metrics_provider))

    def add_rate_limited(self, item: Hashable) -> None:
        """Add ``item`` after the limiter's delay (and record a failure)."""
        self._q.add_after(item, self.rate_limiter.when(item))

    def num_requeues(self, item: Hashable) -> int:
        return self.rate_limiter.num_requeues(item)

    def forget(self, item: Hashable) -> None:
        """Stop tracking ``item``'s failures.  You still have to call ``done``."""
        self.rate_limiter.forget(item)

    # ------------------------------------------------------------------ delegation
    def add_after(self, item: Hashable, seconds: float) -> None:
        self._q.add_after(item, seconds)

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

    def shut_down(self) -> None:
        self._q.shut_down()

    def shut_down_with_drain(self) -> None:
        self._q.shut_down_with_drain()

    def shutting_down(self) -> bool:
        return self._q.shutting_down()

    def snapshot(self) -> Snapshot:
        """Course-only: the FIFO, dirty and processing sets."""
        return self._q.snapshot()

    def heap_size(self) -> int:
        """Course-only: entries in the delaying queue's heap."""
        return self._q.heap_size()

    def waiting(self) -> list[Waiting]:
        """Course-only: pending delayed adds, soonest first."""
        return self._q.waiting()

    def __repr__(self) -> str:
        return (f"RateLimitingQueue(name={self.name!r}, len={self.len()}, "
                f"waiting={len(self.waiting())})")

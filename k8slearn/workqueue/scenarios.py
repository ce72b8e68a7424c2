"""Two rate-limiting experiments on a FakeClock: a misconception and an outage.

:func:`add_vs_add_rate_limited` settles a claim of the article the course grew
from, that a rate-limiting queue "dynamically adjusts the processing rate".
It does not: plain ``add`` never consults the limiter, only
``add_rate_limited`` asks ``when(item)`` for a delay, and the workers take
whatever is in the FIFO as fast as they can either way.

:func:`outage` replays 1,000 keys failing at once (an API server that answers
every write with an error for ``outage_seconds``).  Each failed sync calls
``add_rate_limited``; once the server is back a sync succeeds and calls
``forget``.  It records every attempt, so a plot can show retries per second
and the time until the last key has succeeded (recovery).  Under the default
controller limiter the 10 qps bucket spreads the retries (and goes into debt,
so recovery lags the outage); a tuned bucket (for example the
sample-controller's 50 qps / burst 300) recovers sooner at the price of more
load during the outage.

Workers are instantaneous and there is one of them: every number here comes
from the limiter alone.  Upstream's bucket reads the wall clock; the course's
reads the FakeClock (see :func:`~k8slearn.workqueue.default_controller_rate_limiter`).

The limiters are client-go util/workqueue/default_rate_limiters.go @ v0.36.3.

Upstream: none (course tooling)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from k8slearn.clock import FakeClock
from k8slearn.workqueue.default_rate_limiters import (
    BucketRateLimiter,
    ItemExponentialFailureRateLimiter,
    MaxOfRateLimiter,
)
from k8slearn.workqueue.rate_limiting_queue import RateLimitingQueue

__all__ = ["AddComparison", "OutageResult", "add_vs_add_rate_limited", "outage", "limiter"]


def limiter(clock: FakeClock, qps: float = 10.0, burst: int = 100, base: float = 0.005,
            max_delay: float = 1000.0) -> MaxOfRateLimiter:
    """A controller limiter: per-item exponential (base..max) and one token bucket."""
    return MaxOfRateLimiter(ItemExponentialFailureRateLimiter(base, max_delay),
                            BucketRateLimiter(qps, burst, clock))


def _drain_times(q: RateLimitingQueue, clock: FakeClock) -> list[float]:
    """Step the clock timer by timer; the time each item is handed out (instant workers)."""
    out: list[float] = []
    while True:
        while q.len():
            item, _ = q.get()
            out.append(clock.now())
            q.done(item)
        if not q.heap_size():
            return out
        clock.set_time(clock.next_due())  # the waiting loop's timer (or its heartbeat)


@dataclass(frozen=True)
class AddComparison:
    """When each of ``n`` keys was handed out, after ``add`` and after ``add_rate_limited``."""

    n: int
    add_times: tuple[float, ...]
    rate_limited_times: tuple[float, ...]

    def summary(self) -> str:
        return (f"{self.n} x add:              all {len(self.add_times)} handed out by "
                f"t={max(self.add_times):.3f} s, limiter consulted 0 times\n"
                f"{self.n} x add_rate_limited: the last handed out at "
                f"t={max(self.rate_limited_times):.3f} s, limiter consulted {self.n} times")


def add_vs_add_rate_limited(n: int = 1000, qps: float = 10.0, burst: int = 100) -> AddComparison:
    """``n`` distinct keys through ``add`` and through ``add_rate_limited`` (default limiter)."""
    clock = FakeClock(0.0)
    q = RateLimitingQueue(limiter(clock, qps, burst), clock)
    for i in range(n):
        q.add(f"key-{i:04d}")
    plain = _drain_times(q, clock)
    q.shut_down()
    clock = FakeClock(0.0)
    q = RateLimitingQueue(limiter(clock, qps, burst), clock)
    for i in range(n):
        q.add_rate_limited(f"key-{i:04d}")
    limited = _drain_times(q, clock)
    q.shut_down()
    return AddComparison(n, tuple(plain), tuple(limited))


@dataclass
class OutageResult:
    """Every sync attempt ``(time, ok)`` and when the last key succeeded."""

    label: str
    keys: int
    outage_seconds: float
    attempts: list[tuple[float, bool]] = field(default_factory=list)
    recovered_at: float = 0.0

    @property
    def failures(self) -> int:
        return sum(1 for _, ok in self.attempts if not ok)

    def retries_per_second(self, until: float | None = None) -> list[int]:
        """Attempts in each whole second [s, s+1) from 0 to ``until`` (default: recovery)."""
        end = int(until if until is not None else self.recovered_at) + 1
        counts = [0] * end
        for t, _ in self.attempts:
            if int(t) < end:
                counts[int(t)] += 1
        return counts

    def summary(self) -> str:
        return (f"{self.label}: {len(self.attempts)} syncs ({self.failures} failed); "
                f"last key recovered at t={self.recovered_at:.1f} s "
                f"({self.recovered_at - self.outage_seconds:.1f} s after the outage ended)")


def outage(label: str = "default (10 qps, burst 100)", keys: int = 1000,
           outage_seconds: float = 60.0, qps: float = 10.0, burst: int = 100,
           base: float = 0.005, max_delay: float = 1000.0) -> OutageResult:
    """All ``keys`` are queued at t=0; every sync fails until ``outage_seconds``."""
    clock = FakeClock(0.0)
    q = RateLimitingQueue(limiter(clock, qps, burst, base, max_delay), clock)
    result = OutageResult(label, keys, outage_seconds)
    pending = keys
    for i in range(keys):
        q.add(f"key-{i:04d}")
    while pending:
        while q.len():
            item, _ = q.get()
            ok = clock.now() >= outage_seconds
            result.attempts.append((clock.now(), ok))
            if ok:
                q.forget(item)
                pending -= 1
                result.recovered_at = clock.now()
            else:
                q.add_rate_limited(item)
            q.done(item)
        if not q.heap_size():
            break
        clock.set_time(clock.next_due())
    q.shut_down()
    return result

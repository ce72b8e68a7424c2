"""Rate limiters: how long a failed item waits before it is retried.

Upstream: kubernetes/client-go util/workqueue/default_rate_limiters.go @ v0.36.3

Every limiter has ``when(item) -> seconds`` (which also *records a failure*),
``forget(item)`` and ``num_requeues(item)``.

=================================  ==========================================================
limiter                            ``when(item)``
=================================  ==========================================================
ItemExponentialFailureRateLimiter  n-th call since ``forget``: ``min(max, base * 2**(n-1))``
ItemFastSlowRateLimiter            count += 1; ``fast`` while count <= max_fast_attempts, else slow
MaxOfRateLimiter                   calls *every* child (all side effects), returns the maximum
WithMaxWaitRateLimiter             ``min(inner.when(item), max_delay)``
BucketRateLimiter                  one token bucket shared by all items (see :mod:`.rate`)
=================================  ==========================================================

``default_controller_rate_limiter()`` is max(exponential 5 ms .. 1000 s per item,
bucket 10 qps / burst 100 overall); the per-item part returns 655.36 s on the
18th failure and its 1000 s cap from the 19th on.
``default_item_based_rate_limiter()`` is exponential 1 ms .. 1000 s.

Differences from Go: durations are float seconds; the exponential limiter
computes in integer nanoseconds with Go's float overflow guard, but does not
reproduce the amd64-only negative delay Go returns when the product is exactly
2**63 ns (or NaN for a zero base).  The bucket limiter follows the injected
clock instead of the wall clock.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Hashable
from typing import Protocol

from k8slearn.clock import Clock
from k8slearn.workqueue.rate import Limiter

__all__ = [
    "RateLimiter", "BucketRateLimiter", "ItemExponentialFailureRateLimiter",
    "ItemFastSlowRateLimiter", "MaxOfRateLimiter", "WithMaxWaitRateLimiter",
    "default_controller_rate_limiter", "default_item_based_rate_limiter",
]

_MAX_INT64_AS_FLOAT = float(2**63 - 1)  # == 2**63, like Go's float64(math.MaxInt64)


class RateLimiter(Protocol):
    """``TypedRateLimiter``."""

    def when(self, item: Hashable) -> float:
        """Seconds to wait before retrying ``item``; also records a failure."""
        ...

    def forget(self, item: Hashable) -> None:
        """Stop tracking ``item`` (it succeeded or was given up)."""
        ...

    def num_requeues(self, item: Hashable) -> int:
        """How many failures are recorded for ``item``."""
        ...


class BucketRateLimiter:
    """``TypedBucketRateLimiter``: a token bucket shared by every item.

    The item is ignored: one hot item slows everyone's retries.
    ``num_requeues`` is always 0 and ``forget`` does nothing.
    """

    def __init__(self, qps: float, burst: int, clock: Clock | None = None) -> None:
        self.limiter = Limiter(qps, burst, clock)

    def when(self, item: Hashable) -> float:
        return self.limiter.reserve().delay()

    def num_requeues(self, item: Hashable) -> int:
        return 0

    def forget(self, item: Hashable) -> None:
        pass

    def __repr__(self) -> str:
        return f"BucketRateLimiter(qps={self.limiter.limit:g}, burst={self.limiter.burst})"


class ItemExponentialFailureRateLimiter:
    """``TypedItemExponentialFailureRateLimiter``: base, 2*base, 4*base ... capped at max.

    >>> r = ItemExponentialFailureRateLimiter(0.001, 1.0)
    >>> [r.when("a") for _ in range(4)], r.num_requeues("a")
    ([0.001, 0.002, 0.004, 0.008], 4)
    """

    def __init__(self, base_delay: float, max_delay: float) -> None:
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._base_ns = round(base_delay * 1e9)
        self._max_ns = round(max_delay * 1e9)
        self._lock = threading.Lock()
        self._failures: dict[Hashable, int] = {}

    def when(self, item: Hashable) -> float:
        with self._lock:
            exp = self._failures.get(item, 0)
            self._failures[item] = exp + 1
        # Go: float64(base) * math.Pow(2, exp), then an overflow guard at MaxInt64.
        try:
            backoff = math.ldexp(float(self._base_ns), exp)
        except OverflowError:
            backoff = math.inf
        if backoff > _MAX_INT64_AS_FLOAT:
            return self.max_delay
        calculated = int(backoff)
        if calculated > self._max_ns:
            return self.max_delay
        return calculated / 1e9

    def num_requeues(self, item: Hashable) -> int:
        with self._lock:
            return self._failures.get(item, 0)

    def forget(self, item: Hashable) -> None:
        with self._lock:
            self._failures.pop(item, None)

    def __repr__(self) -> str:
        return (f"ItemExponentialFailureRateLimiter(base_delay={self.base_delay!r}, "
                f"max_delay={self.max_delay!r})")


class ItemFastSlowRateLimiter:
    """``TypedItemFastSlowRateLimiter``: ``fast_delay`` for the first attempts, then slow.

    The count goes up *before* the comparison (``<=``), so ``max_fast_attempts=3``
    gives exactly three fast delays and ``0`` means always slow.
    """

    def __init__(self, fast_delay: float, slow_delay: float, max_fast_attempts: int) -> None:
        self.fast_delay = fast_delay
        self.slow_delay = slow_delay
        self.max_fast_attempts = max_fast_attempts
        self._lock = threading.Lock()
        self._failures: dict[Hashable, int] = {}

    def when(self, item: Hashable) -> float:
        with self._lock:
            n = self._failures[item] = self._failures.get(item, 0) + 1
        return self.fast_delay if n <= self.max_fast_attempts else self.slow_delay

    def num_requeues(self, item: Hashable) -> int:
        with self._lock:
            return self._failures.get(item, 0)

    def forget(self, item: Hashable) -> None:
        with self._lock:
            self._failures.pop(item, None)

    def __repr__(self) -> str:
        return (f"ItemFastSlowRateLimiter(fast_delay={self.fast_delay!r}, "
                f"slow_delay={self.slow_delay!r}, max_fast_attempts={self.max_fast_attempts})")


class MaxOfRateLimiter:
    """``TypedMaxOfRateLimiter``: the worst answer of several limiters.

    Every child is asked every time, so each one records the failure (and a
    bucket spends a token) even when its answer loses.  ``num_requeues`` is the
    maximum, not the sum; ``forget`` reaches every child.
    """

    def __init__(self, *limiters: RateLimiter) -> None:
        self.limiters = limiters

    def when(self, item: Hashable) -> float:
        ret = 0.0
        for limiter in self.limiters:
            curr = limiter.when(item)
            if curr > ret:
                ret = curr
        return ret

    def num_requeues(self, item: Hashable) -> int:
        ret = 0
        for limiter in self.limiters:
            curr = limiter.num_requeues(item)
            if curr > ret:
                ret = curr
        return ret

    def forget(self, item: Hashable) -> None:
        for limiter in self.limiters:
            limiter.forget(item)

    def __repr__(self) -> str:
        return f"MaxOfRateLimiter({', '.join(map(repr, self.limiters))})"


class WithMaxWaitRateLimiter:
    """``TypedWithMaxWaitRateLimiter``: caps another limiter's delay at ``max_delay``."""

    def __init__(self, limiter: RateLimiter, max_delay: float) -> None:
        self.limiter = limiter
        self.max_delay = max_delay

    def when(self, item: Hashable) -> float:
        delay = self.limiter.when(item)
        return self.max_delay if delay > self.max_delay else delay

    def forget(self, item: Hashable) -> None:
        self.limiter.forget(item)

    def num_requeues(self, item: Hashable) -> int:
        return self.limiter.num_requeues(item)

    def __repr__(self) -> str:
        return f"WithMaxWaitRateLimiter({self.limiter!r}, max_delay={self.max_delay!r})"


def default_controller_rate_limiter(clock: Clock | None = None) -> MaxOfRateLimiter:
    """``DefaultTypedControllerRateLimiter``: per-item 5 ms..1000 s, overall 10 qps / burst 100.

    ``clock`` (course addition) drives the bucket; upstream's uses the wall clock.
    """
    return MaxOfRateLimiter(
        ItemExponentialFailureRateLimiter(0.005, 1000.0),
        BucketRateLimiter(10, 100, clock),
    )


def default_item_based_rate_limiter() -> ItemExponentialFailureRateLimiter:
    """``DefaultTypedItemBasedRateLimiter``: exponential 1 ms..1000 s (note: 1 ms, not 5)."""
    return ItemExponentialFailureRateLimiter(0.001, 1000.0)

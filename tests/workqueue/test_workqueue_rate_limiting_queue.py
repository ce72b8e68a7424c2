"""Port of client-go util/workqueue/rate_limiting_queue_test.go @ v0.36.3, plus quirks."""

from __future__ import annotations

from k8slearn.clock import FakeClock
from k8slearn.workqueue import (
    DelayingQueue,
    InMemoryMetricsProvider,
    ItemExponentialFailureRateLimiter,
    RateLimitingQueue,
)

MS = 0.001


class RecordingDelayingQueue(DelayingQueue):
    """Records each add_after's delay, like upstream reading ``waitingForAddCh``."""

    def __init__(self, clock) -> None:
        super().__init__(clock)
        self.delays: list = []

    def add_after(self, item, seconds) -> None:
        self.delays.append((item, seconds))
        super().add_after(item, seconds)


def test_rate_limiting_queue():
    """TestRateLimitingQueue."""
    limiter = ItemExponentialFailureRateLimiter(1 * MS, 1.0)
    delaying = RecordingDelayingQueue(FakeClock(1_700_000_000.0))
    queue = RateLimitingQueue(limiter, delaying_queue=delaying)

    queue.add_rate_limited("one")
    assert delaying.delays[-1] == ("one", 1 * MS)
    queue.add_rate_limited("one")
    assert delaying.delays[-1] == ("one", 2 * MS)
    assert queue.num_requeues("one") == 2

    queue.add_rate_limited("two")
    assert delaying.delays[-1] == ("two", 1 * MS)
    queue.add_rate_limited("two")
    assert delaying.delays[-1] == ("two", 2 * MS)

    queue.forget("one")
    assert queue.num_requeues("one") == 0
    queue.add_rate_limited("one")
    assert delaying.delays[-1] == ("one", 1 * MS)


def test_add_rate_limited_after_shutdown_still_counts_a_failure():
    q = RateLimitingQueue(ItemExponentialFailureRateLimiter(MS, 1.0), FakeClock())
    q.shut_down()
    q.add_rate_limited("a")
    q.add_rate_limited("a")
    assert q.num_requeues("a") == 2
    assert q.len() == 0 and q.waiting() == []


def test_controller_pattern_with_fake_clock():
    clock = FakeClock()
    p = InMemoryMetricsProvider()
    q = RateLimitingQueue(ItemExponentialFailureRateLimiter(MS, 1.0), clock, "rl", p)
    q.add("key")
    item, _ = q.get()
    q.add_rate_limited(item)  # failure: retry later
    q.done(item)
    assert q.len() == 0 and [w.item for w in q.waiting()] == ["key"]
    clock.step(MS)
    assert q.len() == 1
    item, _ = q.get()
    q.forget(item)  # success
    q.done(item)
    assert q.num_requeues("key") == 0
    assert p.value("rl", "workqueue_retries_total") == 1
    assert p.value("rl", "workqueue_adds_total") == 2
    assert repr(q) == "RateLimitingQueue(name='rl', len=0, waiting=0)"
    q.shut_down_with_drain()
    assert q.shutting_down() and len(q) == 0 and q.snapshot().queue == ()


def test_add_after_passes_through():
    clock = FakeClock()
    q = RateLimitingQueue(ItemExponentialFailureRateLimiter(MS, 1.0), clock)
    q.add_after("x", 5.0)
    clock.step(5.0)
    assert q.get() == ("x", False)
    q.done("x")
    q.shut_down()
    assert q.get() == (None, True)

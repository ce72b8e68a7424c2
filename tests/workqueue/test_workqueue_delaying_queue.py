"""Ports of client-go util/workqueue/delaying_queue_test.go @ v0.36.3, plus the clock rule.

Upstream waits for its waiting-loop goroutine (``waitForWaitingQueueToFill``,
``waitForAdded``); here ``add_after`` ingests synchronously and the FakeClock
fires the loop's timer inside ``step``, so every check is immediate.
"""

from __future__ import annotations

import random
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from k8slearn.clock import FakeClock, RealClock
from k8slearn.workqueue import MAX_WAIT, DelayingQueue, InMemoryMetricsProvider, Queue, Waiting

T0 = 1_700_000_000.0  # upstream starts its fake clock at time.Now()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


def drain(q) -> list:
    out = []
    while q.len():
        item, _ = q.get()
        q.done(item)
        out.append(item)
    return out


# --------------------------------------------------------------------------- upstream tests


def test_simple_queue(clock):
    """TestSimpleQueue."""
    q = DelayingQueue(clock)
    q.add_after("foo", 0.050)
    assert q.len() == 0
    clock.step(0.060)
    assert q.len() == 1
    item, _ = q.get()
    q.done(item)
    clock.step(10.0)  # step past the next heartbeat
    assert q.len() == 0  # nothing re-added


def test_deduping(clock):
    """TestDeduping: earlier wins; a later duplicate is dropped, not deferred."""
    q = DelayingQueue(clock)
    q.add_after("foo", 0.050)
    q.add_after("foo", 0.070)  # ready later than the pending entry: dropped
    assert q.len() == 0
    clock.step(0.060)
    assert q.len() == 1
    item, _ = q.get()
    q.done(item)
    clock.step(0.020)  # past the discarded 70 ms entry
    assert q.len() == 0

    q.add_after("foo", 0.050)
    q.add_after("foo", 0.030)  # earlier: replaces the pending entry
    assert q.len() == 0
    clock.step(0.040)
    assert q.len() == 1
    item, _ = q.get()
    q.done(item)
    clock.step(0.020)  # past the overridden 50 ms entry
    assert q.len() == 0


def test_add_two_fire_early(clock):
    """TestAddTwoFireEarly."""
    q = DelayingQueue(clock)
    q.add_after("foo", 1.0)
    q.add_after("bar", 0.050)
    assert q.len() == 0
    clock.step(0.060)
    assert q.len() == 1
    assert q.get() == ("bar", False)
    q.add_after("baz", 2.0)
    clock.step(1.0)
    assert q.len() == 1
    assert q.get() == ("foo", False)
    clock.step(2.0)
    assert q.len() == 1
    assert q.get() == ("baz", False)


def test_copy_shifting(clock):
    """TestCopyShifting: items come out by ready time, not insertion order."""
    q = DelayingQueue(clock)
    q.add_after("foo", 1.0)
    q.add_after("bar", 0.500)
    q.add_after("baz", 0.250)
    assert q.len() == 0
    clock.step(2.0)
    assert q.len() == 3
    assert [q.get()[0] for _ in range(3)] == ["baz", "bar", "foo"]


# --------------------------------------------------------------------------- behaviour


def test_clock_rule_every_due_item_is_queued_when_step_returns(clock):
    rng = random.Random(7)
    q = DelayingQueue(clock)
    delays = {f"k{i}": rng.uniform(0.001, 30.0) for i in range(200)}
    for key, d in delays.items():
        q.add_after(key, d)
    for t in [0.5, 1.0, 5.0, 12.5, 29.0, 31.0]:
        clock.set_time(T0 + t)
        due = {k for k, d in delays.items() if T0 + d <= T0 + t}
        assert set(q.snapshot().queue) == due
        assert {w.item for w in q.waiting()} == set(delays) - due


def test_ready_at_equal_to_now_counts_as_ready(clock):
    q = DelayingQueue(clock)
    q.add_after("x", 2.0)
    clock.step(2.0)
    assert q.len() == 1


@pytest.mark.parametrize("d", [0, -1.0, -0.001], ids=["zero", "negative", "tiny-negative"])
def test_non_positive_delay_is_an_immediate_add(clock, d):
    q = DelayingQueue(clock)
    q.add_after("x", d)
    assert q.len() == 1 and q.waiting() == []


def test_delay_heap_ignores_the_dirty_set(clock):
    """add_after(x, 1) then add(x): processed now and again a second later."""
    q = DelayingQueue(clock)
    q.add_after("x", 1.0)
    q.add("x")
    assert drain(q) == ["x"]
    clock.step(1.0)
    assert drain(q) == ["x"]


def test_waiting_lists_pending_entries_by_time(clock):
    q = DelayingQueue(clock)
    q.add_after("a", 3.0)
    q.add_after("b", 1.0)
    q.add_after("a", 2.0)
    assert q.waiting() == [Waiting(T0 + 1.0, "b"), Waiting(T0 + 2.0, "a")]
    clock.step(1.5)
    assert q.waiting() == [Waiting(T0 + 2.0, "a")]
    assert repr(q) == "DelayingQueue(name='', len=1, waiting=1)"


def test_shut_down_drops_pending_items_and_ignores_add_after(clock):
    p = InMemoryMetricsProvider()
    q = DelayingQueue(clock, "dq", p)
    q.add_after("a", 1.0)
    q.shut_down()
    assert q.waiting() == []
    q.add_after("b", 1.0)
    q.add_after("c", 0)
    clock.step(5.0)
    assert q.len() == 0
    assert p.value("dq", "workqueue_retries_total") == 1  # only the pre-shutdown add_after
    assert not clock.has_waiters()  # timer and heartbeat stopped
    q.shut_down()  # idempotent


def test_shut_down_with_drain_drops_pending_at_next_wake_up(clock):
    q = DelayingQueue(clock)
    q.add_after("a", 20.0)
    q.shut_down_with_drain()
    assert [w.item for w in q.waiting()] == ["a"]  # the loop has not woken yet
    clock.step(MAX_WAIT)  # the heartbeat wakes it; it sees shutdown and stops
    assert q.waiting() == []
    clock.step(20.0)
    assert q.len() == 0


def test_heartbeat_is_a_ten_second_ticker(clock):
    q = DelayingQueue(clock)
    assert MAX_WAIT == 10.0
    assert clock.next_due() == T0 + 10.0
    q.shut_down()


def test_retries_count_every_add_after_including_immediate(clock):
    p = InMemoryMetricsProvider()
    q = DelayingQueue(clock, "dq", p)
    q.add_after("a", 1.0)
    q.add_after("a", 2.0)
    q.add_after("b", 0)
    q.add("c")
    assert p.value("dq", "workqueue_retries_total") == 3
    assert p.value("dq", "workqueue_adds_total") == 2


def test_injected_queue_keeps_its_own_settings(clock):
    inner = Queue()
    q = DelayingQueue(clock, queue=inner)
    q.add_after("a", 1.0)
    clock.step(1.0)
    assert inner.len() == 1


def test_unhashable_item_rejected_by_add_after(clock):
    q = DelayingQueue(clock)
    with pytest.raises(TypeError):
        q.add_after({"a": 1}, 1.0)


def test_real_clock_delivers_delayed_item_to_a_blocked_get():
    q = DelayingQueue(RealClock())
    results: list = []
    worker = threading.Thread(target=lambda: results.append(q.get()), daemon=True)
    worker.start()
    q.add_after("later", 0.02)
    worker.join(5)
    assert results == [("later", False)]
    q.shut_down()


def test_real_clock_many_threads_add_after_nothing_lost():
    """Real timers and threads: 4 producers x 50 delayed adds (0-20 ms), 4 workers."""
    q = DelayingQueue(RealClock())
    expected = {(p, i) for p in range(4) for i in range(50)}
    got: list = []
    lock = threading.Lock()
    all_seen = threading.Event()

    def produce(p: int) -> None:
        rng = random.Random(p)
        for i in range(50):
            q.add_after((p, i), rng.uniform(0.0, 0.02))

    def work() -> None:
        while True:
            item, shutdown = q.get()
            if shutdown:
                return
            with lock:
                got.append(item)
                if len(got) == len(expected):
                    all_seen.set()
            q.done(item)

    workers = [threading.Thread(target=work, daemon=True) for _ in range(4)]
    producers = [threading.Thread(target=produce, args=(p,), daemon=True) for p in range(4)]
    for t in workers + producers:
        t.start()
    assert all_seen.wait(10), f"only {len(got)} of {len(expected)} delayed items arrived"
    q.shut_down()
    for t in workers:
        t.join(5)
    assert sorted(got) == sorted(expected)


# ------------------------------------------------ issue 12 item 5, issue 17 item 7


class _WaitSignal(threading.Condition):
    """Sets an Event when a thread starts waiting: the test knows the drain is blocked."""

    def __init__(self, lock) -> None:
        super().__init__(lock)
        self.waiting = threading.Event()

    def wait(self, timeout=None):
        self.waiting.set()
        return super().wait(timeout)


@pytest.mark.parametrize("kind", ["delaying", "rate_limiting"])
def test_second_shut_down_does_not_cancel_a_pending_drain(clock, kind):
    """stopOnce: only the first ShutDown of a delaying queue reaches the inner queue."""
    from k8slearn.workqueue import ItemExponentialFailureRateLimiter, RateLimitingQueue

    if kind == "delaying":
        q = DelayingQueue(clock)
        inner = q._q
    else:
        q = RateLimitingQueue(ItemExponentialFailureRateLimiter(0.001, 1.0), clock)
        inner = q._q._q
    inner._cond = _WaitSignal(inner._lock)
    q.add("a")
    item, _ = q.get()
    q.shut_down()  # the first call: stops the waiting loop, shuts the inner queue down
    d = threading.Thread(target=q.shut_down_with_drain, daemon=True)
    d.start()
    assert inner._cond.waiting.wait(5)  # the drain is blocked on 'a'
    q.shut_down()  # second call: a no-op (on a basic Queue it would end the drain)
    assert inner._drain is True
    assert d.is_alive()
    q.done(item)  # the drain ends only when processing is empty
    d.join(5)
    assert not d.is_alive()


@pytest.mark.parametrize("kind", ["delaying", "rate_limiting"])
def test_first_shut_down_after_a_drain_started_cancels_it(clock, kind):
    """ShutDownWithDrain is not overridden, so it does not use up stopOnce: the usual
    order (drain, then ShutDown to give up) still ends the wait on a delaying queue."""
    from k8slearn.workqueue import ItemExponentialFailureRateLimiter, RateLimitingQueue

    if kind == "delaying":
        q = DelayingQueue(clock)
        inner = q._q
    else:
        q = RateLimitingQueue(ItemExponentialFailureRateLimiter(0.001, 1.0), clock)
        inner = q._q._q
    inner._cond = _WaitSignal(inner._lock)
    q.add("a")
    q.get()  # 'a' stays processing: the drain would wait forever
    d = threading.Thread(target=q.shut_down_with_drain, daemon=True)
    d.start()
    assert inner._cond.waiting.wait(5)  # the drain is blocked on 'a'
    q.shut_down()  # the first ShutDown of the delaying queue reaches the inner queue
    d.join(5)
    assert not d.is_alive() and inner._drain is False


def test_basic_queue_second_shut_down_still_cancels_a_drain():
    """The contrast: a plain Queue has no stopOnce, so shut_down ends a drain wait."""
    q = Queue()
    q._cond = _WaitSignal(q._lock)
    q.add("a")
    q.get()
    q.shut_down()
    d = threading.Thread(target=q.shut_down_with_drain, daemon=True)
    d.start()
    assert q._cond.waiting.wait(5)
    q.shut_down()
    d.join(5)
    assert not d.is_alive() and q._drain is False


def test_many_earlier_add_afters_keep_one_heap_entry(clock):
    """heap.Fix on the existing entry: 100k ever-earlier deadlines leave one entry."""
    q = DelayingQueue(clock)
    for i in range(100_000):
        q.add_after("x", 200_000.0 - i)
    assert q.heap_size() == 1
    assert q.waiting() == [Waiting(T0 + 100_001.0, "x")]
    clock.step(100_001.0)
    assert q.len() == 1 and q.heap_size() == 0
    q.shut_down()


def test_earlier_duplicate_moves_the_entry_within_a_full_heap(clock):
    """Fix keeps the heap ordered when a middle entry becomes the earliest."""
    q = DelayingQueue(clock)
    for i, name in enumerate("abcdefgh"):
        q.add_after(name, 10.0 + i)
    q.add_after("g", 1.0)  # moves g from the bottom to the top
    q.add_after("d", 30.0)  # later: dropped, d stays at 13
    assert q.heap_size() == 8
    assert [w.item for w in q.waiting()] == list("gabcdefh")
    clock.step(20.0)
    assert drain(q) == list("gabcdefh")
    q.shut_down()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(1, 50), st.booleans()),
                max_size=60))
def test_heap_keeps_one_ordered_entry_per_item(ops):
    """Property: after any add_after/step mix the heap holds exactly one entry per pending
    item (the earliest offer), every entry's index is its position, and the heap order holds."""
    clock = FakeClock(0.0)
    q = DelayingQueue(clock)
    pending: dict[str, float] = {}
    for item, delay, step in ops:
        if step:
            clock.step(delay / 10)
            pending = {k: v for k, v in pending.items() if v > clock.now()}
        else:
            q.add_after(item, delay)
            ready = clock.now() + delay
            pending[item] = min(pending.get(item, ready), ready)
        heap = q._waiting_for_queue
        assert q.heap_size() == len(pending) == len(q._waiting_entry_by_data)
        assert {w.item: w.ready_at for w in q.waiting()} == pending
        for i, entry in enumerate(heap):
            assert entry.index == i
            if i:
                assert not entry.key < heap[(i - 1) // 2].key
    q.shut_down()

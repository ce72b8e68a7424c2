"""queue.py: cases the mutation run showed untested (#17 item 2's last bullet)."""

from __future__ import annotations

import threading

from k8slearn.clock import FakeClock
from k8slearn.workqueue import Queue
from k8slearn.workqueue.metrics import InMemoryMetricsProvider


def _blocked_getters(q: Queue, n: int) -> tuple[list[threading.Thread], list]:
    """n threads blocked in q.get(); returns once all n wait on the condition."""
    got: list = []
    threads = [threading.Thread(target=lambda: got.append(q.get()), daemon=True)
               for _ in range(n)]
    for t in threads:
        t.start()
    # CPython's Condition keeps its waiters in ``_waiters``: spin until all n are parked.
    while len(q._cond._waiters) < n:  # noqa: SLF001 - observing, not synchronising state
        pass
    return threads, got


def test_an_unnamed_queue_has_an_empty_name():
    assert Queue().name == ""
    assert Queue("q").name == "q"


def test_metrics_without_a_clock_use_the_real_clock():
    p = InMemoryMetricsProvider()
    q = Queue(name="m", metrics_provider=p)  # clock=None: the real clock
    q.add("a")
    item, _ = q.get()
    q.done(item)
    assert p.value("m", "workqueue_adds_total") == 1.0
    q.shut_down()


def test_every_blocked_worker_is_woken_by_its_own_add():
    """Two workers wait; two adds must wake both (a lost wakeup would hang one)."""
    q = Queue()
    threads, got = _blocked_getters(q, 2)
    q.add("a")
    while not got:  # the first worker has left its wait; the second still waits
        pass
    q.add("b")
    for t in threads:
        t.join(timeout=10)
    alive = [t for t in threads if t.is_alive()]
    q.shut_down()  # releases a worker left hanging by a bug
    assert not alive
    assert sorted(got) == [("a", False), ("b", False)]


def test_three_waiters_then_done_requeues_for_a_parked_item():
    q = Queue()
    q.add("x")
    item, _ = q.get()
    q.add("x")  # parked
    threads, got = _blocked_getters(q, 3)
    q.done("x")  # queued again: wakes one waiter
    q.add("y")
    q.add("z")
    for t in threads:
        t.join(timeout=10)
    alive = [t for t in threads if t.is_alive()]
    q.shut_down()
    assert not alive
    assert sorted(i for i, _ in got) == ["x", "y", "z"]


def test_shut_down_with_drain_stops_the_metrics_ticker():
    clock = FakeClock()
    p = InMemoryMetricsProvider()
    q = Queue(name="d", clock=clock, metrics_provider=p)
    assert clock.has_waiters()  # the unfinished-work ticker
    q.shut_down_with_drain()
    assert not clock.has_waiters()

"""delaying_queue.py cases the mutation run showed untested (#17 item 7)."""

from __future__ import annotations

from k8slearn.clock import FakeClock
from k8slearn.workqueue.delaying_queue import DelayingQueue, Waiting


def drain(q: DelayingQueue) -> list:
    out = []
    while len(q):
        item, _ = q.get()
        out.append(item)
        q.done(item)
    return out


def test_default_clock_is_the_real_clock():
    q = DelayingQueue()  # no clock: RealClock, with its heartbeat ticker
    q.add_after("x", 0)
    assert q.get() == ("x", False)
    q.shut_down()


def test_re_adding_with_the_same_ready_time_keeps_the_first_entry():
    """insert: only an *earlier* time moves the entry; an equal one is dropped."""
    clock = FakeClock()
    q = DelayingQueue(clock)
    q.add_after("a", 5.0)
    q.add_after("b", 5.0)
    q.add_after("a", 5.0)
    assert q.waiting() == [Waiting(5.0, "a"), Waiting(5.0, "b")]
    clock.step(5.0)
    assert drain(q) == ["a", "b"]
    q.shut_down()


def test_waiting_lists_equal_times_in_arrival_order():
    clock = FakeClock()
    q = DelayingQueue(clock)
    q.add_after("b", 5.0)
    q.add_after("a", 5.0)
    assert q.waiting() == [Waiting(5.0, "b"), Waiting(5.0, "a")]
    q.shut_down()


def test_adds_after_the_waiting_list_emptied():
    clock = FakeClock()
    q = DelayingQueue(clock)
    q.add_after("a", 1.0)
    clock.step(1.0)
    q.add_after("b", 1.0)  # the timer fired and nothing waits: arm it again
    assert q.waiting() == [Waiting(2.0, "b")]
    clock.step(1.0)
    assert drain(q) == ["a", "b"]
    q.shut_down()


def test_a_delay_lost_in_float_precision_adds_at_once():
    # at 1e12 s, 1 ns does not change the float: the item is due now
    q = DelayingQueue(FakeClock(1e12))
    q.add_after("x", 1e-9)
    assert q.waiting() == [] and q.get() == ("x", False)
    q.shut_down()

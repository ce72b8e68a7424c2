"""Ports of client-go util/workqueue/queue_test.go @ v0.36.3, plus the state table and quirks."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest

from k8slearn.workqueue import DefaultQueue, Queue

SHUTDOWNS = [pytest.param("shut_down", id="ShutDown"),
             pytest.param("shut_down_with_drain", id="ShutDownWithDrain")]


class TraceQueue(DefaultQueue):
    """The test's traceQueue: the default FIFO that remembers which items were touched."""

    def __init__(self) -> None:
        super().__init__()
        self.touched: set = set()

    def touch(self, item) -> None:
        super().touch(item)
        self.touched.add(item)


class WaitSignal(threading.Condition):
    """A Condition that sets an Event whenever a thread starts waiting on it.

    Installed in a queue, it tells the test *exactly* when a thread is blocked
    inside ``get``/``shut_down_with_drain`` -- no sleeping, no polling.
    """

    def __init__(self, lock) -> None:
        super().__init__(lock)
        self.waiting = threading.Event()

    def wait(self, timeout=None):
        self.waiting.set()
        return super().wait(timeout)


def instrument(q: Queue) -> threading.Event:
    q._cond = WaitSignal(q._lock)
    return q._cond.waiting


def start(target, *args) -> threading.Thread:
    t = threading.Thread(target=target, args=args, daemon=True)
    t.start()
    return t


# --------------------------------------------------------------------------- upstream tests


@pytest.mark.parametrize("shutdown", SHUTDOWNS)
def test_basic(shutdown):
    """TestBasic: 50 producers x 50 adds, 10 consumers; nothing after shutdown.

    The 1 ms and 3 ms sleeps are upstream's, and stand for work: they spread the
    adds out and keep consumers busy when the shutdown comes.  Nothing waits on
    them for synchronisation (joins do that).
    """
    q = Queue()
    producers, consumers = 50, 10
    errors: list[str] = []

    def produce(i: int) -> None:
        for _ in range(50):
            q.add(i)
            time.sleep(0.001)

    def consume() -> None:
        while True:
            item, quit_ = q.get()
            if item == "added after shutdown!":
                errors.append("got an item added after shutdown")
            if quit_:
                return
            time.sleep(0.003)  # "processing"
            q.done(item)

    cs = [start(consume) for _ in range(consumers)]
    ps = [start(produce, i) for i in range(producers)]
    for p in ps:
        p.join()
    getattr(q, shutdown)()
    q.add("added after shutdown!")
    for c in cs:
        c.join(10)
        assert not c.is_alive(), "consumer did not terminate"
    assert errors == []
    assert q.len() == 0


@pytest.mark.parametrize("shutdown", SHUTDOWNS)
def test_add_while_processing(shutdown):
    """TestAddWhileProcessing: each consumer re-adds an item once while holding it."""
    q = Queue()
    producers, consumers = 50, 10

    def consume() -> None:
        counters: dict = {}
        while True:
            item, quit_ = q.get()
            if quit_:
                return
            counters[item] = counters.get(item, 0) + 1
            if counters[item] < 2:
                q.add(item)
            q.done(item)

    cs = [start(consume) for _ in range(consumers)]
    ps = [start(q.add, i) for i in range(producers)]
    for p in ps:
        p.join()
    getattr(q, shutdown)()
    for c in cs:
        c.join(10)
        assert not c.is_alive(), "consumer did not terminate"
    assert q.len() == 0


def test_len():
    """TestLen."""
    q = Queue()
    q.add("foo")
    assert q.len() == 1
    q.add("bar")
    assert q.len() == 2
    q.add("foo")  # should not increase the queue length
    assert q.len() == 2


def test_reinsert():
    """TestReinsert."""
    q = Queue()
    q.add("foo")
    assert q.get() == ("foo", False)
    q.add("foo")  # add it back while processing
    q.done("foo")
    assert q.get() == ("foo", False)  # it should be back on the queue
    q.done("foo")
    assert q.len() == 0


def test_collapse():
    """TestCollapse: a second add of a queued item collapses into it and calls touch."""
    tq = TraceQueue()
    q = Queue(name="", queue=tq)
    q.add("bar")
    q.add("bar")
    assert q.get() == ("bar", False)
    q.done("bar")
    assert q.len() == 0
    assert "bar" in tq.touched


def test_collapse_while_processing():
    """TestCollapseWhileProcessing: adds while processing park the item, no touch."""
    tq = TraceQueue()
    q = Queue(name="", queue=tq)
    q.add("foo")
    assert q.get() == ("foo", False)
    q.add("foo")
    q.add("foo")
    blocked = instrument(q)
    got: list = []

    def other_worker() -> None:
        item, _ = q.get()
        got.append(item)
        q.done(item)

    w = start(other_worker)
    assert blocked.wait(5), "the other worker never blocked in get"
    assert w.is_alive() and got == []  # worker should be blocked until we are done
    q.done("foo")
    w.join(5)
    assert got == ["foo"]
    assert q.len() == 0
    assert "foo" not in tq.touched


def test_queue_drainage_using_shut_down_with_drain():
    """TestQueueDrainageUsingShutDownWithDrain: drain waits for the processing set."""
    q = Queue()
    q.add("foo")
    q.add("bar")
    first, _ = q.get()
    second, _ = q.get()
    finished = threading.Event()

    def drain() -> None:
        q.shut_down_with_drain()
        finished.set()

    d = start(drain)
    shutting_down = False
    while not shutting_down:
        item, shutting_down = q.get()
    assert item is None
    # get saw the flag, so drain already holds its wait: it must still be blocked.
    assert not finished.is_set()
    q.done(first)
    assert not finished.is_set()  # "second" is still processing
    q.done(second)
    d.join(5)
    assert finished.is_set()


def test_no_queue_drainage_using_shut_down():
    """TestNoQueueDrainageUsingShutDown: plain shut_down returns with items in flight."""
    q = Queue()
    q.add("foo")
    q.add("bar")
    q.get()
    q.get()
    t = start(q.shut_down)
    t.join(5)
    assert not t.is_alive()
    assert q.snapshot().processing == {"foo", "bar"}


def test_force_queue_shutdown_using_shut_down():
    """TestForceQueueShutdownUsingShutDown: a later shut_down ends a blocked drain."""
    q = Queue()
    q.add("foo")
    q.add("bar")
    q.get()
    q.get()
    d = start(q.shut_down_with_drain)
    shutting_down = False
    while not shutting_down:
        _, shutting_down = q.get()
    assert d.is_alive()
    q.shut_down()
    d.join(5)
    assert not d.is_alive()


def test_queue_drainage_using_shut_down_with_drain_with_dirty_item():
    """TestQueueDrainageUsingShutDownWithDrainWithDirtyItem: done requeues after shutdown."""
    q = Queue()
    q.add("foo")
    gotten, _ = q.get()
    q.add("foo")
    d = start(q.shut_down_with_drain)
    shutting_down = False
    while not shutting_down:
        _, shutting_down = q.get()
    q.done(gotten)
    again, shutting_down = q.get()
    assert (again, shutting_down) == ("foo", False)  # Done put it back
    q.done(again)
    assert q.get() == (None, True)
    d.join(5)
    assert not d.is_alive()


def test_garbage_collection():
    """TestGarbageCollection: the queue keeps no reference after add/get/done."""

    class BigObject:
        def __init__(self) -> None:
            self.data = b"hello"

    leak_queue = Queue()
    c = BigObject()
    ref = weakref.ref(c)
    leak_queue.add(c)
    o, _ = leak_queue.get()
    leak_queue.done(o)
    del c, o
    gc.collect()
    assert ref() is None
    assert leak_queue.len() == 0  # keep the queue alive until here


# --------------------------------------------------------------------------- state table


def test_state_absent_add_queues_and_done_is_noop():
    q = Queue()
    q.done("x")  # absent: nothing happens
    assert q.snapshot() == ((), frozenset(), frozenset())
    q.add("x")
    assert q.snapshot() == (("x",), frozenset({"x"}), frozenset())


def test_state_duplicate_add_keeps_fifo_position():
    q = Queue()
    for item in ["a", "b", "a", "c", "a"]:
        q.add(item)
    assert q.snapshot().queue == ("a", "b", "c")


def test_state_parked_item_goes_to_the_tail_on_done():
    q = Queue()
    q.add("a")
    q.add("b")
    assert q.get() == ("a", False)
    q.add("a")
    assert q.len() == 1  # len counts only the FIFO
    s = q.snapshot()
    assert s.dirty == {"a", "b"} and s.processing == {"a"} and s.queue == ("b",)
    q.add("c")
    q.done("a")
    assert q.snapshot().queue == ("b", "c", "a")


def test_done_on_a_queued_item_duplicates_it():
    """Quirk kept for parity: done on a queued, never-taken item pushes a second copy."""
    q = Queue()
    q.add("c")
    q.done("c")
    assert q.len() == 2
    assert [q.get()[0], q.get()[0]] == ["c", "c"]


def test_shutdown_hands_out_queued_items_then_reports_shutdown():
    q = Queue()
    q.add("a")
    q.add("b")
    q.shut_down()
    q.add("c")  # ignored
    assert q.shutting_down()
    assert q.get() == ("a", False)
    assert q.get() == ("b", False)
    assert q.get() == (None, True)
    assert q.get() == (None, True)


def test_shut_down_is_idempotent_and_ends_blocked_gets():
    q = Queue()
    blocked = instrument(q)
    results: list = []
    t = start(lambda: results.append(q.get()))
    assert blocked.wait(5)
    q.shut_down()
    q.shut_down()
    t.join(5)
    assert results == [(None, True)]


def test_shut_down_with_drain_does_not_wait_for_the_fifo():
    q = Queue()
    q.add("a")
    q.shut_down_with_drain()  # nothing processing: returns at once
    assert q.len() == 1


def test_done_after_shutdown_requeues_parked_item():
    q = Queue()
    q.add("a")
    q.get()
    q.add("a")
    q.shut_down()
    assert q.get() == (None, True)
    q.done("a")
    assert q.get() == ("a", False)


def test_unhashable_item_raises_type_error():
    q = Queue()
    with pytest.raises(TypeError):
        q.add(["not", "hashable"])


def test_snapshot_and_repr():
    q = Queue(name="demo")
    q.add("a")
    q.add("b")
    q.get()
    q.add("a")
    assert repr(q) == "Queue(name='demo', queued=1, processing=1, parked=1, shutting_down=False)"
    assert q.snapshot()._fields == ("queue", "dirty", "processing")
    assert len(q) == q.len() == 1


class CountingCondition(threading.Condition):
    """Tracks which threads are blocked in wait(), so a test can wait for N of them."""

    def __init__(self, lock) -> None:
        super().__init__(lock)
        self.blocked: set = set()
        self.entries = 0
        self.changed = threading.Condition()

    def wait(self, timeout=None):
        me = threading.get_ident()
        with self.changed:
            self.entries += 1
            self.blocked.add(me)
            self.changed.notify_all()
        try:
            return super().wait(timeout)
        finally:
            with self.changed:
                self.blocked.discard(me)


def test_done_wakes_only_one_of_two_drain_waiters():
    """Quirk kept: done() signals one waiter; a second drain waits for a broadcast."""
    q = Queue()
    q.add("a")
    q.get()
    q._cond = cond = CountingCondition(q._lock)
    finished: list = []
    first_done = threading.Event()

    def drain(n: int) -> None:
        q.shut_down_with_drain()
        finished.append(n)
        first_done.set()

    first = start(drain, 1)
    with cond.changed:
        assert cond.changed.wait_for(lambda: cond.entries == 1, 5)
    second = start(drain, 2)  # its broadcast wakes drain 1, which waits again
    with cond.changed:
        assert cond.changed.wait_for(lambda: cond.entries == 3 and len(cond.blocked) == 2, 5)
    q.done("a")  # processing is now empty: one notify
    assert first_done.wait(5)
    assert len(finished) == 1  # the other drain is still blocked
    q.shut_down()  # broadcast frees it
    for t in (first, second):
        t.join(5)
    assert sorted(finished) == [1, 2]

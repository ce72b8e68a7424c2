"""Model-based tests: Queue and DelayingQueue against a plain model of client-go's state table."""

from __future__ import annotations

from collections import Counter

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from k8slearn.clock import FakeClock
from k8slearn.workqueue import DefaultQueue, DelayingQueue, Queue

ITEMS = st.sampled_from(["a", "b", "c", "d"])


class TouchCounter(DefaultQueue):
    def __init__(self) -> None:
        super().__init__()
        self.touches: list = []

    def touch(self, item) -> None:
        self.touches.append(item)


class Model:
    """The per-item state table of queue.go, written as plainly as possible."""

    def __init__(self) -> None:
        self.queue: list = []
        self.dirty: set = set()
        self.processing: set = set()
        self.shutting_down = False
        self.touches: list = []

    def add(self, item) -> None:
        if self.shutting_down:
            return
        if item in self.dirty:
            if item not in self.processing:
                self.touches.append(item)
            return
        self.dirty.add(item)
        if item not in self.processing:
            self.queue.append(item)

    def get(self):
        if not self.queue:
            return None, True
        item = self.queue.pop(0)
        self.processing.add(item)
        self.dirty.discard(item)
        return item, False

    def done(self, item) -> None:
        self.processing.discard(item)
        if item in self.dirty:
            self.queue.append(item)  # also the misuse case: a queued item gets a 2nd copy


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.storage = TouchCounter()
        self.q = Queue(queue=self.storage)
        self.m = Model()

    @rule(item=ITEMS)
    def add(self, item):
        self.q.add(item)
        self.m.add(item)

    @precondition(lambda self: self.m.queue or self.m.shutting_down)  # else get() blocks
    @rule()
    def get(self):
        assert self.q.get() == self.m.get()

    @rule(item=ITEMS)
    def done(self, item):  # any item: covers done on absent, queued (misuse) and parked items
        self.q.done(item)
        self.m.done(item)

    @rule()
    def shut_down(self):
        self.q.shut_down()
        self.m.shutting_down = True

    @precondition(lambda self: not self.m.processing)  # else it blocks until done
    @rule()
    def shut_down_with_drain(self):
        self.q.shut_down_with_drain()
        self.m.shutting_down = True

    @invariant()
    def same_state(self):
        snap = self.q.snapshot()
        assert snap.queue == tuple(self.m.queue)
        assert snap.dirty == self.m.dirty
        assert snap.processing == self.m.processing
        assert len(self.q) == self.q.len() == len(self.m.queue)
        assert self.q.shutting_down() == self.m.shutting_down
        assert self.storage.touches == self.m.touches


TestQueueModel = QueueMachine.TestCase


class DelayingMachine(RuleBasedStateMachine):
    """add_after/step against a model: earlier wins, ready <= now, dropped on shut_down."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock(100.0)
        self.q = DelayingQueue(self.clock)
        self.m = Model()
        self.pending: dict = {}

    @rule(item=ITEMS, delay=st.integers(-1, 25))
    def add_after(self, item, delay):
        if self.m.shutting_down:
            pass
        elif delay <= 0:
            self.m.add(item)
        else:
            ready = self.clock.now() + delay
            if item not in self.pending or ready < self.pending[item]:
                self.pending[item] = ready
        self.q.add_after(item, delay)

    @rule(item=ITEMS)
    def add(self, item):
        self.q.add(item)
        self.m.add(item)

    @rule(d=st.integers(0, 15))
    def step(self, d):
        self.clock.step(d)
        now = self.clock.now()
        for ready, item in sorted((r, i) for i, r in self.pending.items()):
            if ready <= now:
                del self.pending[item]
                self.m.add(item)

    @precondition(lambda self: self.m.queue or self.m.shutting_down)
    @rule()
    def get_and_done(self):
        item, shutdown = self.q.get()
        if shutdown:
            assert not self.m.queue
            return
        assert item in self.m.queue  # ties in ready time may come out in any order
        self.m.queue.remove(item)
        self.m.dirty.discard(item)
        self.q.done(item)

    @rule()
    def shut_down(self):
        self.q.shut_down()
        self.m.shutting_down = True
        self.pending.clear()

    @invariant()
    def same_state(self):
        assert Counter(self.q.snapshot().queue) == Counter(self.m.queue)
        assert {(w.ready_at, w.item) for w in self.q.waiting()} == {
            (r, i) for i, r in self.pending.items()}


TestDelayingQueueModel = DelayingMachine.TestCase

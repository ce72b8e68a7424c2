"""The interleaving explorer: the real queue keeps every promise, broken queues are caught."""

from __future__ import annotations

from k8slearn.workqueue import Queue
from k8slearn.workqueue.interleavings import DEFAULT_PROGRAM, SeedQueue, explore


class LifoQueue(Queue):
    """Hands out the newest item first."""

    def get(self):
        with self._lock:
            if not self._queue:
                return None, True
            item = self._queue[-1]
            del self._queue[-1]
            self._processing.add(item)
            self._dirty.discard(item)
            return item, False


class ForgetfulQueue(Queue):
    """done() never re-queues a parked item: the re-add is lost."""

    def done(self, item):
        with self._lock:
            self._processing.discard(item)
            self._dirty.discard(item)


class EagerShutdownQueue(Queue):
    """get() says shutting down as soon as shut_down was called, dropping queued items."""

    def get(self):
        if self.shutting_down():
            return None, True
        return super().get()


def test_the_real_queue_keeps_every_promise_in_every_interleaving():
    r = explore(Queue)
    assert r.ok and r.runs > 1000
    assert r.summary().endswith("every promise held in all of them")


def test_the_seed_model_breaks_stinginess_and_the_first_bad_run_is_shown():
    r = explore(SeedQueue)
    assert not r.ok and set(r.broken) == {2}
    first = r.violations[0]
    assert first.promise == 2 and "while W1 held it" in first.detail
    text = str(first)
    assert text.startswith("promise 2 broken (stingy:")
    assert "   1. P: add(a)" in text
    assert f"{sum(r.broken.values())} break a promise" in r.summary()


def test_lifo_breaks_fairness():
    r = explore(LifoQueue)
    assert 1 in r.broken and r.violations[0].promise == 1


def test_losing_a_parked_item_breaks_promise_3():
    r = explore(ForgetfulQueue)
    assert 3 in r.broken


def test_dropping_queued_items_at_shutdown_breaks_promise_4():
    r = explore(EagerShutdownQueue)
    assert 4 in r.broken


def test_a_raising_queue_is_reported_not_raised():
    class Boom(Queue):
        def add(self, item):
            raise RuntimeError("no")

    r = explore(Boom)
    assert not r.ok and "raised RuntimeError: no" in r.violations[0].detail


def test_deterministic():
    assert repr(explore(SeedQueue)) == repr(explore(SeedQueue))
    assert DEFAULT_PROGRAM[-1] == ("shut_down", None)

"""Notebooks 10-12: the build checks reject known-wrong implementations with a named case,
the predict answers come from the model, and the debug symptoms come from the model too."""

from __future__ import annotations

import math

import pytest

from k8slearn.exercises import check
from k8slearn.exercises import delaying as dx
from k8slearn.exercises import ratelimiting as rx
from k8slearn.exercises import workqueue as wx
from k8slearn.workqueue import Queue
from k8slearn.workqueue.interleavings import SeedQueue


def fails_at(result, case_fragment: str) -> None:
    assert not result.correct, str(result)
    assert "First failing case: " in result.message
    first = result.message.split("First failing case: ", 1)[1].splitlines()[0]
    assert case_fragment in first, result.message


# ----------------------------------------------------------------- 10.4 build: Queue
class NoDedupQueue:
    """Appends on every add: duplicates are queued twice."""

    def __init__(self):
        self.q, self.processing, self.down = [], set(), False

    def add(self, item):
        if not self.down:
            self.q.append(item)

    def get(self):
        if not self.q:
            return None, True
        item = self.q.pop(0)
        self.processing.add(item)
        return item, False

    def done(self, item):
        self.processing.discard(item)

    def shut_down(self):
        self.down = True

    def __len__(self):
        return len(self.q)


class DropsQueuedAtShutdown(Queue):
    """The real queue, except that get() reports shutdown while items are still queued."""

    def get(self):
        if self.shutting_down():
            return None, True
        return super().get()


def test_seed_model_fails_with_the_stingy_promise_named():
    result = wx.check_build_queue(SeedQueue)
    fails_at(result, "TestAddWhileProcessing")
    assert "stingy" in result.message and "seed article" in result.message


def test_queue_without_dedup_fails_collapse():
    fails_at(wx.check_build_queue(NoDedupQueue), "TestCollapse")


def test_queue_that_drops_items_at_shutdown_fails_drainage():
    fails_at(wx.check_build_queue(DropsQueuedAtShutdown), "TestBasic: after shut_down")


def test_real_queue_passes_the_build_check():
    assert wx.check_build_queue(Queue).correct


def test_a_queue_that_ignores_shut_down_fails_drainage():
    class NoShutdown(Queue):
        def shut_down(self):
            pass

    fails_at(wx.check_build_queue(NoShutdown), "TestBasic: after shut_down")


def test_stuck_key_symptom_comes_from_the_model():
    text = wx.stuck_key_symptom()
    assert 'workqueue_depth{name="foos"} 1' in text
    assert 'workqueue_unfinished_work_seconds{name="foos"} 1800' in text
    assert check("10.5", "queue.Done(key)").correct
    assert not check("10.5", "Forget").correct
    assert "forget only clears" in check("10.5", "Forget").message


def test_predict_hints():
    assert "parked" not in check("10.1", 2).message or check("10.1", 2).correct
    assert "only marked dirty" in check("10.1", 3).message
    assert "'m' is being processed" in check("10.2", ["m", "n", "k"]).message
    assert "does not know" in check("10.3", 1).message


# ----------------------------------------------------------------- 11.4 build: insert
def later_wins(waiting, item, ready_at):
    waiting[:] = [e for e in waiting if e[1] != item]
    waiting.append((ready_at, item))


def keeps_every_entry(waiting, item, ready_at):
    waiting.append((ready_at, item))


def replaces_in_place(waiting, item, ready_at):
    for i, (t, name) in enumerate(waiting):
        if name == item:
            if ready_at <= t:
                waiting[i] = (ready_at, item)
            return
    waiting.append((ready_at, item))


def test_insert_later_wins_fails_deduping():
    fails_at(dx.check_build_insert(later_wins), "TestDeduping: a later ready time is dropped")


def test_insert_keeping_every_entry_fails():
    fails_at(dx.check_build_insert(keeps_every_entry), "TestDeduping")


def test_insert_replacing_in_place_fails_the_push_rule():
    fails_at(dx.check_build_insert(replaces_in_place), "a moved entry goes behind")


def test_extra_sync_symptom():
    text = dx.extra_sync_symptom()
    assert text.count('"Syncing" key="default/cert-web"') == 3
    assert "I1207 10:01:00.000000" in text
    assert check("11.5", "queue.AddAfter(key, time.Minute)").correct
    assert "second sync" in check("11.5", "add").message


# ----------------------------------------------------------------- 12.6 build: Limiter
class OffByOne:
    def __init__(self, base, max_delay):
        self.base, self.max, self.f = base, max_delay, {}

    def when(self, item):
        self.f[item] = self.f.get(item, 0) + 1
        try:
            return min(self.max, self.base * 2.0 ** self.f[item])
        except OverflowError:
            return self.max

    def num_requeues(self, item):
        return self.f.get(item, 0)

    def forget(self, item):
        self.f.pop(item, None)


class NoGuard(OffByOne):
    def when(self, item):
        n = self.f.get(item, 0)
        self.f[item] = n + 1
        return min(self.max, self.base * 2 ** n)


class ForgetDoesNothing(OffByOne):
    def when(self, item):
        n = self.f.get(item, 0)
        self.f[item] = n + 1
        if n > 1000:
            return self.max
        return min(self.max, self.base * 2 ** n)

    def forget(self, item):
        pass


def test_off_by_one_limiter_fails_the_first_case():
    fails_at(rx.check_build_exponential(OffByOne), "1, 2, 4, 8, 16 ms")


def test_unguarded_limiter_fails_the_overflow_case():
    result = rx.check_build_exponential(NoGuard)
    fails_at(result, "overflow guard")
    assert "OverflowError" in result.message


def test_limiter_whose_forget_does_nothing_fails():
    fails_at(rx.check_build_exponential(ForgetDoesNothing), "forget resets")


def test_model_limiter_passes():
    from k8slearn.workqueue import ItemExponentialFailureRateLimiter

    assert rx.check_build_exponential(ItemExponentialFailureRateLimiter).correct


def test_no_forget_symptom_doubles_every_hour():
    lines = rx.no_forget_symptom().splitlines()
    assert lines[1].startswith("I1207 10:00:00.005000")
    assert lines[-1].startswith("I1207 21:00:10.240000")
    assert check("12.7", "Forget").correct
    assert "does not touch" in check("12.7", "Done").message


def test_predict_answers_agree_with_hand_computation():
    assert math.isclose(rx._nth(), 0.002 * 2 ** 8)
    assert rx._first_capped() == 16
    assert rx._bucket() == [0.0, 0.0, 0.25, 0.5, 0.25]
    assert dx._ready_time() == 7.0


@pytest.mark.parametrize("number", ["10.4", "11.4", "12.6"])
def test_stubs_fail_without_raising(number):
    class Empty:
        pass

    def stub(*args):
        return None

    for candidate in (Empty, stub, ...):
        r = check(number, candidate)
        assert not r.correct

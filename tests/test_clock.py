"""k8slearn.clock: the fake clock fires due timers synchronously, in due order."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k8slearn.clock import MAX_DURATION, FakeClock, RealClock


def test_fake_clock_starts_where_told_and_steps():
    c = FakeClock(start=100.0)
    assert c.now() == 100.0
    c.step(2.5)
    assert c.now() == 102.5
    assert c.since(100.0) == 2.5
    c.set_time(200.0)
    assert c.now() == 200.0


def test_step_backwards_is_rejected():
    with pytest.raises(ValueError):
        FakeClock().step(-1)


def test_after_func_fires_before_step_returns_with_its_due_time():
    c = FakeClock()
    seen: list[float] = []
    c.after_func(3.0, lambda: seen.append(c.now()))
    c.after_func(1.0, lambda: seen.append(c.now()))
    c.step(0.5)
    assert seen == []
    c.step(10.0)
    assert seen == [1.0, 3.0]
    assert c.now() == 10.5


def test_timer_due_exactly_now_fires():
    c = FakeClock()
    t = c.new_timer(1.0)
    c.step(1.0)
    assert t.fired.is_set()


def test_zero_delay_timer_fires_on_next_step():
    c = FakeClock()
    t = c.after(0)
    assert not t.fired.is_set()
    c.step(0)
    assert t.fired.is_set()


def test_stop_and_reset():
    c = FakeClock()
    hits: list[float] = []
    t = c.after_func(1.0, lambda: hits.append(c.now()))
    assert t.stop() is True
    assert t.stop() is False
    c.step(5)
    assert hits == []
    assert t.reset(2.0) is False
    assert c.has_waiters()
    c.step(2.0)
    assert hits == [7.0]
    assert not c.has_waiters()


def test_callback_may_schedule_a_timer_that_is_due_within_the_same_step():
    c = FakeClock()
    seen: list[tuple[str, float]] = []

    def first() -> None:
        seen.append(("first", c.now()))
        c.after_func(1.0, lambda: seen.append(("second", c.now())))

    c.after_func(1.0, first)
    c.step(5.0)
    assert seen == [("first", 1.0), ("second", 2.0)]


def test_ticker_fires_once_per_period_and_stops():
    c = FakeClock()
    ticks: list[float] = []
    tk = c.tick_func(0.5, lambda: ticks.append(c.now()))
    c.step(2.0)
    assert ticks == [0.5, 1.0, 1.5, 2.0]
    tk.stop()
    c.step(2.0)
    assert len(ticks) == 4
    with pytest.raises(ValueError):
        c.tick_func(0, lambda: None)


def test_sleep_steps_the_fake_clock():
    c = FakeClock()
    c.sleep(3)
    assert c.now() == 3


def test_next_due():
    c = FakeClock()
    assert c.next_due() is None
    c.after(4)
    c.after(2)
    assert c.next_due() == 2


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), max_size=30),
       st.lists(st.floats(min_value=0, max_value=50, allow_nan=False), min_size=1, max_size=10))
def test_timers_fire_in_due_order_and_exactly_once(delays, steps):
    c = FakeClock()
    fired: list[tuple[float, float]] = []
    for d in delays:
        c.after_func(d, lambda d=d: fired.append((d, c.now())))
    for s in steps:
        c.step(s)
    due = sorted(d for d in delays if d <= c.now())
    assert [d for d, _ in fired] == due
    assert all(at == d for d, at in fired)


def test_real_thread_blocked_on_fake_timer_wakes_when_stepped():
    c = FakeClock()
    t = c.new_timer(5.0)
    woke = threading.Event()

    def waiter() -> None:
        t.fired.wait()
        woke.set()

    th = threading.Thread(target=waiter)
    th.start()
    c.step(5.0)
    th.join(timeout=5)
    assert woke.is_set()


def test_real_clock_after_func_runs_on_a_thread():
    c = RealClock()
    done = threading.Event()
    c.after_func(0.0, done.set)
    assert done.wait(timeout=5)
    assert c.since(c.now()) <= 0.01
    assert c.now() > 1e9  # wall-clock epoch seconds


# -- hostile durations and nested stepping (#17 item 7, #12 item 4)


def test_nested_step_in_a_callback_never_moves_time_back():
    # #12 item 4: a callback that sleeps 2.0 s during step(1.0) reached 2.5; the outer
    # step used to reset now() to its own target, 1.0.
    c = FakeClock()
    c.after_func(0.5, lambda: c.sleep(2.0))
    c.step(1.0)
    assert c.now() == 2.5


def test_set_time_backwards_is_refused():
    c = FakeClock(10.0)
    with pytest.raises(ValueError, match="backwards"):
        c.set_time(9.0)
    c.set_time(10.0)  # the same instant is fine
    assert c.now() == 10.0


@pytest.mark.parametrize("d", [float("nan"), float("inf"), -float("inf")])
def test_step_refuses_nan_and_infinity(d):
    c = FakeClock()
    ticks: list[float] = []
    c.tick_func(1.0, lambda: ticks.append(c.now()))
    with pytest.raises(ValueError):
        c.step(d)
    assert c.now() == 0.0 and ticks == []
    with pytest.raises(ValueError):
        c.set_time(d)


def test_nan_timer_durations_are_refused():
    c = FakeClock()
    with pytest.raises(ValueError, match="NaN"):
        c.after_func(float("nan"), lambda: None)
    with pytest.raises(ValueError, match="NaN"):
        c.sleep(float("nan"))
    with pytest.raises(ValueError):
        c.tick_func(float("nan"), lambda: None)
    t = c.new_timer(1.0)
    with pytest.raises(ValueError, match="NaN"):
        t.reset(float("nan"))


def test_fake_timer_past_any_step_stays_pending():
    c = FakeClock()
    t = c.after_func(float("inf"), lambda: None)
    c.step(1e12)
    assert c.has_waiters() and not t.fired.is_set()
    assert t.stop() is True


@pytest.mark.parametrize("d", [1e10, float("inf"), MAX_DURATION])
def test_real_timer_beyond_go_duration_never_fires_and_kills_no_thread(d):
    errors: list[BaseException] = []
    old_hook = threading.excepthook
    threading.excepthook = lambda args: errors.append(args.exc_value)
    try:
        before = threading.active_count()
        t = RealClock().after_func(d, lambda: None)
        assert threading.active_count() == before  # no thread for a timer that never fires
        assert not t.fired.is_set()
        assert t.reset(d) is True  # still pending
        assert t.stop() is True
        assert t.stop() is False
    finally:
        threading.excepthook = old_hook
    assert errors == []


def test_real_ticker_with_a_huge_period_stops_cleanly():
    ticker = RealClock().tick_func(1e10, lambda: None)
    ticker.stop()
    ticker._thread.join(timeout=5)
    assert not ticker._thread.is_alive()


def test_real_timer_refuses_nan():
    with pytest.raises(ValueError, match="NaN"):
        RealClock().after_func(float("nan"), lambda: None)


_ACTIONS = st.lists(st.tuples(st.floats(0, 5), st.sampled_from(["none", "sleep", "step",
                                                                  "timer"]),
                              st.floats(0, 5)), max_size=8)


@given(_ACTIONS, st.lists(st.floats(0, 5), min_size=1, max_size=5))
def test_time_never_goes_backwards_whatever_callbacks_do(timers, steps):
    """Property (#12 item 4): every now() read, in callbacks and between steps, is monotonic."""
    c = FakeClock()
    seen: list[float] = []

    def callback(kind: str, d: float) -> None:
        seen.append(c.now())
        if kind == "sleep":
            c.sleep(d)
        elif kind == "step":
            c.step(d)
        elif kind == "timer":
            c.after_func(d, lambda: seen.append(c.now()))
        seen.append(c.now())

    for due, kind, d in timers:
        c.after_func(due, lambda kind=kind, d=d: callback(kind, d))
    for s in steps:
        before = c.now()
        c.step(s)
        seen.append(c.now())
        assert c.now() >= before + s
    assert seen == sorted(seen)


@pytest.mark.parametrize("d", [1e10, float("inf")])
def test_real_delaying_queue_survives_add_after_beyond_duration(d):
    """#17 item 7: add_after(x, 1e10 or inf) on the real clock used to kill the timer thread."""
    from k8slearn.workqueue.delaying_queue import DelayingQueue

    errors: list[BaseException] = []
    old_hook = threading.excepthook
    threading.excepthook = lambda args: errors.append(args.exc_value)
    q = DelayingQueue(RealClock())
    try:
        q.add_after("far", d)
        q.add_after("now", 0.001)
        item, shutdown = q.get()
        assert (item, shutdown) == ("now", False)
        assert [w.item for w in q.waiting()] == ["far"]
    finally:
        q.shut_down()
        threading.excepthook = old_hook
    assert errors == []

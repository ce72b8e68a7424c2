"""k8slearn.clock: the fake clock fires due timers synchronously, in due order."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k8slearn.clock import FakeClock, RealClock


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

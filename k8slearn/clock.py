"""Clocks: real time, and a fake clock that tests and notebooks step by hand.

Mirrors ``k8s.io/utils/clock`` and its fake, the clock package that client-go
v0.36.x injects into the workqueue and that Kubernetes v1.36 controllers use.

Upstream: kubernetes/utils clock/clock.go, clock/testing/fake_clock.go @ master

Durations and instants are float seconds throughout k8slearn.

Differences from upstream, chosen so that single-threaded programs are
deterministic:

* ``FakeClock.step(d)`` fires due timers *in due order*, and while a timer's
  callback runs, ``now()`` reads that timer's due time.  Upstream's fake clock
  jumps straight to the target time and then fires every due waiter.  The end
  state is the same; the ordering and the timestamps seen by callbacks are
  exact here.
* Every timer that falls due is fired synchronously before ``step()``
  returns.  A callback registered with ``after_func`` therefore runs on the
  stepping thread, so its effects are visible as soon as ``step()`` returns.
* A ticker fires once per elapsed period (upstream's fake ticker fires once
  per ``SetTime`` and skips missed ticks).
* Time never goes backwards.  A timer callback may itself step or sleep the
  fake clock (``sleep`` steps it); when the outer ``step`` resumes it keeps the
  later time instead of resetting to its own target.  ``set_time`` to an
  earlier instant is refused (upstream's ``SetTime`` would move back).
* Durations must be numbers a Go ``time.Duration`` could hold: NaN is refused,
  ``step``/``set_time`` refuse infinity (a ticker would fire forever), and a
  timer longer than ``MAX_DURATION`` (math.MaxInt64 nanoseconds, about 292
  years; also ``inf``) never fires.  On the real clock such a timer starts no
  thread (``threading.Timer`` would die with ``OverflowError``).
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from typing import Protocol

__all__ = ["Clock", "RealClock", "FakeClock", "Timer", "Ticker", "MAX_DURATION"]

#: time.Duration's largest value (math.MaxInt64 ns) in seconds: "never" for a timer.
MAX_DURATION = ((1 << 63) - 1) / 1e9


def _check_duration(d: float) -> float:
    """A timer's duration: NaN refused, negatives as zero (Go fires those at once)."""
    if d != d:
        raise ValueError("invalid duration NaN")
    return d if d > 0 else 0.0


def _never(d: float) -> bool:
    return d >= min(MAX_DURATION, threading.TIMEOUT_MAX)


class Timer(Protocol):
    """What ``new_timer``/``after``/``after_func`` return (Go's ``clock.Timer``)."""

    fired: threading.Event

    def stop(self) -> bool: ...

    def reset(self, d: float) -> bool: ...


class Ticker(Protocol):
    """What ``tick_func`` returns; ``stop()`` ends the ticks."""

    def stop(self) -> None: ...


class Clock(Protocol):
    """The interface every k8slearn component takes (``clock.WithTicker``)."""

    def now(self) -> float: ...

    def since(self, t: float) -> float: ...

    def sleep(self, d: float) -> None: ...

    def after(self, d: float) -> Timer: ...

    def new_timer(self, d: float) -> Timer: ...

    def after_func(self, d: float, f: Callable[[], None]) -> Timer: ...

    def tick_func(self, period: float, f: Callable[[], None]) -> Ticker: ...


# --------------------------------------------------------------------------- real


class _RealTimer:
    def __init__(self, d: float, f: Callable[[], None] | None) -> None:
        self.fired = threading.Event()
        self._f = f
        self._lock = threading.Lock()
        self._t: threading.Timer | None = None
        self._pending_forever = False
        self._start(_check_duration(d))

    def _start(self, d: float) -> None:
        if _never(d):  # past time.Duration's range: pending until stopped, no thread
            self._t, self._pending_forever = None, True
            return
        self._pending_forever = False
        self._t = threading.Timer(d, self._fire)
        self._t.daemon = True
        self._t.start()

    def _fire(self) -> None:
        self.fired.set()
        if self._f is not None:
            self._f()

    def _active(self) -> bool:
        if self._pending_forever:
            return True
        return self._t is not None and self._t.is_alive() and not self.fired.is_set()

    def stop(self) -> bool:
        with self._lock:
            active = self._active()
            self._pending_forever = False
            if self._t is not None:
                self._t.cancel()
            return active

    def reset(self, d: float) -> bool:
        d = _check_duration(d)
        with self._lock:
            active = self._active()
            if self._t is not None:
                self._t.cancel()
            self.fired.clear()
            self._start(d)
            return active


class _RealTicker:
    def __init__(self, period: float, f: Callable[[], None]) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, args=(period, f), daemon=True)
        self._thread.start()

    def _loop(self, period: float, f: Callable[[], None]) -> None:
        if _never(period):
            self._stop.wait()  # a period past time.Duration's range never ticks
            return
        while not self._stop.wait(period):
            f()

    def stop(self) -> None:
        self._stop.set()


class RealClock:
    """Wall-clock time (``clock.RealClock``); timers run on daemon threads."""

    def now(self) -> float:
        return time.time()

    def since(self, t: float) -> float:
        return self.now() - t

    def sleep(self, d: float) -> None:
        if d > 0:
            time.sleep(d)

    def after(self, d: float) -> Timer:
        return _RealTimer(d, None)

    def new_timer(self, d: float) -> Timer:
        return _RealTimer(d, None)

    def after_func(self, d: float, f: Callable[[], None]) -> Timer:
        return _RealTimer(d, f)

    def tick_func(self, period: float, f: Callable[[], None]) -> Ticker:
        if not period > 0:
            raise ValueError("non-positive interval for tick_func")
        return _RealTicker(period, f)

    def __repr__(self) -> str:
        return "RealClock()"


# --------------------------------------------------------------------------- fake


class _FakeTimer:
    __slots__ = ("_clock", "_f", "_period", "_due", "_seq", "_fired", "_event")

    def __init__(self, clock: FakeClock, f: Callable[[], None] | None, period: float = 0.0):
        self._clock = clock
        self._f = f
        self._period = period
        self._due: float | None = None
        self._seq = -1
        self._fired = False
        self._event: threading.Event | None = None  # made on first use: timers are hot

    @property
    def fired(self) -> threading.Event:
        with self._clock._lock:
            if self._event is None:
                self._event = threading.Event()
                if self._fired:
                    self._event.set()
            return self._event

    def _fire(self) -> None:
        with self._clock._lock:
            self._fired = True
            event = self._event
        if event is not None:
            event.set()
        if self._f is not None:
            self._f()

    def stop(self) -> bool:
        return self._clock._remove(self)

    def reset(self, d: float) -> bool:
        clock = self._clock
        with clock._lock:
            active = self._due is not None
            self._fired = False
            if self._event is not None:
                self._event.clear()
            clock._schedule_locked(self, clock._now + _check_duration(d))
        return active


class FakeClock:
    """A clock that moves only when told to (``testingclock.FakeClock``).

    >>> c = FakeClock()
    >>> hits = []
    >>> _ = c.after_func(2.0, lambda: hits.append(c.now()))
    >>> c.step(1.5); hits
    []
    >>> c.step(1.0); hits
    [2.0]
    """

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)
        self._lock = threading.RLock()
        self._heap: list[tuple[float, int, _FakeTimer]] = []
        self._seq = itertools.count()
        self._stepping = threading.RLock()

    # -- reading
    def now(self) -> float:
        return self._now  # a float read is atomic; writers hold the lock

    def since(self, t: float) -> float:
        return self._now - t

    # -- moving
    def step(self, d: float) -> None:
        """Advance by ``d`` seconds, firing every timer that falls due, in order."""
        if not d >= 0:
            raise ValueError(f"cannot step a FakeClock by {d}")
        self.set_time(self.now() + d)

    def set_time(self, t: float) -> None:
        """Move to ``t``.  Timers due at or before ``t`` fire before this returns.

        Time never goes back: ``t`` before ``now()`` is refused, and when a
        callback has stepped the clock past ``t`` (nested stepping) that later
        time is kept.
        """
        if not (t == t and t not in (float("inf"), float("-inf"))):
            raise ValueError(f"cannot set a FakeClock to {t}")
        if t < self._now:
            raise ValueError(f"cannot set a FakeClock backwards ({self._now} -> {t})")
        with self._stepping:
            while True:
                with self._lock:
                    if not self._heap or self._heap[0][0] > t:
                        if t > self._now:  # a nested step may already be past t
                            self._now = float(t)
                        return
                    due, seq, timer = heapq.heappop(self._heap)
                    if timer._seq != seq:  # stale entry of a stopped/reset timer
                        continue
                    timer._due = None
                    if due > self._now:
                        self._now = due
                    if timer._period > 0:
                        self._schedule_locked(timer, due + timer._period)
                timer._fire()

    def sleep(self, d: float) -> None:
        """Like upstream's fake clock, sleeping steps the clock."""
        self.step(_check_duration(d))

    # -- timers
    def after(self, d: float) -> Timer:
        return self.new_timer(d)

    def new_timer(self, d: float) -> Timer:
        timer = _FakeTimer(self, None)
        self._schedule(timer, self.now() + _check_duration(d))
        return timer

    def after_func(self, d: float, f: Callable[[], None]) -> Timer:
        timer = _FakeTimer(self, f)
        self._schedule(timer, self.now() + _check_duration(d))
        return timer

    def tick_func(self, period: float, f: Callable[[], None]) -> Ticker:
        if not period > 0:
            raise ValueError("non-positive interval for tick_func")
        timer = _FakeTimer(self, f, period)
        self._schedule(timer, self.now() + period)
        return timer

    def has_waiters(self) -> bool:
        """True while any timer or ticker is pending (``FakeClock.HasWaiters``)."""
        with self._lock:
            return any(t._seq == s for _, s, t in self._heap)

    def next_due(self) -> float | None:
        """The earliest pending due time, or None."""
        with self._lock:
            live = [d for d, s, t in self._heap if t._seq == s]
            return min(live) if live else None

    # -- internals
    def _schedule(self, timer: _FakeTimer, due: float) -> None:
        with self._lock:
            self._schedule_locked(timer, due)

    def _schedule_locked(self, timer: _FakeTimer, due: float) -> None:
        timer._seq = next(self._seq)
        timer._due = due
        heapq.heappush(self._heap, (due, timer._seq, timer))

    def _remove(self, timer: _FakeTimer) -> bool:
        with self._lock:
            active = timer._due is not None
            timer._due = None
            timer._seq = -1
            return active

    def __repr__(self) -> str:
        return f"FakeClock(now={self.now()!r})"

"""A token bucket with reservations: the part of ``golang.org/x/time/rate`` the workqueue uses.

Upstream: golang/time rate/rate.go @ v0.14.0

A ``Limiter(limit, burst)`` starts *full* (``burst`` tokens) and refills at
``limit`` tokens per second, never above ``burst``.  ``reserve()`` always takes
a token, even when there is none: the bucket goes into *debt* (negative
tokens), and the reservation says how long to wait until the debt is paid.
So back-to-back reservations beyond the burst wait 1/limit, 2/limit, 3/limit,
... seconds.  A reservation is refused (infinite delay) only when the request
is larger than ``burst`` (so ``burst = 0`` refuses everything).

Arithmetic is done in integer nanoseconds like Go's ``time.Duration``
(``durationFromTokens`` truncates), and times come from an injected clock.

Difference from Go: upstream's workqueue bucket limiter reads the real wall
clock (``time.Now()``); here it reads the clock it is given, so a
:class:`~k8slearn.clock.FakeClock` makes it deterministic.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from k8slearn.clock import Clock, RealClock

__all__ = ["Limiter", "Reservation", "INF", "INF_DURATION"]

#: ``rate.Inf``: a limit that allows every event.
INF = math.inf
_INF_DURATION_NS = 2**63 - 1
#: ``rate.InfDuration`` in seconds (``math.MaxInt64`` nanoseconds).
INF_DURATION = _INF_DURATION_NS / 1e9
_NS = 1_000_000_000


def _to_ns(t: float) -> int:
    return round(t * _NS)


def _duration_from_tokens(limit: float, tokens: float) -> int:
    if limit <= 0:
        return _INF_DURATION_NS
    duration = (tokens / limit) * 1e9
    if duration > float(_INF_DURATION_NS):
        return _INF_DURATION_NS
    return int(duration)  # truncation, like time.Duration(float)


def _tokens_from_duration(limit: float, d_ns: int) -> float:
    if limit <= 0:
        return 0.0
    return d_ns / 1e9 * limit


@dataclass(frozen=True)
class Reservation:
    """``rate.Reservation``: whether the token was granted and when the holder may act."""

    ok: bool
    time_to_act_ns: int
    clock: Clock

    def delay(self) -> float:
        """Seconds to wait from now (0 if already due; ``INF_DURATION`` if refused)."""
        if not self.ok:
            return INF_DURATION
        delay = self.time_to_act_ns - _to_ns(self.clock.now())
        return 0.0 if delay < 0 else delay / 1e9


class Limiter:
    """``rate.Limiter``: ``limit`` events per second with bursts of up to ``burst``.

    >>> from k8slearn.clock import FakeClock
    >>> lim = Limiter(10, 2, FakeClock())
    >>> [lim.reserve().delay() for _ in range(4)]
    [0.0, 0.0, 0.1, 0.2]
    """

    def __init__(self, limit: float, burst: int, clock: Clock | None = None) -> None:
        self.limit = float(limit)
        self.burst = int(burst)
        self.clock: Clock = clock if clock is not None else RealClock()
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._last_ns: int | None = None  # Go's zero time: long ago, so the bucket is full

    def _advance(self, t_ns: int) -> float:
        if self._last_ns is None:
            return float(self.burst) if self.limit > 0 else self._tokens
        last = min(self._last_ns, t_ns)
        tokens = self._tokens + _tokens_from_duration(self.limit, t_ns - last)
        return min(tokens, float(self.burst))

    def reserve_n(self, t: float, n: int, max_future_reserve: float = INF_DURATION) -> Reservation:
        """``ReserveN`` at time ``t`` (seconds); tokens may go negative."""
        t_ns = _to_ns(t)
        with self._lock:
            if self.limit == INF:
                return Reservation(True, t_ns, self.clock)
            tokens = self._advance(t_ns) - n
            wait_ns = _duration_from_tokens(self.limit, -tokens) if tokens < 0 else 0
            ok = n <= self.burst and wait_ns <= _to_ns(max_future_reserve)
            if not ok:
                return Reservation(False, 0, self.clock)
            self._last_ns = t_ns
            self._tokens = tokens
            return Reservation(True, t_ns + wait_ns, self.clock)

    def reserve(self) -> Reservation:
        """``Reserve()``: one token now."""
        return self.reserve_n(self.clock.now(), 1)

    def tokens_at(self, t: float | None = None) -> float:
        """``TokensAt``: tokens available at ``t`` (default now); negative means debt."""
        t_ns = _to_ns(self.clock.now() if t is None else t)
        with self._lock:
            return self._advance(t_ns)

    def __repr__(self) -> str:
        return f"Limiter(limit={self.limit:g}, burst={self.burst}, tokens={self.tokens_at():g})"

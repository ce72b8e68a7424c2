"""The event correlator: de-duplication, aggregation and spam filtering of Events.

A controller's ``recorder.Eventf(...)`` does not simply create one Event
object per call.  The broadcaster passes every event through an
``EventCorrelator`` first, and that is why ``kubectl describe`` shows
``12s (x11 over 13s)`` instead of eleven identical rows:

1. **Aggregation** (``EventAggregator``): events that differ *only in their
   message* (same source, object, type and reason) are counted per 10-minute
   window; from the 10th distinct message on, the event is replaced by one
   whose message is ``(combined from similar events): <message>`` and whose
   identity is the group, so later ones update it.
2. **De-duplication** (``eventLogger``): an event identical to an earlier one
   (same source, object, type, reason and message) is not created again; the
   existing Event is patched: ``count + 1``, a new ``lastTimestamp``, the
   message (``firstTimestamp`` and name kept).
3. **Spam filter** (``EventSourceObjectSpamFilter``): a token bucket per source,
   object and event type, burst 25, refilled at one token per 5 minutes.  Every
   correlated event, a count increment included, takes a token; without one the
   write is skipped (the de-duplication counter has already moved on).

:func:`correlate` replays a list of recorded events through one correlator
and returns the Events the API would then hold.  The API stores
``firstTimestamp``/``lastTimestamp`` with one-second precision (``metav1.Time``
serializes as RFC 3339 seconds), so the stored times are whole seconds.

Course simplifications: one source host, no UIDs, unbounded caches (upstream
LRU caches of 4096 entries), and when an aggregation group is full the *oldest*
message is dropped from it (upstream drops an arbitrary one, ``PopAny``).

Upstream: kubernetes/client-go tools/record/events_cache.go @ v0.36.3
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["AGGREGATE_INTERVAL", "AGGREGATE_MAX_EVENTS", "SPAM_BURST", "SPAM_QPS",
           "EventCorrelator", "StoredEvent", "correlate"]

AGGREGATE_MAX_EVENTS = 10          # defaultAggregateMaxEvents
AGGREGATE_INTERVAL = 600.0         # defaultAggregateIntervalInSeconds
SPAM_BURST = 25                    # defaultSpamBurst
SPAM_QPS = 1.0 / 300.0             # defaultSpamQPS
COMBINED_PREFIX = "(combined from similar events): "


@dataclass
class StoredEvent:
    """An Event as the API holds it (core/v1 fields kubectl describe reads)."""

    object: str
    type: str
    reason: str
    message: str
    count: int
    first_time: float
    last_time: float
    source: str = "replicaset-controller"


class _TokenBucket:
    """``flowcontrol.NewTokenBucketPassiveRateLimiter``: full at the start, TryAccept only."""

    def __init__(self, qps: float, burst: int, now: float) -> None:
        self.qps, self.burst, self.tokens, self.last = qps, burst, float(burst), now

    def try_accept(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.qps)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class EventCorrelator:
    """``record.NewEventCorrelator`` with the default options."""

    def __init__(self, source: str = "replicaset-controller") -> None:
        self.source = source
        self._groups: dict[tuple, tuple[list[str], float]] = {}   # aggregateKey -> (messages, last)
        self._seen: dict[tuple, StoredEvent] = {}                 # event key -> stored Event
        self._buckets: dict[tuple, _TokenBucket] = {}             # spam key -> bucket
        self.stored: list[StoredEvent] = []                       # Events in creation order
        self._where: dict[tuple, int] = {}                        # event key -> index in stored
        self.skipped = 0

    def correlate(self, time: float, obj: str, etype: str, reason: str, message: str) -> None:
        """``EventCorrelate`` followed by the create or patch the broadcaster then sends."""
        # 1. EventAggregate
        group = (self.source, obj, etype, reason)
        messages, last = self._groups.get(group, ([], -math.inf))
        if time - last > AGGREGATE_INTERVAL:
            messages = []
        if message not in messages:
            messages.append(message)
        self._groups[group] = (messages, time)
        key: tuple = (self.source, obj, etype, reason, message)
        if len(messages) >= AGGREGATE_MAX_EVENTS:
            messages.pop(0)
            message, key = COMBINED_PREFIX + message, group
        # 2. eventObserve
        previous = self._seen.get(key)
        if previous is None:
            event = StoredEvent(obj, etype, reason, message, 1, time, time, self.source)
        else:
            event = StoredEvent(obj, etype, reason, message, previous.count + 1,
                                previous.first_time, time, self.source)
        self._seen[key] = event
        # 3. the spam filter, then the write
        spam_key = (self.source, obj, etype)
        bucket = self._buckets.setdefault(spam_key, _TokenBucket(SPAM_QPS, SPAM_BURST, time))
        if not bucket.try_accept(time):
            self.skipped += 1
            return
        if key in self._where:                  # patch: count, lastTimestamp, message
            self.stored[self._where[key]] = event
        else:                                   # create (also when the first one was skipped)
            self._where[key] = len(self.stored)
            self.stored.append(event)


def correlate(events: Iterable[Any], source: str = "replicaset-controller") -> list[StoredEvent]:
    """The Events the API holds after ``events`` (``time, object, type, reason, message``)
    went through one recorder's correlator, timestamps truncated to whole seconds."""
    c = EventCorrelator(source)
    for e in sorted(events, key=lambda e: e.time):
        c.correlate(e.time, e.object, e.type, e.reason, e.message)
    return [StoredEvent(e.object, e.type, e.reason, e.message, e.count,
                        float(math.floor(e.first_time)), float(math.floor(e.last_time)), e.source)
            for e in c.stored]

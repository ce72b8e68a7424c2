"""Watch events and a watcher: the stream a client gets from ``watch``.

Event types are the strings ``ADDED``, ``MODIFIED``, ``DELETED``, ``BOOKMARK``
and ``ERROR``.  A :class:`Watcher` is the Python stand-in for a
``watch.Interface``: the server pushes events into it, a consumer drains them
either without blocking (:meth:`Watcher.poll`, for deterministic single-thread
runs) or blocking (:meth:`Watcher.next`, for real threads).  The buffer is
unbounded (upstream channels hold ``DefaultChanSize = 100``).

Upstream: kubernetes/apimachinery pkg/watch/watch.go @ v0.36.3
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR", "Event", "Watcher", "filter_event",
]

ADDED = "ADDED"
MODIFIED = "MODIFIED"
DELETED = "DELETED"
BOOKMARK = "BOOKMARK"
ERROR = "ERROR"


@dataclass(frozen=True)
class Event:
    """One watch event; ``object`` is the new state (DELETED: the last state)."""

    type: str
    object: Any


class Watcher:
    """A buffered event stream; ``stop()`` ends it (``watch.Interface``)."""

    def __init__(self, on_stop: Callable[[Watcher], None] | None = None) -> None:
        self._events: deque[Event] = deque()
        self._cond = threading.Condition()
        self._stopped = False
        self._on_stop = on_stop

    # -- producer side
    def push(self, event: Event) -> None:
        with self._cond:
            if self._stopped:
                return
            self._events.append(event)
            self._cond.notify_all()

    # -- consumer side
    def poll(self) -> list[Event]:
        """Every buffered event, without blocking."""
        with self._cond:
            out = list(self._events)
            self._events.clear()
            return out

    def next(self, timeout: float | None = None) -> Event | None:
        """Block until an event arrives; None when stopped (or on timeout)."""
        with self._cond:
            while not self._events and not self._stopped:
                if not self._cond.wait(timeout):
                    return None
            return self._events.popleft() if self._events else None

    def pending(self) -> int:
        with self._cond:
            return len(self._events)

    @property
    def stopped(self) -> bool:
        return self._stopped

    def stop(self) -> None:
        """Close the stream; blocked ``next`` calls return None."""
        with self._cond:
            if self._stopped:
                return
            self._stopped = True
            self._events.clear()
            self._cond.notify_all()
        if self._on_stop is not None:
            self._on_stop(self)

    def __iter__(self) -> Iterator[Event]:
        while True:
            ev = self.next()
            if ev is None:
                return
            yield ev


def filter_event(ev: Event, old: Any, namespace: str | None, match: Any) -> Event | None:
    """Apply a watch's namespace/label filter; label transitions become ADDED/DELETED."""
    obj = ev.object
    if namespace and obj.metadata.namespace != namespace:
        return None
    now_in = match(obj.metadata.labels or {})
    if ev.type != MODIFIED or old is None:
        return ev if now_in else None
    was_in = match(old.metadata.labels or {})
    if now_in and was_in:
        return ev
    if now_in:
        return Event(ADDED, obj)
    if was_in:
        return Event(DELETED, obj)
    return None

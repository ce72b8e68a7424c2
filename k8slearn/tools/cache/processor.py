"""The shared processor and its listeners: fan-out from an informer to handlers.

Each listener buffers notifications without bound and calls its handler one
at a time.  ``should_resync`` (called by the reflector's resync timer) marks
which listeners are due; sync notifications reach only those.  A listener's
``has_synced`` is true once the informer has synced and every initial-list
add has been handled.

Upstream: kubernetes/client-go tools/cache/shared_informer.go @ v0.36.3
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from k8slearn.clock import Clock

__all__ = ["ProcessorListener", "SharedProcessor"]


class ProcessorListener:
    """One registered handler: a buffer, a resync schedule and a sync tracker."""

    def __init__(
        self,
        handler: Any,
        requested_resync_period: float,
        resync_period: float,
        clock: Clock,
        informer_synced: Callable[[], bool],
    ) -> None:
        self.handler = handler
        self.requested_resync_period = requested_resync_period
        self.resync_period = resync_period
        self._clock = clock
        self.next_resync = clock.now() + resync_period
        self._informer_synced = informer_synced
        self._buf: deque[tuple] = deque()
        self._cond = threading.Condition()
        self._initial_pending = 0
        self._closed = False
        self._busy = False
        #: handler exceptions swallowed in thread mode (``HandleCrash`` without crashing)
        self.panics = 0

    # -- sync tracking
    def has_synced(self) -> bool:
        with self._cond:
            return self._informer_synced() and self._initial_pending == 0

    # -- resync
    def should_resync(self, now: float) -> bool:
        return self.resync_period != 0 and now >= self.next_resync

    def determine_next_resync(self, now: float) -> None:
        self.next_resync = now + self.resync_period

    def set_resync_period(self, period: float) -> None:
        self.resync_period = period

    # -- buffer
    def add(self, notification: tuple) -> None:
        with self._cond:
            if self._closed:
                return
            if notification[0] == "add" and notification[2]:
                self._initial_pending += 1
            self._buf.append(notification)
            self._cond.notify_all()

    def add_initial(self, obj: Any) -> None:
        self.add(("add", obj, True))

    def _deliver(self, n: tuple) -> None:
        try:
            if n[0] == "add":
                self.handler.on_add(n[1], n[2])
            elif n[0] == "update":
                self.handler.on_update(n[1], n[2])
            elif n[0] == "delete":
                self.handler.on_delete(n[1])
            else:
                raise ValueError("unrecognized notification")
        finally:
            if n[0] == "add" and n[2]:
                with self._cond:
                    self._initial_pending -= 1

    def drain(self) -> int:
        """Deliver everything buffered on this thread; returns how many."""
        n = 0
        while True:
            with self._cond:
                if not self._buf or self._busy:
                    return n
                item = self._buf.popleft()
                self._busy = True
            try:
                self._deliver(item)
            finally:
                with self._cond:
                    self._busy = False
            n += 1

    def run(self) -> None:
        """Thread body: deliver notifications until closed."""
        while True:
            with self._cond:
                while not self._buf and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                item = self._buf.popleft()
            try:
                self._deliver(item)
            except Exception:  # noqa: BLE001 - upstream logs "Observed a panic" and goes on
                self.panics += 1

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def pending(self) -> int:
        with self._cond:
            return len(self._buf)


class SharedProcessor:
    """Distributes notifications to listeners; tracks which are due for resync."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.RLock()
        self.listeners: dict[ProcessorListener, bool] = {}  # listener -> syncing
        self.threaded = False
        self._threads: list[threading.Thread] = []

    def add_listener(self, listener: ProcessorListener) -> None:
        with self._lock:
            self.listeners[listener] = True

    def remove_listener(self, listener: ProcessorListener) -> None:
        with self._lock:
            if self.listeners.pop(listener, None) is not None:
                listener.close()

    def distribute(self, notification: tuple, sync: bool) -> None:
        with self._lock:
            for listener, syncing in self.listeners.items():
                if not sync or syncing:
                    listener.add(notification)

    def should_resync(self) -> bool:
        """Mark due listeners as syncing; True if any is due."""
        with self._lock:
            now = self._clock.now()
            any_due = False
            for listener in self.listeners:
                due = listener.should_resync(now)
                self.listeners[listener] = due
                if due:
                    any_due = True
                    listener.determine_next_resync(now)
            return any_due

    def resync_check_period_changed(self, check: float) -> None:
        from k8slearn.tools.cache.shared_informer import determine_resync_period

        with self._lock:
            for listener in self.listeners:
                listener.set_resync_period(
                    determine_resync_period(listener.requested_resync_period, check)
                )

    def drain(self) -> int:
        n = 0
        while True:
            with self._lock:
                listeners = list(self.listeners)
            done = sum(lst.drain() for lst in listeners)
            if not done:
                return n
            n += done

    def start_listener(self, listener: ProcessorListener) -> None:
        t = threading.Thread(target=listener.run, daemon=True, name="listener")
        t.start()
        self._threads.append(t)

    def start(self, stop: threading.Event) -> None:
        with self._lock:
            self.threaded = True
            for listener in self.listeners:
                self.start_listener(listener)

        def closer() -> None:
            stop.wait()
            with self._lock:
                for listener in self.listeners:
                    listener.close()
                self.listeners.clear()

        threading.Thread(target=closer, daemon=True).start()

    def join(self, timeout: float | None = None) -> None:
        for t in self._threads:
            t.join(timeout)

"""Reflector: ListAndWatch one resource into a store (an informer's queue).

A LIST fills the store with one ``replace(items, resourceVersion)``; a WATCH
from that version then turns ADDED/MODIFIED/DELETED events into
``add``/``update``/``delete`` and BOOKMARKs into ``bookmark`` (on stores that
support it), remembering the last resourceVersion seen.  A watch that ends
with an error (for example 410 Expired after compaction) makes the next round
relist from the last version; if that list is itself expired it retries once
with ``resourceVersion=""``.  A watch that simply closes (a server timeout) is
re-opened from the last version, without a relist.  A resync period re-delivers the store's content
through ``store.resync()`` whenever ``should_resync()`` agrees.

A watch opened at resourceVersion ``""`` or ``"0"`` (the list came back with
``"0"``) starts with synthetic ADDED events for the current objects, in no
resourceVersion order.  Their versions are not a safe resume point, so the
reflector records the last resourceVersion only once that watch has delivered
a MODIFIED, DELETED or BOOKMARK event (``propagateRVFromStart`` /
``eventReceivedBesidesAdded`` in ``ListAndWatch``).  A watch opened at a
specific version records every event's version.

Version note: that guard is new in v0.36.0 (client-go commit ef73fc0 "Add
enforcement for rv update in watchlist to preserve the rv ordering
invariant"); up to v0.35 the reflector recorded the version of every event,
synthetic ADDEDs included.  Without the guard, a watch re-opened from such a
version can replay a DELETED for an object the informer never saw: a RealFIFO
informer passes it to ``OnDelete`` (``RealFIFO.Delete`` queues
unconditionally), a DeltaFIFO informer drops it (``DeltaFIFO.Delete`` skips
keys neither known nor queued).  tests/controller/test_controller_reflector_rv.py
replays that sequence.

Model caveat: a real API server's LIST never returns resourceVersion ``"0"``,
but the in-memory :class:`~k8slearn.apiserver.APIServer` does before its first
write.  An informer whose first LIST found such a server watches from ``"0"``
and keeps ``"0"`` while it sees only ADDEDs; if that watch closes, a pod
deleted meanwhile stays cached until a relist (the re-watch from ``"0"`` sends
only the current objects).  Start from a server with at least one write to
get real-cluster behaviour (``test_fresh_server_restart_keeps_a_deleted_pod_cached``).

Two ways to drive it:

* :meth:`Reflector.step` (deterministic, single thread): list if needed, then
  apply every event already buffered in the watch, and return.  A failed
  round relists on the next step without waiting (course simplification:
  upstream waits a jittered 0.8 s .. 30 s backoff, see ``backoff`` below).
* :meth:`Reflector.run` (real threads): loop ListAndWatch until ``stop`` is
  set, waiting the backoff between rounds.

Version note: since v1.35 (``WatchListClient`` on by default) a real
client's reflector first tries a streaming watch-list (``sendInitialEvents``)
instead of a paginated LIST, falling back to LIST on any error.  Only the LIST
path is modelled here; the store sees the same single ``replace`` either way.

Not modelled: upstream does not take the resourceVersion of ADDED events from a
watch started at ``""`` or ``"0"`` (those are synthetic, in no RV order) until a
non-ADDED event arrives.  Here every event's RV is taken.  This differs only when
a LIST returned ``"0"``, which the course's API server does while it is empty
and a real one never does; ``tests/controller/test_controller_reflector.py``
starts its informer comparison from a non-empty server for that reason.

Upstream: kubernetes/client-go tools/cache/reflector.go @ v0.36.3
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

from k8slearn.apiserver.errors import StatusError, is_expired
from k8slearn.apiserver.watch import ADDED, BOOKMARK, DELETED, ERROR, MODIFIED
from k8slearn.clock import Clock, RealClock
from k8slearn.tools.cache.listwatch import ListOptions

__all__ = ["Reflector", "BACKOFF_INIT", "BACKOFF_MAX", "BACKOFF_RESET"]

BACKOFF_INIT = 0.8
BACKOFF_MAX = 30.0
BACKOFF_RESET = 120.0


class Reflector:
    """Keeps ``store`` in sync with the server through list + watch."""

    def __init__(
        self,
        lw: Any,
        store: Any,
        name: str = "reflector",
        resync_period: float = 0.0,
        clock: Clock | None = None,
        should_resync: Callable[[], bool] | None = None,
        seed: int = 0,
    ) -> None:
        self.lw, self.store, self.name = lw, store, name
        self.resync_period = resync_period
        self.clock: Clock = clock if clock is not None else RealClock()
        self.should_resync = should_resync
        self.last_sync_resource_version = ""
        self._rv_unavailable = False
        self._watcher: Any = None
        # ListAndWatch's propagateRVFromStart and handleAnyWatch's eventReceivedBesidesAdded
        self._propagate_rv_from_start = True
        self._event_received_besides_added = False
        self._resync_ticker: Any = None
        self._rng = random.Random(seed)
        self._backoff = BACKOFF_INIT
        self._last_backoff_reset = self.clock.now()
        #: resourceVersions sent with each LIST (for tests and notebooks)
        self.list_resource_versions: list[str] = []
        #: the error that ended the last threaded ListAndWatch round, if any
        self.last_error: BaseException | None = None
        self.lock = threading.RLock()

    # ------------------------------------------------------------------ pieces
    def _relist_resource_version(self) -> str:
        if self._rv_unavailable:
            return ""
        return self.last_sync_resource_version or "0"

    def list(self) -> None:
        """LIST and ``store.replace``; an expired RV retries once with ``""``."""
        rv = self._relist_resource_version()
        self.list_resource_versions.append(rv)
        try:
            result = self.lw.list(ListOptions(resource_version=rv, limit=500 if rv == "0" else 0))
        except StatusError as err:
            if not is_expired(err):
                raise
            self._rv_unavailable = True
            self.list_resource_versions.append("")
            result = self.lw.list(ListOptions(resource_version=""))
        self._rv_unavailable = False
        self.store.replace(list(result.items), result.resource_version)
        self.last_sync_resource_version = result.resource_version
        self._start_resync()

    def _start_resync(self) -> None:
        if self._resync_ticker is not None:
            self._resync_ticker.stop()
            self._resync_ticker = None
        if self.resync_period > 0:
            self._resync_ticker = self.clock.tick_func(self.resync_period, self._resync)

    def _resync(self) -> None:
        if self.should_resync is None or self.should_resync():
            self.store.resync()

    def _open_watch(self) -> None:
        opts = ListOptions(
            resource_version=self.last_sync_resource_version, allow_watch_bookmarks=True
        )
        # "" and "0" start with synthetic ADDED events in no RV order: hold the RV back
        self._propagate_rv_from_start = opts.resource_version not in ("", "0")
        self._event_received_besides_added = False
        self._watcher = self.lw.watch(opts)

    def handle_event(self, ev: Any) -> None:
        """Apply one watch event to the store; an ERROR event raises its status.

        The event's resourceVersion becomes ``last_sync_resource_version`` unless
        the watch began at ``""``/``"0"`` and has delivered only ADDED events so far.
        """
        if ev.type == ERROR:
            err = ev.object
            raise err if isinstance(err, BaseException) else StatusError(str(err))
        obj = ev.object
        if ev.type == ADDED:
            self.store.add(obj)
        elif ev.type == MODIFIED:
            self._event_received_besides_added = True
            self.store.update(obj)
        elif ev.type == DELETED:
            self._event_received_besides_added = True
            self.store.delete(obj)
        elif ev.type == BOOKMARK:
            self._event_received_besides_added = True
            if hasattr(self.store, "bookmark"):
                self.store.bookmark(obj.metadata.resource_version)
        else:
            return
        if self._propagate_rv_from_start or self._event_received_besides_added:
            self.last_sync_resource_version = obj.metadata.resource_version

    def _close_watch(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    # ------------------------------------------------------------------ deterministic driver
    def step(self) -> int:
        """List if needed, then apply every buffered watch event; returns how many."""
        with self.lock:
            n = 0
            if self._watcher is None:
                self.list()
                self._open_watch()
                n += 1
            for _ in range(2):
                for ev in self._watcher.poll():
                    try:
                        self.handle_event(ev)
                    except StatusError:
                        self._close_watch()  # an error ends ListAndWatch: relist next step
                        return n + 1
                    n += 1
                if not self._watcher.stopped:
                    break
                # a cleanly closed watch is re-opened from the last RV, without a relist
                self._open_watch()
                n += 1
            return n

    # ------------------------------------------------------------------ threaded driver
    def next_backoff(self) -> float:
        """The next delay: jittered into [d, 2d), doubling up to 30 s, reset after 2 min."""
        now = self.clock.now()
        if now - self._last_backoff_reset > BACKOFF_RESET:
            self._backoff = BACKOFF_INIT
            self._last_backoff_reset = now
        d = self._backoff
        self._backoff = min(self._backoff * 2, BACKOFF_MAX)
        return d + self._rng.random() * d

    def list_and_watch(self, stop: threading.Event) -> None:
        """One round: LIST, then consume the watch until it ends or ``stop`` is set."""
        with self.lock:
            self.list()
            self._open_watch()
            w = self._watcher
        while not stop.is_set():
            ev = w.next()
            if ev is None:
                if stop.is_set():
                    return
                with self.lock:  # a clean close: re-watch from the last RV, no relist
                    self._open_watch()
                    w = self._watcher
                continue
            with self.lock:
                try:
                    self.handle_event(ev)
                except StatusError:
                    self._close_watch()
                    return

    def run(self, stop: threading.Event) -> None:
        """Run ListAndWatch rounds until ``stop`` is set."""
        stopper = threading.Thread(target=self._stop_on, args=(stop,), daemon=True)
        stopper.start()
        while not stop.is_set():
            try:
                self.list_and_watch(stop)
            except Exception as err:  # noqa: BLE001 - any failure: back off, then relist
                self.last_error = err
            if stop.is_set():
                break
            stop.wait(self.next_backoff())

    def _stop_on(self, stop: threading.Event) -> None:
        stop.wait()
        with self.lock:
            self._close_watch()
            if self._resync_ticker is not None:
                self._resync_ticker.stop()

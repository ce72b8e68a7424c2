"""RealFIFO: the v1.36 informer queue; every event is one delta, in arrival order.

Unlike DeltaFIFO there is no per-key slot and no merging: ``add``, ``update``
and ``delete`` each append one delta, and ``pop`` hands over exactly one.

Two modes, as upstream:

* non-atomic (``atomic_events=False``, needs ``known_objects``): a relist
  appends tombstones for vanished keys **first**, then a ``Replaced`` delta per
  listed object; a resync appends ``Sync`` for known keys with nothing queued.
* atomic (``atomic_events=True``, the v1.36 default via the ``AtomicFIFO``
  gate, no ``known_objects``): a relist is one ``ReplacedAll`` delta, a resync
  one ``SyncAll`` delta, and bookmarks become ``Bookmark`` deltas; the
  consumer (``process_deltas``) computes adds, updates and deletes against its
  store.

``has_synced`` turns true only after the last delta of the initial population
has been *processed* (the counter drops after ``process`` returns).
``pop_batch`` groups up to ``batch_size`` deltas with distinct keys (the
``InOrderInformersBatchProcess`` gate, on in v1.36).

Version note: ``InOrderInformers`` went beta (on) in 1.33 and GA in 1.36;
before 1.33 informers used DeltaFIFO.  ``AtomicFIFO`` is beta (on) in 1.36.

Upstream: kubernetes/client-go tools/cache/the_real_fifo.go @ v0.36.3
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from k8slearn.tools.cache.delta_fifo import ZERO_LENGTH_DELTAS
from k8slearn.tools.cache.fifo import (
    ADDED,
    BOOKMARK,
    DELETED,
    REPLACED,
    REPLACED_ALL,
    SYNC,
    SYNC_ALL,
    UPDATED,
    BookmarkInfo,
    DeletedFinalStateUnknown,
    Delta,
    Deltas,
    FIFOClosedError,
    ReplacedAllInfo,
    SyncAllInfo,
)
from k8slearn.tools.cache.store import KeyFuncError, meta_namespace_key_func

__all__ = ["RealFIFO", "DEFAULT_BATCH_SIZE"]

DEFAULT_BATCH_SIZE = 1000
_BATCHABLE = {SYNC, REPLACED, ADDED, UPDATED, DELETED}


class RealFIFO:
    """A strict arrival-order queue of single deltas."""

    def __init__(
        self,
        key_function: Callable[[Any], str] = meta_namespace_key_func,
        known_objects: Any = None,
        transformer: Callable[[Any], Any] | None = None,
        atomic_events: bool = False,
        emit_delta_type_bookmark: bool = False,
        batch_size: int = DEFAULT_BATCH_SIZE,
        name: str = "RealFIFO",
    ) -> None:
        if atomic_events and known_objects is not None:
            raise ValueError(
                "coding error: knownObjects must not be provided when AtomicEvents is true"
            )
        if not atomic_events and known_objects is None:
            raise ValueError(
                "coding error: knownObjects must be provided when AtomicEvents is false"
            )
        if not atomic_events and emit_delta_type_bookmark:
            raise ValueError(
                "coding error: EmitDeltaTypeBookmark must be false when AtomicEvents is false"
            )
        self.name = name
        self._key_func = key_function
        self._known = known_objects
        self._transformer = transformer
        self._atomic = atomic_events
        self._emit_bookmark = emit_delta_type_bookmark
        self.batch_size = batch_size
        self._cond = threading.Condition(threading.RLock())
        self._items: deque[Delta] = deque()
        self._populated = False
        self._initial_population_count = 0
        self._synced = threading.Event()
        self._closed = False

    # -- keys and sync state
    def key_of(self, obj: Any) -> str:
        if isinstance(obj, Deltas):
            if not obj:
                raise KeyFuncError(obj, ValueError(ZERO_LENGTH_DELTAS))
            obj = obj.newest().object
        if isinstance(obj, DeletedFinalStateUnknown):
            return obj.key
        try:
            return self._key_func(obj)
        except Exception as err:
            raise KeyFuncError(obj, err) from err

    def has_synced(self) -> bool:
        return self._synced.is_set()

    @property
    def synced_event(self) -> threading.Event:
        return self._synced

    def _check_synced(self) -> None:
        if self._populated and self._initial_population_count == 0:
            self._synced.set()

    # -- producer side
    def _append(self, dtype: str, obj: Any) -> None:
        self.key_of(obj)  # the key must be computable
        if self._transformer is not None and not isinstance(obj, DeletedFinalStateUnknown):
            obj = self._transformer(obj)
        self._items.append(Delta(dtype, obj))
        self._cond.notify_all()

    def _mutate(self, dtype: str, obj: Any) -> None:
        with self._cond:
            self._populated = True
            self._check_synced()
            self._append(dtype, obj)

    def add(self, obj: Any) -> None:
        self._mutate(ADDED, obj)

    def update(self, obj: Any) -> None:
        self._mutate(UPDATED, obj)

    def delete(self, obj: Any) -> None:
        """Always queued: RealFIFO never checks whether the key exists."""
        self._mutate(DELETED, obj)

    def bookmark(self, resource_version: str) -> None:
        with self._cond:
            if self._emit_bookmark:
                self._items.append(Delta(BOOKMARK, BookmarkInfo(resource_version)))
                self._cond.notify_all()

    def replace(self, items: list[Any], resource_version: str = "") -> None:
        with self._cond:
            if self._atomic:
                objs = [
                    self._transformer(o) if self._transformer is not None else o for o in items
                ]
                self._items.append(Delta(REPLACED_ALL, ReplacedAllInfo(resource_version, objs)))
                self._cond.notify_all()
            else:
                self._reconcile_replacement(items)
            if not self._populated:
                self._populated = True
                self._initial_population_count = len(self._items)
                self._check_synced()

    def _reconcile_replacement(self, items: list[Any]) -> None:
        new_keys = {self.key_of(o) for o in items}
        last: dict[str, Delta] = {}
        order: list[str] = []
        for d in self._items:
            if d.type in _BATCHABLE:
                k = self.key_of(d.object)
                if k not in last:
                    order.append(k)
                last[k] = d
        for k in order:
            d = last[k]
            if k in new_keys or d.type == DELETED:
                continue
            obj = d.object.obj if isinstance(d.object, DeletedFinalStateUnknown) else d.object
            self._append(DELETED, DeletedFinalStateUnknown(k, obj))
        for k in self._known.list_keys():
            if k in new_keys or k in last:
                continue
            try:
                obj, exists = self._known.get_by_key(k)
                if not exists:
                    obj = None
            except Exception:  # noqa: BLE001 - tombstone without object
                obj = None
            self._append(DELETED, DeletedFinalStateUnknown(k, obj))
        for obj in items:
            self._append(REPLACED, obj)

    def resync(self) -> None:
        with self._cond:
            if self._atomic:
                self._items.append(Delta(SYNC_ALL, SyncAllInfo()))
                self._cond.notify_all()
                return
            queued = {self.key_of(d.object) for d in self._items if d.type in _BATCHABLE}
            for k in self._known.list_keys():
                if k in queued:
                    continue
                obj, exists = self._known.get_by_key(k)
                if exists:
                    self._items.append(Delta(SYNC, obj))
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def is_closed(self) -> bool:
        return self._closed

    # -- consumer side
    def _wait(self, block: bool, timeout: float | None) -> bool:
        while not self._items:
            if self._closed:
                raise FIFOClosedError()
            if not block or not self._cond.wait(timeout):
                if not self._items:
                    return False
        return True

    def pop(
        self,
        process: Callable[[Deltas, bool], None],
        block: bool = True,
        timeout: float | None = None,
    ) -> Deltas | None:
        """Pop one delta and process it; the synced counter drops afterwards."""
        with self._cond:
            if not self._wait(block, timeout):
                return None
            in_initial = not self.has_synced()
            deltas = Deltas([self._items.popleft()])
            try:
                process(deltas, in_initial)
            finally:
                if self._initial_population_count > 0:
                    self._initial_population_count -= 1
                    self._check_synced()
            return deltas

    def pop_batch(
        self,
        process_batch: Callable[[list[Delta], bool], None],
        process_single: Callable[[Deltas, bool], None],
        block: bool = True,
        timeout: float | None = None,
    ) -> list[Delta] | None:
        """Pop up to ``batch_size`` deltas with distinct keys and process them together."""
        with self._cond:
            if not self._wait(block, timeout):
                return None
            in_initial = not self.has_synced()
            limit = self.batch_size
            if self._initial_population_count > 0:
                limit = min(limit, self._initial_population_count)
            batch: list[Delta] = []
            seen: set[str] = set()
            while self._items and len(batch) < limit:
                d = self._items[0]
                if d.type not in _BATCHABLE:
                    if not batch:
                        batch.append(self._items.popleft())
                    break
                try:
                    k = self.key_of(d.object)
                except KeyFuncError:
                    batch.append(self._items.popleft())
                    break
                if k in seen:
                    break
                seen.add(k)
                batch.append(self._items.popleft())
            try:
                if len(batch) == 1:
                    process_single(Deltas(batch), in_initial)
                else:
                    process_batch(batch, in_initial)
            finally:
                if self._initial_population_count > 0:
                    self._initial_population_count = max(
                        0, self._initial_population_count - len(batch)
                    )
                    self._check_synced()
            return batch

    def __len__(self) -> int:
        with self._cond:
            return len(self._items)

    def queued(self) -> list[Delta]:
        """The queued deltas, oldest first (introspection for tests and notebooks)."""
        with self._cond:
            return list(self._items)

"""DeltaFIFO: the classic informer queue (one queue slot per key, a list of deltas).

Each key keeps the position it got when first queued; new deltas for a queued
key are appended to its list without moving it.  ``pop`` hands the consumer
every delta of the head key at once.  The only de-duplication: two trailing
``Deleted`` deltas collapse into one (the older is kept unless it is a
``DeletedFinalStateUnknown``).  ``replace`` (a relist) appends ``Sync`` (or
``Replaced``) deltas and tombstones for keys that disappeared; ``resync``
re-delivers known objects as ``Sync`` except keys that have queued deltas.

Version note: in Kubernetes v1.36 a SharedIndexInformer no longer uses this
queue by default: the ``InOrderInformers`` gate (GA, locked on in 1.36)
switched informers to RealFIFO (see :mod:`.the_real_fifo`).  DeltaFIFO is
still exported, tested and the classic mental model, so it is kept here and
selectable with ``SharedIndexInformer(..., queue="DeltaFIFO")``.

Upstream: kubernetes/client-go tools/cache/delta_fifo.go @ v0.36.3
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from k8slearn.tools.cache.fifo import (
    ADDED,
    DELETED,
    REPLACED,
    SYNC,
    UPDATED,
    DeletedFinalStateUnknown,
    Delta,
    Deltas,
    FIFOClosedError,
)
from k8slearn.tools.cache.index import CacheError
from k8slearn.tools.cache.store import KeyFuncError, meta_namespace_key_func

__all__ = ["DeltaFIFO", "ZERO_LENGTH_DELTAS"]

#: ``ErrZeroLengthDeltasObject``
ZERO_LENGTH_DELTAS = "0 length Deltas object; can't get key"

PopProcessFunc = Callable[[Any, bool], None]


def _is_deletion_dup(a: Delta, b: Delta) -> Delta | None:
    if a.type != DELETED or b.type != DELETED:
        return None
    # the older one (b) wins unless it is a tombstone: it carries more information
    if isinstance(b.object, DeletedFinalStateUnknown):
        return a
    return b


def _dedup(deltas: Deltas) -> Deltas:
    if len(deltas) < 2:
        return deltas
    keep = _is_deletion_dup(deltas[-1], deltas[-2])
    if keep is not None:
        out = Deltas(deltas[:-2])
        out.append(keep)
        return out
    return deltas


class DeltaFIFO:
    """A producer/consumer queue of per-key delta lists."""

    def __init__(
        self,
        key_function: Callable[[Any], str] = meta_namespace_key_func,
        known_objects: Any = None,
        emit_delta_type_replaced: bool = False,
        transformer: Callable[[Any], Any] | None = None,
        name: str = "DeltaFIFO",
    ) -> None:
        self.name = name
        self._key_func = key_function
        self._known = known_objects
        self._emit_replaced = emit_delta_type_replaced
        self._transformer = transformer
        self._cond = threading.Condition(threading.RLock())
        self._items: dict[str, Deltas] = {}
        self._queue: list[str] = []
        self._populated = False
        self._initial_population_count = 0
        self._synced = threading.Event()
        self._closed = False

    # -- keys and sync state
    def key_of(self, obj: Any) -> str:
        """Key of an object, a Deltas list (its newest object) or a tombstone."""
        if isinstance(obj, Deltas):
            if not obj:
                raise KeyFuncError(obj, CacheError(ZERO_LENGTH_DELTAS))
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
    def add(self, obj: Any) -> None:
        with self._cond:
            self._populated = True
            self._check_synced()
            self._queue_action(ADDED, obj)

    def update(self, obj: Any) -> None:
        with self._cond:
            self._populated = True
            self._check_synced()
            self._queue_action(UPDATED, obj)

    def delete(self, obj: Any) -> None:
        """Queue a Deleted delta, unless the key is neither known nor queued."""
        key = self.key_of(obj)
        with self._cond:
            self._populated = True
            self._check_synced()
            if self._known is None:
                if key not in self._items:
                    return
            else:
                try:
                    _, exists = self._known.get_by_key(key)
                except Exception:  # noqa: BLE001 - a lookup error does not suppress
                    exists = True
                if not exists and key not in self._items:
                    return
            self._queue_action(DELETED, obj)

    def _queue_action(self, action: str, obj: Any, internal: str | None = None) -> None:
        key = self.key_of(obj)
        internal = internal or action
        if (
            self._transformer is not None
            and not isinstance(obj, DeletedFinalStateUnknown)
            and internal != SYNC
        ):
            obj = self._transformer(obj)
        old = self._items.get(key)
        deltas = Deltas(old or [])
        deltas.append(Delta(action, obj))
        deltas = _dedup(deltas)
        if old is None:
            self._queue.append(key)
        self._items[key] = deltas
        self._cond.notify_all()

    def replace(self, items: list[Any], resource_version: str = "") -> None:
        """A relist: Sync/Replaced for each item, tombstones for vanished keys."""
        with self._cond:
            action = REPLACED if self._emit_replaced else SYNC
            keys: set[str] = set()
            for obj in items:
                keys.add(self.key_of(obj))
                self._queue_action(action, obj, internal=REPLACED)
            queued_deletions = 0
            for key in list(self._queue):
                if key in keys:
                    continue
                newest = self._items[key].newest().object
                if isinstance(newest, DeletedFinalStateUnknown):
                    newest = newest.obj
                queued_deletions += 1
                self._queue_action(DELETED, DeletedFinalStateUnknown(key, newest))
            if self._known is not None:
                for key in self._known.list_keys():
                    if key in keys or key in self._items:
                        continue
                    try:
                        obj, exists = self._known.get_by_key(key)
                        if not exists:
                            obj = None
                    except Exception:  # noqa: BLE001 - tombstone without object
                        obj = None
                    queued_deletions += 1
                    self._queue_action(DELETED, DeletedFinalStateUnknown(key, obj))
            if not self._populated:
                self._populated = True
                self._initial_population_count = len(keys) + queued_deletions
                self._check_synced()

    def resync(self) -> None:
        """Queue a Sync for every known object whose key has nothing queued."""
        with self._cond:
            if self._known is None:
                return
            for key in self._known.list_keys():
                try:
                    obj, exists = self._known.get_by_key(key)
                except Exception:  # noqa: BLE001 - logged upstream, skipped
                    continue
                if not exists:
                    continue
                if self.key_of(obj) in self._items:
                    continue
                self._queue_action(SYNC, obj)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def is_closed(self) -> bool:
        return self._closed

    # -- consumer side
    def pop(
        self, process: PopProcessFunc, block: bool = True, timeout: float | None = None
    ) -> Deltas | None:
        """Remove the head key's deltas and call ``process(deltas, is_in_initial_list)``.

        Blocks while empty (``block=False`` or a timeout returns None instead);
        raises FIFOClosedError once closed and empty.  Errors from ``process``
        propagate to the caller, but the deltas are gone either way.
        """
        with self._cond:
            while not self._queue:
                if self._closed:
                    raise FIFOClosedError()
                if not block or not self._cond.wait(timeout):
                    if not self._queue:
                        return None
            in_initial = not self.has_synced()
            key = self._queue.pop(0)
            if self._initial_population_count > 0:
                self._initial_population_count -= 1
                self._check_synced()
            deltas = self._items.pop(key)
            process(deltas, in_initial)
            return deltas

    def __len__(self) -> int:
        with self._cond:
            return len(self._queue)

    # -- introspection (upstream keeps these test-only since v0.33)
    def queued_keys(self) -> list[str]:
        with self._cond:
            return list(self._queue)

    def deltas_for(self, key: str) -> Deltas | None:
        with self._cond:
            d = self._items.get(key)
            return Deltas(d) if d is not None else None

"""ThreadSafeStore: the locked map under every informer cache, with indices.

Each write recomputes every registered index for the old and the new object:
the key is removed from the old values' sets and added to the new values'
sets, and a set that becomes empty is deleted (never left empty).  Mutating a
stored object in place therefore corrupts the indices: callers must copy.

``last_store_sync_resource_version`` is the resourceVersion of the object
written last (not a maximum); ``delete(key)`` without an object leaves it
unchanged.  (Upstream returns ``""`` unless the ``AtomicFIFO`` gate is on; it
is on by default in v1.36, which is what this models.)

Upstream: kubernetes/client-go tools/cache/thread_safe_store.go @ v0.36.3
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from k8slearn.tools.cache.index import CacheError, Indexers, Indices

__all__ = ["ThreadSafeStore", "TransactionType", "Transaction"]


class TransactionType:
    ADD = "Add"
    UPDATE = "Update"
    DELETE = "Delete"


Transaction = tuple[str, str, Any]  # (type, key, object)


def _rv_of(obj: Any) -> str | None:
    meta = getattr(obj, "metadata", None)
    return None if meta is None else (meta.resource_version or "")


class ThreadSafeStore:
    """A map ``key -> object`` plus indices, safe to share between threads."""

    def __init__(self, indexers: Indexers | None = None) -> None:
        self._lock = threading.RLock()
        self._items: dict[str, Any] = {}
        self._indexers: Indexers = dict(indexers or {})
        self._indices: Indices = {}
        self._rv = ""

    # -- index maintenance
    def _update_single_index(self, name: str, old: Any, new: Any, key: str) -> None:
        fn = self._indexers[name]
        try:
            old_values = fn(old) if old is not None else []
            new_values = fn(new) if new is not None else []
        except Exception as err:
            # upstream panics: an index function must not fail on a write
            raise RuntimeError(
                f"unable to calculate an index entry for key {key!r} on index {name!r}: {err}"
            ) from err
        if len(old_values) == 1 and len(new_values) == 1 and old_values[0] == new_values[0]:
            return
        index = self._indices.setdefault(name, {})
        for v in old_values:
            s = index.get(v)
            if s is not None:
                s.discard(key)
                if not s:
                    del index[v]
        for v in new_values:
            index.setdefault(v, set()).add(key)

    def _update_indices(self, old: Any, new: Any, key: str) -> None:
        for name in self._indexers:
            self._update_single_index(name, old, new, key)

    # -- writes
    def add(self, key: str, obj: Any) -> None:
        self.update(key, obj)

    def update(self, key: str, obj: Any) -> None:
        with self._lock:
            old = self._items.get(key)
            self._items[key] = obj
            self._update_indices(old, obj, key)
            rv = _rv_of(obj)
            if rv is not None:
                self._rv = rv

    def delete(self, key: str) -> None:
        self.delete_with_object(key, None)

    def delete_with_object(self, key: str, obj: Any) -> None:
        with self._lock:
            if key in self._items:
                self._update_indices(self._items.pop(key), None, key)
            if obj is not None:
                rv = _rv_of(obj)
                if rv is not None:
                    self._rv = rv

    def replace(self, items: dict[str, Any], resource_version: str) -> None:
        with self._lock:
            self._items = dict(items)
            self._rv = resource_version
            self._indices = {}
            for key, obj in self._items.items():
                self._update_indices(None, obj, key)

    def transaction(self, txns: Iterable[Transaction]) -> None:
        """Apply several writes under one lock; the RV is the last item's."""
        with self._lock:
            last = None
            for ttype, key, obj in txns:
                if ttype == TransactionType.DELETE:
                    if key in self._items:
                        self._update_indices(self._items.pop(key), None, key)
                else:
                    old = self._items.get(key)
                    self._items[key] = obj
                    self._update_indices(old, obj, key)
                last = obj
            if last is not None and _rv_of(last) is not None:
                self._rv = _rv_of(last)  # type: ignore[assignment]

    def bookmark(self, resource_version: str) -> None:
        with self._lock:
            self._rv = resource_version

    def resync(self) -> None:
        """A no-op (kept for the interface)."""

    # -- reads
    def get(self, key: str) -> tuple[Any, bool]:
        with self._lock:
            return self._items.get(key), key in self._items

    def list(self) -> list[Any]:
        with self._lock:
            return list(self._items.values())

    def list_keys(self) -> list[str]:
        with self._lock:
            return list(self._items)

    def last_store_sync_resource_version(self) -> str:
        with self._lock:
            return self._rv

    def _check_index(self, name: str) -> None:
        if name not in self._indexers:
            raise CacheError(f"Index with name {name} does not exist")

    def index(self, name: str, obj: Any) -> list[Any]:
        """Stored objects sharing any indexed value with ``obj``."""
        with self._lock:
            self._check_index(name)
            values = self._indexers[name](obj)
            index = self._indices.get(name, {})
            keys: set[str] = set()
            for v in values:
                keys |= index.get(v, set())
            return [self._items[k] for k in sorted(keys)]

    def by_index(self, name: str, value: str) -> list[Any]:
        with self._lock:
            self._check_index(name)
            return [self._items[k] for k in sorted(self._indices.get(name, {}).get(value, ()))]

    def index_keys(self, name: str, value: str) -> list[str]:
        """Storage keys under ``value``, sorted (``sets.List``)."""
        with self._lock:
            self._check_index(name)
            return sorted(self._indices.get(name, {}).get(value, ()))

    def list_index_func_values(self, name: str) -> list[str]:
        with self._lock:
            return list(self._indices.get(name, {}))

    def get_indexers(self) -> Indexers:
        return self._indexers

    def add_indexers(self, new: Indexers) -> None:
        """Register more indexers and back-fill them (v0.30+ behaviour)."""
        with self._lock:
            clash = set(new) & set(self._indexers)
            if clash:
                raise CacheError(f"indexer conflict: {sorted(clash)}")
            self._indexers.update(new)
            for name in new:
                for key, obj in self._items.items():
                    self._update_single_index(name, None, obj, key)

"""Store and Indexer: a key function in front of a ThreadSafeStore.

Keys are ``namespace/name`` (or ``name`` when the namespace is empty).
``add`` and ``update`` are the same upsert, deleting a missing key is a
no-op, ``replace`` swaps the whole content and rebuilds every index.

Upstream: kubernetes/client-go tools/cache/store.go, tools/cache/object-names.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from k8slearn.tools.cache.index import CacheError, Indexers
from k8slearn.tools.cache.thread_safe_store import ThreadSafeStore, TransactionType

__all__ = [
    "ExplicitKey",
    "KeyFuncError",
    "TransactionError",
    "meta_namespace_key_func",
    "split_meta_namespace_key",
    "Cache",
    "new_store",
    "new_indexer",
]

KeyFunc = Callable[[Any], str]


class ExplicitKey(str):
    """A string used as a key as is (``cache.ExplicitKey``)."""


class KeyFuncError(CacheError):
    """``cache.KeyError``: ``couldn't create key for object <obj>: <err>``."""

    def __init__(self, obj: Any, err: BaseException) -> None:
        super().__init__(f"couldn't create key for object {obj!r}: {err}")
        self.obj, self.err = obj, err
        self.__cause__ = err


class TransactionError(CacheError):
    """Some items of a ``transaction`` could not be keyed."""

    def __init__(self, successful: list[int], total: int, errors: list[BaseException]) -> None:
        super().__init__(
            f"failed to execute ({len(errors)}/{total}) transactions failed due to: {errors}"
        )
        self.successful_indices, self.total_transactions, self.errors = successful, total, errors


def meta_namespace_key_func(obj: Any) -> str:
    """``MetaNamespaceKeyFunc``: ``namespace/name``, or ``name`` if the namespace is empty."""
    if isinstance(obj, ExplicitKey):
        return str(obj)
    meta = getattr(obj, "metadata", None)
    if meta is None:
        raise CacheError(f"object has no meta: {obj!r}")
    return f"{meta.namespace}/{meta.name}" if meta.namespace else meta.name


def split_meta_namespace_key(key: str) -> tuple[str, str]:
    """``SplitMetaNamespaceKey``: 1 part -> ("", name); 2 -> (ns, name); more -> error."""
    parts = key.split("/")
    if len(parts) == 1:
        return "", parts[0]
    if len(parts) == 2:
        return parts[0], parts[1]
    raise CacheError(f'unexpected key format: "{key}"')


class Cache:
    """``cache``: Store + Indexer over a ThreadSafeStore."""

    def __init__(
        self,
        key_func: KeyFunc,
        indexers: Indexers | None = None,
        transformer: Callable[[Any], Any] | None = None,
    ) -> None:
        self.key_func = key_func
        self.transformer = transformer
        self._storage = ThreadSafeStore(indexers)

    def _key(self, obj: Any) -> str:
        try:
            return self.key_func(obj)
        except Exception as err:
            raise KeyFuncError(obj, err) from err

    def _transform(self, obj: Any) -> Any:
        if self.transformer is None:
            return obj
        try:
            return self.transformer(obj)
        except Exception as err:
            raise CacheError(f"transforming: {err}") from err

    # -- Store
    def add(self, obj: Any) -> None:
        key = self._key(obj)
        self._storage.add(key, self._transform(obj))

    def update(self, obj: Any) -> None:
        key = self._key(obj)
        self._storage.update(key, self._transform(obj))

    def delete(self, obj: Any) -> None:
        key = self._key(obj)
        self._storage.delete_with_object(key, obj if hasattr(obj, "metadata") else None)

    def list(self) -> list[Any]:
        return self._storage.list()

    def list_keys(self) -> list[str]:
        return self._storage.list_keys()

    def get(self, obj: Any) -> tuple[Any, bool]:
        return self._storage.get(self._key(obj))

    def get_by_key(self, key: str) -> tuple[Any, bool]:
        return self._storage.get(key)

    def replace(self, items: Iterable[Any], resource_version: str) -> None:
        fresh: dict[str, Any] = {}
        for obj in items:
            fresh[self._key(obj)] = self._transform(obj)
        self._storage.replace(fresh, resource_version)

    def resync(self) -> None:
        """A no-op."""

    def bookmark(self, resource_version: str) -> None:
        self._storage.bookmark(resource_version)

    def last_store_sync_resource_version(self) -> str:
        return self._storage.last_store_sync_resource_version()

    def transaction(self, txns: Iterable[tuple[str, Any]]) -> None:
        """Batch write ``(type, obj)`` items; un-keyable items raise TransactionError after."""
        good, ok_idx, errs = [], [], []
        txns = list(txns)
        for i, (ttype, obj) in enumerate(txns):
            try:
                key = self._key(obj)
            except KeyFuncError as err:
                errs.append(err)
                continue
            if ttype != TransactionType.DELETE:
                obj = self._transform(obj)
            good.append((ttype, key, obj))
            ok_idx.append(i)
        self._storage.transaction(good)
        if errs:
            raise TransactionError(ok_idx, len(txns), errs)

    # -- Indexer
    def index(self, name: str, obj: Any) -> list[Any]:
        return self._storage.index(name, obj)

    def index_keys(self, name: str, value: str) -> list[str]:
        return self._storage.index_keys(name, value)

    def list_index_func_values(self, name: str) -> list[str]:
        return self._storage.list_index_func_values(name)

    def by_index(self, name: str, value: str) -> list[Any]:
        return self._storage.by_index(name, value)

    def get_indexers(self) -> Indexers:
        return self._storage.get_indexers()

    def add_indexers(self, new: Indexers) -> None:
        self._storage.add_indexers(new)

    def __len__(self) -> int:
        return len(self._storage.list_keys())


def new_store(key_func: KeyFunc, transformer: Callable[[Any], Any] | None = None) -> Cache:
    """``NewStore``."""
    return Cache(key_func, None, transformer)


def new_indexer(
    key_func: KeyFunc, indexers: Indexers, transformer: Callable[[Any], Any] | None = None
) -> Cache:
    """``NewIndexer``."""
    return Cache(key_func, indexers, transformer)

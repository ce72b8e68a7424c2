"""The low-level controller: pop deltas, write the indexer, call the handler.

``process_deltas`` is the heart of every informer.  For each delta it writes
the store **first** and then calls the handler; whether the handler sees
``on_add`` or ``on_update`` depends on whether the key was already in the
store, not on the delta's type.  ``on_delete`` is called for every Deleted
delta, even for a key the store never had.  ``ReplacedAll`` (an atomic
relist) replaces the store, then reports deletions, then adds/updates;
``SyncAll`` reports ``on_update(obj, obj)`` for every stored object.

Errors a store raises abort processing of that pop; the informer loop drops
them (nothing is requeued since v0.33).

Upstream: kubernetes/client-go tools/cache/controller.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    ReplacedAllInfo,
    SyncAllInfo,
)
from k8slearn.tools.cache.index import CacheError
from k8slearn.tools.cache.store import KeyFuncError, TransactionError, meta_namespace_key_func
from k8slearn.tools.cache.thread_safe_store import TransactionType

__all__ = [
    "ResourceEventHandler",
    "ResourceEventHandlerFuncs",
    "FilteringResourceEventHandler",
    "deletion_handling_meta_namespace_key_func",
    "process_deltas",
    "process_deltas_in_batch",
]


def deletion_handling_meta_namespace_key_func(obj: Any) -> str:
    """``DeletionHandlingMetaNamespaceKeyFunc``: a tombstone's key, else namespace/name."""
    if isinstance(obj, DeletedFinalStateUnknown):
        return obj.key
    return meta_namespace_key_func(obj)


class ResourceEventHandler:
    """The handler interface: ``on_add(obj, is_in_initial_list)``, ``on_update``, ``on_delete``."""

    def on_add(self, obj: Any, is_in_initial_list: bool) -> None:  # pragma: no cover
        pass

    def on_update(self, old: Any, new: Any) -> None:  # pragma: no cover
        pass

    def on_delete(self, obj: Any) -> None:  # pragma: no cover
        pass


@dataclass
class ResourceEventHandlerFuncs(ResourceEventHandler):
    """Adapter from plain functions; missing ones are skipped; ``add_func(obj)``."""

    add_func: Callable[[Any], None] | None = None
    update_func: Callable[[Any, Any], None] | None = None
    delete_func: Callable[[Any], None] | None = None

    def on_add(self, obj: Any, is_in_initial_list: bool) -> None:
        if self.add_func is not None:
            self.add_func(obj)

    def on_update(self, old: Any, new: Any) -> None:
        if self.update_func is not None:
            self.update_func(old, new)

    def on_delete(self, obj: Any) -> None:
        if self.delete_func is not None:
            self.delete_func(obj)


@dataclass
class FilteringResourceEventHandler(ResourceEventHandler):
    """Forward only objects passing ``filter_func``; filter transitions become add/delete."""

    filter_func: Callable[[Any], bool]
    handler: ResourceEventHandler

    def on_add(self, obj: Any, is_in_initial_list: bool) -> None:
        if self.filter_func(obj):
            self.handler.on_add(obj, is_in_initial_list)

    def on_update(self, old: Any, new: Any) -> None:
        was, now = self.filter_func(old), self.filter_func(new)
        if was and now:
            self.handler.on_update(old, new)
        elif now:
            self.handler.on_add(new, False)
        elif was:
            self.handler.on_delete(old)

    def on_delete(self, obj: Any) -> None:
        if self.filter_func(obj):
            self.handler.on_delete(obj)


def process_deltas(
    handler: ResourceEventHandler, client_state: Any, deltas: list[Delta], is_in_initial_list: bool
) -> None:
    """Apply each delta (oldest first) to ``client_state`` and notify ``handler``."""
    for d in deltas:
        obj = d.object
        if d.type in (SYNC, REPLACED, ADDED, UPDATED):
            old, exists = client_state.get(obj)
            if exists:
                client_state.update(obj)
                handler.on_update(old, obj)
            else:
                client_state.add(obj)
                handler.on_add(obj, is_in_initial_list)
        elif d.type == DELETED:
            client_state.delete(obj)
            handler.on_delete(obj)
        elif d.type == BOOKMARK:
            if not isinstance(obj, BookmarkInfo):
                raise CacheError(f"bookmark delta did not contain BookmarkInfo: {type(obj)}")
            client_state.bookmark(obj.resource_version)
        elif d.type == SYNC_ALL:
            if not isinstance(obj, SyncAllInfo):
                raise CacheError(f"SyncAll did not contain SyncAllInfo: {type(obj)}")
            for item in client_state.list():
                handler.on_update(item, item)
            return
        elif d.type == REPLACED_ALL:
            if not isinstance(obj, ReplacedAllInfo):
                raise CacheError(f"ReplacedAll did not contain ReplacedAllInfo: {type(obj)}")
            _process_replaced_all(handler, client_state, obj, is_in_initial_list)


def _process_replaced_all(
    handler: ResourceEventHandler, client_state: Any, info: ReplacedAllInfo, in_initial: bool
) -> None:
    new_keys = {client_state.key_func(o) for o in info.objects}
    deletions = []
    for key in client_state.list_keys():
        if key not in new_keys:
            old, _ = client_state.get_by_key(key)
            deletions.append(DeletedFinalStateUnknown(key, old))
    pairs = []
    for obj in info.objects:
        old, exists = client_state.get(obj)
        pairs.append((old if exists else None, exists, obj))
    client_state.replace(info.objects, info.resource_version)
    for tomb in deletions:
        handler.on_delete(tomb)
    for old, exists, obj in pairs:
        if exists:
            handler.on_update(old, obj)
        else:
            handler.on_add(obj, in_initial)


def process_deltas_in_batch(
    handler: ResourceEventHandler, client_state: Any, deltas: list[Delta], is_in_initial_list: bool
) -> None:
    """One store transaction for a batch, then the callbacks of the items that succeeded."""
    if not hasattr(client_state, "transaction"):
        for d in deltas:
            process_deltas(handler, client_state, [d], is_in_initial_list)
        return
    txns, callbacks = [], []
    for d in deltas:
        obj = d.object
        if d.type in (SYNC, REPLACED, ADDED, UPDATED):
            try:
                old, exists = client_state.get(obj)
            except KeyFuncError:
                old, exists = None, False  # the transaction reports this item's failure
            if exists:
                txns.append((TransactionType.UPDATE, obj))
                callbacks.append(lambda o=old, n=obj: handler.on_update(o, n))
            else:
                txns.append((TransactionType.ADD, obj))
                callbacks.append(lambda n=obj: handler.on_add(n, is_in_initial_list))
        elif d.type == DELETED:
            txns.append((TransactionType.DELETE, obj))
            callbacks.append(lambda o=obj: handler.on_delete(o))
        else:
            raise CacheError(f"Delta type {d.type} is not supported in batch processing")
    try:
        client_state.transaction(txns)
    except TransactionError as err:
        for i in err.successful_indices:
            callbacks[i]()
        raise CacheError(f"not all items in the batch successfully processed: {err}") from err
    for cb in callbacks:
        cb()

"""client-go ``tools/cache`` in Python: stores, indexers, FIFOs, reflector, informers.

Upstream: kubernetes/client-go tools/cache/doc.go @ v0.36.3
"""

from k8slearn.tools.cache.controller import (
    FilteringResourceEventHandler,
    ResourceEventHandler,
    ResourceEventHandlerFuncs,
    deletion_handling_meta_namespace_key_func,
    process_deltas,
    process_deltas_in_batch,
)
from k8slearn.tools.cache.delta_fifo import DeltaFIFO
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
from k8slearn.tools.cache.index import NAMESPACE_INDEX, CacheError, meta_namespace_index_func
from k8slearn.tools.cache.listers import Lister, NamespaceLister, list_all, list_all_by_namespace
from k8slearn.tools.cache.listwatch import ListOptions, ListWatch
from k8slearn.tools.cache.reflector import Reflector
from k8slearn.tools.cache.shared_informer import SharedIndexInformer
from k8slearn.tools.cache.store import (
    Cache,
    ExplicitKey,
    KeyFuncError,
    TransactionError,
    meta_namespace_key_func,
    new_indexer,
    new_store,
    split_meta_namespace_key,
)
from k8slearn.tools.cache.the_real_fifo import RealFIFO
from k8slearn.tools.cache.thread_safe_store import ThreadSafeStore

__all__ = [
    "ADDED", "UPDATED", "DELETED", "REPLACED", "REPLACED_ALL", "SYNC", "SYNC_ALL", "BOOKMARK",
    "Delta", "Deltas", "DeletedFinalStateUnknown", "BookmarkInfo", "ReplacedAllInfo",
    "SyncAllInfo", "FIFOClosedError", "DeltaFIFO", "RealFIFO", "ThreadSafeStore", "Cache",
    "new_store", "new_indexer", "meta_namespace_key_func", "split_meta_namespace_key",
    "ExplicitKey", "KeyFuncError", "TransactionError", "CacheError", "NAMESPACE_INDEX",
    "meta_namespace_index_func", "deletion_handling_meta_namespace_key_func",
    "ResourceEventHandler", "ResourceEventHandlerFuncs", "FilteringResourceEventHandler",
    "process_deltas", "process_deltas_in_batch", "Reflector", "ListWatch", "ListOptions",
    "SharedIndexInformer", "Lister", "NamespaceLister", "list_all", "list_all_by_namespace",
]

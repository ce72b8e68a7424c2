"""Index functions and the namespace index.

An ``IndexFunc`` maps an object to the list of values it is indexed under;
``Indexers`` names index functions; ``Indices`` holds, per index name, a map
from indexed value to the set of storage keys.

Upstream: kubernetes/client-go tools/cache/index.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "NAMESPACE_INDEX",
    "IndexFunc",
    "Indexers",
    "Indices",
    "CacheError",
    "meta_namespace_index_func",
    "index_func_to_key_func_adapter",
]

IndexFunc = Callable[[Any], list[str]]
Indexers = dict[str, IndexFunc]
Indices = dict[str, dict[str, set[str]]]

#: ``cache.NamespaceIndex``
NAMESPACE_INDEX = "namespace"


class CacheError(Exception):
    """An error reported by the cache package (messages as upstream)."""


def meta_namespace_index_func(obj: Any) -> list[str]:
    """``MetaNamespaceIndexFunc``: index by ``metadata.namespace`` ("" if cluster-scoped)."""
    meta = getattr(obj, "metadata", None)
    if meta is None:
        raise CacheError(f"object has no meta: {obj!r}")
    return [meta.namespace or ""]


def index_func_to_key_func_adapter(index_func: IndexFunc) -> Callable[[Any], str]:
    """``IndexFuncToKeyFuncAdapter``: an index function that yields exactly one value."""

    def key_func(obj: Any) -> str:
        keys = index_func(obj)
        if len(keys) > 1:
            raise CacheError(f"too many keys: {keys}")
        if not keys:
            raise CacheError(f"unexpected empty indexKeys: {obj!r}")
        return keys[0]

    return key_func

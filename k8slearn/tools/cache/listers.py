"""Listers: read-only views of an informer's indexer.

``list_all`` with an empty selector appends every item without reading
labels; ``list_all_by_namespace`` uses the ``namespace`` index (falling back
to a scan when it is missing).  A ``Lister.get`` miss raises NotFound with the
*singular* resource name, as generated listers do
(``replicaset.apps "web" not found``).

Upstream: kubernetes/client-go tools/cache/listers.go, listers/generic_helpers.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from k8slearn.apiserver.errors import NotFound
from k8slearn.apiserver.registry import resource_info
from k8slearn.apiserver.selection import compile_selector
from k8slearn.tools.cache.index import NAMESPACE_INDEX, CacheError

__all__ = ["list_all", "list_all_by_namespace", "Lister", "NamespaceLister"]


def _everything(selector: Any) -> bool:
    return selector is None or selector == "" or selector == {}


def list_all(store: Any, selector: Any, append: Callable[[Any], None]) -> None:
    """``ListAll``: append every stored item whose labels match ``selector``."""
    items = store.list()
    if _everything(selector):
        for obj in items:
            append(obj)
        return
    match = compile_selector(selector)
    for obj in items:
        if match(obj.metadata.labels or {}):
            append(obj)


def list_all_by_namespace(
    indexer: Any, namespace: str, selector: Any, append: Callable[[Any], None]
) -> None:
    """``ListAllByNamespace``: ``namespace == ""`` lists everything."""
    if not namespace:
        list_all(indexer, selector, append)
        return
    match = compile_selector(selector)
    try:
        items = indexer.by_index(NAMESPACE_INDEX, namespace)
    except CacheError:
        items = [o for o in indexer.list() if o.metadata.namespace == namespace]
    for obj in items:
        if match(obj.metadata.labels or {}):
            append(obj)


class NamespaceLister:
    """``<Kind>NamespaceLister``: list/get within one namespace."""

    def __init__(self, indexer: Any, resource: str, namespace: str) -> None:
        self._indexer, self._info, self._ns = indexer, resource_info(resource), namespace

    def list(self, selector: Any = None) -> list[Any]:
        out: list[Any] = []
        list_all_by_namespace(self._indexer, self._ns, selector, out.append)
        return sorted(out, key=lambda o: o.metadata.name)

    def get(self, name: str) -> Any:
        key = f"{self._ns}/{name}" if self._ns else name
        obj, exists = self._indexer.get_by_key(key)
        if not exists:
            raise NotFound(self._info.singular, self._info.group, name)
        return obj


class Lister:
    """``<Kind>Lister`` over an indexer: ``list(selector)`` and ``namespace(ns)``."""

    def __init__(self, indexer: Any, resource: str) -> None:
        self._indexer, self._resource = indexer, resource

    def list(self, selector: Any = None) -> list[Any]:
        out: list[Any] = []
        list_all(self._indexer, selector, out.append)
        return sorted(out, key=lambda o: (o.metadata.namespace or "", o.metadata.name))

    def namespace(self, namespace: str) -> NamespaceLister:
        return NamespaceLister(self._indexer, self._resource, namespace)

    def get(self, namespace: str, name: str) -> Any:
        return self.namespace(namespace).get(name)

"""Deletion with a propagation policy: Background, Foreground, Orphan.

* **Background** (the default for the served kinds): the owner goes at once;
  the garbage collector (``k8slearn.apiserver.gc``) then deletes dependents
  whose only owner it was.
* **Orphan**: dependents lose their ``ownerReference`` to the owner first
  (upstream: the ``orphan`` finalizer, processed by the garbage collector), so
  nothing is collected; the owner then goes.
* **Foreground**: the owner gets ``deletionTimestamp`` and the
  ``foregroundDeletion`` finalizer and stays visible; :func:`process_foreground`
  (run by the cluster's controller loop, as the garbage collector's
  ``attemptToDelete`` is) deletes its dependents, foreground too, and removes
  the finalizer once none is left, which removes the owner.

Upstream: kubernetes/kubernetes pkg/controller/garbagecollector/garbagecollector.go @ v1.36.0
Upstream: kubernetes/apiserver pkg/registry/generic/registry/store.go @ v0.36.3
"""

from __future__ import annotations

from typing import Any

from k8slearn.apiserver import errors
from k8slearn.apiserver.retry import Backoff, retry_on_conflict

__all__ = ["delete_with_policy", "process_foreground", "dependents_of", "FOREGROUND", "ORPHAN"]

FOREGROUND = "foregroundDeletion"
ORPHAN = "orphan"
_VALID = ("", "Background", "Foreground", "Orphan")
_RETRY = Backoff(steps=10, duration=0.0, factor=1.0, jitter=0.0)


def dependents_of(server: Any, uid: str) -> list[tuple[str, Any]]:
    """``(resource, object)`` of every object with an ownerReference to ``uid``."""
    out = []
    for resource in list(server._objects):
        for obj in server.list(resource).items:
            if any(r.uid == uid for r in obj.metadata.owner_references or []):
                out.append((resource, obj))
    return out


def _edit(server: Any, resource: str, ns: str | None, name: str, fn: Any) -> Any:
    def attempt() -> Any:
        obj = server.get(resource, ns, name)
        fn(obj)
        return server.update(obj)

    return retry_on_conflict(_RETRY, attempt)


def delete_with_policy(server: Any, resource: str, ns: str | None, name: str, policy: str = "",
                       grace: float | None = None, uid: str | None = None,
                       dry_run: bool = False) -> Any:
    """Delete one object as ``DELETE ...?propagationPolicy=<policy>`` does."""
    if policy not in _VALID:
        from k8slearn.api.errors import not_supported
        from k8slearn.cluster.rest import InvalidWithCauses

        raise InvalidWithCauses("DeleteOptions", "", "", [not_supported(
            "propagationPolicy", policy, ["Foreground", "Background", "Orphan", "nil"])])
    obj = server.get(resource, ns, name)
    if uid is not None and obj.metadata.uid != uid:
        raise errors.Conflict(resource, "", name,
                              f"Precondition failed: UID in precondition: {uid}, "
                              f"UID in object meta: {obj.metadata.uid}")
    if dry_run:
        return obj
    if resource == "namespaces":
        _empty_namespace(server, name)
    if policy == "Orphan":
        owner_uid = obj.metadata.uid
        for dep_resource, dep in dependents_of(server, owner_uid):
            def drop(o: Any, u: str = owner_uid) -> None:
                o.metadata.owner_references = [r for r in o.metadata.owner_references
                                               if r.uid != u]
            try:
                _edit(server, dep_resource, dep.metadata.namespace, dep.metadata.name, drop)
            except errors.NotFound:
                pass
    elif policy == "Foreground" and dependents_of(server, obj.metadata.uid):
        def mark(o: Any) -> None:
            if FOREGROUND not in o.metadata.finalizers:
                o.metadata.finalizers = [*o.metadata.finalizers, FOREGROUND]

        _edit(server, resource, ns, name, mark)
        return server.delete(resource, ns, name, grace_period_seconds=grace)
    return server.delete(resource, ns, name, grace_period_seconds=grace)


def _empty_namespace(server: Any, ns: str) -> None:
    """The namespace controller's job, done at once: delete everything in ``ns``.

    Upstream the namespace turns ``Terminating`` and its ``kubernetes`` finalizer
    stays until the namespace controller has deleted every object in it.
    """
    from k8slearn.apiserver.registry import RESOURCES

    for info in list(RESOURCES.values()):
        if not info.namespaced:
            continue
        for obj in server.list(info.resource, ns).items:
            try:
                server.delete(info.resource, ns, obj.metadata.name)
            except errors.NotFound:
                pass  # already collected with its owner


def process_foreground(server: Any) -> int:
    """One pass over owners being deleted in the foreground; returns the writes done."""
    with server._lock:  # a cheap look without copies: is any owner waiting?
        if not any(FOREGROUND in (o.metadata.finalizers or [])
                   for store in server._objects.values() for o in store.values()):
            return 0
    n = 0
    for resource in list(server._objects):
        for owner in server.list(resource).items:
            meta = owner.metadata
            if meta.deletion_timestamp is None or FOREGROUND not in meta.finalizers:
                continue
            deps = dependents_of(server, meta.uid)
            for dep_resource, dep in deps:
                if dep.metadata.deletion_timestamp is not None:
                    continue
                try:
                    delete_with_policy(server, dep_resource, dep.metadata.namespace,
                                       dep.metadata.name, "Foreground")
                    n += 1
                except errors.NotFound:
                    pass
            if not dependents_of(server, meta.uid):
                def unmark(o: Any) -> None:
                    o.metadata.finalizers = [f for f in o.metadata.finalizers
                                             if f != FOREGROUND]
                try:
                    _edit(server, resource, meta.namespace, meta.name, unmark)
                    n += 1
                except errors.NotFound:
                    pass
    return n

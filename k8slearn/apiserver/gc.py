"""A simple garbage collector: deleting an owner deletes its dependents.

When an object is deleted, every object that lists it in
``metadata.ownerReferences`` (matched by UID) loses that reference; a
dependent left with no owner that still exists is deleted too, recursively
(background propagation: a deleted ReplicaSet takes its pods with it).  A
dependent that still has a live owner is kept, and its references to owners
that no longer exist are removed with an update (a MODIFIED event).

Course simplification: upstream's garbage collector is an asynchronous
controller driven by a dependency graph built from informers; here the
collection runs synchronously inside the API server's ``delete``.

Upstream: kubernetes/kubernetes pkg/controller/garbagecollector/garbagecollector.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

__all__ = ["collect"]


def collect(server: Any, owner: Any) -> list[tuple[str, str]]:
    """Delete the dependents of ``owner``; returns ``(resource, key)`` of each deleted one."""
    from k8slearn.apiserver import errors
    from k8slearn.apiserver.deepcopy import deep_copy

    uid = owner.metadata.uid
    deleted: list[tuple[str, str]] = []
    for resource, store in list(server._objects.items()):
        for key, obj in sorted(store.items()):
            refs = obj.metadata.owner_references or []
            if not any(r.uid == uid for r in refs):
                continue
            alive = [
                r for r in refs if r.uid != uid and _exists(server, r.uid)
            ]
            if alive:
                # still owned: drop the dangling references (upstream patches them away)
                keep = deep_copy(obj)
                keep.metadata.owner_references = alive
                server.update(keep)
                continue
            try:
                server.delete(resource, obj.metadata.namespace, obj.metadata.name)
                deleted.append((resource, key))
            except errors.NotFound:
                pass
    return deleted


def _exists(server: Any, uid: str) -> bool:
    return any(o.metadata.uid == uid for s in server._objects.values() for o in s.values())

"""The consistency store: don't sync on a cache older than your own last write.

After the ReplicaSet controller creates a pod (resourceVersion 120) or writes
a status (121), it records those versions per owner.  Before the next sync of
that owner, ``ensure_ready`` compares them with the ``resourceVersion`` each
informer store has reached (``last_store_sync_resource_version``, the version
of the last object it wrote).  If the cache has not caught up, it raises
:class:`ConsistencyError` and the sync is retried with backoff, so a sync
never acts on a cache that does not yet show the controller's own writes.
Once the caches have caught up the record is cleared.

Resource versions are compared as decimal integers
(``resourceversion.CompareResourceVersion``); a malformed one skips the check.

Version note: new in Kubernetes v1.36 behind ``StaleControllerConsistencyReplicaSet``
(beta, on).  Which writes record a version (pod creations and status updates
here) follows the reference notes; whether v1.36.0 also records pod deletions
is unverified, so deletions are not recorded.

Upstream: kubernetes/kubernetes pkg/controller/util/consistency/consistency.go @ v1.36.0
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ConsistencyError", "ConsistencyStore", "compare_resource_version"]

_WELL_FORMED = re.compile(r"^[1-9][0-9]*$")


class ConsistencyError(Exception):
    """``read version: R is not as new as written version: W for group resource G``."""

    def __init__(self, read_rv: str, wrote_rv: str, group_resource: str) -> None:
        super().__init__(
            f"read version: {read_rv} is not as new as written version: {wrote_rv} "
            f"for group resource {group_resource}"
        )
        self.read_rv, self.wrote_rv, self.group_resource = read_rv, wrote_rv, group_resource


def compare_resource_version(a: str, b: str) -> int:
    """-1, 0 or 1; ValueError unless both are well-formed (digits, no leading zero)."""
    for rv in (a, b):
        if not _WELL_FORMED.match(rv or ""):
            raise ValueError(f"resource version is not well formed: {rv}")
    ia, ib = int(a), int(b)
    return (ia > ib) - (ia < ib)


@dataclass
class _Record:
    uid: str
    written: dict[str, str] = field(default_factory=dict)


class ConsistencyStore:
    """Per-owner highest written resourceVersion, per group-resource."""

    def __init__(self, stores: dict[str, Any]) -> None:
        self._stores = dict(stores)  # group-resource -> store with last_store_sync_resource_version
        self._lock = threading.Lock()
        self._records: dict[str, _Record] = {}
        #: how many syncs were skipped because a cache was stale
        self.skips = 0

    def wrote_at(self, owner: str, owner_uid: str, group_resource: str, rv: str) -> None:
        with self._lock:
            rec = self._records.get(owner)
            if rec is None or rec.uid != owner_uid:
                rec = self._records[owner] = _Record(owner_uid)
            old = rec.written.get(group_resource)
            try:
                if old is None or compare_resource_version(rv, old) > 0:
                    rec.written[group_resource] = rv
            except ValueError:
                rec.written[group_resource] = rv

    def ensure_ready(self, owner: str) -> None:
        with self._lock:
            rec = self._records.get(owner)
            if rec is None:
                return
            for gr, wrote in rec.written.items():
                store = self._stores.get(gr)
                if store is None:
                    continue
                read = store.last_store_sync_resource_version()
                if not read:
                    continue
                try:
                    newer = compare_resource_version(wrote, read) > 0
                except ValueError:
                    continue
                if newer:
                    self.skips += 1
                    raise ConsistencyError(read, wrote, gr)
            del self._records[owner]

    def clear(self, owner: str, owner_uid: str = "") -> None:
        with self._lock:
            rec = self._records.get(owner)
            if rec is not None and (not owner_uid or rec.uid == owner_uid):
                del self._records[owner]

"""What every informer queue shares: the closed-queue error and delta types.

Upstream: kubernetes/client-go tools/cache/fifo.go, tools/cache/delta_fifo.go @ v0.36.3
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "FIFOClosedError",
    "ADDED",
    "UPDATED",
    "DELETED",
    "REPLACED",
    "REPLACED_ALL",
    "SYNC",
    "SYNC_ALL",
    "BOOKMARK",
    "Delta",
    "Deltas",
    "DeletedFinalStateUnknown",
    "BookmarkInfo",
    "ReplacedAllInfo",
    "SyncAllInfo",
]

ADDED = "Added"
UPDATED = "Updated"
DELETED = "Deleted"
REPLACED = "Replaced"  # a relist delivered this object (DeltaFIFO with EmitDeltaTypeReplaced)
REPLACED_ALL = "ReplacedAll"  # RealFIFO atomic: the whole relist in one delta
SYNC = "Sync"  # a periodic resync (or a relist, for the backwards-compatible DeltaFIFO)
SYNC_ALL = "SyncAll"  # RealFIFO atomic: one resync delta
BOOKMARK = "Bookmark"  # RealFIFO atomic: a watch bookmark


class FIFOClosedError(Exception):
    """``ErrFIFOClosed``."""

    def __init__(self) -> None:
        super().__init__("DeltaFIFO: manipulating with closed queue")


@dataclass(frozen=True)
class Delta:
    """One change: the type and the object state after it (Deleted: the final state)."""

    type: str
    object: Any


class Deltas(list):
    """Deltas for one object, oldest first."""

    def oldest(self) -> Delta | None:
        return self[0] if self else None

    def newest(self) -> Delta | None:
        return self[-1] if self else None


@dataclass(frozen=True)
class DeletedFinalStateUnknown:
    """A tombstone: a deletion seen only by a relist; ``obj`` may be stale or None."""

    key: str
    obj: Any


@dataclass(frozen=True)
class BookmarkInfo:
    resource_version: str


@dataclass(frozen=True)
class ReplacedAllInfo:
    resource_version: str
    objects: list


@dataclass(frozen=True)
class SyncAllInfo:
    pass

"""How emptyDir finds out what a directory is backed by: tmpfs, hugetlbfs or disk.

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir_linux.go @ v1.36.0

``get_mount_medium(path, requested)`` returns ``(medium, is_mount, page_size)``
and raises on error.  Upstream calls ``statfs(2)`` and compares ``f_type`` with
the tmpfs and hugetlbfs magic numbers.  Python's ``os.statvfs`` has no
``f_type``, so the real detector here calls ``os.statvfs`` (for the error
path) and reads the filesystem type from the mount table (``/proc/mounts``):
the deepest mount point containing the path, the last row winning when a path
is mounted over.  ``FakeMountDetector`` does the same with a ``FakeMounter``'s
table, so notebooks and tests can "mount" tmpfs without privileges.

The returned medium is always bare ``HugePages``, never ``HugePages-<size>``.
For hugetlbfs, unless exactly ``HugePages`` was requested, the page size is read
from the *first* mount-table row for the path (``get_page_size``).
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from k8slearn.volume.mount import FakeMounter, MountPoint, parse_proc_mounts
from k8slearn.volume.util.hugepages import (
    STORAGE_MEDIUM_DEFAULT,
    STORAGE_MEDIUM_HUGEPAGES,
    STORAGE_MEDIUM_MEMORY,
)

__all__ = ["LINUX_TMPFS_MAGIC", "LINUX_HUGETLBFS_MAGIC", "FSTYPE_MAGIC", "MountDetector",
           "RealMountDetector", "FakeMountDetector", "get_page_size", "filesystem_type"]

LINUX_TMPFS_MAGIC = 0x01021994
LINUX_HUGETLBFS_MAGIC = 0x958458F6
#: What statfs(2) would put in f_type for each filesystem type name.
FSTYPE_MAGIC = {"tmpfs": LINUX_TMPFS_MAGIC, "hugetlbfs": LINUX_HUGETLBFS_MAGIC}


class MountDetector(Protocol):
    """``mountDetector``: what backs ``path``, and is it a mount point?"""

    def get_mount_medium(self, path: str, requested_medium: str) -> tuple[str, bool, Any]: ...


def get_page_size(path: str, mounter: Any) -> Any:
    """``getPageSize``: the ``pagesize=`` of the first mount row for ``path`` (2M means 2Mi)."""
    from k8slearn.api.resource import Quantity

    try:
        mount_points = mounter.list()
    except OSError as e:
        raise OSError(f"error listing mount points: {e}") from e
    mp = next((m for m in mount_points if m.path == path), None)
    if mp is None:
        raise ValueError(f"mount point for {path} not found")
    for opt in mp.opts:
        opt = opt.strip()
        if opt.startswith("pagesize="):
            value = opt[len("pagesize="):]
            if not value.endswith("i"):
                value += "i"  # the kernel prints 2M, meaning 2Mi
            try:
                return Quantity(value)
            except ValueError as e:
                raise ValueError(
                    f"error getting page size from '{opt}' mount option: {e}") from e
    raise ValueError(f"no pagesize option specified for {path} mount")


def filesystem_type(path: str, table: list[MountPoint]) -> str:
    """The type of the deepest mount containing ``path`` (last row wins on ties)."""
    best: MountPoint | None = None
    for mp in table:
        root = mp.path.rstrip("/") or "/"
        inside = path == root or path.startswith(root if root == "/" else root + "/")
        if inside and (best is None or len(root) >= len(best.path.rstrip("/") or "/")):
            best = mp
    return best.type if best is not None else ""


class _TableMountDetector:
    def __init__(self, mounter: Any) -> None:
        self.mounter = mounter

    def _table(self) -> list[MountPoint]:
        raise NotImplementedError

    def get_mount_medium(self, path: str, requested_medium: str) -> tuple[str, bool, Any]:
        try:
            not_mnt = self.mounter.is_likely_not_mount_point(path)
        except OSError as e:
            raise OSError(f"IsLikelyNotMountPoint({path}): {e}") from e
        try:
            os.statvfs(path)
        except OSError as e:
            raise OSError(f'statfs("{path}"): {e}') from e
        is_mnt = not not_mnt
        magic = FSTYPE_MAGIC.get(filesystem_type(os.path.abspath(path), self._table()))
        if magic == LINUX_TMPFS_MAGIC:
            return STORAGE_MEDIUM_MEMORY, is_mnt, None
        if magic == LINUX_HUGETLBFS_MAGIC:
            if requested_medium == STORAGE_MEDIUM_HUGEPAGES:
                return STORAGE_MEDIUM_HUGEPAGES, is_mnt, None
            return STORAGE_MEDIUM_HUGEPAGES, is_mnt, get_page_size(path, self.mounter)
        return STORAGE_MEDIUM_DEFAULT, is_mnt, None


class RealMountDetector(_TableMountDetector):
    """``realMountDetector``: the mount table of this machine (``/proc/mounts``)."""

    def __init__(self, mounter: Any, proc_mounts: str = "/proc/mounts") -> None:
        super().__init__(mounter)
        self.proc_mounts = proc_mounts

    def _table(self) -> list[MountPoint]:
        try:
            with open(self.proc_mounts, encoding="utf-8") as f:
                return parse_proc_mounts(f.read())
        except OSError:
            return []


class FakeMountDetector(_TableMountDetector):
    """Detection driven by a ``FakeMounter``'s table: "mounting" tmpfs there makes it Memory."""

    def __init__(self, mounter: FakeMounter) -> None:
        super().__init__(mounter)

    def _table(self) -> list[MountPoint]:
        return self.mounter.list()

"""du-style disk usage of a directory tree: blocks, not apparent sizes.

Upstream: kubernetes/kubernetes pkg/volume/util/fs/fs.go @ v1.36.0

``disk_usage(path)`` walks the tree (the top directory included), adds
``st_blocks * 512`` and one inode for every entry, counts an inode with more
than one hard link only once, and does not descend into other filesystems
(``st_dev`` differs from the top).  This is what ``MetricsDu`` reports as a
volume's ``UsedBytes``, and what the eviction manager compares to ``sizeLimit``.

Upstream first asks the filesystem quota subsystem (XFS/ext4 project quotas)
when quota monitoring is on; that path is not modelled.

Because it counts blocks, usage depends on the filesystem: a 1-byte file
costs a whole block (often 4 KiB), and sparse files cost less than their size.
``apparent_size`` gives the byte count ``du --apparent-size`` would print.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass

__all__ = ["UsageInfo", "STAT_BLOCK_SIZE", "disk_usage", "apparent_size"]

#: ``st_blocks`` is in 512-byte units on Linux and macOS, whatever the filesystem block size.
#: Emscripten's in-memory filesystem (Pyodide, JupyterLite) counts whole 4096-byte blocks.
STAT_BLOCK_SIZE = 4096 if sys.platform == "emscripten" else 512


@dataclass(frozen=True)
class UsageInfo:
    """Bytes used and inodes used (``fs.UsageInfo``)."""

    bytes: int
    inodes: int


def _walk(path: str):
    """Yield ``os.lstat`` of every entry under ``path`` (top first), staying on one device."""
    top = os.stat(path)
    stack = [path]
    while stack:
        p = stack.pop()
        try:
            st = os.lstat(p)
        except FileNotFoundError:
            continue  # vanished while walking: expected
        if st.st_dev != top.st_dev:
            continue  # another filesystem mounted inside: do not descend
        yield st
        if stat.S_ISDIR(st.st_mode):
            try:
                names = sorted(os.listdir(p), reverse=True)
            except FileNotFoundError:
                continue
            stack.extend(os.path.join(p, n) for n in names)


def disk_usage(path: str) -> UsageInfo:
    """Blocks and inodes used by the tree at ``path`` (``fs.DiskUsage``)."""
    if path == "":
        raise ValueError("invalid directory")
    seen: set[int] = set()
    used = inodes = 0
    for st in _walk(path):
        if st.st_nlink > 1:  # directories too (nlink >= 2); each still counts once
            if st.st_ino in seen:
                continue
            seen.add(st.st_ino)
        used += st.st_blocks * STAT_BLOCK_SIZE
        inodes += 1
    return UsageInfo(used, inodes)


def apparent_size(path: str) -> int:
    """Sum of regular-file sizes, hard links counted once (``du -b`` minus directories)."""
    seen: set[int] = set()
    total = 0
    for st in _walk(path):
        if not stat.S_ISREG(st.st_mode) or st.st_ino in seen:
            continue
        seen.add(st.st_ino)
        total += st.st_size
    return total

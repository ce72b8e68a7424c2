"""fsGroup ownership: make a volume's files group-owned and group-writable.

Upstream: kubernetes/kubernetes pkg/volume/volume_linux.go @ v1.36.0

For each file and directory (symlinks are skipped): change the group to
``fsGroup``, add group read/write, and on directories also group execute and
the setgid bit, so that new files inherit the group.  emptyDir calls this in
``SetUp`` even when the medium set-up failed, and ignores the result.  The
``fsGroupChangePolicy`` (OnRootMismatch) shortcut is not modelled: emptyDir
passes no policy, which means "Always".
"""

from __future__ import annotations

import os
import stat

__all__ = ["set_volume_ownership"]


def set_volume_ownership(dir: str, fs_group: int | None) -> None:
    """chgrp -R ``fs_group`` and ``g+rw`` (``g+xs`` on directories); no-op without a group."""
    if fs_group is None:
        return
    for root, dirs, files in os.walk(dir):
        for p in [root] + [os.path.join(root, f) for f in files]:
            if os.path.islink(p):
                continue
            os.chown(p, -1, fs_group)
            mode = stat.S_IMODE(os.lstat(p).st_mode) | 0o660
            if os.path.isdir(p):
                mode |= stat.S_ISGID | 0o110
            os.chmod(p, mode)
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]

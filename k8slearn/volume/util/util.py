"""The "ready" marker file a plugin writes once SetUp has succeeded.

Upstream: kubernetes/kubernetes pkg/volume/util/util.go @ v1.36.0

``set_ready`` never fails: like upstream's ``SetReady`` it only logs.
``is_ready`` is true only for a *regular file* named ``ready``.
``is_local_ephemeral_volume`` says which pod volumes count as the pod's local
ephemeral storage: gitRepo, configMap and emptyDir with the *default* medium
only (``medium == ""``), so neither ``Memory`` nor ``HugePages`` volumes count.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
from typing import Any

__all__ = ["READY_FILE_NAME", "is_ready", "set_ready", "remove_all", "is_local_ephemeral_volume"]

READY_FILE_NAME = "ready"
log = logging.getLogger(__name__)


def is_ready(dir: str) -> bool:
    """True iff ``dir/ready`` exists and is a regular file (``IsReady``)."""
    path = os.path.join(dir, READY_FILE_NAME)
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        log.error("ready-file is not a file: %s", path)
        return False
    return True


def set_ready(dir: str) -> None:
    """Create ``dir`` (0750) and an empty ``dir/ready``; errors are logged, never raised."""
    try:
        os.makedirs(dir, 0o750, exist_ok=True)
    except OSError as e:
        log.error("Can't mkdir %s: %s", dir, e)
        return
    path = os.path.join(dir, READY_FILE_NAME)
    try:
        with open(path, "w", encoding="utf-8"):
            pass
    except OSError as e:
        log.error("Can't touch %s: %s", path, e)


def remove_all(path: str) -> None:
    """Go's ``os.RemoveAll``: a missing path is fine; a symlink is removed, never followed."""
    if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
        os.unlink(path)
    elif os.path.lexists(path):
        shutil.rmtree(path)


def is_local_ephemeral_volume(volume: Any) -> bool:
    """``IsLocalEphemeralVolume``: gitRepo, configMap, or an emptyDir on the node's disk."""
    empty_dir = getattr(volume, "empty_dir", None)
    return (getattr(volume, "git_repo", None) is not None
            or (empty_dir is not None and (empty_dir.medium or "") == "")
            or getattr(volume, "config_map", None) is not None)

"""Whether tmpfs accepts the ``noswap`` mount option on this node.

Upstream: kubernetes/kubernetes pkg/kubelet/util/swap/swap_util.go @ v1.36.0

Upstream answers once per process (``sync.Once``): false on Windows or inside a
user namespace; true when the kernel is at least 6.4
(``TmpfsNoswapSupportKernelVersion``); otherwise a trial tmpfs mount with
``noswap`` decides.  The course takes the answer from the caller (the
``VolumeHost``) or from the kernel version, and never does a trial mount.
"""

from __future__ import annotations

import platform
import re

__all__ = ["TMPFS_NOSWAP_OPTION", "TMPFS_NOSWAP_SUPPORT_KERNEL_VERSION",
           "kernel_supports_noswap"]

TMPFS_NOSWAP_OPTION = "noswap"
TMPFS_NOSWAP_SUPPORT_KERNEL_VERSION = (6, 4)


def kernel_supports_noswap(release: str | None = None) -> bool:
    """True when ``release`` (default: this kernel) is Linux 6.4 or newer."""
    if release is None:
        if platform.system() != "Linux":
            return False
        release = platform.release()
    m = re.match(r"(\d+)\.(\d+)", release)
    if not m:
        return False
    return (int(m.group(1)), int(m.group(2))) >= TMPFS_NOSWAP_SUPPORT_KERNEL_VERSION

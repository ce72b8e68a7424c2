"""The VolumeHost: where a plugin's directories live on the node, and its mounter.

Upstream: kubernetes/kubernetes pkg/volume/plugins.go, pkg/kubelet/kubelet_getters.go @ v1.36.0

Layout under the kubelet root (``--root-dir``, default ``/var/lib/kubelet``)::

    <root>/pods/<podUID>/volumes/<escaped plugin>/<volume>     data (GetPodVolumeDir)
    <root>/pods/<podUID>/plugins/<escaped plugin>              per-pod plugin dir
    <root>/plugins/<escaped plugin>                            node-wide plugin dir

"Escaped" replaces ``/`` with ``~`` (``EscapeQualifiedName``), so
``kubernetes.io/empty-dir`` becomes ``kubernetes.io~empty-dir``.

Path safety (course addition): upstream relies on API validation (volume names
are DNS labels, UIDs are UUIDs).  Here every path component is checked before it
is joined, and the result must stay inside ``root_dir``; anything else raises
``ValueError``.  No path outside the root is ever built.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["VolumeHost", "escape_qualified_name", "check_path_component"]

PODS_DIR = "pods"
VOLUMES_DIR = "volumes"
PLUGINS_DIR = "plugins"


def escape_qualified_name(name: str) -> str:
    """``kubernetes.io/empty-dir`` -> ``kubernetes.io~empty-dir`` (``utilstrings``)."""
    return name.replace("/", "~")


def check_path_component(what: str, value: Any) -> str:
    """Reject anything that is not a single, plain path component."""
    if not isinstance(value, str) or value == "":
        raise ValueError(f"invalid {what} {value!r}: must be a non-empty string")
    if value in (".", "..") or "/" in value or "\\" in value or "\x00" in value:
        raise ValueError(
            f"invalid {what} {value!r}: must be a single path component "
            "(no '/', '..' or absolute paths)")
    return value


class VolumeHost:
    """Paths and services the kubelet offers to volume plugins (``volume.VolumeHost``).

    ``node_allocatable_memory`` is bytes (an int), a ``Quantity`` or a quantity
    string such as ``"16Gi"``; ``None`` means "unknown", which
    reads as zero memory, like upstream's fake host with an empty ResourceList
    (and then a Memory volume gets no ``size=`` option at all).

    ``tmpfs_noswap``: whether tmpfs takes ``noswap``.  ``None`` asks the kernel
    version for a real mounter and answers False for a ``FakeMounter``, so that
    simulated runs print the same options on every machine.  ``fs_quota``: an
    object with ``supports_quotas(dir)`` and ``assign_quota(dir, uid, size)``,
    or None (no project quotas, the common case).
    """

    def __init__(self, root_dir: str | os.PathLike, mounter: Any,
                 node_allocatable_memory: int | str | Any = None, *,
                 tmpfs_noswap: bool | None = None, fs_quota: Any = None) -> None:
        self.root_dir = os.path.abspath(os.fspath(root_dir))
        self.mounter = mounter
        self.node_allocatable_memory = node_allocatable_memory
        self.tmpfs_noswap = tmpfs_noswap
        self.fs_quota = fs_quota

    # -- paths
    def _inside(self, *parts: str) -> str:
        path = os.path.join(self.root_dir, *parts)
        real_root = os.path.realpath(self.root_dir)
        real = os.path.realpath(path)
        if os.path.commonpath([real_root, real]) != real_root:
            raise ValueError(f"path {os.path.relpath(path, self.root_dir)!r} escapes the "
                             "kubelet root directory")
        return path

    def get_pods_dir(self) -> str:
        return self._inside(PODS_DIR)

    def get_pod_dir(self, pod_uid: str) -> str:
        return self._inside(PODS_DIR, check_path_component("pod UID", pod_uid))

    def get_pod_volume_dir(self, pod_uid: str, plugin_name: str, volume_name: str) -> str:
        """``GetPodVolumeDir``: ``plugin_name`` must already be escaped."""
        return self._inside(PODS_DIR, check_path_component("pod UID", pod_uid), VOLUMES_DIR,
                            check_path_component("plugin name", plugin_name),
                            check_path_component("volume name", volume_name))

    def get_pod_plugin_dir(self, pod_uid: str, plugin_name: str) -> str:
        return self._inside(PODS_DIR, check_path_component("pod UID", pod_uid), PLUGINS_DIR,
                            check_path_component("plugin name", plugin_name))

    def get_plugin_dir(self, plugin_name: str) -> str:
        """The node-wide directory for a plugin (``GetPluginDir``)."""
        return self._inside(PLUGINS_DIR, escape_qualified_name(plugin_name))

    # -- services
    def get_mounter(self) -> Any:
        return self.mounter

    def tmpfs_noswap_supported(self) -> bool:
        """``swap.IsTmpfsNoswapOptionSupported`` (see ``k8slearn.volume.util.swap``)."""
        if self.tmpfs_noswap is not None:
            return self.tmpfs_noswap
        from k8slearn.volume.mount import FakeMounter
        from k8slearn.volume.util.swap import kernel_supports_noswap

        return False if isinstance(self.mounter, FakeMounter) else kernel_supports_noswap()

    def get_node_allocatable(self) -> dict[str, Any]:
        """``GetNodeAllocatable``: a ResourceList; only ``memory`` is modelled."""
        from k8slearn.api.resource import Quantity

        mem = self.node_allocatable_memory
        if mem is None:
            return {}
        if isinstance(mem, Quantity):
            return {"memory": mem}
        if isinstance(mem, str):
            return {"memory": Quantity(mem)}
        return {"memory": Quantity(str(int(mem)))}

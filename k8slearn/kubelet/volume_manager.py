# ruff: noqa: E501  (the Upstream line below is one line by convention)
"""The kubelet volume manager: volumes exist while the pod's containers may run.

Upstream: kubernetes/kubernetes pkg/kubelet/volumemanager/volume_manager.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/kubelet/volumemanager/reconciler/reconciler.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/kubelet/volumemanager/populator/desired_state_of_world_populator.go @ v1.36.0

Upstream runs a reconciler loop that compares a "desired state of world" (the
pods on the node) with an "actual state of world" (what is mounted) and calls
each plugin's SetUp/TearDown until they agree; ``WaitForAttachAndMount``
blocks pod start until every volume is set up.  Here the two calls are made
directly and synchronously:

* ``mount_pod_volumes(pod)`` sets up every volume of the pod, in spec order,
  before any container starts.  The first plugin whose ``can_support`` says
  yes handles a volume; a volume no plugin supports raises, like upstream's
  "no volume plugin matched" error, unless ``ignore_unsupported=True`` (a
  course convenience for simulators whose pods carry configMap or secret
  volumes that no Python plugin models yet: those are skipped).
* ``populate(pod_workers)`` is one pass of the desired-state populator and the
  reconciler: every pod whose runtime should be removed
  (``ShouldPodRuntimeBeRemoved``: its containers have stopped) loses its
  volumes from the desired state, and each is torn down.  The pod's
  ``pods/<uid>`` directory stays: the pod may still exist in the API server.
* ``tear_down_pod_volumes(uid)`` tears down every volume found *on disk* for
  the UID (as upstream's reconstruction does after a kubelet restart: the
  unmounter gets only a name and a UID).  ``unmount_pod_volumes(pod)`` does
  that and then removes the pod's now-empty directories, like the kubelet's
  orphaned-pod-dir cleanup once the pod is deleted.  Both are idempotent.
* ``forget_state()`` drops the in-memory state, as a kubelet restart does; the
  next ``mount_pod_volumes`` runs ``SetUp`` again and the ready marker makes it
  a no-op for volumes that are still in place.
"""

from __future__ import annotations

import os
from typing import Any

from k8slearn.volume.host import VOLUMES_DIR, escape_qualified_name
from k8slearn.volume.spec import Spec
from k8slearn.volume.util.fs import UsageInfo, disk_usage

__all__ = ["VolumeManager"]


class VolumeManager:
    """Sets up and tears down the volumes of pods with one plugin (emptyDir in this course)."""

    def __init__(self, plugin: Any, host: Any, *, ignore_unsupported: bool = False) -> None:
        self.plugins = list(plugin) if isinstance(plugin, (list, tuple)) else [plugin]
        self.plugin = self.plugins[0]
        self.host = host
        self.ignore_unsupported = ignore_unsupported
        for p in self.plugins:
            if getattr(p, "host", None) is None:
                p.init(host)
        #: pod UID -> {volume name: mounter}, the "actual state of world"
        self._mounted: dict[str, dict[str, Any]] = {}

    def mount_pod_volumes(self, pod: Any) -> dict[str, str]:
        """Set up all of ``pod``'s volumes; returns {volume name: host path}."""
        uid = pod.metadata.uid
        fs_group = None
        sc = getattr(pod.spec, "security_context", None)
        if isinstance(sc, dict):
            fs_group = sc.get("fsGroup")
        elif sc is not None:
            fs_group = getattr(sc, "fs_group", None)
        mounted = self._mounted.setdefault(uid, {})
        paths = {}
        for i, vol in enumerate(pod.spec.volumes or []):
            spec = Spec(volume=vol)
            plugin = next((p for p in self.plugins if p.can_support(spec)), None)
            if plugin is None:
                if self.ignore_unsupported:
                    continue
                raise ValueError(f"spec.volumes[{i}]: no volume plugin matched {vol.name!r}")
            mounter = plugin.new_mounter(spec, pod)
            mounter.set_up(fs_group=fs_group)
            mounted[vol.name] = mounter
            paths[vol.name] = mounter.get_path()
        return paths

    def volumes_on_disk(self, pod_uid: str, plugin: Any = None) -> list[str]:
        """Volume names of ``plugin`` that have a directory or a ready marker for this UID."""
        plugin_dir = escape_qualified_name((plugin or self.plugin).get_plugin_name())
        names: set[str] = set()
        pod_dir = self.host.get_pod_dir(pod_uid)
        for d in (os.path.join(pod_dir, VOLUMES_DIR, plugin_dir),
                  self.host.get_pod_plugin_dir(pod_uid, plugin_dir)):
            if os.path.isdir(d):
                names.update(os.listdir(d))
        return sorted(names)

    def tear_down_pod_volumes(self, pod: Any) -> list[str]:
        """Tear down every volume of the pod (``pod`` may be a UID), keep its directories."""
        uid = pod if isinstance(pod, str) else pod.metadata.uid
        mounted = self._mounted.get(uid, {})
        done: list[str] = []
        for plugin in self.plugins:
            names = set(self.volumes_on_disk(uid, plugin))
            names |= {n for n, m in mounted.items() if m.plugin is plugin}
            for name in sorted(names):
                plugin.new_unmounter(name, uid).tear_down()
            done += sorted(names)
        self._mounted.pop(uid, None)
        return done

    def unmount_pod_volumes(self, pod: Any) -> list[str]:
        """Tear down every volume of the pod, then remove its empty directories."""
        uid = pod if isinstance(pod, str) else pod.metadata.uid
        done = self.tear_down_pod_volumes(uid)
        self.cleanup_pod_dir(uid)
        return done

    def populate(self, pod_workers: Any) -> dict[str, list[str]]:
        """Populator + reconciler: tear down the volumes of pods whose containers stopped."""
        torn: dict[str, list[str]] = {}
        for uid in sorted(self._mounted):
            if pod_workers.should_pod_runtime_be_removed(uid):
                torn[uid] = self.tear_down_pod_volumes(uid)
        return torn

    def pod_volumes_exist(self, pod: Any) -> bool:
        """``podVolumesExist``: anything still mounted or on disk for this pod?"""
        uid = pod if isinstance(pod, str) else pod.metadata.uid
        return bool(self._mounted.get(uid)) or any(
            self.volumes_on_disk(uid, p) for p in self.plugins)

    def forget_state(self) -> None:
        """A kubelet restart: the actual state of world is rebuilt from disk on demand."""
        self._mounted.clear()

    def cleanup_pod_dir(self, uid: str) -> None:
        """Remove the pod's directories bottom-up, but only those that are empty."""
        pod_dir = self.host.get_pod_dir(uid)
        if not os.path.isdir(pod_dir):
            return
        for root, _dirs, _files in os.walk(pod_dir, topdown=False):
            try:
                os.rmdir(root)
            except OSError:
                pass  # not empty: something else still lives there

    def get_volume_path(self, pod: Any, name: str) -> str:
        """Where volume ``name`` of ``pod`` lives on the host."""
        mounter = self._mounted.get(pod.metadata.uid, {}).get(name)
        if mounter is None:
            raise KeyError(f"volume {name!r} of pod {pod.metadata.uid!r} is not mounted")
        return mounter.get_path()

    def mounted_volume_names(self, pod: Any) -> list[str]:
        return list(self._mounted.get(pod.metadata.uid, {}))

    def get_volume_stats(self, pod: Any) -> dict[str, UsageInfo]:
        """du of every mounted volume of ``pod`` (what ``MetricsDu`` feeds the summary API)."""
        out = {}
        for name, mounter in self._mounted.get(pod.metadata.uid, {}).items():
            path = mounter.get_path()
            if os.path.isdir(path):
                out[name] = disk_usage(path)
        return out

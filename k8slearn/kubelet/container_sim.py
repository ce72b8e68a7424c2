"""A container runtime simulator: containers are records, but what they write is real.

Upstream: none (course tooling)

The kubelet's real counterparts are the container runtime (CRI) and the pod
workers in pkg/kubelet; this module is only a stage on which the emptyDir
story can be told on a real filesystem:

* ``run_pod(pod)`` asks the volume manager to set up every volume *first*,
  then starts the containers (status Running, ready).
* ``write_file`` / ``read_file`` act on real files inside the volume's host
  directory, as a process in the container would through its volumeMount.
* ``crash(pod, container)`` terminates a container and restarts it at once
  (restartPolicy Always; the CrashLoopBackOff delay is not modelled).  The
  restart count goes up; the volume is untouched, so its data survives.
* ``kill_pod(pod, message)`` (what the eviction manager calls) and
  ``complete_pod(pod)`` (every container of a Job pod exits 0) end the pod:
  its containers stop, the pod worker reaches *terminated*, the volume
  manager's populator drops the pod's volumes and the reconciler tears them
  down (``k8slearn.kubelet.pod_workers``).  The pod object is still there
  (phase Failed or Succeeded) but the emptyDir data is gone.
* ``delete_pod(pod)`` ends a running pod the same way, then removes the pod's
  directories (orphaned-pod-dir cleanup); the data is gone.
* ``kubelet_restart(pods)``: containers keep running, the volume manager
  forgets its state and sets every volume up again (a no-op thanks to the ready
  marker).  ``node_reboot(pods)``: every container dies, whatever was on tmpfs
  or hugetlbfs is lost (RAM), disk directories stay; the kubelet then sets the
  volumes up again (a fresh, empty tmpfs) and restarts the containers.

Memory accounting for ``medium: Memory``.  On Linux, tmpfs pages are charged to
the memory cgroup of the process that wrote them, so they count against that
container's (and the pod's) memory limit, and they stay charged after the
writer exits (the kernel moves the charge up to the parent, the pod cgroup).
The simulation keeps, per container, ``memory_bytes`` (its own memory) and
``tmpfs_charged`` (bytes it wrote to tmpfs-backed volumes); on a crash the
container's tmpfs charge moves to the pod.  ``memory_usage(pod)`` reports
both.  A write that takes a container over its memory limit OOM-kills it
(reason ``OOMKilled``, then a restart); a write that would exceed the tmpfs
``size=`` option fails with ENOSPC, as the kernel does.  Whether a volume is
tmpfs is read from the mount table, never from the pod spec.  Sizes here are
apparent bytes (tmpfs charges whole pages; the difference is ignored).
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from typing import Any

from k8slearn.kubelet.cm import container_limit
from k8slearn.kubelet.eviction import REASON as EVICTED
from k8slearn.kubelet.eviction import ContainerStats, PodStats
from k8slearn.kubelet.pod_workers import PodWorkers
from k8slearn.volume.emptydir.empty_dir import mount_detector_for
from k8slearn.volume.mount import FakeMounter
from k8slearn.volume.util.fs import apparent_size
from k8slearn.volume.util.util import remove_all

__all__ = ["SimContainer", "ContainerRuntime", "MemoryUsage"]


@dataclass
class SimContainer:
    """The runtime's view of one container."""

    name: str
    state: str = "waiting"  # waiting | running | terminated
    restart_count: int = 0
    last_termination_reason: str | None = None
    exit_code: int | None = None  # of the current state, once terminated
    reason: str | None = None  # of the current state, once terminated
    memory_bytes: int = 0
    tmpfs_charged: int = 0
    rootfs_used: int = 0
    logs_used: int = 0


@dataclass
class MemoryUsage:
    """Memory of a pod: per container (own + tmpfs it wrote) and the pod total."""

    containers: dict[str, int] = field(default_factory=dict)
    reparented_tmpfs: int = 0

    @property
    def pod_total(self) -> int:
        return sum(self.containers.values()) + self.reparented_tmpfs


#: exit codes shown in lastState for the simulated termination reasons (default 1)
_LAST_EXIT_CODES = {"OOMKilled": 137, "Unknown": 255}


class ContainerRuntime:
    """Runs simulated containers for pods whose volumes come from a ``VolumeManager``."""

    def __init__(self, volume_manager: Any) -> None:
        self.volume_manager = volume_manager
        self._pods: dict[str, dict[str, SimContainer]] = {}
        self._reparented: dict[str, int] = {}
        self.pod_workers = PodWorkers()
        #: kubelet log lines in klog's structured text form, in order (these are
        #: V(4) lines upstream: a kubelet at the default verbosity does not print them)
        self.log: list[str] = []

    # -- lifecycle
    def run_pod(self, pod: Any) -> None:
        """Set up the volumes, then start every container."""
        self.pod_workers.update_pod(pod.metadata.uid)
        self.volume_manager.mount_pod_volumes(pod)
        self.start_containers(pod)

    def start_containers(self, pod: Any) -> None:
        """Start every container; the volumes must already be set up."""
        missing = [v.name for v in pod.spec.volumes or []
                   if v.name not in self.volume_manager.mounted_volume_names(pod)]
        if missing:
            raise RuntimeError(f"volumes {missing} of pod {pod.metadata.uid!r} are not set up")
        containers = {c.name: SimContainer(c.name, state="running") for c in pod.spec.containers}
        self._pods[pod.metadata.uid] = containers
        self._reparented[pod.metadata.uid] = 0
        self._sync_status(pod)

    def crash(self, pod: Any, container: str, reason: str = "Error") -> SimContainer:
        """The container exits; it is restarted at once and its restart count goes up."""
        c = self.container(pod, container)
        self._reparented[pod.metadata.uid] += c.tmpfs_charged
        c.tmpfs_charged = 0
        c.memory_bytes = 0
        c.last_termination_reason = reason
        c.restart_count += 1
        c.state = "running"
        self._sync_status(pod)
        return c

    def _terminate(self, pod: Any, phase: str | None, exit_code: int, reason: str) -> list[str]:
        """Stop every container, then let the volume manager tear the volumes down."""
        uid = pod.metadata.uid
        self.pod_workers.update_pod(uid)
        if self.pod_workers.should_pod_runtime_be_removed(uid):
            return []  # already terminated
        self.pod_workers.start_terminating(uid)
        for c in self._pods.get(uid, {}).values():  # SyncTerminatingPod
            c.state, c.exit_code, c.reason = "terminated", exit_code, reason
        self._reparented[uid] = 0
        self.pod_workers.complete_terminating(uid)
        torn = self.volume_manager.populate(self.pod_workers).get(uid, [])
        if not self.volume_manager.pod_volumes_exist(pod):  # SyncTerminatedPod
            self.log.append(f'"Pod termination unmounted volumes" pod="{_kobj(pod)}" '
                            f'podUID="{pod.metadata.uid}"')
        if phase is not None:
            self._sync_status(pod, phase)
        return torn

    def kill_pod(self, pod: Any, message: str) -> None:
        """Evict: the pod ends Failed / Evicted with ``message``; its volumes are torn down."""
        status = getattr(pod, "status", None)
        if status is not None:
            status.reason, status.message = EVICTED, message
        self._terminate(pod, "Failed", 137, "Error")

    def complete_pod(self, pod: Any) -> list[str]:
        """Every container exits 0 (a Job's pod): phase Succeeded, volumes torn down."""
        return self._terminate(pod, "Succeeded", 0, "Completed")

    def delete_pod(self, pod: Any) -> list[str]:
        """Stop the containers, tear the volumes down, remove the pod's directories.

        Returns the volumes torn down by this call (none for a pod that had
        already terminated: its volumes went at termination).
        """
        uid = pod.metadata.uid
        torn = self._terminate(pod, None, 137, "Error")
        self._pods.pop(uid, None)
        self._reparented.pop(uid, None)
        torn += self.volume_manager.unmount_pod_volumes(pod)  # orphaned pod dirs; idempotent
        self.pod_workers.forget(uid)
        return torn

    def _restart_workers(self, pods: list[Any]) -> set[str]:
        """A new kubelet process: workers start from the pods the API lists; returns the
        UIDs of pods already in a terminal phase (they go straight to terminated)."""
        self.pod_workers.reset()
        terminated = set()
        for pod in pods:
            uid = pod.metadata.uid
            self.pod_workers.update_pod(uid)
            if getattr(getattr(pod, "status", None), "phase", None) in ("Succeeded", "Failed"):
                self.pod_workers.start_terminating(uid)
                self.pod_workers.complete_terminating(uid)
                terminated.add(uid)
        return terminated

    def kubelet_restart(self, pods: list[Any]) -> None:
        """The kubelet restarts; containers keep running; volumes are set up again."""
        terminated = self._restart_workers(pods)
        self.volume_manager.forget_state()
        for pod in pods:
            if pod.metadata.uid not in terminated:
                self.volume_manager.mount_pod_volumes(pod)  # ready marker: a no-op

    def node_reboot(self, pods: list[Any]) -> None:
        """Power cycle: tmpfs/hugetlbfs contents vanish, containers die and are restarted."""
        mounter = self.volume_manager.host.get_mounter()
        if not isinstance(mounter, FakeMounter):
            raise RuntimeError("node_reboot needs a FakeMounter (it cannot reboot this machine)")
        for mp in mounter.list():
            if mp.type in ("tmpfs", "hugetlbfs") and os.path.isdir(mp.path):
                for name in os.listdir(mp.path):  # the files lived in RAM
                    remove_all(os.path.join(mp.path, name))
                mounter.unmount(mp.path)
        mounter.reset_log()
        terminated = self._restart_workers(pods)
        self.volume_manager.forget_state()
        for pod in pods:
            uid = pod.metadata.uid
            if uid in terminated:
                continue
            self.volume_manager.mount_pod_volumes(pod)  # disk: no-op; Memory: a new tmpfs
            self._reparented[uid] = 0
            for c in self._pods.get(uid, {}).values():
                c.tmpfs_charged = c.memory_bytes = 0
                c.last_termination_reason = "Unknown"
                c.restart_count += 1
                c.state = "running"
            self._sync_status(pod)

    def container(self, pod: Any, name: str) -> SimContainer:
        try:
            return self._pods[pod.metadata.uid][name]
        except KeyError:
            raise KeyError(f"container {name!r} of pod {pod.metadata.uid!r} is not running") \
                from None

    # -- file access from inside a container
    def _resolve(self, pod: Any, volume: str, relpath: str) -> str:
        base = self.volume_manager.get_volume_path(pod, volume)
        if os.path.isabs(relpath):
            raise ValueError(f"path {relpath!r} must be relative to the volume")
        target = os.path.normpath(os.path.join(base, relpath))
        real_base = os.path.realpath(base)
        if os.path.commonpath([real_base, os.path.realpath(target)]) != real_base:
            raise ValueError(f"path {relpath!r} escapes volume {volume!r}")
        return target

    def _tmpfs_size(self, path: str) -> tuple[bool, int | None]:
        mounter = self.volume_manager.host.get_mounter()
        medium, is_mnt, _ = mount_detector_for(mounter).get_mount_medium(path, "")
        if medium != "Memory":
            return False, None
        for mp in mounter.list():
            if mp.path == os.path.abspath(path):
                for opt in mp.opts:
                    if opt.startswith("size="):
                        return True, int(opt[len("size="):])
        return True, None

    def write_file(self, pod: Any, container: str, volume: str, relpath: str,
                   data: bytes | str) -> int:
        """Write ``data`` to ``relpath`` in ``volume`` as ``container``; returns bytes written."""
        c = self.container(pod, container)
        if isinstance(data, str):
            data = data.encode()
        target = self._resolve(pod, volume, relpath)
        vol_path = self.volume_manager.get_volume_path(pod, volume)
        on_tmpfs, size = self._tmpfs_size(vol_path)
        old = os.path.getsize(target) if os.path.isfile(target) else 0
        grow = len(data) - old
        if on_tmpfs and size is not None and apparent_size(vol_path) + grow > size:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), relpath)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
        if on_tmpfs:
            c.tmpfs_charged += grow
            spec = next(x for x in pod.spec.containers if x.name == container)
            limit = container_limit(spec, "memory")
            if limit and c.memory_bytes + c.tmpfs_charged > limit:
                self.crash(pod, container, reason="OOMKilled")
        return len(data)

    def read_file(self, pod: Any, container: str, volume: str, relpath: str) -> bytes:
        self.container(pod, container)
        with open(self._resolve(pod, volume, relpath), "rb") as f:
            return f.read()

    def set_memory(self, pod: Any, container: str, nbytes: int) -> None:
        """Set the container's own (non-tmpfs) memory use."""
        self.container(pod, container).memory_bytes = nbytes

    # -- accounting
    def memory_usage(self, pod: Any) -> MemoryUsage:
        uid = pod.metadata.uid
        containers = {n: c.memory_bytes + c.tmpfs_charged
                      for n, c in self._pods.get(uid, {}).items()}
        return MemoryUsage(containers, self._reparented.get(uid, 0))

    def pod_stats(self, pod: Any) -> PodStats:
        """Stats for the eviction manager: du of each volume, and container fs usage."""
        vols = {n: u.bytes for n, u in self.volume_manager.get_volume_stats(pod).items()}
        cs = [ContainerStats(c.name, c.rootfs_used, c.logs_used)
              for c in self._pods.get(pod.metadata.uid, {}).values()]
        return PodStats(volume_used=vols, containers=cs)

    def _sync_status(self, pod: Any, phase: str = "Running") -> None:
        """Mirror the simulated state into ``pod.status`` when the api objects allow it."""
        status = getattr(pod, "status", None)
        if status is None:
            return
        try:
            from k8slearn.api.core import (
                ContainerState,
                ContainerStateRunning,
                ContainerStateTerminated,
                ContainerStatus,
            )
        except ImportError:
            return
        status.phase = phase
        statuses = []
        for c in self._pods.get(pod.metadata.uid, {}).values():
            last = ContainerState()
            if c.last_termination_reason is not None:
                last = ContainerState(terminated=ContainerStateTerminated(
                    exit_code=_LAST_EXIT_CODES.get(c.last_termination_reason, 1),
                    reason=c.last_termination_reason))
            state = ContainerState(running=ContainerStateRunning())
            if c.state == "terminated":
                state = ContainerState(terminated=ContainerStateTerminated(
                    exit_code=c.exit_code or 0, reason=c.reason))
            statuses.append(ContainerStatus(
                name=c.name, ready=c.state == "running", restart_count=c.restart_count,
                state=state, last_state=last))
        status.container_statuses = statuses


def _kobj(pod: Any) -> str:
    """``klog.KObj``: namespace/name."""
    meta = pod.metadata
    return f"{getattr(meta, 'namespace', '') or 'default'}/{getattr(meta, 'name', '')}"

"""What happens to emptyDir data on each pod and node event: the lifecycle matrix, by running it.

Upstream: kubernetes/kubernetes pkg/kubelet/pod_workers.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/kubelet/volumemanager/populator/desired_state_of_world_populator.go @ v1.36.0

``run_event(event)`` builds a fresh simulated node (a temporary kubelet root,
a ``FakeMounter``, the emptyDir plugin, the volume manager and the container
simulator), runs a pod with a disk emptyDir and a ``Memory`` emptyDir, writes
a file into each, applies one event, and reports what is left: whether each
file still exists, whether ``kubectl get pod`` would still list the pod, its
phase, and the restart count.  ``lifecycle_matrix()`` does that for every event
in ``EVENTS``.  Nothing is hard-coded: each row is what the model did.
"""

# ruff: noqa: E501  (the Upstream line above is one line by convention)

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

__all__ = ["EVENTS", "Outcome", "run_event", "lifecycle_matrix", "matrix_rows"]

EVENTS = ("container crash", "kubelet restart", "node reboot", "eviction", "Job completion",
          "pod deletion")

_POD = """
apiVersion: v1
kind: Pod
metadata: {{name: {name}, namespace: default, uid: {uid}}}
spec:
  restartPolicy: {restart}
  containers:
  - {{name: app, image: busybox}}
  volumes:
  - {{name: disk, emptyDir: {{}}}}
  - {{name: mem, emptyDir: {{medium: Memory}}}}
"""


@dataclass(frozen=True)
class Outcome:
    """What is left after one event."""

    event: str
    disk_data: str  # "kept" | "deleted"
    memory_data: str  # "kept" | "lost" | "deleted"
    pod_listed: bool
    phase: str
    restarts: int


def _exists(path: str) -> bool:
    return os.path.isfile(path)


def run_event(event: str, root: str | None = None) -> Outcome:
    """Run one event on a fresh simulated node (under ``root``, or a temporary directory)."""
    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}; one of {', '.join(EVENTS)}")
    if root is None:
        with tempfile.TemporaryDirectory(prefix="kubelet-") as tmp:
            return run_event(event, tmp)

    import k8slearn.api as api
    from k8slearn.kubelet.container_sim import ContainerRuntime
    from k8slearn.kubelet.eviction import EMPTY_DIR_MESSAGE_FMT, go_quote
    from k8slearn.kubelet.volume_manager import VolumeManager
    from k8slearn.volume.emptydir import EmptyDirPlugin
    from k8slearn.volume.host import VolumeHost
    from k8slearn.volume.mount import FakeMounter

    host = VolumeHost(root, FakeMounter(), node_allocatable_memory="1Gi")
    runtime = ContainerRuntime(VolumeManager(EmptyDirPlugin(), host))
    restart = "Never" if event == "Job completion" else "Always"
    pod = api.load(_POD.format(name="demo", uid="demo-uid", restart=restart))[0]
    runtime.run_pod(pod)
    paths = {}
    for vol in ("disk", "mem"):
        runtime.write_file(pod, "app", vol, "data.txt", f"{vol} data\n")
        paths[vol] = os.path.join(runtime.volume_manager.get_volume_path(pod, vol), "data.txt")

    listed = True
    if event == "container crash":
        runtime.crash(pod, "app")
    elif event == "kubelet restart":
        runtime.kubelet_restart([pod])
    elif event == "node reboot":
        runtime.node_reboot([pod])
    elif event == "eviction":
        runtime.kill_pod(pod, EMPTY_DIR_MESSAGE_FMT.format(go_quote("disk"), go_quote("1Mi")))
    elif event == "Job completion":
        runtime.complete_pod(pod)
    else:  # pod deletion
        runtime.delete_pod(pod)
        listed = False

    mem_mounted = any(mp.path == os.path.dirname(paths["mem"]) for mp in host.mounter.list())
    if _exists(paths["mem"]):
        memory = "kept"
    elif mem_mounted:
        memory = "lost"  # set up again: a fresh, empty tmpfs
    else:
        memory = "deleted"
    statuses = pod.status.container_statuses
    return Outcome(event=event, disk_data="kept" if _exists(paths["disk"]) else "deleted",
                   memory_data=memory, pod_listed=listed,
                   phase=pod.status.phase if listed else "(gone)",
                   restarts=statuses[0].restart_count if statuses else 0)


def lifecycle_matrix() -> list[Outcome]:
    """``run_event`` for every event, in ``EVENTS`` order."""
    return [run_event(e) for e in EVENTS]


def matrix_rows(outcomes: list[Outcome]) -> list[list[str]]:
    """Rows for a table: event, disk data, Memory data, listed by kubectl, phase, restarts."""
    return [[o.event, o.disk_data, o.memory_data, "yes" if o.pod_listed else "no", o.phase,
             str(o.restarts)] for o in outcomes]

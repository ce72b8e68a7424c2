"""Teardown at termination: eviction and Job completion remove the data while the pod is listed.

Upstream: kubernetes/kubernetes pkg/kubelet/volumemanager/populator/desired_state_of_world_populator.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/kubelet/pod_workers.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/kubelet/kubelet.go @ v1.36.0
"""

# ruff: noqa: E501  (the Upstream lines above are one line by convention)

from __future__ import annotations

import os

import pytest

import k8slearn.api as api
from k8slearn.kubelet.container_sim import ContainerRuntime
from k8slearn.kubelet.events import FakeRecorder
from k8slearn.kubelet.eviction import EvictionManager
from k8slearn.kubelet.lifecycle import EVENTS, lifecycle_matrix, run_event
from k8slearn.kubelet.pod_workers import TERMINATED, PodWorkers
from k8slearn.kubelet.volume_manager import VolumeManager
from k8slearn.volume.emptydir import EmptyDirPlugin
from k8slearn.volume.host import VolumeHost
from k8slearn.volume.mount import FakeMounter

POD = """
apiVersion: v1
kind: Pod
metadata: {name: job-x, namespace: batch, uid: uid-x}
spec:
  restartPolicy: Never
  containers:
  - {name: app, image: busybox}
  volumes:
  - {name: work, emptyDir: {sizeLimit: 8Ki}}
  - {name: ram, emptyDir: {medium: Memory}}
"""


@pytest.fixture
def node(tmp_path):
    root = tmp_path / "kubelet"
    host = VolumeHost(root, FakeMounter(), node_allocatable_memory="1Gi")
    runtime = ContainerRuntime(VolumeManager(EmptyDirPlugin(), host))
    pod = api.load(POD)[0]
    runtime.run_pod(pod)
    runtime.write_file(pod, "app", "work", "out.bin", bytes(20000))
    runtime.write_file(pod, "app", "ram", "tmp.txt", "x")
    return root, host, runtime, pod


def _volume_dirs(root, uid):
    base = os.path.join(root, "pods", uid, "volumes", "kubernetes.io~empty-dir")
    return sorted(os.listdir(base)) if os.path.isdir(base) else None


def test_eviction_tears_down_volumes_but_the_pod_is_still_listed(node):
    root, host, runtime, pod = node
    manager = EvictionManager(runtime.pod_stats, FakeRecorder(), kill_pod=runtime.kill_pod)
    assert manager.synchronize([pod]) == [pod]
    assert (pod.status.phase, pod.status.reason) == ("Failed", "Evicted")
    assert pod.status.message == 'Usage of EmptyDir volume "work" exceeds the limit "8Ki". '
    assert _volume_dirs(root, "uid-x") == []  # both data directories are gone
    assert os.path.isdir(os.path.join(root, "pods", "uid-x"))  # the pod dir stays
    assert host.mounter.list() == []  # the tmpfs was unmounted
    assert runtime.pod_workers.state("uid-x") == TERMINATED
    assert runtime.log == [
        '"Pod termination unmounted volumes" pod="batch/job-x" podUID="uid-x"']
    assert pod.status.container_statuses[0].state.terminated.exit_code == 137
    assert manager.synchronize([pod]) == []  # a Failed pod is not active any more


def test_job_completion_tears_down_volumes(node):
    root, _, runtime, pod = node
    assert runtime.complete_pod(pod) == ["ram", "work"]
    assert pod.status.phase == "Succeeded"
    assert pod.status.container_statuses[0].state.terminated.reason == "Completed"
    assert _volume_dirs(root, "uid-x") == []
    assert runtime.complete_pod(pod) == []  # idempotent


def test_deleting_a_terminated_pod_only_cleans_the_pod_dir(node):
    root, _, runtime, pod = node
    runtime.complete_pod(pod)
    assert runtime.delete_pod(pod) == []  # the volumes went at termination
    assert not os.path.exists(os.path.join(root, "pods", "uid-x"))
    assert runtime.pod_workers.state("uid-x") is None


def test_deleting_a_running_pod_tears_down_and_cleans_up(node):
    root, _, runtime, pod = node
    assert runtime.delete_pod(pod) == ["ram", "work"]
    assert os.listdir(os.path.join(root, "pods")) == []


def test_kubelet_restart_keeps_both_mediums(node):
    root, host, runtime, pod = node
    host.mounter.reset_log()
    runtime.kubelet_restart([pod])
    assert host.mounter.log == []  # SetUp again: the ready marker and the mount make it a no-op
    assert runtime.read_file(pod, "app", "ram", "tmp.txt") == b"x"
    assert runtime.container(pod, "app").restart_count == 0


def test_node_reboot_loses_tmpfs_keeps_disk(node):
    root, host, runtime, pod = node
    runtime.node_reboot([pod])
    assert runtime.read_file(pod, "app", "work", "out.bin") == bytes(20000)
    ram = runtime.volume_manager.get_volume_path(pod, "ram")
    assert os.listdir(ram) == []  # a fresh tmpfs
    assert [c[0] for c in host.mounter.log] == ["mount"]
    c = runtime.container(pod, "app")
    assert (c.restart_count, c.last_termination_reason) == (1, "Unknown")
    assert pod.status.container_statuses[0].last_state.terminated.exit_code == 255


def test_node_reboot_needs_a_fake_mounter(tmp_path):
    from k8slearn.volume.mount import SystemMounter

    host = VolumeHost(tmp_path, SystemMounter())
    runtime = ContainerRuntime(VolumeManager(EmptyDirPlugin(), host))
    with pytest.raises(RuntimeError, match="FakeMounter"):
        runtime.node_reboot([])


def test_populator_keeps_volumes_while_containers_may_run():
    workers = PodWorkers()
    workers.update_pod("a")
    assert not workers.should_pod_runtime_be_removed("a")
    workers.start_terminating("a")
    assert workers.should_pod_containers_be_terminating("a")
    assert not workers.should_pod_runtime_be_removed("a")  # still stopping containers
    workers.complete_terminating("a")
    assert workers.should_pod_runtime_be_removed("a")
    assert workers.should_pod_runtime_be_removed("unknown")  # podsSynced
    workers.pods_synced = False
    assert not workers.should_pod_runtime_be_removed("unknown")


def test_lifecycle_matrix():
    rows = {o.event: (o.disk_data, o.memory_data, o.pod_listed, o.phase, o.restarts)
            for o in lifecycle_matrix()}
    assert list(rows) == list(EVENTS)
    assert rows == {
        "container crash": ("kept", "kept", True, "Running", 1),
        "kubelet restart": ("kept", "kept", True, "Running", 0),
        "node reboot": ("kept", "lost", True, "Running", 1),
        "eviction": ("deleted", "deleted", True, "Failed", 0),
        "Job completion": ("deleted", "deleted", True, "Succeeded", 0),
        "pod deletion": ("deleted", "deleted", False, "(gone)", 0),
    }


def test_run_event_rejects_unknown_events():
    with pytest.raises(ValueError, match="unknown event 'reboot'"):
        run_event("reboot")


def test_node_simulator_tears_down_a_failed_pods_volumes_before_deletion(tmp_path):
    from k8slearn.apiserver import APIServer
    from k8slearn.clock import FakeClock
    from k8slearn.controller.driver import Driver
    from k8slearn.kubelet.node import NodeSimulator
    from k8slearn.tools.informers import SharedInformerFactory

    clock = FakeClock(0.0)
    server = APIServer(clock, seed=1)
    factory = SharedInformerFactory(server)
    host = VolumeHost(tmp_path, FakeMounter())
    vm = VolumeManager(EmptyDirPlugin(), host)
    node = NodeSimulator(server, factory, "n1", volume_manager=vm)
    driver = Driver(clock, factory, node)
    pod = api.load(POD.replace("restartPolicy: Never", "nodeName: n1"))[0]
    server.create(pod)
    driver.run_until_idle()
    uid = server.get("pods", "batch", "job-x").metadata.uid
    work = os.path.join(tmp_path, "pods", uid, "volumes", "kubernetes.io~empty-dir", "work")
    assert os.path.isdir(work)
    node.fail_pod("batch", "job-x")
    driver.run_until_idle()
    assert server.get("pods", "batch", "job-x").status.phase == "Failed"
    assert not os.path.exists(work)
    assert os.path.isdir(os.path.join(tmp_path, "pods", uid))
    server.delete("pods", "batch", "job-x")
    driver.run_until_idle()
    assert not os.path.exists(os.path.join(tmp_path, "pods", uid))


def test_kubelet_restart_sets_up_pods_it_had_not_seen_and_skips_terminal_ones(node):
    root, host, runtime, pod = node
    other = api.load(POD.replace("job-x", "job-y").replace("uid-x", "uid-y"))[0]
    runtime.volume_manager.mount_pod_volumes(other)  # set up, never sent to the workers
    runtime.start_containers(other)
    runtime.complete_pod(pod)
    runtime.kubelet_restart([pod, other])
    assert runtime.volume_manager.mounted_volume_names(other) == ["work", "ram"]
    assert runtime.volume_manager.mounted_volume_names(pod) == []  # Succeeded: nothing to set up

"""The emptyDir lifecycle on a real filesystem: set up first, survive restarts, die with the pod.

Upstream: kubernetes/kubernetes pkg/kubelet/volumemanager/volume_manager.go @ v1.36.0
"""

from __future__ import annotations

import errno
import os

import pytest

from k8slearn.api.core import (
    Container,
    EmptyDirVolumeSource,
    Pod,
    PodSpec,
    ResourceRequirements,
    Volume,
)
from k8slearn.api.meta import ObjectMeta
from k8slearn.api.resource import Quantity
from k8slearn.kubelet.container_sim import ContainerRuntime
from k8slearn.kubelet.volume_manager import VolumeManager
from k8slearn.volume.emptydir import EmptyDirPlugin
from k8slearn.volume.host import VolumeHost
from k8slearn.volume.mount import FakeMounter

MI = 1 << 20


def make_pod(uid="pod-1", medium="", size_limit=None, mem_limit=None, volumes=("cache",)):
    lim = {"memory": Quantity(mem_limit)} if mem_limit else {}
    return Pod(metadata=ObjectMeta(name="web", namespace="default", uid=uid), spec=PodSpec(
        containers=[Container(name="app", resources=ResourceRequirements(limits=dict(lim))),
                    Container(name="sidecar", resources=ResourceRequirements(limits=dict(lim)))],
        volumes=[Volume(name=v, empty_dir=EmptyDirVolumeSource(
            medium=medium, size_limit=Quantity(size_limit) if size_limit else None))
            for v in volumes]))


@pytest.fixture
def node(tmp_path):
    root = tmp_path / "kubelet"
    mounter = FakeMounter()
    host = VolumeHost(root, mounter, node_allocatable_memory=4 << 30)
    vm = VolumeManager(EmptyDirPlugin(), host)
    return root, mounter, vm, ContainerRuntime(vm)


def tree(root):
    return sorted(os.path.relpath(os.path.join(d, n), root)
                  for d, ds, fs in os.walk(root) for n in ds + fs)


def test_volumes_are_set_up_before_containers_start(node):
    root, _, vm, rt = node
    pod = make_pod(volumes=("cache", "scratch"))
    calls = []
    orig = vm.mount_pod_volumes
    vm.mount_pod_volumes = lambda p: calls.append(list(rt._pods)) or orig(p)
    rt.run_pod(pod)
    assert calls == [[]]  # no container existed when the volumes were set up
    assert "pods/pod-1/volumes/kubernetes.io~empty-dir/cache" in tree(root)
    assert "pods/pod-1/plugins/kubernetes.io~empty-dir/scratch/ready" in tree(root)
    assert pod.status.phase == "Running"
    assert [c.ready for c in pod.status.container_statuses] == [True, True]


def test_data_survives_container_restart_and_dies_with_pod(node):
    root, _, vm, rt = node
    pod = make_pod()
    rt.run_pod(pod)
    path = vm.get_volume_path(pod, "cache")
    rt.write_file(pod, "app", "cache", "data/page.html", b"<h1>hi</h1>")
    assert open(os.path.join(path, "data/page.html"), "rb").read() == b"<h1>hi</h1>"
    rt.crash(pod, "app")
    rt.crash(pod, "app")
    assert pod.status.container_statuses[0].restart_count == 2
    assert pod.status.container_statuses[0].last_state.terminated.reason == "Error"
    assert rt.read_file(pod, "sidecar", "cache", "data/page.html") == b"<h1>hi</h1>"
    assert os.path.isfile(os.path.join(path, "data/page.html"))
    assert rt.delete_pod(pod) == ["cache"]
    assert not os.path.exists(path)
    assert not os.path.exists(root / "pods" / "pod-1")  # empty pod dirs are cleaned up too
    assert tree(root) == ["pods"]


def test_unmount_is_idempotent_and_finds_volumes_on_disk(node):
    root, mounter, vm, rt = node
    pod = make_pod(medium="Memory")
    rt.run_pod(pod)
    vm2 = VolumeManager(EmptyDirPlugin(), vm.host)  # a "restarted kubelet": no memory of pods
    assert vm2.unmount_pod_volumes("pod-1") == ["cache"]
    assert mounter.log[-1][0] == "unmount"
    assert vm2.unmount_pod_volumes("pod-1") == []
    assert not os.path.exists(root / "pods" / "pod-1")


def test_writes_cannot_escape_the_volume(node):
    root, _, vm, rt = node
    pod = make_pod()
    rt.run_pod(pod)
    for bad in ("../../escape", "/etc/passwd", "a/../../x"):
        with pytest.raises(ValueError):
            rt.write_file(pod, "app", "cache", bad, b"x")
    assert not os.path.exists(root / "pods" / "pod-1" / "escape")


def test_unsupported_volume_is_rejected(node):
    _, _, vm, rt = node
    pod = make_pod()
    pod.spec.volumes.append(Volume(name="cfg", config_map={"name": "x"}))
    with pytest.raises(ValueError, match=r"spec.volumes\[1\]: no volume plugin matched 'cfg'"):
        rt.run_pod(pod)


def test_memory_volume_counts_toward_the_writer_and_survives_its_crash(node):
    _, mounter, vm, rt = node
    pod = make_pod(medium="Memory", mem_limit="64Mi")
    rt.run_pod(pod)
    assert mounter.log[0][4] == (f"size={128 * MI}",)  # min(node 4Gi, pod 2 x 64Mi)
    rt.set_memory(pod, "app", 10 * MI)
    rt.write_file(pod, "app", "cache", "blob", b"x" * (5 * MI))
    usage = rt.memory_usage(pod)
    assert usage.containers == {"app": 15 * MI, "sidecar": 0}
    rt.crash(pod, "app")
    usage = rt.memory_usage(pod)
    assert usage.containers == {"app": 0, "sidecar": 0}
    assert usage.reparented_tmpfs == 5 * MI and usage.pod_total == 5 * MI


def test_tmpfs_write_over_container_limit_is_oom_killed(node):
    _, _, vm, rt = node
    pod = make_pod(medium="Memory", mem_limit="8Mi")
    rt.run_pod(pod)
    rt.write_file(pod, "app", "cache", "big", b"x" * (9 * MI))
    c = rt.container(pod, "app")
    assert (c.restart_count, c.last_termination_reason) == (1, "OOMKilled")
    assert pod.status.container_statuses[0].last_state.terminated.exit_code == 137
    assert rt.memory_usage(pod).pod_total == 9 * MI  # the pages outlive the process


def test_tmpfs_size_cap_gives_enospc(node):
    _, _, vm, rt = node
    pod = make_pod(medium="Memory", size_limit="1Mi")
    rt.run_pod(pod)
    rt.write_file(pod, "app", "cache", "a", b"x" * (MI // 2))
    with pytest.raises(OSError) as e:
        rt.write_file(pod, "app", "cache", "b", b"x" * (MI // 2 + 1))
    assert e.value.errno == errno.ENOSPC


def test_disk_volume_is_not_memory(node):
    _, _, vm, rt = node
    pod = make_pod(mem_limit="1Mi")
    rt.run_pod(pod)
    rt.write_file(pod, "app", "cache", "big", b"x" * (2 * MI))
    assert rt.memory_usage(pod).pod_total == 0
    assert rt.container(pod, "app").restart_count == 0


def test_nothing_is_written_outside_the_root(tmp_path):
    root = tmp_path / "kubelet"
    host = VolumeHost(root, FakeMounter(), 1 << 30)
    vm = VolumeManager(EmptyDirPlugin(), host)
    rt = ContainerRuntime(vm)
    pod = make_pod()
    rt.run_pod(pod)
    rt.write_file(pod, "app", "cache", "f", b"1")
    rt.delete_pod(pod)
    assert [p.name for p in tmp_path.iterdir()] == ["kubelet"]


@pytest.mark.skipif(os.geteuid() != 0, reason="chgrp to an arbitrary fsGroup needs root")
def test_fs_group_from_pod_security_context(node):
    _, _, vm, rt = node
    pod = make_pod()
    pod.spec.security_context = {"fsGroup": 2000}
    rt.run_pod(pod)
    st = os.stat(vm.get_volume_path(pod, "cache"))
    assert st.st_gid == 2000 and st.st_mode & 0o2000

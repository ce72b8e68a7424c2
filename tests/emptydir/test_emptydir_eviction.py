"""emptyDir sizeLimit eviction and du-style usage, measured on real files.

Upstream: kubernetes/kubernetes pkg/kubelet/eviction/eviction_manager.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/volume/util/fs/fs.go @ v1.36.0
"""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from k8slearn.clock import FakeClock
from k8slearn.kubelet.container_sim import ContainerRuntime
from k8slearn.kubelet.events import FakeRecorder
from k8slearn.kubelet.eviction import ContainerStats, EvictionManager, PodStats
from k8slearn.kubelet.volume_manager import VolumeManager
from k8slearn.volume.emptydir import EmptyDirPlugin
from k8slearn.volume.host import VolumeHost
from k8slearn.volume.mount import FakeMounter
from k8slearn.volume.util.fs import apparent_size, disk_usage


def make_pod(size_limit="1Mi", medium="", es_limit=None, priority=None):
    lim = {"ephemeral-storage": Quantity(es_limit)} if es_limit else {}
    return Pod(metadata=ObjectMeta(name="web", namespace="default", uid="pod-1"), spec=PodSpec(
        priority=priority,
        containers=[Container(name="app", resources=ResourceRequirements(limits=lim))],
        volumes=[Volume(name="cache", empty_dir=EmptyDirVolumeSource(
            medium=medium, size_limit=Quantity(size_limit) if size_limit else None))]))


def manager(stats):
    rec = FakeRecorder(FakeClock(100.0))
    return EvictionManager(lambda pod: stats, rec), rec


def test_eviction_is_strictly_greater_than():
    limit = Quantity("1Mi").value()
    m, rec = manager(PodStats(volume_used={"cache": limit}))
    pod = make_pod()
    assert m.synchronize([pod]) == []  # equal is fine
    m.stats_func = lambda p: PodStats(volume_used={"cache": limit + 1})
    assert m.synchronize([pod]) == [pod]
    assert pod.status.phase == "Failed"
    assert pod.status.reason == "Evicted"
    assert pod.status.message == 'Usage of EmptyDir volume "cache" exceeds the limit "1Mi". '
    assert [str(e) for e in rec.events] == [
        'Warning Evicted Usage of EmptyDir volume "cache" exceeds the limit "1Mi". ']
    assert rec.events[0].object_name == "default/web" and rec.events[0].timestamp == 100.0
    assert m.evictions == {"emptydirfs.limit": 1}
    assert pod.status.conditions == []  # no DisruptionTarget for local-storage evictions
    assert m.synchronize([pod]) == []  # a Failed pod is no longer active


@pytest.mark.parametrize("size_limit", [None, "0"])
def test_no_or_zero_limit_never_evicts(size_limit):
    m, rec = manager(PodStats(volume_used={"cache": 10 << 30}))
    assert m.synchronize([make_pod(size_limit=size_limit)]) == []
    assert rec.events == []


def test_memory_medium_is_checked_too():
    m, _ = manager(PodStats(volume_used={"cache": 2 << 20}))
    assert m.synchronize([make_pod(medium="Memory")]) != []


def test_unknown_usage_does_not_evict():
    m, _ = manager(PodStats(volume_used={}))
    assert m.synchronize([make_pod()]) == []


def test_empty_dir_check_runs_before_pod_and_container_limits():
    stats = PodStats(volume_used={"cache": 5 << 20},
                     containers=[ContainerStats("app", rootfs_used=9 << 20)])
    m, rec = manager(stats)
    pod = make_pod(es_limit="2Mi")
    m.synchronize([pod])
    assert len(rec.events) == 1 and rec.events[0].message.startswith("Usage of EmptyDir")


def test_pod_ephemeral_storage_limit():
    stats = PodStats(volume_used={"cache": 1 << 20},
                     containers=[ContainerStats("app", rootfs_used=1 << 20, logs_used=1)])
    m, rec = manager(stats)
    pod = make_pod(size_limit=None, es_limit="2Mi")
    m.synchronize([pod])
    assert pod.status.message == ("Pod ephemeral local storage usage exceeds the total limit "
                                  "of containers 2Mi. ")


def test_container_ephemeral_storage_limit():
    stats = PodStats(containers=[ContainerStats("app", rootfs_used=3 << 20)])
    pod = make_pod(size_limit=None, es_limit="2Mi")
    m, rec = manager(stats)
    m.pod_ephemeral_storage_limit_eviction = lambda s, p: False  # isolate the third check
    m.synchronize([pod])
    assert pod.status.message == 'Container app exceeded its local ephemeral storage limit "2Mi". '


def test_critical_pod_is_not_evicted():
    m, rec = manager(PodStats(volume_used={"cache": 2 << 20}))
    pod = make_pod(priority=2_000_000_000)
    assert m.synchronize([pod]) == []
    assert pod.status.phase == "" and rec.events == []


def test_local_storage_isolation_off_does_nothing():
    m, rec = manager(PodStats(volume_used={"cache": 2 << 20}))
    m.local_storage_capacity_isolation = False
    assert m.synchronize([make_pod()]) == []


def test_eviction_from_real_writes(tmp_path):
    """A container fills a disk emptyDir; du measures it; the next sync evicts."""
    host = VolumeHost(tmp_path / "kubelet", FakeMounter(), 1 << 30)
    vm = VolumeManager(EmptyDirPlugin(), host)
    rt = ContainerRuntime(vm)
    clock = FakeClock(0.0)
    rec = FakeRecorder(clock)
    m = EvictionManager(rt.pod_stats, rec)
    pod = make_pod(size_limit="64Ki")
    rt.run_pod(pod)
    evicted_at = None
    for i in range(40):
        rt.write_file(pod, "app", "cache", f"chunk-{i}", b"x" * 4096)
        clock.step(10.0)
        if m.synchronize([pod]):
            evicted_at = i
            break
    assert evicted_at is not None
    used = rt.pod_stats(pod).volume_used["cache"]
    assert used > 64 * 1024
    assert apparent_size(vm.get_volume_path(pod, "cache")) == 4096 * (evicted_at + 1)
    assert pod.status.reason == "Evicted"
    rt.delete_pod(pod)
    assert os.listdir(tmp_path / "kubelet" / "pods") == []


def test_du_counts_blocks_and_dedupes_hard_links(tmp_path):
    d = tmp_path / "v"
    d.mkdir()
    (d / "a").write_bytes(b"x" * 10000)
    os.link(d / "a", d / "b")
    (d / "sub").mkdir()
    os.link(d / "a", d / "sub" / "c")
    os.symlink("a", d / "link")
    u = disk_usage(str(d))
    sts = [os.lstat(p) for p in (d, d / "a", d / "sub", d / "link")]
    assert u.bytes == sum(s.st_blocks * 512 for s in sts)
    assert u.inodes == 4
    assert apparent_size(str(d)) == 10000


def test_du_does_not_follow_symlinks_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "big").write_bytes(b"x" * 100000)
    d = tmp_path / "v"
    d.mkdir()
    os.symlink(outside, d / "out")
    assert apparent_size(str(d)) == 0
    assert disk_usage(str(d)).inodes == 2


def test_du_rejects_empty_path():
    with pytest.raises(ValueError, match="invalid directory"):
        disk_usage("")


@settings(max_examples=50)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 20000)), max_size=8))
def test_du_invariants(tmp_path_factory, files):
    d = tmp_path_factory.mktemp("du")
    for i, (links, size) in enumerate(files):
        p = d / f"f{i}"
        p.write_bytes(b"y" * size)
        for j in range(links):
            os.link(p, d / f"f{i}-l{j}")
    u = disk_usage(str(d))
    assert u.bytes % 512 == 0
    assert u.inodes == 1 + len(files)  # every hard link counted once
    assert apparent_size(str(d)) == sum(size for _, size in files)

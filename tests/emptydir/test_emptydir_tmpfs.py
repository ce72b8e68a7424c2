"""Memory-medium emptyDir: tmpfs size, mount options, set-up early exits, tear-down.

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir_test.go @ v1.36.0
"""

from __future__ import annotations

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
from k8slearn.kubelet.cm import pod_memory_limit
from k8slearn.volume.emptydir.empty_dir import (
    EmptyDir,
    EmptyDirPlugin,
    calculate_empty_dir_memory_size,
)
from k8slearn.volume.host import VolumeHost
from k8slearn.volume.mount import FakeMounter
from k8slearn.volume.spec import Spec

GI = 1 << 30


def memory_pod(uid="u1", requests=None, limits=None, n=1, init_limits=None):
    def res(req, lim):
        return ResourceRequirements(
            requests={"memory": Quantity(req)} if req else {},
            limits={"memory": Quantity(lim)} if lim else {})
    return Pod(metadata=ObjectMeta(uid=uid), spec=PodSpec(
        containers=[Container(name=f"c{i}", resources=res(requests, limits)) for i in range(n)],
        init_containers=[Container(name="init", resources=res(None, init_limits))]
        if init_limits else []))


def memory_spec(size_limit=None, name="v"):
    return Spec(volume=Volume(name=name, empty_dir=EmptyDirVolumeSource(
        medium="Memory", size_limit=Quantity(size_limit) if size_limit else None)))


@pytest.mark.parametrize("pod,size_limit,expected", [
    # Upstream's SizeMemoryBackedVolumesDisabled case expected 0 with the gate off.  The gate
    # is GA and locked on since v1.32, so at v1.36 the same input is sized normally.
    pytest.param(memory_pod(requests="10Gi"), "1Gi", "1Gi",
                 id="SizeMemoryBackedVolumesDisabled-gate-locked-on-in-v1.36"),
    pytest.param(memory_pod(limits="10Gi"), "1Gi", "1Gi", id="EmptyDirLocalLimit"),
    pytest.param(memory_pod(limits="10Gi"), "0", "10Gi", id="PodLocalLimit"),
    pytest.param(memory_pod(requests="10Gi"), "0", "16Gi", id="NodeAllocatableLimit"),
])
def test_calculate_empty_dir_memory_size(pod, size_limit, expected):
    got = calculate_empty_dir_memory_size(Quantity("16Gi"), memory_spec(size_limit), pod)
    assert got == Quantity(expected)


@pytest.mark.parametrize("pod,size_limit,expected", [
    pytest.param(memory_pod(limits="1Gi", n=3), None, 3 * GI, id="sum-of-container-limits"),
    pytest.param(memory_pod(limits="1Gi", n=2, init_limits="5Gi"), None, 5 * GI,
                 id="largest-init-container-wins"),
    pytest.param(memory_pod(limits="20Gi"), None, 16 * GI, id="pod-limit-above-node"),
    pytest.param(memory_pod(limits="10Gi"), "32Gi", 10 * GI, id="size-limit-above-pod-limit"),
    pytest.param(memory_pod(), None, 16 * GI, id="best-effort"),
])
def test_memory_size_more_cases(pod, size_limit, expected):
    got = calculate_empty_dir_memory_size(Quantity("16Gi"), memory_spec(size_limit), pod)
    assert got.value() == expected


def test_pod_limit_needs_every_container_to_declare_one():
    p = memory_pod(limits="1Gi", n=2)
    p.spec.containers.append(Container(name="no-limit"))
    assert pod_memory_limit(p) is None
    assert pod_memory_limit(memory_pod(limits="1Gi", n=2)) == 2 * GI


def make_ed(tmp_path, size_limit):
    plugin = EmptyDirPlugin()
    plugin.init(VolumeHost(tmp_path, FakeMounter()))
    return EmptyDir(pod=memory_pod(), vol_name="v", medium="Memory",
                    size_limit=Quantity(size_limit), mounter=FakeMounter(),
                    mount_detector=None, plugin=plugin)


@pytest.mark.parametrize("noswap,size_limit,want,not_want", [
    pytest.param(False, "0", [], ["size=", "noswap"], id="default behavior"),
    pytest.param(True, "0", ["noswap"], ["size="], id="tmpfs noswap is supported"),
    pytest.param(False, "123Ki", ["size=125952"], ["noswap"], id="size limit is non-zero"),
    pytest.param(True, "123Ki", ["size=125952", "noswap"], [], id="both"),
])
def test_tmpfs_mount_options(tmp_path, noswap, size_limit, want, not_want):
    options = make_ed(tmp_path, size_limit).generate_tmpfs_mount_options(noswap)
    assert options == want  # exact order: size first, then noswap
    for bad in not_want:
        assert not any(o.startswith(bad) for o in options)


def host_with(tmp_path, node_memory=16 * GI, noswap=False):
    mounter = FakeMounter()
    host = VolumeHost(tmp_path, mounter, node_memory, tmpfs_noswap=noswap)
    plugin = EmptyDirPlugin()
    plugin.init(host)
    return plugin, mounter


def test_memory_setup_mounts_tmpfs_with_size(tmp_path):
    plugin, mounter = host_with(tmp_path, noswap=True)
    m = plugin.new_mounter(memory_spec("64Mi"), memory_pod(limits="1Gi"))
    m.set_up()
    assert mounter.log == [("mount", "tmpfs", m.get_path(), "tmpfs",
                            (f"size={64 << 20}", "noswap"))]
    assert os.path.isfile(os.path.join(m.get_meta_dir(), "ready"))


def test_memory_unknown_node_allocatable_gives_no_size(tmp_path):
    plugin, mounter = host_with(tmp_path, node_memory=None)
    plugin.new_mounter(memory_spec("64Mi"), memory_pod(limits="1Gi")).set_up()
    assert mounter.log[0][4] == ()  # quirk: allocatable 0 means nothing is "<= size"


def test_memory_setup_is_idempotent_while_mounted(tmp_path):
    plugin, mounter = host_with(tmp_path)
    m = plugin.new_mounter(memory_spec(), memory_pod())
    m.set_up()
    m.set_up()  # ready + mounted: early exit, no second mount
    assert [a[0] for a in mounter.log] == ["mount"]


def test_memory_setup_remounts_after_reboot(tmp_path):
    """Ready file present but the tmpfs is gone (e.g. a node reboot): mount again."""
    plugin, mounter = host_with(tmp_path)
    m = plugin.new_mounter(memory_spec(), memory_pod())
    m.set_up()
    mounter.mount_points.clear()  # the reboot
    m.set_up()
    assert [a[0] for a in mounter.log] == ["mount", "mount"]


def test_memory_teardown_unmounts_then_removes(tmp_path):
    plugin, mounter = host_with(tmp_path)
    m = plugin.new_mounter(memory_spec(), memory_pod())
    m.set_up()
    mounter.reset_log()
    plugin.new_unmounter("v", "u1").tear_down()  # the unmounter does not know the medium
    assert mounter.log == [("unmount", m.get_path())]
    assert not os.path.exists(m.get_path())
    assert not os.path.exists(m.get_meta_dir())
    assert mounter.list() == []


def test_disk_teardown_does_not_unmount(tmp_path):
    plugin, mounter = host_with(tmp_path)
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource()))
    m = plugin.new_mounter(spec, memory_pod())
    m.set_up()
    open(os.path.join(m.get_path(), "f"), "w").close()
    plugin.new_unmounter("v", "u1").tear_down()
    assert mounter.log == []
    assert not os.path.exists(m.get_path())


def test_teardown_is_idempotent(tmp_path):
    plugin, mounter = host_with(tmp_path)
    m = plugin.new_mounter(memory_spec(), memory_pod())
    m.set_up()
    u = plugin.new_unmounter("v", "u1")
    u.tear_down()
    u.tear_down()  # missing dir: success
    plugin.new_unmounter("never-existed", "u1").tear_down()
    assert [a[0] for a in mounter.log] == ["mount", "unmount"]


def test_teardown_medium_comes_from_the_filesystem_not_the_spec(tmp_path):
    """A disk volume that someone mounted tmpfs on is unmounted; the spec is never asked."""
    plugin, mounter = host_with(tmp_path)
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource()))
    m = plugin.new_mounter(spec, memory_pod())
    m.set_up()
    mounter.mount_sensitive_without_systemd("tmpfs", m.get_path(), "tmpfs", [], None)
    mounter.reset_log()
    plugin.new_unmounter("v", "u1").tear_down()
    assert mounter.log == [("unmount", m.get_path())]


def test_hugetlbfs_teardown_without_pagesize_fails(tmp_path):
    """Quirk: the unmounter asks for medium "", so the page size is looked up and must exist."""
    plugin, mounter = host_with(tmp_path)
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource()))
    m = plugin.new_mounter(spec, memory_pod())
    m.set_up()
    mounter.mount_sensitive_without_systemd("nodev", m.get_path(), "hugetlbfs", [], None)
    with pytest.raises(ValueError, match="no pagesize option specified"):
        plugin.new_unmounter("v", "u1").tear_down()
    assert not os.path.exists(m.get_meta_dir())  # the ready dir went first


def test_hugetlbfs_setup_and_teardown_with_fake_detector(tmp_path):
    plugin, mounter = host_with(tmp_path)
    p = Pod(metadata=ObjectMeta(uid="u1"), spec=PodSpec(containers=[Container(
        name="c", resources=ResourceRequirements(requests={"hugepages-1Gi": Quantity("2Gi")}))]))
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource(medium="HugePages-1Gi")))
    m = plugin.new_mounter(spec, p)
    m.set_up()
    m.set_up()  # HugePages never takes the ready early exit, but sees the mount: no remount
    assert [a[0] for a in mounter.log] == ["mount"]
    plugin.new_unmounter("v", "u1").tear_down()
    assert mounter.log[-1] == ("unmount", m.get_path())


def test_ready_written_before_quota_and_kept_on_quota_failure(tmp_path):
    class FailingQuota:
        def supports_quotas(self, d):
            return True

        def assign_quota(self, d, uid, size):
            raise OSError("quota failed")

    host = VolumeHost(tmp_path, FakeMounter(), fs_quota=FailingQuota())
    plugin = EmptyDirPlugin()
    plugin.init(host)
    m = plugin.new_mounter(Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource())),
                           memory_pod())
    with pytest.raises(OSError, match="quota failed"):
        m.set_up(desired_size=Quantity("1Gi"))
    assert os.path.isfile(os.path.join(m.get_meta_dir(), "ready"))


def test_ready_file_must_be_a_regular_file(tmp_path):
    plugin, mounter = host_with(tmp_path)
    m = plugin.new_mounter(Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource())),
                           memory_pod())
    os.makedirs(os.path.join(m.get_meta_dir(), "ready"))  # a directory named ready
    os.makedirs(m.get_path(), 0o700)
    os.chmod(m.get_path(), 0o700)
    m.set_up()  # not "ready": full set-up runs and repairs the mode
    assert os.stat(m.get_path()).st_mode & 0o777 == 0o777


@pytest.mark.skipif(os.geteuid() != 0, reason="chgrp to an arbitrary fsGroup needs root")
def test_fs_group_applied_even_when_setup_fails(tmp_path):
    plugin, mounter = host_with(tmp_path)
    m = plugin.new_mounter(Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource(
        medium="HugePages"))), memory_pod())  # no hugepage request: set-up fails
    with pytest.raises(ValueError, match="no resource request for huge pages"):
        m.set_up(fs_group=1234)
    assert os.stat(m.get_path()).st_gid == 1234
    assert not os.path.exists(os.path.join(m.get_meta_dir(), "ready"))


def test_set_up_error_other_than_not_exist_is_returned(tmp_path):
    plugin, mounter = host_with(tmp_path)
    m = plugin.new_mounter(memory_spec(), memory_pod())
    mounter.mount_check_errors[m.get_path()] = PermissionError("permission denied")
    with pytest.raises(PermissionError):
        m.set_up()


@pytest.mark.parametrize("node_memory", [
    pytest.param(16 * GI, id="int-bytes"),
    pytest.param(Quantity("16Gi"), id="quantity"),
    pytest.param("16Gi", id="quantity-string"),
])
def test_node_allocatable_memory_accepts_bytes_or_quantity(tmp_path, node_memory):
    mounter = FakeMounter()
    plugin = EmptyDirPlugin()
    plugin.init(VolumeHost(str(tmp_path), mounter, node_allocatable_memory=node_memory))
    assert plugin.host.get_node_allocatable()["memory"] == Quantity("16Gi")
    plugin.new_mounter(memory_spec(None), memory_pod(requests="1Gi")).set_up()
    assert mounter.log[0][4] == (f"size={16 * GI}",)  # no pod limit, no sizeLimit: allocatable

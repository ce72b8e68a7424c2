"""Invariants and cross-checks beyond the upstream tables: tmpfs sizing, exercises, detection.

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir.go @ v1.36.0
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
from k8slearn.kubelet.volume_manager import VolumeManager
from k8slearn.volume.emptydir import EmptyDirPlugin
from k8slearn.volume.emptydir.empty_dir import calculate_empty_dir_memory_size
from k8slearn.volume.emptydir.empty_dir_linux import (
    FakeMountDetector,
    filesystem_type,
    get_page_size,
)
from k8slearn.volume.host import VolumeHost
from k8slearn.volume.mount import FakeMounter, MountPoint
from k8slearn.volume.spec import Spec
from k8slearn.volume.util.swap import kernel_supports_noswap

MI = 1 << 20


def pod_with(limits_mi, size_limit_mi):
    containers = [Container(name=f"c{i}", resources=ResourceRequirements(
        limits={"memory": Quantity(f"{lim}Mi")} if lim else {}))
        for i, lim in enumerate(limits_mi)]
    vol = Volume(name="v", empty_dir=EmptyDirVolumeSource(
        medium="Memory",
        size_limit=None if size_limit_mi is None else Quantity(f"{size_limit_mi}Mi")))
    return Pod(metadata=ObjectMeta(uid="u"), spec=PodSpec(containers=containers, volumes=[vol]))


@settings(max_examples=200)
@given(node=st.integers(0, 64), limits=st.lists(st.one_of(st.none(), st.integers(1, 64)),
                                                 min_size=1, max_size=4),
       size=st.one_of(st.none(), st.integers(0, 128)))
def test_tmpfs_size_is_min_of_positive_bounds(node, limits, size):
    p = pod_with(limits, size)
    got = calculate_empty_dir_memory_size(Quantity(f"{node}Mi"), Spec(volume=p.spec.volumes[0]),
                                          p).value()
    pod_limit = sum(limits) if all(lim is not None for lim in limits) else None
    want = node
    if pod_limit is not None and 0 < pod_limit <= want:
        want = pod_limit
    if size is not None and 0 < size <= want:
        want = size
    assert got == want * MI


def test_get_page_size_first_row_wins():
    m = FakeMounter([MountPoint("a", "/mnt/h", "hugetlbfs", ("pagesize=2M",)),
                     MountPoint("b", "/mnt/h", "hugetlbfs", ("pagesize=1G",))])
    assert get_page_size("/mnt/h", m) == Quantity("2Mi")


def test_filesystem_type_deepest_mount_and_last_row():
    table = [MountPoint("a", "/", "ext4"), MountPoint("b", "/x", "tmpfs"),
             MountPoint("c", "/x/y", "ext4"), MountPoint("d", "/x/y", "hugetlbfs")]
    assert filesystem_type("/x/z", table) == "tmpfs"
    assert filesystem_type("/x/y/z", table) == "hugetlbfs"
    assert filesystem_type("/xy", table) == "ext4"
    assert filesystem_type("/q", []) == ""


def test_fake_detector_inside_a_tmpfs_is_memory_but_not_a_mount(tmp_path):
    m = FakeMounter()
    (tmp_path / "mnt" / "sub").mkdir(parents=True)
    m.mount_sensitive_without_systemd("tmpfs", str(tmp_path / "mnt"), "tmpfs", [], None)
    d = FakeMountDetector(m)
    assert d.get_mount_medium(str(tmp_path / "mnt"), "") == ("Memory", True, None)
    assert d.get_mount_medium(str(tmp_path / "mnt" / "sub"), "") == ("Memory", False, None)
    with pytest.raises(OSError, match="IsLikelyNotMountPoint"):
        d.get_mount_medium(str(tmp_path / "missing"), "")


@pytest.mark.parametrize("release,want", [("6.4.0", True), ("6.18.44-fc", True),
                                          ("6.3.9", False), ("5.15.0", False), ("x", False)])
def test_noswap_kernel_version(release, want):
    assert kernel_supports_noswap(release) is want


def test_noswap_default_is_false_for_fake_mounter(tmp_path):
    assert VolumeHost(tmp_path, FakeMounter()).tmpfs_noswap_supported() is False
    assert VolumeHost(tmp_path, FakeMounter(), tmpfs_noswap=True).tmpfs_noswap_supported()


def test_volume_manager_can_skip_unsupported_volumes(tmp_path):
    host = VolumeHost(tmp_path, FakeMounter(), 1 << 30)
    vm = VolumeManager(EmptyDirPlugin(), host, ignore_unsupported=True)
    pod = Pod(metadata=ObjectMeta(uid="u"), spec=PodSpec(volumes=[
        Volume(name="cfg", config_map={"name": "x"}),
        Volume(name="cache", empty_dir=EmptyDirVolumeSource())]))
    assert list(vm.mount_pod_volumes(pod)) == ["cache"]
    assert vm.unmount_pod_volumes(pod) == ["cache"]
    assert os.listdir(tmp_path / "pods") == []


def test_symlinked_volume_dir(tmp_path):
    root = tmp_path / "root"
    plugin = EmptyDirPlugin()
    plugin.init(VolumeHost(root, FakeMounter()))
    u = plugin.new_unmounter("v", "u")
    path = u.get_path()
    os.makedirs(os.path.dirname(path))
    os.symlink(root / "gone", path)  # dangling, inside the root
    u.tear_down()  # stat says "does not exist": success, like mount.PathExists
    assert os.path.islink(path)
    inside = root / "keep"
    inside.mkdir()
    (inside / "precious").write_text("x")
    os.unlink(path)
    os.symlink(inside, path)
    u.tear_down()  # removes the link, never what it points to
    assert (inside / "precious").exists() and not os.path.lexists(path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious").write_text("x")
    os.symlink(outside, path)
    with pytest.raises(ValueError, match="escapes the kubelet root"):
        plugin.new_unmounter("v", "u").tear_down()
    assert (outside / "precious").exists()


@settings(max_examples=200)
@given(name=st.text(alphabet="ab./\\\x00-~", min_size=0, max_size=8),
       uid=st.text(alphabet="ab./-", min_size=0, max_size=6))
def test_paths_never_leave_the_root(tmp_path_factory, name, uid):
    root = str(tmp_path_factory.getbasetemp() / "prop-root")
    host = VolumeHost(root, FakeMounter())
    try:
        path = host.get_pod_volume_dir(uid, "kubernetes.io~empty-dir", name)
    except ValueError:
        assert name in ("", ".", "..") or uid in ("", ".", "..") or any(
            c in name + uid for c in "/\\\x00")
        return
    assert os.path.commonpath([root, path]) == root
    assert os.path.relpath(path, root).split(os.sep) == [
        "pods", uid, "volumes", "kubernetes.io~empty-dir", name]

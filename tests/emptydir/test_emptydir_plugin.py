"""Port of pkg/volume/emptydir/empty_dir_test.go: plugin basics and the doTestPlugin matrix.

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir_test.go @ v1.36.0

Unlike upstream's ``doTestPlugin``, the set-up assertions (ready file, directory,
mode) are real asserts here.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass

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
from k8slearn.volume.emptydir import PLUGIN_NAME, EmptyDirPlugin
from k8slearn.volume.emptydir.empty_dir import probe_volume_plugins
from k8slearn.volume.host import VolumeHost
from k8slearn.volume.mount import FakeMounter, MountPoint
from k8slearn.volume.plugins import PLUGIN_METHODS, VolumePlugin
from k8slearn.volume.spec import Spec
from k8slearn.volume.util.util import set_ready


class StaticDetector:
    """The upstream fakeMountDetector: always answers the same."""

    def __init__(self, medium="", is_mount=False, page_size=None, err=None):
        self.medium, self.is_mount, self.page_size, self.err = medium, is_mount, page_size, err

    def get_mount_medium(self, path, requested):
        if self.err:
            raise OSError(self.err)
        return self.medium, self.is_mount, self.page_size


def make_plugin(root, mounter=None, node_memory=None):
    host = VolumeHost(root, mounter if mounter is not None else FakeMounter(), node_memory)
    plugins = {p.get_plugin_name(): p for p in probe_volume_plugins()}
    plugin = plugins[PLUGIN_NAME]
    plugin.init(host)
    return plugin


def hugepage_pod(uid="poduid"):
    return Pod(metadata=ObjectMeta(uid=uid), spec=PodSpec(containers=[Container(
        name="c", resources=ResourceRequirements(requests={"hugepages-2Mi": Quantity("100Mi")}))]))


def test_can_support(tmp_path):
    plugin = make_plugin(tmp_path)
    assert plugin.get_plugin_name() == "kubernetes.io/empty-dir"
    assert plugin.can_support(Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource())))
    assert not plugin.can_support(Spec(volume=Volume(name="v")))


def test_plugin_implements_the_ten_methods(tmp_path):
    plugin = make_plugin(tmp_path)
    assert isinstance(plugin, VolumePlugin)
    assert len(PLUGIN_METHODS) == 10
    assert all(callable(getattr(plugin, m)) for m in PLUGIN_METHODS)
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource()))
    assert plugin.requires_remount(spec) is False
    assert plugin.supports_mount_option() is False
    assert plugin.supports_selinux_context_mount(spec) is False


@dataclass
class PluginTestConfig:
    medium: str
    volume_dir_exists: bool
    ready_dir_exists: bool
    expected_setup_mounts: int
    should_be_mounted_before_teardown: bool
    expected_teardown_mounts: int


def do_test_plugin(root, config: PluginTestConfig):
    base = str(root)
    volume_path = os.path.join(base, "pods/poduid/volumes/kubernetes.io~empty-dir/test-volume")
    metadata_dir = os.path.join(base, "pods/poduid/plugins/kubernetes.io~empty-dir/test-volume")
    plugin = make_plugin(root)
    spec = Spec(volume=Volume(name="test-volume",
                              empty_dir=EmptyDirVolumeSource(medium=config.medium)))
    physical = FakeMounter()
    pod = hugepage_pod()

    if config.ready_dir_exists:
        physical.mount_points.append(MountPoint("", volume_path, "", ()))
        set_ready(metadata_dir)

    mounter = plugin.new_mounter_internal(spec, pod, physical, StaticDetector())
    assert mounter.get_path() == volume_path
    pre_existing_mode = None
    if config.volume_dir_exists:
        os.makedirs(volume_path, 0o777)
        pre_existing_mode = stat.S_IMODE(os.stat(volume_path).st_mode)

    mounter.set_up()
    # testSetUp, with its checks made real
    assert os.path.isfile(os.path.join(metadata_dir, "ready")), "ready file is not created"
    assert os.path.isdir(volume_path)
    mode = stat.S_IMODE(os.stat(volume_path).st_mode)
    early_exit = config.ready_dir_exists and config.volume_dir_exists and config.medium == ""
    # Quirk: the ready-file early exit returns before setupDir, so it does not repair the mode.
    assert mode == (pre_existing_mode if early_exit else 0o777)

    assert len(physical.log) == config.expected_setup_mounts
    if config.expected_setup_mounts == 1:
        action, _source, target, fstype, _opts = physical.log[0]
        assert action == "mount" and fstype in ("tmpfs", "hugetlbfs")
        assert target == volume_path

    # tear-down
    teardown_medium = "Memory" if config.medium == "Memory" else ""
    detector = StaticDetector(teardown_medium, config.should_be_mounted_before_teardown)
    physical.reset_log()
    unmounter = plugin.new_unmounter_internal("test-volume", "poduid", physical, detector)
    if not config.ready_dir_exists:
        shutil.rmtree(metadata_dir, ignore_errors=True)
    if not config.volume_dir_exists:
        shutil.rmtree(volume_path, ignore_errors=True)
    unmounter.tear_down()
    assert not os.path.exists(os.path.join(metadata_dir, "ready")), "ready file still exists"
    assert not os.path.exists(volume_path)
    assert len(physical.log) == config.expected_teardown_mounts
    if config.expected_teardown_mounts == 1:
        assert physical.log[0][0] == "unmount"


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("config", [
    pytest.param(PluginTestConfig("", True, True, 0, False, 0), id="1-dir-and-ready-exist"),
    pytest.param(PluginTestConfig("", False, False, 0, False, 0), id="2-nothing-exists"),
    pytest.param(PluginTestConfig("", True, False, 0, False, 0), id="3-dir-exists-only"),
    pytest.param(PluginTestConfig("", False, True, 0, False, 0), id="4-ready-exists-only"),
])
def test_plugin_empty_root_context(tmp_path, umask_022, config):
    do_test_plugin(tmp_path, config)


@pytest.mark.parametrize("medium", [
    pytest.param("HugePages", id="medium-without-size"),
    pytest.param("HugePages-2Mi", id="medium-with-size"),
])
def test_plugin_hugetlbfs(tmp_path, umask_022, medium):
    do_test_plugin(tmp_path, PluginTestConfig(medium, False, False, 1, True, 0))


def test_plugin_hugetlbfs_mount_options(tmp_path):
    plugin = make_plugin(tmp_path)
    physical = FakeMounter()
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource(medium="HugePages")))
    plugin.new_mounter_internal(spec, hugepage_pod(), physical, StaticDetector()).set_up()
    assert physical.log[0][1:] == ("nodev", plugin.new_mounter(spec, hugepage_pod()).get_path(),
                                   "hugetlbfs", ("pagesize=2Mi",))


def test_plugin_back_compat(tmp_path):
    plugin = make_plugin(tmp_path)
    spec = Spec(volume=Volume(name="vol1"))  # no volume source at all
    mounter = plugin.new_mounter(spec, Pod(metadata=ObjectMeta(uid="poduid")))
    assert mounter.get_path() == os.path.join(
        str(tmp_path), "pods/poduid/volumes/kubernetes.io~empty-dir/vol1")
    mounter.set_up()  # and it really is an emptyDir
    assert os.path.isdir(mounter.get_path())


def test_metrics(tmp_path):
    plugin = make_plugin(tmp_path)
    spec = Spec(volume=Volume(name="vol1"))
    mounter = plugin.new_mounter(spec, Pod(metadata=ObjectMeta(uid="poduid")))
    os.makedirs(mounter.get_path(), 0o755)
    metrics = mounter.get_metrics()
    assert metrics.used == os.stat(mounter.get_path()).st_blocks * 512  # du of an empty dir
    assert metrics.inodes_used == 1
    assert metrics.capacity > 0
    assert metrics.available > 0


def test_get_volume_name(tmp_path):
    plugin = make_plugin(tmp_path)
    assert plugin.get_volume_name(
        Spec(volume=Volume(name="cache", empty_dir=EmptyDirVolumeSource()))) == "cache"
    with pytest.raises(ValueError, match="spec does not reference an emptyDir volume type"):
        plugin.get_volume_name(Spec(volume=Volume(name="cache")))


def test_construct_volume_spec_loses_medium_and_size(tmp_path):
    plugin = make_plugin(tmp_path)
    rv = plugin.construct_volume_spec("cache", "/ignored")
    assert rv.spec.volume.name == "cache"
    assert rv.spec.volume.empty_dir.medium == ""
    assert rv.spec.volume.empty_dir.size_limit is None


def test_unknown_medium(tmp_path):
    plugin = make_plugin(tmp_path)
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource(medium="SSD")))
    mounter = plugin.new_mounter(spec, Pod(metadata=ObjectMeta(uid="u1")))
    with pytest.raises(ValueError, match=r'^unknown storage medium "SSD"$'):
        mounter.set_up()
    assert not os.path.exists(os.path.join(mounter.get_meta_dir(), "ready"))


def test_attributes(tmp_path):
    plugin = make_plugin(tmp_path)
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource()))
    attrs = plugin.new_mounter(spec, Pod(metadata=ObjectMeta(uid="u1"))).get_attributes()
    assert (attrs.read_only, attrs.managed, attrs.selinux_relabel) == (False, True, True)


@pytest.mark.parametrize("name", ["..", ".", "../escape", "a/b", "/etc", "", "x\x00y"])
def test_volume_name_escape_is_rejected(tmp_path, name):
    root = tmp_path / "root"
    plugin = make_plugin(root)
    spec = Spec(volume=Volume(name=name, empty_dir=EmptyDirVolumeSource()))
    with pytest.raises(ValueError, match="volume name"):
        plugin.new_mounter(spec, Pod(metadata=ObjectMeta(uid="u1")))
    with pytest.raises(ValueError, match="volume name"):
        plugin.new_unmounter(name, "u1")
    assert list(tmp_path.iterdir()) == []  # nothing was created anywhere


@pytest.mark.parametrize("uid", ["..", "../../etc", "/tmp", "a/b", ""])
def test_pod_uid_escape_is_rejected(tmp_path, uid):
    plugin = make_plugin(tmp_path / "root")
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource()))
    with pytest.raises(ValueError, match="pod UID"):
        plugin.new_mounter(spec, Pod(metadata=ObjectMeta(uid=uid)))
    with pytest.raises(ValueError, match="pod UID"):
        plugin.new_unmounter("v", uid)
    assert list(tmp_path.iterdir()) == []


def test_symlinked_pod_dir_cannot_escape(tmp_path):
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    (root / "pods").mkdir(parents=True)
    outside.mkdir()
    (root / "pods" / "evil").symlink_to(outside)
    plugin = make_plugin(root)
    spec = Spec(volume=Volume(name="v", empty_dir=EmptyDirVolumeSource()))
    with pytest.raises(ValueError, match="escapes the kubelet root"):
        plugin.new_mounter(spec, Pod(metadata=ObjectMeta(uid="evil")))
    assert list(outside.iterdir()) == []


def test_new_mounter_via_plugin_class(tmp_path):
    plugin = EmptyDirPlugin()
    plugin.init(VolumeHost(tmp_path, FakeMounter()))
    assert plugin.get_plugin_name() == PLUGIN_NAME

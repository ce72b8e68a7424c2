"""Real tmpfs mounts through SystemMounter and RealMountDetector (root only; skips otherwise).

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir_linux.go @ v1.36.0

Every test unmounts whatever it mounted, even on failure.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from k8slearn.api.core import Container, EmptyDirVolumeSource, Pod, PodSpec, Volume
from k8slearn.api.meta import ObjectMeta
from k8slearn.api.resource import Quantity
from k8slearn.volume.emptydir import EmptyDirPlugin
from k8slearn.volume.emptydir.empty_dir_linux import RealMountDetector
from k8slearn.volume.host import VolumeHost
from k8slearn.volume.mount import SystemMounter, parse_proc_mounts
from k8slearn.volume.spec import Spec
from k8slearn.volume.util.fs import disk_usage


def _mounted_under(root: str) -> list[str]:
    with open("/proc/mounts", encoding="utf-8") as f:
        return [mp.path for mp in parse_proc_mounts(f.read())
                if mp.path == root or mp.path.startswith(root + os.sep)]


@pytest.fixture
def real_root(tmp_path):
    if os.name != "posix" or not os.path.exists("/proc/mounts"):
        pytest.skip("needs Linux /proc/mounts")
    if os.geteuid() != 0:
        pytest.skip("needs root (CAP_SYS_ADMIN) to mount tmpfs")
    probe = tmp_path / "probe"
    probe.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)],
                         capture_output=True, text=True, check=False)
    if res.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {res.stderr.strip()}")
    subprocess.run(["umount", str(probe)], check=True)
    probe.rmdir()
    root = str(tmp_path / "kubelet")
    try:
        yield root
    finally:
        for path in sorted(_mounted_under(str(tmp_path)), key=len, reverse=True):
            subprocess.run(["umount", "-l", path], check=False)
        assert _mounted_under(str(tmp_path)) == []


def test_parse_proc_mounts_unescapes():
    mps = parse_proc_mounts("tmpfs /a\\040b tmpfs rw,size=1k 0 0\nshort line\n")
    assert len(mps) == 1 and mps[0].path == "/a b" and mps[0].opts == ("rw", "size=1k")


def test_memory_volume_is_a_real_tmpfs(real_root):
    mounter = SystemMounter()
    host = VolumeHost(real_root, mounter, 1 << 30, tmpfs_noswap=False)
    plugin = EmptyDirPlugin()
    plugin.init(host)
    pod = Pod(metadata=ObjectMeta(uid="pod-1"), spec=PodSpec(containers=[Container(name="c")]))
    spec = Spec(volume=Volume(name="mem", empty_dir=EmptyDirVolumeSource(
        medium="Memory", size_limit=Quantity("1Mi"))))
    m = plugin.new_mounter(spec, pod)
    m.set_up()
    path = m.get_path()
    assert _mounted_under(path) == [path]
    rows = [mp for mp in mounter.list() if mp.path == path]
    assert rows[-1].type == "tmpfs" and "size=1024k" in rows[-1].opts
    detector = RealMountDetector(mounter)
    assert detector.get_mount_medium(path, "") == ("Memory", True, None)
    m.set_up()  # idempotent: ready + mounted
    assert _mounted_under(path) == [path]
    with open(os.path.join(path, "f"), "wb") as f:
        f.write(b"x" * 8192)
    assert disk_usage(path).bytes >= 8192
    with pytest.raises(OSError), open(os.path.join(path, "big"), "wb") as f:  # size=1Mi cap
        f.write(b"x" * (2 << 20))
    plugin.new_unmounter("mem", "pod-1").tear_down()
    assert _mounted_under(path) == []
    assert not os.path.exists(path)


def test_disk_volume_detected_as_default(real_root):
    mounter = SystemMounter()
    plugin = EmptyDirPlugin()
    plugin.init(VolumeHost(real_root, mounter))
    pod = Pod(metadata=ObjectMeta(uid="pod-1"))
    m = plugin.new_mounter(Spec(volume=Volume(name="d", empty_dir=EmptyDirVolumeSource())), pod)
    m.set_up()
    medium, is_mnt, _ = RealMountDetector(mounter).get_mount_medium(m.get_path(), "")
    assert (medium, is_mnt) in (("", False), ("Memory", False))  # /tmp itself may be tmpfs
    plugin.new_unmounter("d", "pod-1").tear_down()
    assert not os.path.exists(m.get_path())

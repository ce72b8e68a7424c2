"""Port of the hugepage tables of empty_dir_test.go (and getPageSize from the linux file).

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir_test.go @ v1.36.0
"""

from __future__ import annotations

import os

import pytest

from k8slearn.api.core import Container, Pod, PodSpec, ResourceRequirements
from k8slearn.api.meta import ObjectMeta
from k8slearn.api.resource import Quantity
from k8slearn.volume.emptydir.empty_dir import EmptyDir, EmptyDirPlugin, get_page_size_mount_option
from k8slearn.volume.emptydir.empty_dir_linux import get_page_size
from k8slearn.volume.host import VolumeHost
from k8slearn.volume.mount import FakeMounter, MountPoint


def container(name, requests):
    return Container(name=name, resources=ResourceRequirements(
        requests={k: Quantity(v) for k, v in requests.items()}))


def pod(containers=(), init=()):
    return Pod(metadata=ObjectMeta(uid="poduid"), spec=PodSpec(
        containers=[container(f"c{i}", r) for i, r in enumerate(containers)],
        init_containers=[container(f"i{i}", r) for i, r in enumerate(init)]))


H2 = "hugepages-2Mi"
H1G = "hugepages-1Gi"

MOUNT_OPTION_CASES = [
    ("ProperValues", pod([{H2: "100Mi"}]), "HugePages", "pagesize=2Mi"),
    ("ProperValuesAndDifferentPageSize", pod([{H1G: "2Gi"}, {H1G: "4Gi"}]), "HugePages",
     "pagesize=1Gi"),
    ("InitContainerAndContainerHasProperValues", pod(init=[{H1G: "2Gi"}, {H1G: "4Gi"}]),
     "HugePages", "pagesize=1Gi"),
    ("InitContainerAndContainerHasDifferentPageSizes", pod(init=[{H2: "2Gi"}, {H1G: "4Gi"}]),
     "HugePages", None),
    ("ContainersWithMultiplePageSizes", pod([{H1G: "2Gi"}, {H2: "100Mi"}]), "HugePages", None),
    ("PodWithNoHugePagesRequest", pod(), "HugePages", None),
    ("ProperValuesMultipleSizes", pod([{H2: "100Mi", H1G: "2Gi"}]), "HugePages-1Gi",
     "pagesize=1Gi"),
    ("InitContainerAndContainerHasProperValuesMultipleSizes",
     pod(init=[{H1G: "2Gi", H2: "100Mi"}, {H1G: "4Gi", H2: "50Mi"}]), "HugePages-2Mi",
     "pagesize=2Mi"),
    ("MediumWithoutSizeMultipleSizes", pod([{H2: "100Mi", H1G: "2Gi"}]), "HugePages-", None),
    ("IncorrectMediumFormatMultipleSizes", pod([{H2: "100Mi", H1G: "2Gi"}]), "foo", None),
    ("MediumSizeDoesntMatchResourcesMultipleSizes", pod([{H2: "100Mi", H1G: "2Gi"}]),
     "HugePages-1Mi", None),
]


@pytest.mark.parametrize("p,medium,expected",
                         [pytest.param(*c[1:], id=c[0]) for c in MOUNT_OPTION_CASES])
def test_get_huge_pages_mount_options(p, medium, expected):
    if expected is None:
        with pytest.raises(ValueError):
            get_page_size_mount_option(medium, p)
    else:
        assert get_page_size_mount_option(medium, p) == expected


def test_huge_pages_error_messages():
    with pytest.raises(ValueError, match="^medium: HugePages can't be used if container "
                                         "requests multiple huge page sizes$"):
        get_page_size_mount_option("HugePages", pod([{H1G: "2Gi"}, {H2: "100Mi"}]))
    with pytest.raises(ValueError, match="^medium HugePages: hugePages storage requested, but "
                                         "there is no resource request for huge pages$"):
        get_page_size_mount_option("HugePages", pod())
    with pytest.raises(ValueError, match="^medium: foo is not a hugepage medium$"):
        get_page_size_mount_option("foo", pod([{H2: "100Mi"}]))


def test_limits_are_not_consulted():
    p = Pod(metadata=ObjectMeta(uid="u"), spec=PodSpec(containers=[Container(
        name="c", resources=ResourceRequirements(limits={H2: Quantity("100Mi")}))]))
    with pytest.raises(ValueError, match="no resource request"):
        get_page_size_mount_option("HugePages", p)


class Detector:
    def __init__(self, is_mount=False, page_size=None, err=None):
        self.is_mount, self.page_size, self.err = is_mount, page_size, err

    def get_mount_medium(self, path, requested):
        if self.err:
            raise OSError(self.err)
        return "HugePages", self.is_mount, self.page_size


MOUNTED_2M = MountPoint("/dev/hugepages", "/mnt/hugepages-2Mi", "hugetlbfs",
                        ("rw", "pagesize=2M", "realtime"))

SETUP_CASES = [
    ("Valid: mount expected", "HugePages", "empty", Detector(), None, None),
    ("Valid: already mounted with correct pagesize", "HugePages-2Mi", "mounted",
     Detector(True, "2Mi"), None, None),
    ("Valid: already mounted", "HugePages", "mounted", Detector(True), None, None),
    ("Invalid: mounter is nil", "HugePages-2Mi", None, Detector(), None,
     "memory storage requested, but mounter is nil"),
    ("Invalid: GetMountMedium error", "HugePages-2Mi", "mounted",
     Detector(True, "2Mi", "GetMountMedium error"), None, "GetMountMedium error"),
    ("Invalid: medium and page size differ", "HugePages-1Gi", "mounted",
     Detector(True, "2Mi"), None, "pagesize '2Mi' and requested medium size '1Gi' differ"),
    ("Invalid medium", "HugePages-NN", "empty", Detector(), None, "quantities must match"),
    ("Invalid: setupDir fails", "HugePages", "empty", Detector(), "", "No such file"),
]


@pytest.mark.parametrize("medium,mounter_kind,detector,path,err",
                         [pytest.param(*c[1:], id=c[0]) for c in SETUP_CASES])
def test_setup_hugepages(tmp_path, medium, mounter_kind, detector, path, err):
    plugin = EmptyDirPlugin()
    plugin.init(VolumeHost(tmp_path, FakeMounter()))
    mounter = {"empty": FakeMounter(), "mounted": FakeMounter([MOUNTED_2M]), None: None}[
        mounter_kind]
    if isinstance(detector.page_size, str):
        detector.page_size = Quantity(detector.page_size)
    p = pod([{H1G: "2Gi"}]) if medium == "HugePages-1Gi" else pod([{H2: "100Mi"}])
    ed = EmptyDir(pod=p, vol_name="v", medium=medium, size_limit=None, mounter=mounter,
                  mount_detector=detector, plugin=plugin)
    target = str(tmp_path / "vol") if path is None else path
    if err is None:
        before = list(mounter.log)
        ed.setup_hugepages(target)
        assert os.path.isdir(target)
        if mounter_kind == "empty":
            assert mounter.log == before + [("mount", "nodev", target, "hugetlbfs",
                                             ("pagesize=2Mi",))]
        else:
            assert mounter.log == before  # already in the desired state: no mount
    else:
        with pytest.raises((OSError, ValueError), match=err):
            ed.setup_hugepages(target)


PAGE_SIZE_TABLE = [
    MountPoint("/dev/sda2", "/", "ext4", ("rw",)),
    MountPoint("/dev/hugepages", "/mnt/hugepages-2Mi", "hugetlbfs", ("rw", "pagesize=2M")),
    MountPoint("/dev/hugepages", "/mnt/hugepages-2Mi", "hugetlbfs", ("rw", "pagesize=2Mi")),
    MountPoint("sysfs", "/sys", "sysfs", ("rw",)),
    MountPoint("/dev/hugepages", "/mnt/hugepages-1Gi", "hugetlbfs", ("rw", "pagesize=1024M")),
    MountPoint("/dev/hugepages", "/mnt/noopt", "hugetlbfs", ("rw",)),
    MountPoint("/dev/hugepages", "/mnt/badopt", "hugetlbfs", ("rw", "pagesize=NN")),
]


@pytest.mark.parametrize("path,expected,err", [
    pytest.param("/mnt/hugepages-2Mi", "2Mi", None, id="Valid: existing 2Mi mount"),
    pytest.param("/mnt/hugepages-1Gi", "1Gi", None, id="Valid: existing 1Gi mount"),
    pytest.param("/mnt/nomp", None, "^mount point for /mnt/nomp not found$",
                 id="Invalid: mount point doesn't exist"),
    pytest.param("/mnt/noopt", None, "^no pagesize option specified for /mnt/noopt mount$",
                 id="Invalid: no pagesize option"),
    pytest.param("/mnt/badopt", None, "^error getting page size from 'pagesize=NN' mount option",
                 id="Invalid: incorrect pagesize option"),
])
def test_get_page_size(path, expected, err):
    mounter = FakeMounter(PAGE_SIZE_TABLE)
    if err is None:
        assert get_page_size(path, mounter) == Quantity(expected)
        assert str(get_page_size(path, mounter)) == expected
    else:
        with pytest.raises(ValueError, match=err):
            get_page_size(path, mounter)

"""The emptyDir volume plugin: a per-pod scratch directory on disk, tmpfs or hugetlbfs.

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir.go @ v1.36.0

Behaviour follows upstream, quirks included:

* ``new_mounter`` does not call ``can_support``: a volume with no source at all
  is set up as a default-medium emptyDir ("back-compat").
* ``set_up`` exits early on the ready marker only for Memory volumes that are
  mounted and for default volumes whose directory exists; HugePages (and an
  unmounted Memory volume, e.g. after a reboot) always go through set-up again.
* The directory is created 0777 and chmod-ed back to 0777 if the umask
  removed bits; a chmod that does not stick is only logged.
* fsGroup ownership runs even when the medium set-up failed; its result is
  ignored.  The ready marker is written only after a successful medium
  set-up, and *before* the quota step, so a quota error leaves it behind.
* The unmounter knows neither the medium nor the size: ``tear_down`` asks the
  filesystem (``empty_dir_linux``).  It removes the ready directory first and
  treats a missing data directory as success.

Version notes: ``NewMounter`` lost its ``VolumeOptions`` argument in v1.31; the
SizeMemoryBackedVolumes gate is GA and locked on since v1.32, so a Memory
volume is always sized; the GetVolumeName error was lower-cased in later trees
(older: "Spec does not reference an EmptyDir volume type"); an ``emptyDir.mode``
field (KEP-5502) is alpha only from v1.37 and is not modelled.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
from types import SimpleNamespace
from typing import Any

from k8slearn.kubelet.cm import pod_memory_limit
from k8slearn.volume.emptydir.empty_dir_linux import FakeMountDetector, RealMountDetector
from k8slearn.volume.host import escape_qualified_name
from k8slearn.volume.metrics_du import Metrics, metrics_du
from k8slearn.volume.mount import FakeMounter, path_exists
from k8slearn.volume.plugins import (
    Attributes,
    Mounter,
    MounterArgs,
    ReconstructedVolume,
    Unmounter,
    VolumePlugin,
)
from k8slearn.volume.spec import Spec
from k8slearn.volume.util.hugepages import (
    RESOURCE_MEMORY,
    STORAGE_MEDIUM_DEFAULT,
    STORAGE_MEDIUM_HUGEPAGES,
    STORAGE_MEDIUM_MEMORY,
    huge_page_size_from_medium,
    huge_page_size_from_resource_name,
    is_huge_page_medium,
    is_huge_page_resource_name,
)
from k8slearn.volume.util.swap import TMPFS_NOSWAP_OPTION
from k8slearn.volume.util.util import is_ready, remove_all, set_ready
from k8slearn.volume.volume_linux import set_volume_ownership

__all__ = ["PLUGIN_NAME", "EmptyDirPlugin", "EmptyDir", "probe_volume_plugins",
           "calculate_empty_dir_memory_size", "get_page_size_mount_option", "DEFAULT_PERM"]

PLUGIN_NAME = "kubernetes.io/empty-dir"
HUGE_PAGES_PAGE_SIZE_MOUNT_OPTION = "pagesize"
DEFAULT_PERM = 0o777
log = logging.getLogger(__name__)


def _quantity(s: str) -> Any:
    from k8slearn.api.resource import Quantity

    return Quantity(s)


def _pod_uid(pod: Any) -> str:
    return pod.metadata.uid


def probe_volume_plugins() -> list[VolumePlugin]:
    """``ProbeVolumePlugins``: the plugins this package contributes."""
    return [EmptyDirPlugin()]


def mount_detector_for(mounter: Any) -> Any:
    """The detector ``NewMounter`` uses: the fake one for a FakeMounter, else the real one."""
    return FakeMountDetector(mounter) if isinstance(mounter, FakeMounter) else \
        RealMountDetector(mounter)


class EmptyDirPlugin(VolumePlugin):
    """``emptyDirPlugin``."""

    def __init__(self) -> None:
        self.host: Any = None

    def init(self, host: Any) -> None:
        self.host = host

    def get_plugin_name(self) -> str:
        return PLUGIN_NAME

    def get_volume_name(self, spec: Spec) -> str:
        if spec.volume is None or spec.volume.empty_dir is None:
            raise ValueError("spec does not reference an emptyDir volume type")
        return spec.name()  # the pod-local name: the volume is ephemeral

    def can_support(self, spec: Spec) -> bool:
        return spec.volume is not None and spec.volume.empty_dir is not None

    def requires_remount(self, spec: Spec) -> bool:
        return False

    def supports_mount_option(self) -> bool:
        return False

    def supports_selinux_context_mount(self, spec: Spec) -> bool:
        return False

    def new_mounter(self, spec: Spec, pod: Any) -> EmptyDir:
        mounter = self.host.get_mounter()
        return self.new_mounter_internal(spec, pod, mounter, mount_detector_for(mounter))

    def new_mounter_internal(self, spec: Spec, pod: Any, mounter: Any,
                             mount_detector: Any) -> EmptyDir:
        if spec.volume is None:
            raise ValueError("spec has no volume")
        medium = STORAGE_MEDIUM_DEFAULT
        size_limit = _quantity("0")
        source = spec.volume.empty_dir
        if source is not None:  # a volume with no source is an emptyDir too
            medium = source.medium or STORAGE_MEDIUM_DEFAULT
            if medium == STORAGE_MEDIUM_MEMORY:
                allocatable = self.host.get_node_allocatable()
                node_memory = allocatable.get(RESOURCE_MEMORY) or _quantity("0")
                size_limit = calculate_empty_dir_memory_size(node_memory, spec, pod)
        return EmptyDir(pod=pod, vol_name=spec.name(), medium=medium, size_limit=size_limit,
                        mounter=mounter, mount_detector=mount_detector, plugin=self)

    def new_unmounter(self, volume_name: str, pod_uid: str) -> EmptyDir:
        mounter = self.host.get_mounter()
        return self.new_unmounter_internal(volume_name, pod_uid, mounter,
                                           mount_detector_for(mounter))

    def new_unmounter_internal(self, volume_name: str, pod_uid: str, mounter: Any,
                               mount_detector: Any) -> EmptyDir:
        stub = SimpleNamespace(metadata=SimpleNamespace(uid=pod_uid), spec=None)
        return EmptyDir(pod=stub, vol_name=volume_name, medium=STORAGE_MEDIUM_DEFAULT,
                        size_limit=None, mounter=mounter, mount_detector=mount_detector,
                        plugin=self)  # the medium "might be changed later" by tear_down

    def construct_volume_spec(self, volume_name: str, mount_path: str) -> ReconstructedVolume:
        """After a kubelet restart: medium and sizeLimit are lost."""
        from k8slearn.api.core import EmptyDirVolumeSource, Volume

        return ReconstructedVolume(spec=Spec(volume=Volume(
            name=volume_name, empty_dir=EmptyDirVolumeSource())))


def calculate_empty_dir_memory_size(node_allocatable_memory: Any, spec: Spec, pod: Any) -> Any:
    """tmpfs size: min(node allocatable, pod memory limit, sizeLimit), ignoring values <= 0."""
    zero = _quantity("0")
    size = node_allocatable_memory
    limit = pod_memory_limit(pod)
    if limit is not None:
        from k8slearn.api.resource import BINARY_SI, Quantity

        pod_limit = Quantity.new_quantity(limit, BINARY_SI)
        if pod_limit > zero and pod_limit <= size:
            size = pod_limit
    volume_limit = spec.volume.empty_dir.size_limit
    if volume_limit is not None and volume_limit > zero and volume_limit <= size:
        size = volume_limit
    return size


def get_page_size_mount_option(medium: str, pod: Any) -> str:
    """``pagesize=<size>`` from the hugepage *requests* of containers, then init containers."""
    page_size = None
    medium_page_size = None
    if medium != STORAGE_MEDIUM_HUGEPAGES:
        medium_page_size = huge_page_size_from_medium(medium)  # HugePages-<size>
    request_lists = []
    pod_resources = getattr(pod.spec, "resources", None)
    if pod_resources is not None and getattr(pod_resources, "requests", None):
        request_lists.append(pod_resources.requests)  # pod-level resources (newer)
    for c in list(pod.spec.containers or []) + list(pod.spec.init_containers or []):
        res = getattr(c, "resources", None)
        request_lists.append(getattr(res, "requests", None) or {})
    for requests in request_lists:
        for name in requests:
            if not is_huge_page_resource_name(name):
                continue
            current = huge_page_size_from_resource_name(name)
            if medium == STORAGE_MEDIUM_HUGEPAGES:
                if page_size is not None and page_size != current:
                    raise ValueError(f"medium: {medium} can't be used if container requests "
                                     "multiple huge page sizes")
                page_size = current
            elif current == medium_page_size:
                page_size = current
    if page_size is None:
        raise ValueError(f"medium {medium}: hugePages storage requested, but there is no "
                         "resource request for huge pages")
    return f"{HUGE_PAGES_PAGE_SIZE_MOUNT_OPTION}={page_size}"


class EmptyDir(Mounter, Unmounter):
    """One emptyDir volume of one pod: both its mounter and its unmounter (``emptyDir``)."""

    def __init__(self, *, pod: Any, vol_name: str, medium: str, size_limit: Any,
                 mounter: Any, mount_detector: Any, plugin: EmptyDirPlugin) -> None:
        self.pod = pod
        self.vol_name = vol_name
        self.medium = medium
        self.size_limit = size_limit
        self.mounter = mounter
        self.mount_detector = mount_detector
        self.plugin = plugin
        self._path = self.get_path()  # validates the UID and name up front (MetricsDu path)

    # -- paths
    def get_path(self) -> str:
        host = self.plugin.host
        return host.get_pod_volume_dir(_pod_uid(self.pod), escape_qualified_name(PLUGIN_NAME),
                                       self.vol_name)

    def get_meta_dir(self) -> str:
        host = self.plugin.host
        plugin_dir = host.get_pod_plugin_dir(_pod_uid(self.pod),
                                             escape_qualified_name(PLUGIN_NAME))
        return os.path.join(plugin_dir, self.vol_name)

    def get_attributes(self) -> Attributes:
        return Attributes(read_only=False, managed=True, selinux_relabel=True)

    def get_metrics(self) -> Metrics:
        """``MetricsDu``: du of the volume directory, statvfs of its filesystem."""
        return metrics_du(self._path)

    # -- set-up
    def set_up(self, fs_group: int | None = None, desired_size: Any = None) -> None:
        self.set_up_at(self.get_path(), MounterArgs(fs_group=fs_group, desired_size=desired_size))

    def set_up_at(self, dir: str, args: MounterArgs | None = None) -> None:
        args = args or MounterArgs()
        not_mnt = True
        if self.mounter is not None:
            try:
                not_mnt = self.mounter.is_likely_not_mount_point(dir)
            except FileNotFoundError:
                not_mnt = True  # not created yet: set-up will create it

        ready_dir = self.get_meta_dir()
        if is_ready(ready_dir):
            if self.medium == STORAGE_MEDIUM_MEMORY and not not_mnt:
                return
            if self.medium == STORAGE_MEDIUM_DEFAULT:
                if os.path.exists(dir):
                    self.assign_quota(dir, args.desired_size)
                    return
                log.warning("volume ready file dir %s exist, but volume dir %s does not. "
                            "Remove ready dir", ready_dir, dir)
                shutil.rmtree(ready_dir, ignore_errors=True)

        err: BaseException | None = None
        try:
            if self.medium == STORAGE_MEDIUM_DEFAULT:
                self.setup_dir(dir)
            elif self.medium == STORAGE_MEDIUM_MEMORY:
                self.setup_tmpfs(dir)
            elif is_huge_page_medium(self.medium):
                self.setup_hugepages(dir)
            else:
                raise ValueError(f'unknown storage medium "{self.medium}"')
        except (OSError, ValueError) as e:
            err = e

        try:  # ownership runs even after a failure, and its result is ignored
            set_volume_ownership(dir, args.fs_group)
        except OSError:
            pass

        if err is not None:
            raise err
        set_ready(ready_dir)
        self.assign_quota(dir, args.desired_size)

    def assign_quota(self, dir: str, desired_size: Any) -> None:
        """Project quotas: only when the host offers them (``VolumeHost.fs_quota``).

        Monitoring only: upstream's ``fsquota.AssignQuota`` sets the project quota
        without a hard limit, so it measures usage and never enforces ``sizeLimit``.
        """
        quota = getattr(self.plugin.host, "fs_quota", None)
        if desired_size is None or quota is None:
            return
        try:
            supported = quota.supports_quotas(dir)
        except OSError as e:
            log.info("Unable to check for quota support on %s: %s", dir, e)
            return
        if supported:
            quota.assign_quota(dir, _pod_uid(self.pod), desired_size)

    def setup_dir(self, dir: str) -> None:
        """mkdir 0777, then chmod 0777 if the umask took bits away (``setupDir``)."""
        os.makedirs(dir, DEFAULT_PERM, exist_ok=True)
        if stat.S_IMODE(os.lstat(dir).st_mode) & 0o777 != DEFAULT_PERM:
            os.chmod(dir, DEFAULT_PERM)
            got = stat.S_IMODE(os.lstat(dir).st_mode) & 0o777
            if got != DEFAULT_PERM:
                log.error("Expected directory %r permissions to be: %o; got: %o",
                          dir, DEFAULT_PERM, got)

    def setup_tmpfs(self, dir: str) -> None:
        if self.mounter is None:
            raise ValueError("memory storage requested, but mounter is nil")
        self.setup_dir(dir)
        medium, is_mnt, _ = self.mount_detector.get_mount_medium(dir, self.medium)
        if is_mnt and medium == STORAGE_MEDIUM_MEMORY:
            return  # already in the desired state
        noswap = self.plugin.host.tmpfs_noswap_supported()
        options = self.generate_tmpfs_mount_options(noswap)
        log.info("pod %s: mounting tmpfs for volume %s", _pod_uid(self.pod), self.vol_name)
        self.mounter.mount_sensitive_without_systemd("tmpfs", dir, "tmpfs", options, None)

    def setup_hugepages(self, dir: str) -> None:
        if self.mounter is None:
            raise ValueError("memory storage requested, but mounter is nil")
        self.setup_dir(dir)
        medium, is_mnt, mount_page_size = self.mount_detector.get_mount_medium(dir, self.medium)
        if is_mnt and is_huge_page_medium(medium):
            if self.medium == STORAGE_MEDIUM_HUGEPAGES:
                return
            uid = _pod_uid(self.pod)
            if mount_page_size is None:
                raise ValueError(f"pod {uid}: mounted dir {dir} pagesize is not determined")
            medium_size = huge_page_size_from_medium(self.medium)
            if medium_size != mount_page_size:
                raise ValueError(f"pod {uid}: mounted dir {dir} pagesize '{mount_page_size}' "
                                 f"and requested medium size '{medium_size}' differ")
            return
        option = get_page_size_mount_option(self.medium, self.pod)
        log.info("pod %s: mounting hugepages for volume %s", _pod_uid(self.pod), self.vol_name)
        self.mounter.mount_sensitive_without_systemd("nodev", dir, "hugetlbfs", [option], None)

    def generate_tmpfs_mount_options(self, noswap_supported: bool) -> list[str]:
        """``size=<bytes>`` when the size is positive, then ``noswap`` if supported."""
        options: list[str] = []
        if self.size_limit is not None and self.size_limit.value() > 0:
            options.append(f"size={self.size_limit.value()}")
        if noswap_supported:
            options.append(TMPFS_NOSWAP_OPTION)
        return options

    # -- tear-down
    def tear_down(self) -> None:
        self.tear_down_at(self.get_path())

    def tear_down_at(self, dir: str) -> None:
        ready_dir = self.get_meta_dir()
        try:
            shutil.rmtree(ready_dir)
        except FileNotFoundError:
            pass
        except OSError as e:
            raise OSError(f"failed to remove ready dir [{ready_dir}]: {e}") from e
        try:
            exists = path_exists(dir)
        except OSError as e:
            raise OSError(f"error checking if path exists: {e}") from e
        if not exists:
            log.warning("Warning: Unmount skipped because path does not exist: %s", dir)
            return
        medium, is_mnt, _ = self.mount_detector.get_mount_medium(dir, self.medium)
        if is_mnt and medium in (STORAGE_MEDIUM_MEMORY, STORAGE_MEDIUM_HUGEPAGES):
            self.medium = medium
            self.teardown_tmpfs_or_hugetlbfs(dir)
            return
        self.teardown_default(dir)

    def teardown_default(self, dir: str) -> None:
        """No quota to clear in the simulation; no rename either (upstream dropped it)."""
        remove_all(dir)

    def teardown_tmpfs_or_hugetlbfs(self, dir: str) -> None:
        if self.mounter is None:
            raise ValueError("memory storage requested, but mounter is nil")
        self.mounter.unmount(dir)
        remove_all(dir)

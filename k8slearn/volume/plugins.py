"""The VolumePlugin interface: what every in-tree volume plugin implements.

Upstream: kubernetes/kubernetes pkg/volume/plugins.go, pkg/volume/volume.go @ v1.36.0

From v1.31 on the base interface has ten methods (Init, GetPluginName,
GetVolumeName, CanSupport, RequiresRemount, NewMounter, NewUnmounter,
ConstructVolumeSpec, SupportsMountOption, SupportsSELinuxContextMount).

Version note: up to the v1.30 line ``NewMounter`` took a third ``VolumeOptions``
argument; it was dropped in v1.31.  ``SupportsBulkVolumeVerification`` existed in
older trees and was gone by v1.30.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from k8slearn.volume.spec import Spec

__all__ = ["VolumePlugin", "Mounter", "Unmounter", "MounterArgs", "Attributes",
           "ReconstructedVolume", "PLUGIN_METHODS"]

#: The ten methods of the v1.36 base interface, in upstream order (snake_case).
PLUGIN_METHODS = (
    "init", "get_plugin_name", "get_volume_name", "can_support", "requires_remount",
    "new_mounter", "new_unmounter", "construct_volume_spec", "supports_mount_option",
    "supports_selinux_context_mount",
)


@dataclass
class MounterArgs:
    """Arguments to ``SetUp`` (``volume.MounterArgs``): the pod's fsGroup and a quota size."""

    fs_group: int | None = None
    desired_size: Any = None  # a Quantity when FS-quota monitoring is on


@dataclass(frozen=True)
class Attributes:
    """What a mounter reports about itself (``volume.Attributes``)."""

    read_only: bool
    managed: bool
    selinux_relabel: bool


@dataclass
class ReconstructedVolume:
    """What ``ConstructVolumeSpec`` returns after a kubelet restart."""

    spec: Spec
    outer_volume_spec_name: str = ""
    selinux_mount_context: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class Mounter(ABC):
    """Sets up a volume for one pod (``volume.Mounter``)."""

    @abstractmethod
    def get_path(self) -> str: ...

    @abstractmethod
    def set_up(self, fs_group: int | None = None) -> None: ...

    @abstractmethod
    def get_attributes(self) -> Attributes: ...


class Unmounter(ABC):
    """Tears down a volume for one pod (``volume.Unmounter``)."""

    @abstractmethod
    def get_path(self) -> str: ...

    @abstractmethod
    def tear_down(self) -> None: ...


class VolumePlugin(ABC):
    """The base plugin interface (``volume.VolumePlugin``)."""

    @abstractmethod
    def init(self, host: Any) -> None: ...

    @abstractmethod
    def get_plugin_name(self) -> str: ...

    @abstractmethod
    def get_volume_name(self, spec: Spec) -> str: ...

    @abstractmethod
    def can_support(self, spec: Spec) -> bool: ...

    @abstractmethod
    def requires_remount(self, spec: Spec) -> bool: ...

    @abstractmethod
    def new_mounter(self, spec: Spec, pod: Any) -> Mounter: ...

    @abstractmethod
    def new_unmounter(self, volume_name: str, pod_uid: str) -> Unmounter: ...

    @abstractmethod
    def construct_volume_spec(self, volume_name: str, mount_path: str) -> ReconstructedVolume:
        ...

    @abstractmethod
    def supports_mount_option(self) -> bool: ...

    @abstractmethod
    def supports_selinux_context_mount(self, spec: Spec) -> bool: ...

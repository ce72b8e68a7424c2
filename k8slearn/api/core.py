"""Core v1 types the course needs: Pod, PodSpec, Container, resources, emptyDir volumes, status.

Upstream: kubernetes/kubernetes staging/src/k8s.io/api/core/v1/types.go @ v1.36.0

Only the fields the course reads are typed; a few structures it never looks
into (probes, security contexts, env sources, affinity, other volume sources)
are kept as the raw maps kubectl prints, so they survive a load/dump round trip.
Unknown fields are dropped, as the apiserver's non-strict decoder does.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .meta import ObjectMeta
from .resource import Quantity
from .serialization import Model, Object, fld, model, time_fld

__all__ = [
    "Container",
    "ContainerPort",
    "ContainerState",
    "ContainerStateRunning",
    "ContainerStateTerminated",
    "ContainerStateWaiting",
    "ContainerStatus",
    "EmptyDirVolumeSource",
    "EnvVar",
    "Pod",
    "PodCondition",
    "PodSpec",
    "PodStatus",
    "PodTemplateSpec",
    "ResourceRequirements",
    "Volume",
    "VolumeMount",
]

_RL = "v1.ResourceList"


@model
class ResourceRequirements(Model):
    """v1.ResourceRequirements: ``limits`` and ``requests`` (resource name -> Quantity)."""

    limits: dict[str, Quantity] = fld(factory=dict, go=_RL)
    requests: dict[str, Quantity] = fld(factory=dict, go=_RL)
    claims: list[Any] = fld(factory=list)


@model
class ContainerPort(Model):
    """v1.ContainerPort."""

    name: str = ""
    host_port: int = 0
    container_port: int = fld(0, keep=True)
    protocol: str = fld("", go="v1.Protocol")
    host_ip: str = fld("", json="hostIP")


@model
class EnvVar(Model):
    """v1.EnvVar (``value_from`` kept raw)."""

    name: str = fld("", keep=True)
    value: str = ""
    value_from: Any = None


@model
class VolumeMount(Model):
    """v1.VolumeMount."""

    name: str = fld("", keep=True)
    read_only: bool = False
    mount_path: str = fld("", keep=True)
    sub_path: str = ""


@model
class Container(Model):
    """v1.Container: one (init) container with its resources and, for sidecars, restartPolicy."""

    name: str = fld("", keep=True)
    image: str = ""
    command: list[str] = fld(factory=list)
    args: list[str] = fld(factory=list)
    working_dir: str = ""
    ports: list[ContainerPort] = fld(factory=list)
    env: list[EnvVar] = fld(factory=list)
    resources: ResourceRequirements = fld(factory=ResourceRequirements)
    restart_policy: str | None = fld(None, go="v1.ContainerRestartPolicy")
    volume_mounts: list[VolumeMount] = fld(factory=list)
    liveness_probe: Any = None
    readiness_probe: Any = None
    startup_probe: Any = None
    lifecycle: Any = None
    termination_message_path: str = ""
    termination_message_policy: str = fld("", go="v1.TerminationMessagePolicy")
    image_pull_policy: str = fld("", go="v1.PullPolicy")
    security_context: Any = None
    env_from: list[Any] = fld(factory=list)
    volume_devices: list[Any] = fld(factory=list)
    resize_policy: list[Any] = fld(factory=list)
    restart_policy_rules: list[Any] = fld(factory=list)
    stdin: bool = False
    stdin_once: bool = False
    tty: bool = False


@model
class EmptyDirVolumeSource(Model):
    """v1.EmptyDirVolumeSource: ``medium`` ("" or "Memory") and optional ``size_limit``."""

    medium: str = fld("", go="v1.StorageMedium")
    size_limit: Quantity | None = None


@model
class Volume(Model):
    """v1.Volume: a name plus one source; only emptyDir is typed."""

    name: str = fld("", keep=True)
    empty_dir: EmptyDirVolumeSource | None = None
    host_path: Any = None
    secret: Any = None
    config_map: Any = None
    persistent_volume_claim: Any = None
    projected: Any = None
    downward_api: Any = fld(None, json="downwardAPI")
    csi: Any = None
    ephemeral: Any = None
    nfs: Any = None
    image: Any = None


@model
class PodSpec(Model):
    """v1.PodSpec."""

    volumes: list[Volume] = fld(factory=list)
    init_containers: list[Container] = fld(factory=list)
    containers: list[Container] = fld(factory=list)
    restart_policy: str = fld("", go="v1.RestartPolicy")
    termination_grace_period_seconds: int | None = fld(None, go="int64")
    active_deadline_seconds: int | None = fld(None, go="int64")
    dns_policy: str = fld("", go="v1.DNSPolicy")
    node_selector: dict[str, str] = fld(factory=dict)
    service_account_name: str = ""
    service_account: str = fld("", json="serviceAccount")
    node_name: str = ""
    host_network: bool = False
    security_context: Any = None
    scheduler_name: str = ""
    affinity: Any = None
    tolerations: list[Any] = fld(factory=list)
    priority_class_name: str = ""
    priority: int | None = None
    enable_service_links: bool | None = None
    preemption_policy: str | None = fld(None, go="v1.PreemptionPolicy")
    resources: ResourceRequirements | None = None
    ephemeral_containers: list[Any] = fld(factory=list)
    automount_service_account_token: bool | None = None
    host_pid: bool = fld(False, json="hostPID")
    host_ipc: bool = fld(False, json="hostIPC")
    share_process_namespace: bool | None = None
    image_pull_secrets: list[Any] = fld(factory=list)
    hostname: str = ""
    subdomain: str = ""
    host_aliases: list[Any] = fld(factory=list)
    dns_config: Any = None
    readiness_gates: list[Any] = fld(factory=list)
    runtime_class_name: str | None = None
    overhead: dict[str, Quantity] = fld(factory=dict, go=_RL)
    topology_spread_constraints: list[Any] = fld(factory=list)
    set_hostname_as_fqdn: bool | None = fld(None, json="setHostnameAsFQDN")
    os: Any = None
    host_users: bool | None = None
    scheduling_gates: list[Any] = fld(factory=list)
    resource_claims: list[Any] = fld(factory=list)


@model
class PodCondition(Model):
    """v1.PodCondition: ``type`` (Ready, PodScheduled, ...) and ``status`` True/False/Unknown."""

    type: str = fld("", keep=True, go="v1.PodConditionType")
    observed_generation: int = fld(0, go="int64")
    status: str = fld("", keep=True, go="v1.ConditionStatus")
    last_probe_time: float | None = time_fld(keep=True)
    last_transition_time: float | None = time_fld()
    reason: str = ""
    message: str = ""


@model
class ContainerStateWaiting(Model):
    """v1.ContainerStateWaiting."""

    reason: str = ""
    message: str = ""


@model
class ContainerStateRunning(Model):
    """v1.ContainerStateRunning."""

    started_at: float | None = time_fld()


@model
class ContainerStateTerminated(Model):
    """v1.ContainerStateTerminated."""

    exit_code: int = fld(0, keep=True)
    signal: int = 0
    reason: str = ""
    message: str = ""
    started_at: float | None = time_fld()
    finished_at: float | None = time_fld()
    container_id: str = fld("", json="containerID")


@model
class ContainerState(Model):
    """v1.ContainerState: exactly one of waiting, running, terminated."""

    waiting: ContainerStateWaiting | None = None
    running: ContainerStateRunning | None = None
    terminated: ContainerStateTerminated | None = None


@model
class ContainerStatus(Model):
    """v1.ContainerStatus."""

    name: str = fld("", keep=True)
    state: ContainerState = fld(factory=ContainerState)
    last_state: ContainerState = fld(factory=ContainerState)
    ready: bool = fld(False, keep=True)
    restart_count: int = fld(0, keep=True)
    image: str = fld("", keep=True)
    image_id: str = fld("", keep=True, json="imageID")
    container_id: str = fld("", json="containerID")
    started: bool | None = None
    allocated_resources: dict[str, Quantity] = fld(factory=dict, go=_RL)
    resources: ResourceRequirements | None = None
    volume_mounts: list[Any] = fld(factory=list)
    user: Any = None
    allocated_resources_status: list[Any] = fld(factory=list)
    stop_signal: str | None = None


@model
class PodStatus(Model):
    """v1.PodStatus: phase, conditions, start time and per-container statuses."""

    observed_generation: int = fld(0, go="int64")
    phase: str = fld("", go="v1.PodPhase")
    conditions: list[PodCondition] = fld(factory=list)
    message: str = ""
    reason: str = ""
    nominated_node_name: str = ""
    host_ip: str = fld("", json="hostIP")
    host_ips: list[Any] = fld(factory=list, json="hostIPs")
    pod_ip: str = fld("", json="podIP")
    pod_ips: list[Any] = fld(factory=list, json="podIPs")
    start_time: float | None = time_fld()
    init_container_statuses: list[ContainerStatus] = fld(factory=list)
    container_statuses: list[ContainerStatus] = fld(factory=list)
    qos_class: str = fld("", json="qosClass", go="v1.PodQOSClass")
    ephemeral_container_statuses: list[ContainerStatus] = fld(factory=list)
    resize: str = ""
    resource_claim_statuses: list[Any] = fld(factory=list)


@model
class PodTemplateSpec(Model):
    """v1.PodTemplateSpec: the metadata and spec stamped onto each new pod."""

    metadata: ObjectMeta = fld(factory=ObjectMeta)
    spec: PodSpec = fld(factory=PodSpec)


@model
class Pod(Object):
    """v1.Pod."""

    API_VERSION: ClassVar[str] = "v1"
    KIND: ClassVar[str] = "Pod"

    api_version: str = "v1"
    kind: str = "Pod"
    metadata: ObjectMeta = fld(factory=ObjectMeta)
    spec: PodSpec = fld(factory=PodSpec)
    status: PodStatus = fld(factory=PodStatus)

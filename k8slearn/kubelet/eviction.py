"""The eviction manager's local-storage checks: emptyDir sizeLimit, pod and container limits.

Upstream: kubernetes/kubernetes pkg/kubelet/eviction/eviction_manager.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/kubelet/eviction/helpers.go @ v1.36.0

Each ``synchronize`` pass (upstream: every ``--eviction-monitoring-interval``,
10 s by default) first runs ``local_storage_eviction`` when local storage
capacity isolation is on; if that evicts anything, node-pressure eviction is
skipped for the pass (node pressure is not modelled here).  For each active pod
the three checks run in order and the first that fires evicts the pod:

1. ``empty_dir_limit_eviction``: a volume's *measured* usage is strictly
   greater than its ``sizeLimit`` (any medium; a zero limit never fires);
2. ``pod_ephemeral_storage_limit_eviction``: container rootfs + logs + the
   pod's local ephemeral volumes (``IsLocalEphemeralVolume``: emptyDirs with
   the default medium, configMap, gitRepo; never ``Memory`` or ``HugePages``)
   exceed ``PodLimits`` for ephemeral-storage (init containers and overhead
   included);
3. ``container_ephemeral_storage_limit_eviction``: one container's rootfs +
   logs exceed its own ephemeral-storage limit.

``evict_pod`` refuses critical pods, records a Warning event with reason
``Evicted``, and kills the pod with phase Failed, reason ``Evicted`` and the
message (grace period 1 s; older releases passed 0).  No DisruptionTarget
condition is added for local-storage evictions.  Usage comes from the stats
provider, in the kubelet from du-style walks sampled periodically, so detection
lags writes by up to one sampling period.

Modelled simplifications: no image filesystem split (rootfs counts), stats are
a plain ``PodStats`` the caller provides, and a critical
pod is one with priority >= 2000000000 (static and mirror pods are not modelled).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from k8slearn.kubelet.cm import pod_limits
from k8slearn.kubelet.events import EVENT_TYPE_WARNING
from k8slearn.volume.util.util import is_local_ephemeral_volume

__all__ = ["PodStats", "ContainerStats", "EvictionManager", "REASON",
           "EMPTY_DIR_MESSAGE_FMT", "POD_EPHEMERAL_STORAGE_MESSAGE_FMT",
           "CONTAINER_EPHEMERAL_STORAGE_MESSAGE_FMT", "IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS",
           "go_quote"]

REASON = "Evicted"
EMPTY_DIR_MESSAGE_FMT = "Usage of EmptyDir volume {} exceeds the limit {}. "
POD_EPHEMERAL_STORAGE_MESSAGE_FMT = (
    "Pod ephemeral local storage usage exceeds the total limit of containers {}. ")
CONTAINER_EPHEMERAL_STORAGE_MESSAGE_FMT = (
    "Container {} exceeded its local ephemeral storage limit {}. ")
IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS = 1
SYSTEM_CRITICAL_PRIORITY = 2_000_000_000
EPHEMERAL_STORAGE = "ephemeral-storage"


def go_quote(s: str) -> str:
    """Go's ``%q`` for the plain strings used here (names and quantities)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class ContainerStats:
    """Per-container filesystem usage in bytes (``statsapi.ContainerStats``)."""

    name: str
    rootfs_used: int = 0
    logs_used: int = 0


@dataclass
class PodStats:
    """What the summary API reports for a pod: volume usage and container usage."""

    volume_used: dict[str, int] = field(default_factory=dict)
    containers: list[ContainerStats] = field(default_factory=list)


def _q(n: int) -> Any:
    from k8slearn.api.resource import BINARY_SI, Quantity

    return Quantity.new_quantity(int(n), BINARY_SI)


def _limits(container: Any) -> dict[str, Any]:
    return getattr(getattr(container, "resources", None), "limits", None) or {}


def is_critical_pod(pod: Any) -> bool:
    """Static/mirror pods and pods at system-critical priority (simplified ``IsCriticalPod``)."""
    prio = getattr(pod.spec, "priority", None)
    return prio is not None and prio >= SYSTEM_CRITICAL_PRIORITY


def default_kill_pod(pod: Any, message: str) -> None:
    """Set the status an evicted pod ends with: Failed / Evicted / message."""
    pod.status.phase = "Failed"
    pod.status.reason = REASON
    pod.status.message = message


class EvictionManager:
    """``managerImpl``, local-storage part.

    ``stats_func(pod) -> PodStats | None``; ``kill_pod(pod, message)`` stops it;
    ``recorder.event(pod, type, reason, message)`` records the event.
    """

    def __init__(self, stats_func: Callable[[Any], PodStats | None], recorder: Any,
                 kill_pod: Callable[[Any, str], None] = default_kill_pod,
                 local_storage_capacity_isolation: bool = True) -> None:
        self.stats_func = stats_func
        self.recorder = recorder
        self.kill_pod = kill_pod
        self.local_storage_capacity_isolation = local_storage_capacity_isolation
        self.evictions: dict[str, int] = {}  # the evictions{signal=...} counter

    def synchronize(self, pods: list[Any]) -> list[Any]:
        """One pass over the active pods; returns the evicted pods."""
        active = [p for p in pods if getattr(p.status, "phase", None) not in
                  ("Succeeded", "Failed")]
        if self.local_storage_capacity_isolation:
            evicted = self.local_storage_eviction(active)
            if evicted:
                return evicted
        return []

    def local_storage_eviction(self, pods: list[Any]) -> list[Any]:
        evicted = []
        for pod in pods:
            stats = self.stats_func(pod)
            if stats is None:
                continue
            if (self.empty_dir_limit_eviction(stats, pod)
                    or self.pod_ephemeral_storage_limit_eviction(stats, pod)
                    or self.container_ephemeral_storage_limit_eviction(stats, pod)):
                evicted.append(pod)
        return evicted

    def empty_dir_limit_eviction(self, stats: PodStats, pod: Any) -> bool:
        for vol in pod.spec.volumes or []:
            source = getattr(vol, "empty_dir", None)
            if source is None:
                continue
            size = source.size_limit
            used = stats.volume_used.get(vol.name)
            if used is not None and size is not None and size.sign() == 1 \
                    and _q(used) > size:
                msg = EMPTY_DIR_MESSAGE_FMT.format(go_quote(vol.name), go_quote(str(size)))
                if self.evict_pod(pod, IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS, msg):
                    self.evictions["emptydirfs.limit"] = \
                        self.evictions.get("emptydirfs.limit", 0) + 1
                    return True
                return False
        return False

    def pod_ephemeral_storage_limit_eviction(self, stats: PodStats, pod: Any) -> bool:
        limit = pod_limits(pod, EPHEMERAL_STORAGE)  # PodLimits: init containers, overhead
        if limit is None:
            return False
        used = sum(c.rootfs_used + c.logs_used for c in stats.containers)
        for vol in pod.spec.volumes or []:  # the summary API's ephemeral volumes
            if is_local_ephemeral_volume(vol):
                used += stats.volume_used.get(vol.name, 0)
        if _q(used) > _q(limit):
            msg = POD_EPHEMERAL_STORAGE_MESSAGE_FMT.format(str(_q(limit)))
            if self.evict_pod(pod, IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS, msg):
                self.evictions["ephemeralpodfs.limit"] = \
                    self.evictions.get("ephemeralpodfs.limit", 0) + 1
                return True
        return False

    def container_ephemeral_storage_limit_eviction(self, stats: PodStats, pod: Any) -> bool:
        thresholds = {}
        for c in pod.spec.containers or []:
            q = _limits(c).get(EPHEMERAL_STORAGE)
            if q is not None and q.value() != 0:
                thresholds[c.name] = q
        for cs in stats.containers:
            threshold = thresholds.get(cs.name)
            if threshold is not None and _q(cs.rootfs_used + cs.logs_used) > threshold:
                msg = CONTAINER_EPHEMERAL_STORAGE_MESSAGE_FMT.format(
                    cs.name, go_quote(str(threshold)))
                if self.evict_pod(pod, IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS, msg):
                    self.evictions["ephemeralcontainerfs.limit"] = \
                        self.evictions.get("ephemeralcontainerfs.limit", 0) + 1
                    return True
        return False

    def evict_pod(self, pod: Any, grace_period_seconds: int, message: str) -> bool:
        """Record the event and kill the pod; critical pods are refused."""
        if is_critical_pod(pod):
            return False
        self.recorder.event(pod, EVENT_TYPE_WARNING, REASON, message)
        try:
            self.kill_pod(pod, message)
        except Exception:  # upstream logs the failure and still reports the eviction
            pass
        return True

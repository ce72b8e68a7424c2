"""Local-storage eviction on the served cluster's nodes (emptyDir ``sizeLimit`` and friends).

Every ``monitoring_interval`` (the kubelet's ``--eviction-monitoring-interval``,
10 s) each node's eviction manager (:mod:`k8slearn.kubelet.eviction`) looks at
its running pods with the volumes' *measured* usage: ``du`` of the emptyDir
directories under the temporary kubelet root (write a file into a pod's volume
directory and the next pass sees it).  An evicted pod is killed with phase
``Failed``, reason ``Evicted`` and the manager's message (``Usage of EmptyDir
volume "cache" exceeds the limit "1Mi". ``); its volumes are torn down; the
Warning event ``Evicted`` goes to the event sink; its ReplicaSet replaces it.

Upstream: kubernetes/kubernetes pkg/kubelet/eviction/eviction_manager.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.apiserver.errors import StatusError
from k8slearn.kubelet.eviction import EvictionManager, PodStats

__all__ = ["EvictionWorker", "MONITORING_INTERVAL"]

MONITORING_INTERVAL = 10.0


class _Recorder:
    def __init__(self, sink: Any) -> None:
        self.sink = sink

    def event(self, pod: Any, event_type: str, reason: str, message: str) -> None:
        self.sink.emit("Pod", pod.metadata.namespace, pod.metadata.name, event_type, reason,
                       message, "kubelet")


class EvictionWorker:
    """Runs every node's eviction manager once per monitoring interval (for the driver)."""

    def __init__(self, server: Any, clock: Any, kubelets: list[Any], sink: Any,
                 monitoring_interval: float = MONITORING_INTERVAL) -> None:
        self.server = server
        self.kubelets = kubelets
        self._due = False
        self.evicted: list[tuple[float, str, str]] = []
        self.clock = clock
        self._managers = {k.node_name: EvictionManager(
            lambda pod, k=k: self._stats(k, pod), _Recorder(sink),
            kill_pod=lambda pod, msg, k=k: self._kill(k, pod, msg)) for k in kubelets}
        self._ticker = clock.tick_func(monitoring_interval, self._tick)

    def _tick(self) -> None:
        self._due = True

    def stop(self) -> None:
        self._ticker.stop()

    @staticmethod
    def _stats(kubelet: Any, pod: Any) -> PodStats | None:
        vm = kubelet.volume_manager
        if vm is None:
            return None
        used = {name: u.bytes for name, u in vm.get_volume_stats(pod).items()}
        return PodStats(volume_used=used)

    def _kill(self, kubelet: Any, pod: Any, message: str) -> None:
        ns, name = pod.metadata.namespace, pod.metadata.name
        kubelet.fail_pod(ns, name)
        try:
            cur = self.server.get("pods", ns, name)
        except StatusError:
            return
        cur.status.reason, cur.status.message = "Evicted", message
        self.server.update_status(cur)
        self.evicted.append((self.clock.now(), f"{ns}/{name}", message))

    def process_pending(self) -> int:
        if not self._due:
            return 0
        self._due = False
        n = 0
        for kubelet in self.kubelets:
            pods = [p for p in self.server.list("pods").items
                    if p.spec.node_name == kubelet.node_name and p.status.phase == "Running"
                    and p.metadata.deletion_timestamp is None]
            if pods:
                n += len(self._managers[kubelet.node_name].synchronize(pods))
        return n

"""The memory part of the pod cgroup config: does this pod have a memory limit?

Upstream: kubernetes/kubernetes pkg/kubelet/cm/helpers_linux.go @ v1.36.0
Upstream: kubernetes/kubernetes staging/src/k8s.io/component-helpers/resource/helpers.go @ v1.36.0

``ResourceConfigForPod`` sets a pod-level memory limit only when the pod is
not BestEffort and *every* regular container declares a non-zero memory limit
(``memoryLimitsDeclared``; init containers are not part of that check).  The
value is ``PodLimits``: the larger of the sum over regular containers (plus
restartable "sidecar" init containers) and the largest ordinary init
container, plus the pod overhead.  emptyDir uses it to size a Memory volume.

Not modelled: pod-level ``spec.resources`` (gate PodLevelResources) and
in-place resize (the kubelet would read allocated resources from status).
"""

from __future__ import annotations

from typing import Any

__all__ = ["pod_memory_limit", "container_limit"]


def container_limit(container: Any, resource: str) -> int:
    """A container's limit for ``resource`` in bytes (0 when absent)."""
    res = getattr(container, "resources", None)
    limits = getattr(res, "limits", None) or {}
    q = limits.get(resource)
    return int(q.value()) if q is not None else 0


def _best_effort(pod: Any) -> bool:
    """No container (init included) requests or limits any cpu or memory (``GetPodQOS``)."""
    for c in list(pod.spec.containers or []) + list(pod.spec.init_containers or []):
        res = getattr(c, "resources", None)
        for d in (getattr(res, "requests", None) or {}, getattr(res, "limits", None) or {}):
            for name, q in d.items():
                if name in ("cpu", "memory") and q.value() != 0:
                    return False
    return True


def pod_memory_limit(pod: Any) -> int | None:
    """The pod cgroup's memory limit in bytes, or None when there is none."""
    containers = list(pod.spec.containers or [])
    if _best_effort(pod):
        return None  # BestEffort: no memory limit
    if any(container_limit(c, "memory") == 0 for c in containers):
        return None  # memoryLimitsDeclared is false
    total = 0
    init_max = 0
    for c in list(pod.spec.init_containers or []):
        lim = container_limit(c, "memory")
        if getattr(c, "restart_policy", None) == "Always":
            total += lim  # a sidecar runs alongside the app containers
            init_max = max(init_max, total)
        else:
            init_max = max(init_max, total + lim)
    total += sum(container_limit(c, "memory") for c in containers)
    limit = max(total, init_max)
    overhead = getattr(pod.spec, "overhead", None) or {}
    if "memory" in overhead:
        limit += int(overhead["memory"].value())
    return limit

"""The memory part of the pod cgroup config: does this pod have a memory limit, and how big?

Upstream: kubernetes/kubernetes pkg/kubelet/cm/helpers_linux.go @ v1.36.0
Upstream: kubernetes/component-helpers resource/helpers.go @ v0.36.0

``ResourceConfigForPod`` takes the limits from ``PodLimits`` and, while
``AggregateContainerLimits`` walks the pod, a ``ContainerFn`` callback clears
``memoryLimitsDeclared`` whenever the list it is handed has no (or a zero)
memory limit.  The callback sees

* each regular container's own limits;
* for each *init* container the limits in force while it runs: a
  restartable ("sidecar", ``restartPolicy: Always``) init container hands over
  the running sum of all sidecars so far, an ordinary init container its own
  limits plus the sidecars started before it.

So one ordinary init container without a memory limit means "no pod memory
limit", unless a sidecar before it declared one (a quirk of the cumulative
list).  The value is ``PodLimits``: max(sum of regular containers and
sidecars, the largest init-time total), then pod overhead added to a
non-zero limit.

Pod-level resources (gate ``PodLevelResources``: alpha in v1.32, beta and on
by default since v1.34, still beta in v1.36): when ``spec.resources`` sets a
supported resource (cpu, memory, hugepages-*), its ``limits.memory`` replaces
the aggregated value and counts as declared.  BestEffort pods (no cpu or
memory requests or limits anywhere) never get a limit.  Not modelled:
in-place resize (the kubelet would read allocated resources from status).
"""

from __future__ import annotations

from typing import Any

__all__ = ["pod_memory_limit", "pod_limits", "container_limit", "pod_level_resources_set"]

#: Default of the PodLevelResources feature gate in v1.36 (beta, on).
POD_LEVEL_RESOURCES_DEFAULT = True


def _q_value(q: Any) -> int:
    return int(q.value()) if q is not None else 0


def container_limit(container: Any, resource: str) -> int:
    """A container's limit for ``resource`` in bytes (0 when absent)."""
    res = getattr(container, "resources", None)
    limits = getattr(res, "limits", None) or {}
    return _q_value(limits.get(resource))


def _limits(obj: Any) -> dict[str, Any]:
    return getattr(getattr(obj, "resources", None), "limits", None) or {}


def _supported_pod_level(name: str) -> bool:
    return name in ("cpu", "memory") or name.startswith("hugepages-")


def pod_level_resources_set(pod: Any) -> bool:
    """``IsPodLevelResourcesSet``: spec.resources names a supported resource."""
    res = getattr(pod.spec, "resources", None)
    if res is None:
        return False
    names = list(getattr(res, "requests", None) or {}) + list(getattr(res, "limits", None) or {})
    return any(_supported_pod_level(n) for n in names)


def _best_effort(pod: Any, pod_level: bool) -> bool:
    """No cpu or memory request or limit in any container, init container or (gate on) the pod."""
    holders = list(pod.spec.containers or []) + list(pod.spec.init_containers or [])
    if pod_level and getattr(pod.spec, "resources", None) is not None:
        holders.append(pod.spec)
    for c in holders:
        res = getattr(c, "resources", None)
        for d in (getattr(res, "requests", None) or {}, getattr(res, "limits", None) or {}):
            if any(n in ("cpu", "memory") and q.value() != 0 for n, q in d.items()):
                return False
    return True


def pod_limits(pod: Any, resource: str, *, pod_level: bool = POD_LEVEL_RESOURCES_DEFAULT,
               container_fn: Any = None) -> int | None:
    """``PodLimits`` for one resource, in its base unit; None when nothing declares it.

    ``container_fn(limit_or_None)`` is called like upstream's ``ContainerFn``:
    once per regular container, then once per init container with the limit
    in force while that init container runs.
    """
    found = False
    total = 0
    for c in pod.spec.containers or []:
        q = _limits(c).get(resource)
        if container_fn is not None:
            container_fn(None if q is None else _q_value(q))
        if q is not None:
            found = True
            total += _q_value(q)
    sidecars: int | None = None  # cumulative restartable init container limits
    init_max: int | None = None
    for c in pod.spec.init_containers or []:
        q = _limits(c).get(resource)
        if getattr(c, "restart_policy", None) == "Always":
            if q is not None:
                found = True
                total += _q_value(q)
                sidecars = (sidecars or 0) + _q_value(q)
            in_force = sidecars
        elif q is not None or sidecars is not None:
            in_force = _q_value(q) + (sidecars or 0)
        else:
            in_force = None
        if container_fn is not None:
            container_fn(in_force)
        if in_force is not None:
            found = True
            init_max = in_force if init_max is None else max(init_max, in_force)
    limit: int | None = total if found else None
    if init_max is not None and (limit is None or init_max > limit):
        limit = init_max
    if pod_level and pod_level_resources_set(pod):
        q = _limits(pod.spec).get(resource)
        if q is not None and _supported_pod_level(resource):
            limit = _q_value(q)
    overhead = getattr(pod.spec, "overhead", None) or {}
    if limit and resource in overhead:  # overhead is added to non-zero limits only
        limit += _q_value(overhead[resource])
    return limit


def pod_memory_limit(pod: Any, *, pod_level: bool = POD_LEVEL_RESOURCES_DEFAULT) -> int | None:
    """The pod cgroup's memory limit in bytes (``ResourceConfigForPod``), or None."""
    if _best_effort(pod, pod_level):
        return None
    declared = True

    def fn(limit: int | None) -> None:
        nonlocal declared
        if not limit:  # absent or zero (``res.Memory().IsZero()``)
            declared = False

    limit = pod_limits(pod, "memory", pod_level=pod_level, container_fn=fn)
    if pod_level and pod_level_resources_set(pod) and _q_value(_limits(pod.spec).get("memory")):
        declared = True
    if not declared:
        return None
    return limit or 0

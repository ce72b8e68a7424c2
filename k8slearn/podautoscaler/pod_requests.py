"""A pod's effective requests, the way the scheduler and (v1.36) the HPA add them up.

``pod_requests`` mirrors ``resourcehelpers.PodRequests`` with default options:

1. aggregate the containers: the sum of ``spec.containers`` and of the sidecars
   (init containers with ``restartPolicy: Always``); each plain init container
   needs its own request plus the sidecars started before it, and the pod needs
   the larger of the two for every resource;
2. if ``spec.resources.requests`` sets a *supported* pod-level resource (cpu,
   memory or ``hugepages-*``), lay every supported pod-level request over the
   aggregate; unsupported ones (``ephemeral-storage``) are ignored;
3. add ``spec.overhead`` (RuntimeClass overhead) when present.

The HPA uses it only for pods where ``is_pod_level_requests_set`` holds and no
container is named (``calculatePodLevelRequests``): a pod with a pod-level memory
request and container CPU requests gets its CPU request from the containers.

Values are exact (``Quantity`` arithmetic); ints are taken as milli-units.

Upstream: kubernetes/component-helpers resource/helpers.go @ v0.36.0
Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.podautoscaler.errors import HPAError

__all__ = [
    "SUPPORTED_POD_LEVEL_RESOURCES",
    "is_supported_pod_level_resource",
    "is_pod_level_requests_set",
    "aggregate_container_requests",
    "pod_requests",
    "calculate_pod_level_requests",
]

SUPPORTED_POD_LEVEL_RESOURCES = frozenset({"cpu", "memory"})
HUGE_PAGES_PREFIX = "hugepages-"


def is_supported_pod_level_resource(name: str) -> bool:
    """cpu, memory and every ``hugepages-<size>`` (v0.36)."""
    return name in SUPPORTED_POD_LEVEL_RESOURCES or name.startswith(HUGE_PAGES_PREFIX)


def _pod_level(spec: Any) -> dict[str, Any]:
    res = getattr(spec, "resources", None)
    return (getattr(res, "requests", None) or {}) if res is not None else {}


def is_pod_level_requests_set(spec: Any) -> bool:
    """``IsPodLevelRequestsSet``: some supported resource is requested at pod level."""
    return any(is_supported_pod_level_resource(n) for n in _pod_level(spec))


def _q(v: Any) -> Any:
    from k8slearn.api.resource import Quantity

    if type(v) is int:
        return Quantity.new_milli_quantity(v)
    return v


def _add(into: dict[str, Any], more: dict[str, Any] | None) -> None:
    for name, q in (more or {}).items():
        into[name] = _q(q) if name not in into else into[name] + _q(q)


def _max_into(into: dict[str, Any], more: dict[str, Any]) -> None:
    for name, q in more.items():
        if name not in into or _q(q).cmp(into[name]) > 0:
            into[name] = _q(q)


def _requests_of(c: Any) -> dict[str, Any]:
    res = getattr(c, "resources", None)
    return (getattr(res, "requests", None) or {}) if res is not None else {}


def aggregate_container_requests(spec: Any) -> dict[str, Any]:
    """``AggregateContainerRequests``: containers + sidecars, at least any init container's need."""
    reqs: dict[str, Any] = {}
    for c in spec.containers or ():
        _add(reqs, _requests_of(c))
    sidecars: dict[str, Any] = {}
    init_need: dict[str, Any] = {}
    for c in spec.init_containers or ():
        own = _requests_of(c)
        if getattr(c, "restart_policy", None) == "Always":
            _add(reqs, own)
            _add(sidecars, own)
            need = dict(sidecars)
        else:
            need = {}
            _add(need, own)
            _add(need, sidecars)
        _max_into(init_need, need)
    _max_into(reqs, init_need)
    return reqs


def pod_requests(spec: Any) -> dict[str, Any]:
    """``PodRequests(pod, PodResourcesOptions{})``: resource name -> Quantity."""
    reqs = aggregate_container_requests(spec)
    if is_pod_level_requests_set(spec):
        for name, q in _pod_level(spec).items():
            if is_supported_pod_level_resource(name):
                reqs[name] = _q(q)
    _add(reqs, getattr(spec, "overhead", None))
    return reqs


def calculate_pod_level_requests(pod: Any, resource: str) -> int:
    """``calculatePodLevelRequests``: the milli-value, or ``missing pod-level request ...``."""
    q = pod_requests(pod.spec).get(resource)
    if q is None:
        raise HPAError(f"missing pod-level request for {resource} in Pod {pod.metadata.name}")
    return int(q.milli_value())

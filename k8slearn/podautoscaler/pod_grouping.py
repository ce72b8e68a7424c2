"""Sort pods before trusting their samples, and add up their requests.

``group_pods`` decides, pod by pod and first match wins:

1. deleted (``deletionTimestamp`` set) or ``Failed`` -> **ignored**;
2. ``Pending`` -> **unready** (even without a sample);
3. no sample -> **missing**;
4. for ``cpu`` only: a pod whose readiness makes its CPU sample suspect ->
   **unready**.  In its first ``cpu_initialization_period`` (5 min) a pod is
   suspect if it is not Ready or if no full sample window has passed since it
   became Ready; afterwards only if it is not Ready *and* went unready within
   ``delay_of_initial_readiness_status`` (30 s) of starting, i.e. it has never
   been ready;
5. otherwise **ready**.

Time comparisons are strict, as Go's ``After``/``Before``.

``calculate_pod_requests`` (upstream ``calculateRequests``) sums the requests of
every listed pod (ignored ones too), counting sidecar init containers
(``restartPolicy: Always``); with ``PodLevelResources`` on, a pod with a
supported pod-level request and no container named uses
``k8slearn.podautoscaler.pod_requests`` instead.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.metrics import PodMetricsInfo
from k8slearn.podautoscaler.pod_requests import (
    calculate_pod_level_requests,
    is_pod_level_requests_set,
)
from k8slearn.podautoscaler.pods import GO_ZERO_TIME, ready_condition
from k8slearn.podautoscaler.quantity import milli

__all__ = [
    "group_pods", "classify_pods", "calculate_pod_requests", "remove_metrics_for_pods",
    "unready_reason",
]


def _t(t: float | None) -> float:
    return GO_ZERO_TIME if t is None else float(t)


def unready_reason(
    pod: Any, metric: Any, cpu_initialization_period: float,
    delay_of_initial_readiness_status: float, now: float,
) -> str | None:
    """Why the CPU rules distrust ``pod``'s sample, or None if they trust it."""
    cond = ready_condition(pod)
    start = pod.status.start_time
    if cond is None or start is None:
        return "no Ready condition or no start time"
    ltt = _t(cond.last_transition_time)
    if start + cpu_initialization_period > now:
        if cond.status == "False":
            return "not Ready during the CPU initialization period"
        if metric.timestamp < ltt + metric.window:
            return "sample window began before the pod became Ready (CPU initialization period)"
        return None
    if cond.status == "False" and start + delay_of_initial_readiness_status > ltt:
        return "not Ready and never was (went unready within the initial readiness delay)"
    return None


def classify_pods(
    pods: Iterable[Any],
    metrics: PodMetricsInfo,
    resource: str,
    cpu_initialization_period: float,
    delay_of_initial_readiness_status: float,
    now: float,
) -> dict[str, tuple[str, str]]:
    """Pod name -> ``(group, why)``, group one of ready/unready/missing/ignored."""
    out: dict[str, tuple[str, str]] = {}
    for pod in pods:
        name = pod.metadata.name
        phase = pod.status.phase if pod.status else None
        if pod.metadata.deletion_timestamp is not None:
            out[name] = ("ignored", "being deleted (deletionTimestamp set)")
        elif phase == "Failed":
            out[name] = ("ignored", "phase Failed")
        elif phase == "Pending":
            out[name] = ("unready", "phase Pending")
        elif name not in metrics:
            out[name] = ("missing", "no metric sample for this pod")
        else:
            why = None
            if resource == "cpu":
                why = unready_reason(pod, metrics[name], cpu_initialization_period,
                                     delay_of_initial_readiness_status, now)
            if why:
                out[name] = ("unready", why)
            elif resource == "cpu":
                out[name] = ("ready", "its CPU sample is trusted")
            else:
                what = resource or "custom metrics"
                out[name] = ("ready", f"has a sample (readiness is not checked for {what})")
    return out


def group_pods(
    pods: Iterable[Any],
    metrics: PodMetricsInfo,
    resource: str,
    cpu_initialization_period: float,
    delay_of_initial_readiness_status: float,
    now: float,
) -> tuple[int, set[str], set[str], set[str]]:
    """Return ``(ready_count, unready, missing, ignored)`` pod-name sets (``groupPods``).

    The same decisions as ``classify_pods`` (a test checks they agree), in one
    tight loop without the explanations: this runs on every sync.
    """
    ready = 0
    unready: set[str] = set()
    missing: set[str] = set()
    ignored: set[str] = set()
    cpu = resource == "cpu"
    for pod in pods:
        meta = pod.metadata
        name = meta.name
        status = pod.status
        phase = status.phase if status else None
        if meta.deletion_timestamp is not None or phase == "Failed":
            ignored.add(name)
            continue
        if phase == "Pending":
            unready.add(name)
            continue
        metric = metrics.get(name)
        if metric is None and name not in metrics:
            missing.add(name)
            continue
        if cpu:
            cond = None
            for c in (status.conditions if status else None) or ():
                if c.type == "Ready":
                    cond = c
                    break
            start = status.start_time
            if cond is None or start is None:
                unready.add(name)
                continue
            ltt = cond.last_transition_time
            if type(ltt) is not float:
                ltt = GO_ZERO_TIME if ltt is None else float(ltt)
            if start + cpu_initialization_period > now:
                if cond.status == "False" or metric.timestamp < ltt + metric.window:
                    unready.add(name)
                    continue
            elif cond.status == "False" and start + delay_of_initial_readiness_status > ltt:
                unready.add(name)
                continue
        ready += 1
    return ready, unready, missing, ignored


def calculate_pod_requests(
    pods: Iterable[Any], container: str, resource: str, pod_level_resources: bool = True
) -> dict[str, int]:
    """Pod name -> request of ``resource`` in milli-units (``calculatePodRequests``).

    Raises ``missing request for <res> in container <c> of Pod <p>``, or (v1.36)
    ``container <c> not found in Pod <p>`` and
    ``missing pod-level request for <res> in Pod <p>``.
    """
    requests: dict[str, int] = {}
    use_pod_level = pod_level_resources and not container
    last_spec, last_total = None, 0  # pods sharing one spec object (simulations) sum once
    for pod in pods:
        name = pod.metadata.name
        spec = pod.spec
        if spec is last_spec:
            requests[name] = last_total
            continue
        if use_pod_level and is_pod_level_requests_set(spec):
            requests[name] = last_total = calculate_pod_level_requests(pod, resource)
            last_spec = spec
            continue
        total, found = 0, False
        containers = spec.containers or ()
        if spec.init_containers:
            containers = list(_counted_containers(spec))
        for c in containers:
            if container and c.name != container:
                continue
            found = True
            reqs = c.resources.requests if c.resources is not None else None
            q = reqs.get(resource) if reqs else None
            if q is None:
                raise HPAError(
                    f"missing request for {resource} in container {c.name} of Pod {name}"
                )
            total += q if type(q) is int else milli(q)
        if container and not found:
            raise HPAError(f"container {container} not found in Pod {name}")
        requests[name] = last_total = total
        last_spec = spec
    return requests


def _counted_containers(spec: Any) -> Iterable[Any]:
    """Regular containers, then sidecars (init containers with ``restartPolicy: Always``)."""
    yield from spec.containers or ()
    for c in spec.init_containers or ():
        if getattr(c, "restart_policy", None) == "Always":
            yield c


def remove_metrics_for_pods(metrics: PodMetricsInfo, pods: Iterable[str]) -> None:
    """Drop the samples of ``pods`` (``removeMetricsForPods``)."""
    for name in pods:
        metrics.pop(name, None)

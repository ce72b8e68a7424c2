"""Short constructors for the notebooks: HPAs, behaviors and small pod scenarios.

``make_hpa`` builds an autoscaling/v2 HPA with a cpu Utilization target (the
``kubectl autoscale`` shape); ``make_rules`` a per-direction rule set;
``resource_scenario`` runs the replica calculator over pods described by
plain dicts and returns the result with the calculator's trace.

Upstream: none (course tooling)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from k8slearn.podautoscaler.metrics import InMemoryMetricsClient
from k8slearn.podautoscaler.pod_grouping import classify_pods
from k8slearn.podautoscaler.pods import InMemoryPodLister
from k8slearn.podautoscaler.replica_calculator import ReplicaCalculator, Tolerances

__all__ = ["make_hpa", "make_rules", "make_deployment", "Scenario", "resource_scenario", "NOW"]

#: the notebooks' fixed "now" (2026-05-12T10:00:00Z)
NOW = 1_778_580_000.0


def make_hpa(name: str = "php-apache", target: int = 50, min_replicas: int = 1,
             max_replicas: int = 10, behavior: Any = None, kind: str = "Deployment") -> Any:
    """``kubectl autoscale <kind> <name> --cpu-percent=<target> --min --max``, plus behavior."""
    from k8slearn.api.autoscaling import (
        CrossVersionObjectReference,
        HorizontalPodAutoscaler,
        MetricSpec,
        MetricTarget,
        ResourceMetricSource,
    )
    from k8slearn.api.autoscaling_defaults import set_defaults_horizontal_pod_autoscaler
    from k8slearn.api.meta import ObjectMeta

    hpa = HorizontalPodAutoscaler(metadata=ObjectMeta(name=name, namespace="default"))
    hpa.spec.scale_target_ref = CrossVersionObjectReference(kind=kind, name=name,
                                                            api_version="apps/v1")
    hpa.spec.min_replicas, hpa.spec.max_replicas = min_replicas, max_replicas
    hpa.spec.metrics = [MetricSpec(type="Resource", resource=ResourceMetricSource(
        name="cpu", target=MetricTarget(type="Utilization", average_utilization=target)))]
    hpa.spec.behavior = behavior
    set_defaults_horizontal_pod_autoscaler(hpa)
    return hpa


def make_rules(policies: list[tuple[str, int, int]] | None = None, window: int | None = None,
               select: str | None = None, tolerance: str | None = None) -> Any:
    """An ``HPAScalingRules``: ``policies`` as ``(type, value, periodSeconds)`` tuples."""
    from k8slearn.api.autoscaling import HPAScalingPolicy, HPAScalingRules
    from k8slearn.api.resource import Quantity

    return HPAScalingRules(
        stabilization_window_seconds=window, select_policy=select,
        policies=None if policies is None else [
            HPAScalingPolicy(type=t, value=v, period_seconds=p) for t, v, p in policies],
        tolerance=None if tolerance is None else Quantity(tolerance))


@dataclass
class Scenario:
    """What ``resource_scenario`` found: the proposal, the groups and the steps."""

    replicas: int
    utilization: int
    raw: int
    groups: dict[str, tuple[str, str]]
    samples: dict[str, int]
    trace: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _pod(p: dict[str, Any], now: float) -> Any:
    start = now - p.get("age", 3600.0)
    ready = p.get("ready", True)
    ltt = start + p["ready_after"] if "ready_after" in p else start
    cond = SimpleNamespace(type="Ready", status="True" if ready else "False",
                           last_transition_time=ltt)
    c = SimpleNamespace(name="app", restart_policy=None,
                        resources=SimpleNamespace(requests={"cpu": p.get("request", 1000)}))
    return SimpleNamespace(
        metadata=SimpleNamespace(name=p["name"], namespace="default", labels={"app": "demo"},
                                 deletion_timestamp=now if p.get("deleted") else None),
        spec=SimpleNamespace(containers=[c], init_containers=[]),
        status=SimpleNamespace(phase=p.get("phase", "Running"), conditions=[cond],
                               start_time=start))


def resource_scenario(pods: list[dict[str, Any]], target: int, current: int | None = None,
                      tolerances: Tolerances | None = None, now: float = NOW,
                      window: float = 30.0) -> Scenario:
    """Run ``get_resource_replicas`` for cpu over pods given as dicts.

    Keys: ``name``; ``request`` and ``usage`` in millicores (``usage`` None = no
    sample); ``ready`` (default True); ``phase`` (default Running); ``age`` in
    seconds since start (default 1 h); ``ready_after`` seconds from start to the
    last Ready transition; ``deleted``.  Samples are taken at ``now``.
    """
    from k8slearn.clock import FakeClock

    objs = [_pod(p, now) for p in pods]
    metrics = []
    for p in pods:
        if p.get("usage") is None:
            continue
        metrics.append(SimpleNamespace(
            metadata=SimpleNamespace(name=p["name"], namespace="default",
                                     labels={"app": "demo"}),
            timestamp=now, window=window,
            containers=[SimpleNamespace(name="app", usage={"cpu": p["usage"]})]))
    client = InMemoryMetricsClient(metrics)
    calc = ReplicaCalculator(client, InMemoryPodLister(objs), clock=FakeClock(now))
    trace: list[tuple[str, dict[str, Any]]] = []
    calc.tracer = lambda ev, data: trace.append((ev, data))
    r = calc.get_resource_replicas(len(pods) if current is None else current, target, "cpu",
                                   tolerances or Tolerances(), "default", None)
    samples = {p["name"]: p["usage"] for p in pods if p.get("usage") is not None}
    sample_info = trace[0][1]["metrics"] if trace and trace[0][0] == "samples" else {}
    groups = classify_pods(objs, sample_info, "cpu", calc.cpu_initialization_period,
                           calc.delay_of_initial_readiness_status, now)
    return Scenario(r.replicas, r.utilization, r.raw_utilization, groups, samples, trace)


def make_deployment(name: str = "php-apache", replicas: int = 1, cpu_request: str = "200m",
                    namespace: str = "default") -> Any:
    """An apps/v1 Deployment with one container requesting ``cpu_request``."""
    from k8slearn.api import from_dict

    labels = {"app": name}
    return from_dict({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
        "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                 "template": {"metadata": {"labels": labels}, "spec": {"containers": [{
                     "name": name, "image": "registry.k8s.io/hpa-example",
                     "resources": {"requests": {"cpu": cpu_request}}}]}}},
        "status": {"replicas": replicas},
    })

"""Exercises of notebook 40 (the capstone: the course cluster): predict and debug.

The predict check runs the course cluster (:mod:`k8slearn.cluster`) on the
exercise's inputs on a fake clock; the debug exercise starts from the HPA
symptom a learner meets in ``kubectl describe hpa`` when the pods have no CPU
request.

Upstream: none (course tooling)
"""

from __future__ import annotations

import functools
from typing import Any

from k8slearn.exercises import exercise, name_key, whole_number

__all__ = ["check_settled_replicas", "check_missing_request", "missing_request_events",
           "run_php_apache"]

NB = "40_capstone_cluster"


def run_php_apache(load: str, seconds: float = 300.0, request: str | None = "200m",
                   max_replicas: int = 10) -> Any:
    """php-apache + an HPA (50% cpu, 1..max) under ``load`` for ``seconds``; the cluster."""
    from k8slearn.api.apps import Deployment, DeploymentSpec
    from k8slearn.api.autoscaling import (
        CrossVersionObjectReference,
        HorizontalPodAutoscaler,
        HorizontalPodAutoscalerSpec,
        MetricSpec,
        MetricTarget,
        ResourceMetricSource,
    )
    from k8slearn.api.core import Container, PodSpec, PodTemplateSpec, ResourceRequirements
    from k8slearn.api.meta import LabelSelector, ObjectMeta
    from k8slearn.api.resource import Quantity
    from k8slearn.cluster.cluster import Cluster
    from k8slearn.cluster.defaults import apply_defaults
    from k8slearn.cluster.load import LOAD_ANNOTATION

    c = Cluster(nodes=2)
    labels = {"run": "php-apache"}
    res = ResourceRequirements(requests={"cpu": Quantity(request)} if request else {})
    d = Deployment(metadata=ObjectMeta(name="php-apache", namespace="default",
                                       annotations={LOAD_ANNOTATION: load}),
                   spec=DeploymentSpec(replicas=1, selector=LabelSelector(match_labels=labels),
                                       template=PodTemplateSpec(
                                           metadata=ObjectMeta(labels=dict(labels)),
                                           spec=PodSpec(containers=[Container(
                                               name="php-apache",
                                               image="registry.k8s.io/hpa-example",
                                               resources=res)]))))
    apply_defaults(d)
    c.server.create(d)
    hpa = HorizontalPodAutoscaler(
        metadata=ObjectMeta(name="php-apache", namespace="default"),
        spec=HorizontalPodAutoscalerSpec(
            scale_target_ref=CrossVersionObjectReference(kind="Deployment", name="php-apache",
                                                          api_version="apps/v1"),
            min_replicas=1, max_replicas=max_replicas,
            metrics=[MetricSpec(type="Resource", resource=ResourceMetricSource(
                name="cpu", target=MetricTarget(type="Utilization", average_utilization=50)))]))
    c.server.create(hpa)
    c.advance(seconds)
    c.stop()
    return c


@functools.cache
def _settled(load: str) -> int:
    c = run_php_apache(load)
    return c.server.get("deployments", "default", "php-apache").spec.replicas


@exercise(
    "cluster.settled_replicas",
    "php-apache (one container, cpu request 200m) with an HPA at 50% cpu, 1 to 10 replicas. "
    "The load annotation says 450m. After five simulated minutes, how many replicas run?",
    kind="predict", notebook=NB, number="40.1",
    inputs=("cpu-load=450m", "says 450m"),
    reveal=lambda: (f"{_settled('450m')}: each replica may use 100m (50% of 200m), so the "
                    "load needs ceil(450 / 100) replicas; the HPA gets there in two steps "
                    "(1 -> 4 -> more) because a scale-up may at most double or add 4."),
)
def check_settled_replicas(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    want = _settled("450m")
    if n == want:
        return True, "the usage ratio settles where load / replicas is at most the target."
    if n == 10:
        return False, "the maximum is a cap, not a target: how many 100m shares does 450m need?"
    if n == 4:
        return False, "4 is only the first step (the scale-up limit); keep following the syncs."
    return False, "each replica's share is load / replicas; the target share is 50% of 200m."


def missing_request_events() -> str:
    """The describe-style Events of the HPA when the container has no cpu request."""
    c = run_php_apache("450m", seconds=60, request=None)
    evs = [e for e in c.server.list("events", "default").items
           if e.content["involvedObject"]["kind"] == "HorizontalPodAutoscaler"]
    lines = ["  Type     Reason                        From                       Message",
             "  ----     ------                        ----                       -------"]
    for e in evs:
        x = e.content
        lines.append(f"  {x['type']:<8} {x['reason']:<29} {x['source']['component']:<26} "
                     f"{x['message']}")
    return "\n".join(lines)


@exercise(
    "cluster.missing_request",
    "kubectl get hpa shows TARGETS cpu: <unknown>/50% forever and describe lists the Events "
    "printed in the notebook. Which field of the Deployment must you set (its path)?",
    kind="debug", notebook=NB, number="40.2",
    reveal=("eNptjrEOwjAMRH/lRpCQVTGydWNkRwwhsVpLNAm1A5SvJ60AMbD5dOd3p5k9GQ/54oxJZ+VTNCeRRz2e"
            "aGRNZfSs9boWVlPyuexQTC7ydCYpQhRFXccIcpPAAecJ1jPeHxtogkNOAXexPhWrqkI+PnqniOkXSWhD"
            "wP9uWFro35lYMXWEbdMMa7gYFnd/aGtiyMVY53KunJqvI51BrBbyw6BT9PQCHoJeYg=="),
)
def check_missing_request(answer: Any) -> tuple[bool, str]:
    key = name_key(answer)
    if "request" in key and "cpu" in key:
        return True, "utilization = usage / request: no request, no percentage."
    if "limit" in key:
        return False, "limits cap usage; utilization is computed against another field."
    if "request" in key:
        return False, "close: a request for which resource? The event names it."
    if "metric" in key or "hpa" in key:
        return False, "the HPA is fine; look at what the pods declare (their resources)."
    return False, "read the event: what is missing in the container?"

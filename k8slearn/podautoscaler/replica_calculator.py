"""The replica calculator: from metric samples and pods to a desired replica count.

The naive formula is ``desired = ceil(current * currentMetric / target)``.
The real code differs in four ways, all reproduced here:

* pods are *grouped* first (ready, unready, missing a sample, ignored), with
  CPU-only readiness rules that distrust samples from freshly started pods;
* the ratio is compared with a tolerance interval and small changes are
  dropped;
* when pods are unready or missing, their usage is filled in pessimistically
  (0 on a scale-up, 100% of the request or the target on a scale-down) and
  the ratio is recomputed ("rebalancing");
* two guards keep the result from reversing the direction the first ratio
  pointed at.

Version notes:

* v1.36 tests the tolerance as the inclusive interval
  ``1 - scaleDown <= ratio <= 1 + scaleUp``, with per-direction values from
  ``behavior.scale{Up,Down}.tolerance`` (``HPAConfigurableTolerance``),
  falling back to the controller's ``--horizontal-pod-autoscaler-tolerance``
  (0.1).  Up to v1.32 it was ``abs(1 - ratio) <= tolerance`` in float64, so a
  ratio of exactly 1.1 scaled up (``abs(1 - 1.1) = 0.10000000000000009``).
  ``Tolerances.legacy_is_within`` shows that rule.
* v1.36: a named container missing from a pod is the error
  ``container <c> not found in Pod <p>``; up to v1.34 it silently counted 0
  (kubernetes/kubernetes PR 133415, after v1.34, added the error).
* v1.36: with ``PodLevelResources`` on (beta, default on), a pod whose
  ``spec.resources.requests`` sets a supported pod-level resource (cpu, memory,
  hugepages-*) and no container named takes its request from
  ``resourcehelpers.PodRequests``: the containers' aggregate with the pod-level
  values laid over it, plus overhead.
* v1.36: ``int32(math.Ceil(...))`` wraps to MinInt32 on overflow (amd64) in the
  fast path and after rebalancing; only two Object/External sites saturate.
  PR 141397 (after v1.36.0) makes every site saturate at MaxInt32.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from k8slearn.clock import Clock, RealClock
from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.gomath import MAX_INT32
from k8slearn.podautoscaler.gomath import ceil32 as _ceil32
from k8slearn.podautoscaler.metrics import (
    MetricsClient,
    PodMetric,
    PodMetricsInfo,
    get_metric_usage_ratio,
    get_resource_utilization_ratio,
)
from k8slearn.podautoscaler.pod_grouping import (
    calculate_pod_requests,
    group_pods,
    remove_metrics_for_pods,
)
from k8slearn.podautoscaler.pods import PodLister
from k8slearn.podautoscaler.replica_calculator_object import (
    MetricReplicas,
    ObjectAndExternalReplicas,
)
from k8slearn.podautoscaler.tolerance import DEFAULT_TOLERANCE, Tolerances

__all__ = [
    "Tolerances",
    "ReplicaCalculator",
    "ResourceReplicas",
    "MetricReplicas",
    "DEFAULT_TOLERANCE",
    "DEFAULT_CPU_INITIALIZATION_PERIOD",
    "DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS",
    "MAX_INT32",
]

#: Production defaults (kube-controller-manager flags).
DEFAULT_CPU_INITIALIZATION_PERIOD = 300.0
DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS = 30.0


class ResourceReplicas(NamedTuple):
    """Result of ``get_resource_replicas``: utilization is a percent, raw an average milli."""

    replicas: int
    utilization: int
    raw_utilization: int
    timestamp: float


class ReplicaCalculator(ObjectAndExternalReplicas):
    """Computes proposals for one metric at a time (``ReplicaCalculator``)."""

    def __init__(
        self,
        metrics_client: MetricsClient,
        pod_lister: PodLister,
        cpu_initialization_period: float = DEFAULT_CPU_INITIALIZATION_PERIOD,
        delay_of_initial_readiness_status: float = DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS,
        clock: Clock | None = None,
        pod_level_resources: bool = True,
    ) -> None:
        self.metrics_client = metrics_client
        self.pod_lister = pod_lister
        self.cpu_initialization_period = cpu_initialization_period
        self.delay_of_initial_readiness_status = delay_of_initial_readiness_status
        self.clock: Clock = clock or RealClock()
        self.pod_level_resources = pod_level_resources
        #: optional ``tracer(event, data)`` told about each step (used by ``hpa explain``)
        self.tracer: Callable[[str, dict[str, Any]], None] | None = None

    def _trace(self, event: str, **data: Any) -> None:
        if self.tracer is not None:
            self.tracer(event, data)

    # ------------------------------------------------------------ resources
    def get_resource_replicas(
        self,
        current_replicas: int,
        target_utilization: int,
        resource: str,
        tolerances: Tolerances,
        namespace: str,
        selector: Any,
        container: str = "",
    ) -> ResourceReplicas:
        """Resource/ContainerResource metric with an averageUtilization (percent) target."""
        try:
            metrics, timestamp = self.metrics_client.get_resource_metric(
                resource, namespace, selector, container
            )
        except HPAError as e:
            raise HPAError(f"unable to get metrics for resource {resource}: {e}") from e
        pods = self._list_pods(namespace, selector)
        if self.tracer is not None:
            self._trace("samples", pods=pods, metrics=dict(metrics), resource=resource,
                        now=self.clock.now())
        ready, unready, missing, ignored = group_pods(
            pods, metrics, resource, self.cpu_initialization_period,
            self.delay_of_initial_readiness_status, self.clock.now(),
        )
        remove_metrics_for_pods(metrics, ignored)
        remove_metrics_for_pods(metrics, unready)
        if not metrics:
            raise HPAError("did not receive metrics for targeted pods (pods might be unready)")
        requests = calculate_pod_requests(pods, container, resource, self.pod_level_resources)

        ratio, utilization, raw = get_resource_utilization_ratio(
            metrics, requests, target_utilization
        )
        if self.tracer is not None:
            self._trace("utilization", resource=resource, ratio=ratio,
                        utilization=utilization, raw=raw, target=target_utilization,
                        requests=requests, metrics=dict(metrics))
        scale_up_with_unready = len(unready) > 0 and ratio > 1.0
        if not scale_up_with_unready and not missing:
            within = tolerances.is_within(ratio)
            result = current_replicas if within else _ceil32(ratio * ready)
            self._trace("fast_path", ratio=ratio, tolerances=tolerances, within=within,
                        ready=ready, result=result)
            return ResourceReplicas(result, utilization, raw, timestamp)

        if missing:
            if ratio < 1.0:
                # scale-down: a pod without a sample is assumed to use its whole request,
                # or the target when the target is above 100%
                fallback = max(100, target_utilization)
                for name in missing:
                    metrics[name] = PodMetric(value=requests[name] * fallback // 100)
            elif ratio > 1.0:
                for name in missing:  # scale-up: assume it uses nothing
                    metrics[name] = PodMetric(value=0)
        if scale_up_with_unready:
            for name in unready:  # scale-up: unready pods count as idle
                metrics[name] = PodMetric(value=0)

        new_ratio, _, _ = get_resource_utilization_ratio(metrics, requests, target_utilization)
        result = self._rebalanced(ratio, new_ratio, len(metrics), current_replicas, tolerances,
                                  missing, unready if scale_up_with_unready else set())
        return ResourceReplicas(result, utilization, raw, timestamp)

    def get_raw_resource_replicas(
        self,
        current_replicas: int,
        target_usage: int,
        resource: str,
        tolerances: Tolerances,
        namespace: str,
        selector: Any,
        container: str = "",
    ) -> MetricReplicas:
        """Resource/ContainerResource metric with an averageValue target (CPU rules apply)."""
        try:
            metrics, timestamp = self.metrics_client.get_resource_metric(
                resource, namespace, selector, container
            )
        except HPAError as e:
            raise HPAError(f"unable to get metrics for resource {resource}: {e}") from e
        replicas, usage = self._calc_plain_metric_replicas(
            metrics, current_replicas, target_usage, tolerances, namespace, selector, resource
        )
        return MetricReplicas(replicas, usage, timestamp)

    # ---------------------------------------------------------- pods metrics
    def get_metric_replicas(
        self,
        current_replicas: int,
        target_usage: int,
        metric_name: str,
        tolerances: Tolerances,
        namespace: str,
        selector: Any,
        metric_selector: Any = None,
    ) -> MetricReplicas:
        """Pods metric: a custom per-pod metric with an averageValue target."""
        try:
            metrics, timestamp = self.metrics_client.get_raw_metric(
                metric_name, namespace, selector, metric_selector
            )
        except HPAError as e:
            raise HPAError(f"unable to get metric {metric_name}: {e}") from e
        replicas, usage = self._calc_plain_metric_replicas(
            metrics, current_replicas, target_usage, tolerances, namespace, selector, ""
        )
        return MetricReplicas(replicas, usage, timestamp)

    def _calc_plain_metric_replicas(
        self,
        metrics: PodMetricsInfo,
        current_replicas: int,
        target_usage: int,
        tolerances: Tolerances,
        namespace: str,
        selector: Any,
        resource: str,
    ) -> tuple[int, int]:
        """The utilization skeleton on plain averages (``calcPlainMetricReplicas``)."""
        pods = self._list_pods(namespace, selector)
        if self.tracer is not None:
            self._trace("samples", pods=pods, metrics=dict(metrics), resource=resource,
                        now=self.clock.now())
        ready, unready, missing, ignored = group_pods(
            pods, metrics, resource, self.cpu_initialization_period,
            self.delay_of_initial_readiness_status, self.clock.now(),
        )
        remove_metrics_for_pods(metrics, ignored)
        remove_metrics_for_pods(metrics, unready)
        if not metrics:
            raise HPAError("did not receive metrics for targeted pods (pods might be unready)")

        ratio, usage = get_metric_usage_ratio(metrics, target_usage)
        if self.tracer is not None:
            self._trace("average", ratio=ratio, usage=usage, target=target_usage,
                        metrics=dict(metrics))
        scale_up_with_unready = len(unready) > 0 and ratio > 1.0
        if not scale_up_with_unready and not missing:
            within = tolerances.is_within(ratio)
            result = current_replicas if within else _ceil32(ratio * ready)
            self._trace("fast_path", ratio=ratio, tolerances=tolerances, within=within,
                        ready=ready, result=result)
            return result, usage

        if missing:
            if ratio < 1.0:
                for name in missing:  # scale-down: assume exactly the target
                    metrics[name] = PodMetric(value=target_usage)
            elif ratio > 1.0:
                for name in missing:
                    metrics[name] = PodMetric(value=0)
        if scale_up_with_unready:
            for name in unready:
                metrics[name] = PodMetric(value=0)

        new_ratio, _ = get_metric_usage_ratio(metrics, target_usage)
        result = self._rebalanced(ratio, new_ratio, len(metrics), current_replicas, tolerances,
                                  missing, unready if scale_up_with_unready else set())
        return result, usage

    def _rebalanced(self, ratio: float, new_ratio: float, n: int, current: int,
                    tolerances: Tolerances, missing: set[str], zeroed: set[str]) -> int:
        """The end of the rebalance path: the two keep-current guards, else ceil."""
        new_replicas = _ceil32(new_ratio * n)
        if tolerances.is_within(new_ratio):
            result, guard = current, "within tolerance"
        elif _keeps_current(ratio, new_ratio, tolerances):
            result, guard = current, "direction flipped"
        elif _count_flips(new_ratio, new_replicas, current):
            result, guard = current, "replica count would move against the ratio"
        else:
            result, guard = new_replicas, ""
        self._trace("rebalance", ratio=ratio, new_ratio=new_ratio, n=n, missing=sorted(missing),
                    zeroed=sorted(zeroed), tolerances=tolerances, guard=guard, result=result)
        return result

    # --------------------------------------------------------------- helpers
    def _list_pods(self, namespace: str, selector: Any) -> list[Any]:
        try:
            pods = self.pod_lister.list(namespace, selector)
        except HPAError as e:
            raise HPAError(f"unable to get pods while calculating replica count: {e}") from e
        if not pods:
            raise HPAError("no pods returned by selector while calculating replica count")
        return pods


def _keeps_current(ratio: float, new_ratio: float, tolerances: Tolerances) -> bool:
    """After rebalancing: within tolerance, or the direction flipped."""
    return (
        tolerances.is_within(new_ratio)
        or (ratio < 1.0 < new_ratio)
        or (ratio > 1.0 > new_ratio)
    )


def _count_flips(new_ratio: float, new_replicas: int, current: int) -> bool:
    """The replica count would move against the ratio (e.g. surge pods during a rollout)."""
    return (new_ratio < 1.0 and new_replicas > current) or (
        new_ratio > 1.0 and new_replicas < current
    )

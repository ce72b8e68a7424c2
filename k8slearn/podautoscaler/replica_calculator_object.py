"""Object and External metrics: one value (or a sum of series) against a target.

These need no per-pod samples: a Value target multiplies the ratio by the
pods that are Running *and* Ready; an AverageValue target divides the total by
the per-pod target.  At 0 replicas ``ceil(ratio)`` is returned without a
tolerance check, which is what lets an HPA with ``minReplicas: 0`` scale up
from zero.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.gomath import (
    MAX_INT64,
    ceil32,
    ceil32_saturating,
    fdiv,
    int64,
    wrap64,
)
from k8slearn.podautoscaler.pods import is_pod_ready
from k8slearn.podautoscaler.selectors import format_label_selector, label_selector_as_selector
from k8slearn.podautoscaler.tolerance import Tolerances

__all__ = ["MetricReplicas", "ObjectAndExternalReplicas"]

_ceil32, _fdiv, _int64 = ceil32, fdiv, int64

# Version note: v1.36 caps only the non-zero branch of ``getUsageRatioReplicaCount``
# (PR 126979) and ``GetExternalPerPodMetricReplicas`` (PR 127050) at MaxInt32; the
# other conversions here wrap to MinInt32 on overflow (see ``gomath``).


class MetricReplicas(NamedTuple):
    """Result of the raw, Pods, Object and External variants (usage in milli-units)."""

    replicas: int
    usage: int
    timestamp: float


class ObjectAndExternalReplicas:
    """The Object/External half of ``ReplicaCalculator`` (mixed into it)."""

    metrics_client: Any
    tracer: Callable[[str, dict[str, Any]], None] | None

    def _trace(self, event: str, **data: Any) -> None:
        raise NotImplementedError

    def _list_pods(self, namespace: str, selector: Any) -> list[Any]:
        raise NotImplementedError

    def get_object_metric_replicas(
        self,
        current_replicas: int,
        target_usage: int,
        metric_name: str,
        tolerances: Tolerances,
        namespace: str,
        object_ref: Any,
        selector: Any,
        metric_selector: Any = None,
    ) -> MetricReplicas:
        """Object metric with a Value target: ratio times the ready pods."""
        try:
            usage, _ = self.metrics_client.get_object_metric(
                metric_name, namespace, object_ref, metric_selector
            )
        except HPAError as e:
            # upstream's format arguments are in this (odd) order
            raise HPAError(
                f"unable to get metric {metric_name}: {object_ref.kind} on {namespace} "
                f"{object_ref.name}/{e}"
            ) from e
        ratio = _fdiv(float(usage), float(target_usage))
        replicas = self._get_usage_ratio_replica_count(
            current_replicas, ratio, tolerances, namespace, selector
        )
        return MetricReplicas(replicas, usage, 0.0)

    def _get_usage_ratio_replica_count(
        self,
        current_replicas: int,
        ratio: float,
        tolerances: Tolerances,
        namespace: str,
        selector: Any,
    ) -> int:
        """``ceil(ratio * ready pods)``; at 0 replicas ``ceil(ratio)``, skipping tolerance."""
        if current_replicas != 0:
            if tolerances.is_within(ratio):
                self._trace("usage_ratio", ratio=ratio, tolerances=tolerances, within=True,
                            ready=None, result=current_replicas)
                return current_replicas
            try:
                ready = self._get_ready_pods_count(namespace, selector)
            except HPAError as e:
                raise HPAError(f"unable to calculate ready pods: {e}") from e
            result = ceil32_saturating(ratio * ready)
            self._trace("usage_ratio", ratio=ratio, tolerances=tolerances, within=False,
                        ready=ready, result=result)
            return result
        self._trace("usage_ratio", ratio=ratio, tolerances=tolerances, within=None,
                    ready=None, result=_ceil32(ratio))
        return _ceil32(ratio)  # scale from (or stay at) zero

    def get_object_per_pod_metric_replicas(
        self,
        status_replicas: int,
        target_average_usage: int,
        metric_name: str,
        tolerances: Tolerances,
        namespace: str,
        object_ref: Any,
        metric_selector: Any = None,
    ) -> MetricReplicas:
        """Object metric with an AverageValue target: ``ceil(usage / perPodTarget)``."""
        try:
            usage, timestamp = self.metrics_client.get_object_metric(
                metric_name, namespace, object_ref, metric_selector
            )
        except HPAError as e:
            raise HPAError(
                f"unable to get metric {metric_name}: {object_ref.kind} on {namespace} "
                f"{object_ref.name}/{e}"
            ) from e
        return self._per_pod(status_replicas, target_average_usage, usage, tolerances, timestamp,
                             external=False)

    def _per_pod(
        self, status_replicas: int, target: int, usage: int, tolerances: Tolerances,
        timestamp: float, external: bool,
    ) -> MetricReplicas:
        """``GetObjectPerPodMetricReplicas`` / ``GetExternalPerPodMetricReplicas``.

        Only the external variant saturates at MaxInt32 and MaxInt64 in v1.36.
        """
        replicas = status_replicas
        ratio = _fdiv(float(usage), float(target) * float(status_replicas))
        if not tolerances.is_within(ratio):
            raw = _fdiv(float(usage), float(target))
            replicas = ceil32_saturating(raw) if external else _ceil32(raw)
        self._trace("per_pod", usage=usage, target=target, status_replicas=status_replicas,
                    ratio=ratio, tolerances=tolerances, result=replicas)
        if external and float(usage) >= float(MAX_INT64):
            return MetricReplicas(replicas, MAX_INT64, timestamp)
        per_pod = _fdiv(float(usage), float(status_replicas))
        if math.isfinite(per_pod):
            per_pod = math.ceil(per_pod)
        return MetricReplicas(replicas, _int64(per_pod), timestamp)

    def _get_ready_pods_count(self, namespace: str, selector: Any) -> int:
        """Pods that are Running *and* Ready (``getReadyPodsCount``)."""
        pods = self._list_pods(namespace, selector)
        return sum(1 for p in pods if p.status.phase == "Running" and is_pod_ready(p))

    # ------------------------------------------------------ external metrics
    def get_external_metric_replicas(
        self,
        current_replicas: int,
        target_usage: int,
        metric_name: str,
        tolerances: Tolerances,
        namespace: str,
        metric_selector: Any,
        pod_selector: Any,
    ) -> MetricReplicas:
        """External metric with a Value target: the sum of all series against the target."""
        usage = 0
        for val in self._external_values(metric_name, namespace, metric_selector):
            if val > 0 and usage > MAX_INT64 - val:  # v1.36 caps a positive overflow
                usage = MAX_INT64
                break
            usage = wrap64(usage + val)
        ratio = _fdiv(float(usage), float(target_usage))
        replicas = self._get_usage_ratio_replica_count(
            current_replicas, ratio, tolerances, namespace, pod_selector
        )
        return MetricReplicas(replicas, usage, 0.0)

    def get_external_per_pod_metric_replicas(
        self,
        status_replicas: int,
        target_average_usage: int,
        metric_name: str,
        tolerances: Tolerances,
        namespace: str,
        metric_selector: Any,
    ) -> MetricReplicas:
        """External metric with an AverageValue target."""
        usage = 0
        for val in self._external_values(metric_name, namespace, metric_selector):
            usage = wrap64(usage + val)
            if usage < 0:  # upstream assumes only an overflow gets here (a negative value does too)
                usage = MAX_INT64
                break
        return self._per_pod(status_replicas, target_average_usage, usage, tolerances, 0.0,
                             external=True)

    def _external_values(self, metric_name: str, namespace: str, metric_selector: Any) -> list[int]:
        selector = label_selector_as_selector(metric_selector)
        try:
            values, _ = self.metrics_client.get_external_metric(metric_name, namespace, selector)
        except HPAError as e:
            raise HPAError(
                f"unable to get external metric {namespace}/{metric_name}/"
                f"{format_label_selector(metric_selector)}: {e}"
            ) from e
        return list(values)

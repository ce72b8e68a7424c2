"""Turn per-pod samples into a usage ratio: the two formulas at the heart of the HPA.

``get_resource_utilization_ratio`` compares summed usage with summed requests
and truncates to a whole percent *before* dividing by the target, so the ratio
the tolerance test sees is ``int_percent / target``.  ``get_metric_usage_ratio``
averages plain values with integer division.

Version note: v1.36's variant sums with arbitrary precision and clamps the
percent into the int32 range; Python ints never overflow, so only the clamp is
needed here.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/metrics/utilization.go @ v1.36.0
"""

from __future__ import annotations

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.metrics.interfaces import PodMetricsInfo

__all__ = ["get_resource_utilization_ratio", "get_metric_usage_ratio", "go_div"]

_MAX_INT32 = 2**31 - 1
_MIN_INT32 = -(2**31)


def go_div(a: int, b: int) -> int:
    """Integer division truncating toward zero, like Go's ``/`` on integers."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def get_resource_utilization_ratio(
    metrics: PodMetricsInfo, requests: dict[str, int], target_utilization: int
) -> tuple[float, int, int]:
    """Return ``(ratio, utilization_percent, raw_average_milli)``.

    Samples of pods without a request entry are skipped ("superfluous").
    Raises ``no metrics returned matched known pods`` when the requests total 0.
    """
    metrics_total = 0
    requests_total = 0
    n = 0
    request_of = requests.get
    for pod_name, metric in metrics.items():
        request = request_of(pod_name)
        if request is None:
            continue  # a sample for a pod we do not know about
        metrics_total += metric.value
        requests_total += request
        n += 1
    if requests_total == 0:
        raise HPAError("no metrics returned matched known pods")
    utilization = go_div(metrics_total * 100, requests_total)
    utilization = max(_MIN_INT32, min(_MAX_INT32, utilization))
    return utilization / target_utilization, utilization, go_div(metrics_total, n)


def get_metric_usage_ratio(metrics: PodMetricsInfo, target_usage: int) -> tuple[float, int]:
    """Return ``(ratio, average_usage)``: the integer average over *every* sample."""
    total = sum(m.value for m in metrics.values())
    current = go_div(total, len(metrics))
    return current / target_usage, current

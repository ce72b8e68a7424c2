"""Turn per-pod samples into a usage ratio: the two formulas at the heart of the HPA.

``get_resource_utilization_ratio`` compares summed usage with summed requests
and truncates to a whole percent *before* dividing by the target, so the ratio
the tolerance test sees is ``int_percent / target``.  ``get_metric_usage_ratio``
averages plain values with integer division.

The sums are Go ``int64`` and wrap on overflow; ``int32(...)`` of the percent
keeps the low 32 bits.  Version note: exact (``math/big``) totals with a
clamped percent were proposed after v1.36 (kubernetes/kubernetes PRs 141978,
closed, and 142192); v1.36 wraps, and so does this model.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/metrics/utilization.go @ v1.36.0
"""

from __future__ import annotations

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.gomath import wrap32, wrap64
from k8slearn.podautoscaler.metrics.interfaces import PodMetricsInfo

__all__ = ["get_resource_utilization_ratio", "get_metric_usage_ratio", "go_div"]


def go_div(a: int, b: int) -> int:
    """Integer division truncating toward zero, like Go's ``/`` on int64 (MinInt64 / -1 wraps)."""
    q = abs(a) // abs(b)
    return wrap64(q if (a >= 0) == (b > 0) else -q)


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
        metrics_total = wrap64(metrics_total + metric.value)
        requests_total = wrap64(requests_total + request)
        n += 1
    if requests_total == 0:
        raise HPAError("no metrics returned matched known pods")
    utilization = wrap32(go_div(wrap64(metrics_total * 100), requests_total))
    return utilization / target_utilization, utilization, go_div(metrics_total, n)


def get_metric_usage_ratio(metrics: PodMetricsInfo, target_usage: int) -> tuple[float, int]:
    """Return ``(ratio, average_usage)``: the integer average over *every* sample."""
    total = 0
    for m in metrics.values():
        total = wrap64(total + m.value)
    current = go_div(total, len(metrics))
    return float(current) / float(target_usage), current

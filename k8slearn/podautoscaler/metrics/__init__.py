"""The HPA's view of metrics: samples, the client protocol, the ratio formulas.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/metrics/interfaces.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/metrics/utilization.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/metrics/client.go @ v1.36.0
"""

from k8slearn.podautoscaler.metrics.client import (
    METRIC_SERVER_DEFAULT_METRIC_WINDOW,
    InMemoryMetricsClient,
    matches,
)
from k8slearn.podautoscaler.metrics.interfaces import MetricsClient, PodMetric, PodMetricsInfo
from k8slearn.podautoscaler.metrics.utilization import (
    get_metric_usage_ratio,
    get_resource_utilization_ratio,
    go_div,
)

__all__ = [
    "PodMetric",
    "PodMetricsInfo",
    "MetricsClient",
    "InMemoryMetricsClient",
    "METRIC_SERVER_DEFAULT_METRIC_WINDOW",
    "matches",
    "get_resource_utilization_ratio",
    "get_metric_usage_ratio",
    "go_div",
]

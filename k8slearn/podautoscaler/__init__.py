"""The Horizontal Pod Autoscaler, rebuilt: metrics, replica calculator, controller.

* ``metrics``: samples, the ``MetricsClient`` protocol, the ratio formulas;
* ``replica_calculator`` / ``pod_grouping``: one proposal per metric;
* ``normalization``: stabilization windows and behavior policies;
* ``horizontal``: the ``HorizontalController`` reconcile;
* ``explain`` / ``simulate``: the ``k8slearn hpa`` commands.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from k8slearn.podautoscaler.errors import HPAError, SpecError
from k8slearn.podautoscaler.horizontal import (
    Event,
    HorizontalController,
    InMemoryHPAClient,
    ReconcileResult,
)
from k8slearn.podautoscaler.metrics import (
    InMemoryMetricsClient,
    MetricsClient,
    PodMetric,
    PodMetricsInfo,
    get_metric_usage_ratio,
    get_resource_utilization_ratio,
)
from k8slearn.podautoscaler.pod_grouping import calculate_pod_requests, group_pods
from k8slearn.podautoscaler.pods import InMemoryPodLister
from k8slearn.podautoscaler.replica_calculator import ReplicaCalculator, Tolerances
from k8slearn.podautoscaler.scale import InMemoryScaleClient, Scale, ScaleClient

__all__ = [
    "HPAError",
    "SpecError",
    "Event",
    "HorizontalController",
    "InMemoryHPAClient",
    "ReconcileResult",
    "InMemoryMetricsClient",
    "MetricsClient",
    "PodMetric",
    "PodMetricsInfo",
    "get_metric_usage_ratio",
    "get_resource_utilization_ratio",
    "calculate_pod_requests",
    "group_pods",
    "InMemoryPodLister",
    "ReplicaCalculator",
    "Tolerances",
    "InMemoryScaleClient",
    "Scale",
    "ScaleClient",
]

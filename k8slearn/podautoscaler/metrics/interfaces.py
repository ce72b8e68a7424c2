"""What the HPA asks of a metrics source: per-pod samples and the MetricsClient protocol.

A ``PodMetric`` is one pod's sample in milli-units (1 CPU = 1000, 20 qps =
20000) with the time it was taken and the window it covers.  The four
``MetricsClient`` methods map onto the three aggregated metrics APIs:
``metrics.k8s.io`` (resource metrics, served by metrics-server),
``custom.metrics.k8s.io`` (Pods and Object metrics) and
``external.metrics.k8s.io`` (External metrics).

Python style: errors are raised as ``HPAError`` instead of returned.  Times
are float epoch seconds, windows float seconds.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/metrics/interfaces.go @ v1.36.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["PodMetric", "PodMetricsInfo", "MetricsClient"]


@dataclass
class PodMetric:
    """One pod's metric sample: ``value`` in milli-units, ``timestamp`` and ``window`` in s."""

    timestamp: float = 0.0
    window: float = 0.0
    value: int = 0


#: pod name -> its sample (Go: ``map[string]PodMetric``).
PodMetricsInfo = dict[str, PodMetric]


class MetricsClient(Protocol):
    """The four queries the replica calculator makes (``metrics.MetricsClient``)."""

    def get_resource_metric(
        self, resource: str, namespace: str, selector: Any, container: str
    ) -> tuple[PodMetricsInfo, float]:
        """Per-pod usage of ``resource`` (summed over containers unless ``container``)."""
        ...

    def get_raw_metric(
        self, metric_name: str, namespace: str, selector: Any, metric_selector: Any
    ) -> tuple[PodMetricsInfo, float]:
        """A custom per-pod metric (the Pods metric source)."""
        ...

    def get_object_metric(
        self, metric_name: str, namespace: str, object_ref: Any, metric_selector: Any
    ) -> tuple[int, float]:
        """A custom metric describing one object (the Object metric source)."""
        ...

    def get_external_metric(
        self, metric_name: str, namespace: str, selector: Any
    ) -> tuple[list[int], float]:
        """Every series of an external metric matching ``selector``."""
        ...

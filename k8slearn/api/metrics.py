"""Metrics API types: PodMetrics, custom MetricValueList and ExternalMetricValueList.

Upstream: kubernetes/metrics pkg/apis/metrics/v1beta1/types.go @ v0.36.3
Upstream: kubernetes/metrics pkg/apis/custom_metrics/v1beta2/types.go @ v0.36.3
Upstream: kubernetes/metrics pkg/apis/external_metrics/v1beta1/types.go @ v0.36.3

``PodMetrics.window`` is a Go duration on the wire (``"30s"``, ``"1m0s"``) and
float seconds here.  ``timestamp`` is float epoch seconds.
"""

from __future__ import annotations

from typing import ClassVar

from .meta import LabelSelector, ListMeta, ObjectMeta
from .resource import Quantity
from .serialization import Model, Object, fld, model, time_fld

__all__ = [
    "ContainerMetrics",
    "ExternalMetricValue",
    "ExternalMetricValueList",
    "MetricValue",
    "MetricValueList",
    "ObjectReference",
    "PodMetrics",
    "PodMetricsList",
]


@model
class ContainerMetrics(Model):
    """Resource usage of one container: ``usage`` maps resource name to Quantity."""

    _go_pkg: ClassVar[str] = "v1beta1"
    name: str = fld("", keep=True)
    usage: dict[str, Quantity] = fld(factory=dict, keep=True, go="v1.ResourceList")


@model
class PodMetrics(Object):
    """metrics.k8s.io/v1beta1 PodMetrics: per-container usage over a window ending at timestamp."""

    API_VERSION: ClassVar[str] = "metrics.k8s.io/v1beta1"
    KIND: ClassVar[str] = "PodMetrics"
    _go_pkg: ClassVar[str] = "v1beta1"

    api_version: str = "metrics.k8s.io/v1beta1"
    kind: str = "PodMetrics"
    metadata: ObjectMeta = fld(factory=ObjectMeta)
    timestamp: float | None = time_fld()
    window: float | None = fld(None, go="duration")
    containers: list[ContainerMetrics] = fld(factory=list, keep=True)


@model
class PodMetricsList(Object):
    """metrics.k8s.io/v1beta1 PodMetricsList."""

    API_VERSION: ClassVar[str] = "metrics.k8s.io/v1beta1"
    KIND: ClassVar[str] = "PodMetricsList"
    _go_pkg: ClassVar[str] = "v1beta1"

    api_version: str = "metrics.k8s.io/v1beta1"
    kind: str = "PodMetricsList"
    metadata: ListMeta = fld(factory=ListMeta)
    items: list[PodMetrics] = fld(factory=list, keep=True)


@model
class ObjectReference(Model):
    """core/v1 ObjectReference, as used by custom metrics' ``describedObject``."""

    kind: str = ""
    namespace: str = ""
    name: str = ""
    uid: str = fld("", go="types.UID")
    api_version: str = ""
    resource_version: str = ""
    field_path: str = ""


@model
class MetricIdentifier(Model):
    """custom_metrics v1beta2 MetricIdentifier."""

    _go_pkg: ClassVar[str] = "v1beta2"
    name: str = fld("", keep=True)
    selector: LabelSelector | None = None


@model
class MetricValue(Model):
    """custom.metrics.k8s.io/v1beta2 MetricValue: one object's metric value."""

    _go_pkg: ClassVar[str] = "v1beta2"
    described_object: ObjectReference = fld(factory=ObjectReference)
    metric: MetricIdentifier = fld(factory=MetricIdentifier)
    timestamp: float | None = time_fld()
    window_seconds: int | None = fld(None, go="int64")
    value: Quantity = fld(factory=Quantity)


@model
class MetricValueList(Object):
    """custom.metrics.k8s.io/v1beta2 MetricValueList."""

    API_VERSION: ClassVar[str] = "custom.metrics.k8s.io/v1beta2"
    KIND: ClassVar[str] = "MetricValueList"
    _go_pkg: ClassVar[str] = "v1beta2"

    api_version: str = "custom.metrics.k8s.io/v1beta2"
    kind: str = "MetricValueList"
    metadata: ListMeta = fld(factory=ListMeta)
    items: list[MetricValue] = fld(factory=list, keep=True)


@model
class ExternalMetricValue(Model):
    """external.metrics.k8s.io/v1beta1 ExternalMetricValue."""

    _go_pkg: ClassVar[str] = "v1beta1"
    metric_name: str = fld("", keep=True)
    metric_labels: dict[str, str] = fld(factory=dict, keep=True)
    timestamp: float | None = time_fld()
    window_seconds: int | None = fld(None, json="window", go="int64")
    value: Quantity = fld(factory=Quantity)


@model
class ExternalMetricValueList(Object):
    """external.metrics.k8s.io/v1beta1 ExternalMetricValueList."""

    API_VERSION: ClassVar[str] = "external.metrics.k8s.io/v1beta1"
    KIND: ClassVar[str] = "ExternalMetricValueList"
    _go_pkg: ClassVar[str] = "v1beta1"

    api_version: str = "external.metrics.k8s.io/v1beta1"
    kind: str = "ExternalMetricValueList"
    metadata: ListMeta = fld(factory=ListMeta)
    items: list[ExternalMetricValue] = fld(factory=list, keep=True)

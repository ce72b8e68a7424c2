"""autoscaling/v2 HorizontalPodAutoscaler: spec (metrics, behavior, tolerance) and status.

Upstream: kubernetes/kubernetes staging/src/k8s.io/api/autoscaling/v2/types.go @ v1.36.0

Metric sources: Object, Pods, Resource, ContainerResource and External, each
with a ``MetricTarget`` (type Utilization/Value/AverageValue).  ``behavior``
holds per-direction ``HPAScalingRules``; ``tolerance`` (a Quantity, v1.33+) is
read only when the ``HPAConfigurableTolerance`` feature gate is on.

Version note: ``HPAScalingRules.tolerance`` is new in v1.33 (KEP-4951). Its
``HPAConfigurableTolerance`` gate was alpha (off) in v1.33-v1.34 and is beta (on
by default) since v1.35, so a v1.36 server keeps the field; older servers, or a
server with the gate off, drop it silently.  ``policies`` is ``None`` when absent and ``[]``
when given empty, because API defaulting treats the two differently.
"""

from __future__ import annotations

from typing import ClassVar

from .meta import LabelSelector, ObjectMeta
from .resource import Quantity
from .serialization import Model, Object, fld, model, time_fld

__all__ = [
    "ContainerResourceMetricSource",
    "ContainerResourceMetricStatus",
    "CrossVersionObjectReference",
    "ExternalMetricSource",
    "ExternalMetricStatus",
    "HPAScalingPolicy",
    "HPAScalingRules",
    "HorizontalPodAutoscaler",
    "HorizontalPodAutoscalerBehavior",
    "HorizontalPodAutoscalerCondition",
    "HorizontalPodAutoscalerSpec",
    "HorizontalPodAutoscalerStatus",
    "MetricIdentifier",
    "MetricSpec",
    "MetricStatus",
    "MetricTarget",
    "MetricValueStatus",
    "ObjectMetricSource",
    "ObjectMetricStatus",
    "PodsMetricSource",
    "PodsMetricStatus",
    "ResourceMetricSource",
    "ResourceMetricStatus",
]

# MetricSourceType values
OBJECT_METRIC_SOURCE_TYPE = "Object"
PODS_METRIC_SOURCE_TYPE = "Pods"
RESOURCE_METRIC_SOURCE_TYPE = "Resource"
CONTAINER_RESOURCE_METRIC_SOURCE_TYPE = "ContainerResource"
EXTERNAL_METRIC_SOURCE_TYPE = "External"
# MetricTargetType values
UTILIZATION_METRIC_TYPE = "Utilization"
VALUE_METRIC_TYPE = "Value"
AVERAGE_VALUE_METRIC_TYPE = "AverageValue"
# ScalingPolicySelect and HPAScalingPolicyType values
MAX_CHANGE_POLICY_SELECT = "Max"
MIN_CHANGE_POLICY_SELECT = "Min"
DISABLED_POLICY_SELECT = "Disabled"
PODS_SCALING_POLICY = "Pods"
PERCENT_SCALING_POLICY = "Percent"


class _V2(Model):
    _go_pkg: ClassVar[str] = "v2"


@model
class CrossVersionObjectReference(_V2):
    """The target of scaling (kind, name, apiVersion) or an Object metric's described object."""

    kind: str = fld("", keep=True)
    name: str = fld("", keep=True)
    api_version: str = ""


@model
class MetricIdentifier(_V2):
    """A metric's name and optional label selector."""

    name: str = fld("", keep=True)
    selector: LabelSelector | None = None


@model
class MetricTarget(_V2):
    """Target value: ``type`` Utilization (average_utilization %), Value or AverageValue."""

    type: str = fld("", keep=True, go="v2.MetricTargetType")
    value: Quantity | None = None
    average_value: Quantity | None = None
    average_utilization: int | None = None


@model
class ObjectMetricSource(_V2):
    """A metric describing a single Kubernetes object (e.g. an Ingress's hits per second)."""

    described_object: CrossVersionObjectReference = fld(factory=CrossVersionObjectReference)
    target: MetricTarget = fld(factory=MetricTarget)
    metric: MetricIdentifier = fld(factory=MetricIdentifier)


@model
class PodsMetricSource(_V2):
    """A per-pod metric averaged across the target's pods."""

    metric: MetricIdentifier = fld(factory=MetricIdentifier)
    target: MetricTarget = fld(factory=MetricTarget)


@model
class ResourceMetricSource(_V2):
    """A resource (cpu, memory) of the pods, from the resource metrics API."""

    name: str = fld("", keep=True, go="v1.ResourceName")
    target: MetricTarget = fld(factory=MetricTarget)


@model
class ContainerResourceMetricSource(_V2):
    """A resource of one named container in each pod."""

    name: str = fld("", keep=True, go="v1.ResourceName")
    target: MetricTarget = fld(factory=MetricTarget)
    container: str = fld("", keep=True)


@model
class ExternalMetricSource(_V2):
    """A metric not tied to any Kubernetes object (e.g. a queue length)."""

    metric: MetricIdentifier = fld(factory=MetricIdentifier)
    target: MetricTarget = fld(factory=MetricTarget)


@model
class MetricSpec(_V2):
    """One metric: ``type`` names which of the source fields is set."""

    type: str = fld("", keep=True, go="v2.MetricSourceType")
    object: ObjectMetricSource | None = None
    pods: PodsMetricSource | None = None
    resource: ResourceMetricSource | None = None
    container_resource: ContainerResourceMetricSource | None = None
    external: ExternalMetricSource | None = None


@model
class HPAScalingPolicy(_V2):
    """One policy: allow ``value`` Pods or Percent of change per ``period_seconds``."""

    type: str = fld("", keep=True, go="v2.HPAScalingPolicyType")
    value: int = fld(0, keep=True)
    period_seconds: int = fld(0, keep=True)


@model
class HPAScalingRules(_V2):
    """Rules for one direction: stabilization window, policies, selectPolicy, tolerance."""

    stabilization_window_seconds: int | None = None
    select_policy: str | None = fld(None, go="v2.ScalingPolicySelect")
    policies: list[HPAScalingPolicy] | None = None
    tolerance: Quantity | None = None


@model
class HorizontalPodAutoscalerBehavior(_V2):
    """Scaling behavior per direction (``scale_up``, ``scale_down``)."""

    scale_up: HPAScalingRules | None = None
    scale_down: HPAScalingRules | None = None


@model
class HorizontalPodAutoscalerSpec(_V2):
    """HPA spec: what to scale, bounds, metrics and behavior."""

    scale_target_ref: CrossVersionObjectReference = fld(factory=CrossVersionObjectReference)
    min_replicas: int | None = None
    max_replicas: int = fld(0, keep=True)
    metrics: list[MetricSpec] = fld(factory=list)
    behavior: HorizontalPodAutoscalerBehavior | None = None


@model
class MetricValueStatus(_V2):
    """A current metric value: value, average_value or average_utilization."""

    value: Quantity | None = None
    average_value: Quantity | None = None
    average_utilization: int | None = None


@model
class ObjectMetricStatus(_V2):
    """Status of an Object metric."""

    metric: MetricIdentifier = fld(factory=MetricIdentifier)
    current: MetricValueStatus = fld(factory=MetricValueStatus)
    described_object: CrossVersionObjectReference = fld(factory=CrossVersionObjectReference)


@model
class PodsMetricStatus(_V2):
    """Status of a Pods metric."""

    metric: MetricIdentifier = fld(factory=MetricIdentifier)
    current: MetricValueStatus = fld(factory=MetricValueStatus)


@model
class ResourceMetricStatus(_V2):
    """Status of a Resource metric."""

    name: str = fld("", keep=True, go="v1.ResourceName")
    current: MetricValueStatus = fld(factory=MetricValueStatus)


@model
class ContainerResourceMetricStatus(_V2):
    """Status of a ContainerResource metric."""

    name: str = fld("", keep=True, go="v1.ResourceName")
    current: MetricValueStatus = fld(factory=MetricValueStatus)
    container: str = fld("", keep=True)


@model
class ExternalMetricStatus(_V2):
    """Status of an External metric."""

    metric: MetricIdentifier = fld(factory=MetricIdentifier)
    current: MetricValueStatus = fld(factory=MetricValueStatus)


@model
class MetricStatus(_V2):
    """The last-read state of one metric."""

    type: str = fld("", keep=True, go="v2.MetricSourceType")
    object: ObjectMetricStatus | None = None
    pods: PodsMetricStatus | None = None
    resource: ResourceMetricStatus | None = None
    container_resource: ContainerResourceMetricStatus | None = None
    external: ExternalMetricStatus | None = None


@model
class HorizontalPodAutoscalerCondition(_V2):
    """AbleToScale, ScalingActive or ScalingLimited, with status True/False/Unknown."""

    type: str = fld("", keep=True, go="v2.HorizontalPodAutoscalerConditionType")
    status: str = fld("", keep=True, go="v1.ConditionStatus")
    last_transition_time: float | None = time_fld()
    reason: str = ""
    message: str = ""


@model
class HorizontalPodAutoscalerStatus(_V2):
    """HPA status: observed generation, last scale time, replicas, metrics and conditions."""

    observed_generation: int | None = fld(None, go="int64")
    last_scale_time: float | None = time_fld()
    current_replicas: int = 0
    desired_replicas: int = fld(0, keep=True)
    current_metrics: list[MetricStatus] = fld(factory=list)
    conditions: list[HorizontalPodAutoscalerCondition] = fld(factory=list)


@model
class HorizontalPodAutoscaler(Object):
    """autoscaling/v2 HorizontalPodAutoscaler."""

    API_VERSION: ClassVar[str] = "autoscaling/v2"
    KIND: ClassVar[str] = "HorizontalPodAutoscaler"
    _go_pkg: ClassVar[str] = "v2"

    api_version: str = "autoscaling/v2"
    kind: str = "HorizontalPodAutoscaler"
    metadata: ObjectMeta = fld(factory=ObjectMeta)
    spec: HorizontalPodAutoscalerSpec = fld(factory=HorizontalPodAutoscalerSpec)
    status: HorizontalPodAutoscalerStatus = fld(factory=HorizontalPodAutoscalerStatus)

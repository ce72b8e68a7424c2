"""The shared object model: typed Kubernetes objects read from kubectl output, with validation.

``load(path_or_text)`` returns typed objects (Pod, Deployment, ReplicaSet,
StatefulSet, HorizontalPodAutoscaler, PodMetrics, ...) from ``kubectl get -o
yaml|json`` output; ``from_dict(d)`` does the same for one dict.  Attributes are
the snake_case of the JSON names, ``to_dict()`` gives the camelCase form back.
Invalid input raises ``ValidationError`` listing every field error in the
apiserver's format (``spec.maxReplicas: Invalid value: 0: must be greater than 0``).

Names are imported lazily (PEP 562) so that ``import k8slearn.api`` stays cheap;
the first use of a class imports its module.

Upstream: kubernetes/kubernetes staging/src/k8s.io/api/core/v1/types.go @ v1.36.0
Upstream: kubernetes/apimachinery pkg/runtime/scheme.go @ v0.36.3
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "Condition": "meta",
    "Container": "core",
    "ContainerMetrics": "metrics",
    "ContainerPort": "core",
    "ContainerResourceMetricSource": "autoscaling",
    "ContainerResourceMetricStatus": "autoscaling",
    "ContainerState": "core",
    "ContainerStateRunning": "core",
    "ContainerStateTerminated": "core",
    "ContainerStateWaiting": "core",
    "ContainerStatus": "core",
    "CrossVersionObjectReference": "autoscaling",
    "Deployment": "apps",
    "DeploymentCondition": "apps",
    "DeploymentSpec": "apps",
    "DeploymentStatus": "apps",
    "EmptyDirVolumeSource": "core",
    "EnvVar": "core",
    "ErrorList": "errors",
    "ExternalMetricSource": "autoscaling",
    "ExternalMetricStatus": "autoscaling",
    "ExternalMetricValue": "metrics",
    "ExternalMetricValueList": "metrics",
    "FieldError": "errors",
    "HPAScalingPolicy": "autoscaling",
    "HPAScalingRules": "autoscaling",
    "HorizontalPodAutoscaler": "autoscaling",
    "HorizontalPodAutoscalerBehavior": "autoscaling",
    "HorizontalPodAutoscalerCondition": "autoscaling",
    "HorizontalPodAutoscalerSpec": "autoscaling",
    "HorizontalPodAutoscalerStatus": "autoscaling",
    "KINDS": "scheme",
    "LabelSelector": "meta",
    "LabelSelectorRequirement": "meta",
    "ListMeta": "meta",
    "MetricIdentifier": "autoscaling",
    "MetricSpec": "autoscaling",
    "MetricStatus": "autoscaling",
    "MetricTarget": "autoscaling",
    "MetricValue": "metrics",
    "MetricValueList": "metrics",
    "MetricValueStatus": "autoscaling",
    "ObjectMeta": "meta",
    "ObjectMetricSource": "autoscaling",
    "ObjectMetricStatus": "autoscaling",
    "ObjectReference": "metrics",
    "OwnerReference": "meta",
    "Pod": "core",
    "PodCondition": "core",
    "PodMetrics": "metrics",
    "PodMetricsList": "metrics",
    "PodSpec": "core",
    "PodStatus": "core",
    "PodTemplateSpec": "core",
    "PodsMetricSource": "autoscaling",
    "PodsMetricStatus": "autoscaling",
    "Quantity": "resource",
    "ReplicaSet": "apps",
    "ReplicaSetCondition": "apps",
    "ReplicaSetSpec": "apps",
    "ReplicaSetStatus": "apps",
    "ResourceMetricSource": "autoscaling",
    "ResourceMetricStatus": "autoscaling",
    "ResourceRequirements": "core",
    "StatefulSet": "apps",
    "StatefulSetSpec": "apps",
    "StatefulSetStatus": "apps",
    "ValidationError": "errors",
    "Volume": "core",
    "VolumeMount": "core",
    "dump": "scheme",
    "from_dict": "scheme",
    "load": "scheme",
    "load_documents": "scheme",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "KINDS",
    "Condition",
    "Container",
    "ContainerMetrics",
    "ContainerPort",
    "ContainerResourceMetricSource",
    "ContainerResourceMetricStatus",
    "ContainerState",
    "ContainerStateRunning",
    "ContainerStateTerminated",
    "ContainerStateWaiting",
    "ContainerStatus",
    "CrossVersionObjectReference",
    "Deployment",
    "DeploymentCondition",
    "DeploymentSpec",
    "DeploymentStatus",
    "EmptyDirVolumeSource",
    "EnvVar",
    "ErrorList",
    "ExternalMetricSource",
    "ExternalMetricStatus",
    "ExternalMetricValue",
    "ExternalMetricValueList",
    "FieldError",
    "HPAScalingPolicy",
    "HPAScalingRules",
    "HorizontalPodAutoscaler",
    "HorizontalPodAutoscalerBehavior",
    "HorizontalPodAutoscalerCondition",
    "HorizontalPodAutoscalerSpec",
    "HorizontalPodAutoscalerStatus",
    "LabelSelector",
    "LabelSelectorRequirement",
    "ListMeta",
    "MetricIdentifier",
    "MetricSpec",
    "MetricStatus",
    "MetricTarget",
    "MetricValue",
    "MetricValueList",
    "MetricValueStatus",
    "ObjectMeta",
    "ObjectMetricSource",
    "ObjectMetricStatus",
    "ObjectReference",
    "OwnerReference",
    "Pod",
    "PodCondition",
    "PodMetrics",
    "PodMetricsList",
    "PodSpec",
    "PodStatus",
    "PodTemplateSpec",
    "PodsMetricSource",
    "PodsMetricStatus",
    "Quantity",
    "ReplicaSet",
    "ReplicaSetCondition",
    "ReplicaSetSpec",
    "ReplicaSetStatus",
    "ResourceMetricSource",
    "ResourceMetricStatus",
    "ResourceRequirements",
    "StatefulSet",
    "StatefulSetSpec",
    "StatefulSetStatus",
    "ValidationError",
    "Volume",
    "VolumeMount",
    "dump",
    "from_dict",
    "load",
    "load_documents",
]

"""API defaulting for the autoscaling/v2 HorizontalPodAutoscaler (what the apiserver fills in).

Upstream: kubernetes/kubernetes pkg/apis/autoscaling/v2/defaults.go @ v1.36.0

* ``minReplicas`` absent -> 1.
* ``metrics`` empty -> one Resource metric: cpu, Utilization, averageUtilization 80.
* ``behavior`` present -> each direction becomes the default rules overlaid with
  the user's non-nil fields (selectPolicy, stabilizationWindowSeconds, the whole
  ``policies`` list, and ``tolerance`` since v1.33).  ``behavior`` absent stays absent.

Default rules: scaleUp window 0, selectPolicy Max, policies Pods 4/15s and
Percent 100/15s; scaleDown window unset (the controller then uses its
``--horizontal-pod-autoscaler-downscale-stabilization``, 300s), selectPolicy Max,
policies Percent 100/15s.

Version note: ``tolerance`` is copied since v1.33 (KEP-4951); before that the
field did not exist.  An explicit empty ``policies: []`` is kept (and then fails
validation); only an absent list gets the defaults.
"""

from __future__ import annotations

from .autoscaling import (
    MAX_CHANGE_POLICY_SELECT,
    PERCENT_SCALING_POLICY,
    PODS_SCALING_POLICY,
    RESOURCE_METRIC_SOURCE_TYPE,
    UTILIZATION_METRIC_TYPE,
    HorizontalPodAutoscaler,
    HorizontalPodAutoscalerBehavior,
    HPAScalingPolicy,
    HPAScalingRules,
    MetricSpec,
    MetricTarget,
    ResourceMetricSource,
)

__all__ = [
    "DEFAULT_CPU_UTILIZATION",
    "generate_hpa_scale_down_rules",
    "generate_hpa_scale_up_rules",
    "set_defaults_horizontal_pod_autoscaler",
    "set_defaults_horizontal_pod_autoscaler_behavior",
]

#: autoscaling.DefaultCPUUtilization
DEFAULT_CPU_UTILIZATION = 80

def _default_scale_up() -> HPAScalingRules:
    return HPAScalingRules(
        stabilization_window_seconds=0,
        select_policy=MAX_CHANGE_POLICY_SELECT,
        policies=[HPAScalingPolicy(PODS_SCALING_POLICY, 4, 15),
                  HPAScalingPolicy(PERCENT_SCALING_POLICY, 100, 15)],
    )


def _default_scale_down() -> HPAScalingRules:
    return HPAScalingRules(
        stabilization_window_seconds=None,
        select_policy=MAX_CHANGE_POLICY_SELECT,
        policies=[HPAScalingPolicy(PERCENT_SCALING_POLICY, 100, 15)],
    )


def _copy_rules(src: HPAScalingRules | None, dst: HPAScalingRules) -> HPAScalingRules:
    """copyHPAScalingRules: overlay every non-nil field of ``src`` onto ``dst``."""
    if src is None:
        return dst
    if src.select_policy is not None:
        dst.select_policy = src.select_policy
    if src.stabilization_window_seconds is not None:
        dst.stabilization_window_seconds = src.stabilization_window_seconds
    if src.policies is not None:
        dst.policies = list(src.policies)
    if src.tolerance is not None:
        dst.tolerance = src.tolerance
    return dst


def generate_hpa_scale_up_rules(rules: HPAScalingRules | None) -> HPAScalingRules:
    """GenerateHPAScaleUpRules: defaults overlaid with the user's scaleUp fields."""
    return _copy_rules(rules, _default_scale_up())


def generate_hpa_scale_down_rules(rules: HPAScalingRules | None) -> HPAScalingRules:
    """GenerateHPAScaleDownRules: defaults overlaid with the user's scaleDown fields."""
    return _copy_rules(rules, _default_scale_down())


def set_defaults_horizontal_pod_autoscaler_behavior(hpa: HorizontalPodAutoscaler) -> None:
    """SetDefaults_HorizontalPodAutoscalerBehavior: only acts when ``spec.behavior`` is set."""
    behavior: HorizontalPodAutoscalerBehavior | None = hpa.spec.behavior
    if behavior is None:
        return
    behavior.scale_up = generate_hpa_scale_up_rules(behavior.scale_up)
    behavior.scale_down = generate_hpa_scale_down_rules(behavior.scale_down)


def set_defaults_horizontal_pod_autoscaler(hpa: HorizontalPodAutoscaler) -> None:
    """SetDefaults_HorizontalPodAutoscaler: minReplicas, the default CPU metric, behavior."""
    if hpa.spec.min_replicas is None:
        hpa.spec.min_replicas = 1
    if not hpa.spec.metrics:
        hpa.spec.metrics = [MetricSpec(
            type=RESOURCE_METRIC_SOURCE_TYPE,
            resource=ResourceMetricSource(
                name="cpu",
                target=MetricTarget(type=UTILIZATION_METRIC_TYPE,
                                    average_utilization=DEFAULT_CPU_UTILIZATION),
            ),
        )]
    set_defaults_horizontal_pod_autoscaler_behavior(hpa)

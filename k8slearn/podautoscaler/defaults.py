"""API defaulting for autoscaling/v2 HPAs, re-exported for the HPA chapter.

The implementation lives in ``k8slearn.api.autoscaling_defaults``; the HPA
controller relies on it (e.g. ``behavior.scaleUp`` / ``scaleDown`` are never
nil once ``behavior`` is set).

Upstream: kubernetes/kubernetes pkg/apis/autoscaling/v2/defaults.go @ v1.36.0
"""

from k8slearn.api.autoscaling_defaults import (
    DEFAULT_CPU_UTILIZATION,
    generate_hpa_scale_down_rules,
    generate_hpa_scale_up_rules,
    set_defaults_horizontal_pod_autoscaler,
    set_defaults_horizontal_pod_autoscaler_behavior,
)

__all__ = [
    "DEFAULT_CPU_UTILIZATION",
    "generate_hpa_scale_down_rules",
    "generate_hpa_scale_up_rules",
    "set_defaults_horizontal_pod_autoscaler",
    "set_defaults_horizontal_pod_autoscaler_behavior",
]

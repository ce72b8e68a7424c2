"""HPA validation (apiserver rules and messages), re-exported for the HPA chapter.

The implementation lives in ``k8slearn.api.autoscaling_validation``; the real
API server defaults first, then validates, and so does ``hpa explain``.

Upstream: kubernetes/kubernetes pkg/apis/autoscaling/validation/validation.go @ v1.36.0
"""

from k8slearn.api.autoscaling_validation import (
    MAX_PERIOD_SECONDS,
    MAX_STABILIZATION_WINDOW_SECONDS,
    validate_horizontal_pod_autoscaler,
    validate_horizontal_pod_autoscaler_update,
)

__all__ = [
    "MAX_PERIOD_SECONDS",
    "MAX_STABILIZATION_WINDOW_SECONDS",
    "validate_horizontal_pod_autoscaler",
    "validate_horizontal_pod_autoscaler_update",
    "default_and_validate",
]


def default_and_validate(hpa):  # type: ignore[no-untyped-def]
    """Default ``hpa`` in place, then return its validation errors (apiserver order)."""
    from k8slearn.api.autoscaling_defaults import set_defaults_horizontal_pod_autoscaler

    set_defaults_horizontal_pod_autoscaler(hpa)
    return validate_horizontal_pod_autoscaler(hpa)

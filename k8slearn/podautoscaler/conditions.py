"""HPA status conditions: AbleToScale, ScalingActive, ScalingLimited.

A condition is keyed by type; a new type is appended, so a fresh HPA lists
them in the order the reconcile touches them.  ``last_transition_time`` moves
only when the *status* flips; reason and message are always overwritten.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

__all__ = ["set_condition", "set_condition_in_list", "ABLE_TO_SCALE", "SCALING_ACTIVE",
           "SCALING_LIMITED"]

ABLE_TO_SCALE = "AbleToScale"
SCALING_ACTIVE = "ScalingActive"
SCALING_LIMITED = "ScalingLimited"


def set_condition_in_list(
    conditions: list[Any], type_: str, status: str, reason: str, message: str, now: float
) -> list[Any]:
    """Update (or append) the condition of ``type_`` in place and return the list."""
    for existing in conditions:
        if existing.type == type_:
            break
    else:
        from k8slearn.api.autoscaling import HorizontalPodAutoscalerCondition

        existing = HorizontalPodAutoscalerCondition(type=type_)
        conditions.append(existing)
    if existing.status != status:
        existing.last_transition_time = now
    existing.status = status
    existing.reason = reason
    existing.message = message
    return conditions


def set_condition(hpa: Any, type_: str, status: str, reason: str, message: str,
                  now: float) -> None:
    """``setCondition``: on ``hpa.status.conditions``."""
    set_condition_in_list(hpa.status.conditions, type_, status, reason, message, now)

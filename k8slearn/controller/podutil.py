"""Pod readiness and availability helpers.

Upstream: kubernetes/kubernetes pkg/api/v1/pod/util.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

__all__ = ["get_pod_ready_condition", "is_pod_ready", "is_pod_available", "pod_ready_time"]


def get_pod_ready_condition(pod: Any) -> Any:
    for c in pod.status.conditions or []:
        if c.type == "Ready":
            return c
    return None


def is_pod_ready(pod: Any) -> bool:
    """``IsPodReady``: condition ``Ready`` has status ``True``."""
    c = get_pod_ready_condition(pod)
    return c is not None and c.status == "True"


def pod_ready_time(pod: Any) -> float | None:
    """The Ready condition's ``lastTransitionTime`` if ready, else None (Go's zero time)."""
    c = get_pod_ready_condition(pod)
    if c is None or c.status != "True":
        return None
    return c.last_transition_time


def is_pod_available(pod: Any, min_ready_seconds: float, now: float) -> bool:
    """``IsPodAvailable``: ready, and ready for ``min_ready_seconds`` (boundary inclusive).

    The inclusive boundary is the v1.34+ helper's; it is assumed for v1.36.0.
    """
    if not is_pod_ready(pod):
        return False
    if min_ready_seconds == 0:
        return True
    c = get_pod_ready_condition(pod)
    t = c.last_transition_time
    return t is not None and t + min_ready_seconds <= now

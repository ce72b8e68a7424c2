"""The normalization half of ``HorizontalController``: history, stabilization, limits.

These methods keep the per-HPA recommendation lists and scale events and call
the pure functions of ``normalization``; they also set the AbleToScale and
ScalingLimited conditions.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.podautoscaler.conditions import ABLE_TO_SCALE, SCALING_LIMITED, set_condition
from k8slearn.podautoscaler.normalization import (
    NormalizationArg,
    TimestampedRecommendation,
    TimestampedScaleEvent,
    convert_desired_replicas_with_behavior_rate,
    convert_desired_replicas_with_rules,
    stabilize_recommendation,
    stabilize_recommendation_with_behaviors,
    store_scale_event,
)

__all__ = ["NormalizationMixin"]


class NormalizationMixin:
    """Per-HPA memory and the two normalization paths (mixed into the controller)."""

    recommendations: dict[str, list[TimestampedRecommendation] | None]
    scale_up_events: dict[str, list[TimestampedScaleEvent]]
    scale_down_events: dict[str, list[TimestampedScaleEvent]]
    downscale_stabilisation_window: float
    scale_up_limit_factor: float
    scale_up_limit_minimum: float

    def _now(self) -> float:
        raise NotImplementedError

    def record_initial_recommendation(self, current: int, key: str) -> None:
        """Seed ``[(current, now)]`` when there is no history at all (None, not [])."""
        if self.recommendations.get(key) is None:
            self.recommendations[key] = [TimestampedRecommendation(current, self._now())]

    def normalize_desired_replicas(self, hpa: Any, key: str, current: int, prenormalized: int,
                                   min_replicas: int) -> int:
        """The no-behavior path: 5-minute max filter, then min/max/2x clamps."""
        now = self._now()
        recs = self.recommendations.setdefault(key, [])
        stabilized = stabilize_recommendation(
            recs, prenormalized, now, self.downscale_stabilisation_window)
        if stabilized != prenormalized:
            set_condition(hpa, ABLE_TO_SCALE, "True", "ScaleDownStabilized",
                          "recent recommendations were higher than current one, applying the "
                          "highest recent recommendation", now)
        else:
            set_condition(hpa, ABLE_TO_SCALE, "True", "ReadyForNewScale",
                          "recommended size matches current size", now)
        desired, reason, message = convert_desired_replicas_with_rules(
            current, stabilized, min_replicas, hpa.spec.max_replicas,
            self.scale_up_limit_factor, self.scale_up_limit_minimum)
        limited = "False" if desired == stabilized else "True"
        set_condition(hpa, SCALING_LIMITED, limited, reason, message, now)
        return desired

    def maybe_init_scale_down_stabilization_window(self, hpa: Any) -> None:
        """Fill an unset scale-down window with the controller's flag (300 s)."""
        behavior = hpa.spec.behavior
        if behavior and behavior.scale_down and \
                behavior.scale_down.stabilization_window_seconds is None:
            behavior.scale_down.stabilization_window_seconds = int(
                self.downscale_stabilisation_window)

    def normalize_desired_replicas_with_behaviors(
        self, hpa: Any, key: str, current: int, prenormalized: int, min_replicas: int
    ) -> int:
        """The behavior path: two-sided stabilization, then the rate policies."""
        now = self._now()
        self.maybe_init_scale_down_stabilization_window(hpa)
        arg = NormalizationArg(key, hpa.spec.behavior.scale_up, hpa.spec.behavior.scale_down,
                               min_replicas, hpa.spec.max_replicas, current, prenormalized)
        recs = self.recommendations.setdefault(key, [])
        stabilized, reason, message = stabilize_recommendation_with_behaviors(recs, arg, now)
        arg.desired_replicas = stabilized
        if stabilized != prenormalized:
            set_condition(hpa, ABLE_TO_SCALE, "True", reason, message, now)
        else:
            set_condition(hpa, ABLE_TO_SCALE, "True", "ReadyForNewScale",
                          "recommended size matches current size", now)
        desired, reason, message = convert_desired_replicas_with_behavior_rate(
            arg, self.scale_up_events.get(key, []), self.scale_down_events.get(key, []), now)
        limited = "False" if desired == stabilized else "True"
        set_condition(hpa, SCALING_LIMITED, limited, reason, message, now)
        return desired

    def store_scale_event(self, behavior: Any, key: str, prev: int, new: int) -> None:
        """Remember a successful rescale for the policies (behavior only)."""
        up = self.scale_up_events.setdefault(key, [])
        down = self.scale_down_events.setdefault(key, [])
        store_scale_event(behavior, up, down, prev, new, self._now())

"""The tolerance test: ratios close enough to 1 change nothing.

Version note: v1.36 tests the inclusive interval
``1 - scaleDown <= ratio <= 1 + scaleUp`` with per-direction values
(``behavior.scale{Up,Down}.tolerance``, ``HPAConfigurableTolerance``, v1.33+),
falling back to ``--horizontal-pod-autoscaler-tolerance`` (0.1).  Up to v1.32
it was ``abs(1 - ratio) <= tolerance`` in float64, so exactly 1.1 scaled up.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go @ v1.36.0
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Tolerances", "DEFAULT_TOLERANCE"]

#: ``--horizontal-pod-autoscaler-tolerance``
DEFAULT_TOLERANCE = 0.1


@dataclass(frozen=True)
class Tolerances:
    """Per-direction tolerances; a ratio inside ``[1 - down, 1 + up]`` changes nothing."""

    scale_down: float = DEFAULT_TOLERANCE
    scale_up: float = DEFAULT_TOLERANCE

    def is_within(self, ratio: float) -> bool:
        """v1.36: the inclusive interval test."""
        return (1.0 - self.scale_down) <= ratio <= (1.0 + self.scale_up)

    def legacy_is_within(self, ratio: float) -> bool:
        """Version note: the v1.32 test ``abs(1 - ratio) <= tolerance`` (scale-up value)."""
        return abs(1.0 - ratio) <= self.scale_up

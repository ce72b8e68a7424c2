"""The HPA's work-queue rate limiter: every key comes back after exactly one sync period.

``NewDefaultHPARateLimiter(interval)`` is a fixed-interval limiter: ``when``
always answers ``interval``, and it keeps no failure history.  Combined with
"re-add after every reconcile" this makes each HPA reconcile once per
``--horizontal-pod-autoscaler-sync-period`` (15 s).

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/rate_limiters.go @ v1.36.0
"""

from __future__ import annotations

from collections.abc import Hashable

__all__ = ["FixedItemIntervalRateLimiter", "new_default_hpa_rate_limiter"]


class FixedItemIntervalRateLimiter:
    """``when`` is always the same interval; nothing is counted."""

    def __init__(self, interval: float) -> None:
        self.interval = interval

    def when(self, item: Hashable) -> float:
        return self.interval

    def num_requeues(self, item: Hashable) -> int:
        return 0

    def forget(self, item: Hashable) -> None:
        return None


def new_default_hpa_rate_limiter(interval: float) -> FixedItemIntervalRateLimiter:
    """``NewDefaultHPARateLimiter``."""
    return FixedItemIntervalRateLimiter(interval)

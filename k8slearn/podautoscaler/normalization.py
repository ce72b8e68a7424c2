"""From a metric proposal to the replica count the controller actually sets.

Two paths, kept separate exactly as upstream keeps them:

* **no ``behavior``** (``normalize_desired_replicas``): a max filter over the
  last 5 minutes of recommendations (downscale stabilization only), then
  clamp to ``[minReplicas, min(maxReplicas, max(2 * current, 4))]``;
* **with ``behavior``** (``normalize_desired_replicas_with_behaviors``): clamp
  *current* into ``[lowest recent rec within the up window, highest recent
  rec within the down window]``, then limit the speed with the Pods/Percent
  policies measured against the scale events of each policy's period.

Plain functions over lists and ``now`` so each step can be tested and shown
by hand; ``HorizontalController`` keeps the per-HPA lists and calls them.

Replica counts are Go ``int32``: sums wrap, and a float converted back to
int32 gives MinInt32 when it is out of range (amd64).  Version note: so at
v1.36 an overflowing Percent policy yields MinInt32, which the "never shrink
on the way up" rule turns into the current count (scale-up frozen), and
``max(2 * current, 4)`` above MaxInt32 becomes MinInt32.  PR 141397 (after
v1.36.0) saturates these at MaxInt32 instead.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from k8slearn.podautoscaler.gomath import int32, wrap32

__all__ = [
    "TimestampedRecommendation",
    "TimestampedScaleEvent",
    "NormalizationArg",
    "SCALE_UP_LIMIT_FACTOR",
    "SCALE_UP_LIMIT_MINIMUM",
    "stabilize_recommendation",
    "convert_desired_replicas_with_rules",
    "calculate_scale_up_limit",
    "stabilize_recommendation_with_behaviors",
    "convert_desired_replicas_with_behavior_rate",
    "calculate_scale_up_limit_with_scaling_rules",
    "calculate_scale_down_limit_with_behaviors",
    "get_replicas_change_per_period",
    "get_longest_policy_period",
    "mark_scale_events_outdated",
    "store_scale_event",
]

MAX_INT32 = 2**31 - 1
MIN_INT32 = -(2**31)
#: ``scaleUpLimitFactor`` / ``scaleUpLimitMinimum`` (package vars; upstream's tests set 8).
SCALE_UP_LIMIT_FACTOR = 2.0
SCALE_UP_LIMIT_MINIMUM = 4.0

MSG_WITHIN = "the desired count is within the acceptable range"
MSG_TOO_FEW = "the desired replica count is less than the minimum replica count"
MSG_TOO_MANY = "the desired replica count is more than the maximum replica count"
MSG_UP_LIMIT = "the desired replica count is increasing faster than the maximum scale rate"
MSG_DOWN_LIMIT = "the desired replica count is decreasing faster than the maximum scale rate"
MSG_UP_STABILIZED = (
    "recent recommendations were lower than current one, applying the lowest recent recommendation"
)
MSG_DOWN_STABILIZED = (
    "recent recommendations were higher than current one, "
    "applying the highest recent recommendation"
)


@dataclass
class TimestampedRecommendation:
    """One past metric recommendation (``timestampedRecommendation``)."""

    recommendation: int
    timestamp: float


@dataclass
class TimestampedScaleEvent:
    """One past rescale: absolute change, when, and whether it fell out of every period."""

    replica_change: int
    timestamp: float
    outdated: bool = False


@dataclass
class NormalizationArg:
    """Inputs of the behavior path (``NormalizationArg``)."""

    key: str
    scale_up_behavior: Any
    scale_down_behavior: Any
    min_replicas: int
    max_replicas: int
    current_replicas: int
    desired_replicas: int


# ------------------------------------------------------------------ no behavior
def stabilize_recommendation(
    recs: list[TimestampedRecommendation], prenormalized: int, now: float, window: float
) -> int:
    """Max over recommendations newer than ``now - window``; record ``prenormalized``.

    The last entry older than the window is overwritten, otherwise the list grows.
    """
    result = prenormalized
    cutoff = now - window
    old_index = None
    for i, rec in enumerate(recs):
        if rec.timestamp < cutoff:
            old_index = i
        elif rec.recommendation > result:
            result = rec.recommendation
    entry = TimestampedRecommendation(prenormalized, now)
    if old_index is not None:
        recs[old_index] = entry
    else:
        recs.append(entry)
    return result


def calculate_scale_up_limit(
    current: int, factor: float = SCALE_UP_LIMIT_FACTOR, minimum: float = SCALE_UP_LIMIT_MINIMUM
) -> int:
    """``int32(max(factor * current, minimum))``: the fixed no-behavior rate limit."""
    return int32(max(factor * float(current), minimum))


def convert_desired_replicas_with_rules(
    current: int, desired: int, hpa_min: int, hpa_max: int,
    factor: float = SCALE_UP_LIMIT_FACTOR, minimum: float = SCALE_UP_LIMIT_MINIMUM,
) -> tuple[int, str, str]:
    """Clamp into ``[min, min(max, scale-up limit)]``; return ``(replicas, reason, message)``."""
    scale_up_limit = calculate_scale_up_limit(current, factor, minimum)
    if hpa_max > scale_up_limit:
        maximum, reason, message = scale_up_limit, "ScaleUpLimit", MSG_UP_LIMIT
    else:
        maximum, reason, message = hpa_max, "TooManyReplicas", MSG_TOO_MANY
    if desired < hpa_min:
        return hpa_min, "TooFewReplicas", MSG_TOO_FEW
    if desired > maximum:
        return maximum, reason, message
    return desired, "DesiredWithinRange", MSG_WITHIN


# --------------------------------------------------------------- with behavior
def stabilize_recommendation_with_behaviors(
    recs: list[TimestampedRecommendation], args: NormalizationArg, now: float
) -> tuple[int, str, str]:
    """Clamp *current* between the up- and down-window limits; record the desired count."""
    up_rec = down_rec = args.desired_replicas
    up_cutoff = now - float(args.scale_up_behavior.stabilization_window_seconds)
    down_cutoff = now - float(args.scale_down_behavior.stabilization_window_seconds)
    old_index = None
    for i, rec in enumerate(recs):
        if rec.timestamp > up_cutoff:
            up_rec = min(rec.recommendation, up_rec)
        if rec.timestamp > down_cutoff:
            down_rec = max(rec.recommendation, down_rec)
        if rec.timestamp < up_cutoff and rec.timestamp < down_cutoff:
            old_index = i
    result = args.current_replicas
    if result < up_rec:
        result = up_rec
    if result > down_rec:
        result = down_rec
    entry = TimestampedRecommendation(args.desired_replicas, now)
    if old_index is not None:
        recs[old_index] = entry
    else:
        recs.append(entry)
    if args.desired_replicas >= args.current_replicas:
        return result, "ScaleUpStabilized", MSG_UP_STABILIZED
    return result, "ScaleDownStabilized", MSG_DOWN_STABILIZED


def get_replicas_change_per_period(
    period_seconds: int, events: list[TimestampedScaleEvent], now: float
) -> int:
    """Sum of the changes strictly inside the last ``period_seconds``."""
    cutoff = now - float(period_seconds)
    return wrap32(sum(e.replica_change for e in events if e.timestamp > cutoff))


def calculate_scale_up_limit_with_scaling_rules(
    current: int, up_events: list[TimestampedScaleEvent],
    down_events: list[TimestampedScaleEvent], rules: Any, now: float,
) -> int:
    """The highest count the scale-up policies allow now (``Max``: most permissive policy)."""
    if rules.select_policy == "Disabled":
        return current
    pick_min = rules.select_policy == "Min"
    result = MAX_INT32 if pick_min else MIN_INT32
    for policy in rules.policies or []:
        added = get_replicas_change_per_period(policy.period_seconds, up_events, now)
        deleted = get_replicas_change_per_period(policy.period_seconds, down_events, now)
        period_start = wrap32(current - added + deleted)
        if policy.type == "Pods":
            proposed = wrap32(period_start + policy.value)
        else:  # Percent rounds up; v1.36 wraps to MinInt32 on overflow (PR 141397 later caps)
            proposed = int32(math.ceil(float(period_start) * (1 + float(policy.value) / 100)))
        result = min(result, proposed) if pick_min else max(result, proposed)
    return result


def calculate_scale_down_limit_with_behaviors(
    current: int, up_events: list[TimestampedScaleEvent],
    down_events: list[TimestampedScaleEvent], rules: Any, now: float,
) -> int:
    """The lowest count the scale-down policies allow now (``Max``: lowest floor)."""
    if rules.select_policy == "Disabled":
        return current
    pick_max = rules.select_policy == "Min"  # the smallest change is the highest floor
    result = MIN_INT32 if pick_max else MAX_INT32
    for policy in rules.policies or []:
        added = get_replicas_change_per_period(policy.period_seconds, up_events, now)
        deleted = get_replicas_change_per_period(policy.period_seconds, down_events, now)
        period_start = wrap32(current - added + deleted)
        if policy.type == "Pods":
            proposed = wrap32(period_start - policy.value)
        else:  # Percent truncates toward zero, and may go negative
            proposed = int32(float(period_start) * (1 - float(policy.value) / 100))
        result = max(result, proposed) if pick_max else min(result, proposed)
    return result


def convert_desired_replicas_with_behavior_rate(
    args: NormalizationArg, up_events: list[TimestampedScaleEvent],
    down_events: list[TimestampedScaleEvent], now: float,
) -> tuple[int, str, str]:
    """Apply the policies (and max going up, min going down); ``(replicas, reason, msg)``."""
    desired, current = args.desired_replicas, args.current_replicas
    if desired > current:
        limit = calculate_scale_up_limit_with_scaling_rules(
            current, up_events, down_events, args.scale_up_behavior, now)
        limit = max(limit, current)  # never shrink on the way up
        if args.max_replicas > limit:
            allowed, reason, message = limit, "ScaleUpLimit", MSG_UP_LIMIT
        else:
            allowed, reason, message = args.max_replicas, "TooManyReplicas", MSG_TOO_MANY
        if desired > allowed:
            return allowed, reason, message
    elif desired < current:
        limit = calculate_scale_down_limit_with_behaviors(
            current, up_events, down_events, args.scale_down_behavior, now)
        limit = min(limit, current)  # never grow on the way down
        if args.min_replicas < limit:
            allowed, reason, message = limit, "ScaleDownLimit", MSG_DOWN_LIMIT
        else:
            allowed, reason, message = args.min_replicas, "TooFewReplicas", MSG_TOO_FEW
        if desired < allowed:
            return allowed, reason, message
    return desired, "DesiredWithinRange", MSG_WITHIN


# -------------------------------------------------------------- scale events
def get_longest_policy_period(rules: Any) -> int:
    """The longest ``periodSeconds`` among the policies of one direction."""
    return max((p.period_seconds for p in rules.policies or []), default=0)


def mark_scale_events_outdated(
    events: list[TimestampedScaleEvent], longest_period: int, now: float
) -> None:
    """Flag (for good) the events older than every policy period."""
    cutoff = now - float(longest_period)
    for e in events:
        if e.timestamp < cutoff:
            e.outdated = True


def store_scale_event(
    behavior: Any, up_events: list[TimestampedScaleEvent],
    down_events: list[TimestampedScaleEvent], prev: int, new: int, now: float,
) -> None:
    """Record a successful rescale; reuse the last outdated slot of that direction."""
    if behavior is None:
        return
    if new > prev:
        events, rules, change = up_events, behavior.scale_up, new - prev
    else:
        events, rules, change = down_events, behavior.scale_down, prev - new
    mark_scale_events_outdated(events, get_longest_policy_period(rules), now)
    old_index = None
    for i, e in enumerate(events):
        if e.outdated:
            old_index = i
    entry = TimestampedScaleEvent(change, now, False)
    if old_index is not None:
        events[old_index] = entry
    else:
        events.append(entry)

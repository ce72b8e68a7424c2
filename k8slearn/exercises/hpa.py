"""Checked exercises for the HPA notebooks (30 and 31).

Expected values are worked out by hand from the upstream rules (and agree
with ``k8slearn.podautoscaler``; see tests/hpa).  Wrong answers get a hint
that points at the rule, not the number.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

from k8slearn.exercises import exercise, whole_number

__all__ = [
    "check_naive_formula",
    "check_tolerance_edge",
    "check_missing_scale_down",
    "check_pending_group",
    "check_stabilized",
    "check_default_scale_up_limit",
    "check_percent_down_frozen",
]


def _int(answer: Any) -> int:
    return whole_number(answer, "a whole number of replicas")


# ------------------------------------------------------------------ notebook 30


@exercise("hpa.naive_formula",
          "The example: 6 replicas, the 4 trusted pods at 87% of request, target 50%. "
          "What does the textbook formula ceil(current * current% / target%) give?")
def check_naive_formula(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 11:
        return True, "ceil(6 x 1.74) = ceil(10.44) = 11, while the controller asks for 7."
    if n == 7:
        return False, "7 is what the controller decides; the textbook formula ignores grouping."
    if n == 10:
        return False, "the formula rounds up (ceil), it never truncates."
    return False, "multiply the current replicas by 87/50 and round up."


@exercise("hpa.tolerance_edge",
          "3 Ready pods at exactly 55% of request, target 50% (ratio 1.1), default tolerance, "
          "no unready or missing pods. How many replicas does v1.36 propose?")
def check_tolerance_edge(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 3:
        return True, "1.1 lies inside the inclusive interval [0.9, 1.1]: no change."
    if n == 4:
        return False, ("that is the v1.32 answer (abs(1 - 1.1) is 0.10000000000000009 in "
                       "float64). v1.36 tests 1 - down <= ratio <= 1 + up, inclusive.")
    return False, "first decide whether 1.1 is within the tolerance interval."


@exercise("hpa.missing_scale_down",
          "4 replicas, each requesting 1000m; target 50%. Three pods report 100m, the fourth "
          "has no sample yet. What does get_resource_replicas return?")
def check_missing_scale_down(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 3:
        return True, ("10% -> ratio 0.2 (scale-down), so the missing pod is counted at 100% of "
                      "its request: 1300m / 4000m = 32% -> 0.64 x 4 -> ceil(2.56) = 3.")
    if n == 1:
        return False, ("that ignores the missing pod. On a scale-down a missing pod is assumed "
                       "to use its whole request.")
    if n == 2:
        return False, ("close: recompute the ratio with the missing pod counted at 1000m, then "
                       "multiply by the number of samples (4) and round up.")
    return False, "compute the first ratio, decide the direction, then refill the missing pod."


@exercise("hpa.pending_group",
          "A Pending pod with no metric sample: is it 'ready', 'unready', 'missing' or "
          "'ignored' for the CPU calculation?")
def check_pending_group(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, str):
        raise TypeError("answer with one of the group names, as a string")
    a = answer.strip().lower()
    if a == "unready":
        return True, "phase Pending is checked before the metric lookup: unready, not missing."
    if a == "missing":
        return False, "the rules run in order and the first match wins: which comes first?"
    if a == "ignored":
        return False, "only deleted and Failed pods are ignored."
    return False, "look at the order of the checks in groupPods."


# ------------------------------------------------------------------ notebook 31


@exercise("hpa.stabilized",
          "No behavior, 5-minute window. Recorded recommendations: 9 (6 min ago), 7 (4 min "
          "ago), 5 (2 min ago). The metrics now say 4. What does stabilizeRecommendation return?")
def check_stabilized(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 7:
        return True, "max(4, 7, 5) = 7; the 9 is older than the window (its slot gets reused)."
    if n == 9:
        return False, "the 9 was recorded 6 minutes ago: is it inside the 5-minute window?"
    if n == 4:
        return False, "scale-down is stabilized: the highest recent recommendation wins."
    return False, "take the max over the recommendations inside the window and the new one."


@exercise("hpa.default_scale_up_limit",
          "behavior: {} (defaults), current 10, the metrics want 50, no recent scale events, "
          "maxReplicas 100. How many replicas after this reconcile?")
def check_default_scale_up_limit(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 20:
        return True, "max(Pods: 10 + 4, Percent: 10 x 2) = 20 (selectPolicy Max)."
    if n == 14:
        return False, "selectPolicy Max picks the policy that allows the *biggest* change."
    if n == 50:
        return False, "the default scale-up policies allow +4 pods or +100% per 15 s."
    return False, "apply both default scale-up policies and keep the larger limit."


@exercise("hpa.percent_down_frozen",
          "scaleDown: Percent 10 per 60 s, window 0. current 100; the HPA removed 20 pods in "
          "the last 60 s; the metrics want 1, minReplicas 1. How many replicas now?")
def check_percent_down_frozen(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 100:
        return True, ("periodStart = 100 + 20 = 120, floor int(120 x 0.9) = 108 is above the "
                      "current 100, so it is clamped to 100: no scale-down this period.")
    if n == 108:
        return False, "a scale-down never grows the workload: a floor above current is clamped."
    if n == 90:
        return False, ("the 10% is taken from the count at the start of the period "
                       "(current + pods removed in it), not from the current count.")
    if n == 1:
        return False, "the policy limits how far one period may go down."
    return False, "start from periodStart = current + removed in the period, then apply 10%."

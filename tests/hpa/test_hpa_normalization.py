"""Ports of horizontal_test.go's pure normalization tests.

TestScalingWithRules (every row), TestNormalizeDesiredReplicas,
TestNormalizeDesiredReplicasWithBehavior, TestStoreScaleEvents,
TestConvertDesiredReplicasWithRules and the two limit-calculation tests.
"""

from __future__ import annotations

import pytest
from hpa_testlib import NOW, default_down, default_up, gen, policy, rules, uniform_events

from k8slearn.podautoscaler.normalization import (
    NormalizationArg,
    TimestampedRecommendation,
    TimestampedScaleEvent,
    calculate_scale_down_limit_with_behaviors,
    calculate_scale_up_limit,
    calculate_scale_up_limit_with_scaling_rules,
    convert_desired_replicas_with_behavior_rate,
    convert_desired_replicas_with_rules,
    get_replicas_change_per_period,
    stabilize_recommendation,
    stabilize_recommendation_with_behaviors,
    store_scale_event,
)

MIN = 60.0
d = None  # "default rules"

# cur, desired, min, max, scaleUp, scaleDown, upEvents, downEvents, result, reason
SCALING_WITH_RULES = [
    ("no change", 5, 7, 3, 8, d, d, [], [], 7, "DesiredWithinRange"),
    ("want 1, min 2", 3, 1, 2, 8, d, d, [], [], 2, "TooFewReplicas"),
    ("zero min", 1, 0, 0, 10, d, d, [], [], 0, "DesiredWithinRange"),
    ("want 1000, max 10", 20, 1000, 1, 10, d, d, [], [], 10, "TooManyReplicas"),
    ("from 100 to 1000, max 150", 100, 1000, 100, 150, d, d, [], [], 150, "TooManyReplicas"),
    ("slow scale-up 1%", 3, 1000, 1, 2000, gen(0, 0, 1, 60, 0), d, [], [], 4, "ScaleUpLimit"),
    ("slow scale-down 20 pods", 1000, 3, 3, 2000, d, gen(20, 60, 0, 0, 0), [], [], 980,
     "ScaleDownLimit"),
    ("default scale-up", 10, 50, 1, 1000, d, d, [], [], 20, "ScaleUpLimit"),
    ("max of pods and percent (pods wins)", 10, 500, 1, 1000, gen(100, 60, 100, 60, 0), d, [],
     [], 110, "ScaleUpLimit"),
    ("max of pods and percent (percent wins)", 10, 500, 1, 1000, gen(2, 60, 100, 60, 0), d, [],
     [], 20, "ScaleUpLimit"),
    ("pods policy allows it", 10, 50, 1, 1000, gen(100, 60, 0, 0, 0), d, [], [], 50,
     "DesiredWithinRange"),
    ("huge pods policy", 10, 50, 1, 1000, gen(10000, 60, 0, 0, 0), d, [], [], 50,
     "DesiredWithinRange"),
    ("pods policy limits", 10, 50, 1, 1000, gen(30, 60, 0, 0, 0), d, [], [], 40,
     "ScaleUpLimit"),
    ("percent policy limits", 10, 50, 1, 1000, gen(0, 0, 200, 60, 0), d, [], [], 30,
     "ScaleUpLimit"),
    ("scale-down pods limits", 100, 2, 1, 1000, d, gen(20, 60, 1, 60, 300), [], [], 80,
     "ScaleDownLimit"),
    ("scale-down percent vs pods", 100, 2, 1, 1000, d, gen(2, 60, 1, 60, 300), [], [], 98,
     "ScaleDownLimit"),
    ("scale-down to zero, min 1", 10, 0, 1, 1000, d, gen(100, 60, 0, 0, 300), [], [], 1,
     "TooFewReplicas"),
    ("scale-down to zero, min 1 (repeated)", 10, 0, 1, 1000, d, gen(100, 60, 0, 0, 300), [], [],
     1, "TooFewReplicas"),
    ("scale-down below min 5", 10, 2, 5, 1000, d, gen(0, 0, 100, 60, 300), [], [], 5,
     "TooFewReplicas"),
    ("scale-down pods 5", 10, 2, 1, 1000, d, gen(5, 60, 0, 0, 300), [], [], 5, "ScaleDownLimit"),
    ("scale-down percent 50 exact", 10, 5, 1, 1000, d, gen(0, 0, 50, 60, 300), [], [], 5,
     "DesiredWithinRange"),
    ("up events, max 200 (pods)", 100, 500, 1, 200, gen(300, 60, 0, 0, 0), d, [1, 5, 9], [], 200,
     "TooManyReplicas"),
    ("up events, max 200 (percent)", 100, 500, 1, 200, gen(0, 0, 10000, 60, 0), d, [1, 5, 9], [],
     200, "TooManyReplicas"),
    ("up events exhaust the policy", 100, 500, 1, 1000, gen(5, 120, 0, 0, 0), d, [1, 5, 9], [],
     100, "ScaleUpLimit"),
    ("up events, pods 150", 100, 500, 1, 1000, gen(150, 120, 0, 0, 0), d, [1, 5, 9], [], 235,
     "ScaleUpLimit"),
    ("up events, percent 200", 100, 500, 1, 1000, gen(0, 0, 200, 120, 0), d, [1, 5, 9], [], 255,
     "ScaleUpLimit"),
    ("up and down events", 6, 24, 1, 1000, gen(0, 0, 300, 300, 0), d, [4], [2], 16,
     "ScaleUpLimit"),
    ("down events, default rules", 10, 5, 1, 1000, d, d, [], [1, 5, 9], 5, "DesiredWithinRange"),
    ("down events, pods 115", 100, 0, 1, 1000, d, gen(115, 120, 0, 0, 300), [], [1, 5, 9], 1,
     "TooFewReplicas"),
    ("down events, pods 130, min 5", 100, 0, 5, 1000, d, gen(130, 120, 0, 0, 300), [], [1, 5, 9],
     5, "TooFewReplicas"),
    ("down events, percent 100, min 5", 100, 2, 5, 1000, d, gen(0, 0, 100, 120, 300), [],
     [1, 5, 9], 5, "TooFewReplicas"),
    ("down events exhaust the policy", 100, 2, 1, 1000, d, gen(5, 120, 0, 0, 300), [], [1, 5, 9],
     100, "ScaleDownLimit"),
    ("down events, percent 50", 100, 0, 1, 1000, d, gen(0, 0, 50, 120, 300), [], [2, 4, 6], 56,
     "ScaleDownLimit"),
    ("down after up", 10, 1, 1, 1000, d, gen(0, 0, 50, 180, 0), [2], [4], 6, "ScaleDownLimit"),
    ("down percent 10 clamps to current", 100, 0, 1, 1000, d, gen(0, 0, 10, 120, 300), [],
     [10, 10, 10], 100, "ScaleDownLimit"),
    ("down percent 1000 goes negative", 10, 5, 1, 1000, d, gen(0, 0, 1000, 120, 300), [],
     [10, 10, 10], 5, "DesiredWithinRange"),
    ("outdated up 1", 100, 200, 1, 1000, gen(1000, 60, 0, 0, 0), d, [8, 12, 9, 11], [], 200,
     "DesiredWithinRange"),
    ("outdated up 2", 100, 200, 1, 1000, gen(1000, 120, 100, 60, 0), d, [8, 12, 9, 11], [], 200,
     "DesiredWithinRange"),
    ("outdated up 3", 100, 200, 1, 1000, gen(1000, 30, 100, 60, 0), d, [8, 12, 9, 11], [], 200,
     "DesiredWithinRange"),
    ("outdated down 1", 100, 5, 1, 1000, d, gen(1000, 60, 0, 0, 300), [], [8, 12, 9, 11], 5,
     "DesiredWithinRange"),
    ("outdated down 2", 100, 5, 1, 1000, d, gen(1000, 120, 100, 60, 300), [], [8, 12, 9, 11], 5,
     "DesiredWithinRange"),
    ("outdated down 3", 100, 5, 1, 1000, d, gen(1000, 30, 100, 60, 300), [], [8, 12, 9, 11], 5,
     "DesiredWithinRange"),
]


@pytest.mark.parametrize("row", SCALING_WITH_RULES, ids=[r[0] for r in SCALING_WITH_RULES])
def test_scaling_with_rules(row) -> None:
    _, cur, desired, lo, hi, up, down, up_ev, down_ev, expected, reason = row
    arg = NormalizationArg("key", up or default_up(), down or default_down(), lo, hi, cur,
                           desired)
    got = convert_desired_replicas_with_behavior_rate(
        arg, uniform_events(up_ev, 120, NOW), uniform_events(down_ev, 120, NOW), NOW)
    assert got[:2] == (expected, reason)


def test_scaling_with_rules_has_42_rows() -> None:
    assert len(SCALING_WITH_RULES) == 42


# TestConvertDesiredReplicasWithRules (upstream runs with scaleUpLimitFactor = 8)
@pytest.mark.parametrize("cur,desired,lo,hi,expected,reason", [
    (5, 7, 3, 8, 7, "DesiredWithinRange"),
    (3, 1, 2, 8, 2, "TooFewReplicas"),
    (1, 0, 0, 10, 0, "DesiredWithinRange"),
    (20, 1000, 1, 10, 10, "TooManyReplicas"),
    (3, 1000, 1, 2000, 24, "ScaleUpLimit"),
])
def test_convert_desired_replicas_with_rules(cur, desired, lo, hi, expected, reason) -> None:
    assert convert_desired_replicas_with_rules(cur, desired, lo, hi, factor=8.0)[:2] == (
        expected, reason)


def test_production_scale_up_limit() -> None:
    assert [calculate_scale_up_limit(c) for c in (0, 1, 2, 3, 10)] == [4, 4, 4, 6, 20]
    assert convert_desired_replicas_with_rules(3, 1000, 1, 2000)[:2] == (6, "ScaleUpLimit")


def test_calculate_scale_up_limit_with_scaling_rules() -> None:
    r = rules([policy("Pods", 2, 60), policy("Percent", 50, 60)], "Min")
    assert calculate_scale_up_limit_with_scaling_rules(1, [], [], r, NOW) == 2


def test_calculate_scale_down_limit_with_behaviors() -> None:
    r = rules([policy("Pods", 2, 60), policy("Percent", 50, 60)], "Min")
    assert calculate_scale_down_limit_with_behaviors(5, [], [], r, NOW) == 3


def test_disabled_select_policy_returns_current() -> None:
    r = rules([policy("Pods", 2, 60)], "Disabled")
    assert calculate_scale_up_limit_with_scaling_rules(7, [], [], r, NOW) == 7
    assert calculate_scale_down_limit_with_behaviors(7, [], [], r, NOW) == 7


def recs(*pairs: tuple[int, float]) -> list[TimestampedRecommendation]:
    return [TimestampedRecommendation(v, NOW + age) for v, age in pairs]


# TestNormalizeDesiredReplicas: (recs, prenormalized, result, length after)
NORMALIZE = {
    "empty log": (recs(), 5, 5, 1),
    "stabilize": (recs((4, -2 * MIN), (5, -MIN)), 3, 5, 3),
    "no stabilize": (recs((1, -2 * MIN), (2, -MIN)), 3, 3, 3),
    "no stabilize - old recommendations": (recs((10, -10 * MIN), (9, -9 * MIN)), 3, 3, 2),
    "stabilize - old recommendations": (
        recs((10, -10 * MIN), (4, -MIN), (5, -2 * MIN), (9, -9 * MIN)), 3, 5, 4),
}


@pytest.mark.parametrize("name", list(NORMALIZE))
def test_normalize_desired_replicas(name: str) -> None:
    rs, pre, expected, length = NORMALIZE[name]
    assert stabilize_recommendation(rs, pre, NOW, 5 * MIN) == expected
    assert len(rs) == length
    assert any(r.recommendation == pre and r.timestamp == NOW for r in rs)


# TestNormalizeDesiredReplicasWithBehavior: recs, current, desired, up, down, result, stored
WITH_BEHAVIOR = {
    "empty recommendations for scaling down": (recs(), 100, 5, 0, 0, 5, [5]),
    "simple scale down stabilization": (recs((4, -2 * MIN), (5, -MIN)), 100, 3, 0, 180, 5,
                                        [4, 5, 3]),
    "simple scale up stabilization": (recs((4, -2 * MIN), (5, -MIN)), 1, 7, 300, 0, 4,
                                      [4, 5, 7]),
    "no scale down stabilization": (recs((1, -2 * MIN), (2, -MIN)), 100, 3, 300, 0, 3,
                                    [1, 2, 3]),
    "no scale up stabilization": (recs((4, -2 * MIN), (5, -MIN)), 1, 3, 0, 300, 3, [4, 5, 3]),
    "no scale down stabilization, reuse recommendation element": (
        recs((10, -10 * MIN), (9, -9 * MIN)), 100, 3, 0, 0, 3, [10, 3]),
    "no scale up stabilization, reuse recommendation element": (
        recs((10, -10 * MIN), (9, -9 * MIN)), 1, 100, 0, 0, 100, [10, 100]),
    "scale down stabilization, reuse one of obsolete recommendation element": (
        recs((10, -10 * MIN), (4, -MIN), (5, -2 * MIN), (9, -9 * MIN)), 100, 3, 0, 180, 5,
        [10, 4, 5, 3]),
    "scale up stabilization, reuse one of obsolete recommendation element": (
        recs((10, -100 * MIN), (6, -MIN), (5, -2 * MIN), (9, -3 * MIN)), 1, 100, 300, 0, 5,
        [100, 6, 5, 9]),
    "scale up and down stabilization, do not scale up when prenormalized rec goes down": (
        recs((2, -100 * MIN), (3, -3 * MIN)), 2, 1, 300, 300, 2, None),
    "scale up and down stabilization, do not scale down when prenormalized rec goes up": (
        recs((2, -100 * MIN), (1, -3 * MIN)), 2, 3, 300, 300, 2, None),
}


@pytest.mark.parametrize("name", list(WITH_BEHAVIOR))
def test_normalize_desired_replicas_with_behavior(name: str) -> None:
    rs, current, desired, up, down, expected, stored = WITH_BEHAVIOR[name]
    arg = NormalizationArg("key", rules([], stab=up), rules([], stab=down), 0, 1000, current,
                           desired)
    got, _, _ = stabilize_recommendation_with_behaviors(rs, arg, NOW)
    assert got == expected
    if stored is not None:
        assert [r.recommendation for r in rs] == stored


def events(*pairs: tuple[int, float]) -> list[TimestampedScaleEvent]:
    return [TimestampedScaleEvent(c, NOW - age) for c, age in pairs]


# TestStoreScaleEvents: previous, rules (None = no behavior), sum in 60 s, expected after
STORE = {
    "empty entries with default behavior": ([], None, 0, []),
    "empty entries with two-policy-behavior": ([], gen(10, 60, 100, 60, 0), 0, [(5, False)]),
    "one outdated entry to be kept untouched without behavior": (
        [(7, 61)], None, 0, [(7, False)]),
    "one outdated entry to be replaced with behavior": (
        [(7, 61)], gen(10, 60, 100, 60, 0), 0, [(5, False)]),
    "one actual entry to be not touched with behavior": (
        [(7, 58)], gen(10, 60, 100, 60, 0), 7, [(7, False), (5, False)]),
    "two entries, one of them to be replaced": (
        [(7, 61), (6, 59)], gen(10, 60, 0, 0, 0), 6, [(5, False), (6, False)]),
    "replace one entry, use policies with different periods": (
        [(8, 29), (6, 59), (7, 61), (9, 61)], gen(10, 60, 100, 30, 0), 14,
        [(8, False), (6, False), (7, True), (5, False)]),
    "two entries, both actual": (
        [(7, 58), (6, 59)], gen(10, 120, 100, 30, 0), 13, [(7, False), (6, False), (5, False)]),
}


@pytest.mark.parametrize("name", list(STORE))
def test_store_scale_events(name: str) -> None:
    prev, r, total, expected = STORE[name]
    from types import SimpleNamespace

    behavior = None if r is None else SimpleNamespace(scale_up=r, scale_down=r)
    for direction in ("up", "down"):
        up, down = events(*prev), events(*prev)
        mine = up if direction == "up" else down
        assert get_replicas_change_per_period(60, mine, NOW) == total
        store_scale_event(behavior, up, down, 10, 15 if direction == "up" else 5, NOW)
        assert [(e.replica_change, e.outdated) for e in mine] == expected

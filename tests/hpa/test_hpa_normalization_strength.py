"""normalization.py boundaries the mutation run showed untested (#17 item 7).

Expected values follow horizontal.go @ v1.36.0 as the reference describes it:
strict ``After``/``Before`` comparisons of timestamps, the reason chosen when two
limits are equal, Percent scale-down ``int32(periodStart * (1 - value/100))``.
"""

from __future__ import annotations

from hpa_testlib import NOW, policy, rules

from k8slearn.podautoscaler.normalization import (
    MSG_DOWN_STABILIZED,
    MSG_UP_STABILIZED,
    NormalizationArg,
    TimestampedRecommendation,
    TimestampedScaleEvent,
    calculate_scale_down_limit_with_behaviors,
    convert_desired_replicas_with_behavior_rate,
    convert_desired_replicas_with_rules,
    get_replicas_change_per_period,
    mark_scale_events_outdated,
    stabilize_recommendation_with_behaviors,
    store_scale_event,
)


def arg(current: int, desired: int, lo: int = 1, hi: int = 100, up=None, down=None,
        ) -> NormalizationArg:
    return NormalizationArg("ns/hpa", up or rules([policy("Pods", 4, 60)], stab=0),
                            down or rules([policy("Pods", 4, 60)], stab=300),
                            lo, hi, current, desired)


def test_percent_scale_down_of_100_percent_allows_zero():
    r = rules([policy("Percent", 100, 60)])
    assert calculate_scale_down_limit_with_behaviors(200, [], [], r, NOW) == 0


def test_no_behavior_path_uses_the_given_minimum():
    # upstream's tests set scaleUpLimitMinimum = 8: max(2 x 1, 8) = 8
    assert convert_desired_replicas_with_rules(1, 10, 1, 20, 2.0, 8.0)[:2] == (8, "ScaleUpLimit")


def test_no_behavior_max_equal_to_the_rate_limit_is_too_many_replicas():
    # limit max(2 x 2, 4) = 4 == maxReplicas: the reason is TooManyReplicas
    assert convert_desired_replicas_with_rules(2, 5, 1, 4)[:2] == (4, "TooManyReplicas")


def test_behavior_rate_equal_limits_pick_the_hpa_bound_reason():
    up = rules([policy("Pods", 2, 60)])
    # limit current + 2 = 5 == maxReplicas 5: TooManyReplicas
    assert convert_desired_replicas_with_behavior_rate(arg(3, 9, hi=5, up=up), [], [],
                                                       NOW)[:2] == (5, "TooManyReplicas")
    down = rules([policy("Pods", 2, 60)])
    # limit current - 2 = 3 == minReplicas 3: TooFewReplicas
    assert convert_desired_replicas_with_behavior_rate(arg(5, 1, lo=3, down=down), [], [],
                                                       NOW)[:2] == (3, "TooFewReplicas")


def test_behavior_rate_desired_equal_to_the_limit_is_within_range():
    up = rules([policy("Pods", 2, 60)])
    assert convert_desired_replicas_with_behavior_rate(arg(3, 5, up=up), [], [], NOW)[:2] == (
        5, "DesiredWithinRange")
    down = rules([policy("Pods", 2, 60)])
    assert convert_desired_replicas_with_behavior_rate(arg(5, 3, down=down), [], [],
                                                       NOW)[:2] == (3, "DesiredWithinRange")


def test_behavior_rate_desired_equal_to_current_is_left_alone():
    # neither branch runs, even outside [min, max]
    assert convert_desired_replicas_with_behavior_rate(arg(10, 10, hi=5), [], [], NOW)[:2] == (
        10, "DesiredWithinRange")
    assert convert_desired_replicas_with_behavior_rate(arg(1, 1, lo=3), [], [], NOW)[:2] == (
        1, "DesiredWithinRange")


def test_change_per_period_excludes_an_event_exactly_at_the_cutoff():
    events = [TimestampedScaleEvent(3, NOW - 60), TimestampedScaleEvent(2, NOW - 59)]
    assert get_replicas_change_per_period(60, events, NOW) == 2  # After(cutoff) is strict


def test_events_exactly_at_the_cutoff_are_not_outdated():
    events = [TimestampedScaleEvent(1, NOW - 60), TimestampedScaleEvent(1, NOW - 61)]
    mark_scale_events_outdated(events, 60, NOW)
    assert [e.outdated for e in events] == [False, True]


def test_stabilization_windows_are_strict_at_their_cutoffs():
    recs = [TimestampedRecommendation(9, NOW - 300)]  # exactly at the down cutoff
    # the 9 is not inside the window (After is strict), so the clamp is [4, 4], not [4, 9]
    assert stabilize_recommendation_with_behaviors(recs, arg(5, 4), NOW)[0] == 4
    # an entry older than both cutoffs is overwritten; one exactly at a cutoff is kept
    recs = [TimestampedRecommendation(9, NOW - 300), TimestampedRecommendation(7, NOW - 301)]
    stabilize_recommendation_with_behaviors(recs, arg(5, 4), NOW)
    assert [(r.recommendation, r.timestamp) for r in recs] == [(9, NOW - 300), (4, NOW)]
    up = rules([policy("Pods", 4, 60)], stab=60)
    recs = [TimestampedRecommendation(2, NOW - 60), TimestampedRecommendation(2, NOW - 400)]
    stabilize_recommendation_with_behaviors(recs, arg(5, 6, up=up), NOW)
    assert [(r.recommendation, r.timestamp) for r in recs] == [(2, NOW - 60), (6, NOW)]


def test_stabilized_reasons():
    assert stabilize_recommendation_with_behaviors([], arg(5, 5), NOW) == (
        5, "ScaleUpStabilized", MSG_UP_STABILIZED)  # desired >= current counts as up
    assert stabilize_recommendation_with_behaviors([], arg(5, 4), NOW) == (
        4, "ScaleDownStabilized", MSG_DOWN_STABILIZED)


def test_store_scale_event_without_change_goes_to_the_down_events():
    behavior = type("B", (), {"scale_up": rules([policy("Pods", 4, 60)]),
                              "scale_down": rules([policy("Pods", 4, 60)])})()
    up: list = []
    down: list = []
    store_scale_event(behavior, up, down, 3, 3, NOW)
    assert up == [] and down == [TimestampedScaleEvent(0, NOW, False)]
    store_scale_event(behavior, up, down, 3, 5, NOW + 1)
    assert up == [TimestampedScaleEvent(2, NOW + 1, False)]


def test_store_scale_event_with_no_policies_outdates_everything_older_than_now():
    behavior = type("B", (), {"scale_up": rules([]), "scale_down": rules([])})()
    up = [TimestampedScaleEvent(1, NOW - 0.5)]
    store_scale_event(behavior, up, [], 1, 2, NOW)
    assert up == [TimestampedScaleEvent(1, NOW, False)]  # the outdated slot was reused

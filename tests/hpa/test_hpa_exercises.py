"""The HPA exercises' expected answers agree with k8slearn.podautoscaler."""

from __future__ import annotations

import math

from k8slearn.exercises import check
from k8slearn.podautoscaler.normalization import (
    NormalizationArg,
    TimestampedRecommendation,
    TimestampedScaleEvent,
    calculate_scale_up_limit_with_scaling_rules,
    convert_desired_replicas_with_behavior_rate,
    stabilize_recommendation,
)
from k8slearn.podautoscaler.workbench import NOW, make_hpa, make_rules, resource_scenario


def test_notebook_30_answers() -> None:
    assert check("hpa.naive_formula", math.ceil(6 * 87 / 50)).correct
    s = resource_scenario([{"name": n, "usage": 550, "request": 1000} for n in "abc"], 50)
    assert check("hpa.tolerance_edge", s.replicas).correct
    s = resource_scenario([{"name": "a", "usage": 100}, {"name": "b", "usage": 100},
                           {"name": "c", "usage": 100}, {"name": "d", "usage": None}], 50)
    assert check("hpa.missing_scale_down", s.replicas).correct
    s = resource_scenario([{"name": "a", "usage": 100}, {"name": "p", "usage": None,
                                                         "phase": "Pending"}], 50)
    assert check("hpa.pending_group", s.groups["p"][0]).correct


def test_notebook_31_answers() -> None:
    recs = [TimestampedRecommendation(9, NOW - 360), TimestampedRecommendation(7, NOW - 240),
            TimestampedRecommendation(5, NOW - 120)]
    assert check("hpa.stabilized", stabilize_recommendation(recs, 4, NOW, 300)).correct
    up = make_hpa(behavior=make_behavior()).spec.behavior.scale_up
    limit = calculate_scale_up_limit_with_scaling_rules(10, [], [], up, NOW)
    assert check("hpa.default_scale_up_limit", min(limit, 50)).correct
    down = make_rules([("Percent", 10, 60)], window=0, select="Max")
    arg = NormalizationArg("k", up, down, 1, 1000, 100, 1)
    got, _, _ = convert_desired_replicas_with_behavior_rate(
        arg, [], [TimestampedScaleEvent(20, NOW - 30)], NOW)
    assert check("hpa.percent_down_frozen", got).correct


def make_behavior():
    from k8slearn.api.autoscaling import HorizontalPodAutoscalerBehavior

    return HorizontalPodAutoscalerBehavior()

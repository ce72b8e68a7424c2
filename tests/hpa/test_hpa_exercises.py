"""The HPA predict exercises' answers agree with k8slearn.podautoscaler, computed here by a
second route (the controller's own functions on the same inputs)."""

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
    assert check("hpa.naive_formula", math.ceil(8 * 72 / 60)).correct
    from k8slearn.api.autoscaling import HorizontalPodAutoscalerBehavior
    from k8slearn.podautoscaler.horizontal import HorizontalController
    from k8slearn.podautoscaler.metrics import InMemoryMetricsClient
    from k8slearn.podautoscaler.pods import InMemoryPodLister
    from k8slearn.podautoscaler.scale import InMemoryScaleClient

    hpa = make_hpa(target=40, behavior=HorizontalPodAutoscalerBehavior(
        scale_down=make_rules(tolerance="700m"), scale_up=make_rules()))
    tol = HorizontalController(InMemoryScaleClient([]), InMemoryMetricsClient(),
                               InMemoryPodLister()).tolerances_for_hpa(hpa)
    s = resource_scenario([{"name": n, "usage": 120, "request": 1000} for n in "abcd"], 40,
                          tolerances=tol)
    assert check("hpa.tolerance_edge", s.replicas).correct
    s = resource_scenario([{"name": n, "usage": 150, "request": 500} for n in "abcd"]
                          + [{"name": "e", "usage": None, "request": 500}], 60)
    assert check("hpa.missing_scale_down", s.replicas).correct
    # 30.4: started 20 min ago, Ready turned False 2 min ago, a CPU sample: still counted
    s = resource_scenario([{"name": "a", "usage": 100},
                           {"name": "p", "usage": 100, "age": 1200, "ready": False,
                            "ready_after": 1080}], 50)
    assert check("hpa.cpu_pod_group", s.groups["p"][0]).correct
    # the same pod, but it turned unready 20 s after starting: it has never been ready
    s = resource_scenario([{"name": "a", "usage": 100},
                           {"name": "p", "usage": 100, "age": 1200, "ready": False,
                            "ready_after": 20}], 50)
    assert not check("hpa.cpu_pod_group", s.groups["p"][0]).correct


def test_notebook_31_answers() -> None:
    recs = [TimestampedRecommendation(8, NOW - 420), TimestampedRecommendation(6, NOW - 180),
            TimestampedRecommendation(3, NOW - 60)]
    assert check("hpa.stabilized", stabilize_recommendation(recs, 2, NOW, 300)).correct
    up = make_hpa(behavior=make_behavior()).spec.behavior.scale_up
    limit = calculate_scale_up_limit_with_scaling_rules(6, [], [], up, NOW)
    assert check("hpa.default_scale_up_limit", min(limit, 50, 40)).correct
    down = make_rules([("Percent", 20, 60)], window=0, select="Max")
    arg = NormalizationArg("k", up, down, 1, 1000, 50, 10)
    got, _, _ = convert_desired_replicas_with_behavior_rate(
        arg, [], [TimestampedScaleEvent(5, NOW - 30)], NOW)
    assert check("hpa.percent_down", got).correct


def make_behavior():
    from k8slearn.api.autoscaling import HorizontalPodAutoscalerBehavior

    return HorizontalPodAutoscalerBehavior()

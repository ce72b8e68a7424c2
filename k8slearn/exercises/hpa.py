"""Checked exercises for the HPA notebooks (30 and 31).

Predict exercises compute their answer by running ``k8slearn.podautoscaler``
on the exercise's inputs (the helpers below hold the inputs); debug exercises
compare hashes of accepted names.  Build exercises run the learner's code on
cases ported from upstream's ``replica_calculator_test.go`` and
``horizontal_test.go``.  Wrong answers get a hint that points at the rule.

Upstream: none (course tooling)
"""

from __future__ import annotations

import math
from typing import Any

from k8slearn.exercises import Case, build_exercise, exercise, hashed, name_key, whole_number

__all__ = [
    "check_naive_formula", "check_tolerance_edge", "check_missing_scale_down",
    "check_cpu_pod_group", "check_rebalance", "check_failed_get_resource_metric",
    "check_stabilized", "check_default_scale_up_limit", "check_percent_down",
    "check_stabilize_with_behaviors", "check_scale_down_stabilized",
]

NB30, NB31 = "30_hpa_replica_calculator", "31_hpa_controller"
_MIN = 60.0

# the debug exercises' explanations, sealed so that reading this file does not give them away
_REVEAL_30_6 = (
    "eNptzMFqAkEQhOFXqaMBXQhCDhFykeQsQh6gmS7cgXF609Nj8O11QxYvnhp+ur4kJfUiwSN/Ols0bD6QlngwXfqX23"
    "lvNSRXesPq8jps33ZPX5ErrCgdzkJpbC8DPi/0K5L1GtT7/ZfWaFmZxOdVKl2pa1RSGwT7w/ed+EPfIaqwSoSh2GnT"
    "xjxN894cIX5iIEZCpumB4zfHODtLOLJZ90ScGZ7TcAOLu1zn"
)
_REVEAL_31_5 = (
    "eNpVjjFPAzEMhf/KG1upiVhggAmJgRGpSMxu47tYzcWnxOWk/np82disZ/v73oUz/Yq22K9U+EO3GrvRRYo8yETr"
    "j9Sk25mvWlPHIfFE92KvsMzwzJqWwg1ToRkhZG3y8JRKWDUFupsObgsOqWMM//AnPC/HiG+nfX6948a89sHOMmfu"
    "hubmZeGaxjl08i0ZtlHrDZ0NYii6eYkDxzni5ekIUwwZdi26auV2gv/t6Cb9toO887pKneMfb+RebQ=="
)


def _int(answer: Any) -> int:
    return whole_number(answer, "a whole number of replicas")


# ------------------------------------------------------------ notebook 30: the model runs
def _naive() -> int:
    current, pct, target = 8, 72, 60
    return math.ceil(current * pct / target)


def _tolerance_scenario(exact: bool = False) -> int:
    from k8slearn.api.resource import Quantity
    from k8slearn.podautoscaler.quantity import approximate_float64
    from k8slearn.podautoscaler.replica_calculator import Tolerances
    from k8slearn.podautoscaler.workbench import resource_scenario

    down = 0.7 if exact else approximate_float64(Quantity("700m"))
    pods = [{"name": f"q{i}", "request": 1000, "usage": 120} for i in range(4)]
    return resource_scenario(pods, 40, tolerances=Tolerances(down, 0.1)).replicas


def _missing_scenario() -> int:
    from k8slearn.podautoscaler.workbench import resource_scenario

    pods = [{"name": f"m{i}", "request": 500, "usage": 150} for i in range(4)]
    pods.append({"name": "m4", "request": 500, "usage": None})
    return resource_scenario(pods, 60, current=5).replicas


def _cpu_pod_group() -> str:
    """30.4: started 20 min ago, Ready turned False 2 min ago, still has a CPU sample."""
    from k8slearn.podautoscaler.metrics import PodMetric
    from k8slearn.podautoscaler.pod_grouping import classify_pods
    from k8slearn.podautoscaler.workbench import NOW, _pod

    pod = _pod({"name": "api", "age": 1200.0, "ready": False, "ready_after": 1080.0}, NOW)
    sample = {"api": PodMetric(timestamp=NOW, window=30.0, value=150)}
    return classify_pods([pod], sample, "cpu", 300.0, 30.0, NOW)["api"][0]


@exercise("hpa.naive_formula",
          "8 replicas; the trusted pods run at 72% of their request; target 60%. What does the "
          "textbook formula ceil(current * current% / target%) give?",
          kind="predict", notebook=NB30, number="30.1",
          inputs=("8 replicas", "72% of their request", "target 60%"),
          reveal=lambda: f"ceil(8 x 72 / 60) = ceil(9.6) = {_naive()}.")
def check_naive_formula(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == _naive():
        return True, "ceil(8 x 1.2) = ceil(9.6); the controller would first group the pods."
    if n == 9:
        return False, "the formula rounds up (ceil), it never truncates."
    return False, "multiply the current replicas by 72/60 and round up."


@exercise("hpa.tolerance_edge",
          "4 Ready pods at 12% of their 1000m request, target 40% (ratio 0.3), "
          "behavior.scaleDown.tolerance 700m. How many replicas does v1.36 propose?",
          kind="predict", notebook=NB30, number="30.2",
          inputs=("tolerance 700m", "12% of their 1000m request", "target 40%"),
          reveal=lambda: ("700m becomes 700 x Pow10(-3) = 0.7000000000000001 in Go, so 1 - "
                          "0.7000000000000001 = 0.29999999999999993 <= 0.3: within the "
                          f"tolerance, the count stays {_tolerance_scenario()}; with an exact "
                          f"0.7 the answer would be {_tolerance_scenario(exact=True)}."))
def check_tolerance_edge(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == _tolerance_scenario():
        return True, ("AsApproximateFloat64 turns 700m into 0.7000000000000001, so the lower "
                      "edge is just below 0.3 and the ratio is inside the inclusive interval.")
    if n == _tolerance_scenario(exact=True):
        return False, ("that is what exact arithmetic gives. Go converts the quantity with "
                       "float64(700) * math.Pow10(-3): look at the last digit.")
    return False, "first decide whether 0.3 is inside [1 - 0.7, 1 + 0.1] in float64."


@exercise("hpa.missing_scale_down",
          "5 replicas, each requesting 500m; target 60%. Four pods report 150m, the fifth "
          "has no sample yet. How many replicas does get_resource_replicas propose?",
          kind="predict", notebook=NB30, number="30.3",
          inputs=("each requesting 500m", "Four pods report 150m", "target 60%"),
          reveal=lambda: ("600m / 2000m = 30% -> ratio 0.5 (scale-down), so the missing pod "
                          "counts at 100% of its request: 1100m / 2500m = 44% -> 0.733 x 5 "
                          f"samples -> {_missing_scenario()}."))
def check_missing_scale_down(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == _missing_scenario():
        return True, ("30% -> 0.5, scale-down: the missing pod is assumed at its whole request, "
                      "44% -> 0.733 x 5 pods, rounded up.")
    if n == 3:
        return False, ("that ignores the missing pod (ceil(0.5 x 4) would be 2, or 0.5 x 5 "
                       "gives 3). On a scale-down a missing pod is assumed to use its request.")
    return False, "compute the first ratio, decide the direction, then refill the missing pod."


@exercise("hpa.cpu_pod_group",
          "A Running pod started 20 minutes ago and was Ready; 2 minutes ago its readiness "
          "probe began failing (Ready False since then). metrics-server still has a CPU "
          "sample for it. 'ready', 'unready', 'missing' or 'ignored' for the CPU calculation?",
          kind="predict", notebook=NB30, number="30.4",
          inputs=("started 20 minutes ago", "2 minutes ago its readiness probe"),
          reveal=lambda: (f"{_cpu_pod_group()}: the pod is past the 5-minute CPU "
                          "initialization period, so rule 4 distrusts it only if its Ready "
                          "status is False AND turned so within 30 s of starting (it has never "
                          "been ready). It turned unready 18 minutes after starting, so its "
                          "sample counts, even though the pod is not Ready."))
def check_cpu_pod_group(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, str):
        raise TypeError("answer with one of the group names, as a string")
    a = name_key(answer)
    if a == name_key(_cpu_pod_group()):
        return True, ("past the initialization period a not-Ready pod is distrusted only if it "
                      "has never been ready; this one was, so its sample counts.")
    if a == "unready":
        return False, ("the pod is older than the 5-minute CPU initialization period. After it, "
                       "rule 4 needs a second condition besides Ready False: look at the 30 s "
                       "readiness delay.")
    if a == "missing":
        return False, "a pod is missing only when it has no sample; this one has one."
    if a == "ignored":
        return False, "only deleted pods and pods in phase Failed are ignored."
    return False, "answer with 'ready', 'unready', 'missing' or 'ignored'."


# --------------------------------------------------------- 30.5 build: the rebalancing step
def _rebalance_case(name: str, current: int, target: int, samples: dict[str, int],
                    requests: dict[str, int], unready: set[str], missing: set[str],
                    expected: int, hint: str) -> Case:
    given = (f"current={current}, target={target}%, samples={samples}, requests={requests}, "
             f"unready={sorted(unready)}, missing={sorted(missing)}")
    return Case(name, given,
                lambda f: f(current, target, dict(samples), dict(requests), set(unready),
                            set(missing)),
                expected, hint)


def _k(n: int) -> dict[str, int]:
    return {f"p{i}": 1000 for i in range(n)}


@build_exercise(
    "hpa.build_rebalance",
    "Write replicas(current, target, samples, requests, unready, missing) -> int: the end of "
    "GetResourceReplicas after grouping. samples holds the ready pods' usage (millicores), "
    "requests every pod's request, target is a percent, tolerance 0.1 both ways.",
    notebook=NB30, number="30.5",
    reveal=lambda: ("ratio = (sum(samples) * 100 // sum of their requests) / target. If no "
                    "pod is missing and not (unready and ratio > 1): within [0.9, 1.1] keep "
                    "current, else ceil(ratio x len(samples)). Otherwise refill: missing pods "
                    "at their request x max(100, target) / 100 on a scale-down, at 0 on a "
                    "scale-up (not at all when ratio == 1); unready pods at 0 only on a "
                    "scale-up. Recompute; keep current if within tolerance or the direction "
                    "flipped; n = ceil(new x number of entries); keep current if n moves "
                    "against the ratio; else n."))
def check_rebalance() -> list[Case]:
    return [
        _rebalance_case("TestReplicaCalcScaleUp (fast path)", 3, 30,
                        {"p0": 300, "p1": 500, "p2": 700}, _k(3), set(), set(), 5,
                        "no unready or missing pods: ceil(ratio x ready pods)"),
        _rebalance_case("TestReplicaCalcScaleUpUnreadyLessScale", 3, 30,
                        {"p1": 500, "p2": 700}, _k(3), {"p0"}, set(), 4,
                        "on a scale-up an unready pod counts as 0 in the second ratio"),
        _rebalance_case("TestReplicaCalcMissingMetrics", 4, 100, {"p0": 400, "p1": 95},
                        _k(4), set(), {"p2", "p3"}, 3,
                        "scale-down: a missing pod is assumed to use its whole request"),
        _rebalance_case("TestReplicaCalcMissingMetricsNoChangeEq", 2, 100, {"p0": 1000},
                        _k(2), set(), {"p1"}, 2,
                        "ratio exactly 1.0: missing pods are not refilled at all"),
        _rebalance_case("TestReplicaCalcMissingMetricsNoChangeGt", 2, 100, {"p0": 1900},
                        _k(2), set(), {"p1"}, 2,
                        "refilling at 0 turned 1.9 into 0.95: the direction flipped, keep"),
        _rebalance_case("TestReplicaCalcMissingMetricsUnreadyScaleUp", 3, 50, {"p1": 2000},
                        _k(3), {"p0"}, {"p2"}, 4,
                        "scale-up: missing and unready pods both count as 0"),
        _rebalance_case("TestReplicaCalcMissingMetricsUnreadyScaleDown", 4, 50,
                        {"p1": 100, "p2": 100}, _k(4), {"p0"}, {"p3"}, 3,
                        "scale-down: unready pods stay out; only the missing pod is refilled"),
        _rebalance_case("TestReplicaCalcMissingMetricsScaleDownTargetOver100", 4, 300,
                        {"p1": 100, "p2": 100}, {"p0": 1000, "p1": 1000, "p2": 2000,
                                                 "p3": 2000}, {"p0"}, {"p3"}, 2,
                        "a target above 100% refills a missing pod at target% of its request"),
        _rebalance_case("TestReplicaCalcDuringRollingUpdateWithMaxSurge", 2, 50,
                        {"p0": 100, "p1": 100}, _k(3), set(), {"p2"}, 2,
                        "ceil(0.8 x 3) = 3 > current while the ratio is below 1: keep current"),
    ]


@exercise("hpa.failed_get_resource_metric",
          "kubectl describe hpa shows ScalingActive False FailedGetResourceMetric: ... missing "
          "request for cpu in container log-shipper of Pod web-...: which function of "
          "replica_calculator.go raised it?",
          kind="debug", notebook=NB30, number="30.6",
          reveal=_REVEAL_30_6)
def check_failed_get_resource_metric(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, str):
        raise TypeError("answer with a function name, as a string")
    if hashed(answer, "9ea23737615b1e88906679885accb83553bf3f3d05f2b6170fe55455c8c9e4d2",
              "8517db6ef967a7027003ceeb2f6eb002a08bbb739fbddd8b8c2f06a6d03f1e01",
              "ce92b118b95d775969474119bd45cfaaecf449c35514016f68bc3339b113eca8"):
        return True, ("it adds up the requests of every counted container, sidecars (init "
                      "containers with restartPolicy Always) included; the fix is a CPU "
                      "request on log-shipper (or a ContainerResource metric on the app).")
    if name_key(answer) in ("grouppods", "getresourcereplicas"):
        return False, "close: GetResourceReplicas calls the function that builds the requests."
    return False, "the message names a container and a request: which helper adds requests up?"


# ------------------------------------------------------------ notebook 31: the model runs
def _stabilized() -> int:
    from k8slearn.podautoscaler.normalization import (
        TimestampedRecommendation,
        stabilize_recommendation,
    )

    recs = [TimestampedRecommendation(8, -7 * _MIN), TimestampedRecommendation(6, -3 * _MIN),
            TimestampedRecommendation(3, -1 * _MIN)]
    return stabilize_recommendation(recs, 2, 0.0, 5 * _MIN)


def _default_up() -> int:
    from k8slearn.api.autoscaling_defaults import generate_hpa_scale_up_rules
    from k8slearn.podautoscaler.normalization import calculate_scale_up_limit_with_scaling_rules

    limit = calculate_scale_up_limit_with_scaling_rules(
        6, [], [], generate_hpa_scale_up_rules(None), 0.0)
    return min(40, limit, 50)


def _percent_down() -> int:
    from k8slearn.podautoscaler.normalization import (
        TimestampedScaleEvent,
        calculate_scale_down_limit_with_behaviors,
    )
    from k8slearn.podautoscaler.workbench import make_rules

    rules = make_rules([("Percent", 20, 60)], window=0)
    floor = calculate_scale_down_limit_with_behaviors(
        50, [], [TimestampedScaleEvent(5, -30.0)], rules, 0.0)
    return max(10, 1, min(floor, 50))


@exercise("hpa.stabilized",
          "No behavior, 5-minute window. Recorded recommendations: 8 (7 min ago), 6 (3 min "
          "ago), 3 (1 min ago). The metrics now say 2. What does stabilizeRecommendation return?",
          kind="predict", notebook=NB31, number="31.1",
          inputs=("8 (7 min ago)", "6 (3 min ago)", "3 (1 min ago)"),
          reveal=lambda: (f"max(2, 6, 3) = {_stabilized()}; the 8 is older than the window "
                          "(its slot gets reused)."))
def check_stabilized(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == _stabilized():
        return True, "the max over the window and the new value; the 8 has expired."
    if n == 8:
        return False, "the 8 was recorded 7 minutes ago: is it inside the 5-minute window?"
    if n == 2:
        return False, "scale-down is stabilized: the highest recent recommendation wins."
    return False, "take the max over the recommendations inside the window and the new one."


@exercise("hpa.default_scale_up_limit",
          "behavior: {} (defaults), current 6, the metrics want 40, no recent scale events, "
          "maxReplicas 50. How many replicas after this reconcile?",
          kind="predict", notebook=NB31, number="31.2",
          inputs=("current 6, the metrics want 40", "maxReplicas 50"),
          reveal=lambda: (f"max(Pods: 6 + 4, Percent: 6 x 2) = {_default_up()} "
                          "(selectPolicy Max)."))
def check_default_scale_up_limit(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == _default_up():
        return True, "selectPolicy Max: the larger of +4 pods and +100% per 15 s."
    if n == 10:
        return False, "selectPolicy Max picks the policy that allows the *biggest* change."
    if n == 40:
        return False, "the default scale-up policies allow +4 pods or +100% per 15 s."
    return False, "apply both default scale-up policies and keep the larger limit."


@exercise("hpa.percent_down",
          "scaleDown: Percent 20 per 60 s, window 0. Current 50; the HPA removed 5 pods 30 s "
          "ago; the metrics want 10, minReplicas 1. How many replicas now?",
          kind="predict", notebook=NB31, number="31.3",
          inputs=("Percent 20 per 60 s", "Current 50", "removed 5 pods 30 s ago"),
          reveal=lambda: ("periodStart = 50 + 5 = 55; the floor is int(55 x 0.8) = "
                          f"{_percent_down()}, below current, so the HPA goes there."))
def check_percent_down(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == _percent_down():
        return True, "20% of the count at the start of the period (55), truncated."
    if n == 40:
        return False, ("the 20% is taken from the count at the start of the period "
                       "(current + pods removed in it), not from the current count.")
    if n == 10:
        return False, "the policy limits how far one period may go down."
    return False, "start from periodStart = current + removed in the period, then apply 20%."


# ------------------------------------------------ 31.4 build: the stabilization window
def _stab_case(name: str, recs: list[tuple[int, float]], current: int, desired: int,
               up: int, down: int, expected: int, stored: list[int] | None,
               hint: str) -> Case:
    given = (f"recs={[(v, f'{int(t // _MIN)}m') for v, t in recs]} (value, age), "
             f"current={current}, desired={desired}, up_window={up}s, down_window={down}s")

    def run(f: Any) -> Any:
        rs = [[v, t] for v, t in recs]
        got = f(rs, current, desired, up, down, 0.0)
        return got if stored is None else (got, [r[0] for r in rs])

    return Case(name, given, run, expected if stored is None else (expected, stored), hint)


@build_exercise(
    "hpa.build_stabilize",
    "Write stabilize(recs, current, desired, up_window, down_window, now) -> int: "
    "stabilizeRecommendationWithBehaviors. recs is a list of [value, timestamp] pairs you "
    "update in place (reuse the slot of an entry older than both windows, else append).",
    notebook=NB31, number="31.4",
    reveal=lambda: ("up = min(desired, entries newer than now - up_window); down = max(desired, "
                    "entries newer than now - down_window); result = current, raised to up, "
                    "lowered to down. An entry older than both cutoffs is reusable (the last "
                    "one found): overwrite it with [desired, now], else append."))
def check_stabilize_with_behaviors() -> list[Case]:
    m = _MIN
    return [
        _stab_case("empty recommendations for scaling down", [], 100, 5, 0, 0, 5, [5],
                   "no history: the desired count passes through and is recorded"),
        _stab_case("simple scale down stabilization", [(4, -2 * m), (5, -m)], 100, 3, 0, 180,
                   5, [4, 5, 3], "down window: the highest recent recommendation caps the drop"),
        _stab_case("simple scale up stabilization", [(4, -2 * m), (5, -m)], 1, 7, 300, 0, 4,
                   [4, 5, 7], "up window: the lowest recent recommendation caps the rise"),
        _stab_case("no scale down stabilization", [(1, -2 * m), (2, -m)], 100, 3, 300, 0, 3,
                   [1, 2, 3], "a down window of 0 holds nothing"),
        _stab_case("no scale down stabilization, reuse recommendation element",
                   [(10, -10 * m), (9, -9 * m)], 100, 3, 0, 0, 3, [10, 3],
                   "reuse the LAST entry older than both windows; do not append"),
        _stab_case("scale down stabilization, reuse one of obsolete recommendation element",
                   [(10, -10 * m), (4, -m), (5, -2 * m), (9, -9 * m)], 100, 3, 0, 180, 5,
                   [10, 4, 5, 3], "only one slot is reused per call, the last obsolete one"),
        _stab_case("scale up and down stabilization, do not scale up when prenormalized rec "
                   "goes down", [(2, -100 * m), (3, -3 * m)], 2, 1, 300, 300, 2, None,
                   "start from current: with both windows holding, neither direction moves"),
    ]


@exercise("hpa.scale_down_stabilized",
          "kubectl describe hpa: cpu at 12% of a 50% target, 6 current / 6 desired, "
          "AbleToScale True ScaleDownStabilized. Which field of the HPA sets how long this "
          "lasts (and lets it scale down sooner)?",
          kind="debug", notebook=NB31, number="31.5",
          reveal=_REVEAL_31_5)
def check_scale_down_stabilized(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, str):
        raise TypeError("answer with a field (or flag) name, as a string")
    if hashed(answer, "4c05b4f5b8ef26ea4c96f11ba2df197938924d7cd92be7492de158903d393438",
              "3bc4977970e72560a835e8028ac3079f0201ea28d3819a9595ce5265430b84a1",
              "f5b29012c0a108d8dcbd4955b040668dccef291457248516118236d120913244",
              "052090767940f6a89fbc8f674421a451c9e5ce1aa425e7642d5318b617fd3f17"):
        return True, ("the scale-down window: the HPA applies the highest recommendation of "
                      "the last stabilizationWindowSeconds (300 by default).")
    k = name_key(answer)
    if "tolerance" in k:
        return False, "the tolerance decides whether to act at all; the condition says " \
                      "the recommendation was held by recent higher ones."
    if "policies" in k or "periodseconds" in k:
        return False, "a policy would show ScalingLimited True ScaleDownLimit instead."
    return False, "ScaleDownStabilized comes from stabilization: which window does it use?"

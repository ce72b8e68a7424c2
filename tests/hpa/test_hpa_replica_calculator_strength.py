"""Replica calculator paths the ported table left untested (#17 item 2).

The mutation run showed that deleting the AverageValue fetch, the Pods-metric
rebalancing, the direction-flip guard or the removal of ignored/unready samples
passed the whole suite.  Expected values follow upstream's algorithm as the
reference describes it (replica_calculator.go @ v1.36.0: GetRawResourceReplicas,
calcPlainMetricReplicas, the rebalance guards) and the harness conventions of
replica_calculator_test.go: two containers per pod, each requesting ``req`` and
reporting ``level``, so a pod's request and usage are doubled; CPU init period
2 min, readiness delay 10 s; tolerance 0.1.  Custom-metric values are milli.
"""

from __future__ import annotations

import pytest
from hpa_testlib import LABELS, NOW, custom_value, levels, pod, pod_metrics
from hpa_testlib import container as mk_container

from k8slearn.clock import FakeClock
from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.metrics import InMemoryMetricsClient
from k8slearn.podautoscaler.pods import GO_ZERO_TIME, InMemoryPodLister
from k8slearn.podautoscaler.replica_calculator import ReplicaCalculator, Tolerances

NS_ = "test-namespace"
TOL = Tolerances(0.1, 0.1)
HOT, COOL = NOW, NOW - 180.0
R, P, FAILED = "Running", "Pending", "Failed"


def pods_(n: int, *, req=None, phase=None, ready=None, start=None) -> list:
    out = []
    for i in range(n):
        r = (req or [1000] * n)[i]
        out.append(pod(f"test-pod-{i}", phase=(phase or [R] * n)[i],
                       ready="True" if (ready or [True] * n)[i] else "False",
                       start_time=(start or [GO_ZERO_TIME] * n)[i],
                       containers=[mk_container("container1", r),
                                   mk_container("container2", r)]))
    return out


def calc(pods: list, res=(), custom=()) -> ReplicaCalculator:
    client = InMemoryMetricsClient(list(res), list(custom), [])
    return ReplicaCalculator(client, InMemoryPodLister(pods), 120.0, 10.0, FakeClock(NOW))


def res_metrics(lv: list[list[int]], names: list[str] | None = None) -> list:
    return [pod_metrics(names[i] if names else f"test-pod-{i}", x) for i, x in enumerate(lv)]


def qps(values: dict[int, int]) -> list:
    """Pods-metric samples by pod index (absent index: no sample)."""
    return [custom_value("Pod", f"test-pod-{i}", "qps", v) for i, v in values.items()]


def raw(c: ReplicaCalculator, cur: int, target: int, tol: Tolerances = TOL):
    r = c.get_raw_resource_replicas(cur, target, "cpu", tol, NS_, dict(LABELS))
    return r.replicas, r.usage


def pods_metric(c: ReplicaCalculator, cur: int, target: int, tol: Tolerances = TOL):
    r = c.get_metric_replicas(cur, target, "qps", tol, NS_, dict(LABELS), None)
    return r.replicas, r.usage


def util(c: ReplicaCalculator, cur: int, target: int):
    r = c.get_resource_replicas(cur, target, "cpu", TOL, NS_, dict(LABELS))
    return r.replicas, r.utilization, r.raw_utilization


# ------------------------------------------------ Resource metric, AverageValue target
def test_average_value_scale_up():
    # pod usage 600, 1000, 1400 milli; average 1000 vs 500 -> 2.0 -> ceil(2.0 x 3)
    c = calc(pods_(3), res=res_metrics(levels(300, 500, 700)))
    assert raw(c, 3, 500) == (6, 1000)


def test_average_value_scale_down_and_tolerance():
    c = calc(pods_(5), res=res_metrics(levels(100, 300, 500, 250, 250)))
    assert raw(c, 5, 1000) == (3, 560)  # 560 / 1000 -> ceil(0.56 x 5)
    c = calc(pods_(3), res=res_metrics(levels(505, 510, 515)))
    assert raw(c, 3, 1000) == (3, 1020)  # 1.02: within tolerance


def test_average_value_applies_cpu_readiness_rules():
    """The resource name is passed through: a hot pod is unready, zero-filled on scale-up."""
    c = calc(pods_(3, start=[HOT, COOL, COOL]), res=res_metrics(levels(300, 500, 700)))
    # ready average (1000 + 1400) / 2 = 1200 -> 2.4; refill pod 0 at 0 -> 800 -> 1.6 -> 5
    assert raw(c, 3, 500) == (5, 1200)
    # as a Pods metric the same samples ignore CPU readiness: average 1000 -> 6
    c = calc(pods_(3, start=[HOT, COOL, COOL]), custom=qps({0: 600, 1: 1000, 2: 1400}))
    assert pods_metric(c, 3, 500) == (6, 1000)


def test_average_value_missing_pod_counts_as_the_target_on_scale_down():
    c = calc(pods_(4), res=res_metrics(levels(50, 50, 50)))
    # 100 vs 200 -> 0.5; the missing pod at the target: (300 + 200) / 4 = 125 -> 0.625 -> 3
    assert raw(c, 4, 200) == (3, 100)


def test_average_value_fetch_error_is_wrapped():
    c = calc(pods_(2))
    with pytest.raises(HPAError) as e:
        raw(c, 2, 500)
    assert str(e.value) == ("unable to get metrics for resource cpu: no metrics returned from "
                            "resource metrics API")


# ----------------------------------------------------- Pods metric rebalancing
def test_pods_metric_missing_pods_count_as_the_target_on_scale_down():
    # 4 replicas, target 20, three samples of 10: (10+10+10+20) / 4 = 12 -> 0.6 -> 3
    c = calc(pods_(4), custom=qps({0: 10, 1: 10, 2: 10}))
    assert pods_metric(c, 4, 20) == (3, 10)
    c = calc(pods_(4), custom=qps({0: 10000, 1: 10000, 2: 10000}))
    assert pods_metric(c, 4, 20000) == (3, 10000)


def test_pods_metric_missing_pods_count_as_zero_on_scale_up():
    # spec 2, 3 pods (a surge), one without a sample: 30000 vs 20000 -> 1.5;
    # the missing pod at 0: 60000 / 3 = 20000 -> 1.0, within tolerance -> keep 2
    c = calc(pods_(3), custom=qps({0: 30000, 1: 30000}))
    assert pods_metric(c, 2, 20000) == (2, 30000)


def test_pods_metric_unready_pods_count_as_zero_on_scale_up():
    # a Pending pod is unready: its sample is dropped, then it counts as 0 on a scale-up
    c = calc(pods_(3, phase=[R, R, P]), custom=qps({0: 30000, 1: 30000, 2: 90000}))
    assert pods_metric(c, 2, 20000) == (2, 30000)


def test_pods_metric_unready_pods_are_not_refilled_on_scale_down():
    c = calc(pods_(3, phase=[R, R, P]), custom=qps({0: 10000, 1: 10000, 2: 90000}))
    assert pods_metric(c, 3, 20000) == (1, 10000)  # 0.5 x 2 ready pods


def test_pods_metric_direction_flip_after_zero_fill_keeps_current():
    # 25000 vs 20000 -> 1.25; two missing at 0: 25000 / 3 = 8333 -> 0.42 < 1: flipped
    c = calc(pods_(3), custom=qps({0: 25000}))
    assert pods_metric(c, 3, 20000) == (3, 25000)


def test_pods_metric_exact_ratio_one_does_not_refill():
    # TestPlainMetricReplicaCalcMissingMetricsNoChangeEq
    c = calc(pods_(5), custom=qps({0: 20000, 1: 19000, 2: 21000}))
    assert pods_metric(c, 5, 20000) == (5, 20000)


def test_pods_metric_rollout_surge_keeps_current():
    # DuringRollingUpdateWithMaxSurgeCM
    c = calc(pods_(3), custom=qps({0: 10000, 1: 10000}))
    assert pods_metric(c, 2, 17000) == (2, 10000)


# ------------------------------------------------------- the direction-flip guard
def test_resource_scale_down_that_refills_past_one_keeps_current():
    """ratio < 1 < new ratio: the metric says down, the refill would say up -> keep."""
    # pod 0: 800 used of 2000 -> 40% vs 50% -> 0.8; pod 1 (request 6000) has no sample
    # and is refilled at 100% of its request: 6800 / 8000 = 85% -> 1.7: flipped -> keep 2
    c = calc(pods_(2, req=[1000, 3000]), res=res_metrics([[400, 400]]))
    assert util(c, 2, 50) == (2, 40, 800)


def test_resource_scale_up_that_refills_below_one_keeps_current():
    # ScaleUpUnreadyNoScale: 40% vs 30% -> 1.33; unready at 0 -> 13% -> 0.44: flipped
    c = calc(pods_(3, ready=[True, False, False]), res=res_metrics(levels(400, 500, 700)))
    assert util(c, 3, 30) == (3, 40, 800)


# ------------------------------------- samples of ignored and unready pods are dropped
def test_samples_of_failed_and_deleted_pods_are_ignored():
    c = calc(pods_(3, phase=[R, R, FAILED]), custom=qps({0: 10000, 1: 10000, 2: 100000}))
    assert pods_metric(c, 2, 10000) == (2, 10000)
    c = calc(pods_(3, phase=[R, R, FAILED]), res=res_metrics(levels(500, 500, 5000)))
    assert util(c, 2, 50) == (2, 50, 1000)


def test_samples_of_unready_pods_are_dropped():
    c = calc(pods_(3, phase=[R, R, P]), custom=qps({0: 10000, 1: 10000, 2: 90000}))
    assert pods_metric(c, 2, 10000) == (2, 10000)
    c = calc(pods_(3, ready=[True, True, False], start=[COOL, COOL, HOT]),
             res=res_metrics(levels(500, 500, 5000)))
    assert util(c, 2, 50) == (2, 50, 1000)


def test_only_unready_samples_is_an_error():
    c = calc(pods_(2, phase=[P, P]), custom=qps({0: 10000, 1: 10000}))
    with pytest.raises(HPAError, match=r"^did not receive metrics for targeted pods "
                                       r"\(pods might be unready\)$"):
        pods_metric(c, 2, 10000)


# ------------------------------------------------------------- errors and fast path
def test_pods_metric_fetch_error_is_wrapped():
    c = calc(pods_(2))
    with pytest.raises(HPAError, match=r"^unable to get metric qps: "):
        pods_metric(c, 2, 10000)


def test_no_pods_is_an_error():
    c = calc([], custom=qps({0: 10000}))
    with pytest.raises(HPAError, match=r"^no pods returned by selector while calculating "
                                       r"replica count$"):
        pods_metric(c, 1, 10000)


def test_pod_lister_error_is_wrapped():
    class Broken:
        def list(self, namespace, selector):
            raise HPAError("boom")

    client = InMemoryMetricsClient([], qps({0: 10000}), [])
    c = ReplicaCalculator(client, Broken(), 120.0, 10.0, FakeClock(NOW))
    with pytest.raises(HPAError, match=r"^unable to get pods while calculating replica "
                                       r"count: boom$"):
        pods_metric(c, 1, 10000)


def test_fast_path_multiplies_by_ready_pods_not_current_replicas():
    # spec says 5 but only 2 pods exist: ceil(1.5 x 2)
    c = calc(pods_(2), custom=qps({0: 30000, 1: 30000}))
    assert pods_metric(c, 5, 20000) == (3, 30000)


@pytest.mark.parametrize("sample,tol,expected", [
    (22000, TOL, 10), (18000, TOL, 10),  # 1.1 and 0.9: the interval is inclusive
    (22000, Tolerances(0.05, 0.05), 11), (18000, Tolerances(0.05, 0.05), 9),
    (22000, Tolerances(0.2, 0.05), 11), (18000, Tolerances(0.05, 0.2), 9),  # per direction
])
def test_tolerance_edges_are_inclusive_and_per_direction(sample, tol, expected):
    c = calc(pods_(10), custom=qps(dict.fromkeys(range(10), sample)))
    assert pods_metric(c, 10, 20000, tol) == (expected, sample)


# ------------------------------------------------ exact boundaries of the rebalance rules
def test_resource_ratio_exactly_one_does_not_refill_missing_pods():
    # 50% vs 50% -> 1.0: the missing pod is not added (it would raise the ratio to 1.5)
    c = calc(pods_(2), res=res_metrics(levels(500)))
    assert util(c, 2, 50) == (2, 50, 1000)


def test_resource_ratio_exactly_one_with_unready_pods_takes_the_fast_path():
    # scaleUpWithUnready needs ratio > 1.0; at 1.0 the unready pod is not zero-filled
    c = calc(pods_(3, ready=[True, True, False], start=[COOL, COOL, COOL]),
             res=res_metrics(levels(500, 500, 500)))
    assert util(c, 3, 50) == (3, 50, 1000)


def test_resource_missing_pod_is_zero_filled_on_any_scale_up():
    # 60% vs 40% -> 1.5 (not above 2); the missing pod at 0: 2400 / 6000 = 40% -> within
    c = calc(pods_(3), res=res_metrics(levels(600, 600)))
    assert util(c, 2, 40) == (2, 60, 1200)


def test_resource_zero_fill_is_zero_not_one_milli():
    # requests of 1m per container make one milli count: ready usage 5m of 4m -> 125%
    # vs 80% -> 1.56; the hot pod at 0: 500 // 6 = 83% -> 1.04 within -> keep 3
    # (at 1m it would be 100% -> 1.25 -> 4)
    c = calc(pods_(3, req=[1, 1, 1], start=[COOL, COOL, HOT]),
             res=res_metrics([[1, 1], [2, 1], [1, 1]]))
    assert util(c, 3, 80) == (3, 125, 2)
    c = calc(pods_(3, req=[1, 1, 1]), res=res_metrics([[1, 1], [2, 1]]))  # pod 2 missing
    assert util(c, 3, 80) == (3, 125, 2)


def test_pods_metric_zero_fill_is_zero_not_one():
    # (5 + 6) // 2 = 5 vs 3 -> 1.67; one pod at 0: 11 // 3 = 3 -> 1.0 within -> keep 3
    # (at 1 it would be 12 // 3 = 4 -> 1.33 -> 4)
    c = calc(pods_(3), custom=qps({0: 5, 1: 6}))
    assert pods_metric(c, 3, 3) == (3, 5)
    c = calc(pods_(3, phase=[R, R, P]), custom=qps({0: 5, 1: 6, 2: 100}))
    assert pods_metric(c, 3, 3) == (3, 5)


@pytest.mark.parametrize("req0,level,req1,target,cur,expected", [
    # the missing pod (request 12m) is filled at 133% = 12 * 133 // 100 = 15m (not 15.96):
    # 6m of 20m = 30% vs 133% -> 0.23; (6 + 15) * 100 // 32 = 65% -> 0.49 -> ceil(0.98) = 1
    (10, 3, 6, 133, 3, (1, 30, 6)),
    # below 100% the missing pod counts at 100% of its request (not 101%): 2m of 62m = 3%;
    # (2 + 422) * 100 // 484 = 87% vs 97% -> 0.897, outside [0.9, 1.1] -> ceil(1.79) = 2
    (31, 1, 211, 97, 5, (2, 3, 2)),
    # ... and exactly 100% (division by 100): (2 + 200) * 100 // 248 = 81% vs 90% -> 0.9:
    # within the tolerance, keep 5
    (24, 1, 100, 90, 5, (5, 4, 2)),
])
def test_missing_pod_fill_is_an_integer_percent_of_its_request(req0, level, req1, target, cur,
                                                                expected):
    """Two pods, per-container requests req0 and req1, the second without a sample."""
    c = calc(pods_(2, req=[req0, req1]), res=res_metrics([[level, level]]))
    assert util(c, cur, target) == expected


# --------------------------------------------- what is asked of the clients, and returned
class SpyMetrics(InMemoryMetricsClient):
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.calls: list[tuple] = []

    def get_resource_metric(self, resource, namespace, selector, container):
        self.calls.append(("resource", resource, namespace, selector, container))
        return super().get_resource_metric(resource, namespace, selector, container)

    def get_raw_metric(self, metric_name, namespace, selector, metric_selector):
        self.calls.append(("raw", metric_name, namespace, selector, metric_selector))
        return super().get_raw_metric(metric_name, namespace, selector, metric_selector)


def test_selectors_are_passed_through_and_other_pods_excluded():
    stranger = pod("stranger", labels={"name": "other"},
                   containers=[mk_container("container1", 1000),
                               mk_container("container2", 1000)])
    spy = SpyMetrics(res_metrics(levels(300, 500, 700))
                     + [pod_metrics("stranger", [9000, 9000], labels={"name": "other"})],
                     qps({0: 20000, 1: 10000, 2: 30000}), [])
    c = ReplicaCalculator(spy, InMemoryPodLister([*pods_(3), stranger]), 120.0, 10.0,
                          FakeClock(NOW))
    sel, msel = dict(LABELS), {"metric": "sel"}
    events = traced(c)
    assert c.get_resource_replicas(3, 30, "cpu", TOL, NS_, sel, "").replicas == 5  # ScaleUp
    r = c.get_raw_resource_replicas(3, 500, "cpu", TOL, NS_, sel, "container2")
    assert (r.replicas, r.usage) == (3, 500)  # the stranger's 9000m would give 21
    assert c.get_metric_replicas(3, 15000, "qps", TOL, NS_, sel, msel).replicas == 4
    listed = [sorted(p.metadata.name for p in d["pods"]) for e, d in events if e == "samples"]
    assert listed == [[f"test-pod-{i}" for i in range(3)]] * 3  # never the stranger
    assert spy.calls == [("resource", "cpu", NS_, sel, ""),
                         ("resource", "cpu", NS_, sel, "container2"),
                         ("raw", "qps", NS_, sel, msel)]


def test_timestamps_come_from_the_metrics():
    c = calc(pods_(3), res=[pod_metrics(f"test-pod-{i}", [300, 300], timestamp=NOW - 7)
                            for i in range(3)],
             custom=[custom_value("Pod", f"test-pod-{i}", "qps", 10, timestamp=NOW - 9)
                     for i in range(3)])
    sel = dict(LABELS)
    assert c.get_resource_replicas(3, 30, "cpu", TOL, NS_, sel).timestamp == NOW - 7
    assert c.get_raw_resource_replicas(3, 500, "cpu", TOL, NS_, sel).timestamp == NOW - 7
    assert c.get_metric_replicas(3, 10, "qps", TOL, NS_, sel).timestamp == NOW - 9
    # and on the rebalance path
    c = calc(pods_(4), res=[pod_metrics(f"test-pod-{i}", [300, 300], timestamp=NOW - 7)
                            for i in range(3)])
    assert c.get_resource_replicas(4, 30, "cpu", TOL, NS_, sel).timestamp == NOW - 7
    c = calc(pods_(4), custom=[custom_value("Pod", f"test-pod-{i}", "qps", 10,
                                            timestamp=NOW - 9) for i in range(3)])
    assert c.get_metric_replicas(4, 20, "qps", TOL, NS_, sel).timestamp == NOW - 9


def test_resource_path_without_ready_samples_is_an_error():
    c = calc(pods_(2, start=[HOT, HOT]), res=res_metrics(levels(500, 500)))
    with pytest.raises(HPAError) as e:
        util(c, 2, 50)
    assert str(e.value) == "did not receive metrics for targeted pods (pods might be unready)"


# ------------------------------------------------------------ the explain tracer's events
def traced(c: ReplicaCalculator) -> list[tuple[str, dict]]:
    events: list[tuple[str, dict]] = []
    c.tracer = lambda ev, data: events.append((ev, data))
    return events


def test_tracer_sees_each_step_of_a_resource_rebalance():
    pods = pods_(3, ready=[False, True, True])
    c = calc(pods, res=res_metrics(levels(300, 500, 700)))
    events = traced(c)
    assert util(c, 3, 30) == (4, 60, 1200)  # ScaleUpUnreadyLessScale
    assert [e for e, _ in events] == ["samples", "utilization", "rebalance"]
    samples, utilization, rebalance = (d for _, d in events)
    assert samples["pods"] == pods and samples["resource"] == "cpu"
    assert samples["now"] == NOW and sorted(samples["metrics"]) == [f"test-pod-{i}"
                                                                    for i in range(3)]
    assert {k: utilization[k] for k in ("ratio", "utilization", "raw", "target")} == {
        "ratio": 2.0, "utilization": 60, "raw": 1200, "target": 30}
    assert utilization["resource"] == "cpu"
    assert utilization["requests"] == {f"test-pod-{i}": 2000 for i in range(3)}
    assert sorted(utilization["metrics"]) == ["test-pod-1", "test-pod-2"]
    assert rebalance == {"ratio": 2.0, "new_ratio": pytest.approx(40 / 30), "n": 3,
                         "missing": [], "zeroed": ["test-pod-0"], "tolerances": TOL,
                         "guard": "", "result": 4}


def test_tracer_sees_the_fast_path_and_the_guards():
    c = calc(pods_(3), res=res_metrics(levels(300, 500, 700)))
    events = traced(c)
    assert util(c, 3, 30) == (5, 50, 1000)
    assert events[-1] == ("fast_path", {"ratio": pytest.approx(50 / 30), "tolerances": TOL,
                                        "within": False, "ready": 3, "result": 5})
    c = calc(pods_(2, req=[1000, 3000]), res=res_metrics([[400, 400]]))
    events = traced(c)
    util(c, 2, 50)
    assert events[-1][1]["guard"] == "direction flipped"
    assert events[-1][1]["missing"] == ["test-pod-1"] and events[-1][1]["zeroed"] == []
    c = calc(pods_(3), custom=qps({0: 10000, 1: 10000}))
    events = traced(c)
    pods_metric(c, 2, 17000)  # DuringRollingUpdateWithMaxSurgeCM
    assert events[-1][1]["guard"] == "replica count would move against the ratio"
    c = calc(pods_(3), custom=qps({0: 30000, 1: 30000}))
    events = traced(c)
    pods_metric(c, 2, 20000)
    assert events[-1][1]["guard"] == "within tolerance"


def test_tracer_sees_each_step_of_a_pods_metric():
    c = calc(pods_(4), custom=qps({0: 10, 1: 10, 2: 10}))
    events = traced(c)
    assert pods_metric(c, 4, 20) == (3, 10)
    assert [e for e, _ in events] == ["samples", "average", "rebalance"]
    samples, average, rebalance = (d for _, d in events)
    assert samples["resource"] == "" and samples["now"] == NOW and len(samples["pods"]) == 4
    assert sorted(samples["metrics"]) == ["test-pod-0", "test-pod-1", "test-pod-2"]
    assert {k: average[k] for k in ("ratio", "usage", "target")} == {
        "ratio": 0.5, "usage": 10, "target": 20}
    assert sorted(average["metrics"]) == ["test-pod-0", "test-pod-1", "test-pod-2"]
    assert rebalance == {"ratio": 0.5, "new_ratio": 0.6, "n": 4, "missing": ["test-pod-3"],
                         "zeroed": [], "tolerances": TOL, "guard": "", "result": 3}
    c = calc(pods_(2), custom=qps({0: 30, 1: 30}))
    events = traced(c)
    pods_metric(c, 2, 20)
    assert events[-1] == ("fast_path", {"ratio": 1.5, "tolerances": TOL, "within": False,
                                        "ready": 2, "result": 3})


def test_pod_level_requests_are_used_by_default_v136():
    """PodLevelResources (on in v1.36): a pod-level request wins when no container is named."""
    from types import SimpleNamespace as NS

    from k8slearn.api import Quantity

    pods = pods_(3)
    for p in pods:
        p.spec.resources = NS(requests={"cpu": Quantity("4")}, limits={})
        for c in p.spec.containers:  # real quantities: pod-level math adds them up
            c.resources.requests = {"cpu": Quantity("1")}
    c = calc(pods, res=res_metrics(levels(500, 500, 500)))
    # 3000m of 12000m = 25% vs 50% -> 0.5 -> ceil(1.5) = 2 (containers alone: 50% -> 3)
    assert util(c, 3, 50) == (2, 25, 1000)
    off = ReplicaCalculator(InMemoryMetricsClient(res_metrics(levels(500, 500, 500)), [], []),
                            InMemoryPodLister(pods), 120.0, 10.0, FakeClock(NOW),
                            pod_level_resources=False)
    assert util(off, 3, 50) == (3, 50, 1000)


def test_rebalance_guard_is_empty_when_the_count_stays():
    # ceil(0.6 x 4) = 3 == current: no guard fired, the count simply stays
    c = calc(pods_(4), custom=qps({0: 10, 1: 10, 2: 10}))
    events = traced(c)
    assert pods_metric(c, 3, 20) == (3, 10)
    assert events[-1][1]["guard"] == "" and events[-1][1]["result"] == 3
    # 80 // 3 = 26 vs 20 -> 1.3; ceil(1.3 x 3) = 4 == current
    c = calc(pods_(3), custom=qps({0: 40, 1: 40}))
    events = traced(c)
    assert pods_metric(c, 4, 20) == (4, 40)
    assert events[-1][1]["guard"] == "" and events[-1][1]["result"] == 4


def test_zero_filled_pods_are_only_the_unready_ones_of_a_scale_up():
    # Pods metric scale-up with a Pending pod: it is zero-filled (and named in the trace)
    c = calc(pods_(3, phase=[R, R, P]), custom=qps({0: 30000, 1: 30000, 2: 90000}))
    events = traced(c)
    pods_metric(c, 2, 20000)
    assert events[-1][1]["zeroed"] == ["test-pod-2"]
    # scale-down with a Pending pod and a missing one: only the missing pod is filled
    c = calc(pods_(4, phase=[R, R, R, P]), custom=qps({0: 10, 1: 10}))
    events = traced(c)
    pods_metric(c, 4, 20)
    assert events[-1][1]["zeroed"] == [] and events[-1][1]["missing"] == ["test-pod-2"]
    # MissingMetricsUnreadyScaleDown: the unready pod is not zero-filled on a scale-down
    c = calc(pods_(4, ready=[False, True, True, True]), res=res_metrics(levels(100, 100, 100)))
    events = traced(c)
    assert util(c, 4, 50) == (3, 10, 200)
    assert events[-1][1]["zeroed"] == [] and events[-1][1]["missing"] == ["test-pod-3"]


def test_pods_metric_ratio_exactly_one_with_unready_pods_takes_the_fast_path():
    c = calc(pods_(3, phase=[R, R, P]), custom=qps({0: 20000, 1: 20000}))
    assert pods_metric(c, 3, 20000) == (3, 20000)  # zero-filling the Pending pod would give 2


def test_pods_metric_ratio_exactly_one_counts_only_the_samples():
    # TestPlainMetricReplicaCalcMissingMetricsNoChangeEq: no missing pod is added at 1.0
    c = calc(pods_(5), custom=qps({0: 20000, 1: 19000, 2: 21000}))
    events = traced(c)
    assert pods_metric(c, 5, 20000) == (5, 20000)
    assert events[-1][1]["n"] == 3 and events[-1][1]["guard"] == "within tolerance"


def test_average_value_unready_cool_pod_uses_the_readiness_delay():
    # a cool pod with Ready=False is unready under CPU rules: same result as a hot one
    c = calc(pods_(3, ready=[False, True, True], start=[COOL, COOL, COOL]),
             res=res_metrics(levels(300, 500, 700)))
    assert raw(c, 3, 500) == (5, 1200)

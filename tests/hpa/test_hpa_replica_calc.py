"""Port of every ``TestReplicaCalc*`` case of replica_calculator_test.go (v1.36 tolerance).

Harness conventions (upstream §6.1): each pod has two containers that *each*
request ``req`` and *each* report ``level``, so pod request and usage are
doubled; readiness LTT and unset start times are Go's zero time; the
calculator runs with the test periods (CPU init 2 min, readiness delay 10 s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest
from hpa_testlib import (
    LABELS,
    NOW,
    custom_value,
    external_value,
    levels,
    pod,
    pod_metrics,
    ref,
)
from hpa_testlib import container as mk_container

from k8slearn.clock import FakeClock
from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.metrics import InMemoryMetricsClient
from k8slearn.podautoscaler.pods import GO_ZERO_TIME, InMemoryPodLister
from k8slearn.podautoscaler.replica_calculator import ReplicaCalculator, Tolerances

HOT = NOW  # hotCPUCreationTime: inside the 2-minute init period
COOL = NOW - 180.0  # coolCPUCreationTime
NS_ = "test-namespace"
DEFAULT_TOL = Tolerances(0.1, 0.1)


@dataclass
class Case:
    cur: int
    kind: str  # res | pods | object | objectPerPod | external | externalPerPod
    target: int
    lv: list = field(default_factory=list)  # res: per-container lists; else values
    req: list | None = None  # per-container request in milli
    ready: list | None = None
    phase: list | None = None
    start: list | None = None
    deleted: list | None = None
    container: str = ""
    pod_names: list | None = None
    timestamp: float = GO_ZERO_TIME
    tol: Tolerances = DEFAULT_TOL
    exp: tuple | None = None  # (replicas, util, raw) or (replicas, usage)
    err: str | None = None


def _n_pods(tc: Case) -> int:
    return max(tc.cur, len(tc.phase or []), len(tc.ready or []))


def build(tc: Case):
    pods = []
    for i in range(_n_pods(tc)):
        reqs = tc.req if tc.req is not None else [1000] * _n_pods(tc)
        r = reqs[i] if i < len(reqs) else None
        pods.append(pod(
            f"test-pod-{i}",
            phase=tc.phase[i] if tc.phase else "Running",
            ready=("True" if tc.ready[i] else "False") if tc.ready else "True",
            start_time=tc.start[i] if tc.start else GO_ZERO_TIME,
            deletion_timestamp=NOW if tc.deleted and tc.deleted[i] else None,
            containers=[mk_container("container1", r), mk_container("container2", r)],
        ))
    res, custom, ext = [], [], []
    if tc.kind == "res":
        for i, lv in enumerate(tc.lv):
            name = tc.pod_names[i] if tc.pod_names else f"test-pod-{i}"
            res.append(pod_metrics(name, lv, timestamp=tc.timestamp))
    elif tc.kind == "pods":
        custom = [custom_value("Pod", f"test-pod-{i}", "qps", v) for i, v in enumerate(tc.lv)]
    elif tc.kind in ("object", "objectPerPod"):
        custom = [custom_value("Deployment", "some-deployment", "qps", tc.lv[0])]
    else:
        ext = [external_value("qps", v) for v in tc.lv]
    client = InMemoryMetricsClient(res, custom, ext)
    calc = ReplicaCalculator(client, InMemoryPodLister(pods), 120.0, 10.0, FakeClock(NOW))
    return calc


def run(tc: Case):
    calc = build(tc)
    sel = dict(LABELS)
    if tc.kind == "res":
        r = calc.get_resource_replicas(tc.cur, tc.target, "cpu", tc.tol, NS_, sel, tc.container)
        return (r.replicas, r.utilization, r.raw_utilization)
    if tc.kind == "pods":
        r = calc.get_metric_replicas(tc.cur, tc.target, "qps", tc.tol, NS_, sel, None)
    elif tc.kind == "object":
        r = calc.get_object_metric_replicas(
            tc.cur, tc.target, "qps", tc.tol, NS_, ref("Deployment", "some-deployment"), sel)
    elif tc.kind == "objectPerPod":
        r = calc.get_object_per_pod_metric_replicas(
            tc.cur, tc.target, "qps", tc.tol, NS_, ref("Deployment", "some-deployment"))
    elif tc.kind == "external":
        r = calc.get_external_metric_replicas(
            tc.cur, tc.target, "qps", tc.tol, NS_, {"label": "value"}, sel)
    else:
        r = calc.get_external_per_pod_metric_replicas(
            tc.cur, tc.target, "qps", tc.tol, NS_, {"label": "value"})
    return (r.replicas, r.usage)


def c2(*xs: int) -> list[list[int]]:
    """``[1000, x]`` rows: container1 busy, container2 at ``x``."""
    return [[1000, x] for x in xs]


T, F = True, False
R, Fd, P = "Running", "Failed", "Pending"
REQ = [1000, 1000, 1000]

CASES: dict[str, Case] = {
    "DisjointResourcesMetrics": Case(1, "res", 100, levels(100), req=[1000],
                                     pod_names=["an-older-pod-name"],
                                     err="no metrics returned matched known pods"),
    "ScaleUp": Case(3, "res", 30, levels(300, 500, 700), exp=(5, 50, 1000)),
    "ContainerScaleUp": Case(3, "res", 30, [[1000, 300], [1000, 500], [1000, 700]],
                             container="container2", exp=(5, 50, 500)),
    "ScaleUpUnreadyLessScale": Case(3, "res", 30, levels(300, 500, 700), ready=[F, T, T],
                                    exp=(4, 60, 1200)),
    "ScaleUpContainerHotCpuLessScale": Case(3, "res", 30, [[0, 300], [0, 500], [0, 700]],
                                            start=[HOT, COOL, COOL], container="container2",
                                            exp=(4, 60, 600)),
    "ScaleUpHotCpuLessScale": Case(3, "res", 30, levels(300, 500, 700), start=[HOT, COOL, COOL],
                                   exp=(4, 60, 1200)),
    "ScaleUpUnreadyNoScale": Case(3, "res", 30, levels(400, 500, 700), ready=[T, F, F],
                                  exp=(3, 40, 800)),
    "ScaleHotCpuNoScale": Case(3, "res", 30, levels(400, 500, 700), ready=[T, F, F],
                               start=[COOL, HOT, HOT], exp=(3, 40, 800)),
    "ScaleUpIgnoresFailedPods": Case(2, "res", 30, levels(500, 700), phase=[R, R, Fd, Fd],
                                     ready=[T, T, F, F], req=[1000] * 4, exp=(4, 60, 1200)),
    "MissingContainerMetricScaleUpIgnoresFailedPods": Case(
        2, "res", 30, [[1000, 500], [9000, 700], [1000], [9000]], phase=[R, R, Fd, Fd],
        ready=[T, T, F, F], req=[1000] * 4, container="container2", exp=(4, 60, 600)),
    "ScaleUpContainerIgnoresFailedPods": Case(
        2, "res", 30, [[1000, 500], [9000, 700]], phase=[R, R, Fd, Fd], ready=[T, T, F, F],
        req=[1000] * 4, container="container2", exp=(4, 60, 600)),
    "ScaleUpIgnoresDeletionPods": Case(
        2, "res", 30, levels(500, 700), phase=[R] * 4, ready=[T, T, F, F],
        deleted=[F, F, T, T], req=[1000] * 4, exp=(4, 60, 1200)),
    "ScaleUpContainerIgnoresDeletionPods": Case(
        2, "res", 30, levels(500, 700), phase=[R] * 4, ready=[T, T, F, F],
        deleted=[F, F, T, T], req=[1000] * 4, container="container1", exp=(4, 60, 600)),
    "ScaleUpCM": Case(3, "pods", 15000, [20000, 10000, 30000], exp=(4, 20000)),
    "ScaleUpCMUnreadyHotCpuNoLessScale": Case(
        3, "pods", 15000, [50000, 10000, 30000], ready=[T, T, F], start=[COOL, COOL, HOT],
        exp=(6, 30000)),
    "ScaleUpCMUnreadyHotCpuScaleWouldScaleDown": Case(
        3, "pods", 15000, [50000, 15000, 30000], ready=[F, T, F], start=[HOT, COOL, HOT],
        exp=(7, 31666)),
    "ScaleUpCMObject": Case(3, "object", 15000, [20000], exp=(4, 20000)),
    "ScaleUpCMPerPodObject": Case(3, "objectPerPod", 5000, [20000], exp=(4, 6667)),
    "ScaleUpCMObjectIgnoresUnreadyPods": Case(3, "object", 10000, [50000], ready=[F, T, F],
                                              exp=(5, 50000)),
    "ScaleUpCMExternal": Case(1, "pods", 4400, [8600], exp=(2, 8600)),
    "ScaleUpCMExternalIgnoresUnreadyPods": Case(3, "external", 4400, [8600], ready=[F, T, F],
                                                exp=(2, 8600)),
    "ScaleUpCMExternalNoLabels": Case(1, "pods", 4400, [8600], exp=(2, 8600)),
    "ScaleUpPerPodCMExternal": Case(3, "externalPerPod", 2150, [8600], exp=(4, 2867)),
    "ScaleDown": Case(5, "res", 50, levels(100, 300, 500, 250, 250), exp=(3, 28, 560)),
    "ContainerScaleDown": Case(5, "res", 50, c2(100, 300, 500, 250, 250),
                               container="container2", exp=(3, 28, 280)),
    "ScaleDownCM": Case(5, "pods", 20000, [12000] * 5, exp=(3, 12000)),
    "ScaleDownPerPodCMObject": Case(5, "objectPerPod", 2000, [6000], exp=(3, 1200)),
    "ScaleDownCMObject": Case(5, "object", 20000, [12000], exp=(3, 12000)),
    "ScaleDownCMExternal": Case(5, "external", 14334, [8600], exp=(3, 8600)),
    "ScaleDownPerPodCMExternal": Case(5, "externalPerPod", 2867, [8600], exp=(3, 1720)),
    "ScaleDownExcludeUnreadyPods": Case(5, "res", 50, levels(100, 300, 500, 250, 250),
                                        ready=[T, T, T, F, F], exp=(2, 30, 600)),
    "ScaleDownContainerExcludeUnreadyPods": Case(
        5, "res", 50, c2(100, 300, 500, 250, 250), ready=[T, T, T, F, F],
        container="container2", exp=(2, 30, 300)),
    "ScaleDownExcludeUnscheduledPods": Case(5, "res", 50, levels(100), phase=[R, P, P, P, P],
                                            ready=[T, F, F, F, F], exp=(1, 10, 200)),
    "ScaleDownContainerExcludeUnscheduledPods": Case(
        5, "res", 50, c2(100, 100, 100, 100, 100), phase=[R, P, P, P, P],
        ready=[T, F, F, F, F], container="container2", exp=(1, 10, 100)),
    "ScaleDownIgnoreHotCpuPods": Case(5, "res", 50, levels(100, 300, 500, 250, 250),
                                      start=[COOL] * 3 + [HOT] * 2, exp=(2, 30, 600)),
    "ScaleDownContainerIgnoreHotCpuPods": Case(
        5, "res", 50, c2(100, 300, 500, 1000, 1000), start=[COOL] * 3 + [HOT] * 2,
        container="container2", exp=(2, 30, 300)),
    "ScaleDownIgnoresFailedPods": Case(
        5, "res", 50, levels(100, 300, 500, 250, 250), phase=[R] * 5 + [Fd] * 2,
        ready=[T] * 5 + [F] * 2, req=[1000] * 7, exp=(3, 28, 560)),
    "ScaleDownContainerIgnoresFailedPods": Case(
        5, "res", 50, c2(100, 300, 500, 250, 250), phase=[R] * 5 + [Fd] * 2,
        ready=[T] * 5 + [F] * 2, req=[1000] * 7, container="container2", exp=(3, 28, 280)),
    "ScaleDownIgnoresDeletionPods": Case(
        5, "res", 50, levels(100, 300, 500, 250, 250), phase=[R] * 7,
        ready=[T] * 5 + [F] * 2, deleted=[F] * 5 + [T] * 2, req=[1000] * 7,
        exp=(3, 28, 560)),
    "ScaleDownIgnoresDeletionPods_StillRunning": Case(
        5, "res", 50, c2(100, 300, 500, 250, 250), phase=[R] * 7,
        ready=[T] * 5 + [F] * 2, deleted=[F] * 5 + [T] * 2, req=[1000] * 7,
        container="container2", exp=(3, 28, 280)),
    "Tolerance": Case(3, "res", 100, levels(1010, 1030, 1020), req=[900, 1000, 1100],
                      exp=(3, 102, 2040)),
    "ToleranceCM": Case(3, "pods", 20000, [20000, 21000, 21000], exp=(3, 20666)),
    "ToleranceCMObject": Case(3, "object", 20000, [20666], exp=(3, 20666)),
    "TolerancePerPodCMObject": Case(4, "objectPerPod", 5000, [20166], exp=(4, 5042)),
    "ToleranceCMExternal": Case(3, "external", 8888, [8600], exp=(3, 8600)),
    "TolerancePerPodCMExternal": Case(3, "externalPerPod", 2900, [8600], exp=(3, 2867)),
    "SuperfluousMetrics": Case(4, "res", 100, levels(4000, 9500, 3000, 7000, 3200, 2000),
                               exp=(24, 587, 11750)),
    "MissingMetrics": Case(4, "res", 100, levels(400, 95), exp=(3, 24, 495)),
    "EmptyMetrics": Case(4, "res", 100, [], err="unable to get metrics for resource cpu: "
                         "no metrics returned from resource metrics API"),
    "EmptyCPURequest": Case(1, "res", 100, levels(200), req=[], err="missing request for"),
    "PlainMetricMissingMetricsNoChangeEq": Case(5, "pods", 20000, [20000, 19000, 21000],
                                                exp=(5, 20000)),
    "MissingMetricsNoChangeEq": Case(2, "res", 100, levels(1000), exp=(2, 100, 2000)),
    "MissingMetricsNoChangeGt": Case(2, "res", 100, levels(1900), exp=(2, 190, 3800)),
    "MissingMetricsNoChangeLt": Case(2, "res", 100, levels(600), exp=(2, 60, 1200)),
    "MissingMetricsUnreadyChange": Case(3, "res", 50, levels(100, 450), ready=[F, T, T],
                                        exp=(3, 45, 900)),
    "MissingMetricsHotCpuNoChange": Case(3, "res", 50, levels(100, 450),
                                         start=[HOT, COOL, COOL], exp=(3, 45, 900)),
    "MissingMetricsUnreadyScaleUp": Case(3, "res", 50, levels(100, 2000), ready=[F, T, T],
                                         exp=(4, 200, 4000)),
    "MissingMetricsHotCpuScaleUp": Case(3, "res", 50, levels(100, 2000), ready=[F, T, T],
                                        start=[HOT, COOL, COOL], exp=(4, 200, 4000)),
    "MissingMetricsUnreadyScaleDown": Case(4, "res", 50, levels(100, 100, 100),
                                           ready=[F, T, T, T], exp=(3, 10, 200)),
    "MissingMetricsScaleDownTargetOver100": Case(
        4, "res", 300, levels(200, 100, 100), ready=[F, T, T, T],
        req=[1000, 1000, 2000, 2000], exp=(2, 6, 200)),
    "DuringRollingUpdateWithMaxSurge": Case(2, "res", 50, levels(100, 100), phase=[R, R, R],
                                            exp=(2, 10, 200)),
    "DuringRollingUpdateWithMaxSurgeCM": Case(2, "pods", 17000, [10000, 10000],
                                              phase=[R, R, R], exp=(2, 10000)),
    "ComputedToleranceAlgImplementation-56": Case(
        10, "res", int((1 / (2 * 0.9) + 0.01) * 100), levels(*[150] * 10),
        req=[400, 200, 310, 290, 302, 298, 301, 299, 300, 300], exp=(9, 50, 300)),
    "ComputedToleranceAlgImplementation-55": Case(
        10, "res", int((0.5556 + 0.004) * 100), levels(*[150] * 10),
        req=[400, 200, 310, 290, 302, 298, 301, 299, 300, 300], exp=(10, 50, 300)),
}

# v1.33+ configurable tolerance (TestReplicaCalcConfigurableTolerance and per-type variants)
TOL_REQ = [900, 1000, 1100]
TOLERANCE_CASES: dict[str, Case] = {
    "down0-up0": Case(3, "res", 100, levels(909, 1010, 1111), req=TOL_REQ,
                      tol=Tolerances(0.0, 0.0), exp=(4, 101, 2020)),
    "down0.1-up2.0": Case(3, "res", 100, levels(1890, 1910, 1900), req=TOL_REQ,
                          tol=Tolerances(0.1, 2.0), exp=(3, 190, 3800)),
    "down2.0-up0.08": Case(3, "res", 100, levels(1100, 1080, 1090), req=TOL_REQ,
                           tol=Tolerances(2.0, 0.08), exp=(4, 109, 2180)),
    "down0.36-up0.1": Case(3, "res", 100, levels(660, 640, 650), req=TOL_REQ,
                           tol=Tolerances(0.36, 0.1), exp=(3, 65, 1300)),
    "down0.34-up0.1": Case(3, "res", 100, levels(660, 640, 650), req=TOL_REQ,
                           tol=Tolerances(0.34, 0.1), exp=(2, 65, 1300)),
    "CM": Case(3, "pods", 20000, [20000, 21000, 21000], tol=Tolerances(0.1, 0.01),
               exp=(4, 20666)),
    "CMObject": Case(3, "object", 20000, [20666], tol=Tolerances(0.1, 0.01), exp=(4, 20666)),
    "PerPodCMObject": Case(4, "objectPerPod", 5000, [20208], tol=Tolerances(0.1, 0.01),
                           exp=(5, 5052)),
    "CMExternal": Case(3, "external", 8800, [8900], tol=Tolerances(0.1, 0.01), exp=(4, 8900)),
    "PerPodCMExternal": Case(3, "externalPerPod", 2800, [8600], tol=Tolerances(0.1, 0.01),
                             exp=(4, 2867)),
}


def _check(tc: Case) -> None:
    if tc.err is not None:
        with pytest.raises(HPAError) as info:
            run(tc)
        assert tc.err in str(info.value)
        return
    assert run(tc) == tc.exp


@pytest.mark.parametrize("name", list(CASES))
def test_replica_calc(name: str) -> None:
    _check(CASES[name])


@pytest.mark.parametrize("name", list(TOLERANCE_CASES))
def test_replica_calc_configurable_tolerance(name: str) -> None:
    _check(TOLERANCE_CASES[name])


def test_case_counts() -> None:
    # 62 upstream TestReplicaCalc* functions (one with two runs) + the plain-metric case
    assert len(CASES) == 64
    assert len(TOLERANCE_CASES) == 10


def test_ratio_exactly_1_1_is_within_tolerance_v136() -> None:
    # 3 pods at 110% of a 100% target: v1.36 keeps 3; v1.32 would have scaled to 4
    tc = Case(3, "res", 100, levels(1100, 1100, 1100), exp=(3, 110, 2200))
    _check(tc)
    assert Tolerances().is_within(1.1) and Tolerances().is_within(0.9)
    assert not Tolerances().legacy_is_within(110 / 100)
    assert Tolerances().legacy_is_within(90 / 100)


def test_named_container_missing_from_pod_is_an_error_v136() -> None:
    tc = Case(3, "res", 30, [[1000, 300]] * 3, container="sidecar",
              err="container sidecar not found in Pod test-pod-0")
    # metrics for 'sidecar' are absent, so every pod is missing: fake them present
    calc = build(tc)
    for m in calc.metrics_client.pod_metrics:
        m.containers[1].name = "sidecar"
    with pytest.raises(HPAError, match="container sidecar not found in Pod test-pod-0"):
        calc.get_resource_replicas(3, 30, "cpu", DEFAULT_TOL, NS_, dict(LABELS), "sidecar")


def test_scale_from_zero_ignores_tolerance() -> None:
    # getUsageRatioReplicaCount with current 0: ceil(ratio), no pods needed
    tc = Case(0, "object", 1000, [1000], exp=(1, 1000))
    _check(tc)
    assert math.ceil(20000 / 15000) == run(Case(0, "object", 15000, [20000]))[0]

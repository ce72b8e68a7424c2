"""The horizontal_test.go behaviour table, run through ``reconcile_autoscaler``.

Harness (upstream §6.3): scaleUpLimitFactor 8, downscale window 5 min, tolerance
0.1, CPU init 2 min, readiness delay 10 s; pods have two containers that split
the pod's request and usage in half; ``recs=None`` lets the controller seed the
history with the current count, ``recs=[]`` does not.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pytest
from hpa_testlib import NOW, custom_value, external_value, pod, pod_metrics
from hpa_testlib import container as mk_container

from k8slearn.api.autoscaling import (
    ContainerResourceMetricSource,
    CrossVersionObjectReference,
    ExternalMetricSource,
    HorizontalPodAutoscaler,
    HorizontalPodAutoscalerBehavior,
    HPAScalingPolicy,
    HPAScalingRules,
    MetricIdentifier,
    MetricSpec,
    MetricTarget,
    ObjectMetricSource,
    PodsMetricSource,
    ResourceMetricSource,
)
from k8slearn.api.autoscaling_defaults import set_defaults_horizontal_pod_autoscaler_behavior
from k8slearn.api.meta import LabelSelector, ObjectMeta
from k8slearn.api.resource import Quantity
from k8slearn.clock import FakeClock
from k8slearn.podautoscaler import (
    HorizontalController,
    InMemoryHPAClient,
    InMemoryMetricsClient,
    InMemoryPodLister,
    InMemoryScaleClient,
    Scale,
)
from k8slearn.podautoscaler.normalization import TimestampedRecommendation
from k8slearn.podautoscaler.pods import GO_ZERO_TIME

HOT, COOL = NOW, NOW - 180.0
NS_ = "test-namespace"


def mq(m: int) -> Quantity:
    return Quantity.new_milli_quantity(m)


def cpu(t: int) -> MetricSpec:
    return MetricSpec(type="Resource", resource=ResourceMetricSource(
        name="cpu", target=MetricTarget(type="Utilization", average_utilization=t)))


def container_cpu(c: str, t: int) -> MetricSpec:
    return MetricSpec(type="ContainerResource", container_resource=ContainerResourceMetricSource(
        name="cpu", container=c, target=MetricTarget(type="Utilization", average_utilization=t)))


def pods_qps(avg_milli: int) -> MetricSpec:
    return MetricSpec(type="Pods", pods=PodsMetricSource(
        metric=MetricIdentifier(name="qps"),
        target=MetricTarget(type="AverageValue", average_value=mq(avg_milli))))


def object_qps(value: int | None = None, avg: int | None = None) -> MetricSpec:
    t = (MetricTarget(type="Value", value=mq(value)) if value is not None
         else MetricTarget(type="AverageValue", average_value=mq(avg)))
    return MetricSpec(type="Object", object=ObjectMetricSource(
        described_object=CrossVersionObjectReference(kind="Deployment", name="some-deployment",
                                                     api_version="apps/v1"),
        metric=MetricIdentifier(name="qps"), target=t))


def external_qps(value: int | None = None, avg: int | None = None) -> MetricSpec:
    t = (MetricTarget(type="Value", value=mq(value)) if value is not None
         else MetricTarget(type="AverageValue", average_value=mq(avg)))
    return MetricSpec(type="External", external=ExternalMetricSource(
        metric=MetricIdentifier(name="qps",
                                selector=LabelSelector(match_labels={"label": "value"})),
        target=t))


CHEDDAR = MetricSpec(type="CheddarCheese")


def scaling_rules(policies, stab, select="Max") -> HPAScalingRules:
    return HPAScalingRules(stabilization_window_seconds=stab, select_policy=select,
                           policies=[HPAScalingPolicy(type=t, value=v, period_seconds=p)
                                     for t, v, p in policies])


@dataclass
class TC:
    min: int | None
    max: int
    spec: int
    status: int
    metrics: list
    levels: list = field(default_factory=list)
    requests: list | None = None  # per pod, milli
    ready: list | None = None
    phase: list | None = None
    deleted: list | None = None
    start: list | None = None
    recs: list | None = None
    scale_up: HPAScalingRules | None = None
    scale_down: HPAScalingRules | None = None
    kind: tuple = ("ReplicationController", "test-rc", "v1")
    selector: str = "name=test-pod"
    metric_errors: dict = field(default_factory=dict)
    exp: int = 0
    conditions: list | None = None  # exact [(type, status, reason)], None = statusOk
    overrides: dict = field(default_factory=dict)  # type -> (status, reason)
    cpu_current: int | None = None


STATUS_OK = [("AbleToScale", "True", "SucceededRescale"),
             ("ScalingActive", "True", "ValidMetricFound"),
             ("ScalingLimited", "False", "DesiredWithinRange")]


def build(tc: TC):
    n = len(tc.requests) if tc.requests is not None else tc.status
    pods, pod_ms = [], []
    for i in range(n):
        req = tc.requests[i] if tc.requests is not None else 1000
        start = tc.start[i] if tc.start else GO_ZERO_TIME
        pods.append(pod(
            f"test-pod-{i}", namespace=NS_,
            phase=tc.phase[i] if tc.phase else "Running",
            ready=("True" if tc.ready[i] else "False") if tc.ready else "True",
            start_time=start, ltt=start,
            deletion_timestamp=NOW if tc.deleted and tc.deleted[i] else None,
            containers=[mk_container("container1", req // 2),
                        mk_container("container2", req // 2)]))
    has_cpu = any(m.type in ("Resource", "ContainerResource") for m in tc.metrics)
    custom, ext = [], []
    if has_cpu:
        pod_ms = [pod_metrics(f"test-pod-{i}", [lv // 2, lv // 2], timestamp=NOW)
                  for i, lv in enumerate(tc.levels)]
    for m in tc.metrics:
        if m.type == "Pods":
            custom += [custom_value("Pod", f"test-pod-{i}", "qps", lv)
                       for i, lv in enumerate(tc.levels)]
        elif m.type == "Object":
            custom += [custom_value("Deployment", "some-deployment", "qps", tc.levels[0])]
        elif m.type == "External":
            ext = [external_value("qps", lv) for lv in tc.levels]
    metrics = InMemoryMetricsClient(pod_ms, custom, ext, errors=tc.metric_errors)
    kind, name, api_version = tc.kind
    hpa = HorizontalPodAutoscaler(metadata=ObjectMeta(name="test-hpa", namespace=NS_))
    hpa.spec.scale_target_ref = CrossVersionObjectReference(kind=kind, name=name,
                                                            api_version=api_version)
    hpa.spec.min_replicas, hpa.spec.max_replicas = tc.min, tc.max
    hpa.spec.metrics = list(tc.metrics) or [MetricSpec(
        type="Resource", resource=ResourceMetricSource(name="cpu"))]
    if tc.scale_up is not None or tc.scale_down is not None:
        hpa.spec.behavior = HorizontalPodAutoscalerBehavior(scale_up=tc.scale_up,
                                                            scale_down=tc.scale_down)
        set_defaults_horizontal_pod_autoscaler_behavior(hpa)
    scales = InMemoryScaleClient([(kind, Scale(name, NS_, tc.spec, tc.status, tc.selector))])
    hpas = InMemoryHPAClient([hpa])
    ctrl = HorizontalController(
        scales, metrics, InMemoryPodLister(pods), hpas, clock=FakeClock(NOW),
        downscale_stabilisation_window=300.0, tolerance=0.1, cpu_initialization_period=120.0,
        delay_of_initial_readiness_status=10.0, scale_up_limit_factor=8.0)
    key = f"{NS_}/test-hpa"
    if tc.recs is not None:
        ctrl.recommendations[key] = [TimestampedRecommendation(v, NOW + age) for v, age in tc.recs]
    return ctrl, hpa, scales, key


def run(tc: TC):
    ctrl, hpa, scales, key = build(tc)
    ctrl.enqueue_hpa(hpa)
    result = ctrl.reconcile_key(key)
    return ctrl, result, scales


def expected_conditions(tc: TC) -> list:
    if tc.conditions is not None:
        return tc.conditions
    return [(t, *tc.overrides.get(t, (s, r))) for t, s, r in STATUS_OK]


R, Fd = "Running", "Failed"
T, F = True, False
MIN = 60.0

CASES: dict[str, TC] = {
    "ScaleUp": TC(2, 6, 3, 3, [cpu(30)], [300, 500, 700], exp=5, cpu_current=50),
    "ScaleUpContainer": TC(2, 6, 3, 3, [container_cpu("container1", 30)], [300, 500, 700],
                           exp=5),
    "ScaleUpUnreadyLessScale": TC(2, 6, 3, 3, [cpu(30)], [300, 500, 700], ready=[F, T, T],
                                  exp=4, cpu_current=60),
    "ScaleUpHotCpuLessScale": TC(2, 6, 3, 3, [cpu(30)], [300, 500, 700],
                                 start=[HOT, COOL, COOL], exp=4),
    "ScaleUpUnreadyNoScale": TC(2, 6, 3, 3, [cpu(30)], [400, 500, 700], ready=[T, F, F], exp=3,
                                overrides={"AbleToScale": ("True", "ReadyForNewScale")},
                                cpu_current=40),
    "ScaleUpHotCpuNoScale": TC(2, 6, 3, 3, [cpu(30)], [400, 500, 700], ready=[T, F, F],
                               start=[COOL, HOT, HOT], exp=3,
                               overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "ScaleUpIgnoresFailedPods": TC(2, 6, 2, 2, [cpu(30)], [500, 700], requests=[1000] * 4,
                                   phase=[R, R, Fd, Fd], ready=[T, T, F, F], exp=4),
    "ScaleUpIgnoresDeletionPods": TC(2, 6, 2, 2, [cpu(30)], [500, 700], requests=[1000] * 4,
                                     ready=[T, T, F, F], deleted=[F, F, T, T], exp=4),
    "ScaleUpDeployment": TC(2, 6, 3, 3, [cpu(30)], [300, 500, 700],
                            kind=("Deployment", "test-dep", "apps/v1"), exp=5),
    "ScaleUpReplicaSet": TC(2, 6, 3, 3, [cpu(30)], [300, 500, 700],
                            kind=("ReplicaSet", "test-replicaset", "apps/v1"), exp=5),
    "ScaleUpCM": TC(2, 6, 3, 3, [pods_qps(15000)], [20000, 10000, 30000], exp=4),
    "ScaleUpCMUnreadyAndHotCpuNoLessScale": TC(
        2, 6, 3, 3, [pods_qps(15000)], [50000, 10000, 30000], ready=[T, T, F],
        start=[COOL, COOL, HOT], exp=6),
    "ScaleUpCMUnreadyandCpuHot": TC(
        2, 6, 3, 3, [pods_qps(15000)], [50000, 15000, 30000], ready=[F, T, F],
        start=[HOT, COOL, HOT], exp=6,
        overrides={"ScalingLimited": ("True", "TooManyReplicas")}),
    "ScaleUpHotCpuNoScaleWouldScaleDown": TC(
        2, 6, 3, 3, [pods_qps(15000)], [50000, 15000, 30000], start=[HOT, COOL, HOT], exp=6,
        overrides={"ScalingLimited": ("True", "TooManyReplicas")}),
    "ScaleUpCMObject": TC(2, 6, 3, 3, [object_qps(value=15000)], [20000], exp=4),
    "ScaleUpFromZeroCMObject": TC(0, 6, 0, 0, [object_qps(value=15000)], [20000], exp=2),
    "ScaleUpFromZeroIgnoresToleranceCMObject": TC(0, 6, 0, 0, [object_qps(value=1000)], [1000],
                                                  exp=1),
    "ScaleUpPerPodCMObject": TC(2, 6, 3, 3, [object_qps(avg=10000)], [40000], exp=4),
    "ScaleUpCMExternal": TC(2, 6, 3, 3, [external_qps(value=6666)], [8600], exp=4),
    "ScaleUpPerPodCMExternal": TC(2, 6, 3, 3, [external_qps(avg=2222)], [8600], exp=4),
    "ScaleDown": TC(2, 6, 5, 5, [cpu(50)], [100, 300, 500, 250, 250], recs=[], exp=3,
                    cpu_current=28),
    "ScaleDownContainerResource": TC(2, 6, 5, 5, [container_cpu("container2", 50)],
                                     [100, 300, 500, 250, 250], recs=[], exp=3),
    "ScaleDownWithScalingRules": TC(2, 6, 5, 5, [cpu(50)], [100, 300, 500, 250, 250], recs=[],
                                    scale_up=scaling_rules([("Percent", 100, 15)], 30), exp=3),
    "ScaleUpOneMetricInvalid": TC(2, 6, 3, 3, [cpu(30), CHEDDAR], [300, 400, 500], exp=4),
    "ScaleUpFromZeroOneMetricInvalid": TC(0, 6, 0, 0, [cpu(30), CHEDDAR], [300, 400, 500],
                                          requests=[1000] * 3, recs=[], exp=4),
    "ScaleUpBothMetricsEmpty": TC(2, 6, 3, 3, [CHEDDAR], exp=3, conditions=[
        ("AbleToScale", "True", "SucceededGetScale"),
        ("ScalingActive", "False", "InvalidMetricSourceType")]),
    "ScaleDownStabilizeInitialSize": TC(2, 6, 5, 5, [cpu(50)], [100, 300, 500, 250, 250],
                                        exp=5, overrides={
                                            "AbleToScale": ("True", "ScaleDownStabilized")}),
    "ScaleDownCM": TC(2, 6, 5, 5, [pods_qps(20000)], [12000] * 5, recs=[], exp=3),
    "ScaleDownCMObject": TC(2, 6, 5, 5, [object_qps(value=20000)], [12000], recs=[], exp=3),
    "ScaleDownToZeroCMObject": TC(0, 6, 5, 5, [object_qps(value=20000)], [0], recs=[], exp=0),
    "ScaleDownPerPodCMObject": TC(2, 6, 5, 5, [object_qps(avg=20000)], [60000], recs=[], exp=3),
    "ScaleDownCMExternal": TC(2, 6, 5, 5, [external_qps(value=14400)], [8600], recs=[], exp=3),
    "ScaleDownToZeroCMExternal": TC(0, 6, 5, 5, [external_qps(value=14400)], [0], recs=[],
                                    exp=0),
    "ScaleDownPerPodCMExternal": TC(2, 6, 5, 5, [external_qps(avg=3000)], [8600], recs=[],
                                    exp=3),
    "ScaleDownIncludeUnreadyPods": TC(2, 6, 5, 5, [cpu(50)], [100, 300, 500, 250, 250],
                                      ready=[T, T, T, F, F], recs=[], exp=2, cpu_current=30),
    "ScaleDownIgnoreHotCpuPods": TC(2, 6, 5, 5, [cpu(50)], [100, 300, 500, 250, 250],
                                    start=[COOL] * 3 + [HOT] * 2, recs=[], exp=2),
    "ScaleDownIgnoresFailedPods": TC(2, 6, 5, 5, [cpu(50)], [100, 300, 500, 250, 250],
                                     requests=[1000] * 7, phase=[R] * 5 + [Fd] * 2,
                                     ready=[T] * 5 + [F] * 2, recs=[], exp=3, cpu_current=28),
    "ScaleDownIgnoresDeletionPods": TC(2, 6, 5, 5, [cpu(50)], [100, 300, 500, 250, 250],
                                       requests=[1000] * 7, ready=[T] * 5 + [F] * 2,
                                       deleted=[F] * 5 + [T] * 2, recs=[], exp=3,
                                       cpu_current=28),
    "Tolerance": TC(1, 5, 3, 3, [cpu(100)], [1010, 1030, 1020], requests=[900, 1000, 1100],
                    exp=3, overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "ToleranceCM": TC(1, 5, 3, 3, [pods_qps(20000)], [20000, 20001, 21000], exp=3,
                      overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "ToleranceCMObject": TC(1, 5, 3, 3, [object_qps(value=20000)], [20050], exp=3,
                            overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "ToleranceCMExternal": TC(2, 6, 4, 4, [external_qps(value=8666)], [8600], exp=4,
                              overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "TolerancePerPodCMObject": TC(2, 6, 4, 4, [object_qps(avg=2200)], [8600], exp=4,
                                  overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "TolerancePerPodCMExternal": TC(2, 6, 4, 4, [external_qps(avg=2200)], [8600], exp=4,
                                    overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "MinReplicas": TC(2, 5, 3, 3, [cpu(90)], [10, 95, 10], requests=[900, 1000, 1100], recs=[],
                      exp=2, overrides={"ScalingLimited": ("True", "TooFewReplicas")}),
    "ZeroMinReplicasDesiredZero": TC(0, 5, 3, 3, [cpu(90)], [0, 0, 0],
                                     requests=[900, 1000, 1100], recs=[], exp=0),
    "MinReplicasDesiredZero": TC(2, 5, 3, 3, [cpu(90)], [0, 0, 0], requests=[900, 1000, 1100],
                                 recs=[], exp=2,
                                 overrides={"ScalingLimited": ("True", "TooFewReplicas")}),
    "ZeroReplicas": TC(3, 5, 0, 0, [cpu(90)], exp=0, conditions=[
        ("AbleToScale", "True", "SucceededGetScale"),
        ("ScalingActive", "False", "ScalingDisabled")]),
    "TooFewReplicas": TC(3, 5, 2, 2, [cpu(90)], exp=3,
                         conditions=[("AbleToScale", "True", "SucceededRescale")]),
    "TooManyReplicas": TC(3, 5, 10, 10, [cpu(90)], exp=5,
                          conditions=[("AbleToScale", "True", "SucceededRescale")]),
    "MaxReplicas": TC(2, 5, 3, 3, [cpu(90)], [8000, 9500, 1000], requests=[900, 1000, 1100],
                      exp=5, overrides={"ScalingLimited": ("True", "TooManyReplicas")}),
    "SuperfluousMetrics": TC(2, 6, 4, 4, [cpu(100)], [4000, 9500, 3000, 7000, 3200, 2000],
                             exp=6, overrides={"ScalingLimited": ("True", "TooManyReplicas")}),
    "MissingMetrics": TC(2, 6, 4, 4, [cpu(100)], [400, 95], recs=[], exp=3),
    "EmptyMetrics": TC(2, 6, 4, 4, [cpu(100)], [], exp=4, conditions=[
        ("AbleToScale", "True", "SucceededGetScale"),
        ("ScalingActive", "False", "FailedGetResourceMetric")]),
    "EmptyCPURequest": TC(1, 5, 1, 1, [cpu(100)], [200], requests=[], exp=1, conditions=[
        ("AbleToScale", "True", "SucceededGetScale"),
        ("ScalingActive", "False", "FailedGetResourceMetric")]),
    "EventCreated": TC(1, 5, 1, 1, [cpu(50)], [200], requests=[200], exp=2),
    "EventNotCreated": TC(1, 5, 2, 2, [cpu(50)], [200, 200], requests=[400, 400], exp=2,
                          overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "MissingReports": TC(1, 5, 4, 4, [cpu(50)], [200], requests=[200], recs=[], exp=2),
    "UpscaleCap": TC(1, 100, 3, 3, [cpu(10)], [100, 200, 300], requests=[100] * 3,
                     scale_up=scaling_rules([("Percent", 700, 60)], 0), exp=24,
                     overrides={"ScalingLimited": ("True", "ScaleUpLimit")}),
    "UpscaleCapGreaterThanMaxReplicas": TC(
        1, 20, 3, 3, [cpu(10)], [100, 200, 300], requests=[100] * 3,
        scale_up=scaling_rules([("Percent", 700, 60)], 0), exp=20,
        overrides={"ScalingLimited": ("True", "TooManyReplicas")}),
    "MoreReplicasThanSpecNoScale": TC(1, 8, 4, 5, [cpu(50)], [500] * 5, exp=4,
                                      overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "ConditionInvalidSelectorMissing": TC(1, 100, 3, 3, [cpu(10)], [100, 200, 300], selector="",
                                          exp=3, conditions=[
                                              ("AbleToScale", "True", "SucceededGetScale"),
                                              ("ScalingActive", "False", "InvalidSelector")]),
    "ConditionInvalidSelectorUnparsable": TC(
        1, 100, 3, 3, [cpu(10)], [100, 200, 300], selector="cheddar cheese", exp=3, conditions=[
            ("AbleToScale", "True", "SucceededGetScale"),
            ("ScalingActive", "False", "InvalidSelector")]),
    "ConditionInvalidSourceType": TC(2, 6, 3, 3, [CHEDDAR], exp=3, conditions=[
        ("AbleToScale", "True", "SucceededGetScale"),
        ("ScalingActive", "False", "InvalidMetricSourceType")]),
    "NoBackoffUpscaleCM": TC(1, 5, 3, 3, [pods_qps(15000)], [20000, 10000, 30000], exp=4),
    "NoBackoffUpscaleCMNoBackoffCpu": TC(
        1, 5, 3, 3, [cpu(10), pods_qps(15000)], [20000, 10000, 30000], exp=5,
        overrides={"ScalingLimited": ("True", "TooManyReplicas")}),
    "StabilizeDownscale": TC(1, 5, 4, 4, [cpu(100)], [50, 50, 50], requests=[100] * 3,
                             recs=[(10, -10 * MIN), (4, -MIN)], exp=4,
                             overrides={"AbleToScale": ("True", "ScaleDownStabilized")}),
    "ComputedToleranceAlgImplementation-56": TC(
        0, 1000, 10, 10, [cpu(int((1 / (2 * 0.9) + 0.01) * 100))], [150] * 10,
        requests=[400, 200, 310, 290, 302, 298, 301, 299, 300, 300], recs=[], exp=9),
    "ComputedToleranceAlgImplementation-55": TC(
        0, 1000, 10, 10, [cpu(int((0.5556 + 0.004) * 100))], [150] * 10,
        requests=[400, 200, 310, 290, 302, 298, 301, 299, 300, 300], recs=[], exp=10,
        overrides={"AbleToScale": ("True", "ReadyForNewScale")}),
    "ScaleUpRCImmediately": TC(2, 6, 1, 1, [], [0] * 4, exp=2,
                               conditions=[("AbleToScale", "True", "SucceededRescale")]),
    "ScaleDownRCImmediately": TC(2, 5, 6, 6, [cpu(50)], [8000, 9500, 1000], exp=5,
                                 conditions=[("AbleToScale", "True", "SucceededRescale")]),
    "ScaleUpOneMetricEmpty": TC(2, 6, 3, 3, [cpu(30), external_qps(value=100)], [300, 400, 500],
                                metric_errors={"get_external_metric": "boom"}, exp=4),
    "NoScaleDownOneMetricInvalid": TC(2, 6, 5, 5, [cpu(50), CHEDDAR], [100, 300, 500, 250, 250],
                                      recs=[], exp=5, conditions=[
                                          ("AbleToScale", "True", "SucceededGetScale"),
                                          ("ScalingActive", "False", "InvalidMetricSourceType")]),
    "NoScaleDownOneMetricEmpty": TC(
        2, 6, 5, 5, [cpu(50), external_qps(value=1000)], [100, 300, 500, 250, 250], recs=[],
        metric_errors={"get_external_metric": "boom"}, exp=5, conditions=[
            ("AbleToScale", "True", "SucceededGetScale"),
            ("ScalingActive", "False", "FailedGetExternalMetric")]),
}


def _conds(hpa) -> list:
    return [(c.type, c.status, c.reason) for c in hpa.status.conditions]


@pytest.mark.parametrize("name", list(CASES))
def test_horizontal(name: str) -> None:
    tc = CASES[name]
    ctrl, result, scales = run(tc)
    stored = ctrl.hpa_client.get(NS_, "test-hpa")
    assert _conds(stored) == expected_conditions(tc)
    final = scales.scales[(NS_, tc.kind[0], tc.kind[1])].spec_replicas
    assert final == tc.exp
    if scales.updates:
        assert result.rescale and result.desired_replicas == tc.exp
    else:
        assert final == tc.spec
    if tc.cpu_current is not None:
        assert stored.status.current_metrics[0].resource.current.average_utilization == \
            tc.cpu_current


def test_invalid_metric_does_not_block_scale_up_but_reports_error() -> None:
    _, result, _ = run(CASES["ScaleUpOneMetricInvalid"])
    assert result.rescale and result.error is not None
    assert str(result.error).startswith("invalid metrics (1 invalid out of 2), first error is: "
                                        'unknown metric source type "CheddarCheese"')
    # the failed metric leaves an empty MetricStatus (upstream quirk)
    assert result.hpa.status.current_metrics[1].type == ""


def test_event_created() -> None:
    ctrl, _, _ = run(CASES["EventCreated"])
    assert [(e.type, e.reason, e.message) for e in ctrl.events] == [
        ("Normal", "SuccessfulRescale",
         "New size: 2; reason: cpu resource utilization (percentage of request) above target")]


def test_event_not_created() -> None:
    ctrl, _, _ = run(CASES["EventNotCreated"])
    assert ctrl.events == []


def test_failed_get_metrics_conditions() -> None:
    for spec, method, reason in [
        (cpu(10), "get_resource_metric", "FailedGetResourceMetric"),
        (pods_qps(15000), "get_raw_metric", "FailedGetPodsMetric"),
        (object_qps(value=15000), "get_object_metric", "FailedGetObjectMetric"),
        (external_qps(value=15000), "get_external_metric", "FailedGetExternalMetric"),
    ]:
        tc = TC(1, 100, 3, 3, [spec], [100, 200, 300], metric_errors={method: "boom"}, exp=3,
                conditions=[("AbleToScale", "True", "SucceededGetScale"),
                            ("ScalingActive", "False", reason)])
        ctrl, result, scales = run(tc)
        assert _conds(ctrl.hpa_client.get(NS_, "test-hpa")) == tc.conditions
        assert not scales.updates and result.error is not None


def test_condition_failed_get_scale() -> None:
    ctrl, hpa, scales, key = build(TC(1, 100, 3, 3, [cpu(10)], [100, 200, 300]))
    scales.get_error = "something went wrong"
    result = ctrl.reconcile_key(key)
    assert _conds(ctrl.hpa_client.get(NS_, "test-hpa")) == [
        ("AbleToScale", "False", "FailedGetScale")]
    assert str(result.error) == ("failed to query scale subresource for "
                                 "ReplicationController/test-namespace/test-rc: "
                                 "something went wrong")


def test_condition_failed_update_scale() -> None:
    ctrl, hpa, scales, key = build(TC(1, 5, 3, 3, [cpu(100)], [150] * 3, requests=[100] * 3))
    scales.update_error = "something went wrong"
    result = ctrl.reconcile_key(key)
    stored = ctrl.hpa_client.get(NS_, "test-hpa")
    assert _conds(stored) == [("AbleToScale", "False", "FailedUpdateScale")] + STATUS_OK[1:]
    assert stored.status.current_replicas == 3
    assert str(result.error).startswith("failed to rescale ReplicationController/")


def test_ambiguous_selector() -> None:
    for other_selector, ambiguous in [({"cheddar": "cheese"}, False),
                                      ({"name": "test-pod"}, True)]:
        ctrl, hpa, scales, key = build(TC(2, 6, 3, 3, [cpu(30)], [300, 500, 700]))
        other = HorizontalPodAutoscaler(metadata=ObjectMeta(name="test-hpa-2", namespace=NS_))
        ctrl.hpa_client.hpas[f"{NS_}/test-hpa-2"] = other
        from k8slearn.api.labels import selector_from_set

        ctrl.hpa_selectors[f"{NS_}/test-hpa-2"] = selector_from_set(other_selector)
        ctrl.enqueue_hpa(hpa)
        ctrl.reconcile_key(key)
        conds = _conds(ctrl.hpa_client.get(NS_, "test-hpa"))
        if ambiguous:
            assert conds == [("AbleToScale", "True", "SucceededGetScale"),
                             ("ScalingActive", "False", "AmbiguousSelector")]
            assert scales.updates == []
        else:
            assert conds == STATUS_OK and scales.updates[-1].spec_replicas == 5


def test_avoid_unnecessary_updates() -> None:
    tc = TC(2, 6, 2, 2, [cpu(80)], [400, 500, 700], requests=[1000] * 3,
            start=[COOL, HOT, HOT])
    ctrl, hpa, scales, key = build(tc)
    ctrl.reconcile_key(key)
    assert ctrl.hpa_client.status_updates == 1
    ctrl.reconcile_key(key)  # nothing changed: the status is not written again
    assert ctrl.hpa_client.status_updates == 1
    assert scales.updates == []


def test_deleted_hpa_forgets_history() -> None:
    ctrl, hpa, scales, key = build(CASES["ScaleUp"])
    ctrl.reconcile_key(key)
    assert key in ctrl.recommendations
    del ctrl.hpa_client.hpas[key]
    assert ctrl.reconcile_key(key) is None
    assert key not in ctrl.recommendations


def test_configurable_tolerance_from_behavior() -> None:
    # 3 pods at 102% of target: within the default 0.1, outside an up-tolerance of 0.01
    base = dict(requests=[900, 1000, 1100], exp=4)
    up = scaling_rules([("Pods", 4, 15)], 0)
    up.tolerance = Quantity("0.01")
    tc = TC(1, 5, 3, 3, [cpu(100)], [1010, 1030, 1020], scale_up=up, **base)
    ctrl, result, scales = run(tc)
    assert scales.updates[-1].spec_replicas == 4


def test_events_when_metrics_are_missing() -> None:
    # the event pair `kubectl describe hpa` shows while metrics-server has no data yet
    ctrl, _, _ = run(CASES["EmptyMetrics"])
    assert [(e.type, e.reason, e.message) for e in ctrl.events] == [
        ("Warning", "FailedGetResourceMetric",
         "failed to get cpu utilization: unable to get metrics for resource cpu: no metrics "
         "returned from resource metrics API"),
        ("Warning", "FailedComputeMetricsReplicas",
         "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource "
         "metric value: failed to get cpu utilization: unable to get metrics for resource cpu: "
         "no metrics returned from resource metrics API"),
    ]


def test_reconcile_leaves_the_stored_hpa_untouched() -> None:
    # the reconcile works on a copy: the unset scale-down window it fills in (300 s), the
    # conditions it sets and the status it writes never reach the object it was given
    tc = TC(min=2, max=6, spec=3, status=3, metrics=[cpu(30)], levels=[300, 500, 700],
            scale_down=HPAScalingRules(), exp=5)
    ctrl, hpa, scales, key = build(tc)
    before = copy.deepcopy(hpa)
    assert hpa.spec.behavior.scale_down.stabilization_window_seconds is None
    ctrl.enqueue_hpa(hpa)
    result = ctrl.reconcile_key(key)
    assert result.hpa.spec.behavior.scale_down.stabilization_window_seconds == 300
    assert hpa.spec == before.spec and hpa.spec.behavior.scale_down.stabilization_window_seconds \
        is None
    assert result.hpa.status != before.status and result.hpa.status.conditions


def test_object_average_value_status_has_no_described_object():
    """Upstream quirk (computeStatusForObjectMetric): only the Value branch copies it."""
    for tc, kind in ((CASES["ScaleUpPerPodCMObject"], ""), (CASES["ScaleUpCMObject"],
                                                            "Deployment")):
        _, result, _ = run(tc)
        status = result.hpa.status.current_metrics[0].object
        assert status.described_object.kind == kind

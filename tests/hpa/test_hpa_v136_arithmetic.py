"""v1.36 arithmetic: pod-level requests, Go float conversions, int32 wrap, metrics-client quirks.

Cases ported from kubernetes/component-helpers resource/helpers_test.go @ v0.36.0
(TestPodLevelResourceRequests) and apimachinery quantity_test.go @ v0.36.0
(TestQuantityAsApproximateFloat64), plus the issue's worked examples.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from k8slearn.api import from_dict
from k8slearn.api.resource import Quantity
from k8slearn.clock import FakeClock
from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.gomath import (
    MAX_INT32,
    MIN_INT32,
    ceil32,
    ceil32_saturating,
    go_pow10,
    int32,
    wrap32,
)
from k8slearn.podautoscaler.metrics import InMemoryMetricsClient, get_resource_utilization_ratio
from k8slearn.podautoscaler.metrics.interfaces import PodMetric
from k8slearn.podautoscaler.normalization import (
    calculate_scale_up_limit,
    calculate_scale_up_limit_with_scaling_rules,
)
from k8slearn.podautoscaler.pod_grouping import calculate_pod_requests
from k8slearn.podautoscaler.pod_requests import is_pod_level_requests_set, pod_requests
from k8slearn.podautoscaler.pods import InMemoryPodLister
from k8slearn.podautoscaler.quantity import approximate_float64
from k8slearn.podautoscaler.replica_calculator import ReplicaCalculator, Tolerances
from k8slearn.podautoscaler.workbench import make_rules, resource_scenario


def _pod(name="p", pod_level=None, containers=(), init=(), labels=None):
    spec = {"containers": [{"name": f"c{i}", "image": "x", "resources": {"requests": r}}
                           for i, r in enumerate(containers)] or [{"name": "c", "image": "x"}],
            "initContainers": [dict({"name": f"i{i}", "image": "x",
                                     "resources": {"requests": r}}, **extra)
                               for i, (r, extra) in enumerate(init)]}
    if pod_level is not None:
        spec["resources"] = {"requests": pod_level}
    return from_dict({"apiVersion": "v1", "kind": "Pod",
                      "metadata": {"name": name, "namespace": "default",
                                   "labels": labels or {"app": "a"}},
                      "spec": spec, "status": {"phase": "Running"}})


def _req(pod, res):
    q = pod_requests(pod.spec).get(res)
    return None if q is None else q.milli_value()


# ------------------------------------------------------------ item 1: pod-level requests
@pytest.mark.parametrize("name,pod_level,containers,init,res,expected", [
    ("pod level memory and container level cpu", {"memory": "2Mi"}, [{"cpu": "2m"}], [],
     "cpu", 2),
    ("pod level memory and container level cpu (memory)", {"memory": "2Mi"}, [{"cpu": "2m"}],
     [], "memory", 2 * 1024 * 1024 * 1000),
    ("pod level unsupported resources set at both levels", {"ephemeral-storage": "2Mi"},
     [{"ephemeral-storage": "3Mi"}], [], "ephemeral-storage", 3 * 1024 * 1024 * 1000),
    ("both container-level and pod-level resources set", {"memory": "6Mi", "cpu": "8m"},
     [{"memory": "3Mi", "cpu": "2m"}], [], "cpu", 8),
    ("container-level resources and init container", {"memory": "1Mi"},
     [{"memory": "3Mi", "cpu": "2m"}], [({"memory": "5Mi", "cpu": "4m"}, {})], "cpu", 4),
    ("container-level resources and sidecar container", {"memory": "1Mi"},
     [{"memory": "3Mi", "cpu": "2m"}], [({"memory": "5Mi", "cpu": "4m"},
                                         {"restartPolicy": "Always"})], "cpu", 6),
])
def test_pod_requests_ported(name, pod_level, containers, init, res, expected):
    assert _req(_pod(pod_level=pod_level, containers=containers, init=init), res) == expected


def test_supported_pod_level_resources_decide_the_path():
    assert is_pod_level_requests_set(_pod(pod_level={"memory": "1Gi"}).spec)
    assert is_pod_level_requests_set(_pod(pod_level={"hugepages-2Mi": "2Mi"}).spec)
    assert not is_pod_level_requests_set(_pod(pod_level={"ephemeral-storage": "1Gi"}).spec)
    assert not is_pod_level_requests_set(_pod().spec)


def test_cpu_hpa_with_pod_level_memory_uses_container_cpu():
    """The issue's case: this failed with 'missing pod-level request for cpu'."""
    pods = [_pod("a", {"memory": "1Gi"}, [{"cpu": "300m"}, {"cpu": "200m"}])]
    assert calculate_pod_requests(pods, "", "cpu") == {"a": 500}


def test_ephemeral_storage_only_pod_level_takes_the_container_path():
    pods = [_pod("a", {"ephemeral-storage": "1Gi"}, [{"cpu": "250m"}])]
    assert calculate_pod_requests(pods, "", "cpu") == {"a": 250}
    with pytest.raises(HPAError, match="^missing request for cpu in container c0 of Pod b$"):
        calculate_pod_requests([_pod("b", {"ephemeral-storage": "1Gi"}, [{"memory": "1"}])],
                               "", "cpu")


def test_pod_level_missing_resource_error_and_named_container_precedence():
    pods = [_pod("a", {"memory": "1Gi"}, [{"memory": "1"}])]
    with pytest.raises(HPAError, match="^missing pod-level request for cpu in Pod a$"):
        calculate_pod_requests(pods, "", "cpu")
    pods = [_pod("a", {"cpu": "2"}, [{"cpu": "300m"}])]
    assert calculate_pod_requests(pods, "c0", "cpu") == {"a": 300}
    assert calculate_pod_requests(pods, "", "cpu") == {"a": 2000}
    assert calculate_pod_requests(pods, "", "cpu", pod_level_resources=False) == {"a": 300}


def test_overhead_is_added():
    pod = _pod("a", {"cpu": "1"}, [{"cpu": "100m"}])
    pod.spec.overhead = {"cpu": Quantity("250m")}
    assert calculate_pod_requests([pod], "", "cpu") == {"a": 1250}


# -------------------------------------------------- item 2: AsApproximateFloat64
@pytest.mark.parametrize("text,expected", [
    ("0", 0.0), ("1", 1.0), ("1Ki", 1024.0), ("8Ki", 8 * 1024.0),
    ("700m", 700 * go_pow10(-3)), ("0.7", 0.7000000000000001), ("300m", 0.3),
    ("100u", 100 * go_pow10(-6)), ("12e18", 1.2e19), ("1e-1", 0.1),
])
def test_approximate_float64(text, expected):
    assert approximate_float64(Quantity(text)) == expected


def test_go_pow10_uses_division_for_negative_exponents():
    assert go_pow10(-1) == 1 / 10 and go_pow10(-3) == 1 / 1000
    assert (7 * 1024 * 1024) * go_pow10(-1) == (7 * 1024 * 1024) * 0.1
    assert go_pow10(309) == float("inf") and go_pow10(-324) == 0.0


def test_tolerance_700m_keeps_three_pods_at_15_percent():
    """The issue's case: inclusive edge; exact 0.7 would drop to 1."""
    pods = [{"name": f"p{i}", "request": 1000, "usage": 150} for i in range(3)]
    down = approximate_float64(make_rules(tolerance="700m").tolerance)
    assert resource_scenario(pods, 50, tolerances=Tolerances(down, 0.1)).replicas == 3
    assert resource_scenario(pods, 50, tolerances=Tolerances(0.7, 0.1)).replicas == 1


def test_controller_reads_tolerance_the_go_way():
    from k8slearn.api.autoscaling import HorizontalPodAutoscalerBehavior
    from k8slearn.podautoscaler.horizontal import HorizontalController
    from k8slearn.podautoscaler.scale import InMemoryScaleClient
    from k8slearn.podautoscaler.workbench import make_hpa

    hpa = make_hpa(behavior=HorizontalPodAutoscalerBehavior(
        scale_down=make_rules(tolerance="0.7"), scale_up=make_rules()))
    ctrl = HorizontalController(InMemoryScaleClient([]), InMemoryMetricsClient(),
                                InMemoryPodLister())
    assert ctrl.tolerances_for_hpa(hpa).scale_down == 0.7000000000000001


# ----------------------------------------------------------- item 3: int32 at v1.36
def test_go_conversions():
    assert int32(2.0**31) == MIN_INT32 and int32(float("nan")) == MIN_INT32
    assert int32(-2.5) == -2 and int32(2.0**31 - 1) == MAX_INT32
    assert ceil32(2147483646.5) == MAX_INT32 and ceil32(2147483647.5) == MIN_INT32
    assert ceil32_saturating(3e9) == MAX_INT32 and ceil32_saturating(float("nan")) == MIN_INT32
    assert wrap32(MAX_INT32 + 1) == MIN_INT32


def test_fast_path_wraps_to_min_int32():
    pods = [{"name": f"p{i}", "request": 1000, "usage": 10**10} for i in range(3)]
    r = resource_scenario(pods, 1)
    assert r.utilization == 10**9  # fits in int32; 1e9 x 3 ready pods does not
    assert r.replicas == MIN_INT32  # v1.36 amd64; PR 141397 (later) gives MaxInt32


def test_utilization_sum_wraps_in_int64():
    metrics = {"a": PodMetric(value=2**62), "b": PodMetric(value=2**62)}
    ratio, util, raw = get_resource_utilization_ratio(metrics, {"a": 1, "b": 1}, 100)
    assert raw == -(2**62)  # metricsTotal wrapped to MinInt64, divided by 2
    assert util == 0  # (MinInt64 * 100 wraps to 0) / 2


def test_scale_up_limits_wrap():
    assert calculate_scale_up_limit(2**30 + 1) == MIN_INT32
    assert calculate_scale_up_limit(2**30) == MIN_INT32  # 2**31 is already out of int32
    assert calculate_scale_up_limit(2**30 - 1) == MAX_INT32 - 1
    rules = make_rules([("Percent", 200, 60)], select="Max")
    assert calculate_scale_up_limit_with_scaling_rules(2**30, [], [], rules, 0.0) == MIN_INT32
    rules = make_rules([("Pods", MAX_INT32, 60)], select="Max")
    assert calculate_scale_up_limit_with_scaling_rules(2, [], [], rules, 0.0) == wrap32(
        2 + MAX_INT32)


def test_object_value_target_saturates_but_zero_branch_wraps():
    calc = _object_calc(usage=10**13, ready=3)
    ref = SimpleNamespace(kind="Deployment", name="d")
    r = calc.get_object_metric_replicas(3, 1, "qps", Tolerances(), "default", ref, None)
    assert r.replicas == MAX_INT32  # the PR 126979 guard (v1.35)
    r = calc.get_object_metric_replicas(0, 1, "qps", Tolerances(), "default", ref, None)
    assert r.replicas == MIN_INT32  # ceil(ratio) at 0 replicas is not guarded


def test_external_per_pod_saturates_object_per_pod_wraps():
    calc = _object_calc(usage=10**13, ready=3, external=[10**13])
    ref = SimpleNamespace(kind="Deployment", name="d")
    assert calc.get_object_per_pod_metric_replicas(
        3, 1, "qps", Tolerances(), "default", ref).replicas == MIN_INT32
    assert calc.get_external_per_pod_metric_replicas(
        3, 1, "q", Tolerances(), "default", None).replicas == MAX_INT32


def test_external_per_pod_negative_value_becomes_max_int64():
    calc = _object_calc(usage=1, ready=3, external=[-5])
    r = calc.get_external_per_pod_metric_replicas(3, 1000, "q", Tolerances(), "default", None)
    assert r.usage == 2**63 - 1  # upstream's "only an overflow gets here" guard


def _object_calc(usage, ready, external=()):
    custom = [SimpleNamespace(described_object=SimpleNamespace(kind="Deployment", name="d",
                                                               namespace="default"),
                              metric=SimpleNamespace(name="qps"), timestamp=0.0,
                              window_seconds=None, value=usage)]
    ext = [SimpleNamespace(metric_name="q", metric_labels={}, timestamp=0.0, value=v)
           for v in external]
    pods = []
    for i in range(ready):
        p = _pod(f"r{i}")
        p.status.conditions = [SimpleNamespace(type="Ready", status="True")]
        pods.append(p)
    return ReplicaCalculator(InMemoryMetricsClient(custom_metrics=custom, external_metrics=ext),
                             InMemoryPodLister(pods), clock=FakeClock(0.0))


# ------------------------------------------------- items 4, 5: the metrics client
def _sample(pod, value, window=None):
    return SimpleNamespace(described_object=SimpleNamespace(kind="Pod", name=pod,
                                                            namespace="default"),
                           metric=SimpleNamespace(name="qps"), timestamp=0.0,
                           window_seconds=window, value=value)


def test_pods_metric_samples_are_filtered_by_the_selector():
    pods = [_pod("mine", labels={"app": "a"}), _pod("other", labels={"app": "b"})]
    client = InMemoryMetricsClient(custom_metrics=[_sample("mine", 10), _sample("other", 90),
                                                   _sample("ghost", 50)], pods=pods)
    got, _ = client.get_raw_metric("qps", "default", {"app": "a"}, None)
    assert set(got) == {"mine"}
    unfiltered = InMemoryMetricsClient(custom_metrics=[_sample("mine", 10), _sample("other", 90)])
    assert set(unfiltered.get_raw_metric("qps", "default", {"app": "a"}, None)[0]) == {
        "mine", "other"}


def test_pod_metrics_without_window_have_a_zero_window():
    m = SimpleNamespace(metadata=SimpleNamespace(name="a", namespace="default", labels={}),
                        timestamp=5.0, containers=[SimpleNamespace(name="c", usage={"cpu": 7})])
    got, _ = InMemoryMetricsClient([m]).get_resource_metric("cpu", "default", None, "")
    assert got["a"].window == 0.0
    got, _ = InMemoryMetricsClient(custom_metrics=[_sample("a", 3)]).get_raw_metric(
        "qps", "default", None, None)
    assert got["a"].window == 60.0  # custom metrics keep metricServerDefaultMetricWindow


def test_overflowing_cpu_proposal_scales_down_to_min_at_v136():
    """PR 141397's motivating case: at v1.36 (amd64) an overflowing proposal wraps to
    MinInt32, the controller's max(0, ...) makes it 0, and normalization clamps to min."""
    from k8slearn.podautoscaler.horizontal import HorizontalController, InMemoryHPAClient
    from k8slearn.podautoscaler.scale import InMemoryScaleClient, Scale
    from k8slearn.podautoscaler.workbench import NOW, make_hpa

    pods = []
    metrics = []
    for i in range(3):
        p = _pod(f"w{i}", containers=[{"cpu": "1"}])
        p.status.start_time = NOW - 3600
        p.status.conditions = [SimpleNamespace(type="Ready", status="True",
                                               last_transition_time=NOW - 3500)]
        pods.append(p)
        metrics.append(SimpleNamespace(
            metadata=SimpleNamespace(name=p.metadata.name, namespace="default",
                                     labels={"app": "a"}),
            timestamp=NOW, window=15.0,
            containers=[SimpleNamespace(name="c0", usage={"cpu": 10**10})]))
    hpa = make_hpa("web", target=1, min_replicas=2, max_replicas=100)
    hpa.spec.max_replicas = 2**31 - 1
    scales = InMemoryScaleClient([("Deployment", Scale("web", "default", 3, 3, "app=a"))])
    ctrl = HorizontalController(scales, InMemoryMetricsClient(metrics), InMemoryPodLister(pods),
                                InMemoryHPAClient([hpa]), clock=FakeClock(NOW))
    ctrl.recommendations["default/web"] = []
    result = ctrl.reconcile_key(ctrl.enqueue_hpa(hpa))
    assert result.metric_desired_replicas == MIN_INT32
    assert (result.rescale, result.desired_replicas) == (True, 2)  # down to minReplicas
    assert result.rescale_reason == "All metrics below target"


# TestPodResourceRequests (component-helpers resource/helpers_test.go @ v0.36.0), the rows
# that apply with default options (the HPA never uses status resources)
@pytest.mark.parametrize("name,init,containers,overhead,expected", [
    ("nil options, larger init container", [({"cpu": "4"}, {})], [{"cpu": "1"}], None, 4000),
    ("nil options, larger containers", [({"cpu": "2"}, {})], [{"cpu": "2"}, {"cpu": "3"}], None,
     5000),
    ("pod overhead included", [({"cpu": "2"}, {})], [{"cpu": "2"}, {"cpu": "3"}], "1", 6000),
])
def test_pod_resource_requests_ported(name, init, containers, overhead, expected):
    pod = _pod(containers=containers, init=init)
    if overhead is not None:
        pod.spec.overhead = {"cpu": Quantity(overhead)}
    assert _req(pod, "cpu") == expected


# TestCalculateRequests (replica_calculator_test.go, the v1.35+ table with PodLevelResources)
def _two(pod_level=None, c1="100m", c2="50m"):
    containers = [{} if c1 is None else {"cpu": c1}, {"cpu": c2}]
    pod = _pod("test-pod", pod_level, containers)
    pod.spec.containers[0].name, pod.spec.containers[1].name = "container1", "container2"
    return pod


@pytest.mark.parametrize("name,pod,container,gate,expected", [
    ("Sum container requests if pod-level feature is disabled", _two({"cpu": "800m"}), "",
     False, 150),
    ("Pod-level resources are enabled, but not set: fallback to sum container requests",
     _two(), "", True, 150),
    ("Pod-level resources override container requests when feature enabled and pod resources "
     "specified", _two({"cpu": "800m"}), "", True, 800),
    ("Pod-level resources override missing container requests when feature enabled and pod "
     "resources specified", _two({"cpu": "800m"}, c1=None), "", True, 800),
    ("Container: if a container name is specified, calculate requests only for that container",
     _two(), "container1", False, 100),
    ("Container: ... and ignore pod-level requests", _two({"cpu": "800m"}), "container1", True,
     100),
])
def test_calculate_requests_ported(name, pod, container, gate, expected):
    assert calculate_pod_requests([pod], container, "cpu", gate) == {"test-pod": expected}


def test_calculate_requests_missing_container_request_without_pod_level():
    with pytest.raises(HPAError, match="^missing request for cpu in container container1 of "
                                       "Pod test-pod$"):
        calculate_pod_requests([_two(c1=None)], "", "cpu", True)
    with pytest.raises(HPAError, match="^container non-existent-container not found in Pod "
                                       "test-pod$"):
        calculate_pod_requests([_two()], "non-existent-container", "cpu")


def test_wrapped_scale_up_limit_reaches_the_api_server_as_a_negative_count():
    """No behavior, current above 2**30: int32(max(2 x current, 4)) is MinInt32 at v1.36, so
    the "limit" becomes the desired count and the PUT /scale is rejected by validation."""
    from k8slearn.podautoscaler.horizontal import HorizontalController, InMemoryHPAClient
    from k8slearn.podautoscaler.scale import InMemoryScaleClient, Scale
    from k8slearn.podautoscaler.workbench import NOW, make_hpa

    current = 2**30 + 1
    pods = []
    metrics = []
    for i in range(2):
        p = _pod(f"w{i}", containers=[{"cpu": "1"}])
        p.status.start_time = NOW - 3600
        p.status.conditions = [SimpleNamespace(type="Ready", status="True",
                                               last_transition_time=NOW - 3500)]
        pods.append(p)
        metrics.append(SimpleNamespace(
            metadata=SimpleNamespace(name=p.metadata.name, namespace="default",
                                     labels={"app": "a"}),
            timestamp=NOW, window=15.0,
            containers=[SimpleNamespace(name="c0", usage={"cpu": 2000})]))
    hpa = make_hpa("web", target=50, min_replicas=1, max_replicas=MAX_INT32)
    scales = InMemoryScaleClient([("Deployment", Scale("web", "default", current, 2, "app=a"))])
    ctrl = HorizontalController(scales, InMemoryMetricsClient(metrics), InMemoryPodLister(pods),
                                InMemoryHPAClient([hpa]), clock=FakeClock(NOW))
    result = ctrl.reconcile_key(ctrl.enqueue_hpa(hpa))
    assert result.desired_replicas == MIN_INT32
    assert str(result.error).endswith("spec.replicas: Invalid value: -2147483648: must be "
                                      "greater than or equal to 0")
    able = [c for c in result.hpa.status.conditions if c.type == "AbleToScale"][0]
    assert (able.status, able.reason) == ("False", "FailedUpdateScale")

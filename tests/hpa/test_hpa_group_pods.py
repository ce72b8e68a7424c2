"""Port of ``TestGroupPods`` (14 rows) and ``TestCalculatePodRequests``, plus v1.36 additions."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest
from hpa_testlib import NOW, Q, container, pod
from hypothesis import given, settings
from hypothesis import strategies as st

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.metrics import PodMetric
from k8slearn.podautoscaler.pod_grouping import calculate_pod_requests, classify_pods, group_pods

MIN = 60.0
SUCC = "Succeeded"


def m(ts: float = NOW, window: float = MIN) -> PodMetric:
    return PodMetric(timestamp=ts, window=window, value=1000)


# name -> (pods, metrics, resource, (ready, unready, missing, ignored))
GROUP_CASES = {
    "void": ([], {}, "cpu", (0, set(), set(), set())),
    "count in a ready pod - memory": (
        [pod("bentham", phase=SUCC, ready=None)], {"bentham": m()}, "memory",
        (1, set(), set(), set())),
    "unready a pod without ready condition - CPU": (
        [pod("lucretius", phase=SUCC, ready=None, start_time=NOW)], {"lucretius": m()}, "cpu",
        (0, {"lucretius"}, set(), set())),
    "count in a ready pod with fresh metrics during initialization period - CPU": (
        [pod("bentham", start_time=NOW - MIN, ready="True", ltt=NOW - 30)],
        {"bentham": m(NOW, 30)}, "cpu", (1, set(), set(), set())),
    "unready a ready pod without fresh metrics during initialization period - CPU": (
        [pod("bentham", start_time=NOW - MIN, ready="True", ltt=NOW - 30)],
        {"bentham": m(NOW, 60)}, "cpu", (0, {"bentham"}, set(), set())),
    "unready an unready pod during initialization period - CPU": (
        [pod("lucretius", start_time=NOW - 10 * MIN, ready="False", ltt=NOW - 9 * MIN - 54)],
        {"lucretius": m()}, "cpu", (0, {"lucretius"}, set(), set())),
    "count in a ready pod without fresh metrics after initialization period - CPU": (
        [pod("bentham", start_time=NOW - 3 * MIN, ready="True", ltt=NOW - 3 * MIN)],
        {"bentham": m(NOW - 2 * MIN, MIN)}, "cpu", (1, set(), set(), set())),
    "count in an unready pod that was ready after initialization period - CPU": (
        [pod("lucretius", start_time=NOW - 10 * MIN, ready="False", ltt=NOW - 9 * MIN)],
        {"lucretius": m()}, "cpu", (1, set(), set(), set())),
    "unready pod that has never been ready after initialization period - CPU": (
        [pod("lucretius", start_time=NOW - 10 * MIN, ready="False", ltt=NOW - 9 * MIN - 50)],
        {"lucretius": m()}, "cpu", (1, set(), set(), set())),
    "a missing pod": (
        [pod("epicurus", phase=SUCC, start_time=NOW - 3 * MIN)], {}, "cpu",
        (0, set(), {"epicurus"}, set())),
    "several pods": (
        [pod("lucretius", phase=SUCC, ready=None, start_time=NOW),
         pod("niccolo", start_time=NOW - 3 * MIN, ready="True", ltt=NOW - 3 * MIN),
         pod("epicurus", phase=SUCC, start_time=NOW - 3 * MIN)],
        {"lucretius": m(), "niccolo": m()}, "cpu", (1, {"lucretius"}, {"epicurus"}, set())),
    "pending pods are unreadied": (
        [pod("unscheduled", phase="Pending")], {}, "cpu", (0, {"unscheduled"}, set(), set())),
    "ignore pods with deletion timestamps": (
        [pod("deleted", phase="Pending", deletion_timestamp=NOW)], {"deleted": m()}, "cpu",
        (0, set(), set(), {"deleted"})),
    "ignore pods in a failed state": (
        [pod("failed", phase="Failed")], {"failed": m()}, "cpu", (0, set(), set(), {"failed"})),
}


@pytest.mark.parametrize("name", list(GROUP_CASES))
def test_group_pods(name: str) -> None:
    pods, metrics, resource, expected = GROUP_CASES[name]
    assert group_pods(pods, metrics, resource, 2 * MIN, 10.0, NOW) == expected


def test_group_pods_has_14_rows() -> None:
    assert len(GROUP_CASES) == 14


def _p(*cs, init=None):
    return pod("test-pod", containers=list(cs), init_containers=init or [])


REQUEST_CASES = {
    "no pods": ([], "", {}),
    "calculate requests with multiple containers": (
        [_p(container("container1", 100), container("container2", 50))], "", {"test-pod": 150}),
    "calculate request for a specific container": (
        [_p(container("container1", 100), container("container2", 50))], "container1",
        {"test-pod": 100}),
    "container without requests": (
        [_p(container("container1", None))], "",
        "missing request for cpu in container container1 of Pod test-pod"),
    "pod with restartable init containers": (
        [_p(container("container1", 100),
            init=[container("init-container1", 20),
                  container("restartable-container1", 50, restart_policy="Always")])],
        "", {"test-pod": 150}),
    # v1.36
    "named container not found": (
        [_p(container("container1", 100))], "container2",
        "container container2 not found in Pod test-pod"),
}


@pytest.mark.parametrize("name", list(REQUEST_CASES))
def test_calculate_pod_requests(name: str) -> None:
    pods, c, expected = REQUEST_CASES[name]
    if isinstance(expected, str):
        with pytest.raises(HPAError) as info:
            calculate_pod_requests(pods, c, "cpu")
        assert str(info.value) == expected
    else:
        assert calculate_pod_requests(pods, c, "cpu") == expected


def test_pod_level_requests_v136() -> None:
    p = _p(container("container1", 100))
    p.spec.resources = NS(requests={"cpu": Q(700)})
    assert calculate_pod_requests([p], "", "cpu") == {"test-pod": 700}
    # a named container still uses container requests
    assert calculate_pod_requests([p], "container1", "cpu") == {"test-pod": 100}
    # gate off: container sum
    assert calculate_pod_requests([p], "", "cpu", pod_level_resources=False) == {"test-pod": 100}
    with pytest.raises(HPAError, match="missing pod-level request for memory in Pod test-pod"):
        calculate_pod_requests([p], "", "memory")


_T = st.sampled_from([None, NOW - 11 * MIN, NOW - 5 * MIN, NOW - 2 * MIN - 10, NOW - 2 * MIN,
                      NOW - MIN, NOW - 10, NOW])


@st.composite
def _pods_and_metrics(draw):
    pods, metrics = [], {}
    for i in range(draw(st.integers(0, 8))):
        name = f"pod-{i}"
        pods.append(pod(
            name, phase=draw(st.sampled_from(["Running", "Pending", "Failed", SUCC, "Unknown"])),
            ready=draw(st.sampled_from([None, "True", "False", "Unknown"])),
            start_time=draw(_T), ltt=draw(_T),
            deletion_timestamp=draw(st.sampled_from([None, None, NOW]))))
        if draw(st.booleans()):
            metrics[name] = m(draw(_T.filter(lambda t: t is not None)),
                              draw(st.sampled_from([30.0, MIN])))
    return pods, metrics


@given(_pods_and_metrics(), st.sampled_from(["cpu", "memory", ""]))
@settings(max_examples=300, deadline=None)
def test_group_pods_agrees_with_classify_pods(case, resource) -> None:
    # group_pods is the hot-path twin of classify_pods (which explains its choices)
    pods, metrics = case
    groups = classify_pods(pods, metrics, resource, 2 * MIN, 10.0, NOW)
    expected = (sum(g == "ready" for g, _ in groups.values()),
                *({n for n, (g, _) in groups.items() if g == want}
                  for want in ("unready", "missing", "ignored")))
    assert group_pods(pods, metrics, resource, 2 * MIN, 10.0, NOW) == expected


def test_calculate_pod_requests_with_a_shared_spec() -> None:
    # pods sharing one spec object (as simulated pods do) are summed once, same result
    shared = pod("a", containers=[container("c1", 300), container("c2", 200)]).spec
    pods = [pod(n) for n in ("a", "b", "c")]
    for p in pods:
        p.spec = shared
    assert calculate_pod_requests(pods, "", "cpu") == {"a": 500, "b": 500, "c": 500}
    assert calculate_pod_requests(pods, "c2", "cpu") == {"a": 200, "b": 200, "c": 200}
    with pytest.raises(HPAError, match="^container c3 not found in Pod a$"):
        calculate_pod_requests(pods, "c3", "cpu")

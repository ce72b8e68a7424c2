"""controller_utils, expectations, slowStartBatch, getPodsToDelete, calculateStatus.

Ports of kubernetes/kubernetes pkg/controller/controller_utils_test.go and
pkg/controller/replicaset/replica_set_test.go, replica_set_utils_test.go @ v1.36.0
(the case tables of those upstream test files).
"""

from __future__ import annotations

import random
import threading

import pytest

from k8slearn.api.apps import ReplicaSetCondition
from k8slearn.api.core import ContainerStatus, PodCondition
from k8slearn.clock import FakeClock
from k8slearn.controller.controller_utils import (
    active_pods_with_ranks_less,
    count_terminating_pods,
    filter_active_pods,
    filter_terminating_pods,
    get_deletion_cost,
    sort_active_pods,
)
from k8slearn.controller.expectations import (
    ControllerExpectations,
    UIDTrackingControllerExpectations,
)
from k8slearn.controller.objects import new_pod, new_replica_set
from k8slearn.controller.replicaset import get_pods_to_delete, slow_start_batch
from k8slearn.controller.replicaset.replica_set_utils import (
    calculate_status,
    get_condition,
    remove_condition,
    set_condition,
)

NOW = 1_700_000_000.0
MONTH = 30 * 24 * 3600.0
HOUR = 3600.0


def mk(name, node="node", phase="Running", ready=False, restarts=0, ready_since=None,
       created=None, cost=None, uid=""):
    p = new_pod(name, {"name": "foo"}, node_name=node)
    p.metadata.uid = uid
    p.metadata.creation_timestamp = created
    p.status.phase = phase
    if cost is not None:
        p.metadata.annotations["controller.kubernetes.io/pod-deletion-cost"] = cost
    if ready:
        p.status.conditions = [PodCondition(type="Ready", status="True",
                                            last_transition_time=ready_since)]
    p.status.container_statuses = [ContainerStatus(name="app", restart_count=restarts)]
    return p


# --------------------------------------------------------------------- expectations
def test_controller_expectations():
    clock = FakeClock(NOW)
    e = ControllerExpectations(clock, timeout=30.0)
    e.set_expectations("rc", 10, 30)
    threads = [threading.Thread(target=e.creation_observed, args=("rc",)) for _ in range(11)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert e.get_expectations("rc")[0].add == -1
    assert not e.satisfied_expectations("rc")
    for _ in range(31):
        e.deletion_observed("rc")
    assert e.get_expectations("rc")[0].get_expectations() == (-1, -1)
    assert e.satisfied_expectations("rc")
    e.set_expectations("rc", 1, 2)
    assert e.get_expectations("rc")[0].get_expectations() == (1, 2)
    assert not e.satisfied_expectations("rc")
    clock.step(31)
    assert e.satisfied_expectations("rc")


def test_expect_creations_resets_deletions_and_missing_record_is_satisfied():
    e = ControllerExpectations(FakeClock())
    assert e.satisfied_expectations("nobody")
    e.set_expectations("k", 2, 3)
    e.expect_creations("k", 1)
    assert e.get_expectations("k")[0].get_expectations() == (1, 0)
    e.lower_expectations("missing", 1, 1)  # no record: nothing happens
    assert e.get_expectations("missing") == (None, False)


def test_uid_expectations():
    e = UIDTrackingControllerExpectations(ControllerExpectations(FakeClock()))
    rcs = {f"ns/rc{n}": [f"ns/pod{i}-rc-{n}" for i in range(5)] for n in (2, 1, 0, 5)}
    order = list(rcs)
    random.Random(1).shuffle(order)
    for rc in order:
        e.expect_deletions(rc, rcs[rc])
        assert not e.satisfied_expectations(rc)
    for rc in order:
        for p in rcs[rc]:
            e.deletion_observed(rc, p)
            e.deletion_observed(rc, p)  # a second observation counts once
        assert e.satisfied_expectations(rc)
        assert e.get_expectations(rc)[0].dele == 0
        e.delete_expectations(rc)
        assert e.get_uids(rc) is None


# --------------------------------------------------------------------- filters
def test_count_and_filter_terminating_pods():
    pods = [mk("a", phase="Succeeded"), mk("b", phase="Failed"), mk("c", phase="Pending"),
            mk("d"), mk("e"), mk("f"), mk("g")]
    pods[2].metadata.deletion_timestamp = NOW
    pods[3].metadata.deletion_timestamp = NOW
    assert count_terminating_pods(pods) == 2
    assert len(filter_terminating_pods(pods)) == 2


def test_active_pod_filtering():
    pods = [mk("pod-1", phase="Succeeded"), mk("pod-2", phase="Failed"), mk("pod-3"),
            mk("pod-4"), mk("pod-5")]
    assert [p.metadata.name for p in filter_active_pods(pods)] == ["pod-3", "pod-4", "pod-5"]


@pytest.mark.parametrize("seed", range(20))
def test_sorting_active_pods(seed):
    def ready(name, since, restarts, created):
        p = mk(name, ready=True, ready_since=since, created=created)
        p.status.container_statuses = [ContainerStatus(name="a", restart_count=restarts[0]),
                                       ContainerStatus(name="b", restart_count=restarts[1])]
        return p

    expected = [
        mk("unscheduled", node="", phase="Pending"),
        mk("scheduledButPending", phase="Pending"),
        mk("unknownPhase", phase="Unknown"),
        mk("runningButNotReady"),
        ready("runningNoLastTransitionTime", None, [3, 0], None),
        ready("runningWithLastTransitionTime", NOW, [3, 0], None),
        ready("runningLongerTime", NOW - MONTH, [3, 0], None),
        ready("lowerContainerRestartCount", NOW - MONTH, [2, 1], NOW),
        ready("oldest", NOW - MONTH, [2, 1], NOW - MONTH),
    ]
    pods = list(expected)
    random.Random(seed).shuffle(pods)
    sort_active_pods(pods)
    assert [p.metadata.name for p in pods] == [p.metadata.name for p in expected]


def _rank_pods():
    return {
        "unscheduled": mk("unscheduled", node="", phase="Pending"),
        "pending": mk("pending", phase="Pending"),
        "unknown": mk("unknown-phase", phase="Unknown"),
        "not-ready": mk("not-ready"),
        "ready-no-ltt": mk("ready-no-last-transition-time", ready=True),
        "ready-now": mk("ready-now", ready=True, ready_since=NOW, created=NOW),
        "ready-then": mk("ready-then", ready=True, ready_since=NOW - MONTH, created=NOW - MONTH),
        "ready-high-restarts": mk("ready-high-restarts", ready=True, restarts=9001,
                                  ready_since=NOW, created=NOW),
        "ready-now-created-then": mk("ready-now-created-then", ready=True, ready_since=NOW,
                                     created=NOW - MONTH),
        "low-cost": mk("low-deletion-cost", ready=True, ready_since=NOW, created=NOW - MONTH,
                       cost="10"),
        "high-cost": mk("high-deletion-cost", ready=True, ready_since=NOW, created=NOW - MONTH,
                        cost="100"),
        "unscheduled-5h": mk("unscheduled-5-hours", node="", phase="Pending",
                             created=NOW - 5 * HOUR),
        "unscheduled-8h": mk("unscheduled-10-hours", node="", phase="Pending",
                             created=NOW - 8 * HOUR),
        "ready-2h": mk("ready-2-hours", node="", ready=True, ready_since=NOW - 2 * HOUR,
                       created=NOW - MONTH),
        "ready-5h": mk("ready-5-hours", node="", ready=True, ready_since=NOW - 5 * HOUR,
                       created=NOW - MONTH),
        "ready-10h": mk("ready-10-hours", node="", ready=True, ready_since=NOW - 8 * HOUR,
                        created=NOW - MONTH),
    }


@pytest.mark.parametrize(
    "lesser,lr,greater,gr,cost_gate",
    [
        ("unscheduled", 1, "pending", 2, True),
        ("unscheduled", 2, "pending", 1, True),
        ("pending", 1, "unknown", 2, True),
        ("unknown", 1, "not-ready", 2, True),
        ("not-ready", 1, "ready-no-ltt", 1, True),
        ("ready-no-ltt", 1, "ready-now", 1, True),
        ("ready-now", 2, "ready-no-ltt", 1, True),
        ("ready-now", 1, "ready-then", 1, True),
        ("ready-now", 2, "ready-then", 1, True),
        ("ready-high-restarts", 1, "ready-now", 1, True),
        ("ready-now", 2, "ready-high-restarts", 1, True),
        ("ready-now", 1, "ready-now-created-then", 1, True),
        ("ready-now-created-then", 2, "ready-now", 1, True),
        ("low-cost", 2, "high-cost", 1, True),
        ("high-cost", 2, "low-cost", 1, False),
        ("ready-2h", 1, "ready-5h", 1, True),
    ],
    ids=[f"{i + 1}" for i in range(16)],
)
def test_sorting_active_pods_with_ranks_inequality(lesser, lr, greater, gr, cost_gate):
    pods = _rank_pods()
    a, b = pods[lesser], pods[greater]
    assert active_pods_with_ranks_less(a, lr, b, gr, NOW, deletion_cost=cost_gate)
    assert not active_pods_with_ranks_less(b, gr, a, lr, NOW, deletion_cost=cost_gate)


@pytest.mark.parametrize("a,b", [("unscheduled-5h", "unscheduled-8h"), ("ready-5h", "ready-10h")]
                         + [(k, k) for k in _rank_pods()], ids=lambda v: v)
def test_sorting_active_pods_with_ranks_equality(a, b):
    pods = _rank_pods()
    assert not active_pods_with_ranks_less(pods[a], 1, pods[b], 1, NOW)
    assert not active_pods_with_ranks_less(pods[b], 1, pods[a], 1, NOW)


@pytest.mark.parametrize(
    "value,cost",
    [(None, 0), ("10", 10), ("-5", -5), ("0", 0), ("+10", 0), ("008", 0), ("", 0),
     ("99999999999", 0)],
    ids=["missing", "positive", "negative", "zero", "plus-sign", "leading-zero", "empty",
         "overflow"],
)
def test_deletion_cost_annotation(value, cost):
    p = mk("a", cost=value)
    assert get_deletion_cost(p) == cost


# --------------------------------------------------------------------- slow start
@pytest.mark.parametrize(
    "call_limit,successes,calls,error",
    [(0, 0, 1, True), (10, 10, 10, False), (5, 5, 7, True)],
    ids=["fail-first", "all-succeed", "fail-in-third-batch"],
)
def test_slow_start_batch(call_limit, successes, calls, error):
    count = {"n": 0}

    def fn():
        count["n"] += 1
        if count["n"] > call_limit:
            raise RuntimeError("fake error")

    got, err = slow_start_batch(10, 1, fn)
    assert (got, count["n"], err is not None) == (successes, calls, error)


@pytest.mark.parametrize("count,sizes", [(10, [1, 2, 4, 3]), (100, [1, 2, 4, 8, 16, 32, 37]),
                                         (0, []), (1, [1])], ids=["10", "100", "0", "1"])
def test_slow_start_batch_sizes(count, sizes):
    seen = []
    assert slow_start_batch(count, 1, lambda: None, on_batch=seen.append) == (count, None)
    assert seen == sizes


# --------------------------------------------------------------------- getPodsToDelete
def _pods_to_delete_fixtures():
    return {
        "readyNode1": mk("ready-node-1", node="node1", ready=True, ready_since=NOW),
        "readyNode1b": mk("ready-node-1b", node="node1", ready=True, ready_since=NOW),
        "readyNode2": mk("ready-node-2", node="node2", ready=True, ready_since=NOW),
        "notReady": mk("not-ready", node="node1"),
        "notReady2": mk("not-ready", node="node1"),
        "scheduledPending": mk("pending", node="node1", phase="Pending"),
        "unscheduledPending": mk("unscheduled", node="", phase="Pending"),
    }


@pytest.mark.parametrize(
    "pods,related,diff,expected",
    [
        ([], None, 0, []),
        (["notReady", "readyNode1"], None, 2, ["notReady", "readyNode1"]),
        (["readyNode1", "notReady"], None, 1, ["notReady"]),
        (["readyNode1", "readyNode1b", "readyNode2", "notReady", "scheduledPending",
          "unscheduledPending"], None, 6,
         ["readyNode1", "readyNode1b", "readyNode2", "notReady", "scheduledPending",
          "unscheduledPending"]),
        (["readyNode1", "readyNode1b", "readyNode2", "notReady", "scheduledPending",
          "unscheduledPending"], [], 6,
         ["readyNode1", "readyNode1b", "readyNode2", "notReady", "scheduledPending",
          "unscheduledPending"]),
        (["scheduledPending", "unscheduledPending"], None, 1, ["unscheduledPending"]),
        (["readyNode1", "notReady", "notReady2"], None, 2, ["notReady", "notReady2"]),
        (["readyNode1", "readyNode2"], ["readyNode1", "readyNode2", "readyNode2"], 1,
         ["readyNode2"]),
        (["scheduledPending", "notReady"], None, 1, ["scheduledPending"]),
        (["readyNode1", "readyNode2", "notReady", "scheduledPending", "unscheduledPending"],
         None, 3, ["unscheduledPending", "scheduledPending", "notReady"]),
    ],
    ids=["empty", "diff-eq-len", "diff-lt-len", "various-diff-eq-len", "related-empty",
         "scheduled-vs-unscheduled", "ready-vs-not-ready", "co-located", "pending-vs-running",
         "various-diff-lt-len"],
)
def test_get_pods_to_delete(pods, related, diff, expected):
    fx = _pods_to_delete_fixtures()
    objs = [fx[n] for n in pods]
    rel = objs if related is None else [fx[n] for n in related]
    got = get_pods_to_delete(list(objs), rel, diff, NOW)
    assert [id(p) for p in got] == [id(fx[n]) for n in expected]


# --------------------------------------------------------------------- calculateStatus
def _status_pod(name, phase, fully, ready_since=NOW):
    labels = {"foo": "bar"}
    if fully:
        labels.update({"name": "foo", "type": "production"})
    p = new_pod(name, labels)
    p.status.phase = phase
    if phase == "Running":
        p.status.conditions = [PodCondition(type="Ready", status="True",
                                            last_transition_time=ready_since)]
    return p


def _status_rs(replicas, min_ready=0):
    rs = new_replica_set("foobar", replicas, {"foo": "bar"})
    rs.spec.template.metadata.labels = {"name": "foo", "type": "production"}
    rs.spec.min_ready_seconds = min_ready
    return rs


@pytest.mark.parametrize(
    "replicas,min_ready,pods,expected",
    [
        (1, 0, [("Running", True)], (1, 1, 1, 1)),
        (1, 0, [("Running", False)], (1, 0, 1, 1)),
        (2, 0, [("Running", True)] * 2, (2, 2, 2, 2)),
        (2, 0, [("Running", False)] * 2, (2, 0, 2, 2)),
        (2, 0, [("Running", True), ("Running", False)], (2, 1, 2, 2)),
        (1, 0, [("Pending", True)], (1, 1, 0, 0)),
        (1, 3600, [("Running", True)], (1, 1, 1, 0)),
    ],
    ids=["1-fully", "1-not-fully", "2-fully", "2-not-fully", "mixed", "pending",
         "ready-not-available"],
)
def test_calculate_status(replicas, min_ready, pods, expected):
    rs = _status_rs(replicas, min_ready)
    active = [_status_pod(f"p{i}", ph, fl) for i, (ph, fl) in enumerate(pods)]
    s = calculate_status(rs, active, [], None, NOW)
    assert (s.replicas, s.fully_labeled_replicas, s.ready_replicas,
            s.available_replicas) == expected


@pytest.mark.parametrize(
    "replicas,n_active,err,existing,expected",
    [
        (2, 1, "fake manageReplicasErr", None, [("ReplicaFailure", "True", "FailedCreate")]),
        (0, 1, "fake manageReplicasErr", None, [("ReplicaFailure", "True", "FailedDelete")]),
        (1, 1, None, ("ReplicaFailure", "True", ""), []),
        (1, 1, "fake manageReplicasErr", ("ReplicaFailure", "True", ""),
         [("ReplicaFailure", "True", "")]),
        (1, 1, None, None, []),
    ],
    ids=["error-too-few", "error-too-many", "no-error-removes", "error-keeps-existing",
         "nothing"],
)
def test_calculate_status_conditions(replicas, n_active, err, existing, expected):
    rs = _status_rs(replicas)
    if existing:
        rs.status.conditions = [ReplicaSetCondition(type=existing[0], status=existing[1],
                                                    reason=existing[2])]
    active = [_status_pod(f"p{i}", "Running", True) for i in range(n_active)]
    s = calculate_status(rs, active, [], RuntimeError(err) if err else None, NOW)
    assert [(c.type, c.status, c.reason) for c in s.conditions] == expected
    if err and not existing:
        assert s.conditions[0].message == "fake manageReplicasErr"


def test_get_set_remove_condition():
    rs = _status_rs(1)
    st = rs.status
    set_condition(st, ReplicaSetCondition(type="ReplicaFailure", status="True",
                                          reason="OtherFailure"))
    assert get_condition(st, "ReplicaFailure") is not None
    assert get_condition(st, "ImagePullBackOff") is None
    st.conditions.insert(0, ReplicaSetCondition(type="ImagePullBackOff", status="True"))
    set_condition(st, ReplicaSetCondition(type="ReplicaFailure", status="True",
                                          reason="AnotherFailure"))
    assert [(c.type, c.reason) for c in st.conditions] == [
        ("ImagePullBackOff", ""), ("ReplicaFailure", "AnotherFailure")]
    remove_condition(st, "ReplicaFailure")
    assert [c.type for c in st.conditions] == ["ImagePullBackOff"]

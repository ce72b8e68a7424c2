"""The notebook-13 exercise answers agree with the k8slearn model."""

from __future__ import annotations

from k8slearn.api.core import PodCondition
from k8slearn.controller.controller_utils import sort_active_pods
from k8slearn.controller.objects import new_pod
from k8slearn.controller.replicaset import slow_start_batch
from k8slearn.exercises import check


def test_slow_start_batches_answer_matches_model():
    sizes = []
    slow_start_batch(20, 1, lambda: None, on_batch=sizes.append)
    assert check("controller.slow_start_batches", sizes).correct


def test_create_calls_answer_matches_model():
    calls = {"n": 0}

    def create():
        calls["n"] += 1
        if calls["n"] > 10:
            raise RuntimeError("limit")

    slow_start_batch(100, 1, create)
    assert check("controller.create_calls_with_limit", calls["n"]).correct


def test_deletion_order_answer_matches_model():
    a = new_pod("a", node_name="node-1")
    a.status.phase = "Running"
    a.status.conditions = [PodCondition(type="Ready", status="True", last_transition_time=1.0)]
    b = new_pod("b", node_name="node-1")
    b.status.phase = "Running"
    c = new_pod("c")
    c.status.phase = "Pending"
    d = new_pod("d", node_name="node-2")
    d.status.phase = "Pending"
    pods = [a, b, c, d]
    sort_active_pods(pods)
    assert check("controller.deletion_order", [p.metadata.name for p in pods]).correct


def test_wrong_answers_get_hints_not_solutions():
    r = check("controller.create_calls_with_limit", 10)
    assert not r.correct and "15" not in r.message
    assert not check("controller.informer_queue", "DeltaFIFO").correct
    assert "replace the ..." in check("controller.conflict_code", ...).message

"""``deep_equal`` (the status-write check) agrees with ``==`` on API objects."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from k8slearn.api import load
from k8slearn.api.autoscaling import HorizontalPodAutoscalerCondition
from k8slearn.api.resource import Quantity
from k8slearn.podautoscaler.semantic import deep_equal

ROOT = Path(__file__).resolve().parents[2]
STATUSES = [load(ROOT / p)[0].status for p in
            ("examples/hpa/hpa.yaml", "tests/data/hpa-behavior.yaml", "tests/data/hpa.json")]


def _edits():
    def cond(field, value):
        def f(s):
            setattr(s.conditions[0], field, value)
        return f

    def metric_value(s):
        s.current_metrics[0].resource.current.average_value = Quantity("1")

    yield "same", lambda s: None
    yield "ltt", cond("last_transition_time", 1.0)
    yield "reason", cond("reason", "Other")
    yield "desired", lambda s: setattr(s, "desired_replicas", 99)
    yield "one more condition", lambda s: s.conditions.append(
        HorizontalPodAutoscalerCondition(type="X"))
    yield "metric value", metric_value
    yield "no metrics", lambda s: setattr(s, "current_metrics", [])
    yield "conditions as tuple", lambda s: setattr(s, "conditions", tuple(s.conditions))


@pytest.mark.parametrize("status", STATUSES, ids=["example", "behavior", "json"])
@pytest.mark.parametrize("name,edit", list(_edits()), ids=[n for n, _ in _edits()])
def test_deep_equal_matches_eq(status, name, edit) -> None:
    other = copy.deepcopy(status)
    if name == "metric value" and not (other.current_metrics and
                                       other.current_metrics[0].resource is not None and
                                       other.current_metrics[0].resource.current.average_value):
        pytest.skip("no resource metric value in this fixture")
    edit(other)
    assert deep_equal(status, other) == (status == other)
    assert deep_equal(other, status) == (other == status)
    assert deep_equal(status, other) == (name == "same")


def test_quantities_compare_by_value() -> None:
    a = load(ROOT / "examples/hpa/hpa.yaml")[0].status
    b = copy.deepcopy(a)
    v = a.current_metrics[0].resource.current.average_value
    b.current_metrics[0].resource.current.average_value = Quantity(str(v.milli_value() / 1000))
    assert b.current_metrics[0].resource.current.average_value is not v
    assert deep_equal(a, b) and a == b

"""Invariants of the replica calculator, checked on random pod sets (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from k8slearn.podautoscaler.workbench import resource_scenario

pod_st = st.fixed_dictionaries({
    "usage": st.one_of(st.none(), st.integers(0, 3000)),
    "request": st.integers(100, 2000),
    "ready": st.booleans(),
    "phase": st.sampled_from(["Running", "Running", "Running", "Pending", "Failed"]),
    "age": st.sampled_from([10.0, 60.0, 3600.0]),
})


@settings(max_examples=100, deadline=None)
@given(st.lists(pod_st, min_size=1, max_size=8), st.integers(10, 150), st.integers(1, 10))
def test_never_moves_against_the_first_ratio(pods, target, current) -> None:
    pods = [dict(p, name=f"p{i}") for i, p in enumerate(pods)]
    try:
        s = resource_scenario(pods, target, current)
    except Exception as e:  # no usable samples: an error, never a wrong number
        assert "metrics" in str(e) or "pods" in str(e), e
        return
    ratio = s.utilization / target
    assert s.replicas >= 0
    if ratio < 1:
        assert s.replicas <= max(current, math.ceil(ratio * len(pods)))
    if ratio > 1:
        assert s.replicas >= current or s.replicas == math.ceil(
            ratio * sum(1 for g, _ in s.groups.values() if g == "ready"))
    if 0.9 <= ratio <= 1.1:
        assert s.replicas == current


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(100, 2000)), min_size=1,
                max_size=8), st.integers(10, 150), st.integers(1, 10))
def test_all_ready_is_the_plain_formula(samples, target, current) -> None:
    pods = [{"name": f"p{i}", "usage": u, "request": r} for i, (u, r) in enumerate(samples)]
    s = resource_scenario(pods, target, current)
    utilization = sum(u for u, _ in samples) * 100 // sum(r for _, r in samples)
    ratio = utilization / target
    expected = current if 0.9 <= ratio <= 1.1 else math.ceil(ratio * len(pods))
    assert (s.utilization, s.replicas) == (utilization, expected)

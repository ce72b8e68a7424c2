"""Build exercises 30.5 and 31.4: the reference passes, known-wrong versions fail by name."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

import k8slearn.exercises as ex
import k8slearn.exercises.hpa  # noqa: F401  (registers the exercises)

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"


def _answers(stem: str) -> dict:
    spec = importlib.util.spec_from_file_location(f"sol_{stem}", SOLUTIONS / f"{stem}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.ANSWERS


REBALANCE = _answers("30_hpa_replica_calculator")["hpa.build_rebalance"]
STABILIZE = _answers("31_hpa_controller")["hpa.build_stabilize"]


# ------------------------------------------------------------------ 30.5 wrong versions
def no_rebalancing(current, target, samples, requests, unready, missing):
    """The textbook: ignore unready and missing pods entirely."""
    util = sum(samples.values()) * 100 // sum(requests[p] for p in samples)
    r = util / target
    return current if 0.9 <= r <= 1.1 else math.ceil(r * len(samples))


def refill_missing_at_request_always(current, target, samples, requests, unready, missing):
    """Misses the direction: missing pods always count at their request (also on scale-up)."""
    m = dict(samples)
    for p in missing:
        m[p] = requests[p]
    return no_rebalancing(current, target, m, requests, set(), set())


def no_direction_guard(current, target, samples, requests, unready, missing):
    """Refills correctly but forgets that a flipped direction keeps the current count."""
    m = dict(samples)
    util = sum(m.values()) * 100 // sum(requests[p] for p in m)
    r = util / target
    if not missing and not (unready and r > 1):
        return current if 0.9 <= r <= 1.1 else math.ceil(r * len(m))
    for p in missing:
        m[p] = requests[p] * max(100, target) // 100 if r < 1 else 0
    if unready and r > 1:
        for p in unready:
            m[p] = 0
    new = (sum(m.values()) * 100 // sum(requests[p] for p in m)) / target
    return current if 0.9 <= new <= 1.1 else math.ceil(new * len(m))


@pytest.mark.parametrize("wrong,case", [
    (no_rebalancing, "TestReplicaCalcMissingMetrics"),
    (refill_missing_at_request_always, "TestReplicaCalcMissingMetricsNoChangeGt"),
    (no_direction_guard, "TestReplicaCalcMissingMetricsNoChangeEq"),
])
def test_rebalance_wrong_versions_fail_on_a_named_case(wrong, case):
    result = ex.check("hpa.build_rebalance", wrong)
    assert not result.correct
    assert f"First failing case: {case}" in result.message, result.message


def test_rebalance_reference_and_stub():
    assert ex.check("hpa.build_rebalance", REBALANCE).correct
    stub = ex.check("hpa.build_rebalance", lambda *a: None)
    assert not stub.correct and "First failing case: TestReplicaCalcScaleUp" in stub.message


def test_rebalance_cases_agree_with_the_model():
    """Each ported expectation is also what k8slearn's replica calculator returns."""
    from k8slearn.podautoscaler.workbench import resource_scenario

    for case in ex.REGISTRY["hpa.build_rebalance"].cases():
        def model(current, target, samples, requests, unready, missing):
            pods = [{"name": p, "request": requests[p], "usage": samples.get(p, 10**6)
                     if p not in missing else None, "ready": p not in unready,
                     "age": 3600.0} for p in requests]
            return resource_scenario(pods, target, current=current).replicas

        assert case.run(model) == case.expected, case.name


# ------------------------------------------------------------------ 31.4 wrong versions
def max_filter_only(recs, current, desired, up_window, down_window, now):
    """The no-behavior rule: only a max over the down window (no scale-up stabilization)."""
    result, reuse = desired, None
    for i, (v, t) in enumerate(recs):
        if t > now - down_window:
            result = max(result, v)
        elif t < now - up_window:
            reuse = i
    if reuse is None:
        recs.append([desired, now])
    else:
        recs[reuse] = [desired, now]
    return result


def always_append(recs, current, desired, up_window, down_window, now):
    """Right result, but the list grows forever (no slot reuse)."""
    out = STABILIZE([list(r) for r in recs], current, desired, up_window, down_window, now)
    recs.append([desired, now])
    return out


def from_desired_not_current(recs, current, desired, up_window, down_window, now):
    """Clamps the desired count instead of starting from the current one."""
    up = min([desired] + [v for v, t in recs if t > now - up_window])
    down = max([desired] + [v for v, t in recs if t > now - down_window])
    STABILIZE(recs, current, desired, up_window, down_window, now)
    return min(max(desired, up), down)


@pytest.mark.parametrize("wrong,case", [
    (max_filter_only, "simple scale up stabilization"),
    (always_append, "no scale down stabilization, reuse recommendation element"),
    (from_desired_not_current, "simple scale down stabilization"),
])
def test_stabilize_wrong_versions_fail_on_a_named_case(wrong, case):
    result = ex.check("hpa.build_stabilize", wrong)
    assert not result.correct
    assert f"First failing case: {case}" in result.message, result.message


def test_stabilize_reference_agrees_with_the_model():
    from k8slearn.podautoscaler.normalization import (
        NormalizationArg,
        TimestampedRecommendation,
        stabilize_recommendation_with_behaviors,
    )
    from k8slearn.podautoscaler.workbench import make_rules

    assert ex.check("hpa.build_stabilize", STABILIZE).correct
    for case in ex.REGISTRY["hpa.build_stabilize"].cases():
        def model(recs, current, desired, up, down, now):
            rs = [TimestampedRecommendation(v, t) for v, t in recs]
            arg = NormalizationArg("k", make_rules([], window=up), make_rules([], window=down),
                                   0, 1000, current, desired)
            got, _, _ = stabilize_recommendation_with_behaviors(rs, arg, now)
            recs[:] = [[r.recommendation, r.timestamp] for r in rs]
            return got

        assert case.run(model) == case.expected, case.name

"""``hpa explain``'s one-line verdict names the rule that decided (issue 13 item 8)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from k8slearn.api.serialization import parse_time
from k8slearn.podautoscaler.explain import explain_state, load_state

EX = Path(__file__).resolve().parents[2] / "examples" / "hpa"
STATE = load_state([str(EX / f) for f in ("hpa.yaml", "deployment.yaml", "pods.yaml",
                                          "podmetrics.yaml")])
NOW = parse_time("2026-05-12T10:00:00Z")


def _usage(s, milli):
    for m in s.pod_metrics:
        for c in m.containers:
            c.usage["cpu"] = type(c.usage["cpu"])(f"{milli}m")


def _all_ready(s):
    s.pods = [p for p in s.pods if p.status.phase == "Running"]
    for p in s.pods:
        p.status.start_time = NOW - 7200
        for c in p.status.conditions:
            c.status, c.last_transition_time = "True", NOW - 7100


def variant(name):
    s = copy.deepcopy(STATE)
    if name == "disabled":
        s.target.spec.replicas = 0
    elif name == "outside":
        s.target.spec.replicas = 12
    elif name == "failed":
        s.pod_metrics = []
    elif name == "max":
        s.hpa.spec.max_replicas = 6
    elif name == "tolerance":
        _all_ready(s)
        s.target.spec.replicas = 5
        _usage(s, 105)  # 105m of 200m = 52%, ratio 1.04
    elif name == "min":
        _all_ready(s)
        s.target.spec.replicas = 3
        _usage(s, 5)
    elif name == "limit":
        _all_ready(s)
        s.target.spec.replicas = 2
        _usage(s, 600)
    return s


@pytest.mark.parametrize("name,history,expected", [
    ("disabled", "fresh", "Verdict: keep 0 replicas; scaling is disabled"),
    ("outside", "fresh", "Verdict: scale from 12 to 10; the current count is outside"),
    ("failed", "fresh", "Verdict: keep 6 replicas; no metric gave a count "
                        "(FailedGetResourceMetric): failed to get cpu utilization: unable to get "
                        "metrics for resource cpu: no metrics returned from resource metrics API"),
    ("max", "fresh", "Verdict: keep 6 replicas; the recommendation was 7, maxReplicas decided."),
    ("tolerance", "fresh", "Verdict: keep 5 replicas; cpu resource utilization (percentage of "
                           "request) is within the tolerance, so the count stays."),
    ("min", "none", "Verdict: scale from 3 to 2; the recommendation was 1, minReplicas decided."),
    ("limit", "fresh", "Verdict: scale from 2 to 4; the recommendation was 30, the scale-up rate "
                       "limit"),
    ("as-is", "fresh", "Verdict: scale from 6 to 7; cpu resource utilization (percentage of "
                       "request): rebalanced for 2 unready pod(s), proposing 7."),
])
def test_verdict_names_the_rule(name, history, expected):
    ex = explain_state(variant(name), NOW, history)
    assert ex.verdict.startswith(expected), ex.verdict
    assert "\n" not in ex.verdict

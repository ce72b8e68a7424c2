"""Validation messages (the re-exported apiserver rules) and TestGenerateScale{Up,Down}Rules."""

from __future__ import annotations

import pytest

from k8slearn.api.autoscaling import (
    CrossVersionObjectReference,
    HorizontalPodAutoscaler,
    HorizontalPodAutoscalerBehavior,
    HPAScalingPolicy,
    HPAScalingRules,
    MetricSpec,
    MetricTarget,
    ResourceMetricSource,
)
from k8slearn.api.meta import ObjectMeta
from k8slearn.api.resource import Quantity
from k8slearn.podautoscaler.defaults import (
    generate_hpa_scale_down_rules,
    generate_hpa_scale_up_rules,
)
from k8slearn.podautoscaler.validation import (
    default_and_validate,
    validate_horizontal_pod_autoscaler,
)


def hpa(**spec) -> HorizontalPodAutoscaler:
    h = HorizontalPodAutoscaler(metadata=ObjectMeta(name="web", namespace="default"))
    h.spec.scale_target_ref = CrossVersionObjectReference(kind="Deployment", name="web",
                                                          api_version="apps/v1")
    h.spec.min_replicas = 1
    h.spec.max_replicas = 5
    h.spec.metrics = [MetricSpec(type="Resource", resource=ResourceMetricSource(
        name="cpu", target=MetricTarget(type="Utilization", average_utilization=70)))]
    for k, v in spec.items():
        setattr(h.spec, k, v)
    return h


def up(policies=None, stab=None, select=None, tolerance=None) -> HorizontalPodAutoscalerBehavior:
    rules = HPAScalingRules(stabilization_window_seconds=stab, select_policy=select,
                            policies=policies, tolerance=tolerance)
    return HorizontalPodAutoscalerBehavior(scale_up=rules)


def pol(t: str, v: int, p: int) -> HPAScalingPolicy:
    return HPAScalingPolicy(type=t, value=v, period_seconds=p)


CASES = {
    "valid": (hpa(), []),
    "maxReplicas 0": (hpa(max_replicas=0), [
        "spec.maxReplicas: Invalid value: 0: must be greater than 0",
        "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`"]),
    "minReplicas 0 without scale-to-zero": (hpa(min_replicas=0), [
        "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
        "spec.metrics: Forbidden: must specify at least one Object or External metric to support "
        "scaling to zero replicas"]),
    "no policies": (hpa(behavior=up(policies=[])), [
        "spec.behavior.scaleUp.policies: Required value: must specify at least one Policy"]),
    "window too long": (hpa(behavior=up(policies=[pol("Pods", 1, 60)], stab=3601)), [
        "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less "
        "than or equal to 3600"]),
    "bad select policy": (hpa(behavior=up(policies=[pol("Pods", 1, 60)], select="incorrect")), [
        'spec.behavior.scaleUp.selectPolicy: Unsupported value: "incorrect": supported values: '
        '"Disabled", "Max", "Min"']),
    "bad policy type": (hpa(behavior=up(policies=[pol("hm", 1, 60)])), [
        'spec.behavior.scaleUp.policies[0].type: Unsupported value: "hm": supported values: '
        '"Percent", "Pods"']),
    "negative value": (hpa(behavior=up(policies=[pol("Pods", -1, 60)])), [
        "spec.behavior.scaleUp.policies[0].value: Invalid value: -1: must be greater than zero"]),
    "period too long": (hpa(behavior=up(policies=[pol("Pods", 1, 1801)])), [
        "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less "
        "than or equal to 1800"]),
    "negative tolerance (v1.33+)": (
        hpa(behavior=up(policies=[pol("Pods", 1, 60)], tolerance=Quantity("-0.1"))), [
            'spec.behavior.scaleUp.tolerance: Invalid value: "-100m": must be greater or '
            "equal to zero"]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_validation_messages(name: str) -> None:
    obj, expected = CASES[name]
    assert [str(e) for e in validate_horizontal_pod_autoscaler(obj)] == expected


def test_default_then_validate_fills_omitted_policies() -> None:
    # an omitted policies list is defaulted; an explicit [] is kept and rejected
    h = hpa(behavior=up(policies=None))
    assert default_and_validate(h) == []
    assert [p.type for p in h.spec.behavior.scale_up.policies] == ["Pods", "Percent"]
    h = hpa(behavior=up(policies=[]))
    assert [str(e) for e in default_and_validate(h)] == [
        "spec.behavior.scaleUp.policies: Required value: must specify at least one Policy"]


def _rules(r: HPAScalingRules) -> tuple:
    return ([(p.type, p.value, p.period_seconds) for p in r.policies],
            r.stabilization_window_seconds, r.select_policy)


# TestGenerateScaleDownRules / TestGenerateScaleUpRules (v2 defaults_test.go)
GENERATE = {
    "Default values": (HPAScalingRules(), ([("Percent", 100, 15)], None, "Max"),
                       ([("Pods", 4, 15), ("Percent", 100, 15)], 0, "Max")),
    "All parameters are specified": (
        HPAScalingRules(policies=[pol("Pods", 1, 2), pol("Percent", 3, 4)],
                        stabilization_window_seconds=25, select_policy="Max"),
        ([("Pods", 1, 2), ("Percent", 3, 4)], 25, "Max"),
        ([("Pods", 1, 2), ("Percent", 3, 4)], 25, "Max")),
    "Percent policy is specified (Min)": (
        HPAScalingRules(policies=[pol("Percent", 1, 2)], select_policy="Min"),
        ([("Percent", 1, 2)], None, "Min"), ([("Percent", 1, 2)], 0, "Min")),
    "Pods policy is specified": (
        HPAScalingRules(policies=[pol("Pods", 3, 4)]),
        ([("Pods", 3, 4)], None, "Max"), ([("Pods", 3, 4)], 0, "Max")),
}


@pytest.mark.parametrize("name", list(GENERATE))
def test_generate_scale_rules(name: str) -> None:
    rules, down, up_ = GENERATE[name]
    import copy

    assert _rules(generate_hpa_scale_down_rules(copy.deepcopy(rules))) == down
    assert _rules(generate_hpa_scale_up_rules(copy.deepcopy(rules))) == up_


def test_generate_rules_from_nil() -> None:
    assert _rules(generate_hpa_scale_up_rules(None)) == (
        [("Pods", 4, 15), ("Percent", 100, 15)], 0, "Max")
    assert _rules(generate_hpa_scale_down_rules(None)) == ([("Percent", 100, 15)], None, "Max")


def test_generate_up_rules_keep_window() -> None:
    r = HPAScalingRules(policies=[pol("Percent", 7, 60)], stabilization_window_seconds=25)
    assert _rules(generate_hpa_scale_up_rules(r)) == ([("Percent", 7, 60)], 25, "Max")
    r = HPAScalingRules(policies=[pol("Pods", 4, 2)], stabilization_window_seconds=25)
    assert _rules(generate_hpa_scale_up_rules(r)) == ([("Pods", 4, 2)], 25, "Max")

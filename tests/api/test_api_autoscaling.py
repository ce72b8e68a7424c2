"""autoscaling/v2 defaulting and HPA validation: every rule, with the apiserver's exact messages."""

from __future__ import annotations

import copy

import pytest

from k8slearn.api import HorizontalPodAutoscaler, HPAScalingPolicy, HPAScalingRules, from_dict
from k8slearn.api.autoscaling_defaults import (
    generate_hpa_scale_down_rules,
    generate_hpa_scale_up_rules,
    set_defaults_horizontal_pod_autoscaler,
)
from k8slearn.api.autoscaling_validation import (
    HorizontalPodAutoscalerSpecValidationOptions,
    validate_horizontal_pod_autoscaler,
    validate_horizontal_pod_autoscaler_status_update,
    validate_horizontal_pod_autoscaler_update,
    validation_options_for_horizontal_pod_autoscaler,
)
from k8slearn.api.serialization import decode_into, new_context

# -- defaults (v2 defaults_test.go: TestGenerateScaleDownRules / TestGenerateScaleUpRules)


def rules(policies=None, window=None, select=None, tolerance=None) -> HPAScalingRules:
    pols = None if policies is None else [HPAScalingPolicy(t, v, p) for t, v, p in policies]
    return HPAScalingRules(stabilization_window_seconds=window, select_policy=select,
                           policies=pols, tolerance=tolerance)


def summary(r: HPAScalingRules):
    return ([(p.type, p.value, p.period_seconds) for p in r.policies],
            r.stabilization_window_seconds, r.select_policy)


@pytest.mark.parametrize("given,expected", [
    (None, ([("Percent", 100, 15)], None, "Max")),
    (rules(), ([("Percent", 100, 15)], None, "Max")),
    (rules([("Pods", 1, 2), ("Percent", 3, 4)], 25, "Max"),
     ([("Pods", 1, 2), ("Percent", 3, 4)], 25, "Max")),
    (rules([("Percent", 1, 2)], select="Min"), ([("Percent", 1, 2)], None, "Min")),
    (rules([("Pods", 3, 4)]), ([("Pods", 3, 4)], None, "Max")),
], ids=["nil", "nil-fields", "all-specified", "percent-only-min", "pods-only"])
def test_generate_scale_down_rules(given, expected):
    assert summary(generate_hpa_scale_down_rules(given)) == expected


@pytest.mark.parametrize("given,expected", [
    (None, ([("Pods", 4, 15), ("Percent", 100, 15)], 0, "Max")),
    (rules(), ([("Pods", 4, 15), ("Percent", 100, 15)], 0, "Max")),
    (rules([("Pods", 1, 2), ("Percent", 3, 4)], 25, "Max"),
     ([("Pods", 1, 2), ("Percent", 3, 4)], 25, "Max")),
    (rules([("Pods", 1, 2)], select="Min"), ([("Pods", 1, 2)], 0, "Min")),
    (rules([("Percent", 7, 10)]), ([("Percent", 7, 10)], 0, "Max")),
    (rules([("Pods", 4, 2)], 25), ([("Pods", 4, 2)], 25, "Max")),
    (rules([("Percent", 7, 60)], 25), ([("Percent", 7, 60)], 25, "Max")),
], ids=["nil", "nil-fields", "all-specified", "pods-only-min", "percent-only",
        "pods-with-window", "percent-with-window"])
def test_generate_scale_up_rules(given, expected):
    assert summary(generate_hpa_scale_up_rules(given)) == expected


def test_tolerance_is_copied_and_empty_policies_kept():
    from k8slearn.api import Quantity

    up = generate_hpa_scale_up_rules(rules(tolerance=Quantity("0.05")))
    assert up.tolerance == Quantity("50m")
    assert generate_hpa_scale_down_rules(rules(policies=[])).policies == []


def test_defaults_do_not_invent_behavior():
    hpa = HorizontalPodAutoscaler()
    set_defaults_horizontal_pod_autoscaler(hpa)
    assert hpa.spec.behavior is None and hpa.spec.min_replicas == 1
    assert hpa.spec.metrics[0].to_dict() == {
        "type": "Resource",
        "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}


def test_defaults_keep_explicit_min_replicas_and_metrics():
    hpa = hpa_from({"minReplicas": 3, "metrics": [POD_METRIC]})
    set_defaults_horizontal_pod_autoscaler(hpa)
    assert hpa.spec.min_replicas == 3 and [m.type for m in hpa.spec.metrics] == ["Pods"]


# -- validation: one case per rule

REF = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}
CPU = {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                   "averageUtilization": 70}}}
POD_METRIC = {"type": "Pods", "pods": {"metric": {"name": "qps"},
                                       "target": {"type": "AverageValue", "averageValue": "10"}}}
OBJECT_METRIC = {"type": "Object", "object": {
    "describedObject": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "name": "main"},
    "metric": {"name": "rps"}, "target": {"type": "Value", "value": "2k"}}}
EXTERNAL_METRIC = {"type": "External", "external": {
    "metric": {"name": "queue"}, "target": {"type": "AverageValue", "averageValue": "30"}}}
CONTAINER_METRIC = {"type": "ContainerResource", "containerResource": {
    "name": "cpu", "container": "app", "target": {"type": "Utilization", "averageUtilization": 60}}}


def hpa_from(spec_overrides: dict, metadata: dict | None = None) -> HorizontalPodAutoscaler:
    spec = {"scaleTargetRef": REF, "minReplicas": 1, "maxReplicas": 5, "metrics": [CPU]}
    spec.update(spec_overrides)
    data = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": metadata or {"name": "web", "namespace": "default"}, "spec": spec}
    ctx = new_context()
    hpa = decode_into(ctx, HorizontalPodAutoscaler, copy.deepcopy(data))
    assert not ctx.errors
    return hpa


def errors_of(spec_overrides: dict, metadata: dict | None = None) -> list[str]:
    return [str(e) for e in validate_horizontal_pod_autoscaler(hpa_from(spec_overrides, metadata))]


def with_target(metric: dict, **target) -> dict:
    m = copy.deepcopy(metric)
    src = next(v for k, v in m.items() if k != "type")
    src["target"] = target
    return m


def behavior(**rules_by_direction) -> dict:
    return {"behavior": rules_by_direction}


GOOD_POLICY = [{"type": "Pods", "value": 1, "periodSeconds": 60}]
SUPPORTED = '"ContainerResource", "External", "Object", "Pods", "Resource"'

RULES = [
    ("valid-every-metric", {"metrics": [CPU, POD_METRIC, OBJECT_METRIC, EXTERNAL_METRIC,
                                        CONTAINER_METRIC]}, []),
    ("min-replicas-zero", {"minReplicas": 0, "metrics": [OBJECT_METRIC]},
     ["spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"]),
    ("max-replicas-zero", {"maxReplicas": 0},
     ["spec.maxReplicas: Invalid value: 0: must be greater than 0",
      "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`"]),
    ("max-below-min", {"minReplicas": 7},
     ["spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`"]),
    ("target-kind-and-name-required", {"scaleTargetRef": {"apiVersion": "apps/v1"}},
     ["spec.scaleTargetRef.kind: Required value", "spec.scaleTargetRef.name: Required value"]),
    ("target-path-segments", {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "..",
                                                 "name": "a/b%c"}},
     ["spec.scaleTargetRef.kind: Invalid value: \"..\": may not be '..'",
      "spec.scaleTargetRef.name: Invalid value: \"a/b%c\": may not contain '/'",
      "spec.scaleTargetRef.name: Invalid value: \"a/b%c\": may not contain '%'"]),
    ("target-api-group-required", {"scaleTargetRef": {**REF, "apiVersion": "v1"}},
     ['spec.scaleTargetRef.apiVersion: Invalid value: "v1": apiVersion must specify API group']),
    ("target-bad-group-version", {"scaleTargetRef": {**REF, "apiVersion": "a/b/c"}},
     ['spec.scaleTargetRef.apiVersion: Invalid value: "a/b/c": '
      "unexpected GroupVersion string: a/b/c"]),
    ("replication-controller-may-use-core", {"scaleTargetRef": {
        "apiVersion": "v1", "kind": "ReplicationController", "name": "rc"}}, []),
    ("scale-to-zero-needs-object-or-external", {"minReplicas": 0},
     ["spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
      "spec.metrics: Forbidden: must specify at least one Object or External metric to support "
      "scaling to zero replicas"]),
    ("metric-type-required", {"metrics": [{"type": ""}]},
     ["spec.metrics[0].type: Required value: must specify a metric source type",
      f'spec.metrics[0].type: Unsupported value: "": supported values: {SUPPORTED}',
      f'spec.metrics[0].type: Unsupported value: "": supported values: {SUPPORTED}']),
    ("metric-type-unknown", {"metrics": [{"type": "Foo"}]},
     [f'spec.metrics[0].type: Unsupported value: "Foo": supported values: {SUPPORTED}',
      f'spec.metrics[0].type: Unsupported value: "Foo": supported values: {SUPPORTED}']),
    ("metric-source-missing", {"metrics": [{"type": "Pods"}]},
     ["spec.metrics[0].pods: Required value: must populate information for the given metric "
      "source"]),
    ("metric-source-wrong-one", {"metrics": [{"type": "Pods", "resource": CPU["resource"]}]},
     ["spec.metrics[0].pods: Required value: must populate information for the given metric "
      "source"]),
    ("metric-two-sources", {"metrics": [{**CPU, "pods": POD_METRIC["pods"]}]},
     ["spec.metrics[0].pods: Forbidden: must populate the given metric source only"]),
    ("object-target-and-identifier", {"metrics": [{"type": "Object", "object": {
        "describedObject": {"kind": "Ingress", "name": "main"}, "metric": {"name": ""},
        "target": {"type": "Value"}}}]},
     ["spec.metrics[0].object.metric.name: Required value: must specify a metric name",
      "spec.metrics[0].object.target.averageValue: Required value: must set either a target "
      "value or averageValue"]),
    ("object-both-values-allowed", {"metrics": [with_target(OBJECT_METRIC, type="Value",
                                                            value="1", averageValue="2")]}, []),
    ("external-neither", {"metrics": [with_target(EXTERNAL_METRIC, type="AverageValue")]},
     ["spec.metrics[0].external.target.averageValue: Required value: must set either a target "
      "value for metric or a per-pod target"]),
    ("external-both", {"metrics": [with_target(EXTERNAL_METRIC, type="Value", value="1",
                                               averageValue="1")]},
     ["spec.metrics[0].external.target.value: Forbidden: may not set both a target value for "
      "metric and a per-pod target"]),
    ("pods-average-value-required", {"metrics": [with_target(POD_METRIC, type="AverageValue")]},
     ["spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target "
      "averageValue"]),
    ("resource-name-and-target", {"metrics": [{"type": "Resource", "resource": {
        "name": "", "target": {"type": "Utilization"}}}]},
     ["spec.metrics[0].resource.name: Required value: must specify a resource name",
      "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a "
      "target raw value or a target utilization"]),
    ("resource-both", {"metrics": [with_target(CPU, type="Utilization", averageUtilization=50,
                                               averageValue="100m")]},
     ["spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw "
      "value and a target utilization"]),
    # RegexError joins its examples as "'my-name',  or '123-abc'" (two spaces): upstream's text
    ("container-resource-name-and-container", {"metrics": [{
        "type": "ContainerResource", "containerResource": {
            "name": "InvalidResource", "container": "App_1",
            "target": {"type": "Utilization", "averageUtilization": 60}}}]},
     ['spec.metrics[0].containerResource.name: Invalid value: "InvalidResource": must be a '
      "standard resource type or fully qualified",
      'spec.metrics[0].containerResource.name: Invalid value: "InvalidResource": must be a '
      "standard resource for containers",
      'spec.metrics[0].containerResource.container: Invalid value: "App_1": a lowercase RFC 1123 '
      "label must consist of lower case alphanumeric characters or '-', and must start and end "
      "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation "
      "is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]),
    ("container-resource-required", {"metrics": [{
        "type": "ContainerResource", "containerResource": {
            "target": {"type": "Utilization", "averageUtilization": 60}}}]},
     ["spec.metrics[0].containerResource.name: Required value: must specify a resource name",
      "spec.metrics[0].containerResource.container: Required value: must specify a container"]),
    ("target-type", {"metrics": [with_target(POD_METRIC, averageValue="1")]},
     ["spec.metrics[0].pods.target.type: Required value: must specify a metric target type",
      'spec.metrics[0].pods.target.type: Invalid value: "": must be either Utilization, Value, '
      "or AverageValue"]),
    ("target-type-unknown", {"metrics": [with_target(POD_METRIC, type="Average",
                                                     averageValue="1")]},
     ['spec.metrics[0].pods.target.type: Invalid value: "Average": must be either Utilization, '
      "Value, or AverageValue"]),
    ("target-values-positive", {"metrics": [with_target(OBJECT_METRIC, type="Value", value="0",
                                                        averageValue="-1")]},
     ['spec.metrics[0].object.target.value: Invalid value: "0": must be positive',
      'spec.metrics[0].object.target.averageValue: Invalid value: "-1": must be positive']),
    ("target-utilization", {"metrics": [with_target(CPU, type="Utilization",
                                                    averageUtilization=-5)]},
     ["spec.metrics[0].resource.target.averageUtilization: Invalid value: -5: must be greater "
      "than 0"]),
    ("metric-name-path-segment", {"metrics": [{"type": "Pods", "pods": {
        "metric": {"name": "a/b"}, "target": {"type": "AverageValue", "averageValue": "1"}}}]},
     ["spec.metrics[0].pods.metric.name: Invalid value: \"a/b\": may not contain '/'"]),
    ("window-negative", behavior(scaleUp={"stabilizationWindowSeconds": -1,
                                          "policies": GOOD_POLICY}),
     ["spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: -1: must be greater than "
      "or equal to zero"]),
    ("window-too-long", behavior(scaleDown={"stabilizationWindowSeconds": 3601,
                                            "policies": GOOD_POLICY}),
     ["spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 3601: must be less "
      "than or equal to 3600"]),
    ("select-policy", behavior(scaleUp={"selectPolicy": "incorrect", "policies": GOOD_POLICY}),
     ['spec.behavior.scaleUp.selectPolicy: Unsupported value: "incorrect": supported values: '
      '"Disabled", "Max", "Min"']),
    ("policies-empty", behavior(scaleUp={"policies": []}),
     ["spec.behavior.scaleUp.policies: Required value: must specify at least one Policy"]),
    ("policy-type", behavior(scaleDown={"policies": [{"type": "hm", "value": 1,
                                                      "periodSeconds": 1}]}),
     ['spec.behavior.scaleDown.policies[0].type: Unsupported value: "hm": supported values: '
      '"Percent", "Pods"']),
    ("policy-value-and-period", behavior(scaleUp={"policies": [{"type": "Pods", "value": -1,
                                                                "periodSeconds": 0}]}),
     ["spec.behavior.scaleUp.policies[0].value: Invalid value: -1: must be greater than zero",
      "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 0: must be greater than "
      "zero"]),
    ("policy-period-too-long", behavior(scaleUp={"policies": [{"type": "Percent", "value": 1,
                                                               "periodSeconds": 1801}]}),
     ["spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than "
      "or equal to 1800"]),
    ("tolerance-negative", behavior(scaleUp={"policies": GOOD_POLICY, "tolerance": "-0.05"}),
     ['spec.behavior.scaleUp.tolerance: Invalid value: "-50m": must be greater or equal '
      "to zero"]),
    ("tolerance-negative-milli", behavior(scaleDown={"policies": GOOD_POLICY, "tolerance": "-1m"}),
     ['spec.behavior.scaleDown.tolerance: Invalid value: "-1m": must be greater or equal '
      "to zero"]),
    ("tolerance-zero-ok", behavior(scaleUp={"policies": GOOD_POLICY, "tolerance": "0"}), []),
]


@pytest.mark.parametrize("case,spec,expected", RULES, ids=[r[0] for r in RULES])
def test_validation_rule(case, spec, expected):
    assert errors_of(spec) == expected


# The real examples quoted from upstream's validation_test.go (reference hpa.md section 5.1).
SECTION_5_1 = [
    (behavior(scaleUp={"policies": []}),
     "spec.behavior.scaleUp.policies: Required value: must specify at least one Policy"),
    (behavior(scaleUp={"stabilizationWindowSeconds": 3601, "policies": GOOD_POLICY}),
     "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: must be less than "
     "or equal to 3600"),
    (behavior(scaleUp={"selectPolicy": "incorrect", "policies": GOOD_POLICY}),
     'spec.behavior.scaleUp.selectPolicy: Unsupported value: "incorrect": supported values: '
     '"Disabled", "Max", "Min"'),
    (behavior(scaleDown={"policies": [{"type": "hm", "value": 1, "periodSeconds": 1}]}),
     'spec.behavior.scaleDown.policies[0].type: Unsupported value: "hm": supported values: '
     '"Percent", "Pods"'),
    (behavior(scaleUp={"policies": [{"type": "Pods", "value": -1, "periodSeconds": 1}]}),
     "spec.behavior.scaleUp.policies[0].value: Invalid value: -1: must be greater than zero"),
]


@pytest.mark.parametrize("spec,message", SECTION_5_1,
                         ids=["no-policy", "window", "select", "policy-type", "policy-value"])
def test_reference_examples_verbatim(spec, message):
    assert errors_of(spec) == [message]


def test_min_replicas_lower_bound_zero_message():
    opts = HorizontalPodAutoscalerSpecValidationOptions(min_replicas_lower_bound=0)
    hpa = hpa_from({"minReplicas": -1, "metrics": [OBJECT_METRIC]})
    assert [str(e) for e in validate_horizontal_pod_autoscaler(hpa, opts)] == [
        "spec.minReplicas: Invalid value: -1: must be greater than or equal to 0"]


def test_metadata_name_is_required_and_checked():
    assert errors_of({}, {"namespace": "default"}) == [
        "metadata.name: Required value: name or generateName is required"]
    assert errors_of({}, {"generateName": "web-"}) == []
    assert errors_of({}, {"name": "web", "namespace": "Prod"})[0].startswith(
        'metadata.namespace: Invalid value: "Prod": a lowercase RFC 1123 label')


def test_validation_without_defaults_reports_missing_policies():
    # The validation unit tests run on undefaulted objects: an omitted list is then empty.
    assert errors_of(behavior(scaleUp={})) == [
        "spec.behavior.scaleUp.policies: Required value: must specify at least one Policy"]


def test_load_defaults_then_validates():
    hpa = from_dict({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                     "metadata": {"name": "web"},
                     "spec": {"scaleTargetRef": REF, "maxReplicas": 3,
                              "behavior": {"scaleUp": {"selectPolicy": "Min"}}}})
    assert hpa.spec.behavior.scale_up.policies  # filled in by defaulting, so no error


def test_options_scale_to_zero_and_updates():
    zero = hpa_from({"minReplicas": 0, "metrics": [EXTERNAL_METRIC]})
    opts = validation_options_for_horizontal_pod_autoscaler(zero, hpa_scale_to_zero=True)
    assert opts.min_replicas_lower_bound == 0
    assert validate_horizontal_pod_autoscaler(zero, opts) == []
    # an update keeps an existing minReplicas 0 and an unchanged apiVersion valid
    old = hpa_from({"minReplicas": 0, "metrics": [EXTERNAL_METRIC],
                    "scaleTargetRef": {**REF, "apiVersion": "v1"}})
    new = copy.deepcopy(old)
    assert validate_horizontal_pod_autoscaler_update(new, old) == []
    assert [str(e) for e in validate_horizontal_pod_autoscaler(new)] == [
        "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
        'spec.scaleTargetRef.apiVersion: Invalid value: "v1": apiVersion must specify API group']
    strict = HorizontalPodAutoscalerSpecValidationOptions()
    assert strict.object_metrics_validation_options.allow_empty_api_group


def test_status_update_replicas_non_negative():
    hpa = hpa_from({})
    hpa.status.current_replicas, hpa.status.desired_replicas = -1, -2
    assert [str(e) for e in validate_horizontal_pod_autoscaler_status_update(hpa)] == [
        "status.currentReplicas: Invalid value: -1: must be greater than or equal to 0",
        "status.desiredReplicas: Invalid value: -2: must be greater than or equal to 0"]

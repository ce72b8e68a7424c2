"""Registry-strategy validation options and ValidateScale.

The options table is upstream's TestValidationOptionsForHorizontalPodAutoscaler
(pkg/registry/autoscaling/horizontalpodautoscaler/strategy_test.go), case by case.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from k8slearn.api import HorizontalPodAutoscaler, ObjectMeta
from k8slearn.api.autoscaling_validation import (
    validate_scale,
    validation_options_for_horizontal_pod_autoscaler,
)
from k8slearn.api.serialization import decode_into, new_context


def hpa(min_replicas: int, api_version: str, kind: str,
        metrics: list[dict] | None = None) -> HorizontalPodAutoscaler:
    data = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": "myhpa", "namespace": "default"},
            "spec": {"minReplicas": min_replicas, "maxReplicas": 5,
                     "scaleTargetRef": {"kind": kind, "name": "name", "apiVersion": api_version},
                     "metrics": metrics or []}}
    ctx = new_context()
    obj = decode_into(ctx, HorizontalPodAutoscaler, data)
    assert not ctx.errors
    return obj


def object_metric(api_version: str) -> dict:
    return {"type": "Object", "object": {
        "describedObject": {"kind": "Deployment", "name": "mydeployment",
                            "apiVersion": api_version},
        "metric": {"name": "my-metric"}, "target": {"type": "Value", "value": "10"}}}


PODS_METRIC = {"type": "Pods", "pods": {"metric": {"name": "my-metric"},
                                        "target": {"type": "AverageValue", "averageValue": "10"}}}

# (name, new, old, scale-to-zero gate, lower bound,
#  scaleTargetRef (allow invalid, allow empty group), object metrics (allow invalid, allow empty))
CASES = [
    ("scale to zero disabled, no old hpa", hpa(1, "apps/v1", "Deployment"), None, False, 1,
     (False, False), (False, True)),
    ("scale to zero disabled, old hpa has minReplicas=1", hpa(1, "apps/v1", "Deployment"),
     hpa(1, "apps/v1", "Deployment"), False, 1, (True, False), (False, True)),
    ("scale to zero disabled, old hpa has minReplicas=0", hpa(0, "apps/v1", "Deployment"),
     hpa(0, "apps/v1", "Deployment"), False, 0, (True, False), (False, True)),
    ("scale to zero enabled", hpa(0, "apps/v1", "Deployment"), None, True, 0,
     (False, False), (False, True)),
    ("ReplicationController with the legacy API Version", hpa(1, "", "ReplicationController"),
     None, False, 1, (False, True), (False, True)),
    ("scale target ref api version changed", hpa(1, "apps/v1", "Deployment"),
     hpa(1, "extensions/v1beta1", "RandomCR"), False, 1, (False, False), (False, True)),
    ("scale target ref api version unchanged", hpa(1, "apps/v1", ""), hpa(1, "apps/v1", ""),
     False, 1, (True, False), (False, True)),
    ("scale target ref api and Kind are changed to ReplicationController",
     hpa(1, "", "ReplicationController"), hpa(1, "apps/v1", "Deployment"), False, 1,
     (False, True), (False, True)),
    ("Kind changed", hpa(1, "apps/v1", "CronJobs"), hpa(1, "apps/v1", "Deployment"), False, 1,
     (False, False), (False, True)),
    ("no metrics", hpa(1, "apps/v1", "Deployment"), None, False, 1, (False, False),
     (False, True)),
    ("non-object metric", hpa(1, "", "", [PODS_METRIC]), None, False, 1, (False, False),
     (False, True)),
    ("new object metric with valid api version", hpa(1, "", "", [object_metric("apps/v1")]),
     None, False, 1, (False, False), (False, True)),
    ("old object metric with invalid api version",
     hpa(1, "apps/v1", "Deployment", [object_metric("apps/v1/v3")]),
     hpa(2, "apps/v1", "Deployment", [object_metric("apps/v1/v2")]), False, 1,
     (True, False), (True, True)),
    ("new object metric with invalid api version", hpa(1, "", "", [object_metric("apps/v1/v2")]),
     None, False, 1, (False, False), (False, True)),
    ("nil object Metrics", hpa(1, "", "", [{"type": "Object"}]), None, False, 1,
     (False, False), (False, True)),
]


@pytest.mark.parametrize("name,new,old,scale_to_zero,lower,ref_opts,metric_opts", CASES,
                         ids=[c[0] for c in CASES])
def test_validation_options_table(name, new, old, scale_to_zero, lower, ref_opts, metric_opts):
    opts = validation_options_for_horizontal_pod_autoscaler(new, old,
                                                            hpa_scale_to_zero=scale_to_zero)
    ref, met = opts.scale_target_ref_validation_options, opts.object_metrics_validation_options
    assert opts.min_replicas_lower_bound == lower
    assert (ref.allow_invalid_api_version, ref.allow_empty_api_group) == ref_opts
    assert (met.allow_invalid_api_version, met.allow_empty_api_group) == metric_opts


def scale(replicas: int, name: str = "frontend") -> SimpleNamespace:
    meta = ObjectMeta(name=name, namespace="default")
    return SimpleNamespace(metadata=meta, spec=SimpleNamespace(replicas=replicas))


@pytest.mark.parametrize("replicas", [0, 1, 10])
def test_validate_scale_accepts_non_negative(replicas):
    assert validate_scale(scale(replicas)) == []


def test_validate_scale_rejects_negative_replicas():
    assert [str(e) for e in validate_scale(scale(-1))] == [
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0"]


def test_validate_scale_checks_metadata_first():
    errs = [str(e) for e in validate_scale(scale(-1, name=""))]
    assert errs == ["metadata.name: Required value: name or generateName is required",
                    "spec.replicas: Invalid value: -1: must be greater than or equal to 0"]

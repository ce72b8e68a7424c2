"""load() on broken input: every error of every document, with the exact apiserver messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8slearn.api import ValidationError, load
from k8slearn.api.errors import FieldError

DATA = Path(__file__).resolve().parent.parent / "data"
BROKEN = DATA / "broken"


# -- broken inputs: every error, exact messages

QREGEX = ("quantities must match the regular expression "
          "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")

BROKEN_CASES = {
    "hpa-maxreplicas-zero.yaml": [
        "spec.maxReplicas: Invalid value: 0: must be greater than 0",
        "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`",
    ],
    "hpa-min-greater-than-max.yaml": [
        "spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`",
    ],
    "unknown-kind.yaml": [
        'kind: Invalid value: "Deploymnet": no matches for kind "Deploymnet" in version "apps/v1"',
    ],
    "wrong-types.yaml": [
        "metadata.labels[tier]: Invalid value: 1: cannot unmarshal number into Go struct field "
        "ObjectMeta.metadata.labels of type string",
        'spec.replicas: Invalid value: "three": cannot unmarshal string into Go struct field '
        "DeploymentSpec.spec.replicas of type int32",
        'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: "80": cannot '
        "unmarshal string into Go struct field "
        "ContainerPort.spec.template.spec.containers.ports.containerPort of type int32",
        "spec.template.spec.terminationGracePeriodSeconds: Invalid value: 2.5: cannot unmarshal "
        "number 2.5 into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds"
        " of type int64",
    ],
    "bad-quantity.yaml": [
        f'spec.volumes[0].emptyDir.sizeLimit: Invalid value: "lots": {QREGEX}',
        f'spec.containers[0].resources.limits[memory]: Invalid value: "1Gb": {QREGEX}',
        f'spec.containers[0].resources.requests[cpu]: Invalid value: "2 cores": {QREGEX}',
    ],
    "hpa-many-errors.yaml": [
        "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
        "spec.scaleTargetRef.name: Invalid value: \"web/v2\": may not contain '/'",
        'spec.scaleTargetRef.apiVersion: Invalid value: "": apiVersion must specify API group',
        "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: "
        "must be greater than 0",
        "spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target "
        "raw value and a target utilization",
        'spec.metrics[1].type: Unsupported value: "Bogus": supported values: '
        '"ContainerResource", "External", "Object", "Pods", "Resource"',
        'spec.metrics[1].type: Unsupported value: "Bogus": supported values: '
        '"ContainerResource", "External", "Object", "Pods", "Resource"',
        "spec.metrics: Forbidden: must specify at least one Object or External metric to "
        "support scaling to zero replicas",
        "spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 3601: "
        "must be less than or equal to 3600",
        'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Fastest": supported values: '
        '"Disabled", "Max", "Min"',
        "spec.behavior.scaleUp.policies[0].value: Invalid value: -1: must be greater than zero",
        "spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: "
        "must be less than or equal to 1800",
        "spec.behavior.scaleDown.policies: Required value: must specify at least one Policy",
        'spec.behavior.scaleDown.tolerance: Invalid value: "-100m": '
        "must be greater or equal to zero",
    ],
    "list-with-errors.yaml": [
        "items[0].spec.replicas: Invalid value: -1: must be greater than or equal to 0",
        'items[0].spec.template.metadata.labels: Invalid value: {"app":"other"}: '
        "`selector` does not match template `labels`",
        'items[0].spec.template.spec.containers[0].resources.requests: Invalid value: "1": '
        "must be less than or equal to cpu limit of 500m",
        'items[1].kind: Invalid value: "Service": no matches for kind "Service" in version "v1"',
        "items[2].spec.maxReplicas: Invalid value: 0: must be greater than 0",
        "items[2].spec.maxReplicas: Invalid value: 0: must be greater than or equal to "
        "`minReplicas`",
    ],
}


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_broken_fixture_messages(name):
    with pytest.raises(ValidationError) as exc:
        load(BROKEN / name)
    assert str(exc.value).splitlines() == BROKEN_CASES[name]
    assert [str(e) for e in exc.value.errors] == BROKEN_CASES[name]
    assert all(isinstance(e, FieldError) for e in exc.value.errors)
    assert isinstance(exc.value, ValueError)


def test_every_broken_fixture_is_covered():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(BROKEN_CASES)


def test_validate_false_skips_validation_but_not_decoding():
    (h,) = load(BROKEN / "hpa-maxreplicas-zero.yaml", validate=False)
    assert h.spec.max_replicas == 0
    with pytest.raises(ValidationError):
        load(BROKEN / "wrong-types.yaml", validate=False)


@pytest.mark.parametrize("text,message", [
    ("apiVersion: v1\nmetadata: {name: x}\n", "kind: Required value: Object 'Kind' is missing"),
    ("kind: Pod\nmetadata: {name: x}\n",
     "apiVersion: Required value: Object 'apiVersion' is missing"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {}\n",
     "metadata.name: Required value: name or generateName is required"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: Web}\n",
     'metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of lower '
     "case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
     "character (e.g. 'example.com', regex used for validation is "
     "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    ("apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\n",
     'kind: Invalid value: "HorizontalPodAutoscaler": no matches for kind '
     '"HorizontalPodAutoscaler" in version "autoscaling/v1"'),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n"
     "    metadata: {labels: {app: x}}\n", "spec.selector: Required value"),
    ("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: x}\nspec:\n  selector: {}\n",
     "spec.selector: Invalid value: {}: empty selector is invalid for deployment"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  volumes:\n  - name: v\n"
     "    emptyDir: {sizeLimit: -1Gi}\n",
     "spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource "
     "quantity"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: x, creationTimestamp: yesterday}\n",
     'metadata.creationTimestamp: Invalid value: "yesterday": parsing time "yesterday" as '
     '"2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"'),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: 1e10\n",
     "spec.replicas: Invalid value: 10000000000: cannot unmarshal number 10000000000 into Go "
     "struct field DeploymentSpec.spec.replicas of type int32"),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: [1]\n",
     "spec: Invalid value: [1]: cannot unmarshal array into Go struct field Deployment.spec of "
     "type v1.DeploymentSpec"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: {name: c}}\n",
     'spec.containers: Invalid value: {"name":"c"}: cannot unmarshal object into Go struct field '
     "PodSpec.spec.containers of type []v1.Container"),
    ("apiVersion: metrics.k8s.io/v1beta1\nkind: PodMetrics\nmetadata: {name: x}\nwindow: 3d\n",
     'window: Invalid value: "3d": time: unknown unit "d" in duration "3d"'),
    ("- just\n- a list\n",
     'Invalid value: ["just","a list"]: expected an object (a YAML/JSON map)'),
])
def test_single_document_errors(text, message):
    with pytest.raises(ValidationError) as exc:
        load(text)
    assert str(exc.value).splitlines()[0] == message


def test_yaml_syntax_error_is_a_value_error():
    with pytest.raises(ValueError, match="error converting YAML to JSON"):
        load("apiVersion: v1\nkind: [Pod\n")


def test_a_missing_file_name_is_reported_as_such():
    with pytest.raises(ValueError) as exc:
        load("no-such-file.yaml")
    assert str(exc.value) == 'the path "no-such-file.yaml" does not exist'

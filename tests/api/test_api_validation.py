"""Object-metadata, workload and pod validation (the modelled subset), with upstream messages."""

from __future__ import annotations

import pytest

from k8slearn.api import ValidationError, load

SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
             "'-' or '.', and must start and end with an alphanumeric character (e.g. "
             "'example.com', regex used for validation is "
             "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL_KEY = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
             "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
             "'123-abc', regex used for validation is "
             "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")


def errors(text: str) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        load(text)
    return str(exc.value).splitlines()


def pod(meta: str, spec: str = "{}") -> str:
    return f"apiVersion: v1\nkind: Pod\nmetadata: {meta}\nspec: {spec}\n"


def test_metadata_rules():
    assert errors(pod("{name: x, generation: -1}")) == [
        "metadata.generation: Invalid value: -1: must be greater than or equal to 0"]
    assert errors(pod("{name: x, labels: {'bad key': v, ok: 'bad value!'}}")) == [
        f'metadata.labels: Invalid value: "bad key": {LABEL_KEY}',
        'metadata.labels: Invalid value: "bad value!": a valid label must be an empty string or '
        "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
        "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]
    assert errors(pod("{name: x, annotations: {'a b': v}}")) == [
        f'metadata.annotations: Invalid value: "a b": {LABEL_KEY}']
    big = "x" * (256 * 1024)
    assert errors(pod("{name: x, annotations: {k: " + big + "}}")) == [
        "metadata.annotations: Too long: may not be more than 262144 bytes"]
    # annotation keys are checked case-insensitively
    assert load(pod("{name: x, annotations: {Example.COM/Key: v}}"))


def test_generate_name_and_its_trailing_dash_quirk():
    assert load(pod("{generateName: web-}"))[0].metadata.generate_name == "web-"
    assert errors(pod("{generateName: Web-}")) == [
        f'metadata.generateName: Invalid value: "Web-": {SUBDOMAIN}']


def test_name_too_long_and_namespace_label():
    name = "a" * 254
    assert errors(pod("{name: " + name + "}")) == [
        f'metadata.name: Invalid value: "{name}": must be no more than 253 characters']
    assert errors(pod("{name: x, namespace: my.ns}")) == [
        'metadata.namespace: Invalid value: "my.ns": must not contain dots']


def test_pod_resources_and_empty_dir():
    spec = ("{containers: [{name: c, resources: {limits: {cpu: -1}, requests: {memory: 2Gi}}}], "
            "initContainers: [{name: i, resources: {limits: {memory: 1Gi}, "
            "requests: {memory: 2Gi}}}], volumes: [{name: v, emptyDir: {sizeLimit: -5Mi}}]}")
    assert errors(pod("{name: x}", spec)) == [
        "spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource "
        "quantity",
        'spec.initContainers[0].resources.requests: Invalid value: "2Gi": must be less '
        "than or equal to memory limit of 1Gi",
        'spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or '
        "equal to 0",
    ]


@pytest.mark.parametrize("kind,word", [("Deployment", "deployment"),
                                       ("ReplicaSet", "deployment"),  # upstream says deployment
                                       ("StatefulSet", "statefulset")])
def test_workload_selector_rules(kind, word):
    base = f"apiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: w}}\nspec:\n"
    assert errors(base + "  selector: {}\n") == [
        f"spec.selector: Invalid value: {{}}: empty selector is invalid for {word}"]
    assert errors(base + "  replicas: -2\n") == [
        "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
        "spec.selector: Required value"]
    text = (base + "  selector: {matchExpressions: [{key: app, operator: In, values: [a, b]}]}\n"
            "  template: {metadata: {labels: {app: b}}}\n")
    assert load(text)[0].spec.selector.match_expressions[0].values == ["a", "b"]


def test_container_resource_names_and_extended_resources():
    spec = ("{containers: [{name: c, resources: {"
            "limits: {example.com/gpu: 1, hugepages-2Mi: 4Mi, Bogus: 1, pods: 1}, "
            "requests: {example.com/gpu: 2, example.com/fpga: 500m, hugepages-2Mi: 2Mi}}}]}")
    path = "spec.containers[0].resources"
    assert errors(pod("{name: x}", spec)) == [
        f'{path}.limits[Bogus]: Invalid value: "Bogus": must be a standard resource type or '
        "fully qualified",
        f'{path}.limits[Bogus]: Invalid value: "Bogus": must be a standard resource for '
        "containers",
        f'{path}.limits[pods]: Invalid value: "pods": must be a standard resource for containers',
        f'{path}.requests: Invalid value: "2": must be equal to example.com/gpu limit of 1',
        f'{path}.requests[example.com/fpga]: Invalid value: "500m": must be an integer',
        f"{path}.limits: Required value: Limit must be set for non overcommitable resources",
        f'{path}.requests: Invalid value: "2Mi": must be equal to hugepages-2Mi limit of 4Mi',
        f"{path}: Forbidden: HugePages require cpu or memory",
    ]

"""load()/from_dict(): kubectl fixtures decode into typed objects, round-trip and fail exactly."""

from __future__ import annotations

import json
from calendar import timegm
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k8slearn import api
from k8slearn.api import (
    Deployment,
    HorizontalPodAutoscaler,
    Pod,
    PodMetricsList,
    Quantity,
    ValidationError,
    dump,
    from_dict,
    load,
    load_documents,
)

DATA = Path(__file__).resolve().parent.parent / "data"
BROKEN = DATA / "broken"


def ts(text: str) -> float:
    return float(timegm(tuple(int(x) for x in text.replace("T", "-").replace(":", "-")
                              .rstrip("Z").split("-")) + (0, 0, 0)))


def originals(path: Path) -> list[dict]:
    docs = load_documents(path)
    return docs[0]["items"] if docs[0]["kind"] == "List" else docs


# -- the fixtures decode into the right types with the right values


def test_deployment_fixture():
    (d,) = load(DATA / "deployment.yaml")
    assert isinstance(d, Deployment)
    assert d.metadata.name == "web" and d.metadata.namespace == "default"
    assert d.metadata.uid == "7c5d2f1e-3b9a-4c61-9e2f-0d8a4b6c1e73"
    assert d.metadata.resource_version == "48213" and d.metadata.generation == 1
    assert d.metadata.creation_timestamp == ts("2026-04-22T09:14:03Z")
    assert d.metadata.deletion_timestamp is None
    assert len(d.metadata.managed_fields) == 2
    assert d.spec.replicas == 3
    assert d.spec.selector.match_labels == {"app": "web"}
    c = d.spec.template.spec.containers[0]
    assert c.name == "nginx" and c.image == "nginx:1.27"
    assert c.resources.requests == {"cpu": Quantity("250m"), "memory": Quantity("128Mi")}
    assert c.resources.limits["cpu"].milli_value() == 500
    assert c.resources.limits["memory"].value() == 256 * 1024 * 1024
    assert d.status.replicas == d.status.ready_replicas == d.status.available_replicas == 3
    assert [c.type for c in d.status.conditions] == ["Available", "Progressing"]


def test_pods_fixture_is_a_list_of_pods():
    pods = load(DATA / "pods.yaml")
    assert [type(p) for p in pods] == [Pod] * 4
    assert [p.status.phase for p in pods] == ["Running", "Running", "Running", "Pending"]
    web = pods[1]
    assert web.metadata.owner_references[0].kind == "ReplicaSet"
    assert web.metadata.controller_ref().name == "web-6d4cf56db6"
    assert web.spec.node_name == "node-b"
    assert web.status.start_time == ts("2026-04-22T09:14:05Z")
    vols = {v.name: v.empty_dir for v in web.spec.volumes}
    assert vols["cache"].medium == "" and vols["cache"].size_limit == Quantity("512Mi")
    assert vols["scratch"].medium == "Memory" and str(vols["scratch"].size_limit) == "64Mi"
    assert vols["kube-api-access-x8k2d"] is None
    ready = {c.type: c.status for c in web.status.conditions}
    assert ready["Ready"] == "True"
    assert web.status.conditions[0].last_probe_time is None
    cs = web.status.container_statuses[0]
    assert cs.ready is True and cs.restart_count == 0 and cs.state.running is not None
    assert cs.state.running.started_at == ts("2026-04-22T09:14:15Z")
    pending = pods[3]
    assert pending.status.container_statuses[0].state.waiting.reason == "ContainerCreating"
    assert {c.type: c.reason for c in pending.status.conditions}["Ready"] == "ContainersNotReady"


def test_podmetrics_fixture():
    (lst,) = load(DATA / "podmetrics.yaml")
    assert isinstance(lst, PodMetricsList)
    names = [m.metadata.name for m in lst.items]
    assert names == [p.metadata.name for p in load(DATA / "pods.yaml")[:3]]
    usage = lst.items[1].containers[0].usage
    assert usage["cpu"].milli_value() == 188  # 187318092n rounds up
    assert usage["memory"].value() == 101124 * 1024
    assert lst.items[0].window == pytest.approx(20.131)
    assert lst.items[0].timestamp == ts("2026-04-22T09:21:17Z")


def test_hpa_behavior_fixture():
    (h,) = load(DATA / "hpa-behavior.yaml")
    assert isinstance(h, HorizontalPodAutoscaler)
    assert (h.spec.min_replicas, h.spec.max_replicas) == (2, 10)
    assert h.spec.scale_target_ref.kind == "Deployment"
    (m,) = h.spec.metrics
    assert m.type == "Resource" and m.resource.name == "cpu"
    assert m.resource.target.average_utilization == 60
    up, down = h.spec.behavior.scale_up, h.spec.behavior.scale_down
    assert up.tolerance == Quantity("0.05") and down.tolerance is None
    assert [(p.type, p.value, p.period_seconds) for p in up.policies] == [
        ("Pods", 4, 15), ("Percent", 100, 15)]
    assert down.stabilization_window_seconds == 300
    assert h.status.current_replicas == h.status.desired_replicas == 4
    assert h.status.current_metrics[0].resource.current.average_utilization == 84
    assert h.status.last_scale_time == ts("2026-04-22T09:20:41Z")
    assert [c.type for c in h.status.conditions] == ["AbleToScale", "ScalingActive",
                                                      "ScalingLimited"]


def test_hpa_json_fixture_has_every_metric_kind():
    (h,) = load(DATA / "hpa.json")
    assert [m.type for m in h.spec.metrics] == ["ContainerResource", "Pods", "Object", "External"]
    cr, pods, obj, ext = h.spec.metrics
    assert cr.container_resource.container == "worker"
    assert cr.container_resource.target.average_value == Quantity("400Mi")
    assert pods.pods.metric.name == "jobs_in_flight"
    assert obj.object.described_object.api_version == "networking.k8s.io/v1"
    assert obj.object.target.value.value() == 2000
    assert ext.external.metric.selector.match_labels == {"queue": "worker_tasks"}
    assert h.status.current_metrics[1].pods.current.average_value == Quantity("22.5")
    assert h.spec.behavior is None  # defaulting leaves an absent behavior absent


# -- round trips


@pytest.mark.parametrize("name", ["deployment.yaml", "pods.yaml", "podmetrics.yaml",
                                  "hpa-behavior.yaml", "hpa.json"])
def test_to_dict_reproduces_kubectl_output(name):
    objs = load(DATA / name)
    assert [o.to_dict() for o in objs] == originals(DATA / name)


@pytest.mark.parametrize("name", ["deployment.yaml", "pods.yaml", "podmetrics.yaml",
                                  "hpa-behavior.yaml", "hpa.json"])
def test_from_dict_of_to_dict_is_identity(name):
    for obj in load(DATA / name):
        again = from_dict(obj.to_dict())
        assert again == obj
        assert again.to_dict() == obj.to_dict()


@pytest.mark.parametrize("name", ["deployment.yaml", "pods.yaml", "podmetrics.yaml",
                                  "hpa-behavior.yaml", "hpa.json"])
def test_dump_prints_the_fixture_byte_for_byte(name):
    # kubectl's printers: sorted keys; go-yaml quoting ("48213" double-quoted, 'a: b'
    # single-quoted, | blocks); JSON with four-space indents and \u0026-style escapes.
    output = "json" if name.endswith(".json") else "yaml"
    assert dump(load(DATA / name), output=output) == (DATA / name).read_text()


def test_dump_of_several_objects_is_a_list():
    objs = load(DATA / "pods.yaml")[:2] + load(DATA / "deployment.yaml")
    text = dump(objs)
    assert text.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n")
    assert text.endswith("kind: List\nmetadata:\n  resourceVersion: \"\"\n")
    assert load(text) == objs
    with pytest.raises(ValueError, match="unable to match a printer"):
        dump(objs, output="xml")


def test_to_dict_omits_empty_fields_like_kubectl():
    d = Deployment()
    d.metadata.name = "x"
    out = d.to_dict()
    assert out == {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                   "spec": {"template": {"metadata": {}, "spec": {}}}, "status": {}}
    h = HorizontalPodAutoscaler()
    assert h.to_dict()["spec"] == {"scaleTargetRef": {"kind": "", "name": ""}, "maxReplicas": 0}


# -- input forms


def test_load_accepts_path_str_and_text():
    text = (DATA / "deployment.yaml").read_text()
    by_path = load(DATA / "deployment.yaml")
    assert load(str(DATA / "deployment.yaml")) == by_path
    assert load(text) == by_path
    assert load(json.dumps(load_documents(text)[0])) == by_path


def test_multi_document_yaml_and_mixed_list():
    deploy = (DATA / "deployment.yaml").read_text()
    hpa = (DATA / "hpa-behavior.yaml").read_text()
    objs = load(deploy + "---\n" + hpa + "---\n")
    assert [type(o) for o in objs] == [Deployment, HorizontalPodAutoscaler]
    mixed = {"apiVersion": "v1", "kind": "List",
             "items": load_documents(deploy) + load_documents(DATA / "pods.yaml")[0]["items"]}
    objs = load(json.dumps(mixed))
    assert [type(o).__name__ for o in objs] == ["Deployment", "Pod", "Pod", "Pod", "Pod"]
    assert from_dict(mixed)[1].metadata.name == "web-6d4cf56db6-4xk2p"


def test_typed_list_kinds_are_flattened_like_list():
    items = load_documents(DATA / "pods.yaml")[0]["items"]
    for item in items:
        item.pop("apiVersion"), item.pop("kind")
    objs = load(json.dumps({"apiVersion": "v1", "kind": "PodList", "items": items}))
    assert [type(o) for o in objs] == [Pod] * 4


def test_unknown_fields_are_dropped_silently():
    (p,) = load("apiVersion: v1\nkind: Pod\nmetadata: {name: a, bogus: 1}\n"
                "spec: {containers: [{name: c, fancyNewField: {x: 1}}]}\nnewTopLevel: 3\n")
    assert p.metadata.name == "a"
    assert "bogus" not in p.to_dict()["metadata"]


def test_api_defaulting_is_applied_on_load():
    (h,) = load("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n"
                "metadata: {name: web}\nspec:\n  maxReplicas: 5\n  scaleTargetRef: "
                "{apiVersion: apps/v1, kind: Deployment, name: web}\n  behavior:\n"
                "    scaleDown: {stabilizationWindowSeconds: 60}\n")
    assert h.spec.min_replicas == 1
    (m,) = h.spec.metrics
    assert (m.type, m.resource.name, m.resource.target.type,
            m.resource.target.average_utilization) == ("Resource", "cpu", "Utilization", 80)
    up, down = h.spec.behavior.scale_up, h.spec.behavior.scale_down
    assert (up.stabilization_window_seconds, up.select_policy) == (0, "Max")
    assert [(p.type, p.value) for p in up.policies] == [("Pods", 4), ("Percent", 100)]
    assert (down.stabilization_window_seconds, down.select_policy) == (60, "Max")


def test_lazy_package_exports_everything_it_lists():
    for name in api.__all__:
        assert getattr(api, name) is not None
    with pytest.raises(AttributeError):
        api.NoSuchThing  # noqa: B018


def test_less_common_pod_fields_survive_a_round_trip():
    doc = {
        "apiVersion": "v1", "kind": "Pod", "metadata": {"name": "rich", "namespace": "default"},
        "spec": {
            "containers": [{"name": "c", "image": "busybox", "tty": True, "stdin": True,
                            "envFrom": [{"configMapRef": {"name": "cfg"}}],
                            "resizePolicy": [{"resourceName": "cpu",
                                              "restartPolicy": "NotRequired"}],
                            "resources": {}}],
            "initContainers": [{"name": "sidecar", "image": "envoy", "restartPolicy": "Always",
                                "resources": {}}],
            "hostPID": True, "hostIPC": True, "hostname": "h", "subdomain": "s",
            "runtimeClassName": "kata", "overhead": {"cpu": "250m"},
            "setHostnameAsFQDN": False, "hostUsers": False,
            "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone",
                                           "whenUnsatisfiable": "DoNotSchedule"}],
            "schedulingGates": [{"name": "wait"}], "os": {"name": "linux"},
            "volumes": [{"name": "e", "ephemeral": {"volumeClaimTemplate": {"spec": {}}}}],
        },
        "status": {},
    }
    (p,) = load(json.dumps(doc))
    assert p.to_dict() == doc
    assert p.spec.host_pid and p.spec.overhead["cpu"].milli_value() == 250
    assert p.spec.init_containers[0].restart_policy == "Always"


def test_nested_types_decode_on_their_own():
    from k8slearn.api import Container, ResourceRequirements

    c = Container.from_dict({"name": "app", "resources": {"limits": {"memory": "1Gi"}}})
    assert c.resources == ResourceRequirements(limits={"memory": Quantity("1Gi")})
    assert c.to_dict() == {"name": "app", "resources": {"limits": {"memory": "1Gi"}}}
    with pytest.raises(ValidationError) as exc:
        Container.from_dict({"name": 3})
    assert str(exc.value) == ("name: Invalid value: 3: cannot unmarshal number into Go struct "
                              "field Container.name of type string")


def test_decode_errors_hide_validation_noise_below_the_bad_field():
    text = ("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: w}\n"
            "spec: {scaleTargetRef: web, maxReplicas: ten, minReplicas: 0}\n")
    with pytest.raises(ValidationError) as exc:
        load(text)
    assert str(exc.value).splitlines() == [
        'spec.scaleTargetRef: Invalid value: "web": cannot unmarshal string into Go struct field '
        "HorizontalPodAutoscalerSpec.spec.scaleTargetRef of type v2.CrossVersionObjectReference",
        'spec.maxReplicas: Invalid value: "ten": cannot unmarshal string into Go struct field '
        "HorizontalPodAutoscalerSpec.spec.maxReplicas of type int32",
        "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
        "spec.metrics: Forbidden: must specify at least one Object or External metric to support "
        "scaling to zero replicas",
    ]


# -- invariants: to_dict/from_dict round-trips generated objects

_QTY = st.sampled_from(["100m", "1", "250m", "1Gi", "64Mi", "2k", "1e3", "0.5"])
_TARGET = st.fixed_dictionaries({"type": st.sampled_from(["Utilization", "AverageValue"])},
                                optional={"averageUtilization": st.integers(1, 200),
                                          "averageValue": _QTY})
_METRIC = st.one_of(
    st.builds(lambda t: {"type": "Resource", "resource": {"name": "cpu", "target": t}}, _TARGET),
    st.builds(lambda t, c: {"type": "ContainerResource",
                            "containerResource": {"name": "memory", "container": c,
                                                  "target": t}},
              _TARGET, st.sampled_from(["app", "sidecar"])),
    st.builds(lambda v: {"type": "Pods", "pods": {"metric": {"name": "qps"},
                                                  "target": {"type": "AverageValue",
                                                             "averageValue": v}}}, _QTY),
)
_RULES = st.fixed_dictionaries({}, optional={
    "stabilizationWindowSeconds": st.integers(0, 3600),
    "selectPolicy": st.sampled_from(["Max", "Min", "Disabled"]),
    "policies": st.lists(st.fixed_dictionaries({
        "type": st.sampled_from(["Pods", "Percent"]), "value": st.integers(1, 100),
        "periodSeconds": st.integers(1, 1800)}), max_size=3),
    "tolerance": st.sampled_from(["0", "50m", "0.1"]),
})


@given(st.integers(1, 5), st.integers(5, 50), st.lists(_METRIC, max_size=3),
       st.one_of(st.none(), st.fixed_dictionaries({}, optional={"scaleUp": _RULES,
                                                                "scaleDown": _RULES})))
def test_generated_hpas_round_trip(min_r, max_r, metrics, behavior):
    spec = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
            "minReplicas": min_r, "maxReplicas": max_r, "metrics": metrics}
    if behavior is not None:
        spec["behavior"] = behavior
    doc = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
           "metadata": {"name": "web"}, "spec": spec}
    obj = from_dict(doc, validate=False)
    again = from_dict(obj.to_dict(), validate=False)
    assert again == obj and again.to_dict() == obj.to_dict()
    # defaulting is idempotent
    assert from_dict(obj.to_dict(), validate=False).to_dict() == obj.to_dict()


def test_a_directory_loads_like_kubectl_apply_f(tmp_path):
    (tmp_path / "b.yaml").write_text((DATA / "deployment.yaml").read_text())
    (tmp_path / "a.json").write_text((DATA / "hpa.json").read_text())
    (tmp_path / "notes.txt").write_text("not a manifest")
    kinds = [o.kind for o in load(tmp_path)]
    assert kinds == ["HorizontalPodAutoscaler", "Deployment"]
    assert [o.kind for o in load(str(tmp_path))] == kinds

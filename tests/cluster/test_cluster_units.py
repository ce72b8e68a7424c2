"""Units of the course cluster: protobuf bodies, patches, tables, and the controllers on a
FakeClock (rolling-update bounds, the php-apache HPA cycle, foreground deletion)."""

from __future__ import annotations

import json

import pytest

from k8slearn.cluster.cluster import Cluster
from k8slearn.cluster.patch import PatchError, json_patch, merge_patch, strategic_merge_patch
from k8slearn.cluster.protobuf import MAGIC, ProtobufError, decode_envelope
from k8slearn.cluster.rest import RestAPI
from k8slearn.cluster.tables import human_duration


# -- a tiny protobuf encoder (test side only)
def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _f(num: int, value) -> bytes:
    if isinstance(value, int):
        return _varint(num << 3) + _varint(value)
    data = value.encode() if isinstance(value, str) else value
    return _varint(num << 3 | 2) + _varint(len(data)) + data


def _entry(k: str, v: str) -> bytes:
    return _f(1, k) + _f(2, v)


def test_protobuf_deployment_envelope_decodes_to_json():
    labels = _f(11, _entry("app", "web"))
    container = _f(1, "nginx") + _f(2, "nginx:1.27") + _f(6, _f(3, 80) + _f(4, "TCP"))
    template = _f(1, labels) + _f(2, _f(2, container))
    spec = _f(1, 3) + _f(2, _f(1, _entry("app", "web"))) + _f(3, template) + \
        _f(4, _f(1, "") + _f(2, _f(1, _f(1, 1) + _f(3, "25%"))))
    raw = _f(1, _f(1, "web") + labels + _f(8, b"")) + _f(2, spec) + _f(99, "ignored")
    body = MAGIC + _f(1, _f(1, "apps/v1") + _f(2, "Deployment")) + _f(2, raw)
    d = decode_envelope(body)
    assert d["apiVersion"] == "apps/v1" and d["kind"] == "Deployment"
    assert d["metadata"] == {"name": "web", "labels": {"app": "web"}}  # zero Time: absent
    assert d["spec"]["replicas"] == 3
    assert d["spec"]["strategy"] == {"type": "", "rollingUpdate": {"maxUnavailable": "25%"}}
    c = d["spec"]["template"]["spec"]["containers"][0]
    assert c == {"name": "nginx", "image": "nginx:1.27",
                 "ports": [{"containerPort": 80, "protocol": "TCP"}]}


@pytest.mark.parametrize("body,message", [
    (b"{}", "does not start with the protobuf magic"),
    (MAGIC + _f(1, _f(1, "v1") + _f(2, "Secret")), "protobuf bodies of kind 'Secret'"),
    (MAGIC + b"\x0a\xff", "truncated"),
])
def test_protobuf_errors(body, message):
    with pytest.raises(ProtobufError, match=message):
        decode_envelope(body)


def test_strategic_merge_patch_merges_lists_by_key():
    orig = {"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "b", "image": "2"}],
                     "finalizers": ["x"], "tolerations": [{"key": "k"}]}}
    patch = {"spec": {"$setElementOrder/containers": [{"name": "b"}, {"name": "a"}],
                      "containers": [{"name": "a", "image": "3"}],
                      "finalizers": ["y"], "tolerations": [{"key": "z"}]}}
    out = strategic_merge_patch(orig, patch)
    assert out["spec"]["containers"] == [{"name": "b", "image": "2"}, {"name": "a", "image": "3"}]
    assert out["spec"]["finalizers"] == ["x", "y"]
    assert out["spec"]["tolerations"] == [{"key": "z"}]  # no merge key: replaced
    out = strategic_merge_patch(orig, {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}})
    assert out["spec"]["containers"] == [{"name": "b", "image": "2"}]
    out = strategic_merge_patch({"strategy": {"type": "RollingUpdate", "rollingUpdate": {}}},
                                {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}})
    assert out == {"strategy": {"type": "Recreate"}}
    assert strategic_merge_patch({"a": 1, "b": 2}, {"a": None}) == {"b": 2}


def test_merge_and_json_patch():
    assert merge_patch({"a": {"b": 1, "c": 2}}, {"a": {"b": None, "d": [1]}}) == \
        {"a": {"c": 2, "d": [1]}}
    doc = {"spec": {"replicas": 1, "list": [1, 2]}}
    out = json_patch(doc, [{"op": "replace", "path": "/spec/replicas", "value": 5},
                           {"op": "add", "path": "/spec/list/-", "value": 3},
                           {"op": "remove", "path": "/spec/list/0"},
                           {"op": "test", "path": "/spec/replicas", "value": 5}])
    assert out == {"spec": {"replicas": 5, "list": [2, 3]}} and doc["spec"]["replicas"] == 1
    with pytest.raises(PatchError, match="testing value /spec/replicas failed"):
        json_patch(doc, [{"op": "test", "path": "/spec/replicas", "value": 2}])


@pytest.mark.parametrize("seconds,text", [
    (-5, "<invalid>"), (-0.5, "0s"), (0, "0s"), (119, "119s"), (120, "2m"), (125, "2m5s"),
    (600, "10m"), (3 * 3600 - 1, "179m"), (3 * 3600, "3h"), (5 * 3600 + 60, "5h1m"),
    (47 * 3600, "47h"), (50 * 3600, "2d2h"), (10 * 86400, "10d"), (800 * 86400, "2y70d"),
    (9 * 365 * 86400, "9y"),
])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def _post(api: RestAPI, path: str, body: dict) -> dict:
    r = api.handle("POST", path, {}, {"content-type": "application/json"},
                   json.dumps(body).encode())
    assert r.code == 201, r.body
    return r.json()


def _deployment(name: str, replicas: int, image: str, strategy: dict | None = None) -> dict:
    labels = {"app": name}
    spec = {"replicas": replicas, "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels}, "spec": {"containers": [
                {"name": "app", "image": image,
                 "resources": {"requests": {"cpu": "200m"}}}]}}}
    if strategy:
        spec["strategy"] = strategy
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": spec}


@pytest.mark.parametrize("surge,unavailable", [(1, 0), (0, 1), ("50%", "50%"), (2, 1)])
def test_rolling_update_respects_max_surge_and_max_unavailable(surge, unavailable):
    c = Cluster(nodes=2)
    api = RestAPI(c.server, c.load)
    strategy = {"type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}}
    _post(api, "/apis/apps/v1/namespaces/default/deployments",
          _deployment("web", 4, "nginx:1.26", strategy))
    c.advance(10)
    d = c.server.get("deployments", "default", "web")
    d.spec.template.spec.containers[0].image = "nginx:1.27"
    c.server.update(d)
    surge_n = {1: 1, 0: 0, "50%": 2, 2: 2}[surge]
    unavail_n = {0: 0, 1: 1, "50%": 2}[unavailable]
    for _ in range(60):
        c.advance(0.5)
        pods = [p for p in c.server.list("pods", "default").items
                if p.metadata.deletion_timestamp is None]
        ready = [p for p in pods if any(cd.type == "Ready" and cd.status == "True"
                                        for cd in p.status.conditions)]
        assert len(pods) <= 4 + surge_n
        assert len(ready) >= 4 - unavail_n
    d = c.server.get("deployments", "default", "web")
    assert (d.status.updated_replicas, d.status.available_replicas) == (4, 4)
    images = {p.spec.containers[0].image for p in c.server.list("pods", "default").items}
    assert images == {"nginx:1.27"}
    c.stop()


def test_php_apache_goes_to_seven_and_back_after_the_window():
    c = Cluster(nodes=2)
    api = RestAPI(c.server, c.load)
    _post(api, "/apis/apps/v1/namespaces/default/deployments",
          _deployment("php-apache", 1, "registry.k8s.io/hpa-example"))
    _post(api, "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers", {
        "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
        "metadata": {"name": "php-apache"},
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                                    "name": "php-apache"},
                 "minReplicas": 1, "maxReplicas": 10, "targetCPUUtilizationPercentage": 50}})
    c.advance(30)
    d = c.server.get("deployments", "default", "php-apache")
    d.metadata.annotations["k8slearn.io/cpu-load"] = "700m"
    c.server.update(d)
    c.advance(180)
    hpa = c.server.get("horizontalpodautoscalers", "default", "php-apache")
    assert hpa.status.desired_replicas == 7
    v1 = api.handle("GET", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/"
                    "php-apache", {}, {}).json()
    assert v1["spec"]["targetCPUUtilizationPercentage"] == 50
    assert 45 <= v1["status"]["currentCPUUtilizationPercentage"] <= 55
    d = c.server.get("deployments", "default", "php-apache")
    del d.metadata.annotations["k8slearn.io/cpu-load"]
    c.server.update(d)
    c.advance(120)  # inside the 5-minute downscale stabilization window
    assert c.server.get("horizontalpodautoscalers", "default",
                        "php-apache").status.desired_replicas == 7
    c.advance(300)
    assert c.server.get("deployments", "default", "php-apache").spec.replicas == 1
    c.stop()


def test_foreground_deletion_waits_for_dependents():
    c = Cluster(nodes=1)
    api = RestAPI(c.server, c.load)
    _post(api, "/apis/apps/v1/namespaces/default/deployments", _deployment("fg", 2, "nginx"))
    c.advance(5)
    r = api.handle("DELETE", "/apis/apps/v1/namespaces/default/deployments/fg",
                   {"propagationPolicy": "Foreground"}, {}, b"")
    assert r.code == 200 and r.json()["metadata"]["finalizers"] == ["foregroundDeletion"]
    assert r.json()["metadata"]["deletionTimestamp"]
    c.advance(1)
    for res in ("deployments", "replicasets", "pods"):
        assert c.server.list(res, "default").items == []
    c.stop()


def _set_image(c: Cluster, name: str, image: str) -> None:
    d = c.server.get("deployments", "default", name)
    d.spec.template.spec.containers[0].image = image
    c.server.update(d)


def test_recreate_scales_old_to_zero_before_the_new_one_starts():
    c = Cluster(nodes=1)
    api = RestAPI(c.server, c.load)
    _post(api, "/apis/apps/v1/namespaces/default/deployments",
          _deployment("rc", 3, "nginx:1.26", {"type": "Recreate"}))
    c.advance(5)
    _set_image(c, "rc", "nginx:1.27")
    for _ in range(20):
        c.advance(0.25)
        images = {p.spec.containers[0].image for p in c.server.list("pods", "default").items}
        assert len(images) <= 1, "Recreate never runs old and new pods together"
    d = c.server.get("deployments", "default", "rc")
    assert (d.status.updated_replicas, d.status.available_replicas) == (3, 3)
    c.stop()


def test_revision_history_limit_deletes_the_oldest_idle_replica_sets():
    c = Cluster(nodes=1)
    api = RestAPI(c.server, c.load)
    body = _deployment("h", 1, "nginx:1.20")
    body["spec"]["revisionHistoryLimit"] = 2
    _post(api, "/apis/apps/v1/namespaces/default/deployments", body)
    c.advance(5)
    for minor in range(21, 26):
        _set_image(c, "h", f"nginx:1.{minor}")
        c.advance(10)
    rss = c.server.list("replicasets", "default").items
    revisions = sorted(int(rs.metadata.annotations["deployment.kubernetes.io/revision"])
                       for rs in rss)
    assert revisions == [4, 5, 6]  # the active one and two idle ones
    d = c.server.get("deployments", "default", "h")
    assert d.metadata.annotations["deployment.kubernetes.io/revision"] == "6"
    c.stop()


def test_paused_deployment_does_not_roll_out():
    c = Cluster(nodes=1)
    api = RestAPI(c.server, c.load)
    _post(api, "/apis/apps/v1/namespaces/default/deployments", _deployment("p", 2, "nginx:1"))
    c.advance(5)
    d = c.server.get("deployments", "default", "p")
    d.spec.paused = True
    c.server.update(d)
    _set_image(c, "p", "nginx:2")
    c.advance(10)
    images = {p.spec.containers[0].image for p in c.server.list("pods", "default").items}
    assert images == {"nginx:1"}
    d = c.server.get("deployments", "default", "p")
    d.spec.paused = False
    c.server.update(d)
    c.advance(10)
    images = {p.spec.containers[0].image for p in c.server.list("pods", "default").items}
    assert images == {"nginx:2"}
    c.stop()


def test_aggregated_discovery_when_asked_legacy_otherwise():
    c = Cluster(nodes=1)
    api = RestAPI(c.server, c.load)
    accept = ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
              "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
              "application/json")
    r = api.handle("GET", "/apis", {}, {"accept": accept})
    assert r.content_type == ("application/json;g=apidiscovery.k8s.io;v=v2;"
                              "as=APIGroupDiscoveryList")
    groups = {g["metadata"]["name"]: g for g in r.json()["items"]}
    assert [v["version"] for v in groups["autoscaling"]["versions"]] == ["v2", "v1"]
    deploy = next(x for x in groups["apps"]["versions"][0]["resources"]
                  if x["resource"] == "deployments")
    assert deploy["scope"] == "Namespaced" and deploy["shortNames"] == ["deploy"]
    assert {"subresource": "scale", "verbs": ["get", "patch", "update"],
            "responseKind": {"group": "autoscaling", "version": "v1", "kind": "Scale"}} in \
        deploy["subresources"]
    core = api.handle("GET", "/api", {}, {"accept": accept}).json()["items"]
    assert [g["metadata"]["name"] for g in core] == [""]
    legacy = api.handle("GET", "/api", {}, {"accept": "application/json"})
    assert legacy.content_type == "application/json" and legacy.json()["versions"] == ["v1"]
    c.stop()


def test_empty_dir_size_limit_eviction():
    c = Cluster(nodes=1)
    api = RestAPI(c.server, c.load)
    body = _deployment("cache", 1, "nginx")
    spec = body["spec"]["template"]["spec"]
    spec["volumes"] = [{"name": "cache", "emptyDir": {"sizeLimit": "1Mi"}}]
    spec["containers"][0]["volumeMounts"] = [{"name": "cache", "mountPath": "/cache"}]
    _post(api, "/apis/apps/v1/namespaces/default/deployments", body)
    c.advance(5)
    (pod,) = c.server.list("pods", "default").items
    path = c.kubelets[0].volume_manager.get_volume_path(pod, "cache")
    with open(f"{path}/big", "wb") as f:
        f.write(b"x" * (2 << 20))  # 2 MiB into a 1 MiB emptyDir
    c.advance(10)  # one eviction monitoring interval
    evicted = c.server.get("pods", "default", pod.metadata.name)
    assert (evicted.status.phase, evicted.status.reason) == ("Failed", "Evicted")
    assert evicted.status.message == 'Usage of EmptyDir volume "cache" exceeds the limit "1Mi". '
    events = [e.content for e in c.server.list("events", "default").items
              if e.content["reason"] == "Evicted"]
    assert events and events[0]["involvedObject"]["name"] == pod.metadata.name
    c.advance(5)
    running = [p for p in c.server.list("pods", "default").items if p.status.phase == "Running"]
    assert len(running) == 1 and running[0].metadata.name != pod.metadata.name
    table = api.handle("GET", "/api/v1/namespaces/default/pods", {},
                       {"accept": "application/json;as=Table;v=v1;g=meta.k8s.io"}).json()
    # printPod prefers a container's terminated reason over the pod's reason
    assert [r["cells"][2] for r in table["rows"]
            if r["cells"][0] == pod.metadata.name] == ["Error"]
    c.stop()


def test_progress_deadline_exceeded_when_pods_never_become_ready():
    c = Cluster(nodes=1, startup_delay=10_000)  # containers start, never pass readiness
    api = RestAPI(c.server, c.load)
    body = _deployment("slow", 2, "nginx")
    body["spec"]["progressDeadlineSeconds"] = 30
    _post(api, "/apis/apps/v1/namespaces/default/deployments", body)
    c.advance(1)
    conds = {x.type: x for x in c.server.get("deployments", "default", "slow").status.conditions}
    # created, then progress (2 updated pods) moved it to ReplicaSetUpdated
    assert (conds["Progressing"].status, conds["Progressing"].reason) == (
        "True", "ReplicaSetUpdated")
    c.advance(45)
    d = c.server.get("deployments", "default", "slow")
    conds = {x.type: x for x in d.status.conditions}
    rs = c.server.list("replicasets", "default").items[0].metadata.name
    assert (conds["Progressing"].status, conds["Progressing"].reason,
            conds["Progressing"].message) == (
        "False", "ProgressDeadlineExceeded", f'ReplicaSet "{rs}" has timed out progressing.')
    assert (conds["Available"].status, conds["Available"].reason) == (
        "False", "MinimumReplicasUnavailable")
    c.stop()

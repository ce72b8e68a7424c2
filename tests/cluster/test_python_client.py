"""The official ``kubernetes`` Python client against the course cluster."""

from __future__ import annotations

import pytest

kubernetes = pytest.importorskip("kubernetes", reason="the kubernetes client is in the test "
                                                      "extra")
from kubernetes import client, config, watch  # noqa: E402
from kubernetes.dynamic import DynamicClient  # noqa: E402


@pytest.fixture
def api(served):
    return config.new_client_from_config(config_file=served.kubeconfig)


def _deployment(name: str, replicas: int = 1) -> dict:
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": [
                         {"name": "app", "image": "nginx:1.27"}]}}}}


def test_list_create_patch_delete(api, ns):
    apps = client.AppsV1Api(api)
    created = apps.create_namespaced_deployment(ns, _deployment("py"))
    assert created.metadata.uid and created.spec.replicas == 1
    patched = apps.patch_namespaced_deployment("py", ns, {"metadata": {"labels": {"x": "y"}}})
    assert patched.metadata.labels == {"x": "y"}
    names = [d.metadata.name for d in apps.list_namespaced_deployment(ns).items]
    assert names == ["py"]
    with pytest.raises(client.ApiException) as e:
        apps.read_namespaced_deployment("nope", ns)
    assert e.value.status == 404
    apps.delete_namespaced_deployment("py", ns)
    assert apps.list_namespaced_deployment(ns).items == []


def test_scale_subresource_with_a_strategic_merge_patch(api, ns):
    apps = client.AppsV1Api(api)
    apps.create_namespaced_deployment(ns, _deployment("sc"))
    scale = apps.patch_namespaced_deployment_scale("sc", ns, {"spec": {"replicas": 3}})
    assert scale.spec.replicas == 3
    assert apps.read_namespaced_deployment_scale("sc", ns).spec.replicas == 3
    assert apps.read_namespaced_deployment("sc", ns).spec.replicas == 3


def test_watch_sees_events_in_order(api, ns):
    core = client.CoreV1Api(api)
    apps = client.AppsV1Api(api)
    rv = core.list_namespaced_pod(ns).metadata.resource_version
    apps.create_namespaced_deployment(ns, _deployment("w", 2))
    seen = []
    w = watch.Watch()
    for ev in w.stream(core.list_namespaced_pod, ns, resource_version=rv, timeout_seconds=30):
        seen.append((ev["type"], ev["object"].metadata.name,
                     int(ev["object"].metadata.resource_version)))
        ready = {n for t, n, _ in seen if t == "MODIFIED"}
        if len({n for _, n, _ in seen}) == 2 and len(ready) == 2 and any(
                e["object"].status.phase == "Running" for e in [ev]):
            w.stop()
    assert [t for t, _, _ in seen[:2]] == ["ADDED", "ADDED"]
    rvs = [r for _, _, r in seen]
    assert rvs == sorted(rvs) and min(rvs) > int(rv)


def test_dynamic_client_discovery(api):
    dyn = DynamicClient(api)
    deploys = dyn.resources.get(api_version="apps/v1", kind="Deployment")
    assert deploys.name == "deployments" and deploys.namespaced
    hpa = dyn.resources.get(api_version="autoscaling/v2", kind="HorizontalPodAutoscaler")
    assert "hpa" in hpa.short_names
    nodes = dyn.resources.get(api_version="v1", kind="Node").get()
    assert sorted(n.metadata.name for n in nodes.items) == ["node-1", "node-2"]

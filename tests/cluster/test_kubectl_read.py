"""Real kubectl v1.36.3 against the course cluster: get, describe, top, explain, watch."""

from __future__ import annotations

import json
import subprocess

import yaml
from manifests import deployment


def _ready(served, ns, name="web", replicas=2):
    served.run("apply", "-n", ns, "-f", "-", input=deployment(name, replicas))
    served.run("rollout", "status", "-n", ns, f"deployment/{name}", "--timeout=60s")


def test_get_tables_have_the_upstream_columns(served, ns):
    _ready(served, ns)
    pods = served.run("get", "pods", "-n", ns).stdout.splitlines()
    assert pods[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert len(pods) == 3 and all(" 1/1 " in row and "Running" in row for row in pods[1:])
    wide = served.run("get", "pods", "-n", ns, "-o", "wide").stdout.splitlines()[0].split()
    assert wide[:7] == ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"]
    dep = served.run("get", "deployments", "-n", ns).stdout.splitlines()
    assert dep[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert dep[1].split()[:4] == ["web", "2/2", "2", "2"]
    rs = served.run("get", "rs", "-n", ns).stdout.splitlines()
    assert rs[0].split() == ["NAME", "DESIRED", "CURRENT", "READY", "AGE"]


def test_get_output_formats_and_selectors(served, ns):
    _ready(served, ns)
    _ready(served, ns, "api", 1)
    doc = yaml.safe_load(served.run("get", "deployment", "web", "-n", ns, "-o", "yaml").stdout)
    assert doc["kind"] == "Deployment" and doc["spec"]["replicas"] == 2
    assert doc["spec"]["strategy"]["rollingUpdate"] == {"maxSurge": "25%",
                                                       "maxUnavailable": "25%"}
    lst = json.loads(served.run("get", "pods", "-n", ns, "-o", "json").stdout)
    assert len(lst["items"]) == 3
    names = served.run("get", "pods", "-n", ns, "-l", "app=api", "-o", "name").stdout.split()
    assert len(names) == 1 and names[0].startswith("pod/api-")
    running = served.run("get", "pods", "-n", ns, "--field-selector",
                         f"status.phase=Running,metadata.name={names[0][4:]}", "-o",
                         "name").stdout.split()
    assert running == names
    everything = served.run("get", "all", "-n", ns).stdout
    for kind in ("pod/web-", "deployment.apps/web", "replicaset.apps/web-"):
        assert kind in everything


def test_get_watch_streams_new_objects(served, ns):
    proc = subprocess.Popen(
        [served.kubectl, "get", "deployments", "-n", ns, "-w", "--request-timeout=60s"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"KUBECONFIG": served.kubeconfig, "HOME": "/tmp"})
    try:
        served.run("apply", "-n", ns, "-f", "-", input=deployment("watched", 1))
        seen = []
        for line in proc.stdout:  # the first rows arrive as the rollout progresses
            seen.append(line)
            if line.split()[:2] == ["watched", "1/1"]:
                break
        assert seen[0].split() == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
        assert any(s.startswith("watched ") for s in seen[1:])
    finally:
        proc.kill()
        proc.communicate()


def test_describe_shows_events(served, ns):
    _ready(served, ns)
    d = served.run("describe", "deployment", "web", "-n", ns).stdout
    assert "ScalingReplicaSet" in d and "Scaled up replica set web-" in d
    assert "RollingUpdateStrategy:  25% max unavailable, 25% max surge" in d
    rs = served.run("get", "rs", "-n", ns, "-o", "name").stdout.split()[0]
    out = served.run("describe", rs, "-n", ns).stdout
    assert "SuccessfulCreate" in out and "Controlled By:  Deployment/web" in out
    pod = served.run("get", "pods", "-n", ns, "-o", "name").stdout.split()[0]
    out = served.run("describe", pod, "-n", ns).stdout
    assert "Status:           Running" in out or "Status:         Running" in out
    assert "Controlled By:  ReplicaSet/web-" in out
    assert "Scheduled" in out and "Successfully assigned" in out and "default-scheduler" in out
    assert ("kubelet            spec.containers{app}: Container image \"nginx:1.27\" already "
            "present on machine and can be accessed by the pod") in out
    assert "spec.containers{app}: Container started" in out


def test_top_pods_and_nodes(served, ns):
    _ready(served, ns)
    served.run("annotate", "deployment", "web", "-n", ns, "k8slearn.io/cpu-load=300m")
    top = served.run("top", "pods", "-n", ns).stdout.splitlines()
    assert top[0].split()[:3] == ["NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert sorted(r.split()[1] for r in top[1:]) == ["151m", "151m"]  # 300m / 2 + 1m idle
    nodes = served.run("top", "nodes").stdout.splitlines()
    assert nodes[0].split()[:2] == ["NAME", "CPU(cores)"]
    assert {r.split()[0] for r in nodes[1:]} == {"node-1", "node-2"}


def test_explain_reads_the_generated_openapi(served):
    out = served.run("explain", "deployment.spec").stdout
    assert "KIND:       Deployment" in out and "FIELD: spec <DeploymentSpec>" in out
    assert "replicas\t<integer>" in out and "template\t<PodTemplateSpec>" in out
    out = served.run("explain", "hpa.spec.maxReplicas").stdout
    assert "VERSION:    v2" in out and "<integer>" in out


def test_get_nodes_and_namespaces(served):
    nodes = served.run("get", "nodes").stdout.splitlines()
    assert nodes[0].split() == ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
    assert nodes[1].split()[:2] == ["node-1", "Ready"]
    assert "default" in served.run("get", "ns", "-o", "name").stdout


def test_unknown_resource_type(served):
    r = served.run("get", "widgets", check=False)
    assert r.returncode == 1
    assert 'the server doesn\'t have a resource type "widgets"' in r.stderr


def test_explain_walks_into_the_deployment_strategy(served):
    out = served.run("explain", "deployment.spec.strategy.rollingUpdate.maxSurge").stdout
    assert "FIELD: maxSurge" in out and "rounded up" in out
    out = served.run("explain", "deployment.spec.strategy").stdout
    assert "rollingUpdate\t<RollingUpdateDeployment>" in out
    assert "enum: Recreate, RollingUpdate" in out

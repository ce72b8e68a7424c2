"""Real kubectl v1.36.3 against the course cluster: apply, create, scale, rollout, delete."""

from __future__ import annotations

import json

from manifests import deployment


def _json(served, *args):
    return json.loads(served.run(*args, "-o", "json").stdout)


def test_apply_created_configured_unchanged_and_diff(served, ns):
    assert served.run("apply", "-n", ns, "-f", "-",
                      input=deployment("web")).stdout.strip() == "deployment.apps/web created"
    d = _json(served, "get", "deployment", "web", "-n", ns)
    last = json.loads(d["metadata"]["annotations"][
        "kubectl.kubernetes.io/last-applied-configuration"])
    assert last["spec"]["replicas"] == 2
    assert served.run("apply", "-n", ns, "-f", "-",
                      input=deployment("web")).stdout.strip() == "deployment.apps/web unchanged"
    changed = deployment("web", replicas=3)
    diff = served.run("diff", "-n", ns, "-f", "-", input=changed, check=False)
    assert diff.returncode == 1, diff.stderr  # 1: differences found
    assert "-  replicas: 2" in diff.stdout and "+  replicas: 3" in diff.stdout
    assert served.run("apply", "-n", ns, "-f", "-",
                      input=changed).stdout.strip() == "deployment.apps/web configured"
    assert served.run("diff", "-n", ns, "-f", "-", input=changed).returncode == 0


def test_create_f_create_deployment_and_autoscale(served, ns):
    out = served.run("create", "-n", ns, "-f", "-", input=deployment("fromfile")).stdout
    assert out.strip() == "deployment.apps/fromfile created"
    again = served.run("create", "-n", ns, "-f", "-", input=deployment("fromfile"), check=False)
    assert 'deployments.apps "fromfile" already exists' in again.stderr
    # typed clients send protobuf bodies
    served.run("create", "deployment", "proto", "-n", ns, "--image=nginx:1.27",
               "--replicas=2", "--port=80")
    d = _json(served, "get", "deployment", "proto", "-n", ns)
    assert d["spec"]["template"]["spec"]["containers"][0]["ports"] == [
        {"containerPort": 80, "protocol": "TCP"}]
    served.run("autoscale", "deployment", "proto", "-n", ns, "--cpu=50%", "--min=1",
               "--max=5")
    hpa = _json(served, "get", "hpa", "proto", "-n", ns)
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["metrics"][0]["resource"]["target"] == {"type": "Utilization",
                                                                "averageUtilization": 50}
    rows = served.run("get", "hpa", "-n", ns).stdout.splitlines()
    assert rows[0].split() == ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS",
                               "REPLICAS", "AGE"]
    assert rows[1].split()[:2] == ["proto", "Deployment/proto"]


def test_scale_set_image_and_rollouts(served, ns):
    served.run("apply", "-n", ns, "-f", "-", input=deployment("web", 4, "nginx:1.26"))
    served.run("rollout", "status", "-n", ns, "deployment/web", "--timeout=60s")
    served.run("set", "image", "-n", ns, "deployment/web", "app=nginx:1.27")
    out = served.run("rollout", "status", "-n", ns, "deployment/web", "--timeout=60s").stdout
    assert out.strip().endswith('deployment "web" successfully rolled out')
    hist = served.run("rollout", "history", "-n", ns, "deployment/web").stdout.split()
    assert hist[hist.index("CHANGE-CAUSE") + 1:] == ["1", "<none>", "2", "<none>"]
    served.run("rollout", "undo", "-n", ns, "deployment/web")
    served.run("rollout", "status", "-n", ns, "deployment/web", "--timeout=60s")
    image = served.run("get", "deployment", "web", "-n", ns, "-o",
                       "jsonpath={.spec.template.spec.containers[0].image}").stdout
    assert image == "nginx:1.26"
    served.run("rollout", "restart", "-n", ns, "deployment/web")
    served.run("rollout", "status", "-n", ns, "deployment/web", "--timeout=60s")
    d = _json(served, "get", "deployment", "web", "-n", ns)
    assert "kubectl.kubernetes.io/restartedAt" in d["spec"]["template"]["metadata"][
        "annotations"]
    assert d["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "4"
    served.run("scale", "-n", ns, "deployment/web", "--replicas=1")
    served.run("rollout", "status", "-n", ns, "deployment/web", "--timeout=60s")
    rows = served.run("get", "deployment", "web", "-n", ns).stdout.splitlines()
    assert rows[1].split()[1:4] == ["1/1", "1", "1"]


def test_delete_with_the_three_propagation_policies(served, ns):
    for name in ("bg", "orphan", "fg"):
        served.run("apply", "-n", ns, "-f", "-", input=deployment(name, 1))
        served.run("rollout", "status", "-n", ns, f"deployment/{name}", "--timeout=60s")
    served.run("delete", "deployment", "bg", "-n", ns, "--cascade=background")
    served.run("delete", "deployment", "orphan", "-n", ns, "--cascade=orphan")
    out = served.run("delete", "deployment", "fg", "-n", ns, "--cascade=foreground",
                     "--timeout=60s").stdout
    assert out.strip() == f'deployment.apps "fg" deleted from {ns} namespace'
    rss = _json(served, "get", "rs", "-n", ns)["items"]
    assert [rs["metadata"]["name"].rsplit("-", 1)[0] for rs in rss] == ["orphan"]
    assert "ownerReferences" not in rss[0]["metadata"]
    pods = served.run("get", "pods", "-n", ns, "-o", "name").stdout.split()
    assert len(pods) == 1 and pods[0].startswith("pod/orphan-")


def test_dry_run_server_and_strict_field_validation(served, ns):
    out = served.run("create", "-n", ns, "-f", "-", "--dry-run=server",
                     input=deployment("dry")).stdout
    assert out.strip() == "deployment.apps/dry created (server dry run)"
    assert served.run("get", "deployment", "dry", "-n", ns, check=False).returncode == 1
    bad = deployment("strict").replace("  replicas: 2\n", "  replicas: 2\n  replica: 3\n")
    r = served.run("apply", "-n", ns, "-f", "-", input=bad, check=False)
    assert r.returncode == 1
    assert 'strict decoding error: unknown field "spec.replica"' in r.stderr
    invalid = deployment("neg").replace("replicas: 2", "replicas: -1")
    r = served.run("apply", "-n", ns, "-f", "-", input=invalid, check=False)
    # kubectl formats the Status' details.causes
    assert r.stderr.strip() == ('The Deployment "neg" is invalid: spec.replicas: Invalid value: '
                                "-1: must be greater than or equal to 0")


def test_server_side_apply_is_refused_clearly(served, ns):
    r = served.run("apply", "--server-side", "-n", ns, "-f", "-", input=deployment("ssa"),
                   check=False)
    assert r.returncode == 1
    assert "server-side apply is not modelled by the k8slearn course cluster" in r.stderr


def test_php_apache_scales_up_under_load(served, ns):
    served.run("apply", "-n", ns, "-f", "-", input=deployment("php-apache", 1))
    served.run("rollout", "status", "-n", ns, "deployment/php-apache", "--timeout=60s")
    served.run("autoscale", "deployment", "php-apache", "-n", ns, "--cpu=50%", "--min=1",
               "--max=10")
    served.run("annotate", "deployment", "php-apache", "-n", ns,
               "k8slearn.io/cpu-load=700m")
    served.run("wait", "-n", ns, "hpa/php-apache", "--for=jsonpath={.status.desiredReplicas}=7",
               "--timeout=90s", timeout=100)
    d = served.run("describe", "hpa", "php-apache", "-n", ns).stdout
    assert "SuccessfulRescale" in d and "New size: 4; reason: cpu resource utilization" in d


def test_label_patch_types_wait_and_delete_pod(served, ns):
    served.run("apply", "-n", ns, "-f", "-", input=deployment("w", 2))
    served.run("wait", "-n", ns, "--for=condition=Available", "deployment/w", "--timeout=60s")
    pod = served.run("get", "pods", "-n", ns, "-o", "name").stdout.split()[0]
    assert served.run("label", "-n", ns, pod, "tier=web").stdout.strip() == f"{pod} labeled"
    out = served.run("delete", "-n", ns, pod).stdout.strip()
    assert out == f'pod "{pod[4:]}" deleted from {ns} namespace'
    gone = served.run("get", "-n", ns, pod, check=False)
    assert f'pods "{pod[4:]}" not found' in gone.stderr
    served.run("patch", "-n", ns, "deployment/w", "--type=json",
               "-p", '[{"op": "replace", "path": "/spec/replicas", "value": 3}]')
    assert _json(served, "get", "deployment", "w", "-n", ns)["spec"]["replicas"] == 3
    served.run("patch", "-n", ns, "deployment/w", "--type=merge", "-p",
               '{"spec": {"replicas": 1}}')
    assert _json(served, "get", "deployment", "w", "-n", ns)["spec"]["replicas"] == 1


def test_version_and_api_resources(served):
    assert "Server Version: v1.36.0-k8slearn" in served.run("version").stdout
    rows = served.run("api-resources").stdout.splitlines()
    assert rows[0].split() == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    assert any(r.split()[:3] == ["deployments", "deploy", "apps/v1"] for r in rows)
    assert any(r.split()[:3] == ["horizontalpodautoscalers", "hpa", "autoscaling/v2"]
               for r in rows)


def test_rollout_pause_and_resume(served, ns):
    served.run("apply", "-n", ns, "-f", "-", input=deployment("pz", 2, "nginx:1.26"))
    served.run("rollout", "status", "-n", ns, "deployment/pz", "--timeout=60s")
    assert served.run("rollout", "pause", "-n", ns, "deployment/pz").stdout.strip() == \
        "deployment.apps/pz paused"
    served.run("set", "image", "-n", ns, "deployment/pz", "app=nginx:1.27")
    assert len(_json(served, "get", "rs", "-n", ns)["items"]) == 1
    served.run("rollout", "resume", "-n", ns, "deployment/pz")
    served.run("rollout", "status", "-n", ns, "deployment/pz", "--timeout=60s")
    images = {p["spec"]["containers"][0]["image"]
              for p in _json(served, "get", "pods", "-n", ns)["items"]
              if "deletionTimestamp" not in p["metadata"]}
    assert images == {"nginx:1.27"}


def test_create_configmap_and_delete_namespace_with_its_contents(served):
    served.run("create", "namespace", "doomed")
    served.run("create", "configmap", "cfg", "-n", "doomed", "--from-literal=a=1")
    rows = served.run("get", "cm", "-n", "doomed").stdout.splitlines()
    assert rows[0].split() == ["NAME", "DATA", "AGE"] and rows[1].split()[:2] == ["cfg", "1"]
    served.run("apply", "-n", "doomed", "-f", "-", input=deployment("d", 1))
    served.run("delete", "namespace", "doomed", "--timeout=60s")
    assert served.run("get", "ns", "doomed", check=False).returncode == 1
    assert served.run("get", "cm,deploy,rs,pods", "-n", "doomed", "-o",
                      "name").stdout.strip() == ""


def test_rollout_status_fails_after_the_progress_deadline(served, tmp_path):
    # a cluster of its own whose pods never become Ready
    import dataclasses
    import time

    from k8slearn.clock import FakeClock
    from k8slearn.cluster.cluster import Cluster
    from k8slearn.cluster.rest import RestAPI
    from k8slearn.cluster.server import HTTPFront, write_kubeconfig

    cluster = Cluster(nodes=1, clock=FakeClock(float(int(time.time()))), startup_delay=1e6)
    front = HTTPFront(RestAPI(cluster.server, cluster.load)).start()
    cluster.start(speed=30)
    try:
        kc = write_kubeconfig(tmp_path / "kc", front.url, front.token, front.ca_pem)
        slow = dataclasses.replace(served, kubeconfig=kc)
        manifest = deployment("slow", 1).replace("spec:\n  replicas: 1",
                                                 "spec:\n  progressDeadlineSeconds: 20\n"
                                                 "  replicas: 1")
        slow.run("apply", "-f", "-", input=manifest)
        r = slow.run("rollout", "status", "deployment/slow", "--timeout=60s", check=False)
        assert r.returncode == 1
        assert r.stderr.strip() == 'error: deployment "slow" exceeded its progress deadline'
    finally:
        front.stop()
        cluster.stop()


def test_apply_switches_to_recreate_over_the_defaulted_rolling_update(served, ns):
    """Applying ``type: Recreate`` over a Deployment whose rollingUpdate the server
    defaulted leaves no rollingUpdate behind (upstream validation forbids one with
    Recreate; the OpenAPI marks spec.strategy ``retainKeys`` as upstream does)."""
    served.run("apply", "-n", ns, "-f", "-", input=deployment("rc"))
    assert _json(served, "get", "deployment", "rc", "-n", ns)["spec"]["strategy"][
        "rollingUpdate"] == {"maxSurge": "25%", "maxUnavailable": "25%"}
    recreate = deployment("rc").replace("spec:\n", "spec:\n  strategy:\n    type: Recreate\n", 1)
    assert "Recreate" in recreate
    served.run("apply", "-n", ns, "-f", "-", input=recreate)
    assert _json(served, "get", "deployment", "rc", "-n", ns)["spec"]["strategy"] == {
        "type": "Recreate"}

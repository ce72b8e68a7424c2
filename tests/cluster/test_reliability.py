"""Bad input, concurrency, watch ordering and clean shutdown of the served cluster."""

from __future__ import annotations

import http.client
import json
import os
import ssl
import threading

import pytest

from k8slearn.api.meta import ObjectMeta
from k8slearn.clock import FakeClock
from k8slearn.cluster.cluster import Cluster
from k8slearn.cluster.codec import Unstructured
from k8slearn.cluster.rest import RestAPI
from k8slearn.cluster.server import HTTPFront
from k8slearn.cluster.tls import TLSError

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
       "spec": {"containers": [{"name": "c", "image": "nginx"}]}}


class Client:
    def __init__(self, front: HTTPFront, token: str | None = None) -> None:
        self.front = front
        self.token = front.token if token is None else token

    def call(self, method: str, path: str, body: bytes | dict | None = None,
             ctype: str = "application/json") -> tuple[int, dict]:
        if self.front.ca_pem:
            ctx = ssl.create_default_context(cadata=self.front.ca_pem.decode())
            conn = http.client.HTTPSConnection("127.0.0.1", self.front.port, context=ctx,
                                               timeout=30)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.front.port, timeout=30)
        data = json.dumps(body).encode() if isinstance(body, dict) else body
        headers = {"Content-Type": ctype}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            return resp.status, json.loads(resp.read() or b"{}")
        finally:
            conn.close()


@pytest.fixture
def env():
    cluster = Cluster(nodes=1, clock=FakeClock(1000.0))
    front = HTTPFront(RestAPI(cluster.server, cluster.load), tls=False).start()
    try:
        yield cluster, Client(front)
    finally:
        front.stop()
        cluster.stop()


PODS = "/api/v1/namespaces/default/pods"


def test_bad_requests_get_status_objects(env):
    cluster, c = env
    code, body = c.call("POST", PODS, b"{not json")
    assert code == 400 and body["kind"] == "Status" and body["reason"] == "BadRequest"
    assert "not valid JSON" in body["message"]
    code, body = c.call("GET", "/api/v1/namespaces/default/widgets")
    assert code == 404 and body["reason"] == "NotFound"
    code, body = c.call("GET", PODS + "/nope")
    assert (code, body["message"]) == (404, 'pods "nope" not found')
    wrong = {**POD, "spec": {"containers": "nginx"}}
    code, body = c.call("POST", PODS, wrong)
    # upstream: a decode error is a 400 naming the Go type
    assert code == 400 and 'Pod in version "v1" cannot be handled as a Pod' in body["message"]
    assert "json: cannot unmarshal string into Go struct field PodSpec.spec.containers" in \
        body["message"]
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
           "metadata": {"name": "h"}, "spec": {"scaleTargetRef": {
               "kind": "Deployment", "name": "web", "apiVersion": "apps/v1"},
               "maxReplicas": 0}}
    code, body = c.call("POST", "/apis/autoscaling/v2/namespaces/default/"
                                "horizontalpodautoscalers", hpa)
    assert code == 422 and body["reason"] == "Invalid"
    assert {"reason": "FieldValueInvalid", "field": "spec.maxReplicas",
            "message": "Invalid value: 0: must be greater than 0"} in body["details"]["causes"]
    code, body = c.call("POST", PODS, b"x" * (3 * 1024 * 1024 + 1))
    assert code == 413 and body["reason"] == "RequestEntityTooLarge"
    code, body = Client(c.front, token="").call("GET", PODS)
    assert (code, body["reason"]) == (401, "Unauthorized")
    code, body = c.call("POST", "/api/v1/namespaces/missing/pods", POD)
    assert (code, body["message"]) == (404, 'namespaces "missing" not found')


def test_concurrent_writers_conflict_but_lose_nothing(env):
    cluster, c = env
    c.call("POST", PODS, POD)
    n_clients, n_each = 32, 3
    conflicts = []

    def worker(i: int) -> None:
        done = 0
        while done < n_each:
            code, pod = c.call("GET", PODS + "/p")
            count = int(pod["metadata"].get("annotations", {}).get("count", "0"))
            pod["metadata"].setdefault("annotations", {})["count"] = str(count + 1)
            code, body = c.call("PUT", PODS + "/p", pod)
            if code == 409:
                conflicts.append(body["message"])
                continue
            assert code == 200, body
            done += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = cluster.server.get("pods", "default", "p")
    assert final.metadata.annotations["count"] == str(n_clients * n_each)
    assert conflicts, "32 writers on one object should conflict at least once"
    assert conflicts[0] == ('Operation cannot be fulfilled on pods "p": the object has been '
                            "modified; please apply your changes to the latest version and try "
                            "again")


def test_watch_sees_every_event_after_its_resource_version_in_order(env):
    cluster, c = env
    start_rv = cluster.server.resource_version
    api = c.front.api
    resp = api.handle("GET", PODS, {"watch": "1", "resourceVersion": start_rv}, {})
    for i in range(20):
        # noise in another resource must not reach the pods watch
        cluster.server.create(Unstructured("v1", "Event", ObjectMeta(name=f"e{i}",
                                                                     namespace="default")))
        c.call("POST", PODS, {**POD, "metadata": {"name": f"p{i}"}})
    lines = []
    for chunk in resp.stream:
        lines.append(json.loads(chunk))
        if len(lines) == 20:
            break
    resp.stream.close()
    assert [ev["object"]["metadata"]["name"] for ev in lines] == [f"p{i}" for i in range(20)]
    rvs = [int(ev["object"]["metadata"]["resourceVersion"]) for ev in lines]
    assert rvs == sorted(rvs) and rvs[0] > int(start_rv)


def test_stop_leaves_no_threads_or_temp_files(tmp_path):
    before = set(threading.enumerate())
    cluster = Cluster(nodes=2, clock=FakeClock(1000.0))
    root = cluster.kubelet_root
    try:
        front = HTTPFront(RestAPI(cluster.server, cluster.load)).start()
    except TLSError as e:
        cluster.stop()
        pytest.skip(str(e))
    cluster.start(speed=50)
    c = Client(front)
    assert c.call("GET", "/api/v1/namespaces")[0] == 200
    watch_done, established = threading.Event(), threading.Event()

    def watcher() -> None:  # an open watch must end when the server stops
        ctx = ssl.create_default_context(cadata=front.ca_pem.decode())
        conn = http.client.HTTPSConnection("127.0.0.1", front.port, context=ctx, timeout=30)
        conn.request("GET", PODS + "?watch=1", headers={"Authorization": f"Bearer {front.token}"})
        resp = conn.getresponse()
        established.set()
        try:
            resp.read()
        except (OSError, http.client.HTTPException):
            pass
        conn.close()
        watch_done.set()

    t = threading.Thread(target=watcher)
    t.start()
    assert established.wait(10)
    front.stop()
    cluster.stop()
    t.join(timeout=10)
    assert watch_done.is_set()
    assert not os.path.exists(root)
    leftover = [th for th in set(threading.enumerate()) - before if th.is_alive()]
    assert leftover == []


def test_bad_deployment_strategy_is_422_and_never_stored(env):
    """The Deployment controller could not sync these: the apiserver refuses them (422)."""
    cluster, c = env
    path = "/apis/apps/v1/namespaces/default/deployments"
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "c", "image": "nginx"}]}},
                    "strategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": "abc"}}}}
    code, body = c.call("POST", path, dep)
    assert code == 422 and body["reason"] == "Invalid"
    ru = "spec.strategy.rollingUpdate"
    assert [(x["field"], x["message"]) for x in body["details"]["causes"]] == [
        (f"{ru}.maxUnavailable", 'Invalid value: "abc": a valid percent string must be a '
         "numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for "
         "validation is '[0-9]+%')"),
        (f"{ru}.maxUnavailable", 'Invalid value: "abc": may not be 0 when `maxSurge` is 0')]
    dep["spec"]["strategy"] = {"type": "Recreate", "rollingUpdate": {}}
    code, body = c.call("POST", path, dep)
    assert (code, body["details"]["causes"]) == (422, [{
        "reason": "FieldValueForbidden", "field": ru,
        "message": "Forbidden: may not be specified when strategy `type` is 'Recreate'"}])
    code, body = c.call("GET", path)
    assert code == 200 and body["items"] == []

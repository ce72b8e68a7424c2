"""The in-memory API server: CRUD, watch, optimistic concurrency, scale, GC."""

from __future__ import annotations

import threading

import pytest

from k8slearn.api import from_dict
from k8slearn.apiserver import (
    ADDED,
    DELETED,
    ERROR,
    MODIFIED,
    AlreadyExists,
    APIServer,
    Conflict,
    Expired,
    NotFound,
    retry_on_conflict,
)
from k8slearn.apiserver.retry import Backoff
from k8slearn.clock import FakeClock
from k8slearn.controller.objects import controller_ref, new_pod, new_replica_set

CONFLICT_WEB = (
    'Operation cannot be fulfilled on replicasets.apps "web": the object has been modified; '
    "please apply your changes to the latest version and try again"
)


@pytest.fixture
def server():
    return APIServer(FakeClock(1000.0), seed=7)


def test_create_sets_server_fields_from_clock_and_seed(server):
    rs = server.create(new_replica_set("web", 3))
    assert rs.metadata.resource_version == "1"
    assert rs.metadata.creation_timestamp == 1000.0
    assert rs.metadata.generation == 1
    again = APIServer(FakeClock(), seed=7).create(new_replica_set("x", 1))
    assert rs.metadata.uid == again.metadata.uid
    p = new_pod("", {"app": "web"})
    p.metadata.generate_name = "web-"
    a, b = server.create(p), server.create(p)
    assert a.metadata.name.startswith("web-") and len(a.metadata.name) == 9
    assert a.metadata.name != b.metadata.name
    assert set(a.metadata.name[4:]) <= set("bcdfghjklmnpqrstvwxz2456789")


def test_resource_versions_increase_across_resources(server):
    rvs = [int(server.create(new_pod(f"p{i}")).metadata.resource_version) for i in range(3)]
    rvs.append(int(server.create(new_replica_set("web", 1)).metadata.resource_version))
    assert rvs == sorted(rvs) and len(set(rvs)) == 4


def test_errors_carry_apiserver_messages(server):
    server.create(new_replica_set("web", 1))
    with pytest.raises(AlreadyExists, match='^replicasets.apps "web" already exists$'):
        server.create(new_replica_set("web", 1))
    with pytest.raises(NotFound, match='^pods "nope" not found$'):
        server.get("pods", "default", "nope")
    assert NotFound("pods", "", "x").code == 404


def test_stale_update_is_a_conflict_with_the_exact_message(server):
    server.create(new_replica_set("web", 1))
    a = server.get("replicasets", "default", "web")
    b = server.get("replicasets", "default", "web")
    a.spec.replicas = 2
    server.update(a)
    b.spec.replicas = 5
    with pytest.raises(Conflict) as info:
        server.update(b)
    assert str(info.value) == CONFLICT_WEB and info.value.code == 409
    assert server.get("replicasets", "default", "web").spec.replicas == 2


def test_empty_resource_version_is_an_unconditional_update(server):
    server.create(new_replica_set("web", 1))
    rs = server.get("replicasets", "default", "web")
    rs.metadata.resource_version = ""
    rs.spec.replicas = 4
    assert server.update(rs).spec.replicas == 4


def test_update_keeps_status_update_status_keeps_spec_and_generation(server):
    server.create(new_replica_set("web", 1))
    rs = server.get("replicasets", "default", "web")
    rs.spec.replicas = 3
    rs.status.replicas = 99
    out = server.update(rs)
    assert out.status.replicas == 0 and out.metadata.generation == 2
    out.spec.replicas = 10
    out.status.replicas = 3
    out2 = server.update_status(out)
    assert out2.spec.replicas == 3 and out2.status.replicas == 3
    assert out2.metadata.generation == 2


def test_reads_and_writes_are_deep_copies(server):
    rs = new_replica_set("web", 1)
    stored = server.create(rs)
    rs.spec.replicas = 50
    stored.spec.replicas = 60
    got = server.get("replicasets", "default", "web")
    got.metadata.labels["x"] = "y"
    again = server.get("replicasets", "default", "web")
    assert again.spec.replicas == 1 and "x" not in again.metadata.labels


def test_list_with_label_selector(server):
    server.create(new_pod("a", {"app": "web"}))
    server.create(new_pod("b", {"app": "db"}))
    server.create(new_pod("c", {"app": "web"}, namespace="other"))
    names = [p.metadata.name for p in server.list("pods", label_selector={"app": "web"}).items]
    assert names == ["a", "c"]
    assert [p.metadata.name for p in server.list("pods", "default", "app=web").items] == ["a"]
    assert [p.metadata.name for p in server.list("pods", None, "app!=web").items] == ["b"]


def test_watch_events_and_replay_from_resource_version(server):
    w = server.watch("pods")
    p = server.create(new_pod("a"))
    p.metadata.labels["v"] = "2"
    server.update(p)
    server.delete("pods", "default", "a")
    evs = w.poll()
    assert [e.type for e in evs] == [ADDED, MODIFIED, DELETED]
    assert [int(e.object.metadata.resource_version) for e in evs] == [1, 2, 3]
    replay = server.watch("pods", resource_version="1").poll()
    assert [e.type for e in replay] == [MODIFIED, DELETED]
    server.create(new_pod("b"))
    initial = server.watch("pods", resource_version="0").poll()
    assert [(e.type, e.object.metadata.name) for e in initial] == [(ADDED, "b")]


def test_watch_from_compacted_version_is_expired(server):
    server.create(new_pod("a"))
    server.create(new_pod("b"))
    server.compact()
    evs = server.watch("pods", resource_version="1").poll()
    assert evs[0].type == ERROR and isinstance(evs[0].object, Expired)
    assert str(evs[0].object) == "too old resource version: 1 (3)"


def test_label_selector_watch_turns_transitions_into_added_and_deleted(server):
    w = server.watch("pods", label_selector={"app": "web"})
    p = server.create(new_pod("a", {"app": "db"}))
    p.metadata.labels["app"] = "web"
    p = server.update(p)
    p.metadata.labels["app"] = "db"
    server.update(p)
    assert [e.type for e in w.poll()] == [ADDED, DELETED]


def test_scale_subresource(server):
    server.create(new_replica_set("web", 2))
    scale = server.get_scale("replicasets", "default", "web")
    assert (scale.spec.replicas, scale.status.selector) == (2, "app=web")
    scale.spec.replicas = 7
    out = server.update_scale("replicasets", "default", "web", scale)
    assert out.spec.replicas == 7
    assert server.get("replicasets", "default", "web").spec.replicas == 7
    with pytest.raises(Conflict, match="replicasets.apps"):
        server.update_scale("replicasets", "default", "web", scale)  # stale RV
    with pytest.raises(NotFound, match="pods/scale"):
        server.get_scale("pods", "default", "x")


def test_garbage_collector_deletes_pods_of_a_deleted_replicaset(server):
    rs = server.create(new_replica_set("web", 2))
    server.create(new_pod("web-1", {"app": "web"}, owner=rs))
    server.create(new_pod("web-2", {"app": "web"}, owner=rs))
    server.create(new_pod("orphan", {"app": "web"}))
    server.delete("replicasets", "default", "web")
    assert [p.metadata.name for p in server.list("pods").items] == ["orphan"]


def test_garbage_collector_keeps_a_dependent_with_another_live_owner(server):
    rs = server.create(new_replica_set("web", 1))
    other = server.create(new_replica_set("other", 0))
    pod = new_pod("shared", {"app": "web"}, owner=rs)
    pod.metadata.owner_references.append(controller_ref(other))
    pod.metadata.owner_references[1].controller = False
    server.create(pod)
    watch = server.watch("pods", resource_version=server.resource_version)
    server.delete("replicasets", "default", "web")
    kept = server.get("pods", "default", "shared")
    assert [r.name for r in kept.metadata.owner_references] == ["other"]
    assert [(e.type, e.object.metadata.name) for e in watch.poll()] == [(MODIFIED, "shared")]
    server.delete("replicasets", "default", "other")
    assert server.list("pods").items == []


def test_deployment_scale_subresource(server):
    server.create(from_dict({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web", "tier": "fe"}},
                 "template": {"metadata": {"labels": {"app": "web", "tier": "fe"}},
                              "spec": {"containers": [{"name": "c", "image": "nginx"}]}}},
    }))
    scale = server.get_scale("deployments", "default", "web")
    assert (scale.spec.replicas, scale.status.selector) == (2, "app=web,tier=fe")
    scale.spec.replicas = 4
    assert server.update_scale("deployments", "default", "web", scale).spec.replicas == 4
    stored = server.get("deployments", "default", "web")
    assert (stored.spec.replicas, stored.metadata.generation) == (4, 2)
    with pytest.raises(Conflict, match='deployments.apps "web"'):
        server.update_scale("deployments", "default", "web", scale)  # stale RV


def test_finalizers_and_graceful_pod_deletion_set_deletion_timestamp(server):
    p = new_pod("a", node_name="node-1")
    server.create(p)
    clock = server.clock
    clock.step(5)
    out = server.delete("pods", "default", "a", grace_period_seconds=30)
    assert out.metadata.deletion_timestamp == 1035.0
    assert server.get("pods", "default", "a").metadata.deletion_timestamp == 1035.0
    server.delete("pods", "default", "a", grace_period_seconds=0)
    with pytest.raises(NotFound):
        server.get("pods", "default", "a")
    q = new_pod("b")
    q.metadata.finalizers = ["example.com/hold"]
    server.create(q)
    server.delete("pods", "default", "b")
    held = server.get("pods", "default", "b")
    assert held.metadata.deletion_timestamp == 1005.0
    held.metadata.finalizers = []
    server.update(held)
    with pytest.raises(NotFound):
        server.get("pods", "default", "b")


def test_bind_sets_node_name_once(server):
    server.create(new_pod("a"))
    assert server.bind("default", "a", "node-1").spec.node_name == "node-1"
    with pytest.raises(Conflict, match='already assigned to node "node-1"'):
        server.bind("default", "a", "node-2")


def test_no_update_is_lost_when_two_writers_race_with_retry_on_conflict():
    server = APIServer(seed=1)
    rs = new_replica_set("web", 0)
    rs.metadata.annotations["count"] = "0"
    server.create(rs)
    n_per_thread, start = 200, threading.Barrier(2)
    conflicts = []

    def writer():
        start.wait()
        for _ in range(n_per_thread):
            def bump():
                cur = server.get("replicasets", "default", "web")
                cur.metadata.annotations["count"] = str(int(cur.metadata.annotations["count"]) + 1)
                try:
                    server.update(cur)
                except Conflict:
                    conflicts.append(1)
                    raise

            retry_on_conflict(Backoff(steps=10_000, duration=0, factor=1, jitter=0), bump)

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = server.get("replicasets", "default", "web")
    assert final.metadata.annotations["count"] == str(2 * n_per_thread)


def test_retry_on_conflict_gives_up_with_the_last_conflict():
    calls = []

    def always_conflict():
        calls.append(1)
        raise Conflict("replicasets", "apps", "web")

    with pytest.raises(Conflict, match="Operation cannot be fulfilled"):
        retry_on_conflict(Backoff(steps=5, duration=0.01, factor=1, jitter=0.1), always_conflict)
    assert len(calls) == 5
    with pytest.raises(ValueError):
        retry_on_conflict(Backoff(5, 0, 1, 0), lambda: (_ for _ in ()).throw(ValueError("x")))


def test_two_controllers_racing_requeue_on_conflict_and_lose_nothing():
    """Each controller owns 40 label keys; a 409 sends the key back with add_rate_limited."""
    from k8slearn.workqueue import ItemExponentialFailureRateLimiter, RateLimitingQueue

    server = APIServer(seed=11)
    server.create(new_replica_set("web", 1))
    conflicts = {"a": 0, "b": 0}

    def controller(name: str, done: threading.Event) -> None:
        q = RateLimitingQueue(ItemExponentialFailureRateLimiter(0.001, 0.05))
        todo = {f"{name}-{i}" for i in range(40)}
        for item in sorted(todo):
            q.add(item)
        while todo:
            item, shutdown = q.get()
            assert not shutdown
            try:
                rs = server.get("replicasets", "default", "web")
                rs.metadata.labels[item] = "done"
                server.update(rs)
                q.forget(item)
                todo.discard(item)
            except Conflict:
                conflicts[name] += 1
                q.add_rate_limited(item)
            finally:
                q.done(item)
        q.shut_down()
        done.set()

    events = {n: threading.Event() for n in ("a", "b")}
    threads = [threading.Thread(target=controller, args=(n, e)) for n, e in events.items()]
    for t in threads:
        t.start()
    for e in events.values():
        assert e.wait(30)
    labels = server.get("replicasets", "default", "web").metadata.labels
    assert sorted(labels) == sorted(f"{n}-{i}" for n in "ab" for i in range(40))


def test_invalid_objects_are_rejected_with_field_paths(server):
    from k8slearn.apiserver import Invalid

    bad = new_replica_set("web", -1)
    with pytest.raises(Invalid) as info:
        server.create(bad)
    assert str(info.value).startswith('ReplicaSet.apps "web" is invalid: spec.replicas: ')
    assert "must be greater than or equal to 0" in str(info.value)
    assert info.value.code == 422
    server.create(new_replica_set("web", 1))
    rs = server.get("replicasets", "default", "web")
    rs.spec.replicas = -5
    with pytest.raises(Invalid, match="spec.replicas"):
        server.update(rs)


def test_deep_copy_is_equal_and_shares_nothing_mutable():
    from k8slearn.api.core import ResourceRequirements
    from k8slearn.api.resource import Quantity
    from k8slearn.apiserver.deepcopy import deep_copy

    p = new_pod("a", {"x": "y"})
    p.spec.containers[0].resources = ResourceRequirements(requests={"cpu": Quantity("250m")})
    q = deep_copy(p)
    assert q == p and q is not p
    q.metadata.labels["x"] = "z"
    q.metadata.finalizers.append("f")
    q.spec.containers[0].name = "b"
    q.spec.containers[0].resources.requests["cpu"] = Quantity("1")
    assert p.metadata.labels == {"x": "y"} and p.metadata.finalizers == []
    assert p.spec.containers[0].name == "app"
    assert p.spec.containers[0].resources.requests["cpu"] == Quantity("250m")


def test_requests_since_a_mark_survives_the_ring_buffer():
    from k8slearn.apiserver import APIServer
    from k8slearn.clock import FakeClock
    from k8slearn.controller.objects import new_pod

    server = APIServer(FakeClock(), seed=1, requests_limit=3)
    server.create(new_pod("a"))
    mark = server.requests_total
    assert server.requests_since(mark) == []
    for name in ("b", "c", "d", "e"):
        server.create(new_pod(name))
    assert server.requests_total == mark + 4 and len(server.requests) == 3
    assert [key for _, _, key in server.requests_since(mark)] == ["default/c", "default/d",
                                                                  "default/e"]
    assert [key for _, _, key in server.requests_since(server.requests_total - 1)] == [
        "default/e"]

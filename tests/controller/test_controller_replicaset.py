"""The ReplicaSet controller end to end against the in-memory API server.

Ports (adapted to a real in-memory API server instead of fake clients) of
kubernetes/kubernetes pkg/controller/replicaset/replica_set_test.go @ v1.36.0.
"""

from __future__ import annotations

import threading

import pytest

from k8slearn.apiserver import APIServer, Conflict, StatusError
from k8slearn.clock import FakeClock
from k8slearn.controller.driver import Driver
from k8slearn.controller.objects import new_pod, new_replica_set
from k8slearn.controller.replicaset import ReplicaSetController
from k8slearn.tools.cache import DeletedFinalStateUnknown
from k8slearn.tools.informers import SharedInformerFactory
from k8slearn.workqueue import ItemExponentialFailureRateLimiter


class Env:
    def __init__(self, burst=500):
        self.clock = FakeClock(1000.0)
        self.server = APIServer(self.clock, seed=42)
        self.factory = SharedInformerFactory(self.server)
        self.rsc = ReplicaSetController(
            self.server, self.factory, burst_replicas=burst,
            rate_limiter=ItemExponentialFailureRateLimiter(0.005, 1000.0),
        )
        self.driver = Driver(self.clock, self.factory, self.rsc)

    def pods(self, selector=None):
        return self.server.list("pods", "default", selector).items

    def rs(self, name="web"):
        return self.server.get("replicasets", "default", name)

    def scale(self, n, name="web"):
        rs = self.rs(name)
        rs.spec.replicas = n
        self.server.update(rs)


def count(server, verb, resource):
    return sum(1 for v, r, _ in server.requests if v == verb and r == resource)


def test_scale_up_with_slow_start_then_down_with_ranking():
    env = Env()
    env.server.create(new_replica_set("web", 20))
    env.driver.run_until_idle()
    assert len(env.pods()) == 20
    assert [n for _, _, n in env.rsc.batch_log] == [1, 2, 4, 8, 5]
    st = env.rs().status
    assert (st.replicas, st.observed_generation) == (20, 1)
    pods = env.pods()
    assert all(p.metadata.owner_references[0].uid == env.rs().metadata.uid for p in pods)
    env.scale(3)
    env.driver.run_until_idle()
    assert len(env.pods()) == 3 and env.rs().status.replicas == 3
    assert len(env.rsc.deleted_log[-1][2]) == 17


def test_sync_does_nothing_when_replicas_match():
    env = Env()
    rs = env.server.create(new_replica_set("web", 2))
    for i in range(2):
        env.server.create(new_pod(f"p{i}", {"app": "web"}, owner=rs))
    env.driver.run_until_idle()
    assert count(env.server, "create", "pods") == 2 and count(env.server, "delete", "pods") == 0


def test_create_failures_stop_slow_start_and_requeue_with_backoff():
    env = Env()
    created = {"n": 0}

    def limit(verb, resource, obj):
        if verb == "create" and resource == "pods":
            created["n"] += 1
            if created["n"] > 10:
                raise StatusError("not creating pod, limit 10 already reached")

    env.server.reactors.append(limit)
    env.server.create(new_replica_set("web", 100))
    env.factory.pump()
    env.rsc.process_pending()  # one sync
    assert len(env.pods()) == 10
    assert created["n"] == 1 + 2 + 4 + 8  # the failing batch is the last one tried
    env.driver.run_until_idle()
    err_syncs = [e for _, _, e in env.rsc.sync_log if e is not None]
    assert err_syncs and "limit 10" in str(err_syncs[0])
    assert env.rsc.queue.num_requeues("default/web") >= 1  # pod events re-sync it too
    failure = env.rs().status.conditions[0]
    assert (failure.type, failure.reason) == ("ReplicaFailure", "FailedCreate")
    env.server.reactors.clear()
    env.driver.advance(0.01)  # the 5 ms backoff expires
    assert len(env.pods()) == 100
    assert env.rsc.queue.num_requeues("default/web") == 0  # success called forget
    assert env.rs().status.conditions == []


def test_expectations_block_a_second_create_until_pods_are_observed():
    env = Env()
    env.server.create(new_replica_set("web", 2))
    env.factory.pump()
    env.rsc.process_pending()  # creates 2 pods; the informer has not seen them
    assert len(env.pods()) == 2
    assert not env.rsc.expectations.satisfied_expectations("default/web")
    env.rsc.consistency.clear("default/web")  # isolate expectations from the v1.36 check
    env.rsc.queue.add("default/web")
    env.rsc.process_pending()  # pods not observed yet: no double create
    assert len(env.pods()) == 2
    env.driver.run_until_idle()
    assert env.rsc.expectations.satisfied_expectations("default/web")
    assert len(env.pods()) == 2


@pytest.mark.parametrize("burst,replicas", [(5, 30), (5, 12), (3, 2)],
                         ids=["burst5-30", "burst5-12", "burst3-2"])
def test_burst_replicas(burst, replicas):
    env = Env(burst=burst)
    env.per_sync = []
    inner = env.rsc.sync_handler

    def counting(key):
        before = count(env.server, "create", "pods")
        try:
            inner(key)
        finally:
            env.per_sync.append(count(env.server, "create", "pods") - before)

    env.rsc.sync_handler = counting
    env.server.create(new_replica_set("web", replicas))
    env.factory.pump()
    env.rsc.process_pending()
    assert len(env.pods()) == min(replicas, burst)
    env.driver.run_until_idle()
    assert len(env.pods()) == replicas
    assert max(_creates_per_sync(env)) == min(replicas, burst)
    env.scale(0)
    env.factory.pump()
    env.rsc.process_pending()
    assert len(env.pods()) == replicas - min(replicas, burst)
    env.driver.run_until_idle()
    assert env.pods() == []
    assert all(len(names) <= burst for _, _, names in env.rsc.deleted_log)


def _creates_per_sync(env):
    """Pods created by each sync (wraps the sync handler after the fact via requests)."""
    return env.per_sync


def test_deletion_timestamp_counts_as_a_deletion_once():
    env = Env()
    rs = env.server.create(new_replica_set("web", 1))
    env.driver.run_until_idle()
    rsc, key = env.rsc, "default/web"
    pod = env.pods()[0]
    rsc.expectations.expect_deletions(key, [f"default/{pod.metadata.name}"])
    terminating = env.server.get("pods", "default", pod.metadata.name)
    terminating.metadata.deletion_timestamp = 2000.0
    rsc.add_pod(terminating)
    assert rsc.expectations.satisfied_expectations(key)
    second = new_pod("second", {"app": "web"}, owner=rs)
    rsc.expectations.expect_deletions(key, ["default/second"])
    rsc.update_pod(terminating, terminating)  # equal RVs: ignored
    rsc.delete_pod(terminating)
    assert not rsc.expectations.satisfied_expectations(key)
    second.metadata.namespace = "default"
    rsc.delete_pod(DeletedFinalStateUnknown("default/second", second))
    assert rsc.expectations.satisfied_expectations(key)


def test_orphans_are_adopted_and_others_pods_are_left_alone():
    env = Env()
    other = env.server.create(new_replica_set("other", 1, {"app": "web", "tier": "x"}))
    owned_by_other = new_pod("taken", {"app": "web", "tier": "x"}, owner=other)
    env.server.create(owned_by_other)
    env.server.create(new_pod("orphan", {"app": "web"}))
    env.server.create(new_replica_set("web", 2))
    env.driver.run_until_idle()
    web_uid = env.rs().metadata.uid
    pods = {p.metadata.name: p for p in env.pods({"app": "web"})}
    assert pods["orphan"].metadata.owner_references[0].uid == web_uid
    assert pods["taken"].metadata.owner_references[0].uid == other.metadata.uid
    assert sum(1 for p in pods.values()
               if p.metadata.owner_references[0].uid == web_uid) == 2
    assert len(pods) == 3  # web created one pod besides the adopted orphan


def test_released_when_labels_stop_matching():
    env = Env()
    env.server.create(new_replica_set("web", 1))
    env.driver.run_until_idle()
    pod = env.pods()[0]
    pod.metadata.labels = {"app": "debug"}
    env.server.update(pod)
    env.driver.run_until_idle()
    released = env.server.get("pods", "default", pod.metadata.name)
    assert released.metadata.owner_references == []
    assert len(env.pods({"app": "web"})) == 1


def test_being_deleted_replicaset_neither_adopts_nor_creates():
    env = Env()
    rs = new_replica_set("web", 2)
    rs.metadata.finalizers = ["example.com/hold"]
    env.server.create(rs)
    env.server.delete("replicasets", "default", "web")
    env.server.create(new_pod("orphan", {"app": "web"}))
    env.driver.run_until_idle()
    assert [p.metadata.name for p in env.pods()] == ["orphan"]
    assert env.pods()[0].metadata.owner_references == []


def test_failed_status_update_gets_once_and_retries_once():
    env = Env()
    env.server.create(new_replica_set("web", 1))
    env.factory.pump()
    env.server.reactors.append(_fail_status_updates)
    env.server.requests.clear()
    env.rsc.process_pending()  # exactly one sync
    (_, _, err), = env.rsc.sync_log
    assert isinstance(err, StatusError)
    rs_calls = [v for v, r, _ in env.server.requests if r == "replicasets"]
    assert rs_calls == ["update_status", "get", "update_status"]
    assert env.rsc.queue.num_requeues("default/web") == 1


def _fail_status_updates(verb, resource, obj):
    if verb == "update_status" and resource == "replicasets":
        raise StatusError("fake status update failure")


def test_deleted_replicaset_drops_expectations_and_gc_removes_pods():
    env = Env()
    env.server.create(new_replica_set("web", 3))
    env.factory.pump()
    env.rsc.process_pending()
    assert env.rsc.expectations.get_expectations("default/web")[1]
    env.server.delete("replicasets", "default", "web")
    env.driver.run_until_idle()
    assert env.rsc.expectations.get_expectations("default/web") == (None, False)
    assert env.pods() == []


def test_recreated_replicaset_gets_fresh_expectations():
    env = Env()
    env.server.create(new_replica_set("web", 1))
    env.driver.run_until_idle()
    env.server.delete("replicasets", "default", "web")
    env.server.create(new_replica_set("web", 2))
    env.driver.run_until_idle()
    assert len(env.pods()) == 2
    assert all(p.metadata.owner_references[0].uid == env.rs().metadata.uid for p in env.pods())


def test_controller_with_real_threads_converges():
    server = APIServer(seed=5)
    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory)
    done = threading.Event()

    def watch_status(old, new):
        if new.status.replicas == 30 and new.status.observed_generation == 1:
            done.set()

    factory.informer_for("replicasets").add_event_handler(on_update=watch_status)
    stop = threading.Event()
    factory.start(stop)
    rsc.run(3, stop)
    server.create(new_replica_set("web", 30))
    assert done.wait(20)
    stop.set()
    assert len(server.list("pods").items) == 30


def test_two_controllers_racing_on_status_lose_no_update():
    """Two writers of one object: the loser gets a 409, re-reads and retries."""
    server = APIServer(seed=9)
    server.create(new_replica_set("web", 1))
    a = server.get("replicasets", "default", "web")
    b = server.get("replicasets", "default", "web")
    a.metadata.labels["writer-a"] = "1"
    server.update(a)
    b.metadata.labels["writer-b"] = "1"
    with pytest.raises(Conflict):
        server.update(b)
    fresh = server.get("replicasets", "default", "web")
    fresh.metadata.labels["writer-b"] = "1"
    server.update(fresh)
    assert server.get("replicasets", "default", "web").metadata.labels == {
        "writer-a": "1", "writer-b": "1"}


def test_consistency_store_refuses_to_sync_on_a_cache_older_than_own_writes():
    env = Env()
    env.server.create(new_replica_set("web", 2))
    env.factory.pump()
    env.rsc.process_pending()  # creates 2 pods and writes the status
    env.rsc.expectations.delete_expectations("default/web")  # isolate the v1.36 check
    env.rsc.queue.add("default/web")
    env.rsc.process_pending()
    _, _, err = env.rsc.sync_log[-1]
    assert err is not None and str(err).startswith("read version: ")
    assert "for group resource pods" in str(err) or "replicasets.apps" in str(err)
    assert env.rsc.consistency.skips == 1
    assert len(env.pods()) == 2
    env.driver.advance(0.01)  # informers catch up, the retry succeeds
    assert env.rsc.sync_log[-1][2] is None and len(env.pods()) == 2


def test_compare_resource_version():
    from k8slearn.controller.consistency import compare_resource_version

    assert compare_resource_version("9", "10") == -1
    assert compare_resource_version("10", "10") == 0
    assert compare_resource_version("100", "99") == 1
    for bad in ("0", "", "01", "1a"):
        with pytest.raises(ValueError, match="not well formed"):
            compare_resource_version(bad, "1")


def test_patch_pod_fails_aborts_the_sync():
    """TestPatchPodFails: adoption errors are returned; nothing is created."""
    env = Env()
    env.server.create(new_pod("orphan-1", {"app": "web"}))
    env.server.create(new_pod("orphan-2", {"app": "web"}))

    def fail_pod_updates(verb, resource, obj):
        if verb == "update" and resource == "pods":
            raise StatusError("fake Error")

    env.server.reactors.append(fail_pod_updates)
    env.server.create(new_replica_set("web", 2))
    env.factory.pump()
    env.server.requests.clear()
    env.rsc.process_pending()
    (_, _, err), = env.rsc.sync_log
    assert "fake Error" in str(err)
    assert count(env.server, "update", "pods") == 2 and count(env.server, "create", "pods") == 0
    assert env.rsc.queue.num_requeues("default/web") == 1


def test_do_not_adopt_or_create_if_being_deleted_race():
    """The cache says alive, a live GET says deleting: the sync fails, nothing changes."""
    env = Env()
    rs = new_replica_set("web", 2)
    rs.metadata.finalizers = ["example.com/hold"]
    env.server.create(rs)
    env.factory.pump()
    env.rsc.queue.forget("default/web")
    while env.rsc.queue.len():
        key, _ = env.rsc.queue.get()
        env.rsc.queue.done(key)
    env.server.create(new_pod("orphan", {"app": "web"}))
    env.factory.informer_for("pods").pump()  # only the pod cache catches up
    env.server.delete("replicasets", "default", "web")  # sets deletionTimestamp
    env.server.requests.clear()
    env.rsc.queue.add("default/web")
    env.rsc.process_pending()
    (_, _, err), = env.rsc.sync_log
    assert "has just been deleted at" in str(err)
    assert count(env.server, "create", "pods") == 0 and count(env.server, "update", "pods") == 0
    assert env.server.get("pods", "default", "orphan").metadata.owner_references == []

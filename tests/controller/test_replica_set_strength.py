"""ReplicaSet controller event handlers the mutation run showed untested (#17 item 7).

Expected behaviour is replica_set.go @ v1.36.0's: deleteRS takes tombstones, clears the
expectations and enqueues the key; getPodReplicaSets skips selector-less RSs and looks
only in the pod's namespace; updatePod handles a deleted pod under both label sets;
getIndirectlyRelatedPods collects (once) the pods of every RS with the same owner.
"""

from __future__ import annotations

import threading

from k8slearn.apiserver import APIServer
from k8slearn.clock import FakeClock
from k8slearn.controller.objects import controller_ref, new_pod, new_replica_set
from k8slearn.controller.replicaset import ReplicaSetController
from k8slearn.tools.cache import DeletedFinalStateUnknown
from k8slearn.tools.informers import SharedInformerFactory


def env():
    clock = FakeClock(1000.0)
    server = APIServer(clock, seed=7)
    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory)
    return server, factory, rsc


def queued(rsc) -> list[str]:
    out = []
    while len(rsc.queue):
        key, _ = rsc.queue.get()
        out.append(key)
        rsc.queue.done(key)
    return out


def add_to_cache(rsc, *objs):
    for o in objs:
        informer = rsc.rs_informer if o.kind == "ReplicaSet" else rsc.pod_informer
        informer.indexer.add(o)


def test_delete_rs_takes_a_tombstone_clears_expectations_and_enqueues():
    _, _, rsc = env()
    rs = new_replica_set("web", 1)
    rs.metadata.uid = "u1"
    rsc.expectations.expect_deletions("default/web", ["default/p1"])
    rsc.delete_rs(DeletedFinalStateUnknown("default/web", rs))
    assert queued(rsc) == ["default/web"]
    assert rsc.expectations.get_uids("default/web") is None
    assert rsc.expectations.inner.get_expectations("default/web") == (None, False)
    rsc.delete_rs(rs)  # a plain object too
    assert queued(rsc) == ["default/web"]
    rsc.delete_rs(DeletedFinalStateUnknown("default/gone", None))  # nothing to do
    assert queued(rsc) == []


def test_get_pod_replica_sets_skips_selectorless_and_other_namespaces():
    _, _, rsc = env()
    a = new_replica_set("a", 1, labels={"app": "web"})
    b = new_replica_set("b", 1, labels={"app": "web"})
    empty = new_replica_set("empty", 1, labels={"app": "web"})
    empty.spec.selector.match_labels = {}
    other_ns = new_replica_set("c", 1, labels={"app": "web"}, namespace="other")
    nomatch = new_replica_set("d", 1, labels={"app": "db"})
    add_to_cache(rsc, a, b, empty, other_ns, nomatch)
    pod = new_pod("p", {"app": "web"})
    assert sorted(r.metadata.name for r in rsc.get_pod_replica_sets(pod)) == ["a", "b"]
    assert rsc.get_pod_replica_sets(new_pod("bare")) == []  # no labels: no RS


def test_update_pod_of_a_deleted_pod_observes_both_label_sets():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 2))
    add_to_cache(rsc, rs)
    old = new_pod("p", {"app": "web"}, owner=rs)
    old.metadata.resource_version = "1"
    cur = new_pod("p", {"app": "web", "x": "y"}, owner=rs)
    cur.metadata.resource_version = "2"
    cur.metadata.deletion_timestamp = 1000.0
    rsc.expectations.expect_deletions("default/web", ["default/p"])
    rsc.update_pod(old, cur)
    assert rsc.expectations.get_uids("default/web") == set()  # deletion observed
    assert queued(rsc) == ["default/web"]


def test_update_pod_with_the_same_resource_version_does_nothing():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 2))
    add_to_cache(rsc, rs)
    p = new_pod("p", {"app": "web"}, owner=rs)
    p.metadata.resource_version = "5"
    rsc.update_pod(p, p)
    assert queued(rsc) == []


def test_update_orphan_pod_labels_wakes_the_matching_replica_sets():
    _, _, rsc = env()
    add_to_cache(rsc, new_replica_set("web", 1, labels={"app": "web"}),
                 new_replica_set("db", 1, labels={"app": "db"}))
    old = new_pod("p", {"app": "db"})
    old.metadata.resource_version = "1"
    cur = new_pod("p", {"app": "web"})
    cur.metadata.resource_version = "2"
    rsc.update_pod(old, cur)
    assert queued(rsc) == ["default/web"]
    same = new_pod("p", {"app": "web"})
    same.metadata.resource_version = "3"
    rsc.update_pod(cur, same)  # neither labels nor owner changed: nobody to wake
    assert queued(rsc) == []


def test_indirectly_related_pods_are_those_of_every_sibling_replica_set():
    server, _, rsc = env()
    owner = server.create(new_replica_set("owner", 0, labels={"o": "x"}))
    a = new_replica_set("a", 1, labels={"app": "a"})
    b = new_replica_set("b", 1, labels={"app": "b"})
    stray = new_replica_set("stray", 1, labels={"app": "a"}, namespace="other")
    for i, r in enumerate((a, b, stray)):
        r.metadata.uid = f"rs-{i}"
        r.metadata.owner_references = [controller_ref(owner)]
    pods = [new_pod("pa", {"app": "a"}), new_pod("pb", {"app": "b"}),
            new_pod("pc", {"app": "c"}), new_pod("pa2", {"app": "a"}, namespace="other")]
    for i, p in enumerate(pods):
        p.metadata.uid = f"pod-{i}"
    add_to_cache(rsc, a, b, stray, *pods)
    got = rsc.get_indirectly_related_pods(a)
    assert sorted(p.metadata.name for p in got) == ["pa", "pb"]
    assert rsc.get_indirectly_related_pods(owner) == []  # no controller: nothing


def test_run_starts_daemon_workers_that_stop_with_the_event():
    _, _, rsc = env()
    stop = threading.Event()
    threads = rsc.run(2, stop)
    assert len(threads) == 2 and all(t.daemon for t in threads)
    stop.set()
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads)


def test_defaults_queue_name_rate_limiter_and_clock():
    from k8slearn.workqueue.default_rate_limiters import MaxOfRateLimiter

    server, factory, rsc = env()
    assert rsc.queue.name == "replicaset"
    assert isinstance(rsc.queue.rate_limiter, MaxOfRateLimiter)  # the controller default
    assert rsc.clock is factory.clock


def test_process_pending_counts_the_keys_it_processed():
    server, _, rsc = env()
    for name in ("a", "b"):
        rs = server.create(new_replica_set(name, 0))
        add_to_cache(rsc, rs)
        rsc.enqueue(rs)
    assert rsc.process_pending() == 2
    assert rsc.process_pending() == 0


def test_update_rs_with_a_new_uid_deletes_the_old_one_first():
    _, _, rsc = env()
    old, cur = new_replica_set("web", 1), new_replica_set("web", 1)
    old.metadata.uid, cur.metadata.uid = "old", "new"
    rsc.expectations.expect_deletions("default/web", ["default/p"])
    rsc.update_rs(old, cur)
    assert rsc.expectations.get_uids("default/web") is None  # the old one's expectations
    assert queued(rsc) == ["default/web"]


def test_owner_with_another_uid_is_not_ours():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 1))
    add_to_cache(rsc, rs)
    impostor = new_replica_set("web", 1)
    impostor.metadata.uid = "someone-else"
    rsc.add_pod(new_pod("p", {"app": "web"}, owner=impostor))
    assert queued(rsc) == []


def test_pod_that_becomes_ready_is_checked_again_after_min_ready_seconds():
    from k8slearn.api import PodCondition

    server, factory, rsc = env()
    rs = server.create(new_replica_set("web", 1, min_ready_seconds=10))
    add_to_cache(rsc, rs)
    old = new_pod("p", {"app": "web"}, owner=rs)
    old.metadata.resource_version = "1"
    cur = new_pod("p", {"app": "web"}, owner=rs)
    cur.metadata.resource_version = "2"
    cur.status.conditions = [PodCondition(type="Ready", status="True",
                                          last_transition_time=1000.0)]
    rsc.update_pod(old, cur)
    assert queued(rsc) == ["default/web"]
    factory.clock.step(10.0)
    assert queued(rsc) == ["default/web"]  # the availability re-check


def test_pod_moved_to_another_owner_wakes_the_old_one():
    server, _, rsc = env()
    a = server.create(new_replica_set("a", 1, labels={"app": "a"}))
    b = server.create(new_replica_set("b", 1, labels={"app": "b"}))
    add_to_cache(rsc, a, b)
    old = new_pod("p", {"app": "a"}, owner=a)
    old.metadata.resource_version = "1"
    cur = new_pod("p", {"app": "a"}, owner=b)
    cur.metadata.resource_version = "2"
    rsc.update_pod(old, cur)
    assert queued(rsc) == ["default/a", "default/b"]


def test_deleted_pod_with_unchanged_labels_is_observed_once_for_its_owner():
    server, _, rsc = env()
    a = server.create(new_replica_set("a", 1, labels={"app": "a"}))
    b = server.create(new_replica_set("b", 1, labels={"app": "a"}))
    add_to_cache(rsc, a, b)
    old = new_pod("p", {"app": "a"}, owner=a)
    old.metadata.resource_version = "1"
    cur = new_pod("p", {"app": "a"}, owner=a)
    cur.metadata.resource_version = "2"
    cur.metadata.deletion_timestamp = 1000.0
    rsc.expectations.expect_deletions("default/a", ["default/p"])
    rsc.update_pod(old, cur)
    assert rsc.expectations.get_uids("default/a") == set()
    # labels changed and owner changed: both the new and the old owner observe it
    old2 = new_pod("q", {"app": "a"}, owner=a)
    old2.metadata.resource_version = "1"
    cur2 = new_pod("q", {"app": "b"}, owner=b)
    cur2.metadata.resource_version = "2"
    cur2.metadata.deletion_timestamp = 1000.0
    rsc.expectations.expect_deletions("default/a", ["default/q"])
    rsc.expectations.expect_deletions("default/b", ["default/q"])
    rsc.update_pod(old2, cur2)
    assert rsc.expectations.get_uids("default/a") == set()
    assert rsc.expectations.get_uids("default/b") == set()


def test_selector_scans_go_on_past_skipped_replica_sets():
    _, _, rsc = env()
    first = new_replica_set("0-empty", 1, labels={"app": "web"})
    first.spec.selector.match_labels = {}
    add_to_cache(rsc, first, new_replica_set("web", 1, labels={"app": "web"}))
    assert [r.metadata.name for r in rsc.get_pod_replica_sets(new_pod("p", {"app": "web"}))] \
        == ["web"]


def test_sibling_scan_goes_on_past_other_namespaces_and_dedupes_pods():
    server, _, rsc = env()
    owner = server.create(new_replica_set("owner", 0, labels={"o": "x"}))
    stray = new_replica_set("0-stray", 1, labels={"app": "a"}, namespace="other")
    a = new_replica_set("a", 1, labels={"app": "a"})
    a2 = new_replica_set("a2", 1, labels={"app": "a"})  # overlaps a's selector
    for i, r in enumerate((stray, a, a2)):
        r.metadata.uid = f"rs-{i}"
        r.metadata.owner_references = [controller_ref(owner)]
    pod = new_pod("pa", {"app": "a"})
    pod.metadata.uid = "pod-a"
    add_to_cache(rsc, stray, a, a2, pod)
    assert [p.metadata.name for p in rsc.get_indirectly_related_pods(a)] == ["pa"]


def test_process_next_work_item_says_whether_to_go_on():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 0))
    add_to_cache(rsc, rs)
    rsc.enqueue(rs)
    assert rsc.process_next_work_item() is True
    rsc.queue.shut_down()
    assert rsc.process_next_work_item() is False


def test_sync_requeues_for_the_availability_check_while_pods_are_not_yet_available():
    """minReadySeconds > 0 and ready != available: re-sync when the first pod turns available."""
    from k8slearn.api import PodCondition
    from k8slearn.controller.driver import Driver

    clock = FakeClock(1000.0)
    server = APIServer(clock, seed=3)
    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory)
    driver = Driver(clock, factory, rsc)
    server.create(new_replica_set("web", 1, min_ready_seconds=10))
    driver.run_until_idle()
    (pod,) = server.list("pods", "default").items
    pod.status.conditions = [PodCondition(type="Ready", status="True",
                                          last_transition_time=clock.now())]
    server.update_status(pod)
    driver.run_until_idle()
    st = server.get("replicasets", "default", "web").status
    assert (st.ready_replicas, st.available_replicas) == (1, 0)
    clock.step(10.0)
    driver.run_until_idle()
    assert server.get("replicasets", "default", "web").status.available_replicas == 1

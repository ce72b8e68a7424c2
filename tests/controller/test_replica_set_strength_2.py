"""ReplicaSet controller paths the second mutation run showed unpinned.

Expected values follow replica_set.go @ v1.36.0 (see /work/shared/reference/controller.md
§9.2-§9.4, §10.4):

* the availability requeue: ``minReadySeconds > 0`` and ``readyReplicas !=
  availableReplicas`` -> ``AddAfter(key, d)``, ``d`` the smallest positive
  ``lastTransitionTime + minReadySeconds - now`` over the **ready** pods
  (``FindMinNextPodAvailabilityCheck``), ``minReadySeconds`` when no pod has one;
* ``updatePod``: only a not-ready -> ready transition with ``minReadySeconds > 0`` adds
  ``AddAfter(key, minReadySeconds)``;
* ``manageReplicas``: ``diff == 0`` does nothing; a failed delete lowers the expectation
  for that pod, a 404 is not an error, the first other error is returned;
* ``claimPods``: one error is returned as is, several as an aggregate ``[e1, e2]``;
  a recreated RS (other UID) refuses adoption with ``original ReplicaSet ns/name is gone:
  got uid X, wanted Y``;
* the consistency store (v1.36): ``WroteAt(replicasets.apps, rv)`` after a status write,
  ``Clear(key, uid)`` in ``deleteRS``, ``Clear(key, "")`` when the RS is gone.
"""

from __future__ import annotations

import threading

import pytest

from k8slearn.api import PodCondition
from k8slearn.apiserver import APIServer, StatusError
from k8slearn.apiserver.errors import NotFound
from k8slearn.clock import FakeClock
from k8slearn.controller.consistency import ConsistencyError
from k8slearn.controller.objects import new_pod, new_replica_set
from k8slearn.controller.replicaset import ReplicaSetController
from k8slearn.tools.informers import SharedInformerFactory
from k8slearn.workqueue import ItemExponentialFailureRateLimiter

NOW = 1000.0
KEY = "default/web"


def env():
    clock = FakeClock(NOW)
    server = APIServer(clock, seed=11)
    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory)
    return server, factory, rsc


def drain(rsc) -> list[str]:
    out = []
    while len(rsc.queue):
        key, _ = rsc.queue.get()
        out.append(key)
        rsc.queue.done(key)
    return out


def spy_add_after(rsc) -> list[tuple[str, float]]:
    calls: list[tuple[str, float]] = []
    orig = rsc.queue.add_after

    def record(item, delay):
        calls.append((item, delay))
        orig(item, delay)

    rsc.queue.add_after = record
    return calls


def ready(pod, status="True", at=None):
    pod.status.conditions = [PodCondition(type="Ready", status=status,
                                          last_transition_time=at)]
    return pod


def rs_with_pods(replicas, mrs, pods_spec, name="web"):
    """An RS on the server and in the cache, and its pods in the cache only.

    ``pods_spec``: (status, lastTransitionTime) per pod, or None for no Ready condition.
    """
    server, factory, rsc = env()
    rs = server.create(new_replica_set(name, replicas, min_ready_seconds=mrs))
    rsc.rs_informer.indexer.add(rs)
    for i, spec in enumerate(pods_spec):
        p = new_pod(f"p{i}", {"app": name}, owner=rs)
        p.metadata.uid = f"uid-{i}"
        p.metadata.creation_timestamp = NOW - 100
        if spec is not None:
            ready(p, *spec)
        rsc.pod_informer.indexer.add(p)
    return server, factory, rsc, rs


# ------------------------------------------------------------------ availability requeue
def test_requeue_after_the_smallest_positive_wait_over_ready_pods():
    server, _, rsc, _ = rs_with_pods(6, 10, [
        ("True", NOW - 4),      # available in 6 s
        ("False", NOW - 9.8),   # not ready: ignored (would be 0.2 s)
        ("True", NOW - 9.5),    # available in 0.5 s: the smallest
        ("True", NOW - 10),     # available right now: d == 0 is not a candidate
        ("True", NOW - 30),     # long available: negative d
        ("True", None),         # ready, no transition time: never available, ignored
    ])
    calls = spy_add_after(rsc)
    rsc.sync_replica_set(KEY)
    st = server.get("replicasets", "default", "web").status
    assert (st.ready_replicas, st.available_replicas) == (5, 2)
    assert len(calls) == 1
    key, delay = calls[0]
    assert key == KEY
    assert delay == pytest.approx(0.5)


def test_requeue_falls_back_to_min_ready_seconds_without_a_candidate():
    server, _, rsc, _ = rs_with_pods(3, 10, [
        ("True", None), ("True", NOW - 10), ("False", NOW - 5)])
    calls = spy_add_after(rsc)
    rsc.sync_replica_set(KEY)
    st = server.get("replicasets", "default", "web").status
    assert (st.ready_replicas, st.available_replicas) == (2, 1)
    assert calls == [(KEY, 10.0)]


def test_not_ready_pod_first_does_not_end_the_scan():
    _, _, rsc, _ = rs_with_pods(3, 10, [None, ("False", NOW - 9), ("True", NOW - 7)])
    calls = spy_add_after(rsc)
    rsc.sync_replica_set(KEY)
    assert calls == [(KEY, pytest.approx(3.0))]


def test_min_ready_seconds_one_still_requeues():
    _, _, rsc, _ = rs_with_pods(1, 1, [("True", NOW)])
    calls = spy_add_after(rsc)
    rsc.sync_replica_set(KEY)
    assert calls == [(KEY, pytest.approx(1.0))]


def test_no_requeue_once_every_ready_pod_is_available():
    server, _, rsc, _ = rs_with_pods(2, 10, [("True", NOW - 10), ("True", NOW - 20)])
    calls = spy_add_after(rsc)
    rsc.sync_replica_set(KEY)
    st = server.get("replicasets", "default", "web").status
    assert (st.ready_replicas, st.available_replicas) == (2, 2)
    assert calls == []


# ------------------------------------------------------------------ updatePod's AddAfter
def _pod_pair(rs, old_ready, cur_ready):
    old = new_pod("p", {"app": "web"}, owner=rs)
    old.metadata.resource_version = "1"
    cur = new_pod("p", {"app": "web"}, owner=rs)
    cur.metadata.resource_version = "2"
    if old_ready:
        ready(old, "True", NOW - 1)
    if cur_ready:
        ready(cur, "True", NOW - 1)
    return old, cur


@pytest.mark.parametrize("mrs, old_ready, cur_ready, expected", [
    (10, False, True, [(KEY, 10)]),
    (1, False, True, [(KEY, 1)]),
    (0, False, True, []),        # minReadySeconds == 0: available at once
    (10, True, True, []),        # stayed ready
    (10, False, False, []),      # stayed not ready
    (10, True, False, []),       # went not ready
])
def test_update_pod_adds_after_only_on_turning_ready(mrs, old_ready, cur_ready, expected):
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 1, min_ready_seconds=mrs))
    rsc.rs_informer.indexer.add(rs)
    calls = spy_add_after(rsc)
    rsc.update_pod(*_pod_pair(rs, old_ready, cur_ready))
    assert calls == expected
    assert drain(rsc) == [KEY]


# ------------------------------------------------------------------ run
def test_run_closer_thread_is_a_daemon_too():
    _, _, rsc = env()
    before = set(threading.enumerate())
    stop = threading.Event()
    workers = rsc.run(1, stop)
    # the closer, blocked on stop.wait() (Python names a thread after its target)
    extra = [t for t in threading.enumerate() if t not in before and t not in workers
             and t.name.endswith("(closer)")]
    try:
        assert len(extra) == 1
        assert extra[0].daemon is True
    finally:
        stop.set()
        for t in [*workers, *extra]:
            t.join(timeout=10)
    assert not any(t.is_alive() for t in [*workers, *extra])


# ------------------------------------------------------------------ construction
def test_explicit_clock_and_rate_limiter_are_used():
    clock = FakeClock(5.0)
    server = APIServer(FakeClock(NOW), seed=1)
    factory = SharedInformerFactory(server)
    limiter = ItemExponentialFailureRateLimiter(0.25, 10.0)
    rsc = ReplicaSetController(server, factory, clock=clock, rate_limiter=limiter)
    assert rsc.clock is clock and rsc.clock is not factory.clock
    assert rsc.queue.rate_limiter is limiter
    rsc.queue.add_rate_limited("x")
    assert rsc.queue.num_requeues("x") == 1
    assert limiter.when("y") == 0.25


def test_default_rate_limiter_bucket_runs_on_the_controller_clock():
    _, factory, rsc = env()
    bucket = rsc.queue.rate_limiter.limiters[1]
    assert bucket.limiter.clock is factory.clock


def test_rs_informer_delete_reaches_delete_rs():
    server, factory, rsc = env()
    server.create(new_replica_set("web", 1))
    factory.pump()
    drain(rsc)
    rsc.expectations.expect_deletions(KEY, ["default/p"])
    server.delete("replicasets", "default", "web")
    factory.pump()
    assert rsc.expectations.get_uids(KEY) is None  # delete_rs dropped them
    assert KEY in drain(rsc)


# ------------------------------------------------------------------ consistency store
def test_status_write_is_recorded_for_replicasets_apps():
    server, factory, rsc = env()
    server.create(new_replica_set("web", 0))
    factory.pump()
    drain(rsc)
    rsc.sync_replica_set(KEY)  # writes status (observedGeneration), no pods to create
    written = server.get("replicasets", "default", "web").metadata.resource_version
    with pytest.raises(ConsistencyError) as ei:
        rsc.consistency.ensure_ready(KEY)  # the RS cache has not seen the write yet
    assert "replicasets.apps" in str(ei.value)
    assert written in str(ei.value)
    factory.pump()
    rsc.consistency.ensure_ready(KEY)  # caught up


def test_delete_rs_clears_only_the_same_uid():
    server, factory, rsc = env()
    rs = server.create(new_replica_set("web", 0))
    factory.pump()
    ahead = str(int(server.resource_version) + 100)
    rsc.consistency.wrote_at(KEY, "new-uid", "replicasets.apps", ahead)
    rsc.delete_rs(rs)  # the old incarnation: the new one's record stays
    with pytest.raises(ConsistencyError):
        rsc.consistency.ensure_ready(KEY)
    rsc.consistency.wrote_at(KEY, rs.metadata.uid, "replicasets.apps", ahead)
    rsc.delete_rs(rs)  # same UID: cleared
    rsc.consistency.ensure_ready(KEY)


def test_sync_of_a_gone_replica_set_clears_everything_and_succeeds():
    server, factory, rsc = env()
    server.create(new_pod("unrelated", {"x": "y"}))
    factory.pump()
    ahead = str(int(server.resource_version) + 100)
    rsc.consistency.wrote_at(KEY, "some-uid", "pods", ahead)
    rsc.expectations.expect_creations(KEY, 3)
    rsc.stale_controller_consistency = False  # reach the lister despite the record
    assert rsc.sync_replica_set(KEY) is None
    assert rsc.expectations.inner.get_expectations(KEY) == (None, False)
    rsc.consistency.ensure_ready(KEY)  # Clear(key, "") dropped the record


# ------------------------------------------------------------------ terminating pods
def test_terminating_claimed_pods_are_counted_in_status():
    server, _, rsc, rs = rs_with_pods(2, 0, [("True", NOW - 1), ("True", NOW - 1)])
    gone = new_pod("t", {"app": "web"}, owner=rs)
    gone.metadata.uid = "uid-t"
    gone.metadata.deletion_timestamp = NOW
    other = new_pod("t2", {"app": "other"}, owner=rs)  # no longer matches: not counted
    other.metadata.uid = "uid-t2"
    other.metadata.deletion_timestamp = NOW
    rsc.pod_informer.indexer.add(gone)
    rsc.pod_informer.indexer.add(other)
    rsc.sync_replica_set(KEY)
    st = server.get("replicasets", "default", "web").status
    assert (st.replicas, st.terminating_replicas) == (2, 1)


# ------------------------------------------------------------------ manage_replicas
def test_manage_replicas_with_nothing_to_do_sets_no_expectations():
    server, _, rsc, rs = rs_with_pods(2, 0, [None, None])
    active = rsc.pod_informer.indexer.list()
    server.requests.clear()
    rsc.manage_replicas(active, rs)
    assert rsc.expectations.inner.get_expectations(KEY) == (None, False)
    assert [v for v, _, _ in server.requests] == []
    assert rsc.batch_log == [] and rsc.deleted_log == []


def test_manage_replicas_defaults_nil_replicas_to_one():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 1, namespace="other"))
    rs.spec.replicas = None
    rsc.manage_replicas([], rs)
    pods = server.list("pods", "other").items
    assert len(pods) == 1 and pods[0].metadata.namespace == "other"
    assert server.list("pods", "default").items == []


def test_manage_replicas_deletes_a_single_surplus_pod():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 2))
    pods = [server.create(new_pod(f"p{i}", {"app": "web"}, owner=rs)) for i in range(3)]
    assert rsc.manage_replicas(pods, rs) is None
    assert len(server.list("pods", "default").items) == 2
    (_, key, names), = rsc.deleted_log
    assert key == KEY and len(names) == 1
    # expected, not yet observed by the informer
    assert rsc.expectations.get_uids(KEY) == {f"default/{names[0]}"}


def _failing_deletes(server, errors_by_name):
    def react(verb, resource, obj):
        if verb == "delete" and resource == "pods":
            _, name = obj
            if name in errors_by_name:
                raise errors_by_name[name]
    server.reactors.append(react)


def test_failed_deletes_lower_expectations_and_return_the_first_real_error():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 0))
    pods = [server.create(new_pod(f"p{i}", {"app": "web"}, owner=rs)) for i in range(4)]
    first, second = StatusError("delete failed: p1"), StatusError("delete failed: p2")
    _failing_deletes(server, {
        "p0": NotFound("pods", "", "p0"), "p1": first, "p2": second})
    with pytest.raises(RuntimeError) as ei:
        rsc.manage_replicas(pods, rs)
    deleted = rsc.deleted_log[-1][2]
    assert sorted(deleted) == ["p0", "p1", "p2", "p3"]
    # order of deletion decides which error is "first"
    failing = [n for n in deleted if n in ("p1", "p2")]
    want = first if failing[0] == "p1" else second
    assert str(ei.value) == f"unable to delete pods: {want}"
    assert ei.value.__cause__ is want
    # p0 (404), p1, p2 were observed as deleted at once; p3 waits for the informer
    assert rsc.expectations.get_uids(KEY) == {"default/p3"}


def test_not_found_on_delete_is_not_an_error():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 1))
    pods = [server.create(new_pod(f"p{i}", {"app": "web"}, owner=rs)) for i in range(2)]
    _failing_deletes(server, {"p0": NotFound("pods", "", "p0"),
                              "p1": NotFound("pods", "", "p1")})
    assert rsc.manage_replicas(pods, rs) is None
    assert rsc.expectations.get_uids(KEY) == set()


# ------------------------------------------------------------------ claim_pods errors
def _orphans(server, n):
    return [server.create(new_pod(f"o{i}", {"app": "web"})) for i in range(n)]


def _fail_adoptions(server, messages):
    def react(verb, resource, obj):
        if verb == "update" and resource == "pods" and obj.metadata.name in messages:
            raise StatusError(messages[obj.metadata.name])
    server.reactors.append(react)


def test_claim_pods_returns_a_single_error_as_is():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 1))
    orphans = _orphans(server, 1)
    _fail_adoptions(server, {"o0": "adopt o0 failed"})
    with pytest.raises(StatusError) as ei:
        rsc.claim_pods(rs, lambda labels: labels.get("app") == "web", orphans)
    assert str(ei.value) == "adopt o0 failed"


def test_claim_pods_aggregates_several_errors():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 1))
    orphans = _orphans(server, 2)
    _fail_adoptions(server, {"o0": "adopt o0 failed", "o1": "adopt o1 failed"})
    with pytest.raises(Exception) as ei:
        rsc.claim_pods(rs, lambda labels: labels.get("app") == "web", orphans)
    assert str(ei.value) == "[adopt o0 failed, adopt o1 failed]"


def test_recreated_replica_set_refuses_adoption_with_the_uid_message():
    server, _, rsc = env()
    live = server.create(new_replica_set("web", 1))
    stale = new_replica_set("web", 1)
    stale.metadata.uid = "old-uid"
    orphans = _orphans(server, 1)
    with pytest.raises(Exception) as ei:
        rsc.claim_pods(stale, lambda labels: True, orphans)
    assert str(ei.value) == (
        f"can't adopt Pod default/o0 ({orphans[0].metadata.uid}): "
        f"can't recheck DeletionTimestamp: original ReplicaSet default/web is gone: "
        f"got uid {live.metadata.uid}, wanted old-uid")


# ------------------------------------------------------------------ selector errors are skipped
def _bad_selector(rs):
    from k8slearn.api.meta import LabelSelectorRequirement

    rs.spec.selector.match_expressions = [
        LabelSelectorRequirement(key="app", operator="Bogus", values=["x"])]
    return rs


def test_pod_replica_sets_scan_goes_on_past_an_invalid_selector():
    _, _, rsc = env()
    for r in (_bad_selector(new_replica_set("0-bad", 1, labels={"app": "web"})),
              new_replica_set("web", 1, labels={"app": "web"})):
        rsc.rs_informer.indexer.add(r)
    got = rsc.get_pod_replica_sets(new_pod("p", {"app": "web"}))
    assert [r.metadata.name for r in got] == ["web"]


def test_sibling_scan_goes_on_past_an_invalid_selector():
    from k8slearn.controller.objects import controller_ref

    server, _, rsc = env()
    owner = server.create(new_replica_set("owner", 0, labels={"o": "x"}))
    bad = _bad_selector(new_replica_set("0-bad", 1, labels={"app": "a"}))
    a = new_replica_set("a", 1, labels={"app": "a"})
    for i, r in enumerate((bad, a)):
        r.metadata.uid = f"rs-{i}"
        r.metadata.owner_references = [controller_ref(owner)]
        rsc.rs_informer.indexer.add(r)
    pod = new_pod("pa", {"app": "a"})
    pod.metadata.uid = "pod-a"
    rsc.pod_informer.indexer.add(pod)
    assert [p.metadata.name for p in rsc.get_indirectly_related_pods(a)] == ["pa"]


# ------------------------------------------------------------------ scale-down ranking uses now
def test_scale_down_deletes_the_more_recently_ready_pod():
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 1))
    pods = []
    for name, since in (("old", NOW - 1000), ("new", NOW - 10)):
        p = new_pod(name, {"app": "web"}, node_name="n1", owner=rs)
        p.metadata.creation_timestamp = NOW - 2000
        p.status.phase = "Running"
        ready(p, "True", since)
        pods.append(p)
    rsc.manage_replicas(pods, rs)
    assert rsc.deleted_log[-1][2] == ["new"]


def test_sibling_scan_goes_on_past_a_sibling_in_an_earlier_namespace():
    """The index lists siblings by key: ``a-ns/...`` comes before ``default/...``."""
    from k8slearn.controller.objects import controller_ref

    server, _, rsc = env()
    owner = server.create(new_replica_set("owner", 0, labels={"o": "x"}))
    stray = new_replica_set("stray", 1, labels={"app": "a"}, namespace="a-ns")
    a = new_replica_set("a", 1, labels={"app": "a"})
    for i, r in enumerate((stray, a)):
        r.metadata.uid = f"rs-{i}"
        r.metadata.owner_references = [controller_ref(owner)]
        rsc.rs_informer.indexer.add(r)
    for ns in ("a-ns", "default"):
        pod = new_pod("pa", {"app": "a"}, namespace=ns)
        pod.metadata.uid = f"pod-{ns}"
        rsc.pod_informer.indexer.add(pod)
    got = rsc.get_indirectly_related_pods(a)
    assert [(p.metadata.namespace, p.metadata.name) for p in got] == [("default", "pa")]


def test_scale_down_ready_times_in_one_log_bucket_fall_to_the_uid():
    """Ready 110 s and 100 s ago: the same power-of-two bucket of age (LogarithmicScaleDown),
    so the smaller UID goes first, not the more recently ready pod."""
    server, _, rsc = env()
    rs = server.create(new_replica_set("web", 1))
    pods = []
    for name, uid, since in (("older", "uid-a", NOW - 110), ("newer", "uid-b", NOW - 100)):
        p = new_pod(name, {"app": "web"}, node_name="n1", owner=rs)
        p.metadata.uid = uid
        p.metadata.creation_timestamp = NOW - 2000
        p.status.phase = "Running"
        ready(p, "True", since)
        pods.append(p)
    rsc.manage_replicas(pods, rs)
    assert rsc.deleted_log[-1][2] == ["older"]

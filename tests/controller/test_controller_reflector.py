"""Reflector behaviour and a property: DeltaFIFO and RealFIFO informers agree.

Reflector cases follow client-go tools/cache/reflector_test.go @ v0.36.3
(TestReflectorListAndWatchWithErrors, TestReflectorResourceVersionUpdate), adapted
to the in-memory API server.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from k8slearn.apiserver import APIServer, NotFound
from k8slearn.clock import FakeClock
from k8slearn.controller.objects import new_pod
from k8slearn.tools.cache import (
    DeletedFinalStateUnknown,
    ListWatch,
    Reflector,
    SharedIndexInformer,
    meta_namespace_key_func,
    new_indexer,
)


class RecordingStore:
    """A store that records what the reflector calls (``UpdateResourceVersion`` style)."""

    def __init__(self):
        self.calls = []
        self.inner = new_indexer(meta_namespace_key_func, {})

    def add(self, o):
        self.calls.append(("add", o.metadata.resource_version))
        self.inner.add(o)

    def update(self, o):
        self.calls.append(("update", o.metadata.resource_version))
        self.inner.update(o)

    def delete(self, o):
        self.calls.append(("delete", o.metadata.resource_version))
        self.inner.delete(o)

    def replace(self, items, rv):
        self.calls.append(("replace", rv))
        self.inner.replace(items, rv)

    def resync(self):
        self.calls.append(("resync", None))


def test_watch_events_advance_the_resource_version_in_order():
    server = APIServer(FakeClock(), seed=1)
    server.create(new_pod("a"))
    store = RecordingStore()
    r = Reflector(ListWatch.from_server(server, "pods"), store)
    r.step()
    p = server.create(new_pod("b"))
    p.metadata.labels["x"] = "1"
    server.update(p)
    server.delete("pods", "default", "b")
    r.step()
    assert store.calls == [("replace", "1"), ("add", "2"), ("update", "3"), ("delete", "4")]
    assert r.last_sync_resource_version == "4"


def test_list_error_propagates_and_store_keeps_its_content():
    server = APIServer(FakeClock(), seed=1)
    server.create(new_pod("a"))
    store = RecordingStore()
    r = Reflector(ListWatch.from_server(server, "pods"), store)
    r.step()

    def fail_list(verb, resource, obj):
        if verb == "list":
            raise NotFound("pods", "", "a list error")

    server.reactors.append(fail_list)
    r._close_watch()
    try:
        r.step()
        raise AssertionError("the list error must propagate")
    except NotFound:
        pass
    assert store.inner.list_keys() == ["default/a"]
    server.reactors.clear()
    r.step()
    assert [c[0] for c in store.calls] == ["replace", "replace"]


def test_closed_watch_is_reopened_without_a_relist():
    server = APIServer(FakeClock(), seed=1)
    store = RecordingStore()
    r = Reflector(ListWatch.from_server(server, "pods"), store)
    r.step()
    server.create(new_pod("a"))
    server.close_watches()  # the buffered event is lost with the stream ...
    server.create(new_pod("b"))
    r.step()  # ... and replayed by the re-watch from the last RV
    assert [c[0] for c in store.calls] == ["replace", "add", "add"]
    assert r.list_resource_versions == ["0"]


def test_expired_watch_relists_from_the_last_resource_version():
    server = APIServer(FakeClock(), seed=1)
    server.create(new_pod("x"))  # rv 1: the LIST returns "1", so the watch starts at a real RV
    store = RecordingStore()
    r = Reflector(ListWatch.from_server(server, "pods"), store)
    r.step()
    server.create(new_pod("a"))  # rv 2
    r.step()
    server.close_watches()
    server.create(new_pod("b"))
    server.compact()
    r.step()  # re-watch from RV 2: 410 Expired -> the next step relists
    r.step()
    assert sorted(store.inner.list_keys()) == ["default/a", "default/b", "default/x"]
    assert r.list_resource_versions == ["0", "2"]


def test_watch_from_zero_is_not_expired_by_compaction():
    """An empty first LIST returns RV "0"; a watch at "0" means "any", so no 410."""
    server = APIServer(FakeClock(), seed=1)
    store = RecordingStore()
    r = Reflector(ListWatch.from_server(server, "pods"), store)
    r.step()
    server.create(new_pod("a"))  # an ADDED on a watch from "0": the RV is held at "0"
    r.step()
    server.close_watches()
    server.create(new_pod("b"))
    server.compact()
    r.step()  # re-watch from "0": synthetic ADDEDs for a and b, no relist
    assert sorted(store.inner.list_keys()) == ["default/a", "default/b"]
    assert r.list_resource_versions == ["0"]
    assert [c[0] for c in store.calls] == ["replace", "add", "add", "add"]


def test_resync_period_redelivers_through_the_store():
    clock = FakeClock()
    server = APIServer(clock, seed=1)
    server.create(new_pod("a"))
    store = RecordingStore()
    r = Reflector(ListWatch.from_server(server, "pods"), store, resync_period=2.0, clock=clock)
    r.step()
    clock.step(5.0)
    assert [c for c in store.calls if c[0] == "resync"] == [("resync", None)] * 2


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.sampled_from("abcd")),
        st.tuples(st.just("update"), st.sampled_from("abcd")),
        st.tuples(st.just("delete"), st.sampled_from("abcd")),
        st.tuples(st.just("pump"), st.just("")),
        st.tuples(st.just("restart"), st.just("")),
        st.tuples(st.just("compact-restart"), st.just("")),
    ),
    max_size=25,
)


def _run_ops(ops, fresh_server):
    """Drive a RealFIFO and a DeltaFIFO informer through ``ops``; returns (server, informers,
    notifications per kind as {key: [(verb, rv)]})."""
    server = APIServer(FakeClock(), seed=1)
    if not fresh_server:
        # a real API server's LIST never returns resourceVersion "0" (etcd revisions start
        # at 1 and a cluster writes at once); one write here gives the first LIST "2"
        server.create(new_pod("seed"))
        server.delete("pods", "default", "seed")
    informers, seen = {}, {}
    for kind in ("RealFIFO", "DeltaFIFO"):
        inf = SharedIndexInformer(ListWatch.from_server(server, "pods"), clock=server.clock,
                                  queue=kind)
        events: dict[str, list] = {}

        def rec(verb, obj, events=events):
            o = obj.obj if isinstance(obj, DeletedFinalStateUnknown) else obj
            key = (obj.key if isinstance(obj, DeletedFinalStateUnknown)
                   else meta_namespace_key_func(obj))
            events.setdefault(key, []).append((verb, o.metadata.resource_version if o else None))

        inf.add_event_handler(on_add=lambda o, rec=rec: rec("add", o),
                              on_update=lambda old, new, rec=rec: rec("update", new),
                              on_delete=lambda o, rec=rec: rec("delete", o))
        informers[kind], seen[kind] = inf, events
    for inf in informers.values():
        inf.pump()
    for op, name in ops:
        try:
            if op == "create":
                server.create(new_pod(name))
            elif op == "update":
                p = server.get("pods", "default", name)
                p.metadata.labels["n"] = str(int(p.metadata.labels.get("n", "0")) + 1)
                server.update(p)
            elif op == "delete":
                server.delete("pods", "default", name)
            elif op == "restart":
                server.close_watches()
            elif op == "compact-restart":
                server.compact()
                server.close_watches()
            else:
                for inf in informers.values():
                    inf.pump()
        except Exception as err:  # noqa: BLE001 - NotFound / AlreadyExists are fine
            assert getattr(err, "code", None) in (404, 409)
    for _ in range(3):
        for inf in informers.values():
            inf.pump()
    return server, informers, seen


def _cached(inf):
    return {k: inf.indexer.get_by_key(k)[0].metadata.resource_version
            for k in inf.indexer.list_keys()}


@settings(max_examples=60, deadline=None)
@given(ops=OPS, fresh_server=st.booleans())
# found by hypothesis: the re-watch from "0" after a restart once recorded the synthetic
# ADDED's RV, so the next re-watch replayed DELETED c to a RealFIFO informer that never saw
# c (test_controller_reflector_rv.py has the step-by-step version with exact notifications)
@example(ops=[("create", "c"), ("create", "a"), ("restart", ""), ("delete", "c"),
              ("pump", ""), ("restart", "")], fresh_server=True)
@example(ops=[("create", "c"), ("create", "a"), ("restart", ""), ("delete", "c"),
              ("pump", ""), ("restart", "")], fresh_server=False)
# a delete lost with a closed watch is replayed by the re-watch from the last RV
@example(ops=[("create", "a"), ("pump", ""), ("delete", "a"), ("restart", "")],
         fresh_server=False)
def test_delta_fifo_and_real_fifo_informers_agree(ops, fresh_server):
    """Both queues give handlers the same notifications and the indexers the same content.

    With a real first LIST resourceVersion both caches also converge to the server.  On a
    fresh model server the first LIST says "0", the reflector watches from "0" and (v0.36)
    keeps "0" while it sees only ADDEDs; a pod deleted while that watch is down then stays
    cached until a relist (test_fresh_server_restart_keeps_a_deleted_pod_cached), in both
    informers alike.
    """
    server, informers, seen = _run_ops(ops, fresh_server)
    truth = {meta_namespace_key_func(p): p.metadata.resource_version
             for p in server.list("pods").items}
    cached = {kind: _cached(inf) for kind, inf in informers.items()}
    assert cached["RealFIFO"] == cached["DeltaFIFO"]
    if not fresh_server:
        assert cached["RealFIFO"] == truth
    assert seen["RealFIFO"] == seen["DeltaFIFO"]


@pytest.mark.xfail(strict=True, reason=(
    "model artifact: the in-memory APIServer's first LIST returns resourceVersion '0' "
    "(its revision starts at 0; etcd's at 1), so the informer watches from '0' ('any') and "
    "the v0.36 reflector holds the RV at '0' while only ADDEDs arrive; the re-watch then "
    "sends the current state and the lost DELETED is never seen"))
def test_fresh_server_restart_keeps_a_deleted_pod_cached():
    server, informers, seen = _run_ops(
        [("create", "a"), ("pump", ""), ("delete", "a"), ("restart", "")], fresh_server=True)
    for inf in informers.values():
        assert inf.reflector.last_sync_resource_version == "0"
    # what a real informer (first LIST at a real RV) ends with: the pod gone, one delete seen
    assert {kind: _cached(inf) for kind, inf in informers.items()} == {
        "RealFIFO": {}, "DeltaFIFO": {}}

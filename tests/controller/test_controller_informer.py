"""process_deltas, Reflector and SharedIndexInformer (client-go tools/cache @ v0.36.3)."""

from __future__ import annotations

import threading

import pytest

from k8slearn.apiserver import APIServer
from k8slearn.clock import FakeClock
from k8slearn.controller.objects import new_pod
from k8slearn.tools.cache import (
    ADDED,
    DELETED,
    REPLACED,
    DeletedFinalStateUnknown,
    DeltaFIFO,
    FilteringResourceEventHandler,
    ListWatch,
    RealFIFO,
    Reflector,
    ResourceEventHandler,
    SharedIndexInformer,
    deletion_handling_meta_namespace_key_func,
    meta_namespace_key_func,
    new_indexer,
    process_deltas,
)
from k8slearn.tools.informers import SharedInformerFactory


def pod(name, rv, labels=None):
    p = new_pod(name, labels or {}, namespace="")
    p.metadata.resource_version = rv
    return p


class Recorder(ResourceEventHandler):
    def __init__(self, store=None):
        self.events: list[tuple] = []
        self.store = store

    def _store_rv(self, key):
        obj, ok = self.store.get_by_key(key)
        return obj.metadata.resource_version if ok else ""

    def on_add(self, obj, initial):
        self.events.append(("add", obj.metadata.name, obj.metadata.resource_version,
                            self._store_rv(obj.metadata.name) if self.store is not None else None))

    def on_update(self, old, new):
        self.events.append(("update", new.metadata.name, new.metadata.resource_version,
                            self._store_rv(new.metadata.name) if self.store is not None else None))

    def on_delete(self, obj):
        key = deletion_handling_meta_namespace_key_func(obj)
        o = obj.obj if isinstance(obj, DeletedFinalStateUnknown) else obj
        self.events.append(("delete", key, o.metadata.resource_version,
                            self._store_rv(key) if self.store is not None else None))


REPLACE_CASES = [
    ([], [pod("pod-1", "1")], "1", [("add", "pod-1", "1", "1")]),
    ([pod("pod-1", "1"), pod("pod-3", "2")], [], "2",
     [("delete", "pod-1", "1", ""), ("delete", "pod-3", "2", "")]),
    ([pod("pod-1", "1"), pod("pod-2", "2", {"ver": "1"}), pod("pod-3", "3")],
     [pod("pod-1", "4"), pod("pod-2", "5", {"ver": "2"}), pod("pod-4", "6")], "6",
     [("delete", "pod-3", "3", ""), ("update", "pod-1", "4", "4"), ("update", "pod-2", "5", "5"),
      ("add", "pod-4", "6", "6")]),
]


@pytest.mark.parametrize("atomic", [False, True], ids=["non-atomic", "atomic"])
@pytest.mark.parametrize("initial,items,rv,expected", REPLACE_CASES,
                         ids=["create", "delete-all", "create-update-delete"])
def test_replace_events_same_in_both_modes(atomic, initial, items, rv, expected):
    store = new_indexer(deletion_handling_meta_namespace_key_func, {})
    rec = Recorder(store)
    if atomic:
        fifo = RealFIFO(meta_namespace_key_func, atomic_events=True)
    else:
        fifo = RealFIFO(meta_namespace_key_func, known_objects=store)
    for o in initial:
        fifo.add(o)
    while fifo.pop(lambda d, i: process_deltas(rec, store, d, i), block=False):
        pass
    rec.events.clear()
    fifo.replace(items, rv)
    while fifo.pop(lambda d, i: process_deltas(rec, store, d, i), block=False):
        pass
    deletes = sorted(e for e in rec.events if e[0] == "delete")
    others = [e for e in rec.events if e[0] != "delete"]
    assert deletes + others == expected
    assert sorted(store.list_keys()) == sorted(o.metadata.name for o in items)


def test_delta_type_does_not_decide_add_vs_update():
    store = new_indexer(meta_namespace_key_func, {})
    rec = Recorder()
    from k8slearn.tools.cache import Delta
    process_deltas(rec, store, [Delta(REPLACED, pod("a", "1"))], True)
    process_deltas(rec, store, [Delta(ADDED, pod("a", "2"))], False)
    process_deltas(rec, store, [Delta(DELETED, pod("never-stored", "3"))], False)
    assert [e[0] for e in rec.events] == ["add", "update", "delete"]


def test_filtering_handler_turns_transitions_into_add_and_delete():
    rec = Recorder()
    h = FilteringResourceEventHandler(lambda o: o.metadata.labels.get("keep") == "y", rec)
    a, b = pod("a", "1", {"keep": "n"}), pod("a", "2", {"keep": "y"})
    h.on_update(a, b)
    h.on_update(b, a)
    h.on_update(a, a)
    assert [e[0] for e in rec.events] == ["add", "delete"]


def test_reflector_lists_then_watches_into_a_store_and_relists_after_expiry():
    server = APIServer(FakeClock(), seed=1)
    server.create(new_pod("a"))
    store = new_indexer(meta_namespace_key_func, {})
    r = Reflector(ListWatch.from_server(server, "pods"), store)
    r.step()
    assert store.list_keys() == ["default/a"] and r.last_sync_resource_version == "1"
    server.create(new_pod("b"))
    server.delete("pods", "default", "a")
    r.step()
    assert store.list_keys() == ["default/b"] and r.last_sync_resource_version == "3"
    r._close_watch()
    server.create(new_pod("c"))
    server.compact()
    r._open_watch()  # a watch from RV 3 after compaction gets an ERROR event
    r.step()
    r.step()  # relists
    assert sorted(store.list_keys()) == ["default/b", "default/c"]
    assert r.list_resource_versions == ["0", "3"]


def make_informer(server, queue="RealFIFO", resync=0.0):
    return SharedIndexInformer(ListWatch.from_server(server, "pods"), resync_period=resync,
                               clock=server.clock, queue=queue)


@pytest.mark.parametrize("queue", ["RealFIFO", "DeltaFIFO"])
def test_informer_pump_delivers_events_in_order(queue):
    server = APIServer(FakeClock(), seed=1)
    server.create(new_pod("a"))
    inf = make_informer(server, queue)
    log = []
    h = inf.add_event_handler(
        on_add=lambda o: log.append(("add", o.metadata.name)),
        on_update=lambda o, n: log.append(("update", n.metadata.name)),
        on_delete=lambda o: log.append(("delete", o.metadata.name)),
    )
    assert not h.has_synced()
    inf.pump()
    assert inf.has_synced() and h.has_synced()
    p = server.create(new_pod("b"))
    p.metadata.labels["x"] = "1"
    server.update(p)
    server.delete("pods", "default", "a")
    inf.pump()
    assert log == [("add", "a"), ("add", "b"), ("update", "b"), ("delete", "a")]
    assert [o.metadata.name for o in inf.get_indexer().by_index("namespace", "default")] == ["b"]
    assert inf.pump() == 0


def test_listener_resync_periods():
    clock = FakeClock()
    server = APIServer(clock, seed=1)
    server.create(new_pod("pod1"))
    server.create(new_pod("pod2"))
    inf = make_informer(server, resync=1.0)
    got = {0: [], 2: [], 3: []}
    for period in got:
        inf.add_event_handler(
            on_add=lambda o, p=period: got[p].append(o.metadata.name),
            on_update=lambda o, n, p=period: got[p].append(n.metadata.name),
            resync_period=float(period),
        )
    inf.pump()
    assert all(v == ["pod1", "pod2"] for v in got.values())
    for v in got.values():
        v.clear()
    clock.step(2.0)
    inf.pump()
    assert got == {0: [], 2: ["pod1", "pod2"], 3: []}
    got[2].clear()
    clock.step(1.0)
    inf.pump()
    assert got == {0: [], 2: [], 3: ["pod1", "pod2"]}


def test_resync_check_period_follows_handlers_before_start():
    server = APIServer(FakeClock(), seed=1)
    inf = make_informer(server, resync=12 * 3600.0)
    h0 = inf.add_event_handler(ResourceEventHandler(), resync_period=0)
    assert inf.resync_check_period == 12 * 3600.0
    h1 = inf.add_event_handler(ResourceEventHandler(), resync_period=60.0)
    h2 = inf.add_event_handler(ResourceEventHandler(), resync_period=55.0)
    h3 = inf.add_event_handler(ResourceEventHandler(), resync_period=5.0)
    assert inf.resync_check_period == 5.0
    assert [h.resync_period for h in (h0, h1, h2, h3)] == [0, 60.0, 55.0, 5.0]


def test_handler_added_while_active_gets_replay_and_syncs_late():
    server = APIServer(FakeClock(), seed=1)
    inf = make_informer(server)
    first = []
    h1 = inf.add_event_handler(on_add=lambda o: first.append(o.metadata.name))
    server.create(new_pod("pod1"))
    inf.pump()
    assert h1.has_synced()
    second = []
    h2 = inf.add_event_handler(on_add=lambda o: second.append(o.metadata.name))
    assert not h2.has_synced()
    server.create(new_pod("pod2"))
    inf.pump()
    assert second == ["pod1", "pod2"] and h2.has_synced()
    assert first == ["pod1", "pod2"]
    inf.remove_event_handler(h1)
    server.create(new_pod("pod3"))
    inf.pump()
    assert first == ["pod1", "pod2"]


def test_informer_with_real_threads_sees_every_event():
    server = APIServer(seed=3)
    factory = SharedInformerFactory(server)
    inf = factory.informer_for("pods")
    seen, done = [], threading.Event()

    def on_add(o):
        seen.append(o.metadata.name)
        if len(seen) == 50:
            done.set()

    inf.add_event_handler(on_add=on_add)
    stop = threading.Event()
    factory.start(stop)
    assert inf.wait_for_cache_sync(5)
    for i in range(50):
        server.create(new_pod(f"p{i:02d}"))
    assert done.wait(10)
    stop.set()
    inf.join(5)
    assert seen == [f"p{i:02d}" for i in range(50)]
    assert len(inf.get_indexer().list_keys()) == 50


def test_delta_fifo_queue_is_wired_with_known_objects():
    server = APIServer(FakeClock(), seed=1)
    inf = make_informer(server, queue="DeltaFIFO")
    inf.pump()
    assert isinstance(inf.queue, DeltaFIFO) and inf.queue._known is inf.indexer
    with pytest.raises(ValueError):
        make_informer(server, queue="FIFO")


def test_threaded_informer_survives_a_closed_watch_without_relisting():
    server = APIServer(seed=3)
    inf = make_informer(server)
    seen, got_b = [], threading.Event()

    def on_add(o):
        seen.append(o.metadata.name)
        if o.metadata.name == "b":
            got_b.set()

    inf.add_event_handler(on_add=on_add)
    stop = threading.Event()
    inf.run(stop)
    assert inf.wait_for_cache_sync(5)
    server.create(new_pod("a"))
    server.close_watches()
    server.create(new_pod("b"))
    assert got_b.wait(10)
    stop.set()
    inf.join(5)
    assert seen == ["a", "b"]
    assert inf.reflector.list_resource_versions == ["0"]


def test_shared_informer_watch_disruption_relist_reaches_listeners_by_resync():
    """TestSharedInformerWatchDisruption: unchanged objects of a relist are sync updates."""
    clock = FakeClock()
    server = APIServer(clock, seed=1)
    server.create(new_pod("pod1"))
    server.create(new_pod("pod2"))
    inf = make_informer(server, resync=1.0)
    got = {"no-resync": [], "resync": []}
    for name, period in (("no-resync", 0.0), ("resync", 1.0)):
        inf.add_event_handler(
            on_add=lambda o, n=name: got[n].append(o.metadata.name),
            on_update=lambda old, new, n=name: got[n].append(new.metadata.name),
            resync_period=period,
        )
    inf.pump()
    assert got == {"no-resync": ["pod1", "pod2"], "resync": ["pod1", "pod2"]}
    server.create(new_pod("pod3"))
    p2 = server.get("pods", "default", "pod2")
    p2.metadata.labels["v"] = "4"
    server.update(p2)
    server.compact()
    server.close_watches()  # the re-watch will get 410 Expired and force a relist
    clock.step(1.0)  # the resync tick marks the resync listener as due
    inf.pump()
    for v in got.values():
        v.clear()
    inf.pump()  # the relist
    assert sorted(got["no-resync"]) == ["pod2", "pod3"]
    assert sorted(got["resync"]) == ["pod1", "pod2", "pod3"]


@pytest.mark.parametrize(
    "names,failing,received,error",
    [(["cm1"], [], ["cm1"], None),
     (["cm1"], ["cm1"], [], "failed to execute (1/1) transactions"),
     (["cm1", "cm2"], ["cm2"], ["cm1"], "failed to execute (1/2) transactions"),
     (["cm1", "cm2", "cm3"], ["cm2"], ["cm1", "cm3"], "failed to execute (1/3) transactions")],
    ids=["one", "one-failing", "second-failing", "middle-failing"],
)
def test_process_deltas_in_batch(names, failing, received, error):
    from k8slearn.tools.cache import CacheError, Delta, process_deltas_in_batch

    def key(o):
        if o.metadata.name in failing:
            raise ValueError("fake key failure")
        return meta_namespace_key_func(o)

    store = new_indexer(key, {})
    rec = Recorder()
    deltas = [Delta(ADDED, pod(n, "1")) for n in names]
    if error is None:
        process_deltas_in_batch(rec, store, deltas, False)
    else:
        with pytest.raises(CacheError, match=error.replace("(", r"\(").replace(")", r"\)")):
            process_deltas_in_batch(rec, store, deltas, False)
    assert [e[1] for e in rec.events] == received
    assert sorted(store.list_keys()) == received

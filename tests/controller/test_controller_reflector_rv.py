"""When the reflector may record a watch event's resourceVersion.

A watch opened at ``""``/``"0"`` begins with synthetic ADDED events in no
resourceVersion order, so client-go v0.36 holds ``lastSyncResourceVersion``
back until that watch delivers a MODIFIED, DELETED or BOOKMARK event
(``propagateRVFromStart`` / ``eventReceivedBesidesAdded`` in
tools/cache/reflector.go @ v0.36.3, added in v0.36.0).  The tables mirror the
shape of ``TestReflectorResourceVersionUpdate`` (watch from a specific RV: every
event counts) and ``TestWatchListResourceVersion`` (ADDED-only: nothing counts).
"""

from __future__ import annotations

import pytest

from k8slearn.apiserver import APIServer
from k8slearn.apiserver.server import ObjectList
from k8slearn.apiserver.watch import ADDED, BOOKMARK, DELETED, MODIFIED, Event, Watcher
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


def _pod(name: str, rv: str):
    p = new_pod(name)
    p.metadata.resource_version = rv
    return p


def _reflector(list_rv: str, events: list[Event]) -> tuple[Reflector, list[str]]:
    """A reflector over a fake ListWatch: the list returns ``list_rv``, the watch ``events``."""
    watch_rvs: list[str] = []

    def watch(opts):
        watch_rvs.append(opts.resource_version)
        w = Watcher()
        for ev in events:
            w.push(ev)
        return w

    lw = ListWatch(lambda opts: ObjectList([], list_rv), watch)
    return Reflector(lw, new_indexer(meta_namespace_key_func, {})), watch_rvs


@pytest.mark.parametrize(
    ("list_rv", "events", "expected"),
    [
        # watch from "0": synthetic ADDEDs first, in no RV order
        ("0", [], "0"),
        ("0", [(ADDED, "p1", "1")], "0"),
        ("0", [(ADDED, "p2", "7"), (ADDED, "p1", "3")], "0"),
        ("0", [(ADDED, "p1", "1"), (BOOKMARK, "", "2")], "2"),
        ("0", [(ADDED, "p1", "1"), (MODIFIED, "p1", "2")], "2"),
        ("0", [(ADDED, "p1", "1"), (DELETED, "p1", "2")], "2"),
        # once past the synthetic phase, later ADDEDs count too
        ("0", [(ADDED, "p1", "1"), (MODIFIED, "p1", "2"), (ADDED, "p2", "3")], "3"),
        # watch from a specific RV: every event counts (TestReflectorResourceVersionUpdate)
        ("10", [(ADDED, "p1", "10")], "10"),
        ("10", [(ADDED, "p1", "10"), (MODIFIED, "p1", "20"), (BOOKMARK, "", "30"),
                (DELETED, "p1", "40")], "40"),
    ],
)
def test_last_sync_resource_version_after_one_watch(list_rv, events, expected):
    r, watch_rvs = _reflector(list_rv, [Event(t, _pod(n or "bm", rv)) for t, n, rv in events])
    r.list()
    r._open_watch()
    for ev in r._watcher.poll():
        r.handle_event(ev)
    assert watch_rvs == [list_rv]
    assert r.last_sync_resource_version == expected


def test_each_new_watch_from_zero_starts_a_new_synthetic_phase():
    r, watch_rvs = _reflector("0", [Event(ADDED, _pod("p1", "5"))])
    r.list()
    for _ in range(2):  # two watches, both from "0": the ADDED never moves the RV
        r._open_watch()
        for ev in r._watcher.poll():
            r.handle_event(ev)
    assert watch_rvs == ["0", "0"]
    assert r.last_sync_resource_version == "0"


def test_live_added_on_a_watch_from_zero_is_held_back_until_an_update():
    server = APIServer(FakeClock(), seed=1)  # empty: the first LIST returns RV "0"
    r = Reflector(ListWatch.from_server(server, "pods"), new_indexer(meta_namespace_key_func, {}))
    r.step()
    assert r.last_sync_resource_version == "0"
    server.create(new_pod("a"))  # rv 1, delivered as ADDED on the watch from "0"
    r.step()
    assert r.last_sync_resource_version == "0"
    p = server.get("pods", "default", "a")
    p.metadata.labels["x"] = "1"
    server.update(p)  # rv 2: MODIFIED ends the hold
    r.step()
    assert r.last_sync_resource_version == "2"


def _informers(server):
    seen: dict[str, dict[str, list]] = {}
    infs = {}
    for kind in ("RealFIFO", "DeltaFIFO"):
        inf = SharedIndexInformer(ListWatch.from_server(server, "pods"), clock=server.clock,
                                  queue=kind)
        events: dict[str, list] = {}

        def rec(verb, obj, events=events):
            tomb = isinstance(obj, DeletedFinalStateUnknown)
            key = obj.key if tomb else meta_namespace_key_func(obj)
            events.setdefault(key, []).append((verb, (obj.obj if tomb else obj)
                                               .metadata.resource_version))

        inf.add_event_handler(on_add=lambda o, rec=rec: rec("add", o),
                              on_update=lambda old, new, rec=rec: rec("update", new),
                              on_delete=lambda o, rec=rec: rec("delete", o))
        infs[kind], seen[kind] = inf, events
    return infs, seen


def test_restart_after_synthetic_adds_does_not_replay_a_delete_for_an_unseen_pod():
    """The hypothesis counterexample of test_delta_fifo_and_real_fifo_informers_agree.

    ops = create c, create a, restart, delete c, pump, restart.  The first list
    is empty (RV "0"); the restart loses the buffered ADDEDs; the re-watch from
    "0" shows only ``a`` (a synthetic ADDED with rv 2).  Had the reflector
    recorded rv 2, the second re-watch would replay ``DELETED c`` (rv 3), which a
    RealFIFO informer passes to ``on_delete`` although ``c`` was never added, and a
    DeltaFIFO informer drops.  With the v0.36 hold both resume from "0" again and
    agree.
    """
    server = APIServer(FakeClock(), seed=1)
    infs, seen = _informers(server)
    for inf in infs.values():
        inf.pump()
    server.create(new_pod("c"))  # rv 1
    server.create(new_pod("a"))  # rv 2
    server.close_watches()
    server.delete("pods", "default", "c")  # rv 3
    for inf in infs.values():
        inf.pump()
    assert {k: i.reflector.last_sync_resource_version for k, i in infs.items()} == {
        "RealFIFO": "0", "DeltaFIFO": "0"}
    server.close_watches()
    for _ in range(3):
        for inf in infs.values():
            inf.pump()
    # the second re-watch from "0" re-sends a (rv 2) as ADDED: a is cached, so it becomes
    # OnUpdate(a, a), a sync notification; listeners start out "syncing" (addListener sets
    # true and only a resync check clears it), so with resync 0 every handler gets it
    assert seen["RealFIFO"] == {"default/a": [("add", "2"), ("update", "2")]}
    assert seen["DeltaFIFO"] == {"default/a": [("add", "2"), ("update", "2")]}
    for inf in infs.values():
        assert inf.indexer.list_keys() == ["default/a"]

"""DeltaFIFO: ports of client-go tools/cache/delta_fifo_test.go @ v0.36.3."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from k8slearn.tools.cache import (
    ADDED,
    DELETED,
    REPLACED,
    SYNC,
    UPDATED,
    DeletedFinalStateUnknown,
    Delta,
    DeltaFIFO,
    Deltas,
    FIFOClosedError,
)


@dataclass(frozen=True)
class Obj:
    """``mkFifoObj(name, val)``: the key is the name."""

    name: str
    val: object


def key(o: object) -> str:
    if isinstance(o, Obj):
        return o.name
    raise ValueError(f"not a fifo object: {o!r}")


class Known:
    """A KnownObjects lister returning the listed objects."""

    def __init__(self, *objs: Obj) -> None:
        self.objs = {o.name: o for o in objs}

    def list_keys(self) -> list[str]:
        return list(self.objs)

    def get_by_key(self, k: str):
        return self.objs.get(k), k in self.objs


def fifo(known=None, replaced=False, transformer=None) -> DeltaFIFO:
    return DeltaFIFO(key, known_objects=known, emit_delta_type_replaced=replaced,
                     transformer=transformer)


def pop(f: DeltaFIFO) -> Deltas:
    out = f.pop(lambda d, initial: None, block=False)
    assert out is not None
    return out


def DFSU(k, o):  # noqa: N802 - upstream's name
    return DeletedFinalStateUnknown(k, o)


def test_basic_two_producers_keep_per_producer_order():
    f = fifo()
    def produce(prefix: str) -> None:
        for i in range(500):
            f.add(Obj(f"{prefix}{i}", i))
    threads = [threading.Thread(target=produce, args=(p,)) for p in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    last = {"a": -1, "b": -1}
    for _ in range(1000):
        d = pop(f).newest().object
        assert d.val > last[d.name[0]]
        last[d.name[0]] = d.val
    assert len(f) == 0


def test_replace_with_delete_delta_in():
    old, new = Obj("foo", 1), Obj("foo", 2)
    f = fifo(Known(old))
    f.delete(old)
    f.replace([new], "")
    assert list(pop(f)) == [Delta(DELETED, old), Delta(SYNC, new)]


OBJ, OBJ2 = Obj("foo", 2), Obj("foo", 3)


def _case_a(f):
    f.add(OBJ)
    f.replace([], "0")


def _case_b(f):
    f._emit_replaced = True
    f.add(OBJ)
    f.replace([OBJ], "0")
    f.replace([], "0")


def _case_c(f):
    f.add(OBJ)
    f.delete(OBJ)
    f.replace([], "0")


def _case_d(f):
    f.add(OBJ)
    f.replace([OBJ], "0")
    f.replace([OBJ], "0")
    f.replace([], "0")


def _case_e(f):
    f.add(OBJ)
    f.replace([], "0")
    f.replace([], "1")


def _case_f(f):
    f.add(OBJ)
    f.delete(OBJ)
    f.add(OBJ2)
    f.replace([], "0")


@pytest.mark.parametrize("known", [Known(), None], ids=["known-empty", "no-known-objects"])
@pytest.mark.parametrize(
    "action,expected",
    [
        (_case_a, [Delta(ADDED, OBJ), Delta(DELETED, DFSU("foo", OBJ))]),
        (_case_b, [Delta(ADDED, OBJ), Delta(REPLACED, OBJ), Delta(DELETED, DFSU("foo", OBJ))]),
        (_case_c, [Delta(ADDED, OBJ), Delta(DELETED, OBJ)]),
        (_case_d, [Delta(ADDED, OBJ), Delta(SYNC, OBJ), Delta(SYNC, OBJ),
                   Delta(DELETED, DFSU("foo", OBJ))]),
        (_case_e, [Delta(ADDED, OBJ), Delta(DELETED, DFSU("foo", OBJ))]),
        (_case_f, [Delta(ADDED, OBJ), Delta(DELETED, OBJ), Delta(ADDED, OBJ2),
                   Delta(DELETED, DFSU("foo", OBJ2))]),
    ],
    ids=["add-then-empty-replace", "replaced-type", "add-delete-replace",
         "two-syncs-not-merged", "two-tombstones-merged", "delete-readd-replace"],
)
def test_replace_makes_deletions_for_objects_only_in_queue(known, action, expected):
    f = fifo(known)
    action(f)
    assert list(pop(f)) == expected
    assert len(f) == 0


def test_add_update():
    f = fifo()
    f.add(Obj("foo", 10))
    f.update(Obj("foo", 12))
    f.delete(Obj("foo", 15))
    assert [d.newest().object for d in (f.deltas_for(k) for k in f.queued_keys())] == [
        Obj("foo", 15)
    ]
    assert f.queued_keys() == ["foo"]
    assert pop(f).newest().object.val == 15
    assert f.deltas_for("foo") is None
    assert f.pop(lambda d, i: None, block=False) is None


def test_transformer_runs_once_per_object():
    calls: dict[tuple, int] = {}

    def transform(o):
        calls[(o.name, o.val)] = calls.get((o.name, o.val), 0) + 1
        return o

    f = fifo(transformer=transform)
    f.add(Obj("foo", 10))
    f.add(Obj("bar", 11))
    f.update(Obj("foo", 12))
    f.delete(Obj("foo", 15))
    f.replace([], "")
    f.add(Obj("bar", 16))
    f.replace([], "")
    assert f.queued_keys() == ["foo", "bar"]
    first = pop(f).newest().object
    assert first == Obj("foo", 15) and calls[("foo", 15)] == 1
    second = pop(f).newest().object
    assert second == DFSU("bar", Obj("bar", 16)) and calls[("bar", 16)] == 1


def test_enqueueing_no_lister():
    f = fifo()
    f.add(Obj("foo", 10))
    f.update(Obj("bar", 15))
    f.add(Obj("qux", 17))
    f.delete(Obj("qux", 18))
    f.delete(Obj("baz", 20))  # never queued, no known objects: ignored
    assert [pop(f).newest().object.val for _ in range(3)] == [10, 15, 18]
    assert len(f) == 0


def test_enqueueing_with_lister():
    f = fifo(Known(Obj("foo", 5), Obj("bar", 6), Obj("baz", 7)))
    f.add(Obj("foo", 10))
    f.update(Obj("bar", 15))
    f.delete(Obj("baz", 20))
    assert [pop(f).newest().object.val for _ in range(3)] == [10, 15, 20]


def test_add_replace():
    f = fifo()
    f.add(Obj("foo", 10))
    f.replace([Obj("foo", 15)], "0")
    assert pop(f).newest().object.val == 15
    assert f.pop(lambda d, i: None, block=False) is None


def test_resync_non_existing():
    f = fifo(Known(Obj("foo", 5)))
    f.delete(Obj("foo", 10))
    f.resync()
    d = f.deltas_for("foo")
    assert len(d) == 1 and d[0].type == DELETED


def test_resync():
    f = fifo(Known(Obj("foo", 5)))
    f.resync()
    assert list(f.deltas_for("foo")) == [Delta(SYNC, Obj("foo", 5))]


def test_delete_existing_non_propagated():
    f = fifo(Known())
    f.add(Obj("foo", 5))
    f.delete(Obj("foo", 6))
    d = f.deltas_for("foo")
    assert len(d) == 2 and d[-1].type == DELETED


KNOWN3 = (Obj("foo", 5), Obj("bar", 6), Obj("baz", 7))


def test_replace_makes_deletions_block1():
    f = fifo(Known(*KNOWN3))
    f.delete(Obj("baz", 10))
    f.replace([Obj("foo", 5)], "0")
    assert [list(pop(f)) for _ in range(3)] == [
        [Delta(DELETED, Obj("baz", 10))],
        [Delta(SYNC, Obj("foo", 5))],
        [Delta(DELETED, DFSU("bar", Obj("bar", 6)))],
    ]


def test_replace_makes_deletions_block2():
    f = fifo(Known(*KNOWN3))
    f.add(Obj("baz", 10))
    f.replace([Obj("foo", 5)], "0")
    assert [list(pop(f)) for _ in range(3)] == [
        [Delta(ADDED, Obj("baz", 10)), Delta(DELETED, DFSU("baz", Obj("baz", 10)))],
        [Delta(SYNC, Obj("foo", 5))],
        [Delta(DELETED, DFSU("bar", Obj("bar", 6)))],
    ]


def test_replace_makes_deletions_block3_tombstone_carries_newest_queued():
    f = fifo(Known(*KNOWN3))
    f.delete(Obj("bar", 6))
    f.add(Obj("bar", 100))
    f.replace([Obj("foo", 5)], "0")
    assert [list(pop(f)) for _ in range(3)] == [
        [Delta(DELETED, Obj("bar", 6)), Delta(ADDED, Obj("bar", 100)),
         Delta(DELETED, DFSU("bar", Obj("bar", 100)))],
        [Delta(SYNC, Obj("foo", 5))],
        [Delta(DELETED, DFSU("baz", Obj("baz", 7)))],
    ]


def test_replace_makes_deletions_block4():
    f = fifo(Known(*KNOWN3))
    f.replace([Obj("bar", 100), Obj("foo", 5)], "0")
    f.replace([Obj("foo", 5)], "0")
    assert [list(pop(f)) for _ in range(3)] == [
        [Delta(SYNC, Obj("bar", 100)), Delta(DELETED, DFSU("bar", Obj("bar", 100)))],
        [Delta(SYNC, Obj("foo", 5)), Delta(SYNC, Obj("foo", 5))],
        [Delta(DELETED, DFSU("baz", Obj("baz", 7)))],
    ]


def test_replace_makes_deletions_block5_no_known_objects():
    f = fifo()
    f.add(Obj("baz", 10))
    f.replace([Obj("foo", 5)], "0")
    assert [list(pop(f)) for _ in range(2)] == [
        [Delta(ADDED, Obj("baz", 10)), Delta(DELETED, DFSU("baz", Obj("baz", 10)))],
        [Delta(SYNC, Obj("foo", 5))],
    ]


def test_replace_makes_deletions_replaced():
    f = fifo(Known(*KNOWN3), replaced=True)
    f.delete(Obj("baz", 10))
    f.replace([Obj("foo", 6)], "0")
    assert [list(pop(f)) for _ in range(3)] == [
        [Delta(DELETED, Obj("baz", 10))],
        [Delta(REPLACED, Obj("foo", 6))],
        [Delta(DELETED, DFSU("bar", Obj("bar", 6)))],
    ]


def test_replace_delta_type():
    f = fifo(Known(Obj("foo", 5)), replaced=True)
    f.replace([Obj("foo", 5)], "0")
    assert list(pop(f)) == [Delta(REPLACED, Obj("foo", 5))]


def test_update_resync_race():
    f = fifo(Known(Obj("foo", 5)))
    f.update(Obj("foo", 6))
    f.resync()
    assert list(pop(f)) == [Delta(UPDATED, Obj("foo", 6))]
    assert len(f) == 0


def test_has_synced_correct_on_deletion():
    f = fifo(Known(*KNOWN3))
    f.replace([Obj("foo", 5)], "0")
    expected = [
        [Delta(SYNC, Obj("foo", 5))],
        [Delta(DELETED, DFSU("bar", Obj("bar", 6)))],
        [Delta(DELETED, DFSU("baz", Obj("baz", 7)))],
    ]
    for exp in expected:
        assert not f.has_synced()
        seen = []
        got = f.pop(lambda d, initial, seen=seen: seen.append(initial), block=False)
        assert list(got) == exp and seen == [True]
    assert f.has_synced()


def test_detect_line_jumpers():
    f = fifo()
    for o in (Obj("foo", 10), Obj("bar", 1), Obj("foo", 11), Obj("foo", 13), Obj("zab", 30)):
        f.add(o)
    assert pop(f).newest().object.val == 13
    f.add(Obj("foo", 14))
    assert [pop(f).newest().object.val for _ in range(3)] == [1, 30, 14]


@pytest.mark.parametrize(
    "obj,expected",
    [
        (Obj("A", 1), "A"),
        (DFSU("B", None), "B"),
        (Deltas([Delta(ADDED, Obj("C", 1))]), "C"),
        (Deltas([Delta(DELETED, DFSU("D", None))]), "D"),
    ],
    ids=["object", "tombstone", "deltas", "deltas-of-tombstone"],
)
def test_key_of(obj, expected):
    assert fifo().key_of(obj) == expected


@pytest.mark.parametrize(
    "actions,synced",
    [
        ([], False),
        (["add"], True),
        (["replace-empty"], True),
        (["replace-ab"], False),
        (["replace-ab", "pop"], False),
        (["replace-ab", "pop", "pop"], True),
        (["replace-dup", "pop"], True),
    ],
    ids=["nothing", "add", "empty-replace", "replace-2", "replace-2-pop-1", "replace-2-pop-2",
         "duplicate-key-counts-once"],
)
def test_has_synced(actions, synced):
    f = fifo()
    for a in actions:
        if a == "add":
            f.add(Obj("a", 1))
        elif a == "replace-empty":
            f.replace([], "0")
        elif a == "replace-ab":
            f.replace([Obj("a", 1), Obj("b", 2)], "0")
        elif a == "replace-dup":
            f.replace([Obj("a", 1), Obj("a", 2)], "0")
        else:
            pop(f)
    assert f.has_synced() is synced


def test_pop_unblocks_when_closed():
    f = fifo()
    errors: list[BaseException] = []

    def worker():
        try:
            f.pop(lambda d, i: None)
        except FIFOClosedError as e:
            errors.append(e)

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for t in threads:
        t.start()
    f.close()
    for t in threads:
        t.join(5)
    assert len(errors) == 10
    assert str(errors[0]) == "DeltaFIFO: manipulating with closed queue"


# dedupDeltas (delta_fifo.go): only the last two deltas are compared, and only when both are
# Deleted.  Upstream has no table test for it; these rows are the rule's four cases.
_A1, _A2 = Obj("a", 1), Obj("a", 2)
_T1, _T2 = DFSU("a", _A1), DFSU("a", _A2)


@pytest.mark.parametrize(
    ("first", "second", "kept"),
    [(_A1, _T1, _A1), (_T1, _A2, _A2), (_A1, _A2, _A1), (_T1, _T2, _T2)],
    ids=["obj-then-tombstone-keeps-obj", "tombstone-then-obj-keeps-obj",
         "obj-then-obj-keeps-older", "tombstone-then-tombstone-keeps-newer"],
)
def test_consecutive_deletes_collapse(first, second, kept):
    f = fifo()
    f.add(_A1)
    f.delete(first)
    f.delete(second)
    got = pop(f)
    assert [(d.type, d.object) for d in got] == [(ADDED, _A1), (DELETED, kept)]


def test_only_deletes_collapse_and_pop_hands_over_every_delta():
    f = fifo()
    f.add(_A1)
    f.update(_A2)
    f.update(_A2)
    f.delete(_A2)
    f.add(_A1)
    got = pop(f)
    assert [d.type for d in got] == [ADDED, UPDATED, UPDATED, DELETED, ADDED]
    with pytest.raises(FIFOClosedError):
        f.close()
        f.pop(lambda d, initial: None, block=False)

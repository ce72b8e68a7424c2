"""Exercises of notebook 13 (informers): predict, build processDeltas, debug a tombstone panic.

Predict checks run :mod:`k8slearn.tools.cache` (DeltaFIFO, RealFIFO) on the
exercise's inputs; the build check runs a learner's ``process_deltas`` against
cases taken from client-go's ``processDeltas`` (tools/cache/controller.go)
and the rules its tests pin down.

Upstream: none (course tooling)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import Case, build_exercise, exercise, hashed, whole_number

__all__ = ["check_pops_per_fifo", "check_pops_until_synced", "check_tombstones",
           "check_build_process_deltas", "check_tombstone_panic", "TOMBSTONE_PANIC"]

NB = "13_informers"

_EVENTS = [("add", "m", 1), ("add", "n", 1), ("update", "n", 2), ("add", "o", 1),
           ("update", "m", 2), ("delete", "o", 3)]


def _pod(name: str, rv: int) -> Any:
    from k8slearn.controller.objects import new_pod

    p = new_pod(name)
    p.metadata.resource_version = str(rv)
    return p


def _fifos() -> tuple[Any, Any]:
    from k8slearn.tools.cache import DeltaFIFO, RealFIFO, meta_namespace_key_func, new_store

    return (DeltaFIFO(known_objects=new_store(meta_namespace_key_func)),
            RealFIFO(atomic_events=True))


def _pops(fifo: Any) -> int:
    n = 0
    while len(fifo):
        fifo.pop(lambda d, i: None, block=False)
        n += 1
    return n


def _tuple2(answer: Any, what: str) -> tuple[int, int]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError(f"give a tuple {what}")
    vals = list(answer)
    if len(vals) != 2:
        raise TypeError(f"give two numbers {what}")
    return whole_number(vals[0]), whole_number(vals[1])


# ---------------------------------------------------------------- 13.1 predict
def _pops_per_fifo() -> tuple[int, int]:
    delta, real = _fifos()
    for verb, name, rv in _EVENTS:
        for f in (delta, real):
            getattr(f, verb)(_pod(name, rv))
    return _pops(delta), _pops(real)


@exercise(
    "informers.pops_per_fifo",
    "Feed the same six events to a DeltaFIFO and to a RealFIFO: add m (rv 1), add n (rv 1), "
    "update n (rv 2), add o (rv 1), update m (rv 2), delete o (rv 3). How many pops does "
    "each need until it is empty? Give (DeltaFIFO, RealFIFO).",
    kind="predict", notebook=NB, number="13.1",
    inputs=('("update", "n", 2)', '("delete", "o", 3)'),
    reveal=lambda: (f"{_pops_per_fifo()}: DeltaFIFO keeps one slot per key (m, n, o), each "
                    "holding all of that key's deltas; RealFIFO keeps every event as its own "
                    "entry, in arrival order."),
)
def check_pops_per_fifo(answer: Any) -> tuple[bool, str]:
    got = _tuple2(answer, "(DeltaFIFO pops, RealFIFO pops)")
    want = _pops_per_fifo()
    if got == want:
        return True, "one pop per key for DeltaFIFO, one pop per event for RealFIFO."
    if got == want[::-1]:
        return False, "the other way round: which of the two keeps a slot per key?"
    if got[0] != want[0]:
        return False, "DeltaFIFO pops a key's whole delta list at once: count distinct keys."
    return False, "RealFIFO (v1.36's informer queue) pops one event at a time."


# ---------------------------------------------------------------- 13.2 predict
_LISTED = ["a", "b", "c", "b"]


def _until_synced() -> tuple[int, int]:
    out = []
    for fifo in _fifos():
        fifo.replace([_pod(n, 5) for n in _LISTED], "5")
        fifo.add(_pod("d", 6))
        n = 0
        while not fifo.has_synced():
            fifo.pop(lambda d, i: None, block=False)
            n += 1
        out.append(n)
    return out[0], out[1]


@exercise(
    "informers.pops_until_synced",
    "A fresh DeltaFIFO (with a known-objects store) and a fresh RealFIFO in atomic mode each "
    "get replace([a, b, c, b], '5') (b listed twice) and then add(d). How many pops until "
    "has_synced() is true? Give (DeltaFIFO, RealFIFO).",
    kind="predict", notebook=NB, number="13.2",
    inputs=("replace([a, b, c, b]",),
    reveal=lambda: (f"{_until_synced()}: DeltaFIFO counts the listed keys once each (a "
                    "duplicate key is one slot) and is synced when the last of them has been "
                    "popped; RealFIFO in atomic mode queues the whole list as one ReplacedAll "
                    "entry, so one pop syncs it. The later add(d) does not count."),
)
def check_pops_until_synced(answer: Any) -> tuple[bool, str]:
    got = _tuple2(answer, "(DeltaFIFO pops, RealFIFO pops)")
    want = _until_synced()
    if got == want:
        return True, "the initial list is what has to be processed; later events do not count."
    if got[0] == want[0] + 1:
        return False, "b is listed twice but has one DeltaFIFO slot, and add(d) is not initial."
    if got[1] != want[1]:
        return False, "in atomic mode a relist is one ReplacedAll delta in the RealFIFO."
    return False, "count what the initial replace() queued, per FIFO."


# ---------------------------------------------------------------- 13.3 predict
def _tombstones() -> list[str]:
    from k8slearn.tools.cache import (
        DeletedFinalStateUnknown,
        DeltaFIFO,
        meta_namespace_key_func,
        new_store,
    )

    known = new_store(meta_namespace_key_func)
    for name in ("x", "y"):
        known.add(_pod(name, 1))
    fifo = DeltaFIFO(known_objects=known)
    fifo.add(_pod("z", 2))
    fifo.replace([_pod("y", 1)], "3")
    keys = []
    while len(fifo):
        deltas = fifo.pop(lambda d, i: None, block=False)
        for d in deltas:
            if isinstance(d.object, DeletedFinalStateUnknown):
                keys.append(d.object.key)
    return sorted(keys)


@exercise(
    "informers.tombstones",
    "A DeltaFIFO whose known-objects store holds pods x and y has add(z) queued. A relist "
    "then calls replace([y]). Which keys get a Deleted delta carrying a "
    "DeletedFinalStateUnknown? Give the list of keys (like 'default/x').",
    kind="predict", notebook=NB, number="13.3",
    inputs=("holds pods x and y", "replace([y])"),
    reveal=lambda: (f"{_tombstones()}: the relist did not list x (known to the store) or z "
                    "(only queued): both were deleted while the watch was down, so each gets "
                    "a tombstone; y was listed and gets a Sync delta."),
)
def check_tombstones(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("give a list of keys, for example ['default/a']")
    got = sorted(str(x).strip().lower() for x in list(answer)[:20])
    got = [k if "/" in k else f"default/{k}" for k in got]
    want = _tombstones()
    if got == want:
        return True, "unlisted keys, known or only queued, get tombstones; listed ones get Sync."
    if "default/y" in got:
        return False, "y was in the relist: it gets a Sync delta, not a tombstone."
    if len(got) < len(want):
        return False, ("Replace makes tombstones for keys the store knows and for keys that are "
                       "only queued, when the list does not contain them.")
    return False, "which keys are known or queued but missing from the new list?"


# ---------------------------------------------------------------- 13.4 build
class _Recorder:
    """A handler that records each call and whether the store already had the new state."""

    def __init__(self, store: dict) -> None:
        self.store, self.calls = store, []

    def on_add(self, obj: Any) -> None:
        self.calls.append(("add", obj, self.store.get(obj[0]) == obj))

    def on_update(self, old: Any, new: Any) -> None:
        self.calls.append(("update", old, new, self.store.get(new[0]) == new))

    def on_delete(self, obj: Any) -> None:
        self.calls.append(("delete", obj, obj[0] not in self.store))


def _process(fn: Any, initial: dict, deltas: list[tuple[str, tuple]]) -> tuple[list, dict]:
    store = dict(initial)
    handler = _Recorder(store)
    fn(handler, store, [list(d) for d in deltas])
    return handler.calls, store


class _DictState:
    """The course's dict store (key -> (key, version)) behind the model's client-state calls."""

    def __init__(self, store: dict) -> None:
        self.store = store

    def get(self, obj: Any) -> tuple[Any, bool]:
        return self.store.get(obj[0]), obj[0] in self.store

    def add(self, obj: Any) -> None:
        self.store[obj[0]] = obj

    update = add

    def delete(self, obj: Any) -> None:
        self.store.pop(obj[0], None)


class _OneArgAdd:
    """The model calls ``on_add(obj, is_in_initial_list)``; the exercise's handler takes obj."""

    def __init__(self, handler: Any) -> None:
        self.on_add = lambda obj, _initial: handler.on_add(obj)
        self.on_update, self.on_delete = handler.on_update, handler.on_delete


def _model(handler: Any, store: dict, deltas: list) -> None:
    """What k8slearn's own processDeltas does with these deltas (the expected calls)."""
    from k8slearn.tools.cache.controller import process_deltas
    from k8slearn.tools.cache.fifo import Delta

    process_deltas(_OneArgAdd(handler), _DictState(store),
                   [Delta(dtype, obj) for dtype, obj in deltas], False)


def _pcase(name: str, initial: dict, deltas: list[tuple[str, tuple]], hint: str) -> Case:
    given = f"store={initial}; deltas={deltas}"
    return Case(name, given, lambda f, i=initial, d=deltas: _process(f, i, d),
                _process(_model, initial, deltas), hint)


@build_exercise(
    "informers.build_process_deltas",
    "Write process_deltas(handler, store, deltas): store is a dict key -> object, deltas a list "
    "of [type, object] pairs (oldest first), an object a tuple (key, resourceVersion). Apply "
    "each delta to the store, then call handler.on_add(obj), on_update(old, new) or "
    "on_delete(obj), as client-go's processDeltas does.",
    notebook=NB, number="13.4",
    reveal=("eNpVj0FuwzAMBL+yRxsQ/ID2FCDIA1oUPRayua7VKpIhKw7y+9BMGjQnUVzucnjIBe+XNDi8cY5+oDjsRCjwSfAx"
            "i6+UF4QRdSJ+eUFYEJL9lpoLHQqPPPYs1stRkPsfDtXddOsmnpGTzg4+Rq2+Thbc6LTbxPYVWefKOSz3WIRqBH8G"
            "L9JobtvhoMR7RhqX7s4rH2yNcs6FC1Ntn+xiBktw4MqEUWO8mR6nKMmqZ0xeOnyWUPlP6jluz5YX0rcJky6ILN0V"
            "5mFw0Q=="),
)
def check_build_process_deltas() -> list[Case]:
    a1, a2, b1 = ("default/a", "1"), ("default/a", "2"), ("default/b", "1")
    return [
        _pcase("processDeltas: Added for a new key -> OnAdd", {}, [("Added", a1)],
               "an object the store does not have is added, then on_add is called."),
        _pcase("processDeltas: the store is written before the handler runs", {},
               [("Added", a1), ("Updated", a2)],
               "handlers read the cache: update the store first, then notify."),
        _pcase("processDeltas: Updated for an unknown key -> OnAdd", {}, [("Updated", b1)],
               "the handler call depends on whether the key is in the store, not on the delta "
               "type."),
        _pcase("processDeltas: Sync for a known key -> OnUpdate(old, new)", {"default/a": a1},
               [("Sync", a1)],
               "a resync of a cached object is an update whose old and new are the same."),
        _pcase("processDeltas: Replaced for a known key -> OnUpdate", {"default/a": a1},
               [("Replaced", a2)],
               "a relist delivers Replaced deltas; known keys become updates."),
        _pcase("processDeltas: Added for a known key -> OnUpdate", {"default/a": a1},
               [("Added", a2)],
               "Added for a key already cached is an update (the store is an upsert)."),
        _pcase("processDeltas: Deleted -> removed, then OnDelete", {"default/a": a1},
               [("Deleted", a2)],
               "remove the key from the store, then call on_delete with the delta's object."),
        _pcase("processDeltas: Deleted for a key never stored still calls OnDelete", {},
               [("Deleted", b1)],
               "on_delete runs for every Deleted delta, even when the store never had the key."),
    ]


# ---------------------------------------------------------------- 13.5 debug
_NAMES = (
    "e72b1d1fabc3c07cda12da0638db754cb3056178b63b6cc8f2ba631dadb59e03",
)

TOMBSTONE_PANIC = "\n".join([
    'E1207 09:14:03.551207       1 runtime.go:144] "Observed a panic" panic="interface '
    'conversion: interface {} is cache.DeletedFinalStateUnknown, not *v1.Pod" '
    'panicGoValue="&runtime.TypeAssertionError{_interface:(*abi.Type)(0x1d2e3a0), '
    'concrete:(*abi.Type)(0x1f0c940), asserted:(*abi.Type)(0x1f3b7c0), missingMethod:\\"\\"}" '
    "stacktrace=<",
    "\tgoroutine 212 [running]:",
    "\tk8s.io/apimachinery/pkg/util/runtime.logPanic(...)",
    "\t...",
    "\tmain.(*Controller).deletePod(0xc0004e2000, {0x1f0c940, 0xc000a1c0c0})",
    "\t\t/src/controller.go:311 +0x2c",
    "\tk8s.io/client-go/tools/cache.ResourceEventHandlerFuncs.OnDelete(...)",
    "\t\t/go/pkg/mod/k8s.io/client-go@v0.36.3/tools/cache/controller.go:315",
    " >",
])


def _handler_cases() -> list[tuple[str, Any, Any]]:
    from k8slearn.tools.cache import DeletedFinalStateUnknown

    pod = _pod("web-1", 7)
    return [
        ("a Pod (a delete the watch delivered)", pod, pod),
        ("DeletedFinalStateUnknown(key='default/web-1', obj=<the pod>) (a delete seen by a "
         "relist)", DeletedFinalStateUnknown("default/web-1", pod), pod),
        ("DeletedFinalStateUnknown(key='default/x', obj='not a pod')",
         DeletedFinalStateUnknown("default/x", "not a pod"), None),
        ("the string 'garbage' (neither a pod nor a tombstone)", "garbage", None),
    ]


def _describe(obj: Any) -> str:
    from k8slearn.api.core import Pod
    from k8slearn.tools.cache import DeletedFinalStateUnknown

    if isinstance(obj, DeletedFinalStateUnknown):
        return "the DeletedFinalStateUnknown itself"
    if isinstance(obj, Pod):
        return f"the Pod {obj.metadata.name}"
    return "None" if obj is None else f"a {type(obj).__name__}"


def _check_handler(fn: Any) -> tuple[bool, str]:
    for given, obj, want in _handler_cases():
        try:
            got = fn(obj)
        except Exception as err:  # noqa: BLE001 - report the learner's error, never raise
            return False, (f"pod_from_delete({given}) raised {type(err).__name__}: {err}. "
                           "That is the panic again: check the type before you use the object.")
        if got is not want:
            return False, (f"pod_from_delete({given}) returned {_describe(got)}, expected "
                           f"{'the pod itself' if want is not None else 'None'}. A tombstone "
                           "carries the last known object in its obj field; anything that is "
                           "neither a pod nor a tombstone holding a pod gives None.")
    return True, ("that is the unwrapping upstream's deletePod starts with: a pod, or a "
                  "DeletedFinalStateUnknown whose Obj is a pod (possibly stale), else log and "
                  "return.")


@exercise(
    "informers.tombstone_panic",
    "The controller's delete handler panics only after its watch was down for a while (see "
    "the log): it asserted *v1.Pod and got another type. Write the fix, "
    "pod_from_delete(obj): return the pod for a Pod and for the type named in the panic, None "
    "for anything else.",
    kind="debug", notebook=NB, number="13.5",
    reveal=("eNp1kU1qwzAQha/ydk7A+ADNtmRTaApt6VqWxpFSeWSkCU4ovXvHCk5XWWr0fr5hPjzBG3aRMo5JYGCN9dQ9UyQh"
            "tw9s4rsYoU/+5jRzC1GHpLEvkpg6fHlidbmq16hpIi6YfYhUpbMR6xEK3N3NdBFkiqEIOEmwVOp8Sm4RHjUXilRn"
            "gYeUR4WzJsaCA9/AMAfxeAT580LXFof+9Kv+ImQc0rBWdNiHyxPCoF3Lr2FLm9SfWrwlt1UuOWdGkF2VyEJkHjZV"
            "ziAFGnBTaki7huiwWz42GjOaK3qC9kXa7pCUJs+h0Kp9XbbenKcimcyImI4FjU3n6LgRHEmWNLKCIafx/wANUkZz"
            "f8ImFhOY3CoXb+oOXI+r+zfb7g/bTbNO"),
)
def check_tombstone_panic(answer: Any) -> tuple[bool, str]:
    if callable(answer):
        return _check_handler(answer)
    words = re.split(r"[^A-Za-z0-9_]+", str(answer))
    if (hashed(answer, *_NAMES) or any(hashed(w, *_NAMES) for w in words if w)
            or "tombstone" in str(answer).lower()):
        return False, ("right type: now pass the fixed handler, a function pod_from_delete(obj) "
                       "that unwraps it, to this check.")
    return False, ("read the panic message: 'interface {} is X, not *v1.Pod'. X is what the "
                   "informer hands OnDelete when it learned of the delete from a relist. "
                   "Then pass a function pod_from_delete(obj) to this check.")

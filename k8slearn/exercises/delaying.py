"""Exercises of notebook 11 (the delaying queue): predict, build the insert rule, debug.

Predict checks run :class:`k8slearn.workqueue.DelayingQueue` on a FakeClock with the
exercise's inputs; the build check runs a learner's ``insert`` against cases
ported from client-go's ``delaying_queue_test.go`` (``TestSimpleQueue``,
``TestDeduping``, ``TestCopyShifting``) plus the course's tie rule for the
flattened list (upstream's ``heap.Fix`` promises no order among equal ready
times).

Upstream: none (course tooling)
"""

from __future__ import annotations

import math
import re
from typing import Any

from k8slearn.exercises import Case, build_exercise, exercise, hashed, number, strings, whole_number

__all__ = ["check_ready_time", "check_delayed_order", "check_left_at_shutdown",
           "check_build_insert", "check_extra_sync", "extra_sync_symptom"]

NB = "11_workqueue_delaying"


def _strings(answer: Any) -> list[str]:
    return strings(answer, lower=True)


def _queue():
    from k8slearn.clock import FakeClock
    from k8slearn.workqueue import DelayingQueue

    clock = FakeClock(0.0)
    return clock, DelayingQueue(clock)


def _drain(q: Any) -> list[str]:
    out = []
    while len(q):
        item, _ = q.get()
        q.done(item)
        out.append(item)
    return out


# ---------------------------------------------------------------- 11.1 predict
def _ready_time() -> float:
    clock, q = _queue()
    q.add_after("y", 8.0)
    clock.step(3.0)
    q.add_after("y", 4.0)
    clock.step(1.0)
    q.add_after("y", 9.0)
    t = q.waiting()[0].ready_at
    q.shut_down()
    return t


@exercise(
    "delaying.ready_time",
    "FakeClock at t=0: add_after('y', 8). At t=3: add_after('y', 4). At t=4: "
    "add_after('y', 9). At what clock time does 'y' become ready (seconds)?",
    kind="predict", notebook=NB, number="11.1",
    inputs=("add_after('y', 8)", "add_after('y', 4)", "add_after('y', 9)"),
    reveal=lambda: (f"t={_ready_time():g}: the calls offer ready times 8, 7 and 13. One entry "
                    "per item; a new offer replaces it only if it is earlier."),
)
def check_ready_time(answer: Any) -> tuple[bool, str]:
    t = number(answer)
    want = _ready_time()
    if math.isclose(t, want):
        return True, "ready times 8, 7 and 13 were offered: the earliest pending one wins."
    if math.isclose(t, 13.0):
        return False, "a later ready time never replaces an earlier one: it is dropped."
    if math.isclose(t, 8.0):
        return False, "the second call offers an earlier time: does it replace the pending entry?"
    if t in (4.0, 9.0):
        return False, "ready time = the clock when add_after is called + the delay."
    return False, "write down clock + delay for each call, then keep the earliest."


# ---------------------------------------------------------------- 11.2 predict
def _order() -> list[str]:
    clock, q = _queue()
    q.add_after("ant", 3.0)
    q.add_after("bee", 1.5)
    q.add_after("cat", -1.0)
    q.add("dog")
    q.add_after("eel", 1.5)
    clock.step(5.0)
    out = _drain(q)
    q.shut_down()
    return out


@exercise(
    "delaying.delayed_order",
    "FakeClock at t=0: add_after('ant', 3); add_after('bee', 1.5); add_after('cat', -1); "
    "add('dog'); add_after('eel', 1.5). Then step(5). In which order does get() hand them "
    "out? (This course's heap breaks ready-time ties in call order.)",
    kind="predict", notebook=NB, number="11.2",
    inputs=("add_after('ant', 3)", "add_after('cat', -1)", "add_after('eel', 1.5)"),
    reveal=lambda: (f"{_order()}: a delay <= 0 is a plain add() at call time, so cat and dog "
                    "are queued at once in call order; the heap then releases bee and eel "
                    "(ready at 1.5, tie kept in call order here; Go's heap may swap them) "
                    "and ant."),
)
def check_delayed_order(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    want = _order()
    if got == want:
        return True, "immediate adds first (call order), then the heap by ready time."
    if sorted(got) != sorted(want):
        return False, "all five items come out exactly once."
    if got.index("cat") > got.index("dog"):
        return False, "add_after with a negative delay adds at once: cat was added before dog."
    if got.index("ant") < got.index("bee"):
        return False, "the heap releases items by ready time, not by call order."
    return False, "a delay <= 0 is an immediate add; the others wait in the heap until ready."


# ---------------------------------------------------------------- 11.3 predict
def _left() -> int:
    clock, q = _queue()
    q.add_after("r1", 2.0)
    q.add("r2")
    q.add_after("r3", 0.0)
    q.add_after("r4", 6.0)
    clock.step(3.0)
    q.shut_down()
    clock.step(10.0)
    return len(_drain(q))


@exercise(
    "delaying.left_at_shutdown",
    "FakeClock at t=0: add_after('r1', 2); add('r2'); add_after('r3', 0); add_after('r4', 6). "
    "step(3); shut_down(); step(10). How many items does get() hand out before it reports "
    "shutdown?",
    kind="predict", notebook=NB, number="11.3",
    inputs=("add_after('r1', 2)", "add_after('r4', 6)"),
    reveal=lambda: (f"{_left()}: r2 and r3 were queued at once and r1 became ready at t=2, "
                    "before the shutdown; r4 was still waiting in the heap and shut_down "
                    "dropped it."),
)
def check_left_at_shutdown(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    want = _left()
    if n == want:
        return True, "what reached the FIFO before shut_down is handed out; the heap is dropped."
    if n == want + 1:
        return False, "entries still waiting in the heap at shutdown are dropped, not delivered."
    if n < want:
        return False, ("shutdown does not empty the FIFO: get() keeps handing out what is queued. "
                       "Which items were ready by t=3?")
    return False, "which items were in the FIFO when shut_down() ran?"


# ---------------------------------------------------------------- 11.4 build
def _replay(insert: Any, calls: list[tuple[str, float]]) -> list[tuple[float, str]]:
    """Feed ``calls`` to ``insert(waiting, item, ready_at)`` and return the final list."""
    waiting: list = []
    for item, ready_at in calls:
        insert(waiting, item, ready_at)
    return [tuple(e) for e in waiting]


def _ready_order(entries: Any) -> list[str]:
    """The order the waiting loop releases entries: ready time, then list position."""
    ranked = sorted(enumerate(entries), key=lambda p: (p[1][0], p[0]))
    return [e[1] for _, e in ranked]


def _reference_insert(waiting: list, item: str, ready_at: float) -> None:
    for i, (t, name) in enumerate(waiting):
        if name == item:
            if ready_at < t:
                del waiting[i]
                waiting.append((ready_at, item))
            return
    waiting.append((ready_at, item))


def _icase(name: str, calls: list[tuple[str, float]], hint: str) -> Case:
    given = "; ".join(f"insert(waiting, {item!r}, {t:g})" for item, t in calls)
    return Case(name, "waiting = []; " + given,
                lambda f, c=calls: _replay(f, c), _replay(_reference_insert, calls), hint)


@build_exercise(
    "delaying.build_insert",
    "Write insert(waiting, item, ready_at): waiting is a list of (ready_at, item) tuples, in "
    "the order they were inserted, holding at most one entry per item. An earlier ready time "
    "replaces the item's entry (remove it, append the new one: the course's heap gives a moved "
    "entry a fresh sequence number); a later or equal one is dropped.",
    notebook=NB, number="11.4",
    reveal=("eNpFzlEOgjAQBNCrzJ+QGA7gGYwewWzsKA2lW8sq4faWgvF3M/Nmz6oDHpphPeGN42ECo+Wlw0UjT5CU"
            "GB2aTHHLTexYU22HayRmbz0EQYwZNQHzY2lljvpZQUgp78Y6ETn//D8QQcnBF6M8wtdbws44RVTrfXyi"
            "2e4DmaYqaXCbVCe8TUhB7my7L36oSeg="),
)
def check_build_insert() -> list[Case]:
    return [
        _icase("TestSimpleQueue: a new item is appended", [("foo", 0.05)],
               "an item without an entry gets one."),
        _icase("TestCopyShifting: one entry per distinct item",
               [("foo", 1.0), ("bar", 0.5), ("baz", 0.25)],
               "different items each keep their own entry."),
        _icase("TestDeduping: a later ready time is dropped",
               [("foo", 0.05), ("foo", 0.07)],
               "earlier wins: the pending 0.05 stays, the 0.07 offer is discarded."),
        _icase("TestDeduping: an earlier ready time replaces the entry",
               [("foo", 0.13), ("foo", 0.11)],
               "an earlier offer replaces the item's entry; there is still only one."),
        _icase("course rule: an equal ready time keeps the existing entry (and its place)",
               [("x", 5.0), ("y", 5.0), ("x", 5.0)],
               "equal is not earlier: keep the existing entry where it is, so x still comes "
               "out before y."),
        _icase("course rule: a moved entry goes behind entries inserted since",
               [("foo", 1.0), ("bar", 0.05), ("foo", 0.05)],
               "remove the old entry and append the new one: the course's heap gives a moved "
               "entry a fresh sequence number, so at equal ready times bar (inserted first) "
               "comes out first. (Go's heap.Fix keeps the entry; it promises no tie order.)"),
        _icase("many offers for one item keep one entry",
               [("k", 9.0), ("k", 8.0), ("k", 10.0), ("k", 7.0), ("k", 7.5)],
               "one entry per item, whatever the number of calls (upstream's heap.Fix)."),
    ]


# ---------------------------------------------------------------- 11.5 debug
_ADD_AFTER = ("fb73a51c7df1a5cb173263f247a0e6671bee7b12617d5399b0e8797e62ae65f1",)


def extra_sync_symptom() -> str:
    """The log of a controller that requeues with add_after and also gets plain adds."""
    clock, q = _queue()
    log = []

    def sync(reason: str) -> None:
        key, _ = q.get()
        now = clock.now()
        stamp = f"10:{int(now) // 60:02d}:{now % 60:09.6f}"
        why = f' event="{reason}"' if reason else ""
        log.append(f'I1207 {stamp}       1 controller.go:175] "Syncing" key="{key}"{why}')
        q.done(key)

    q.add("default/cert-web")
    sync("created")
    q.add_after("default/cert-web", 60.0)
    log.append('I1207 10:00:00.000000       1 controller.go:191] "Requeue to renew" '
               'key="default/cert-web" after="1m0s"')
    clock.step(2.5)
    q.add("default/cert-web")
    sync("updated")
    log.append('I1207 10:00:02.500000       1 controller.go:188] "Certificate is fresh, '
               'nothing to do" key="default/cert-web"')
    clock.step(57.5)
    if len(q):
        sync("")
    q.shut_down()
    return "\n".join(log)


@exercise(
    "delaying.extra_sync",
    "A controller syncs default/cert-web at 10:00:00 and schedules a renewal check in one "
    "minute; an update at 10:00:02.5 syncs it again and finds nothing to do. At 10:01:00 "
    "it syncs a third time although nothing changed. Which queue method's entry fired?",
    kind="debug", notebook=NB, number="11.5",
    reveal=("eNo1jkFOxDAMRa/yd4A0qgYkNsOqd+ACbuyZmrZOaVxVuT1OASmb+D//5565v7tsHT5HwUHqag/MOa9P"
            "BaPQisnyUWDZx5bQkHeHB/u9yy4BsW5eUcRv53idSQ09M8jxer1d471174FxK0EiSzL/omLcOvu/GyDm"
            "W72g5DOepEILiFmi7NFqj1EM6gWbEFe4LoKUFynt/PAFPlSwFH0YngmlWsKyF8cgUJZlzR6Slw/o/XTM"
            "1LxplDS15d0OMhe+wDeKUUM4VLNa7Nv5z8OXJAcZo0y6xjn/SbN1PyspdU0="),
)
def check_extra_sync(answer: Any) -> tuple[bool, str]:
    words = re.split(r"[^A-Za-z0-9_]+", str(answer))
    if hashed(answer, *_ADD_AFTER) or any(hashed(w, *_ADD_AFTER) for w in words if w):
        return True, ("the pending AddAfter entry stays in the waiting heap; a plain add of the "
                      "same key does not cancel it, so it fires at its ready time.")
    text = str(answer).lower()
    if "ratelimit" in text.replace("_", "").replace(" ", ""):
        return False, "nothing failed here, so no rate limiter was asked; what scheduled 10:01?"
    if re.search(r"\badd\b", text):
        return False, ("the plain add at 10:00:02.5 caused the second sync; the third one comes "
                       "from a call that asked for a later time.")
    return False, "which call asked the queue to add the key one minute after 10:00:00?"

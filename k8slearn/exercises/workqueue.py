"""Exercises of notebook 10 (the basic workqueue): predict, build a Queue, debug a stuck key.

Predict checks compute the right answer by running :class:`k8slearn.workqueue.Queue`
on the exercise's inputs; the build check runs a learner's ``Queue`` class
against cases ported from client-go's ``queue_test.go``; the debug check
compares a hashed name.

Upstream: none (course tooling)
"""

from __future__ import annotations

import re
from typing import Any

from k8slearn.exercises import Case, build_exercise, exercise, hashed, strings, whole_number

__all__ = [
    "check_len_after_sequence",
    "check_get_order",
    "check_done_twice",
    "check_build_queue",
    "check_stuck_key",
    "stuck_key_symptom",
]

NB = "10_workqueue_basics"


def _strings(answer: Any) -> list[str]:
    """A list/tuple of item names, compared case-insensitively."""
    return strings(answer, lower=True)


def _run(ops: list[tuple[str, str | None]]) -> tuple[Any, list[str]]:
    """Run ``ops`` on a real Queue; returns the queue and what each get() returned."""
    from k8slearn.workqueue import Queue

    q, got = Queue(), []
    for op, item in ops:
        if op == "get":
            got.append(q.get()[0])
        else:
            getattr(q, op)(item)
    return q, got


def _drain(q: Any) -> list[str]:
    out = []
    while len(q):
        item, _ = q.get()
        q.done(item)
        out.append(item)
    return out


# ---------------------------------------------------------------- 10.1 predict
_SEQ_LEN = [("add", "p"), ("add", "q"), ("get", None), ("add", "r"), ("add", "p"), ("add", "q")]


@exercise(
    "workqueue.len_after_sequence",
    "q = Queue(); q.add('p'); q.add('q'); q.get() -> 'p'; q.add('r'); q.add('p'); q.add('q'). "
    "What is len(q) now?",
    kind="predict", notebook=NB, number="10.1",
    inputs=("add('p'); q.add('q'); q.get()", "add('r'); q.add('p'); q.add('q')"),
    reveal=lambda: (f"len(q) == {len(_run(_SEQ_LEN)[0])}: 'q' and 'r' wait in the FIFO; 'p' was "
                    "re-added while a worker holds it, so it is parked in dirty, not queued; "
                    "the second add('q') collapsed into the queued 'q'."),
)
def check_len_after_sequence(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    want = len(_run(_SEQ_LEN)[0])
    if n == want:
        return True, "the FIFO holds q and r; p is parked (dirty + processing) until done('p')."
    if n == want + 1:
        return False, ("one item you counted is not in the FIFO: an item re-added while a worker "
                       "holds it is only marked dirty, and len() counts the FIFO only.")
    if n > want + 1:
        return False, "a second add of an item that is already queued changes nothing."
    return False, "replay it: which items sit in the queue slice (not processing)?"


# ---------------------------------------------------------------- 10.2 predict
_SEQ_ORDER = [("add", "k"), ("add", "m"), ("add", "n"), ("get", None), ("add", "n"),
              ("add", "k"), ("get", None), ("done", "k")]


def _order_answer() -> list[str]:
    q, _ = _run(_SEQ_ORDER)
    return _drain(q)


@exercise(
    "workqueue.get_order",
    "q = Queue(); add('k'); add('m'); add('n'); get() -> 'k'; add('n'); add('k'); "
    "get() -> 'm'; done('k'). Now call get() (and done) until len(q) == 0: in which order "
    "do the items come out? (m is still being processed and never done.)",
    kind="predict", notebook=NB, number="10.2",
    inputs=("add('k'); add('m'); add('n')", "add('n'); add('k')"),
    reveal=lambda: (f"{_order_answer()}: 'n' was queued all along and keeps its place; 'k' was "
                    "parked while processing and done('k') pushed it to the tail."),
)
def check_get_order(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    want = _order_answer()
    if got == want:
        return True, "done('k') pushed the parked 'k' behind 'n', which never lost its place."
    if "m" in got:
        return False, "'m' is being processed: it is not in the FIFO, so get() cannot return it."
    if sorted(got) != sorted(want):
        return False, "each queued item comes out once: the dirty set collapses duplicate adds."
    return False, ("the second add('n') found 'n' already queued (no move); the re-added 'k' "
                   "waited in dirty until done('k'), which pushes to the tail.")


# ---------------------------------------------------------------- 10.3 predict
_SEQ_MISUSE = [("add", "u"), ("add", "v"), ("done", "v"), ("done", "v")]


def _misuse_count() -> int:
    q, _ = _run(_SEQ_MISUSE)
    return _drain(q).count("v")


@exercise(
    "workqueue.done_twice",
    "q = Queue(); add('u'); add('v'); done('v'); done('v')  (done without get, twice!). "
    "How many times does get() hand out 'v' before the FIFO is empty?",
    kind="predict", notebook=NB, number="10.3",
    inputs=("add('u'); add('v'); done('v'); done('v')",),
    reveal=lambda: (f"{_misuse_count()} times: done() does not check that the item was handed "
                    "out. It looks at dirty, finds 'v' there (queued items are dirty) and pushes "
                    "another copy each time. Go behaves the same."),
)
def check_done_twice(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    want = _misuse_count()
    if n == want:
        return True, "each done('v') found 'v' dirty and pushed one more copy into the FIFO."
    if n in (0, 1):
        return False, ("done() does not know that 'v' was never handed out: it checks the dirty "
                       "set, and a queued item is dirty.")
    return False, "count the copies: one from add, then what does each done('v') push?"


# ---------------------------------------------------------------- 10.4 build
def _ops(Q: type, script: list[tuple]) -> list[Any]:
    """Run ``script`` on ``Q()``; collect what get()/len() returned."""
    q, out = Q(), []
    for op, *args in script:
        if op == "get":
            got = q.get()
            out.append(tuple(got) if isinstance(got, (tuple, list)) else got)
        elif op == "len":
            out.append(len(q))
        else:
            getattr(q, op)(*args)
    return out


def _case(name: str, given: str, script: list[tuple], hint: str) -> Case:
    from k8slearn.workqueue import Queue

    return Case(name, given, lambda Q, s=script: _ops(Q, s), _ops(Queue, script), hint)


@build_exercise(
    "workqueue.build_queue",
    "Write class Queue with add(item), get() -> (item, shutdown), done(item), shut_down() "
    "and __len__ (the FIFO only), keeping client-go's promises: fair, stingy, re-add while "
    "processing means process again, shutdown drains the FIFO first.",
    notebook=NB, number="10.4",
    reveal=("eNpdj0tuwzAMRK8yuyaA4QPI+wBBgXbTvSBYtCVUFgWRbpHbV7ab9LPjZzjz+ExUoKESYeSUaNTIWQwc"
            "LtfLK1IU7VrjY9UbhBQu+9aXyiOJxDxvwx7Oe4M4Z64ENylVSFjVev7MAyrpWjPidNgMWFx9v9dllQDO"
            "6bbtM+sv6x4zqcHphTN1eKsrnTeRBjrgooCW0rhO/yLPAygJoXDZ1YGc77DwByEqpsrL90PKf+J8CzIN"
            "d1fusp/t8ODvDuZ2u3mri6mHtYmyteYB9yRok1lD/wV3+3xF"),
)
def check_build_queue() -> list[Case]:
    return [
        _case("TestBasic: FIFO order", "add(a); add(b); add(c); get(); get(); get()",
              [("add", "a"), ("add", "b"), ("add", "c"), ("get",), ("get",), ("get",)],
              "fair: get() pops from the front; each result is (item, False)."),
        _case("TestCollapse: adds before a get collapse",
              "add(x); add(x); add(y); add(x); len()",
              [("add", "x"), ("add", "x"), ("add", "y"), ("add", "x"), ("len",)],
              "stingy: an item already waiting (dirty) is not queued again."),
        _case("TestAddWhileProcessing: a re-add waits for done",
              "add(a); get(); add(a); len(); done(a); len(); get()",
              [("add", "a"), ("get",), ("add", "a"), ("len",), ("done", "a"), ("len",),
               ("get",)],
              "stingy: an item a worker holds must not be handed to another worker. add() of a "
              "processing item only marks it dirty; done() then queues it. (The seed article's "
              "model, where add() also fills processing, breaks exactly this promise.)"),
        _case("TestReinsert: re-added item goes to the tail after done",
              "add(a); add(b); get(); add(a); add(c); done(a); get(); get()",
              [("add", "a"), ("add", "b"), ("get",), ("add", "a"), ("add", "c"), ("done", "a"),
               ("get",), ("get",), ("get",)],
              "done() pushes a parked item to the tail, behind items queued meanwhile."),
        _case("TestLen: len counts the FIFO only", "add(a); add(b); get(); len()",
              [("add", "a"), ("add", "b"), ("get",), ("len",)],
              "__len__ is the number of queued items; a processing item is not queued."),
        _case("done without re-add: the item is gone", "add(a); get(); done(a); len()",
              [("add", "a"), ("get",), ("done", "a"), ("len",)],
              "done() of an item nobody re-added just removes it from processing."),
        _case("TestBasic: after shut_down, add is ignored and queued items still come out",
              "add(a); add(b); shut_down(); add(c); get(); get(); get()",
              [("add", "a"), ("add", "b"), ("shut_down",), ("add", "c"), ("get",), ("get",),
               ("get",)],
              "after shut_down add() is ignored, but get() still returns queued items with "
              "shutdown False, and (None, True) once the FIFO is empty."),
        _case("TestQueueDrainageUsingShutDownWithDrainWithDirtyItem: done after shutdown",
              "add(a); get(); add(a); shut_down(); done(a); get()",
              [("add", "a"), ("get",), ("add", "a"), ("shut_down",), ("done", "a"), ("get",)],
              "done() still re-queues a parked item after shut_down."),
    ]


# ---------------------------------------------------------------- 10.5 debug
_DONE = "62b57ad42b25342f5a711b0ed10264b6c9fb93e2a4c919aa56d6dcc70e4288d6"


def stuck_key_symptom() -> str:
    """The metrics and logs of a controller whose worker never calls done (from the model)."""
    from k8slearn.clock import FakeClock
    from k8slearn.workqueue import InMemoryMetricsProvider, Queue

    clock, metrics = FakeClock(0.0), InMemoryMetricsProvider()
    q = Queue("foos", clock, metrics)
    q.add("default/web")
    q.get()                       # the worker syncs it ... and returns without done
    clock.step(30.0)
    q.add("default/web")          # the user edits the object: the handler adds the key
    clock.step(1770.0)
    lines = [
        'I1207 10:00:00.000000       1 controller.go:229] "Successfully synced" '
        'objectName="default/web"',
        "(30 s later the user edits web again; no further log lines for default/web follow)",
        "",
        '# the controller\'s /metrics, the lines with name="foos":',
    ]
    for metric in ("workqueue_depth", "workqueue_adds_total",
                   "workqueue_unfinished_work_seconds",
                   "workqueue_longest_running_processor_seconds"):
        lines.append(f'{metric}{{name="foos"}} {metrics.value("foos", metric):g}')
    q.shut_down()
    return "\n".join(lines)


@exercise(
    "workqueue.stuck_key",
    "The key default/web was synced once; after the next edit it is never synced again, "
    "workqueue_depth stays at 1 and unfinished work grows by one second per second. "
    "Which queue call did the worker skip?",
    kind="debug", notebook=NB, number="10.5",
    reveal=("eNo1j0Fug0AMRa/ylyAh1G6zqxSlF+g+ItjACGRTj6eE29eTqkvr2/89X1W4x9fCONRWNrjqCo955RNH"
            "8gWf7HgUh/BP5OOwbUy4xh2a5P/zTW2OvUEIxl5MmNq/3tqTfTgzkmA3HTnnJDMmtVp4ecGEn44PIqhs"
            "J/bB1lj3ekHJ/ERDvIfKe4eNBW9t9yIVmZKkvDDdq/0986hCOZC8Z8ymR4B63NLzAuIp7L8LF+6rfBNe"
            "LSzNS1hPHln82QUf1ao6+NL/Ao4UZOg="),
)
def check_stuck_key(answer: Any) -> tuple[bool, str]:
    words = re.split(r"[^A-Za-z0-9_]+", str(answer))
    if any(hashed(w, _DONE) for w in words if w):
        return True, ("the key never left processing, so every later add only parked it. "
                      "Call done(key) on every path (defer Done right after Get).")
    text = str(answer).lower()
    if "forget" in text:
        return False, ("forget only clears the rate limiter's memory of the key; it does not "
                       "take the key out of processing.")
    if "add" in text:
        return False, ("the handler did add the key (adds_total went up). Why was it never "
                       "handed out?")
    return False, ("look at the metrics: unfinished work grows one second per second, so a "
                   "worker still 'holds' the key. Which call tells the queue it is finished?")

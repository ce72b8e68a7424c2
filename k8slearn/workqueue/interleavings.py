"""Every interleaving of a producer and two workers, checked against doc.go's promises.

Real threads show a promise holding on the runs you happened to get.  This
explorer runs a queue under a deterministic scheduler instead and tries
*every* order in which one producer and two workers can take their steps
(each queue call is one atomic step, as the queue's lock makes it), then
checks each run against the package doc's promises:

1. **fair** - ``get`` hands out the item that became ready first (an item is
   ready from its ``add``, or, if it was re-added while a worker held it,
   from that worker's ``done``);
2. **stingy** - no two workers hold the same item at once, and an item is
   handed out only if it was added since it was last handed out (several
   adds before a ``get`` collapse into one);
3. **re-added while processing means processed again** - every ``add`` made
   before ``shut_down`` is followed by a ``get`` of that item (no lost update);
4. **shutdown notification** - ``get`` says "shutting down" only when no ready
   item is left, and every worker is told (nobody waits forever).

The checks look only at what the threads saw (the trace of calls and
results), never inside the queue, so any class with ``add``, ``get``,
``done``, ``shut_down`` and ``__len__`` can be explored: the course's
:class:`~k8slearn.workqueue.Queue`, a learner's, or :class:`SeedQueue`, the
model of the article the course grew from (``Add`` puts the item into
``processing`` too), which breaks promise 2.

A worker runs ``get``/``done`` in a loop until ``get`` says shutting down; it
may call ``get`` only when ``len(q) > 0`` or after the producer's
``shut_down`` (a blocked ``Get`` is a thread that cannot move).

The promises are those of client-go util/workqueue/doc.go @ v0.36.3.

Upstream: none (course tooling)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SeedQueue", "Step", "Violation", "Exploration", "explore", "PROMISES",
           "DEFAULT_PROGRAM"]

#: The producer's calls in the default program: ``("add", item)`` or ``("shut_down", None)``.
DEFAULT_PROGRAM: tuple[tuple[str, Any], ...] = (
    ("add", "a"), ("add", "b"), ("add", "a"), ("shut_down", None))

PROMISES = {
    1: "fair: items are handed out in the order they became ready",
    2: "stingy: never two workers on one item; adds before a get collapse into one",
    3: "an item re-added while processing is processed again (no lost update)",
    4: "shutdown: get says shutting down only when nothing is left, and every worker hears it",
}


class SeedQueue:
    """The seed article's model: ``add`` puts the item into queue, dirty *and* processing.

    ``get`` pops the head and clears it from ``dirty``; ``done`` clears ``processing``.
    """

    def __init__(self) -> None:
        self.queue: list = []
        self.dirty: set = set()
        self.processing: set = set()
        self.shutting_down = False

    def add(self, item: Any) -> None:
        if self.shutting_down or item in self.dirty:
            return
        self.queue.append(item)
        self.dirty.add(item)
        self.processing.add(item)

    def get(self) -> tuple[Any, bool]:
        if not self.queue:
            return None, True
        item = self.queue.pop(0)
        self.dirty.discard(item)
        return item, False

    def done(self, item: Any) -> None:
        self.processing.discard(item)

    def shut_down(self) -> None:
        self.shutting_down = True

    def __len__(self) -> int:
        return len(self.queue)


@dataclass(frozen=True)
class Step:
    """One atomic call: who made it, what, and what it returned."""

    thread: str
    call: str
    result: str = ""

    def __str__(self) -> str:
        return f"{self.thread}: {self.call}" + (f" -> {self.result}" if self.result else "")


@dataclass(frozen=True)
class Violation:
    """A broken promise in one run: its number, what happened, and the run."""

    promise: int
    detail: str
    steps: tuple[Step, ...]

    def __str__(self) -> str:
        lines = [f"promise {self.promise} broken ({PROMISES[self.promise]}): {self.detail}"]
        lines += [f"  {i + 1:2d}. {s}" for i, s in enumerate(self.steps)]
        return "\n".join(lines)


@dataclass
class Exploration:
    """How many complete runs there were, and the broken ones (first in search order first)."""

    runs: int = 0
    violations: list[Violation] = field(default_factory=list)
    broken: dict[int, int] = field(default_factory=dict)  # promise -> runs breaking it

    @property
    def ok(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        if self.ok:
            return f"{self.runs} interleavings, every promise held in all of them"
        per = ", ".join(f"promise {p}: {n}" for p, n in sorted(self.broken.items()))
        return (f"{self.runs} interleavings, {sum(self.broken.values())} break a promise ({per}); "
                f"first bad one:\n{self.violations[0]}")

    def __repr__(self) -> str:
        return self.summary()


class _Run:
    """Replays a schedule (a list of thread indexes) on a fresh queue, recording the trace."""

    def __init__(self, make_queue: Callable[[], Any], program: Sequence[tuple[str, Any]],
                 workers: int) -> None:
        self.q = make_queue()
        self.program = program
        self.pc = 0                                 # producer's next call
        self.holding: list[Any] = [None] * workers  # per worker: held item or None
        self.exited = [False] * workers
        self.shut = False
        self.steps: list[Step] = []
        self.error: str | None = None

    def enabled(self) -> list[int]:
        """Thread 0 is the producer, 1.. the workers."""
        out = [0] if self.pc < len(self.program) else []
        for w in range(len(self.holding)):
            if self.exited[w]:
                continue
            if self.holding[w] is not None or self.shut or self._len() > 0:
                out.append(w + 1)
        return out

    def _len(self) -> int:
        n = len(self.q)
        return n if isinstance(n, int) else 0

    def step(self, t: int) -> None:
        if t == 0:
            verb, item = self.program[self.pc]
            self.pc += 1
            if verb == "shut_down":
                self.q.shut_down()
                self.shut = True
                self.steps.append(Step("P", "shut_down()"))
            else:
                self.q.add(item)
                self.steps.append(Step("P", f"add({item})"))
            return
        w = t - 1
        name = f"W{t}"
        held = self.holding[w]
        if held is not None:
            self.q.done(held)
            self.holding[w] = None
            self.steps.append(Step(name, f"done({held})"))
            return
        got = self.q.get()
        item, shutdown = got if isinstance(got, tuple) and len(got) == 2 else (got, False)
        if shutdown:
            self.exited[w] = True
            self.steps.append(Step(name, "get()", "shutting down"))
        else:
            self.holding[w] = item
            self.steps.append(Step(name, "get()", str(item)))


def _check(steps: Sequence[Step], stuck: bool) -> tuple[int, str] | None:
    """The first broken promise in a complete run, judged from the trace alone."""
    ready_since: dict[Any, int] = {}  # item -> index of the step that made it ready
    readded: set = set()              # items added while some worker held them
    requeued: set = set()             # ready items that became ready at a done()
    held_by: dict[Any, str] = {}
    pending_adds: dict[Any, int] = {}  # item -> index of an add not yet followed by a get
    shut = False
    for i, s in enumerate(steps):
        if s.call == "shut_down()":
            shut = True
        elif s.call.startswith("add("):
            item = s.call[4:-1]
            if shut:
                continue
            pending_adds.setdefault(item, i)
            if item in held_by:
                readded.add(item)
            elif item not in ready_since:
                ready_since[item] = i
        elif s.call.startswith("done("):
            item = s.call[5:-1]
            held_by.pop(item, None)
            if item in readded:
                readded.discard(item)
                ready_since.setdefault(item, i)
                requeued.add(item)
        elif s.result == "shutting down":
            lost = sorted(map(str, requeued & set(ready_since)))
            if lost:
                return 3, (f"{s.thread} was told 'shutting down' at step {i + 1}, but {lost[0]}, "
                           "re-added while it was processing, was never handed out again")
            if ready_since:
                left = ", ".join(sorted(map(str, ready_since)))
                return 4, f"{s.thread} was told 'shutting down' at step {i + 1} while {left} waited"
        else:
            item = s.result
            if item in held_by:
                return 2, f"{s.thread} got {item} at step {i + 1} while {held_by[item]} held it"
            if item not in ready_since:
                return 2, f"{s.thread} got {item} at step {i + 1} without an add since its last get"
            first = min(ready_since, key=ready_since.__getitem__)
            if first != item:
                return 1, (f"{s.thread} got {item} at step {i + 1}, but {first} had been ready "
                           f"longer")
            del ready_since[item]
            requeued.discard(item)
            pending_adds.pop(item, None)
            held_by[item] = s.thread
    if pending_adds:
        item = min(pending_adds, key=pending_adds.__getitem__)
        return 3, f"the add({item}) at step {pending_adds[item] + 1} was never handed out"
    if stuck:
        return 4, "a worker waits forever: the run ended before every worker heard 'shutting down'"
    return None


def explore(make_queue: Callable[[], Any], program: Sequence[tuple[str, Any]] = DEFAULT_PROGRAM,
            workers: int = 2, keep: int = 3, limit: int = 200_000) -> Exploration:
    """Run every interleaving of the producer ``program`` and ``workers`` workers.

    Keeps the first ``keep`` broken runs (in depth-first order, producer first).
    ``limit`` bounds the number of runs (a guard against a queue that never shuts down).
    """
    result = Exploration()

    def finish(run: _Run) -> None:
        result.runs += 1
        stuck = not all(run.exited)
        bad = _check(run.steps, stuck) if run.error is None else (2, run.error)
        if bad is not None:
            result.broken[bad[0]] = result.broken.get(bad[0], 0) + 1
            if len(result.violations) < keep:
                result.violations.append(Violation(bad[0], bad[1], tuple(run.steps)))

    def replay(schedule: list[int]) -> _Run:
        run = _Run(make_queue, program, workers)
        for t in schedule:
            try:
                run.step(t)
            except Exception as err:  # noqa: BLE001 - a learner's queue may raise
                run.error = f"step {len(run.steps) + 1} raised {type(err).__name__}: {err}"
                break
        return run

    stack: list[list[int]] = [[]]
    while stack and result.runs < limit:
        schedule = stack.pop()
        run = replay(schedule)
        choices = [] if run.error else run.enabled()
        if not choices or len(schedule) > 4 * (len(program) + 8):
            finish(run)
            continue
        for t in reversed(choices):  # depth-first, producer first
            stack.append(schedule + [t])
    return result

"""Exercises of notebook 14 (the ReplicaSet controller): predict, build slowStartBatch, debug.

Predict checks run :mod:`k8slearn.controller` on the exercise's inputs; the
build check runs a learner's ``slow_start_batch`` against ``TestSlowStartBatch``
(pkg/controller/replicaset) and the batch rule; the debug exercise starts from
``kubectl describe`` Events produced by the expectations lab with
expectations switched off.

Upstream: none (course tooling)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import Case, build_exercise, exercise, hashed, whole_number

__all__ = ["check_batches", "check_calls_until_failure", "check_expectation_left",
           "check_deletion_order", "check_build_slow_start", "check_too_many_pods",
           "too_many_pods_events"]

NB = "14_replicaset_controller"


def _ints(answer: Any) -> list[int]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("give a list of whole numbers, for example [1, 2]")
    return [whole_number(x) for x in list(answer)[:100]]


# ---------------------------------------------------------------- 14.1 predict
def _batches(count: int) -> list[int]:
    from k8slearn.controller.replicaset import slow_start_batch

    sizes: list[int] = []
    slow_start_batch(count, 1, lambda: None, on_batch=sizes.append)
    return sizes


@exercise(
    "replicaset.batches",
    "A ReplicaSet needs 13 more pods and every create succeeds. List the batch sizes "
    "slowStartBatch uses, in order.",
    kind="predict", notebook=NB, number="14.1",
    inputs=("needs 13 more pods",),
    reveal=lambda: (f"{_batches(13)}: batches double from 1 (1, 2, 4, ...) and the last one is "
                    "whatever is left."),
)
def check_batches(answer: Any) -> tuple[bool, str]:
    got = _ints(answer)
    want = _batches(13)
    if got == want:
        return True, "sizes double from 1; the last batch takes what remains."
    if sum(got) != 13:
        return False, f"the batches must add up to the 13 pods (yours add up to {sum(got)})."
    return False, "start at 1 and double each time, but never ask for more than remain."


# ---------------------------------------------------------------- 14.2 / 14.3 predict
def _failing_sync() -> tuple[int, int]:
    """Server accepts 6 pod creates, then refuses; RS wants 40.  (calls, add expectation)."""
    from k8slearn.apiserver import APIServer, StatusError
    from k8slearn.clock import FakeClock
    from k8slearn.controller.driver import Driver
    from k8slearn.controller.objects import new_pod, new_replica_set
    from k8slearn.controller.replicaset import ReplicaSetController
    from k8slearn.tools.informers import SharedInformerFactory

    clock = FakeClock(0.0)
    server = APIServer(clock, seed=3)
    server.create(new_pod("other", {"app": "other"}))
    calls = {"n": 0}

    def quota(verb: str, resource: str, obj: Any) -> None:
        if verb == "create" and resource == "pods":
            calls["n"] += 1
            if calls["n"] > 6:
                raise StatusError('pods "web-x" is forbidden: exceeded quota: pods')

    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory)
    driver = Driver(clock, factory, rsc, lag={"pods": 5})
    factory.pump()
    server.reactors.append(quota)
    server.create(new_replica_set("web", 40))
    driver.run_round()
    rec, _ = rsc.expectations.get_expectations("default/web")
    return calls["n"], rec.add


@exercise(
    "replicaset.calls_until_failure",
    "A quota lets the API server accept 6 pod creations and refuse every later one. A new "
    "ReplicaSet wants 40 pods. How many create calls does its first sync make?",
    kind="predict", notebook=NB, number="14.2",
    inputs=("accept 6 pod creations", "wants 40 pods"),
    reveal=lambda: (f"{_failing_sync()[0]} calls: batches 1 and 2 succeed, the batch of 4 has 3 "
                    "successes and 1 failure, and no later batch starts."),
)
def check_calls_until_failure(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    want = _failing_sync()[0]
    if n == want:
        return True, "a batch runs all its calls; the first batch with an error stops the rest."
    if n < want:
        return False, "a batch runs all its calls before errors are looked at: count whole batches."
    if n == 40:
        return False, "slowStartBatch stops after the first batch that has an error."
    return False, "add up the batch sizes 1, 2, 4, ... up to the first batch with a failure."


@exercise(
    "replicaset.expectation_left",
    "Same quota (6 creations, then refusals), same new ReplicaSet of 40. Right after that "
    "first sync, before the informer has delivered any of the new pods, what is the "
    "expectation record's add count?",
    kind="predict", notebook=NB, number="14.3",
    inputs=("before the informer has delivered any of the new pods",),
    reveal=lambda: (f"add = {_failing_sync()[1]}: the sync expected 40 creations, then lowered "
                    "the expectation by diff - successes = 40 - 6 (the failed create of the last "
                    "batch and every create never attempted); the informer will observe the 6 "
                    "pods that exist."),
)
def check_expectation_left(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    want = _failing_sync()[1]
    if n == want:
        return True, ("only the creates that succeeded are still expected; the informer's "
                      "observations will bring it to 0.")
    if n == 40:
        return False, "after a failing batch the controller lowers the expectation for every "\
                      "create that did not happen."
    if n == want + 1:
        return False, "the failed create of the last batch is lowered too (diff - successes)."
    if n == 0:
        return False, "the informer has not delivered the pods yet, so they are still expected."
    return False, "expected creations = successful creates not yet seen by the informer."


# ---------------------------------------------------------------- 14.4 predict
def _order() -> list[str]:
    from k8slearn.api.core import ContainerStatus, PodCondition
    from k8slearn.controller.controller_utils import sort_active_pods
    from k8slearn.controller.objects import new_pod

    now = 1_000_000.0

    def mk(name: str, node: str, phase: str, ready: bool = False, restarts: int = 0) -> Any:
        p = new_pod(name, {"app": "web"}, node_name=node)
        p.status.phase = phase
        if ready:
            p.status.conditions = [PodCondition(type="Ready", status="True",
                                                last_transition_time=now - 86400)]
        p.status.container_statuses = [ContainerStatus(name="app", restart_count=restarts)]
        return p

    pods = [mk("e", "node-1", "Running", ready=True), mk("f", "node-2", "Pending"),
            mk("g", "node-1", "Running", restarts=4), mk("h", "", "Pending"),
            mk("i", "node-3", "Unknown")]
    sort_active_pods(pods)
    return [p.metadata.name for p in pods]


@exercise(
    "replicaset.deletion_order",
    "Scale-down candidates: e Running and Ready (since yesterday) on node-1; f Pending on "
    "node-2; g Running, not ready, 4 restarts, on node-1; h Pending, not scheduled; i phase "
    "Unknown on node-3. List all five in the order the controller prefers to delete them.",
    kind="predict", notebook=NB, number="14.4",
    inputs=("f Pending on node-2", "i phase Unknown on node-3"),
    reveal=lambda: (f"{_order()}: unscheduled first; then Pending < Unknown < Running; then not "
                    "ready before ready."),
)
def check_deletion_order(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("give a list of names, for example ['e', 'f']")
    got = [str(x).strip().lower() for x in list(answer)[:20]]
    want = _order()
    if got == want:
        return True, "unscheduled, then by phase (Pending < Unknown < Running), then not-ready."
    if sorted(got) != sorted(want):
        return False, "list each of the five pods exactly once."
    if got[0] != want[0]:
        return False, "the first rule looks at spec.nodeName: an unscheduled pod costs nothing."
    return False, ("after scheduling, the phase decides (Pending < Unknown < Running), then "
                   "readiness.")


# ---------------------------------------------------------------- 14.5 build
class _Calls:
    """fn for the candidate: fails after ``limit`` successful calls; counts calls."""

    def __init__(self, limit: int) -> None:
        self.limit, self.calls = limit, 0

    def __call__(self) -> None:
        self.calls += 1
        if self.calls > self.limit:
            raise RuntimeError("fake error")


def _run_batch(fn: Any, count: int, initial: int, limit: int) -> tuple[int, str | None, int]:
    calls = _Calls(limit)
    result = fn(count, initial, calls)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(f"slow_start_batch must return (successes, error), not {result!r}")
    successes, err = result
    return successes, (str(err) if err is not None else None), calls.calls


def _bcase(name: str, count: int, initial: int, limit: int, hint: str) -> Case:
    from k8slearn.controller.replicaset import slow_start_batch

    def reference(c: int, i: int, f: Any) -> tuple[int, Any]:
        return slow_start_batch(c, i, f)

    given = (f"slow_start_batch({count}, {initial}, fn) where fn fails after "
             f"{limit} successful calls; (successes, str(error), calls made)")
    return Case(name, given, lambda f: _run_batch(f, count, initial, limit),
                _run_batch(reference, count, initial, limit), hint)


@build_exercise(
    "replicaset.build_slow_start",
    "Write slow_start_batch(count, initial_batch_size, fn) -> (successes, error): call fn() "
    "count times in batches of initial_batch_size, then double the batch each time (never "
    "more than remain); after a batch in which any call raised, stop and return the number of "
    "successful calls and the first error; otherwise (count, None).",
    notebook=NB, number="14.5",
    reveal=("eNplTrsOwjAM/JUbWwhVxQgqn8DAwhxFLrXUupKdDPD1BCJaEJN9D59PafIsLDd0CHOSeISlEMiMLFNthvygvE0s"
            "lX7MDnlE9mPd4DrwSMV1QnuAJkEvVV2oyBOZQ/AxDK8vpDqrfT/ZdsW5WzTu4eVeYM6jmFTWA4ee1WKRGyydsCtB"
            "P4332LyhW3258uUv8jwLNU96V1xW"),
)
def check_build_slow_start() -> list[Case]:
    return [
        _bcase("TestSlowStartBatch: callLimit 10 -> all succeed in 1+2+4+3", 10, 1, 10,
               "batches double from the initial size; the last is what remains."),
        _bcase("TestSlowStartBatch: callLimit 0 -> one call, one error", 10, 1, 0,
               "the first batch fails: stop there and return 0 successes and the error."),
        _bcase("TestSlowStartBatch: callLimit 5 -> 7 calls, the 4th batch never starts",
               10, 1, 5,
               "a batch runs all its calls; after a batch with an error no further batch "
               "starts (1+2+4 = 7 calls, 5 successes)."),
        _bcase("initial batch size 2: batches 2, then 4 (which fails)", 20, 2, 3,
               "the first batch is initial_batch_size, then each batch doubles: 2 + 4 = 6 calls."),
        _bcase("count 0 makes no calls", 0, 1, 100, "nothing to create: no batch at all."),
        _bcase("a failure inside the last batch", 13, 1, 11,
               "count the successes of the failing batch too (1+2+4 = 7, then 4 of 6)."),
    ]


# ---------------------------------------------------------------- 14.6 debug
_EXPECTATIONS = (
    "0df8e44eec9f991c349495fb6f3ba7ed79e787ace9ac495fb4eb6e62e9b4feae",
    "0446c6a76f37c25bb2b38a0925321b9911443d0bcfe7924992946f432a78078e",
    "cae5852fc03061ee736ca7c593d80eb90d91ace148ebb49a947d948db391202e",
)


def too_many_pods_events() -> str:
    """``kubectl describe rs web`` Events from the lab with expectations switched off."""
    from k8slearn.apiserver import APIServer
    from k8slearn.clock import FakeClock
    from k8slearn.controller.describe import describe_events
    from k8slearn.controller.driver import Driver
    from k8slearn.controller.objects import new_pod, new_replica_set
    from k8slearn.controller.replicaset import ReplicaSetController
    from k8slearn.tools.informers import SharedInformerFactory

    clock = FakeClock(0.0)
    server = APIServer(clock, seed=61)
    server.create(new_pod("db-0", {"app": "db"}))
    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory, use_expectations=False,
                               stale_controller_consistency=False)
    driver = Driver(clock, factory, rsc, lag={"pods": 2})
    factory.pump()
    server.create(new_replica_set("web", 3))
    driver.advance(5.0)
    return describe_events(rsc.recorder.events, clock.now() + 40.0)


@exercise(
    "replicaset.too_many_pods",
    "After a busy minute on the API server, `kubectl describe rs web` (spec.replicas 3) shows "
    "the Events below: the controller created pods it then had to delete. Name a mechanism of "
    "the ReplicaSet controller that was switched off in this build and would have stopped the "
    "extra creates.",
    kind="debug", notebook=NB, number="14.6",
    reveal=("eNpNkL1uwzAMhF/ltiRAYbQI0L0IMnRths6MxFhCZcoQ6fy8fRm7bbqSvLuPt7+OHIwsV1Gsd1Ws1VK47f/NNx3e"
            "TsYNpF9ZepxqwxahMRnrEywxwp8QjUNtUbHi2cIvKUZdgSTC9aNiIKGeP3gsOZBiEstldhlrRBa3H9wn+aoelduZ"
            "4307dPjMlupkyLakCl8NepOAtbXc99z89HjzvUsvAvUHJg8Yo5NunIwiCIGCay2Raz25QFO9uPD5nq8z5/JbdPah"
            "Np7DBJEL28ICndpY3LpK4KWA2TTQ1CfzwA7vgvNLt339rUezGku4eaZbYn0wKvzoe/e4+CnmwLYBFa1ItTiXTiE5"
            "/f3d7hsJbJ4k"),
)
def check_too_many_pods(answer: Any) -> tuple[bool, str]:
    words = re.split(r"[^A-Za-z0-9_]+", str(answer))
    if hashed(answer, *_EXPECTATIONS) or any(hashed(w, *_EXPECTATIONS) for w in words if w):
        return True, ("the second sync read a lagging cache; expectations would have made it "
                      "wait for the informer to observe the first 3 pods.")
    text = str(answer).lower()
    if "consisten" in text or "stalecontroller" in text.replace(" ", ""):
        return True, ("the v1.36 consistency store (StaleControllerConsistencyReplicaSet) fails "
                      "a sync until the pod cache has reached the controller's own writes. It "
                      "was off here, and so was the older guard, expectations: a per-key count "
                      "of creations in flight.")
    if "slow" in text or "batch" in text:
        return False, "slow start limits how many creates run at once, not whether a sync runs."
    return False, ("a sync that created pods must not trust a cache that does not show them "
                   "yet. What does the controller record before it calls create?")

"""Checked exercises for notebook 13 (the controller pattern).

The expected answers follow from upstream semantics worked out by hand; the
course tests cross-check them against ``k8slearn.controller``.  Wrong answers
get a hint about the mechanism, never the answer.

Upstream: none (course tooling)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import exercise, whole_number

__all__ = [
    "check_slow_start_batches",
    "check_create_calls_with_limit",
    "check_deletion_order",
    "check_informer_queue",
    "check_conflict_code",
]


def _ints(answer: Any) -> list[int]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("give a list of integers, for example [1, 2]")
    out = []
    for x in answer:
        if isinstance(x, bool) or not isinstance(x, int):
            raise TypeError("every batch size is an integer")
        out.append(x)
    return out


def _int(answer: Any) -> int:
    return whole_number(answer)


@exercise(
    "controller.slow_start_batches",
    "A ReplicaSet needs 20 more pods and every create succeeds. List the batch sizes "
    "slowStartBatch uses, in order.",
)
def check_slow_start_batches(answer: Any) -> tuple[bool, str]:
    got = _ints(answer)
    if got == [1, 2, 4, 8, 5]:
        return True, "each batch doubles, and the last one is cut to what is left."
    if sum(got) != 20:
        return False, "the batches must add up to the 20 pods needed."
    if got[:1] != [1]:
        return False, "SlowStartInitialBatchSize is 1: the first batch is a single create."
    return False, "after a successful batch the next is min(2 x previous, remaining)."


@exercise(
    "controller.create_calls_with_limit",
    "The API server accepts only the first 10 pod creations and rejects every later one. A "
    "new ReplicaSet wants 100 pods. How many create calls does its first sync make?",
)
def check_create_calls_with_limit(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 15:
        return True, "batches 1 + 2 + 4 succeed (7), the batch of 8 has 3 successes and 5 "\
                     "failures, and no further batch starts."
    if n == 10:
        return False, "a batch runs all its calls before looking at errors: count whole batches."
    if n == 100:
        return False, "slowStartBatch stops after the first batch that has an error."
    return False, "add up the batch sizes 1, 2, 4, ... up to and including the first batch "\
                  "that contains a failure."


_DELETION = ["c", "d", "b", "a"]


@exercise(
    "controller.deletion_order",
    "Scale-down candidates: a = Running and Ready on node-1; b = Running, not ready, on "
    "node-1; c = Pending, not scheduled; d = Pending on node-2. List all four in the order "
    "the ReplicaSet controller prefers to delete them.",
)
def check_deletion_order(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise TypeError("give a list of names, for example ['a', 'b', 'c', 'd']")
    got = [str(x).strip().lower() for x in answer]
    if got == _DELETION:
        return True, "unassigned first, then Pending before Running, then not-ready before ready."
    if sorted(got) != sorted(_DELETION):
        return False, "list each of a, b, c, d exactly once."
    if got[0] != "c":
        return False, "the first rule looks at spec.nodeName: an unscheduled pod costs nothing."
    return False, "after scheduling, the phase decides (Pending < Unknown < Running), then "\
                  "readiness."


@exercise(
    "controller.informer_queue",
    "With the default feature gates of Kubernetes v1.36, which client-go queue type sits "
    "between a SharedIndexInformer's reflector and its indexer?",
)
def check_informer_queue(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, str):
        raise TypeError("give the type name as a string")
    got = answer.strip().replace(" ", "").lower()
    if got in ("realfifo", "cache.realfifo"):
        return True, "InOrderInformers went GA in 1.36, and AtomicFIFO (beta) makes a relist "\
                     "one ReplacedAll delta."
    if "delta" in got:
        return False, "that was the queue before 1.33; look at newQueueFIFO in controller.go "\
                      "and the InOrderInformers gate."
    return False, "look at newQueueFIFO in tools/cache/controller.go."


@exercise(
    "controller.conflict_code",
    "Two writers read a ReplicaSet at resourceVersion 7; the first update succeeds. What HTTP "
    "status code does the second writer's update get?",
)
def check_conflict_code(answer: Any) -> tuple[bool, str]:
    n = _int(answer)
    if n == 409:
        return True, "409 Conflict: re-read the object and apply your change again."
    if n in (412, 422, 400):
        return False, "it is not a validation or precondition error: reason Conflict."
    return False, "the reason is Conflict; which 4xx code carries it?"

"""Checked exercises for the workqueue notebooks (10, 11 and 12).

Every check takes the learner's answer and returns a ``Result``.  The expected
values are worked out by hand from the upstream semantics (and cross-checked
against ``k8slearn.workqueue`` in the tests), so a check never needs the queue
itself.  Wrong answers get a hint that points at the mechanism.

Upstream: none (course tooling)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import exercise

__all__ = [
    "check_len_after_sequence",
    "check_where_is_item",
    "check_get_order",
    "check_done_misuse",
    "check_earlier_wins",
    "check_delayed_order",
    "check_lost_on_shutdown",
    "check_exponential_nth",
    "check_maxof_winner",
    "check_bucket_debt",
    "check_default_cap",
    "check_depth_vs_len",
]


def _strings(answer: Any) -> list[str]:
    """A list/tuple of item names, compared case-insensitively."""
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise TypeError("give a list of strings, for example ['a', 'b']")
    return [str(x).strip().lower() for x in answer]


def _number(answer: Any) -> float:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        raise TypeError("give a number (seconds as a float, counts as an int)")
    return float(answer)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# ----------------------------------------------------------------- notebook 10: the basic queue


@exercise(
    "workqueue.len_after_sequence",
    "q = Queue(); add('a'); add('b'); add('a'); get() -> 'a'; add('a'); add('c'). "
    "What is len(q)?",
)
def check_len_after_sequence(answer: Any) -> tuple[bool, str]:
    n = _number(answer)
    if n == 2:
        return True, "b and c wait in the FIFO; 'a' is parked (dirty + processing), not queued."
    if n == 3:
        return False, (
            "re-adding 'a' while a worker holds it only marks it dirty: it is not pushed "
            "until done('a'). len() counts the FIFO only."
        )
    if n == 4:
        return False, "the second add('a') before get() was deduplicated by the dirty set."
    if n == 1:
        return False, "get() took only 'a'; which items did nobody take yet?"
    return False, "replay it: which items sit in the queue slice (not dirty, not processing)?"


_SETS = {"queue", "dirty", "processing"}


@exercise(
    "workqueue.where_is_item",
    "q = Queue(); add('x'); get() -> 'x'; add('x'). Which of the sets "
    "{'queue', 'dirty', 'processing'} contain 'x' now?",
)
def check_where_is_item(answer: Any) -> tuple[bool, str]:
    got = set(_strings(answer))
    if not got <= _SETS:
        return False, f"name the sets among {sorted(_SETS)}."
    if got == {"dirty", "processing"}:
        return True, "'x' is parked: it will be pushed to the tail of the queue by done('x')."
    if "queue" in got:
        return False, (
            "an item that is being processed is never pushed into the queue, "
            "otherwise a second worker could take it (stingy)."
        )
    if got == {"processing"}:
        return False, "the second add() did record something: what marks 'x' for another round?"
    if got == {"dirty"}:
        return False, "get() moved 'x' into processing, and nobody has called done('x') yet."
    return False, "walk through add, get, add with the three sets side by side."


@exercise(
    "workqueue.get_order",
    "q = Queue(); add('a'); add('b'); get() -> 'a'; add('a'); add('c'); done('a'). "
    "Now get() until the queue is empty: in which order do the items come out?",
)
def check_get_order(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    if got == ["b", "c", "a"]:
        return True, "done('a') pushed the parked 'a' to the tail, behind 'c'."
    if sorted(got) != ["a", "b", "c"]:
        return False, "each of a, b and c comes out exactly once: the dirty set deduplicates."
    if got == ["a", "b", "c"] or got == ["b", "a", "c"]:
        return False, (
            "'a' was re-added while processing, so it was parked, not queued; "
            "where does done() put a parked item?"
        )
    return False, "the queue is FIFO: write down the slice after every call."


@exercise(
    "workqueue.done_misuse",
    "q = Queue(); add('c'); done('c')  (done without get!). "
    "How many times does get() hand out 'c' before the queue is empty?",
)
def check_done_misuse(answer: Any) -> tuple[bool, str]:
    n = _number(answer)
    if n == 2:
        return True, "done() saw 'c' in dirty and pushed a second copy: Go behaves the same."
    if n == 1:
        return False, (
            "done() does not check that the item was handed out: it looks at dirty, "
            "and 'c' is dirty because it is queued."
        )
    if n == 0:
        return False, "done() removes the item from processing only; it never removes queued items."
    return False, "look at what done() does when the item is in the dirty set."


# ----------------------------------------------------------------- notebook 11: the delaying queue


@exercise(
    "workqueue.earlier_wins",
    "On a FakeClock at t=0: add_after('x', 5); at t=1: add_after('x', 6); at t=2: "
    "add_after('x', 2). At what clock time does 'x' become ready (seconds)?",
)
def check_earlier_wins(answer: Any) -> tuple[bool, str]:
    t = _number(answer)
    if _close(t, 4.0):
        return True, "ready times 5, 7 and 4 were offered; the earliest (4) wins."
    if _close(t, 7.0):
        return False, "a later ready time never replaces an earlier one: it is discarded."
    if _close(t, 5.0):
        return False, "the third call asks for an earlier time: does it replace the pending entry?"
    if _close(t, 2.0) or _close(t, 6.0):
        return False, "ready time = the clock when add_after is called + the delay."
    return False, "one pending entry per item; a new entry only moves it earlier."


@exercise(
    "workqueue.delayed_order",
    "On a FakeClock at t=0: add_after('foo', 1.0); add_after('bar', 0.5); add('baz'); "
    "add_after('qux', 0). Then step(2). In which order does get() hand them out?",
)
def check_delayed_order(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    if got == ["baz", "qux", "bar", "foo"]:
        return True, "immediate adds first (in call order), then the heap in ready-time order."
    if sorted(got) != ["bar", "baz", "foo", "qux"]:
        return False, "all four items come out exactly once."
    if got[:2] == ["qux", "baz"]:
        return False, (
            "add_after('qux', 0) is a plain add() at call time, and 'baz' was added first."
        )
    if got.index("foo") < got.index("bar"):
        return False, "the heap releases items by ready time, not by insertion order."
    return False, "add_after with a delay <= 0 adds immediately; the rest wait in the heap."


@exercise(
    "workqueue.lost_on_shutdown",
    "FakeClock at t=0: add_after('a', 5); add('b'); add_after('c', 0); shut_down(); "
    "step(10). How many items does get() hand out before it reports shutdown?",
)
def check_lost_on_shutdown(answer: Any) -> tuple[bool, str]:
    n = _number(answer)
    if n == 2:
        return True, "'b' and 'c' were already queued; the delayed 'a' is dropped by shutdown."
    if n == 3:
        return False, "entries still waiting in the heap are dropped when the queue shuts down."
    if n == 0 or n == 1:
        return False, (
            "shutdown does not drop the FIFO: get() keeps handing out queued items first, "
            "and add_after(x, 0) queued 'c' immediately."
        )
    return False, "which of the three items were in the FIFO when shut_down() ran?"


# ----------------------------------------------------------------- notebook 12: rate limiting


@exercise(
    "workqueue.exponential_nth",
    "ItemExponentialFailureRateLimiter(base=0.005, max=1000): what does when(item) "
    "return (seconds) on the 12th consecutive failure?",
)
def check_exponential_nth(answer: Any) -> tuple[bool, str]:
    t = _number(answer)
    if _close(t, 10.24):
        return True, "0.005 * 2**11 = 10.24 s: the n-th call returns base * 2**(n-1)."
    if _close(t, 20.48):
        return False, "off by one: the first call returns base itself (2**0)."
    if _close(t, 1000.0):
        return False, "the cap is reached much later (at the 19th failure)."
    return False, "the n-th call since forget() returns min(max, base * 2**(n-1))."


_WINNERS = ["fastslow"] * 4 + ["exponential"] + ["fastslow"] * 5 + ["exponential"] * 2
_ALIASES = {
    "fastslow": "fastslow", "fast-slow": "fastslow", "fast_slow": "fastslow", "fs": "fastslow",
    "exponential": "exponential", "exp": "exponential", "expo": "exponential",
}


@exercise(
    "workqueue.maxof_winner",
    "MaxOfRateLimiter(ItemFastSlowRateLimiter(0.01, 1.0, 5), "
    "ItemExponentialFailureRateLimiter(0.001, 60)): for failures n = 1..12 of one item, "
    "which limiter's answer wins? Give a list of 12 names, 'fastslow' or 'exponential'.",
)
def check_maxof_winner(answer: Any) -> tuple[bool, str]:
    raw = _strings(answer)
    unknown = sorted({x for x in raw if x not in _ALIASES})
    if unknown:
        return False, f"use 'fastslow' or 'exponential' (not {unknown})."
    got = [_ALIASES[x] for x in raw]
    if len(got) != 12:
        return False, f"give one winner per failure, 12 in all (you gave {len(got)})."
    if got == _WINNERS:
        return True, "exponential wins at n=5 (16ms > 10ms) and from n=11 (1.024s > 1s)."
    wrong = [i + 1 for i, (g, w) in enumerate(zip(got, _WINNERS, strict=True)) if g != w]
    return False, (
        f"check failure(s) {wrong}: fast-slow gives 10ms up to 5 failures then 1s; "
        "exponential gives 1ms * 2**(n-1)."
    )


@exercise(
    "workqueue.bucket_debt",
    "BucketRateLimiter(qps=2, burst=3) on a FakeClock at t=0: call when() 5 times, "
    "step(1.0), call when() once more. Give the 6 delays (seconds) as a list.",
)
def check_bucket_debt(answer: Any) -> tuple[bool, str]:
    got = [_number(x) for x in answer]
    want = [0.0, 0.0, 0.0, 0.5, 1.0, 0.5]
    if len(got) != 6:
        return False, f"give six delays (you gave {len(got)})."
    if all(_close(a, b) for a, b in zip(got, want, strict=True)):
        return True, "after 5 calls the bucket owes 2 tokens; 1 s refills 2, the 6th owes 1 again."
    if all(_close(a, b) for a, b in zip(got[:5], want[:5], strict=True)):
        return False, (
            "the first five are right. The bucket was at -2 tokens; how many does 1 s refill "
            "at 2 qps, and what does one more reservation cost?"
        )
    if got[:3] != [0.0, 0.0, 0.0]:
        return False, "the bucket starts full: the first `burst` calls are free."
    return False, "each call beyond the tokens on hand waits (debt) / qps seconds."


@exercise(
    "workqueue.default_cap",
    "With default_controller_rate_limiter() and one item failing again and again (the "
    "bucket never runs dry), on which failure number n does when() first return 1000 s?",
)
def check_default_cap(answer: Any) -> tuple[bool, str]:
    n = _number(answer)
    if n == 19:
        return True, "0.005 * 2**18 = 1310.72 s > 1000 s: call 19 is capped (call 18: 655.36 s)."
    if n == 18:
        return False, "the 18th failure gives 0.005 * 2**17 = 655.36 s: not capped yet."
    if n == 20:
        return False, "remember the first failure returns the base itself (5 ms)."
    return False, "find the first n with 0.005 * 2**(n-1) > 1000."


@exercise(
    "workqueue.depth_vs_len",
    "A named queue with metrics: add('a'); get() -> 'a'; add('a'); add('b'). "
    "Give (len(q), workqueue_depth) as a tuple.",
)
def check_depth_vs_len(answer: Any) -> tuple[bool, str]:
    length, depth = (_number(x) for x in answer)
    if (length, depth) == (1, 2):
        return True, "depth counts the parked 'a' (it became dirty); len() counts only the FIFO."
    if length != 1:
        return False, "len() is the FIFO only: the parked 'a' is not in it."
    return False, "depth goes up each time an item becomes dirty, and down only on get()."

"""Exercises of notebook 12 (rate limiting): predict, build the exponential limiter, debug.

Predict checks run the limiters of :mod:`k8slearn.workqueue` on the exercise's
inputs; the build check runs a learner's limiter class against cases ported
from client-go's ``default_rate_limiters_test.go``.

Upstream: none (course tooling)
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import Case, build_exercise, exercise, hashed, number, whole_number

__all__ = ["check_exponential_nth", "check_maxof_winner", "check_bucket_delays",
           "check_first_capped", "check_depth_vs_len", "check_build_exponential",
           "check_no_forget", "no_forget_symptom"]

NB = "12_workqueue_rate_limiting"


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# ---------------------------------------------------------------- 12.1 predict
def _nth() -> float:
    from k8slearn.workqueue import ItemExponentialFailureRateLimiter

    r = ItemExponentialFailureRateLimiter(0.002, 30.0)
    return [r.when("job") for _ in range(9)][-1]


@exercise(
    "ratelimiting.exponential_nth",
    "ItemExponentialFailureRateLimiter(base=0.002, max=30): what does when('job') return "
    "(seconds) on the 9th consecutive failure?",
    kind="predict", notebook=NB, number="12.1",
    inputs=("ItemExponentialFailureRateLimiter(0.002, 30", "base=0.002, max=30"),
    reveal=lambda: (f"{_nth():g} s: the n-th call since forget returns base * 2**(n-1), "
                    "so the 9th is 0.002 * 2**8."),
)
def check_exponential_nth(answer: Any) -> tuple[bool, str]:
    t = number(answer)
    want = _nth()
    if _close(t, want):
        return True, "the n-th call returns base * 2**(n-1): the first call returns the base."
    if _close(t, 2 * want):
        return False, "off by one: the first call returns base itself (2**0), not 2 * base."
    if _close(t, want / 2):
        return False, "count again: this is the 8th call's delay."
    return False, "the n-th call since forget() returns min(max, base * 2**(n-1))."


# ---------------------------------------------------------------- 12.2 predict
_ALIASES = {"fastslow": "fastslow", "fast-slow": "fastslow", "fast_slow": "fastslow",
            "fs": "fastslow", "exponential": "exponential", "exp": "exponential"}


def _winners() -> list[str]:
    from k8slearn.workqueue import ItemExponentialFailureRateLimiter, ItemFastSlowRateLimiter

    fs, ex = ItemFastSlowRateLimiter(0.02, 2.0, 4), ItemExponentialFailureRateLimiter(0.004, 60)
    out = []
    for _ in range(10):
        a, b = fs.when("w"), ex.when("w")
        out.append("fastslow" if a >= b else "exponential")
    return out


@exercise(
    "ratelimiting.maxof_winner",
    "MaxOfRateLimiter(ItemFastSlowRateLimiter(0.02, 2.0, 4), "
    "ItemExponentialFailureRateLimiter(0.004, 60)): for failures n = 1..10 of one item, which "
    "limiter's answer is the larger (ties count for 'fastslow')? A list of 10 names.",
    kind="predict", notebook=NB, number="12.2",
    inputs=("ItemFastSlowRateLimiter(0.02, 2.0, 4)",
            "ItemExponentialFailureRateLimiter(0.004, 60)"),
    reveal=lambda: (f"{_winners()}: fast-slow gives 20 ms for 4 failures, then 2 s; exponential "
                    "gives 4, 8, 16, 32, 64 ms ... 2.048 s at n=10."),
)
def check_maxof_winner(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("give a list of names, 'fastslow' or 'exponential'")
    raw = [str(x).strip().lower() for x in answer][:50]
    unknown = sorted({x for x in raw if x not in _ALIASES})
    if unknown:
        return False, f"use 'fastslow' or 'exponential' (not {unknown})."
    got = [_ALIASES[x] for x in raw]
    want = _winners()
    if len(got) != len(want):
        return False, f"give one name per failure, {len(want)} in all (you gave {len(got)})."
    if got == want:
        return True, "MaxOf asks both limiters every time and takes the larger delay."
    wrong = [i + 1 for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w]
    return False, (f"check failure(s) {wrong}: fast-slow gives 20 ms up to 4 failures, then 2 s; "
                   "exponential gives 4 ms * 2**(n-1).")


# ---------------------------------------------------------------- 12.3 predict
def _bucket() -> list[float]:
    from k8slearn.clock import FakeClock
    from k8slearn.workqueue import BucketRateLimiter

    clock = FakeClock(0.0)
    b = BucketRateLimiter(4, 2, clock)
    out = [b.when(f"i{k}") for k in range(4)]
    clock.step(0.5)
    out.append(b.when("i4"))
    return out


@exercise(
    "ratelimiting.bucket_delays",
    "BucketRateLimiter(qps=4, burst=2) on a FakeClock at t=0: call when() for 4 different "
    "items, step(0.5), then call when() once more. Give the 5 delays (seconds) as a list.",
    kind="predict", notebook=NB, number="12.3",
    inputs=("BucketRateLimiter(qps=4, burst=2)", "BucketRateLimiter(4, 2"),
    reveal=lambda: (f"{_bucket()}: the bucket starts with 2 tokens; calls 3 and 4 borrow "
                    "(debt 1 and 2 tokens, 0.25 s each at 4 qps); 0.5 s refills 2 tokens, "
                    "which pays the debt, so the 5th call owes 1 token again."),
)
def check_bucket_delays(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("give a list of 5 numbers")
    got = [number(x) for x in list(answer)[:20]]
    want = _bucket()
    if len(got) != len(want):
        return False, f"give {len(want)} delays (you gave {len(got)})."
    if all(_close(a, b) for a, b in zip(got, want, strict=True)):
        return True, "burst tokens are free, then each reservation waits debt / qps; time repays."
    if not all(_close(a, b) for a, b in zip(got[:2], want[:2], strict=True)):
        return False, "the bucket starts full: the first `burst` calls wait 0."
    if all(_close(a, b) for a, b in zip(got[:4], want[:4], strict=True)):
        return False, ("the first four are right. How many tokens does 0.5 s refill at 4 qps, "
                       "and how much debt was there?")
    return False, "each call beyond the tokens on hand waits (tokens owed) / qps seconds."


# ---------------------------------------------------------------- 12.4 predict
def _first_capped() -> int:
    from k8slearn.workqueue import ItemExponentialFailureRateLimiter

    r = ItemExponentialFailureRateLimiter(0.01, 300.0)
    n = 1
    while r.when("x") < 300.0:
        n += 1
    return n


@exercise(
    "ratelimiting.first_capped",
    "ItemExponentialFailureRateLimiter(0.01, 300), one item failing again and again: on which "
    "failure number n does when() first return the 300 s cap?",
    kind="predict", notebook=NB, number="12.4",
    inputs=("ItemExponentialFailureRateLimiter(0.01, 300)",),
    reveal=lambda: (f"n = {_first_capped()}: the first n with 0.01 * 2**(n-1) >= 300 "
                    "(2**14 = 16384 is too small, 2**15 = 32768 is enough)."),
)
def check_first_capped(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer)
    want = _first_capped()
    if n == want:
        return True, "the delay doubles from 10 ms and passes 300 s there, so the cap applies."
    if n == want - 1:
        return False, "that failure gives 0.01 * 2**(n-1), which is still under 300 s."
    if n == want + 1:
        return False, "remember the first failure returns the base itself (10 ms)."
    return False, "find the first n with 0.01 * 2**(n-1) >= 300."


# ---------------------------------------------------------------- 12.5 predict
def _depth_len() -> tuple[int, int]:
    from k8slearn.clock import FakeClock
    from k8slearn.workqueue import InMemoryMetricsProvider, Queue

    clock, p = FakeClock(0.0), InMemoryMetricsProvider()
    q = Queue("ex", clock, p)
    for op, item in [("add", "s"), ("add", "t"), ("get", None), ("get", None), ("add", "s"),
                     ("add", "t"), ("add", "w")]:
        q.get() if op == "get" else q.add(item)
    out = (len(q), int(p.value("ex", "workqueue_depth")))
    q.shut_down()
    return out


@exercise(
    "ratelimiting.depth_vs_len",
    "A named queue with metrics: add('s'); add('t'); get() -> 's'; get() -> 't'; add('s'); "
    "add('t'); add('w'). Give (len(q), workqueue_depth) as a tuple.",
    kind="predict", notebook=NB, number="12.5",
    inputs=("add('s'); add('t'); get()", "add('t'); add('w')"),
    reveal=lambda: (f"{_depth_len()}: len() counts the FIFO (only w); depth goes up whenever an "
                    "item becomes dirty, parked s and t included, and down only on get()."),
)
def check_depth_vs_len(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("give a tuple (len, depth)")
    vals = list(answer)
    if len(vals) != 2:
        raise TypeError("give two numbers: (len(q), workqueue_depth)")
    length, depth = whole_number(vals[0]), whole_number(vals[1])
    want = _depth_len()
    if (length, depth) == want:
        return True, "depth counts the parked items; len() counts only the FIFO."
    if length != want[0]:
        return False, "len() is the FIFO only: parked items are not in it."
    return False, "depth goes up each time an item becomes dirty (parked too), down only on get()."


# ---------------------------------------------------------------- 12.6 build
def _secs(value: Any) -> Any:
    """A delay rounded to the nanosecond; anything that is not a number is shown as it came."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return round(float(value), 9)
    return value


def _seq(Limiter: type, base: float, cap: float, script: list[tuple[str, str, int]]) -> list:
    """Run ``script`` of (op, item, times) and collect what when/num_requeues returned."""
    r, out = Limiter(base, cap), []
    for op, item, times in script:
        for _ in range(times):
            if op == "when":
                out.append(_secs(r.when(item)))
            elif op == "num_requeues":
                out.append(r.num_requeues(item))
            else:
                r.forget(item)
    return out


def _last(Limiter: type, base: float, cap: float, calls: int) -> float:
    r = Limiter(base, cap)
    for _ in range(calls - 1):
        r.when("one")
    return _secs(r.when("one"))


def _ecase(name: str, given: str, run: Any, hint: str) -> Case:
    from k8slearn.workqueue import ItemExponentialFailureRateLimiter as Ref

    return Case(name, given, run, run(Ref), hint)


@build_exercise(
    "ratelimiting.build_exponential",
    "Write class Limiter(base, max_delay) with when(item) -> seconds, num_requeues(item) and "
    "forget(item): the n-th failure of an item since forget returns base * 2**(n-1), capped at "
    "max_delay, and a delay too large to compute must give max_delay, not an error.",
    notebook=NB, number="12.6",
    reveal=("eNptj8FugzAQRH9ljoa6iPQIam499dBPiBZYE6tgu2s7JH8fB7XKpbfRzozm7SdzAGGyY4JNvOL1CEN2"
            "ycKxwXZmp6oOfA14f95nTuoR1mirHjF54T3ygkOP0a8hJ8ZAkVHjra6LpTHkhDmTTGWmgzV7wUYsJDND"
            "RbrhiEPbthW8IJ0ZZvGU4C8sRW0R6utXfoh40bDOVBrCKYvDStfTxAvdevhSls2W9T/POjXQ+O2N0c9g"
            "1cDl9ST8kzlz7P5/r4HxBbAgBx92rIfT3AER1WnQ"),
)
def check_build_exponential() -> list[Case]:
    return [
        _ecase("TestItemExponentialFailureRateLimiter: 1, 2, 4, 8, 16 ms",
               "Limiter(0.001, 1.0); when('one') x5; num_requeues('one')",
               lambda L: _seq(L, 0.001, 1.0, [("when", "one", 5), ("num_requeues", "one", 1)]),
               "the first failure returns the base itself; each later one doubles."),
        _ecase("TestItemExponentialFailureRateLimiter: items are counted apart",
               "Limiter(0.001, 1.0); when('one') x3; when('two') x2; num_requeues('two')",
               lambda L: _seq(L, 0.001, 1.0, [("when", "one", 3), ("when", "two", 2),
                                              ("num_requeues", "two", 1)]),
               "keep one failure count per item."),
        _ecase("TestItemExponentialFailureRateLimiter: forget resets the item",
               "Limiter(0.001, 1.0); when('one') x5; forget('one'); num_requeues('one'); "
               "when('one')",
               lambda L: _seq(L, 0.001, 1.0, [("when", "one", 5), ("forget", "one", 1),
                                              ("num_requeues", "one", 1), ("when", "one", 1)]),
               "forget deletes the item's count: the next failure starts at the base again."),
        _ecase("TestItemExponentialFailureRateLimiterOverFlow: the 6th call gives 32 ms",
               "Limiter(0.001, 1000.0); when('one') x6, the last result",
               lambda L: _last(L, 0.001, 1000.0, 6),
               "0.001 * 2**5 = 0.032."),
        _ecase("TestItemExponentialFailureRateLimiterOverFlow: the cap after 1001 calls",
               "Limiter(0.001, 1000.0); when('one') x1001, the last result",
               lambda L: _last(L, 0.001, 1000.0, 1001),
               "the delay never exceeds max_delay."),
        _ecase("TestItemExponentialFailureRateLimiterOverFlow: minutes and hours",
               "Limiter(60.0, 3_600_000.0); when('one') x3, the last result",
               lambda L: _last(L, 60.0, 3_600_000.0, 3),
               "1 min * 2**2 = 4 min = 240 s."),
        _ecase("overflow guard: 2000 failures still give the cap",
               "Limiter(0.005, 1000.0); when('one') x2000, the last result",
               lambda L: _last(L, 0.005, 1000.0, 2000),
               "base * 2**1999 does not fit in a float (Python raises OverflowError; Go "
               "checks against MaxInt64): guard the computation and return max_delay."),
    ]


# ---------------------------------------------------------------- 12.7 debug
_FORGET = ("7b710218e16b91965d9b30d3f1fc7f79f9b7325acc1d73c090796eb26389ba30",)


def _stamp(t: float) -> str:
    h, rest = divmod(t, 3600)
    m, sec = divmod(rest, 60)
    return f"I1207 {10 + int(h):02d}:{int(m):02d}:{sec:09.6f}"


def no_forget_symptom() -> str:
    """klog lines of a worker that never calls forget (times from the model's limiter)."""
    from k8slearn.clock import FakeClock
    from k8slearn.workqueue import RateLimitingQueue, default_controller_rate_limiter

    clock = FakeClock(0.0)
    q = RateLimitingQueue(default_controller_rate_limiter(clock), clock)
    lines = []
    for hour in range(12):
        clock.set_time(3600.0 * hour)
        q.add("default/web")
        key, _ = q.get()
        lines.append("E" + _stamp(clock.now())[1:] + "       1 controller.go:236] "
                      '"Error syncing; requeuing for later retry" err="upstream timeout" '
                      'objectReference="default/web"')
        q.add_rate_limited(key)
        q.done(key)
        clock.set_time(q.waiting()[0].ready_at)
        key, _ = q.get()
        lines.append(_stamp(clock.now()) + '       1 controller.go:229] "Successfully synced" '
                     'objectName="default/web"')
        q.done(key)
    q.shut_down()
    return "\n".join(lines[:4] + ["... (the same pair every hour) ..."] + lines[-4:])


@exercise(
    "ratelimiting.no_forget",
    "Every hour the first sync of default/web fails and the retry succeeds, yet the wait "
    "before the retry doubles every hour (5 ms, 10 ms, ... 10.24 s in the 12th hour), as if "
    "the old failures still counted. Which queue call is the worker missing after a success?",
    kind="debug", notebook=NB, number="12.7",
    reveal=("eNo1j0FuhDAMRa/ylzPSlAO024oT9AKe4ECEiWmcNMPtm0C7seQvvfftUdPMecDXwtg5vYXMG/i1a+SY"
            "AwkkbC1LcFpiNngKUhIb2hYE44nDCVMy5IW3jz5RNa0dIhHDZ5OBfLcQrDjHZniWjMg/LbscD5ie6FmE"
            "lXk3zElriDPIJW3MH9vaKU7o8NEc9f8oPMmtBvUePumGunALu1PIMvoVlnXfeRowhtc7vgsXHq7+28rH"
            "vSPxJOyI7urjyXC7XjBUFnmApNJh9+EXVI1zGw=="),
)
def check_no_forget(answer: Any) -> tuple[bool, str]:
    words = re.split(r"[^A-Za-z0-9_]+", str(answer))
    if any(hashed(w, *_FORGET) for w in words if w):
        return True, ("without forget the failure count survives the successes, so the next "
                      "failure backs off from the old count.")
    text = str(answer).lower()
    if "done" in text:
        return False, ("done tells the queue the worker is finished with the key; it does not "
                       "touch the rate limiter's failure count.")
    if "bucket" in text:
        return False, "the bucket is shared by all keys and refills over hours: not that."
    return False, "which call clears the rate limiter's memory of a key?"

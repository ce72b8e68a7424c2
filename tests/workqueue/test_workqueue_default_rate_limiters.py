"""Ports of client-go util/workqueue/default_rate_limiters_test.go @ v0.36.3, plus the bucket."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k8slearn.clock import FakeClock
from k8slearn.workqueue import (
    BucketRateLimiter,
    ItemExponentialFailureRateLimiter,
    ItemFastSlowRateLimiter,
    MaxOfRateLimiter,
    WithMaxWaitRateLimiter,
    default_controller_rate_limiter,
    default_item_based_rate_limiter,
)
from k8slearn.workqueue.rate import INF, INF_DURATION, Limiter

MS = 0.001
MINUTE = 60.0
HOUR = 3600.0


def test_item_exponential_failure_rate_limiter():
    """TestItemExponentialFailureRateLimiter."""
    limiter = ItemExponentialFailureRateLimiter(1 * MS, 1.0)
    assert [limiter.when("one") for _ in range(5)] == [1 * MS, 2 * MS, 4 * MS, 8 * MS, 16 * MS]
    assert limiter.num_requeues("one") == 5
    assert [limiter.when("two") for _ in range(2)] == [1 * MS, 2 * MS]
    assert limiter.num_requeues("two") == 2
    limiter.forget("one")
    assert limiter.num_requeues("one") == 0
    assert limiter.when("one") == 1 * MS


def test_item_exponential_failure_rate_limiter_overflow():
    """TestItemExponentialFailureRateLimiterOverFlow."""
    limiter = ItemExponentialFailureRateLimiter(1 * MS, 1000.0)
    for _ in range(5):
        limiter.when("one")
    assert limiter.when("one") == 32 * MS
    for _ in range(1000):
        limiter.when("overflow1")
    assert limiter.when("overflow1") == 1000.0

    limiter = ItemExponentialFailureRateLimiter(1 * MINUTE, 1000 * HOUR)
    for _ in range(2):
        limiter.when("two")
    assert limiter.when("two") == 4 * MINUTE
    for _ in range(1000):
        limiter.when("overflow2")
    assert limiter.when("overflow2") == 1000 * HOUR


def test_item_fast_slow_rate_limiter():
    """TestItemFastSlowRateLimiter."""
    limiter = ItemFastSlowRateLimiter(5 * MS, 10.0, 3)
    assert [limiter.when("one") for _ in range(5)] == [5 * MS, 5 * MS, 5 * MS, 10.0, 10.0]
    assert limiter.num_requeues("one") == 5
    assert [limiter.when("two") for _ in range(2)] == [5 * MS, 5 * MS]
    assert limiter.num_requeues("two") == 2
    limiter.forget("one")
    assert limiter.num_requeues("one") == 0
    assert limiter.when("one") == 5 * MS


def test_max_of_rate_limiter():
    """TestMaxOfRateLimiter."""
    limiter = MaxOfRateLimiter(
        ItemFastSlowRateLimiter(5 * MS, 3.0, 3),
        ItemExponentialFailureRateLimiter(1 * MS, 1.0),
    )
    assert [limiter.when("one") for _ in range(5)] == [5 * MS, 5 * MS, 5 * MS, 3.0, 3.0]
    assert limiter.num_requeues("one") == 5
    assert [limiter.when("two") for _ in range(2)] == [5 * MS, 5 * MS]
    assert limiter.num_requeues("two") == 2
    limiter.forget("one")
    assert limiter.num_requeues("one") == 0
    assert limiter.when("one") == 5 * MS


class StepRateLimiter:
    """The test-only StepRateLimiter: one global counter; base up to the threshold, then max."""

    def __init__(self, base_delay: float, max_delay: float, threshold: int) -> None:
        self.count = 0
        self.base_delay, self.max_delay, self.threshold = base_delay, max_delay, threshold

    def when(self, item) -> float:
        self.count += 1
        return self.base_delay if self.count <= self.threshold else self.max_delay

    def num_requeues(self, item) -> int:
        return 0

    def forget(self, item) -> None:
        pass


def test_with_max_wait_rate_limiter():
    """TestWithMaxWaitRateLimiter."""
    limiter = WithMaxWaitRateLimiter(StepRateLimiter(5 * MS, 1000.0, 100), 500.0)
    assert [limiter.when(i) for i in range(100)] == [5 * MS] * 100
    assert [limiter.when(i) for i in range(100, 200)] == [500.0] * 100


# --------------------------------------------------------------------------- beyond upstream


def test_exponential_sequence_of_the_default_controller_limiter():
    r = ItemExponentialFailureRateLimiter(0.005, 1000.0)
    delays = [r.when("k") for _ in range(20)]
    assert delays[0] == 0.005 and delays[8] == 1.28
    assert delays[17] == 655.36  # call 18
    assert delays[18] == delays[19] == 1000.0  # the cap from call 19 on


def test_exponential_huge_exponent_hits_the_cap():
    r = ItemExponentialFailureRateLimiter(1e-9, 3600.0)
    assert [r.when("k") for _ in range(2000)][-1] == 3600.0


def test_fast_slow_zero_fast_attempts_is_always_slow():
    r = ItemFastSlowRateLimiter(0.005, 10.0, 0)
    assert [r.when("k") for _ in range(3)] == [10.0, 10.0, 10.0]


def test_bucket_goes_into_debt():
    clock = FakeClock()
    r = BucketRateLimiter(10, 100, clock)
    delays = [r.when(f"item{i}") for i in range(103)]
    assert delays[:100] == [0.0] * 100
    assert delays[100:] == [0.1, 0.2, 0.3]
    assert r.num_requeues("item0") == 0
    r.forget("item0")  # no-op
    clock.step(0.3)  # three tokens refilled: the debt of 3 is paid
    assert r.when("x") == 0.1
    assert r.limiter.tokens_at() == pytest.approx(-1.0)


def test_bucket_refills_up_to_burst_only():
    clock = FakeClock(5.0)
    r = BucketRateLimiter(1, 2, clock)
    assert [r.when(i) for i in range(3)] == [0.0, 0.0, 1.0]
    clock.step(100.0)
    assert r.limiter.tokens_at() == 2.0
    assert [r.when(i) for i in range(3)] == [0.0, 0.0, 1.0]


def test_bucket_zero_burst_refuses_and_inf_limit_allows():
    clock = FakeClock()
    assert BucketRateLimiter(10, 0, clock).when("x") == INF_DURATION
    unlimited = BucketRateLimiter(INF, 0, clock)
    assert [unlimited.when(i) for i in range(5)] == [0.0] * 5


def test_limiter_delay_is_measured_when_asked():
    clock = FakeClock()
    lim = Limiter(10, 1, clock)
    lim.reserve()
    r = lim.reserve()
    assert r.ok and r.delay() == 0.1
    clock.step(0.04)
    assert r.delay() == pytest.approx(0.06)
    clock.step(1.0)
    assert r.delay() == 0.0


def test_default_controller_rate_limiter():
    """Distinct items: 5 ms each up to the burst, then bucket debt; one item: exponential."""
    clock = FakeClock()
    r = default_controller_rate_limiter(clock)
    delays = [r.when(f"item{i}") for i in range(103)]
    assert delays[:100] == [0.005] * 100
    assert delays[100:] == [0.1, 0.2, 0.3]

    r = default_controller_rate_limiter(FakeClock())
    assert [r.when("one") for _ in range(3)] == [0.005, 0.01, 0.02]
    assert r.num_requeues("one") == 3
    r.forget("one")
    assert r.num_requeues("one") == 0
    assert r.when("one") == 0.005


def test_default_controller_rate_limiter_reaches_cap_on_19th_failure():
    r = default_controller_rate_limiter(FakeClock())
    delays = [r.when("k") for _ in range(19)]
    assert delays[17] == 655.36 and delays[18] == 1000.0


def test_default_item_based_rate_limiter_uses_1ms_base():
    r = default_item_based_rate_limiter()
    delays = [r.when("k") for _ in range(21)]
    assert delays[0] == 0.001 and delays[19] == 524.288 and delays[20] == 1000.0


def test_max_of_calls_every_child():
    bucket = BucketRateLimiter(1, 1, FakeClock())
    exp = ItemExponentialFailureRateLimiter(0.001, 1.0)
    r = MaxOfRateLimiter(exp, bucket)
    assert r.when("a") == 0.001
    assert r.when("b") == 1.0  # the bucket spent its only token on "a"
    assert exp.num_requeues("a") == exp.num_requeues("b") == 1


def test_reprs():
    assert repr(default_item_based_rate_limiter()) == (
        "ItemExponentialFailureRateLimiter(base_delay=0.001, max_delay=1000.0)")
    assert repr(default_controller_rate_limiter(FakeClock())) == (
        "MaxOfRateLimiter(ItemExponentialFailureRateLimiter(base_delay=0.005, max_delay=1000.0),"
        " BucketRateLimiter(qps=10, burst=100))")


@given(base_ms=st.integers(1, 5000), max_s=st.integers(1, 10_000), calls=st.integers(1, 80))
def test_exponential_matches_integer_formula(base_ms, max_s, calls):
    r = ItemExponentialFailureRateLimiter(base_ms / 1000, float(max_s))
    got = [r.when("k") for _ in range(calls)]
    want = [min(max_s * 10**9, base_ms * 10**6 * 2**n) / 1e9 for n in range(calls)]
    assert got == want
    assert r.num_requeues("k") == calls


@given(qps=st.integers(1, 50), burst=st.integers(1, 20), calls=st.integers(1, 60))
def test_bucket_back_to_back_debt(qps, burst, calls):
    r = BucketRateLimiter(qps, burst, FakeClock(1000.0))
    got = [r.when(i) for i in range(calls)]
    want = [0.0 if k < burst else int((k - burst + 1) / qps * 1e9) / 1e9 for k in range(calls)]
    assert got == want

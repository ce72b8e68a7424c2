"""default_rate_limiters.py cases the mutation run showed untested (#17 item 7)."""

from __future__ import annotations

from k8slearn.workqueue.default_rate_limiters import (
    ItemExponentialFailureRateLimiter,
    ItemFastSlowRateLimiter,
    WithMaxWaitRateLimiter,
)


def test_exponential_cap_is_exact():
    # a base 1 ns above the cap is capped to the cap itself
    r = ItemExponentialFailureRateLimiter(1.000000001, 1.0)
    assert r.when("x") == 1.0
    r = ItemExponentialFailureRateLimiter(0.005, 1000.0)
    assert [r.when("y") for _ in range(20)][-3:] == [655.36, 1000.0, 1000.0]


def test_fast_slow_forget_of_an_unknown_item_is_fine():
    r = ItemFastSlowRateLimiter(0.001, 1.0, 2)
    r.forget("never-seen")
    assert r.num_requeues("never-seen") == 0


def test_with_max_wait_asks_the_inner_limiter_about_the_same_item():
    r = WithMaxWaitRateLimiter(ItemExponentialFailureRateLimiter(0.001, 10.0), 1.0)
    assert r.when("a") == 0.001
    assert r.when("a") == 0.002
    assert r.when("b") == 0.001  # b's own first failure

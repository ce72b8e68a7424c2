"""Answers that pass the checks in notebooks/12_workqueue_rate_limiting.ipynb."""

import math


class Limiter:
    """A reference answer to 12.6: ItemExponentialFailureRateLimiter in seconds."""

    def __init__(self, base, max_delay):
        self.base, self.max_delay, self.failures = base, max_delay, {}

    def when(self, item):
        exp = self.failures.get(item, 0)
        self.failures[item] = exp + 1
        try:
            backoff = self.base * 2.0 ** exp
        except OverflowError:
            return self.max_delay
        if math.isinf(backoff) or backoff > self.max_delay:
            return self.max_delay
        return backoff

    def num_requeues(self, item):
        return self.failures.get(item, 0)

    def forget(self, item):
        self.failures.pop(item, None)


ANSWERS = {
    "ratelimiting.exponential_nth": 0.512,
    "ratelimiting.maxof_winner": ["fastslow"] * 3 + ["exponential"] + ["fastslow"] * 5
    + ["exponential"],
    "ratelimiting.bucket_delays": [0.0, 0.0, 0.25, 0.5, 0.25],
    "ratelimiting.first_capped": 16,
    "ratelimiting.depth_vs_len": (1, 3),
    "ratelimiting.build_exponential": Limiter,
    "ratelimiting.no_forget": "Forget",
}

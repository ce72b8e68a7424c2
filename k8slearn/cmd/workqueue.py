"""``k8slearn workqueue backoff``: print the retry delays of client-go's rate limiters.

Each line is one failure of the same item: the n-th call to ``when(item)``.
``--limiter exponential`` (default) is ``ItemExponentialFailureRateLimiter(base, max)``;
``--limiter controller`` is ``DefaultControllerRateLimiter`` shape: the same
exponential limiter combined (max) with a 10 qps / burst 100 token bucket, whose
clock is frozen here (a FakeClock), so the bucket only matters after 100 failures.

Upstream: none (course tooling)
"""

from __future__ import annotations

from k8slearn.cmd import templates
from k8slearn.cmd.cli import Command, no_args
from k8slearn.cmd.duration import format_duration

__all__ = ["new_workqueue_command", "BackoffOptions"]


class BackoffOptions:
    """Flags of ``workqueue backoff``; validate() returns every problem at once."""

    def __init__(self) -> None:
        self.base = 0.005
        self.max = 1000.0
        self.failures = 20
        self.limiter = "exponential"

    def add_flags(self, fs) -> None:
        fs.duration("base", self.base, "Delay after the first failure.", p=(self, "base"))
        fs.duration("max", self.max, "Cap on the delay.", p=(self, "max"))
        fs.int("failures", self.failures, "How many consecutive failures to show.",
               p=(self, "failures"))
        fs.string("limiter", self.limiter,
                  "Rate limiter: exponential (ItemExponentialFailureRateLimiter) or "
                  "controller (DefaultControllerRateLimiter with a frozen clock).",
                  p=(self, "limiter"))

    def validate(self) -> list[Exception]:
        errs: list[Exception] = []
        if self.base < 0:
            errs.append(ValueError(
                f"--base must not be negative, got {format_duration(self.base)}"))
        if self.max < 0:
            errs.append(ValueError(f"--max must not be negative, got {format_duration(self.max)}"))
        if not 0 <= self.failures <= 10000:
            errs.append(ValueError(f"--failures must be between 0 and 10000, got {self.failures}"))
        if self.limiter not in ("exponential", "controller"):
            errs.append(ValueError(
                f'--limiter must be "exponential" or "controller", got "{self.limiter}"'))
        return errs


def backoff_table(o: BackoffOptions) -> list[tuple[int, float]]:
    """``[(failure number, delay seconds)]`` for one item failing ``o.failures`` times."""
    from k8slearn.clock import FakeClock
    from k8slearn.workqueue import (
        BucketRateLimiter,
        ItemExponentialFailureRateLimiter,
        MaxOfRateLimiter,
    )

    limiter = ItemExponentialFailureRateLimiter(o.base, o.max)
    if o.limiter == "controller":
        limiter = MaxOfRateLimiter(limiter, BucketRateLimiter(10, 100, FakeClock(0.0)))
    return [(n, limiter.when("item")) for n in range(1, o.failures + 1)]


def _new_backoff_command() -> Command:
    o = BackoffOptions()

    def run(cmd: Command, args: list[str]) -> Exception | None:
        from k8slearn.cmd.errors import new_aggregate

        err = new_aggregate(o.validate())
        if err is not None:
            return err
        out = cmd.out_or_stdout()
        print(f"{'failure':<8} delay", file=out)
        for n, delay in backoff_table(o):
            print(f"{n:<8} {format_duration(delay)}", file=out)
        return None

    cmd = Command(
        "backoff", "Print the retry delays of a work queue rate limiter",
        templates.long_desc("""
            Print the delay a work queue gives one item after each consecutive failure.

            The per-item exponential limiter doubles the delay from --base on every
            failure and caps it at --max: with the controller defaults (5ms, 1000s) the
            18th failure waits 10m55.36s and every later one 16m40s."""),
        templates.examples("""
            # The default controller backoff
            k8slearn workqueue backoff --base 5ms --max 1000s

            # The item-based default (1ms) for 25 failures
            k8slearn workqueue backoff --base 1ms --failures 25"""),
        run=run, args=no_args)
    o.add_flags(cmd.flags())
    return cmd


def new_workqueue_command() -> Command:
    """The ``workqueue`` command group."""
    cmd = Command("workqueue", "Explore client-go's work queue",
                  templates.long_desc("""
                      Explore client-go's work queue: how its rate limiters space out
                      the retries of a failing item."""))
    cmd.add_command(_new_backoff_command())
    return cmd

"""``RetryOnConflict``: re-run a read-modify-write while the server says 409.

Upstream: kubernetes/client-go util/retry/util.go @ v0.36.3
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from k8slearn.apiserver.errors import is_conflict

__all__ = ["Backoff", "DEFAULT_RETRY", "DEFAULT_BACKOFF", "retry_on_conflict", "on_error"]


@dataclass(frozen=True)
class Backoff:
    """``wait.Backoff``: ``steps`` attempts, delays ``duration * factor**i`` (+ jitter)."""

    steps: int
    duration: float
    factor: float
    jitter: float


#: ``retry.DefaultRetry``: 5 attempts, 10 ms apart.
DEFAULT_RETRY = Backoff(steps=5, duration=0.010, factor=1.0, jitter=0.1)
#: ``retry.DefaultBackoff``: 4 attempts, 10 ms growing by x5.
DEFAULT_BACKOFF = Backoff(steps=4, duration=0.010, factor=5.0, jitter=0.1)


def on_error(
    backoff: Backoff,
    retriable: Callable[[BaseException], bool],
    fn: Callable[[], Any],
    sleep: Callable[[float], None] | None = None,
    rng: random.Random | None = None,
) -> Any:
    """``retry.OnError``: call ``fn`` until it succeeds, fails non-retriably, or steps run out.

    Returns ``fn``'s result; raises its last error.  ``sleep`` defaults to no
    waiting (pass ``clock.sleep`` to wait on a clock).
    """
    rng = rng or random.Random(0)
    delay = backoff.duration
    for attempt in range(backoff.steps):
        try:
            return fn()
        except Exception as err:  # noqa: BLE001 - the predicate decides
            if not retriable(err) or attempt == backoff.steps - 1:
                raise
        if sleep is not None:
            sleep(delay + (rng.random() * backoff.jitter * delay if backoff.jitter else 0.0))
        delay *= backoff.factor
    raise AssertionError("unreachable")


def retry_on_conflict(
    backoff: Backoff, fn: Callable[[], Any], sleep: Callable[[float], None] | None = None
) -> Any:
    """``retry.RetryOnConflict``: retry only on 409 Conflict; the last conflict propagates."""
    return on_error(backoff, is_conflict, fn, sleep)

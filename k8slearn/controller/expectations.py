"""Controller expectations: remember what a sync asked for until the informer shows it.

After a sync asks the API server to create 4 pods, the pod informer has not
seen them yet; a second sync in between would create 4 more.  Expectations
prevent that: ``expect_creations(key, 4)`` before the calls, one
``creation_observed(key)`` per pod the informer reports, and
``satisfied_expectations(key)`` is false until the count reaches zero (or the
record is older than 5 minutes, or absent).  Deletions are tracked by pod key
(:class:`UIDTrackingControllerExpectations`), so a pod whose
``deletionTimestamp`` is set and which is then deleted counts once.

Upstream quirks kept: ``expect_creations`` zeroes the delete counter and vice
versa; ``lower``/``raise`` do not refresh the timestamp; counters may go
negative and still count as fulfilled.

Upstream: kubernetes/kubernetes pkg/controller/controller_utils.go @ v1.36.0
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from k8slearn.clock import Clock, RealClock

__all__ = [
    "EXPECTATIONS_TIMEOUT",
    "ControlleeExpectations",
    "ControllerExpectations",
    "UIDTrackingControllerExpectations",
]

#: ``ExpectationsTimeout``: 5 minutes.
EXPECTATIONS_TIMEOUT = 300.0


@dataclass
class ControlleeExpectations:
    """One controller's outstanding ``add``/``dele`` counts and when they were set."""

    add: int
    dele: int
    key: str
    timestamp: float

    def fulfilled(self) -> bool:
        return self.add <= 0 and self.dele <= 0

    def get_expectations(self) -> tuple[int, int]:
        return self.add, self.dele


@dataclass
class ControllerExpectations:
    """``ControllerExpectations`` over a dict keyed by the controller key."""

    clock: Clock = field(default_factory=RealClock)
    timeout: float = EXPECTATIONS_TIMEOUT

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._store: dict[str, ControlleeExpectations] = {}

    def get_expectations(self, key: str) -> tuple[ControlleeExpectations | None, bool]:
        with self._lock:
            e = self._store.get(key)
            return e, e is not None

    def delete_expectations(self, key: str) -> None:
        with self._lock:
            self._store.pop(key, None)

    def satisfied_expectations(self, key: str) -> bool:
        """Fulfilled, expired, or no record at all (a new or deleted controller)."""
        with self._lock:
            e = self._store.get(key)
            if e is None:
                return True
            if e.fulfilled():
                return True
            return self.clock.now() - e.timestamp > self.timeout

    def set_expectations(self, key: str, add: int, dele: int) -> None:
        with self._lock:
            self._store[key] = ControlleeExpectations(add, dele, key, self.clock.now())

    def expect_creations(self, key: str, adds: int) -> None:
        self.set_expectations(key, adds, 0)

    def expect_deletions(self, key: str, dels: int) -> None:
        self.set_expectations(key, 0, dels)

    def lower_expectations(self, key: str, add: int, dele: int) -> None:
        with self._lock:
            e = self._store.get(key)
            if e is not None:
                e.add -= add
                e.dele -= dele

    def raise_expectations(self, key: str, add: int, dele: int) -> None:
        with self._lock:
            e = self._store.get(key)
            if e is not None:
                e.add += add
                e.dele += dele

    def creation_observed(self, key: str) -> None:
        self.lower_expectations(key, 1, 0)

    def deletion_observed(self, key: str) -> None:
        self.lower_expectations(key, 0, 1)


class UIDTrackingControllerExpectations:
    """Expectations whose deletions are tracked per pod key (``namespace/name``)."""

    def __init__(self, inner: ControllerExpectations) -> None:
        self.inner = inner
        self._lock = threading.RLock()
        self._uids: dict[str, set[str]] = {}

    def get_uids(self, key: str) -> set[str] | None:
        with self._lock:
            s = self._uids.get(key)
            return set(s) if s is not None else None

    def expect_deletions(self, key: str, pod_keys: list[str]) -> None:
        with self._lock:
            self._uids[key] = set(pod_keys)
            self.inner.expect_deletions(key, len(self._uids[key]))

    def deletion_observed(self, key: str, pod_key: str) -> None:
        """Counts only a pod that was expected, and only once."""
        with self._lock:
            s = self._uids.get(key)
            if s is not None and pod_key in s:
                self.inner.deletion_observed(key)
                s.discard(pod_key)

    def delete_expectations(self, key: str) -> None:
        with self._lock:
            self.inner.delete_expectations(key)
            self._uids.pop(key, None)

    # creations are not UID-tracked: delegate
    def expect_creations(self, key: str, adds: int) -> None:
        self.inner.expect_creations(key, adds)

    def creation_observed(self, key: str) -> None:
        self.inner.creation_observed(key)

    def satisfied_expectations(self, key: str) -> bool:
        return self.inner.satisfied_expectations(key)

    def get_expectations(self, key: str) -> tuple[ControlleeExpectations | None, bool]:
        return self.inner.get_expectations(key)

    def set_expectations(self, key: str, add: int, dele: int) -> None:
        self.inner.set_expectations(key, add, dele)

    def lower_expectations(self, key: str, add: int, dele: int) -> None:
        self.inner.lower_expectations(key, add, dele)

"""Ports of client-go util/workqueue/parallelizer_test.go @ v0.36.3, plus cancellation."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from k8slearn.workqueue import parallelize_until

CASES = [(1000, 10, 1), (1000, 10, 10), (1000, 10, 100), (999, 10, 13)]


@pytest.mark.parametrize(
    "pieces,workers,chunk_size", CASES,
    ids=[f"pieces:{p},workers:{w},chunkSize:{c}" for p, w, c in CASES])
def test_parallelize_until(pieces, workers, chunk_size):
    """TestParallelizeUntil: every piece is visited exactly once."""
    seen: Counter = Counter()
    lock = threading.Lock()

    def visit(p: int) -> None:
        with lock:
            seen[p] += 1

    parallelize_until(None, workers, pieces, visit, chunk_size=chunk_size)
    assert seen == Counter(range(pieces))


def cal_prime(p: int) -> bool:
    if p <= 1:
        return False
    i = 2
    while i * i <= p:
        if p % i == 0:
            return False
        i += 1
    return True


@pytest.mark.parametrize("pieces,workers,chunk_size", CASES)
def test_parallelize_until_primes(pieces, workers, chunk_size):
    """The correctness check inside BenchmarkParallelizeUntil (first 12 results)."""
    is_prime = [False] * pieces

    def work(p: int) -> None:
        is_prime[p] = cal_prime(p)

    parallelize_until(None, workers, pieces, work, chunk_size=chunk_size)
    assert is_prime[:12] == [False, False, True, True, False, True, False, True,
                             False, False, False, True]


def test_zero_pieces_returns_immediately():
    parallelize_until(None, 4, 0, lambda p: pytest.fail("called"))


def test_chunk_size_below_one_becomes_one():
    seen: list = []
    parallelize_until(None, 1, 5, seen.append, chunk_size=0)
    assert seen == [0, 1, 2, 3, 4]  # one worker takes chunks in order


def test_stop_event_is_checked_before_every_piece():
    stop = threading.Event()
    seen: list = []

    def work(p: int) -> None:
        seen.append(p)
        if p == 3:
            stop.set()

    parallelize_until(stop, 1, 100, work, chunk_size=10)
    assert seen == [0, 1, 2, 3]


def test_already_stopped_does_no_work():
    stop = threading.Event()
    stop.set()
    parallelize_until(stop, 4, 100, lambda p: pytest.fail("called"))


def test_exception_is_reraised_after_workers_finish():
    seen: list = []

    def work(p: int) -> None:
        if p == 5:
            raise ValueError("piece 5 failed")
        seen.append(p)

    with pytest.raises(ValueError, match="piece 5 failed"):
        parallelize_until(None, 1, 10, work)
    assert seen == [0, 1, 2, 3, 4]  # that worker stopped; no other worker existed

"""Workqueue benchmarks: hot-path throughput, delayed adds at scale, no leaked items.

Upstream: kubernetes/client-go util/workqueue/queue_test.go @ v0.36.3
Upstream: kubernetes/client-go util/workqueue/delaying_queue_test.go @ v0.36.3

* ``BenchmarkQueue``-style: add+get+done cycles in one thread, against the
  standard library's ``queue.Queue`` put+get+task_done measured in the same
  run (target: at most 1.5x slower).
* ``BenchmarkDelayingQueue_AddAfter``-style: n ``add_after`` with random
  delays in [0, 10 min), ``step(11 min)`` on a FakeClock, then get+done all
  of them (target: 100k in <= 2 s), with a growth table whose time per
  ``n log2 n`` should stay roughly constant.
* Memory: after add/get/done, no item is still referenced (weakrefs).
"""

from __future__ import annotations

import gc
import math
import queue
import random
import time
import weakref

from k8slearn.clock import FakeClock
from k8slearn.workqueue import DelayingQueue, Queue

CYCLES = 200_000
KEYS = [f"key-{i}" for i in range(100)]


def _workqueue_cycles(n: int) -> float:
    q = Queue()
    add, get, done = q.add, q.get, q.done
    keys = KEYS
    start = time.perf_counter()
    for i in range(n):
        add(keys[i % 100])
        item, _ = get()
        done(item)
    return time.perf_counter() - start


def _stdlib_cycles(n: int) -> float:
    q: queue.Queue = queue.Queue()
    put, get, task_done = q.put, q.get, q.task_done
    keys = KEYS
    start = time.perf_counter()
    for i in range(n):
        put(keys[i % 100])
        get()
        task_done()
    return time.perf_counter() - start


def _best_of(fn, n: int, repeat: int = 3) -> float:
    return min(fn(n) for _ in range(repeat))


def _add_after_drain(n: int, seed: int = 1) -> tuple[float, float]:
    """(wall, cpu) seconds; CPU time is reported too because benchmark hosts are shared."""
    rng = random.Random(seed)
    delays = [rng.uniform(0, 600.0) for _ in range(n)]
    clock = FakeClock()
    q = DelayingQueue(clock)
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    for i, d in enumerate(delays):
        q.add_after(i, d)
    clock.step(660.0)
    assert q.len() == n
    for _ in range(n):
        item, _ = q.get()
        q.done(item)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    q.shut_down()
    return elapsed, cpu


class _Item:
    __slots__ = ("n", "__weakref__")

    def __init__(self, n: int) -> None:
        self.n = n


def _leaked_after_done(n: int) -> int:
    q = Queue()
    refs = []
    for i in range(n):
        item = _Item(i)
        refs.append(weakref.ref(item))
        q.add(item)
    del item
    while q.len():
        got, _ = q.get()
        q.done(got)
    del got
    gc.collect()
    return sum(r() is not None for r in refs)


def run() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []

    wq = _best_of(_workqueue_cycles, CYCLES)
    std = _best_of(_stdlib_cycles, CYCLES)
    ratio = wq / std
    rows.append((f"Queue add+get+done x{CYCLES:,} (1 thread)",
                 f"{wq:.3f} s ({CYCLES / wq / 1e3:.0f}k cycles/s)", ""))
    rows.append((f"queue.Queue put+get+task_done x{CYCLES:,}",
                 f"{std:.3f} s ({CYCLES / std / 1e3:.0f}k cycles/s)", "baseline, same run"))
    rows.append(("Queue / queue.Queue time ratio", f"{ratio:.2f}x",
                 f"<= 1.5x: {'OK' if ratio <= 1.5 else 'MISSED'}"))

    per_nlogn = []
    for n in (10_000, 100_000, 1_000_000):
        wall, cpu = _add_after_drain(n)
        unit = cpu / (n * math.log2(n)) * 1e9
        per_nlogn.append(unit)
        target = f"<= 2 s cpu: {'OK' if cpu <= 2.0 else 'MISSED'}" if n == 100_000 else ""
        rows.append((f"DelayingQueue {n:,} add_after + step(11min) + drain",
                     f"{wall:.2f} s wall, {cpu:.2f} s cpu; {unit:.0f} ns cpu per n*log2(n)",
                     target))
    spread = max(per_nlogn) / min(per_nlogn)
    rows.append(("  growth: max/min time per n*log2(n), 10k..1M", f"{spread:.2f}",
                 f"roughly constant (O(n log n)): {'OK' if spread <= 3 else 'CHECK'}"))

    leaked = _leaked_after_done(10_000)
    rows.append(("items still referenced after add/get/done (10k weakrefs)", str(leaked),
                 f"0: {'OK' if leaked == 0 else 'MISSED'}"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))

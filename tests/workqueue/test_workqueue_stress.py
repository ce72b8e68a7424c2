"""Concurrency stress: 8 producers, 8 workers, 10k adds over 50 keys, re-adds while processing.

Synchronisation uses joins, events and conditions only (no sleeps).  Checked:

* no key is ever processed by two workers at once (the queue is *stingy*);
* every key is processed after its last add (nothing is lost);
* after shutdown, only items that were already dirty are handed out, each at
  most once, and all of them are; adds after shutdown are never handed out.
"""

from __future__ import annotations

import itertools
import random
import sys
import threading
import time

from k8slearn.workqueue import Queue

PRODUCERS, WORKERS, ADDS, KEYS, SEED = 8, 8, 10_000, 50, 20260525


def test_stress_producers_and_workers():
    # Switch threads far more often than the default 5 ms, to provoke interleavings.
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        run_stress()
    finally:
        sys.setswitchinterval(old_interval)


def run_stress() -> None:
    started = time.perf_counter()
    q = Queue()
    keys = [f"key-{i}" for i in range(KEYS)]
    ticks = itertools.count()  # a global logical clock (next() is atomic under the GIL)
    state = threading.Condition()
    in_flight: set = set()
    violations: list[str] = []
    last_add: dict = {}  # key -> tick taken just *before* its last add() call
    last_get: dict = {}  # key -> tick taken when a worker got it
    after_shutdown: list = []  # items handed out once phase 2 began
    readding = threading.Event()
    readding.set()
    phase2 = threading.Event()

    def produce(i: int) -> None:
        rng = random.Random(SEED + i)
        for _ in range(ADDS // PRODUCERS):
            key = rng.choice(keys)
            with state:
                last_add[key] = next(ticks)
            q.add(key)

    def work(i: int) -> None:
        rng = random.Random(SEED * 7 + i)
        while True:
            item, shutdown = q.get()
            if shutdown:
                return
            with state:
                if item in in_flight:
                    violations.append(f"{item} handed to two workers at once")
                in_flight.add(item)
                last_get[item] = next(ticks)
                if phase2.is_set():
                    after_shutdown.append(item)
            if readding.is_set() and rng.random() < 0.3:
                with state:
                    last_add[item] = next(ticks)
                q.add(item)  # re-add while processing: parked until done
            sum(range(rng.randrange(200)))  # a little "work" while holding the item
            with state:
                in_flight.discard(item)
            q.done(item)
            with state:
                state.notify_all()

    workers = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(WORKERS)]
    producers = [threading.Thread(target=produce, args=(i,), daemon=True)
                 for i in range(PRODUCERS)]
    for t in workers + producers:
        t.start()
    for t in producers:
        t.join(10)
        assert not t.is_alive()

    # Phase 1 ends when the queue is idle: no re-adds any more, nothing dirty or processing.
    readding.clear()

    def idle() -> bool:
        s = q.snapshot()
        return not s.dirty and not s.processing

    with state:
        assert state.wait_for(idle, timeout=10), "queue never became idle"
        assert violations == []
        assert set(last_add) == set(keys)
        stale = [k for k in keys if last_get.get(k, -1) < last_add[k]]
        assert stale == [], f"keys not processed after their last add: {stale}"

    # Phase 2: queue a batch and shut down while the workers are taking it.
    batch = keys[:20]
    with state:
        phase2.set()
    for key in batch:
        q.add(key)
    q.shut_down()
    for key in keys:
        q.add(f"late-{key}")  # ignored
    for t in workers:
        t.join(10)
        assert not t.is_alive()

    assert violations == []
    assert sorted(after_shutdown) == sorted(batch)  # each batch item exactly once
    assert q.len() == 0 and q.snapshot() == ((), frozenset(), frozenset())
    assert time.perf_counter() - started < 10

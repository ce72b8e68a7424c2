"""HPA: 24 hours of 15 s syncs (5761 reconciles) against a workload of up to 100 pods.

Baseline, measured in the same run: the replica calculator alone (one
``get_resource_replicas`` per sync over the same pods), so the ratio shows
what the rest of the reconcile (status, conditions, normalization, scale
writes) costs on top of the arithmetic, on any machine.  Times are CPU
seconds, best of two runs (wall time is shown too).

Upstream: none (course tooling)
"""

from __future__ import annotations

import math
import time


def _hpa():
    from k8slearn.api.autoscaling import (
        CrossVersionObjectReference,
        HorizontalPodAutoscaler,
        MetricSpec,
        MetricTarget,
        ResourceMetricSource,
    )
    from k8slearn.api.meta import ObjectMeta

    h = HorizontalPodAutoscaler(metadata=ObjectMeta(name="bench", namespace="default"))
    h.spec.scale_target_ref = CrossVersionObjectReference(kind="Deployment", name="bench",
                                                          api_version="apps/v1")
    h.spec.min_replicas, h.spec.max_replicas = 2, 100
    h.spec.metrics = [MetricSpec(type="Resource", resource=ResourceMetricSource(
        name="cpu", target=MetricTarget(type="Utilization", average_utilization=50)))]
    return h


def _best(fn, repeat: int = 2) -> tuple[float, float, object]:
    """Best-of-``repeat`` (CPU seconds, wall seconds, last result) of ``fn()``.

    CPU time is what the code costs; wall time also counts waiting for a busy
    machine's other processes, so the verdict uses CPU time.
    """
    cpu = wall = math.inf
    out = None
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        out = fn()
        cpu, wall = min(cpu, time.process_time() - c), min(wall, time.perf_counter() - w)
    return cpu, wall, out


def run() -> list[tuple[str, str, str]]:
    from k8slearn.podautoscaler.replica_calculator import ReplicaCalculator, Tolerances
    from k8slearn.podautoscaler.simulate import START, LoadProfile, _Workload, simulate

    # a daily wave from ~4 to ~100 pods of 500m at 50%
    profile = LoadProfile([(t, 1000 + 24000 * (1 - math.cos(t / 86400 * 2 * math.pi)) / 2)
                           for t in range(0, 86401, 300)])
    sim, sim_wall, rows = _best(lambda: simulate(_hpa(), None, profile, 86400, 30))
    peak = max(r.desired for r in rows)

    def calculator_alone() -> None:
        work = _Workload(500, "app", 30)
        calc = ReplicaCalculator(work, work)
        for r in rows:
            work.resize(r.current, START, ready_at_start=True)
            work.advance(START + r.seconds, r.load)
            calc.get_resource_replicas(r.current, 50, "cpu", Tolerances(), "default", None)

    base, _, _ = _best(calculator_alone)
    n = len(rows)
    return [
        ("hpa: simulate 24 h of 15 s syncs",
         f"{sim:.2f} s CPU (wall {sim_wall:.2f} s; {n} syncs, peak {peak} pods)",
         "<= 1 s CPU" + ("" if sim <= 1 else " (missed)")
         + f"; baseline: calculator alone {base:.2f} s"),
        ("hpa: per reconcile", f"{sim / n * 1e6:.0f} us",
         f"{sim / base:.1f}x the calculator alone ({base / n * 1e6:.0f} us)"),
    ]


if __name__ == "__main__":
    for row in run():
        print(*row, sep="  |  ")

"""HPA: 24 hours of 15 s syncs (5761 reconciles) against a workload of up to 100 pods.

Baseline, measured in the same run: the replica calculator alone (one
``get_resource_replicas`` per sync over the same pods), so the ratio shows
what the rest of the reconcile (status, conditions, normalization, scale
writes) costs on top of the arithmetic.

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


def run() -> list[tuple[str, str, str]]:
    from k8slearn.podautoscaler.replica_calculator import ReplicaCalculator, Tolerances
    from k8slearn.podautoscaler.simulate import START, LoadProfile, _Workload, simulate

    # a daily wave from ~4 to ~100 pods of 500m at 50%
    profile = LoadProfile([(t, 1000 + 24000 * (1 - math.cos(t / 86400 * 2 * math.pi)) / 2)
                           for t in range(0, 86401, 300)])
    start = time.perf_counter()
    rows = simulate(_hpa(), None, profile, 86400, 30)
    sim = time.perf_counter() - start
    peak = max(r.desired for r in rows)

    work = _Workload(500, "app", 30)
    calc = ReplicaCalculator(work, work)
    n = 0
    start = time.perf_counter()
    for r in rows:
        work.resize(r.current, START, ready_at_start=True)
        work.advance(START + r.seconds, r.load)
        calc.get_resource_replicas(r.current, 50, "cpu", Tolerances(), "default", None)
        n += 1
    base = time.perf_counter() - start
    return [
        ("hpa: simulate 24 h of 15 s syncs", f"{sim:.2f} s ({len(rows)} syncs, peak {peak} pods)",
         "<= 1 s" + ("" if sim <= 1 else " (missed)")),
        ("hpa: per reconcile", f"{sim / len(rows) * 1e6:.0f} us",
         f"{sim / base:.1f}x the calculator alone ({base / n * 1e6:.0f} us)"),
    ]


if __name__ == "__main__":
    for row in run():
        print(*row, sep="  |  ")

"""Answers that pass the checks in notebooks/30_hpa_replica_calculator.ipynb."""

import math


def replicas(current, target, samples, requests, unready, missing):
    """Reference for 30.5: the end of GetResourceReplicas (tolerance 0.1 both ways)."""

    def ratio_of(metrics):
        known = [p for p in metrics if p in requests]
        util = sum(metrics[p] for p in known) * 100 // sum(requests[p] for p in known)
        return util / target

    def within(r):
        return 0.9 <= r <= 1.1

    metrics = dict(samples)
    ratio = ratio_of(metrics)
    up_with_unready = bool(unready) and ratio > 1.0
    if not up_with_unready and not missing:
        return current if within(ratio) else math.ceil(ratio * len(samples))
    for p in missing:
        if ratio < 1.0:
            metrics[p] = requests[p] * max(100, target) // 100
        elif ratio > 1.0:
            metrics[p] = 0
    if up_with_unready:
        for p in unready:
            metrics[p] = 0
    new = ratio_of(metrics)
    if within(new) or (ratio < 1.0 < new) or (ratio > 1.0 > new):
        return current
    n = math.ceil(new * len(metrics))
    if (new < 1.0 and n > current) or (new > 1.0 and n < current):
        return current
    return n


ANSWERS = {
    "hpa.naive_formula": 10,
    "hpa.tolerance_edge": 4,
    "hpa.missing_scale_down": 4,
    "hpa.cpu_pod_group": "ready",
    "hpa.build_rebalance": replicas,
    "hpa.failed_get_resource_metric": "calculatePodRequestsFromContainers",
}

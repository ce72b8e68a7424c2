"""Pod filters, the pod-controller index and the deletion ranking.

``ActivePodsWithRanks`` decides which pods a shrinking ReplicaSet deletes
first.  ``less(i, j)`` is true when pod i should go first; the first rule that
tells the two apart decides:

1. unassigned (no ``spec.nodeName``) before assigned;
2. phase Pending < Unknown < Running (any other phase counts as Pending);
3. not ready before ready;
4. lower ``controller.kubernetes.io/pod-deletion-cost`` first (gate on);
5. higher co-location rank first (more active related pods on the node);
6. both ready: more recently ready first, compared in log2 buckets of age
   with a UID tie-break (a missing ready time sorts first);
7. more container restarts first (regular, then restartable init containers);
8. newer creation first (same bucket scheme).

Upstream: kubernetes/kubernetes pkg/controller/controller_utils.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/apis/core/helper/helpers.go @ v1.36.0
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

from k8slearn.controller.podutil import is_pod_ready, pod_ready_time

__all__ = [
    "SLOW_START_INITIAL_BATCH_SIZE",
    "POD_CONTROLLER_INDEX",
    "POD_DELETION_COST",
    "pod_key",
    "is_pod_active",
    "is_pod_terminating",
    "filter_active_pods",
    "filter_terminating_pods",
    "count_terminating_pods",
    "get_controller_of",
    "is_controlled_by",
    "filter_claimed_pods",
    "pod_controller_index_key",
    "pod_controller_index_func",
    "filter_pods_by_owner",
    "get_deletion_cost",
    "active_pods_less",
    "active_pods_with_ranks_less",
    "sort_active_pods",
    "sort_active_pods_with_ranks",
]

SLOW_START_INITIAL_BATCH_SIZE = 1
POD_CONTROLLER_INDEX = "podController"
POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
_PHASE_ORDINAL = {"Pending": 0, "Unknown": 1, "Running": 2}
_COST_RE = re.compile(r"^(-|[1-9])[0-9]*$|^0$")


def pod_key(pod: Any) -> str:
    """``PodKey``: ``namespace/name``."""
    return f"{pod.metadata.namespace}/{pod.metadata.name}"


def is_pod_active(p: Any) -> bool:
    return (
        p.status.phase not in ("Succeeded", "Failed") and p.metadata.deletion_timestamp is None
    )


def is_pod_terminating(p: Any) -> bool:
    return (
        p.status.phase not in ("Succeeded", "Failed")
        and p.metadata.deletion_timestamp is not None
    )


def filter_active_pods(pods: list[Any]) -> list[Any]:
    return [p for p in pods if is_pod_active(p)]


def filter_terminating_pods(pods: list[Any]) -> list[Any]:
    return [p for p in pods if is_pod_terminating(p)]


def count_terminating_pods(pods: list[Any]) -> int:
    return len(filter_terminating_pods(pods))


def get_controller_of(obj: Any) -> Any:
    """``metav1.GetControllerOf``: the ownerReference with ``controller: true``."""
    for ref in obj.metadata.owner_references or []:
        if ref.controller:
            return ref
    return None


def is_controlled_by(obj: Any, owner: Any) -> bool:
    ref = get_controller_of(obj)
    return ref is not None and ref.uid == owner.metadata.uid


def filter_claimed_pods(controller: Any, matches: Any, pods: list[Any]) -> list[Any]:
    return [p for p in pods if is_controlled_by(p, controller) and matches(p.metadata.labels)]


def pod_controller_index_key(namespace: str, ref: Any) -> str:
    """``PodControllerIndexKey``: ``ns`` for orphans, else ``ns/Kind/Name/UID``."""
    if ref is None:
        return namespace
    return f"{namespace}/{ref.kind}/{ref.name}/{ref.uid}"


def pod_controller_index_func(pod: Any) -> list[str]:
    return [pod_controller_index_key(pod.metadata.namespace, get_controller_of(pod))]


def filter_pods_by_owner(
    pod_indexer: Any, owner_meta: Any, owner_kind: str, include_orphaned: bool
) -> list[Any]:
    """``FilterPodsByOwner``: pods controlled by the owner, plus the namespace's orphans."""
    for value, what in ((owner_meta.namespace, "namespace"), (owner_meta.name, "name"),
                        (owner_meta.uid, "uid"), (owner_kind, "kind")):
        if not value:
            raise ValueError(f"no owner {what} provided")
    key = f"{owner_meta.namespace}/{owner_kind}/{owner_meta.name}/{owner_meta.uid}"
    pods = list(pod_indexer.by_index(POD_CONTROLLER_INDEX, key))
    if include_orphaned:
        pods += pod_indexer.by_index(POD_CONTROLLER_INDEX, owner_meta.namespace)
    return pods


def get_deletion_cost(pod: Any) -> int:
    """``GetDeletionCostFromPodAnnotations``; an invalid value counts as 0."""
    raw = (pod.metadata.annotations or {}).get(POD_DELETION_COST)
    if raw is None or not _COST_RE.match(raw):
        return 0
    v = int(raw)
    return v if -(2**31) <= v < 2**31 else 0


def _max_restarts(pod: Any) -> tuple[int, int]:
    regular = max((c.restart_count for c in pod.status.container_statuses or []), default=0)
    sidecars = {
        c.name for c in pod.spec.init_containers or []
        if getattr(c, "restart_policy", None) == "Always"
    }
    side = max(
        (c.restart_count for c in pod.status.init_container_statuses or [] if c.name in sidecars),
        default=0,
    )
    return regular, side


def _after_or_zero(t1: float | None, t2: float | None) -> bool:
    if t1 is None or t2 is None:
        return t1 is None
    return t1 > t2


def _bucket(t: float, now: float) -> int:
    d = int(round((now - t) * 1e9))
    return -1 if d <= 0 else int(math.floor(math.log2(d)))


def _newer_first(t1: float | None, t2: float | None, now: float | None, uid1: str, uid2: str,
                 log_scale: bool) -> bool | None:
    """Rules 6/8: None when undecided."""
    if t1 == t2:
        return None
    if not log_scale or now is None or t1 is None or t2 is None:
        return _after_or_zero(t1, t2)
    b1, b2 = _bucket(t1, now), _bucket(t2, now)
    if b1 != b2:
        return b1 < b2
    return uid1 < uid2


def active_pods_with_ranks_less(
    p1: Any, r1: int, p2: Any, r2: int, now: float | None,
    deletion_cost: bool = True, log_scale: bool = True,
) -> bool:
    """``ActivePodsWithRanks.Less`` for one pair."""
    n1, n2 = p1.spec.node_name, p2.spec.node_name
    if n1 != n2 and (not n1 or not n2):
        return not n1
    o1 = _PHASE_ORDINAL.get(p1.status.phase, 0)
    o2 = _PHASE_ORDINAL.get(p2.status.phase, 0)
    if o1 != o2:
        return o1 < o2
    ready1, ready2 = is_pod_ready(p1), is_pod_ready(p2)
    if ready1 != ready2:
        return not ready1
    if deletion_cost:
        c1, c2 = get_deletion_cost(p1), get_deletion_cost(p2)
        if c1 != c2:
            return c1 < c2
    if r1 != r2:
        return r1 > r2
    if ready1 and ready2:
        d = _newer_first(pod_ready_time(p1), pod_ready_time(p2), now,
                         p1.metadata.uid, p2.metadata.uid, log_scale)
        if d is not None:
            return d
    m1, m2 = _max_restarts(p1), _max_restarts(p2)
    if m1[0] != m2[0]:
        return m1[0] > m2[0]
    if m1[1] != m2[1]:
        return m1[1] > m2[1]
    d = _newer_first(p1.metadata.creation_timestamp, p2.metadata.creation_timestamp, now,
                     p1.metadata.uid, p2.metadata.uid, log_scale)
    return bool(d)


def active_pods_less(p1: Any, p2: Any) -> bool:
    """``ActivePods.Less``: no cost, no rank, no log buckets."""
    return active_pods_with_ranks_less(p1, 0, p2, 0, None, deletion_cost=False, log_scale=False)


def sort_active_pods(pods: list[Any]) -> None:
    """Sort in place, pods to delete first (``sort.Sort(ActivePods(pods))``)."""
    def cmp(a: Any, b: Any) -> int:
        return -1 if active_pods_less(a, b) else (1 if active_pods_less(b, a) else 0)
    pods.sort(key=functools.cmp_to_key(cmp))


def sort_active_pods_with_ranks(pods: list[Any], ranks: list[int], now: float) -> None:
    """Sort ``pods`` (and ``ranks`` alongside) in place, pods to delete first."""
    pairs = list(zip(pods, ranks, strict=True))

    def cmp(a: tuple, b: tuple) -> int:
        if active_pods_with_ranks_less(a[0], a[1], b[0], b[1], now):
            return -1
        if active_pods_with_ranks_less(b[0], b[1], a[0], a[1], now):
            return 1
        return 0

    pairs.sort(key=functools.cmp_to_key(cmp))
    pods[:] = [p for p, _ in pairs]
    ranks[:] = [r for _, r in pairs]

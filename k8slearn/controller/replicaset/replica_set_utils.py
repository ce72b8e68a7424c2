"""ReplicaSet status: compute it from the pods, write it only when it changed.

``calculate_status`` counts the claimed active pods (``replicas``), those
carrying every template label (``fullyLabeledReplicas``), the ready ones and
the available ones (ready for ``minReadySeconds``), and keeps a
``ReplicaFailure`` condition while ``manageReplicas`` reports an error.
``update_replica_set_status`` skips the API call when nothing changed and
otherwise PUTs ``/status`` at most twice (one GET in between).

``slow_start_batch`` and ``get_pods_to_delete`` live in ``replica_set.go``
upstream; they sit here to keep each module small.

Upstream: kubernetes/kubernetes pkg/controller/replicaset/replica_set_utils.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/replicaset/replica_set.go @ v1.36.0
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from k8slearn.api.apps import ReplicaSetCondition
from k8slearn.controller.controller_utils import is_pod_active, sort_active_pods_with_ranks
from k8slearn.controller.podutil import is_pod_available, is_pod_ready

__all__ = [
    "REPLICA_FAILURE",
    "calculate_status",
    "update_replica_set_status",
    "get_condition",
    "set_condition",
    "remove_condition",
    "slow_start_batch",
    "get_pods_to_delete",
]

REPLICA_FAILURE = "ReplicaFailure"
STATUS_UPDATE_RETRIES = 1


def get_condition(status: Any, ctype: str) -> Any:
    for c in status.conditions or []:
        if c.type == ctype:
            return copy.deepcopy(c)
    return None


def set_condition(status: Any, cond: Any) -> None:
    """``SetCondition``: no-op if same status and reason exist; else replace (appended)."""
    cur = get_condition(status, cond.type)
    if cur is not None and cur.status == cond.status and cur.reason == cond.reason:
        return
    status.conditions = [c for c in status.conditions or [] if c.type != cond.type] + [cond]


def remove_condition(status: Any, ctype: str) -> None:
    status.conditions = [c for c in status.conditions or [] if c.type != ctype]


def calculate_status(
    rs: Any, active_pods: list[Any], terminating_pods: list[Any] | None,
    manage_replicas_err: BaseException | None, now: float,
) -> Any:
    """The new status, starting from a copy of the current one."""
    new = copy.deepcopy(rs.status)
    template_labels = rs.spec.template.metadata.labels or {}
    fully = ready = available = 0
    for pod in active_pods:
        labels = pod.metadata.labels or {}
        if all(labels.get(k) == v for k, v in template_labels.items()):
            fully += 1
        if is_pod_ready(pod):
            ready += 1
            if is_pod_available(pod, rs.spec.min_ready_seconds, now):
                available += 1
    failure = get_condition(rs.status, REPLICA_FAILURE)
    if manage_replicas_err is not None and failure is None:
        diff = len(active_pods) - (rs.spec.replicas if rs.spec.replicas is not None else 1)
        reason = "FailedCreate" if diff < 0 else ("FailedDelete" if diff > 0 else "")
        set_condition(new, ReplicaSetCondition(
            type=REPLICA_FAILURE, status="True", reason=reason,
            message=str(manage_replicas_err), last_transition_time=now,
        ))
    elif manage_replicas_err is None and failure is not None:
        remove_condition(new, REPLICA_FAILURE)
    new.replicas = len(active_pods)
    new.fully_labeled_replicas = fully
    new.ready_replicas = ready
    new.available_replicas = available
    new.terminating_replicas = len(terminating_pods) if terminating_pods is not None else None
    return new


def _unchanged(rs: Any, new: Any) -> bool:
    s = rs.status
    return (
        s.replicas == new.replicas
        and s.fully_labeled_replicas == new.fully_labeled_replicas
        and s.ready_replicas == new.ready_replicas
        and s.available_replicas == new.available_replicas
        and s.terminating_replicas == new.terminating_replicas
        and rs.metadata.generation == s.observed_generation
        and (s.conditions or []) == (new.conditions or [])
    )


def update_replica_set_status(client: Any, rs: Any, new_status: Any) -> Any:
    """PUT ``/status`` unless nothing changed; on failure GET once and retry once."""
    if _unchanged(rs, new_status):
        return rs
    new_status.observed_generation = rs.metadata.generation
    rs = copy.deepcopy(rs)
    err: BaseException | None = None
    for i in range(STATUS_UPDATE_RETRIES + 1):
        rs.status = copy.deepcopy(new_status)
        try:
            return client.update_status(rs)
        except Exception as e:  # noqa: BLE001 - the retry below decides
            err = e
        if i >= STATUS_UPDATE_RETRIES:
            break
        rs = client.get("replicasets", rs.metadata.namespace, rs.metadata.name)
    assert err is not None
    raise err


def slow_start_batch(
    count: int, initial_batch_size: int, fn: Callable[[], None],
    on_batch: Callable[[int], None] | None = None,
) -> tuple[int, BaseException | None]:
    """Call ``fn`` ``count`` times in batches 1, 2, 4, ...; stop after a failing batch.

    Returns ``(successes, first error of the failing batch or None)``.
    """
    remaining, successes, size = count, 0, min(count, initial_batch_size)
    while size > 0:
        if on_batch is not None:
            on_batch(size)
        errors: list[BaseException] = []
        for _ in range(size):
            try:
                fn()
            except Exception as err:  # noqa: BLE001 - counted, the first is returned
                errors.append(err)
        successes += size - len(errors)
        if errors:
            return successes, errors[0]
        remaining -= size
        size = min(2 * size, remaining)
    return successes, None


def get_pods_to_delete(
    filtered: list[Any], related: list[Any], diff: int, now: float
) -> list[Any]:
    """``getPodsToDelete``: rank and sort only when ``diff < len(filtered)``."""
    if diff < len(filtered):
        per_node: dict[str, int] = {}
        for p in related:
            if is_pod_active(p):
                per_node[p.spec.node_name] = per_node.get(p.spec.node_name, 0) + 1
        ranks = [per_node.get(p.spec.node_name, 0) for p in filtered]
        sort_active_pods_with_ranks(filtered, ranks, now)
    return filtered[:diff]

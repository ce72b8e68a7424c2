"""The RollingUpdate and Recreate strategies, and the Deployment's status and conditions.

Rolling update, one sync at a time (each sync scales one step, the next sync
sees the pods' new state):

* ``reconcile_new_replica_set``: scale the new ReplicaSet up to at most
  ``replicas + maxSurge`` pods in total (or down to ``replicas``);
* ``reconcile_old_replica_sets``: scale old ReplicaSets down while at least
  ``replicas - maxUnavailable`` pods stay available, unhealthy old pods first
  (``cleanupUnhealthyReplicas``), then the oldest ReplicaSets first.

Recreate: scale every old ReplicaSet to 0, wait until their pods are gone,
then scale the new one up.

Status (``calculateStatus``): replicas, updatedReplicas, readyReplicas,
availableReplicas and unavailableReplicas summed over the ReplicaSets;
conditions ``Available`` (``MinimumReplicasAvailable``/``Unavailable``) and
``Progressing`` (``NewReplicaSetCreated``, ``ReplicaSetUpdated``,
``NewReplicaSetAvailable``), which ``kubectl rollout status`` reads.

Upstream: kubernetes/kubernetes pkg/controller/deployment/rolling.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/deployment/recreate.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/deployment/sync.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.api.apps import DeploymentCondition, DeploymentStatus
from k8slearn.controller.deployment.util import max_surge, max_unavailable

__all__ = ["new_rs_new_replicas", "calculate_status", "is_complete", "set_condition",
           "max_scaled_down"]


def _replicas(rs: Any) -> int:
    return rs.spec.replicas or 0


def new_rs_new_replicas(d: Any, all_rss: list[Any], new_rs: Any) -> int:
    """``NewRSNewReplicas``: how big the new ReplicaSet may be now."""
    if d.spec.strategy and d.spec.strategy.get("type") == "Recreate":
        return d.spec.replicas or 0
    desired = d.spec.replicas or 0
    current = sum(_replicas(rs) for rs in all_rss)
    max_total = desired + max_surge(d)
    if current >= max_total:
        return _replicas(new_rs)
    scale_up = min(max_total - current, desired - _replicas(new_rs))
    return _replicas(new_rs) + max(scale_up, 0)


def max_scaled_down(d: Any, all_rss: list[Any], new_rs: Any) -> int:
    """``reconcileOldReplicaSets``' budget: pods that may go without breaking availability."""
    min_available = (d.spec.replicas or 0) - max_unavailable(d)
    new_unavailable = _replicas(new_rs) - new_rs.status.available_replicas if new_rs else 0
    total = sum(_replicas(rs) for rs in all_rss)
    return total - min_available - new_unavailable


def is_complete(d: Any, status: Any) -> bool:
    """``DeploymentComplete``."""
    want = d.spec.replicas or 0
    return (status.updated_replicas == want and status.replicas == want
            and status.available_replicas == want
            and status.observed_generation >= d.metadata.generation)


def set_condition(status: Any, ctype: str, value: str, reason: str, message: str,
                  now: float) -> None:
    """``SetDeploymentCondition``: nothing changes when status and reason are the same;
    otherwise the condition is replaced (moved to the end), keeping lastTransitionTime
    when only the reason changed."""
    cur = next((c for c in status.conditions if c.type == ctype), None)
    if cur is not None and cur.status == value and cur.reason == reason:
        return
    cond = DeploymentCondition(type=ctype, status=value, reason=reason, message=message,
                               last_update_time=now, last_transition_time=now)
    if cur is not None and cur.status == value:
        cond.last_transition_time = cur.last_transition_time
    status.conditions = [c for c in status.conditions if c.type != ctype] + [cond]


def calculate_status(d: Any, all_rss: list[Any], new_rs: Any, now: float) -> DeploymentStatus:
    import copy

    st = DeploymentStatus(observed_generation=d.metadata.generation,
                          conditions=copy.deepcopy(d.status.conditions),
                          collision_count=d.status.collision_count)
    st.replicas = sum(rs.status.replicas for rs in all_rss)
    st.updated_replicas = new_rs.status.replicas if new_rs is not None else 0
    st.ready_replicas = sum(rs.status.ready_replicas for rs in all_rss)
    st.available_replicas = sum(rs.status.available_replicas for rs in all_rss)
    # upstream subtracts from the *desired* sizes (spec.replicas) of the ReplicaSets, so
    # pods not created yet already count as unavailable
    st.unavailable_replicas = max(sum(_replicas(rs) for rs in all_rss)
                                  - st.available_replicas, 0)
    want = d.spec.replicas or 0
    if st.available_replicas >= want - max_unavailable(d):
        set_condition(st, "Available", "True", "MinimumReplicasAvailable",
                      "Deployment has minimum availability.", now)
    else:
        set_condition(st, "Available", "False", "MinimumReplicasUnavailable",
                      "Deployment does not have minimum availability.", now)
    return st

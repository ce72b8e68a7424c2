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

Proportional scaling (``scale`` in sync.go, with ``GetReplicaSetProportion``
and ``IsSaturated`` of util/deployment_util.go): ``kubectl scale`` (or the HPA)
during a rollout finds the replicas spread over several active ReplicaSets.
The controller notices a *scaling event* (an active ReplicaSet's
``deployment.kubernetes.io/desired-replicas`` annotation differs from
``spec.replicas``) and, instead of rolling, spreads the change over them
(:func:`scale_plan`):

* one active ReplicaSet (or none: the newest) simply gets ``spec.replicas``;
* a saturated new ReplicaSet (all desired pods, all available) keeps them and
  the old ones go to 0;
* otherwise (RollingUpdate) the room ``replicas + maxSurge - sum of sizes`` is
  shared by each ReplicaSet's size relative to the Deployment's maximum size
  when it was last scaled (its ``max-replicas`` annotation), rounded to the
  nearest pod; what rounding leaves over goes to the *largest* ReplicaSet.
  Equal sizes are ordered newer-first when growing, older-first when shrinking.

Upstream: kubernetes/kubernetes pkg/controller/deployment/rolling.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/deployment/recreate.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/deployment/sync.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.api.apps import DeploymentCondition, DeploymentStatus
from k8slearn.controller.deployment.util import (
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
    is_rolling,
    max_surge,
    max_unavailable,
)

__all__ = ["new_rs_new_replicas", "calculate_status", "is_complete", "set_condition",
           "max_scaled_down", "terminating_replicas", "scale_plan", "find_active_or_latest",
           "is_saturated", "replica_set_proportion"]


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


def terminating_replicas(all_rss: list[Any]) -> int | None:
    """``GetTerminatingReplicaCountForReplicaSets`` (gate DeploymentReplicaSetTerminatingReplicas,
    beta and on since 1.35): the sum of the ReplicaSets' terminating pods; a ReplicaSet its
    controller never synced does not count, one synced without the field makes it unknown."""
    total = 0
    for rs in all_rss:
        if rs is None:
            continue
        n = rs.status.terminating_replicas
        if n is None:
            if not rs.status.observed_generation:
                continue
            return None
        total += n
    return total


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
    st.terminating_replicas = terminating_replicas(all_rss)
    want = d.spec.replicas or 0
    if st.available_replicas >= want - max_unavailable(d):
        set_condition(st, "Available", "True", "MinimumReplicasAvailable",
                      "Deployment has minimum availability.", now)
    else:
        set_condition(st, "Available", "False", "MinimumReplicasUnavailable",
                      "Deployment does not have minimum availability.", now)
    return st


# -- proportional scaling (sync.go ``scale``)

def _created(rs: Any) -> tuple:
    """``ReplicaSetsByCreationTimestamp``: older first, the name breaks ties."""
    return (rs.metadata.creation_timestamp or 0.0, rs.metadata.name or "")


def _annotation_int(rs: Any, key: str) -> int | None:
    try:
        return int((rs.metadata.annotations or {})[key])
    except (KeyError, ValueError):
        return None


def find_active_or_latest(new_rs: Any, old: list[Any]) -> Any:
    """``FindActiveOrLatest``: the only active ReplicaSet, the newest one when none is
    active, or None when several are."""
    if new_rs is None and not old:
        return None
    newest_first = sorted(old, key=_created, reverse=True)
    active = [rs for rs in newest_first + [new_rs] if rs is not None and _replicas(rs) > 0]
    if not active:
        return new_rs if new_rs is not None else newest_first[0]
    return active[0] if len(active) == 1 else None


def is_saturated(d: Any, rs: Any) -> bool:
    """``IsSaturated``: the ReplicaSet has, wants (annotation) and makes available all
    of the Deployment's replicas."""
    if rs is None:
        return False
    want = d.spec.replicas or 0
    return (_replicas(rs) == want and _annotation_int(rs, DESIRED_REPLICAS_ANNOTATION) == want
            and rs.status.available_replicas == want)


def _round(x: float) -> int:
    """``integer.RoundToInt32``: halves away from zero."""
    return int(x + 0.5) if x >= 0 else int(x - 0.5)


def _fraction(rs: Any, d: Any) -> int:
    """``getReplicaSetFraction``: this ReplicaSet's share of the new maximum size."""
    if not d.spec.replicas:
        return -_replicas(rs)
    new_max = d.spec.replicas + max_surge(d)
    before = _annotation_int(rs, MAX_REPLICAS_ANNOTATION)
    if not before:
        # no (or a zero) annotation: fall back to the Deployment's current size
        before = d.status.replicas
    if not before:
        return 0  # course guard: upstream would divide by zero here
    return _round(_replicas(rs) * new_max / before) - _replicas(rs)


def replica_set_proportion(rs: Any, d: Any, to_add: int, added: int) -> int:
    """``GetReplicaSetProportion``: how many replicas this ReplicaSet gains (or loses),
    never more than what is left to distribute."""
    if rs is None or _replicas(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    fraction, allowed = _fraction(rs, d), to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def scale_plan(d: Any, new_rs: Any, old: list[Any]) -> list[tuple[Any, int]]:
    """``scale``: the ReplicaSets to write and their new sizes, in upstream's order."""
    only = find_active_or_latest(new_rs, old)
    if only is not None:
        want = d.spec.replicas or 0
        return [] if _replicas(only) == want else [(only, want)]
    if is_saturated(d, new_rs):
        return [(rs, 0) for rs in old if _replicas(rs) > 0]
    if not is_rolling(d):
        return []
    active = [rs for rs in [*old, new_rs] if rs is not None and _replicas(rs) > 0]
    total = sum(_replicas(rs) for rs in active)
    allowed = (d.spec.replicas + max_surge(d)) if d.spec.replicas else 0
    to_add = allowed - total
    if to_add > 0:  # larger first, then newer first (ReplicaSetsBySizeNewer)
        active.sort(key=_created, reverse=True)
        active.sort(key=_replicas, reverse=True)
    elif to_add < 0:  # larger first, then older first (ReplicaSetsBySizeOlder)
        active.sort(key=_created)
        active.sort(key=_replicas, reverse=True)
    sizes, added = [], 0
    for rs in active:
        share = replica_set_proportion(rs, d, to_add, added) if to_add else 0
        sizes.append(_replicas(rs) + share)
        added += share
    if active and to_add:
        sizes[0] = max(sizes[0] + to_add - added, 0)  # the leftover to the largest
    return list(zip(active, sizes, strict=True))

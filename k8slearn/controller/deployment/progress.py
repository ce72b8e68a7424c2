"""The Progressing condition and the progress deadline (``kubectl rollout status``'s input).

``sync_rollout_status`` sets, on the freshly computed status:

* ``NewReplicaSetAvailable`` (True) once the rollout is complete;
* ``ReplicaSetUpdated`` (True) whenever the rollout made progress since the last
  status (more updated, ready or available pods, or fewer old ones); unlike other
  conditions, its ``lastUpdateTime`` moves on every progress;
* ``ProgressDeadlineExceeded`` (False, ``ReplicaSet "web-5d8f" has timed out
  progressing.``) when ``progressDeadlineSeconds`` passed since the last progress;
  ``kubectl rollout status`` then fails with ``deployment "web" exceeded its
  progress deadline``.

:func:`requeue_after` says when to look again so that a stuck rollout times out
on time (``requeueStuckDeployment``).  Without ``progressDeadlineSeconds`` (or
with 2147483647) there is no Progressing condition.

Upstream: kubernetes/kubernetes pkg/controller/deployment/progress.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/deployment/util/deployment_util.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.controller.deployment.rolling import is_complete, set_condition

__all__ = ["PROGRESSING", "sync_rollout_status", "deployment_progressing",
           "deployment_timed_out", "requeue_after", "has_progress_deadline"]

PROGRESSING = "Progressing"
NEW_RS_AVAILABLE = "NewReplicaSetAvailable"
RS_UPDATED = "ReplicaSetUpdated"
TIMED_OUT = "ProgressDeadlineExceeded"
_MAX_INT32 = 2**31 - 1


def _cond(status: Any, ctype: str) -> Any:
    return next((c for c in status.conditions if c.type == ctype), None)


def has_progress_deadline(d: Any) -> bool:
    pds = d.spec.progress_deadline_seconds
    return pds is not None and pds != _MAX_INT32


def deployment_progressing(d: Any, new: Any) -> bool:
    """``DeploymentProgressing``: did this sync see progress against the stored status?"""
    old = d.status
    return (new.updated_replicas > old.updated_replicas
            or (new.replicas - new.updated_replicas) < (old.replicas - old.updated_replicas)
            or new.ready_replicas > old.ready_replicas
            or new.available_replicas > old.available_replicas)


def deployment_timed_out(d: Any, status: Any, now: float) -> bool:
    """``DeploymentTimedOut``: lastUpdateTime + progressDeadlineSeconds is in the past."""
    if not has_progress_deadline(d):
        return False
    cond = _cond(status, PROGRESSING)
    if cond is None or cond.reason == NEW_RS_AVAILABLE:
        return False
    if cond.reason == TIMED_OUT:
        return True
    return (cond.last_update_time or 0.0) + d.spec.progress_deadline_seconds < now


def sync_rollout_status(d: Any, new: Any, new_rs: Any, now: float) -> None:
    """``syncRolloutStatus``' Progressing handling, applied to ``new``."""
    if not has_progress_deadline(d):
        new.conditions = [c for c in new.conditions if c.type != PROGRESSING]
        return
    cur = _cond(d.status, PROGRESSING)
    complete_before = (new.replicas == new.updated_replicas and cur is not None
                       and cur.reason == NEW_RS_AVAILABLE)
    if complete_before:
        return
    # the messages name the new ReplicaSet, or the Deployment when there is none
    subject = f'ReplicaSet "{new_rs.metadata.name}"' if new_rs is not None \
        else f'Deployment "{d.metadata.name}"'
    if is_complete(d, new):
        set_condition(new, PROGRESSING, "True", NEW_RS_AVAILABLE,
                      f"{subject} has successfully progressed.", now)
    elif deployment_progressing(d, new):
        msg = f"{subject} is progressing."
        transition = cur.last_transition_time if cur is not None and cur.status == "True" \
            else now
        new.conditions = [c for c in new.conditions if c.type != PROGRESSING]
        set_condition(new, PROGRESSING, "True", RS_UPDATED, msg, now)
        _cond(new, PROGRESSING).last_transition_time = transition
    elif deployment_timed_out(d, new, now):
        set_condition(new, PROGRESSING, "False", TIMED_OUT,
                      f"{subject} has timed out progressing.", now)


def requeue_after(d: Any, status: Any, now: float) -> float | None:
    """``requeueStuckDeployment``: seconds until the deadline of a stuck rollout, or None."""
    cond = _cond(status, PROGRESSING)
    if (not has_progress_deadline(d) or cond is None or is_complete(d, status)
            or cond.reason in (NEW_RS_AVAILABLE, TIMED_OUT)):
        return None
    left = (cond.last_update_time or now) + d.spec.progress_deadline_seconds - now
    return max(left, 0.0) + 1.0

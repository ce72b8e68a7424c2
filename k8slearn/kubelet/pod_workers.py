"""Pod workers: where each pod is in its life as the kubelet sees it, and what may be removed.

Upstream: kubernetes/kubernetes pkg/kubelet/pod_workers.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/kubelet/kubelet.go @ v1.36.0

Every pod the kubelet knows has a worker that moves it through three states:

* **syncing**: ``SyncPod`` runs; containers may be (re)started;
* **terminating**: ``SyncTerminatingPod`` stops every container; it is entered
  when the pod is deleted, evicted (``killPodNow``), or reaches a terminal
  phase by itself (``Succeeded`` or ``Failed``: every container of a
  ``restartPolicy: Never`` pod, e.g. a Job's, has exited; with ``OnFailure``
  only an exit code 0 is final, a failed container is restarted);
* **terminated**: the containers have stopped; ``SyncTerminatedPod`` then waits
  for the volumes to be unmounted (``WaitForUnmount``) and for the volume paths
  to disappear, removes the pod cgroup, and sends the final status.

The volume manager's desired-state populator asks
``ShouldPodRuntimeBeRemoved(uid)``: true once the pod is terminated (or, after
the kubelet has synced, when the pod is unknown to the workers).  From then on
the pod's volumes are no longer desired, and the reconciler calls
``TearDown`` for each of them.  This happens while the pod object still exists
in the API server: ``kubectl get pod`` lists an evicted or completed pod whose
emptyDir data is already gone.  The ``pods/<uid>`` directory itself stays until
the pod is deleted (``cleanupOrphanedPodDirs`` skips pods the kubelet still knows).

Version note: teardown at termination is old.  v1.6 moved it from pod deletion
to pod termination (kubernetes#37228) and added the opt-out flag
``--keep-terminated-pod-volumes``, deprecated in v1.8 and removed in v1.31
(kubernetes#122082).  The v1.22 pod-lifecycle rework changed only the question
the populator asks (``ShouldPodRuntimeBeRemoved`` instead of the pod's phase).
"""

from __future__ import annotations

__all__ = ["PodWorkers", "SYNCING", "TERMINATING", "TERMINATED"]

SYNCING = "syncing"
TERMINATING = "terminating"
TERMINATED = "terminated"


class PodWorkers:
    """The per-pod state machine (``podWorkers`` and its ``podSyncStatus``)."""

    def __init__(self) -> None:
        self._status: dict[str, str] = {}
        #: ``podsSynced``: the kubelet has seen every pod source at least once
        self.pods_synced = True

    def update_pod(self, uid: str) -> None:
        """A pod is sent to its worker (``UpdatePod``); a new pod starts syncing."""
        self._status.setdefault(uid, SYNCING)

    def start_terminating(self, uid: str) -> None:
        """Deletion, eviction or a terminal phase: no container may start any more."""
        if self._status.get(uid, SYNCING) == SYNCING:
            self._status[uid] = TERMINATING

    def complete_terminating(self, uid: str) -> None:
        """``SyncTerminatingPod`` returned: every container has stopped."""
        self._status[uid] = TERMINATED

    def forget(self, uid: str) -> None:
        """The pod is gone from the API and fully cleaned up: drop its worker."""
        self._status.pop(uid, None)

    def reset(self) -> None:
        """A kubelet restart: the workers start again from what the API and disk say."""
        self._status.clear()

    def state(self, uid: str) -> str | None:
        return self._status.get(uid)

    def should_pod_containers_be_terminating(self, uid: str) -> bool:
        status = self._status.get(uid)
        if status is not None:
            return status in (TERMINATING, TERMINATED)
        return self.pods_synced

    def should_pod_runtime_be_removed(self, uid: str) -> bool:
        """True once the pod's containers have stopped (``IsTerminated``)."""
        status = self._status.get(uid)
        if status is not None:
            return status == TERMINATED
        return self.pods_synced

"""A node simulator: the part of the kubelet that moves pods through their lifecycle.

For each pod bound to this node (``spec.nodeName``) it plays the kubelet's
role in the status the control plane sees:

* a new pod: mount its volumes (if a volume manager is given), then report
  phase ``Running`` with every container running but not ready, conditions
  ``PodScheduled``/``Initialized``/``ContainersReady=False``/``Ready=False``;
* after ``startup_delay`` seconds on the clock (a stand-in for the readiness
  probe's first success): containers ready, ``Ready=True`` with
  ``lastTransitionTime`` = that moment;
* ``crash_container``: the container restarts (``restartCount`` + 1), the pod
  turns not ready and becomes ready again after ``startup_delay``;
* ``fail_pod``: phase ``Failed`` (the ReplicaSet controller replaces it); the
  containers have stopped, so the volumes are torn down at once, while the
  pod object still exists (``ShouldPodRuntimeBeRemoved``, see
  ``k8slearn.kubelet.pod_workers``);
* a pod with a ``deletionTimestamp``: containers stop, volumes are unmounted
  and the pod object is removed (a zero-grace delete); a deleted pod's
  volumes are unmounted as well.

Status writes are read-modify-write with retry on conflict.  Work is queued by
the informer handlers and done in :meth:`NodeSimulator.process_pending`
(the deterministic driver calls it; :meth:`run` starts a thread instead).

Course simplification: no container runtime, probes or pod workers; a status
change is one API write.

Upstream: kubernetes/kubernetes pkg/kubelet/kubelet.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/kubelet/status/status_manager.go @ v1.36.0
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from k8slearn.api.core import (
    ContainerState,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStatus,
    PodCondition,
)
from k8slearn.apiserver.errors import Conflict, NotFound, is_not_found
from k8slearn.apiserver.retry import Backoff, retry_on_conflict

__all__ = ["NodeSimulator"]

_RETRY = Backoff(steps=10, duration=0.0, factor=1.0, jitter=0.0)


def _set_condition(pod: Any, ctype: str, status: str, now: float) -> None:
    for c in pod.status.conditions:
        if c.type == ctype:
            if c.status != status:
                c.status, c.last_transition_time = status, now
            return
    pod.status.conditions.append(PodCondition(type=ctype, status=status,
                                              last_transition_time=now))


class NodeSimulator:
    """Simulates one node's kubelet for the pods bound to it."""

    def __init__(
        self, client: Any, factory: Any, node_name: str, clock: Any = None,
        startup_delay: float = 1.0, volume_manager: Any = None,
    ) -> None:
        self.client = client
        self.node_name = node_name
        self.clock = clock if clock is not None else factory.clock
        self.startup_delay = startup_delay
        self.volume_manager = volume_manager
        self._work: deque[tuple[str, str, str]] = deque()
        self._lock = threading.Lock()
        self._has_work = threading.Condition(self._lock)
        self._started: set[str] = set()  # pod UIDs whose containers are running
        self._torn_down: set[str] = set()  # terminated pods whose volumes are gone
        self._timers: dict[str, Any] = {}
        factory.informer_for("pods").add_event_handler(
            on_add=self._on_pod, on_update=lambda old, new: self._on_pod(new),
            on_delete=self._on_delete,
        )
        #: ``(time, pod name, what)``: the node's log, for notebooks
        self.log: list[tuple[float, str, str]] = []

    # -- informer handlers queue work
    def _mine(self, pod: Any) -> bool:
        return pod.spec.node_name == self.node_name

    def _queue(self, action: str, pod: Any) -> None:
        with self._lock:
            self._work.append((action, pod.metadata.namespace, pod.metadata.name))
            self._has_work.notify_all()

    def _on_pod(self, pod: Any) -> None:
        if not self._mine(pod):
            return
        if pod.metadata.deletion_timestamp is not None:
            self._queue("terminate", pod)
        elif pod.metadata.uid not in self._started and pod.status.phase in ("", "Pending"):
            self._queue("start", pod)

    def _on_delete(self, obj: Any) -> None:
        pod = getattr(obj, "obj", obj)
        if pod is None or not self._mine(pod):
            return
        uid = pod.metadata.uid
        if uid in self._started:
            self._started.discard(uid)
            timer = self._timers.pop(uid, None)
            if timer is not None:
                timer.stop()
            if self.volume_manager is not None:
                if uid not in self._torn_down:
                    self.volume_manager.unmount_pod_volumes(pod)
                elif hasattr(self.volume_manager, "cleanup_pod_dir"):
                    self.volume_manager.cleanup_pod_dir(uid)  # orphaned pod dir cleanup
            self._torn_down.discard(uid)
            self.log.append((self.clock.now(), pod.metadata.name, "unmounted, gone"))

    # -- the work
    def process_pending(self) -> int:
        n = 0
        while True:
            with self._lock:
                if not self._work:
                    return n
                action, ns, name = self._work.popleft()
            try:
                getattr(self, f"_{action}")(ns, name)
            except NotFound:
                pass
            n += 1

    def run(self, stop: threading.Event) -> None:
        """Thread mode: process work whenever the informer queues some (until ``stop``)."""
        def loop() -> None:
            while True:
                with self._lock:
                    while not self._work and not stop.is_set():
                        self._has_work.wait()
                if stop.is_set():
                    return
                self.process_pending()

        def closer() -> None:
            stop.wait()
            with self._lock:
                self._has_work.notify_all()

        threading.Thread(target=loop, daemon=True).start()
        threading.Thread(target=closer, daemon=True).start()

    def _mutate_status(self, ns: str, name: str, fn: Callable[[Any], bool]) -> Any:
        def attempt() -> Any:
            pod = self.client.get("pods", ns, name)
            if not fn(pod):
                return pod
            return self.client.update_status(pod)
        try:
            return retry_on_conflict(_RETRY, attempt)
        except Conflict:
            return None

    def _start(self, ns: str, name: str) -> None:
        pod = self.client.get("pods", ns, name)
        if pod.metadata.uid in self._started or pod.metadata.deletion_timestamp is not None:
            return
        if self.volume_manager is not None:
            self.volume_manager.mount_pod_volumes(pod)
        now = self.clock.now()

        def running(p: Any) -> bool:
            p.status.phase = "Running"
            p.status.start_time = now
            p.status.container_statuses = [
                ContainerStatus(name=c.name, image=c.image, ready=False, started=True,
                                state=ContainerState(running=ContainerStateRunning(now)))
                for c in p.spec.containers
            ]
            for ctype, status in (("PodScheduled", "True"), ("Initialized", "True"),
                                  ("ContainersReady", "False"), ("Ready", "False")):
                _set_condition(p, ctype, status, now)
            return True

        self._started.add(pod.metadata.uid)
        self._mutate_status(ns, name, running)
        self.log.append((now, name, "running"))
        self._schedule_ready(pod)

    def _schedule_ready(self, pod: Any) -> None:
        uid, ns, name = pod.metadata.uid, pod.metadata.namespace, pod.metadata.name

        def fire() -> None:
            self._timers.pop(uid, None)
            if uid in self._started:
                self._become_ready(ns, name, uid)

        self._timers[uid] = self.clock.after_func(self.startup_delay, fire)

    def _become_ready(self, ns: str, name: str, uid: str) -> None:
        now = self.clock.now()

        def ready(p: Any) -> bool:
            if p.metadata.uid != uid or p.status.phase != "Running":
                return False
            for cs in p.status.container_statuses:
                cs.ready = True
            _set_condition(p, "ContainersReady", "True", now)
            _set_condition(p, "Ready", "True", now)
            return True

        try:
            self._mutate_status(ns, name, ready)
            self.log.append((now, name, "ready"))
        except NotFound:
            pass

    def _terminate(self, ns: str, name: str) -> None:
        try:
            pod = self.client.get("pods", ns, name)
        except NotFound:
            return
        try:
            self.client.delete("pods", ns, name, grace_period_seconds=0)
        except Exception as err:  # noqa: BLE001 - already gone is fine
            if not is_not_found(err):
                raise
        self._on_delete(pod)

    # -- faults
    def crash_container(self, namespace: str, name: str, container: str | None = None) -> None:
        """The container exits and is restarted: restartCount + 1, not ready until start-up."""
        now = self.clock.now()
        pod = self.client.get("pods", namespace, name)

        def crash(p: Any) -> bool:
            for cs in p.status.container_statuses:
                if container is None or cs.name == container:
                    cs.last_state = ContainerState(terminated=ContainerStateTerminated(
                        exit_code=1, reason="Error", finished_at=now))
                    cs.restart_count += 1
                    cs.ready = False
                    cs.state = ContainerState(running=ContainerStateRunning(now))
            _set_condition(p, "ContainersReady", "False", now)
            _set_condition(p, "Ready", "False", now)
            return True

        self._mutate_status(namespace, name, crash)
        self.log.append((now, name, "container restarted"))
        self._schedule_ready(pod)

    def fail_pod(self, namespace: str, name: str) -> None:
        """The pod fails for good (phase ``Failed``); its controller must replace it."""
        now = self.clock.now()
        pod = self.client.get("pods", namespace, name)

        def fail(p: Any) -> bool:
            p.status.phase = "Failed"
            for cs in p.status.container_statuses:
                cs.ready = False
                cs.state = ContainerState(terminated=ContainerStateTerminated(
                    exit_code=137, reason="Error", finished_at=now))
            _set_condition(p, "ContainersReady", "False", now)
            _set_condition(p, "Ready", "False", now)
            return True

        timer = self._timers.pop(pod.metadata.uid, None)
        if timer is not None:
            timer.stop()
        self._mutate_status(namespace, name, fail)
        self.log.append((now, name, "failed"))
        if self.volume_manager is not None and pod.metadata.uid in self._started:
            vm = self.volume_manager  # terminated: the volumes go now, the pod dir stays
            getattr(vm, "tear_down_pod_volumes", vm.unmount_pod_volumes)(pod)
            self._torn_down.add(pod.metadata.uid)

"""The ReplicaSet controller: keep ``spec.replicas`` pods running.

Built as kube-controller-manager builds it: the ReplicaSet and Pod informers
turn events into ``namespace/name`` keys in a rate-limited work queue; workers
pop a key and ``sync_replica_set`` it:

1. read the ReplicaSet from the lister (gone: drop its expectations);
2. read the expectations **before** listing pods;
3. claim pods: owned + matching, adopting matching orphans, releasing owned
   pods that stopped matching;
4. if expectations are satisfied and the ReplicaSet is not being deleted,
   ``manage_replicas``: create the missing pods in slow-start batches of
   1, 2, 4, 8, ... (a failing batch stops the rest), or delete the surplus,
   the worst-ranked first (:mod:`k8slearn.controller.controller_utils`); at
   most ``burst_replicas`` (500) per sync;
5. compute and write the status; a manage error is returned after that, so
   the key is retried with ``add_rate_limited``; success calls ``forget``.

v1.36: before anything else a sync checks the consistency store
(:mod:`k8slearn.controller.consistency`); a cache older than the controller's
own last pod create or status write fails the sync, which is retried with
backoff.  ``stale_controller_consistency=False`` is the feature gate
``StaleControllerConsistencyReplicaSet`` turned off (the v1.35 behaviour), and
the course-only ``use_expectations=False`` makes every sync trust its cache,
to show what expectations prevent.

Course simplifications: the calls of one slow-start batch (and the deletes)
run one after another, not in goroutines; events go to an in-memory recorder.

Upstream: kubernetes/kubernetes pkg/controller/replicaset/replica_set.go @ v1.36.0
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from k8slearn.apiserver.errors import is_not_found
from k8slearn.apiserver.selection import SelectorError, label_selector_as_matcher
from k8slearn.clock import Clock
from k8slearn.controller.consistency import ConsistencyStore
from k8slearn.controller.controller_ref_manager import (
    PodControllerRefManager,
    recheck_deletion_timestamp,
)
from k8slearn.controller.controller_utils import (
    POD_CONTROLLER_INDEX,
    SLOW_START_INITIAL_BATCH_SIZE,
    filter_active_pods,
    filter_claimed_pods,
    filter_pods_by_owner,
    filter_terminating_pods,
    get_controller_of,
    pod_controller_index_func,
    pod_key,
)
from k8slearn.controller.expectations import (
    ControllerExpectations,
    UIDTrackingControllerExpectations,
)
from k8slearn.controller.objects import controller_ref
from k8slearn.controller.pod_control import EventRecorder, RealPodControl
from k8slearn.controller.podutil import is_pod_ready
from k8slearn.controller.replicaset.replica_set_utils import (
    calculate_status,
    get_pods_to_delete,
    slow_start_batch,
    update_replica_set_status,
)
from k8slearn.tools.cache import DeletedFinalStateUnknown, Lister, split_meta_namespace_key
from k8slearn.tools.cache.controller import deletion_handling_meta_namespace_key_func
from k8slearn.workqueue import RateLimitingQueue, default_controller_rate_limiter

__all__ = [
    "BURST_REPLICAS",
    "CONTROLLER_UID_INDEX",
    "ReplicaSetController",
    "slow_start_batch",
    "get_pods_to_delete",
]

BURST_REPLICAS = 500
CONTROLLER_UID_INDEX = "controllerUID"
KIND = "ReplicaSet"


def _controller_uid_index(rs: Any) -> list[str]:
    ref = get_controller_of(rs)
    return [ref.uid] if ref is not None else []


class ReplicaSetController:
    """Informers -> work queue -> ``sync_replica_set``."""

    def __init__(
        self, client: Any, factory: Any, clock: Clock | None = None,
        burst_replicas: int = BURST_REPLICAS, rate_limiter: Any = None,
        *, use_expectations: bool = True, stale_controller_consistency: bool = True,
    ) -> None:
        self.client = client
        self.clock: Clock = clock if clock is not None else factory.clock
        self.burst_replicas = burst_replicas
        #: Course-only switch: False makes every sync trust its cache (no expectations).
        self.use_expectations = use_expectations
        #: The ``StaleControllerConsistencyReplicaSet`` feature gate (beta, on in v1.36).
        self.stale_controller_consistency = stale_controller_consistency
        self.recorder = EventRecorder(self.clock)
        self.pod_control = RealPodControl(client, self.recorder)
        self.expectations = UIDTrackingControllerExpectations(ControllerExpectations(self.clock))
        self.queue = RateLimitingQueue(
            rate_limiter if rate_limiter is not None
            else default_controller_rate_limiter(self.clock),
            clock=self.clock, name="replicaset",
        )
        self.rs_informer = factory.informer_for("replicasets")
        self.pod_informer = factory.informer_for("pods")
        if CONTROLLER_UID_INDEX not in self.rs_informer.indexer.get_indexers():
            self.rs_informer.add_indexers({CONTROLLER_UID_INDEX: _controller_uid_index})
        if POD_CONTROLLER_INDEX not in self.pod_informer.indexer.get_indexers():
            self.pod_informer.add_indexers({POD_CONTROLLER_INDEX: pod_controller_index_func})
        self.consistency = ConsistencyStore(
            {"pods": self.pod_informer.indexer, "replicasets.apps": self.rs_informer.indexer}
        )
        self.rs_lister = Lister(self.rs_informer.indexer, "replicasets")
        self.pod_lister = Lister(self.pod_informer.indexer, "pods")
        self.rs_informer.add_event_handler(
            on_add=self.add_rs, on_update=self.update_rs, on_delete=self.delete_rs
        )
        self.pod_informer.add_event_handler(
            on_add=self.add_pod, on_update=self.update_pod, on_delete=self.delete_pod
        )
        self.sync_handler: Callable[[str], None] = self.sync_replica_set
        #: ``(time, key, error or None)`` per sync, and ``(time, key, size)`` per create batch
        self.sync_log: list[tuple[float, str, BaseException | None]] = []
        self.batch_log: list[tuple[float, str, int]] = []
        self.deleted_log: list[tuple[float, str, list[str]]] = []

    # ------------------------------------------------------------------ event handlers
    def enqueue(self, rs: Any) -> None:
        self.queue.add(deletion_handling_meta_namespace_key_func(rs))

    def add_rs(self, rs: Any) -> None:
        self.enqueue(rs)

    def update_rs(self, old: Any, cur: Any) -> None:
        if cur.metadata.uid != old.metadata.uid:
            key = deletion_handling_meta_namespace_key_func(old)
            self.delete_rs(DeletedFinalStateUnknown(key, old))
        self.enqueue(cur)  # always, resyncs included

    def delete_rs(self, obj: Any) -> None:
        rs = obj.obj if isinstance(obj, DeletedFinalStateUnknown) else obj
        if rs is None:
            return
        key = deletion_handling_meta_namespace_key_func(rs)
        self.consistency.clear(key, rs.metadata.uid)
        self.expectations.delete_expectations(key)
        self.queue.add(key)

    def resolve_controller_ref(self, namespace: str, ref: Any) -> Any:
        if ref.kind != KIND:
            return None
        try:
            rs = self.rs_lister.get(namespace, ref.name)
        except Exception:  # noqa: BLE001 - not found: not ours
            return None
        return rs if rs.metadata.uid == ref.uid else None

    def get_pod_replica_sets(self, pod: Any) -> list[Any]:
        if not pod.metadata.labels:
            return []
        out = []
        for rs in self.rs_lister.namespace(pod.metadata.namespace).list():
            sel = rs.spec.selector
            if sel is None or (not sel.match_labels and not sel.match_expressions):
                continue
            try:
                if label_selector_as_matcher(sel)(pod.metadata.labels):
                    out.append(rs)
            except SelectorError:
                continue
        return out

    def add_pod(self, pod: Any) -> None:
        if pod.metadata.deletion_timestamp is not None:
            self.delete_pod(pod)
            return
        ref = get_controller_of(pod)
        if ref is not None:
            rs = self.resolve_controller_ref(pod.metadata.namespace, ref)
            if rs is None:
                return
            key = deletion_handling_meta_namespace_key_func(rs)
            self.expectations.creation_observed(key)
            self.queue.add(key)
            return
        for rs in self.get_pod_replica_sets(pod):
            self.enqueue(rs)

    def update_pod(self, old: Any, cur: Any) -> None:
        if cur.metadata.resource_version == old.metadata.resource_version:
            return
        label_changed = (cur.metadata.labels or {}) != (old.metadata.labels or {})
        if cur.metadata.deletion_timestamp is not None:
            self.delete_pod(cur)
            if label_changed:
                self.delete_pod(old)
            return
        cur_ref, old_ref = get_controller_of(cur), get_controller_of(old)
        ref_changed = cur_ref != old_ref
        if ref_changed and old_ref is not None:
            rs = self.resolve_controller_ref(old.metadata.namespace, old_ref)
            if rs is not None:
                self.enqueue(rs)
        if cur_ref is not None:
            rs = self.resolve_controller_ref(cur.metadata.namespace, cur_ref)
            if rs is None:
                return
            self.enqueue(rs)
            if (not is_pod_ready(old) and is_pod_ready(cur)
                    and rs.spec.min_ready_seconds > 0):
                self.queue.add_after(
                    deletion_handling_meta_namespace_key_func(rs), rs.spec.min_ready_seconds
                )
            return
        if label_changed or ref_changed:
            for rs in self.get_pod_replica_sets(cur):
                self.enqueue(rs)

    def delete_pod(self, obj: Any) -> None:
        pod = obj.obj if isinstance(obj, DeletedFinalStateUnknown) else obj
        if pod is None:
            return
        ref = get_controller_of(pod)
        if ref is None:
            return
        rs = self.resolve_controller_ref(pod.metadata.namespace, ref)
        if rs is None:
            return
        key = deletion_handling_meta_namespace_key_func(rs)
        self.expectations.deletion_observed(key, pod_key(pod))
        self.queue.add(key)

    # ------------------------------------------------------------------ workers
    def process_next_work_item(self) -> bool:
        """One ``Get`` / sync / ``Forget`` or ``AddRateLimited`` / ``Done`` round."""
        key, shutdown = self.queue.get()
        if shutdown:
            return False
        try:
            err = None
            try:
                self.sync_handler(key)
            except Exception as e:  # noqa: BLE001 - requeued with backoff
                err = e
            self.sync_log.append((self.clock.now(), key, err))
            if err is None:
                self.queue.forget(key)
            else:
                self.queue.add_rate_limited(key)
        finally:
            self.queue.done(key)
        return True

    def process_pending(self) -> int:
        """Deterministic driver: process every key that is ready now."""
        n = 0
        while self.queue.len() > 0:
            self.process_next_work_item()
            n += 1
        return n

    def run(self, workers: int, stop: threading.Event) -> list[threading.Thread]:
        """Start ``workers`` threads; setting ``stop`` shuts the queue down."""
        def worker() -> None:
            while self.process_next_work_item():
                pass

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
        for t in threads:
            t.start()

        def closer() -> None:
            stop.wait()
            self.queue.shut_down()

        threading.Thread(target=closer, daemon=True).start()
        return threads

    # ------------------------------------------------------------------ sync
    def sync_replica_set(self, key: str) -> None:
        namespace, name = split_meta_namespace_key(key)
        if self.stale_controller_consistency:
            self.consistency.ensure_ready(key)
        try:
            rs = self.rs_lister.get(namespace, name)
        except Exception as err:
            if is_not_found(err):
                self.consistency.clear(key)
                self.expectations.delete_expectations(key)
                return
            raise
        rs_needs_sync = (self.expectations.satisfied_expectations(key)
                         if self.use_expectations else True)
        try:
            matches = label_selector_as_matcher(rs.spec.selector)
        except SelectorError:
            return  # reported upstream as an event; no retry
        all_pods = filter_pods_by_owner(self.pod_informer.indexer, rs.metadata, KIND, True)
        active = self.claim_pods(rs, matches, filter_active_pods(all_pods))
        terminating = filter_claimed_pods(rs, matches, filter_terminating_pods(all_pods))
        manage_err = None
        if rs_needs_sync and rs.metadata.deletion_timestamp is None:
            try:
                self.manage_replicas(active, rs)
            except Exception as err:  # noqa: BLE001 - written into the status first
                manage_err = err
        now = self.clock.now()
        new_status = calculate_status(rs, active, terminating, manage_err, now)
        updated = update_replica_set_status(self.client, rs, new_status)
        if self.stale_controller_consistency:
            self.consistency.wrote_at(
                key, rs.metadata.uid, "replicasets.apps", updated.metadata.resource_version
            )
        if manage_err is not None:
            raise manage_err
        mrs = updated.spec.min_ready_seconds
        if mrs > 0 and updated.status.ready_replicas != updated.status.available_replicas:
            self.queue.add_after(key, self._next_availability_check(active, mrs, now))

    def _next_availability_check(self, pods: list[Any], mrs: float, now: float) -> float:
        from k8slearn.controller.podutil import get_pod_ready_condition

        best = None
        for p in pods:
            c = get_pod_ready_condition(p)
            if c is None or c.status != "True" or c.last_transition_time is None:
                continue
            d = c.last_transition_time + mrs - now
            if d > 0 and (best is None or d < best):
                best = d
        if best is None:
            return float(mrs)
        return max(0.0, best)

    def claim_pods(self, rs: Any, matches: Callable[[dict], bool], pods: list[Any]) -> list[Any]:
        def fresh() -> Any:
            live = self.client.get("replicasets", rs.metadata.namespace, rs.metadata.name)
            if live.metadata.uid != rs.metadata.uid:
                raise RuntimeError(
                    f"original {KIND} {rs.metadata.namespace}/{rs.metadata.name} is gone: "
                    f"got uid {live.metadata.uid}, wanted {rs.metadata.uid}"
                )
            return live

        manager = PodControllerRefManager(
            self.pod_control, rs, matches, KIND, recheck_deletion_timestamp(fresh)
        )
        claimed, errors = manager.claim_pods(pods)
        if errors:
            raise errors[0] if len(errors) == 1 else RuntimeError(
                "[" + ", ".join(str(e) for e in errors) + "]"
            )
        return claimed

    def get_indirectly_related_pods(self, rs: Any) -> list[Any]:
        ref = get_controller_of(rs)
        if ref is None:
            return []
        seen, out = set(), []
        for other in self.rs_informer.indexer.by_index(CONTROLLER_UID_INDEX, ref.uid):
            if other.metadata.namespace != rs.metadata.namespace:
                continue
            try:
                matches = label_selector_as_matcher(other.spec.selector)
            except SelectorError:
                continue
            for pod in self.pod_lister.namespace(rs.metadata.namespace).list():
                if matches(pod.metadata.labels or {}) and pod.metadata.uid not in seen:
                    seen.add(pod.metadata.uid)
                    out.append(pod)
        return out

    def manage_replicas(self, active: list[Any], rs: Any) -> None:
        replicas = rs.spec.replicas if rs.spec.replicas is not None else 1
        diff = len(active) - replicas
        key = deletion_handling_meta_namespace_key_func(rs)
        if diff < 0:
            diff = min(-diff, self.burst_replicas)
            self.expectations.expect_creations(key, diff)
            ref = controller_ref(rs)

            def create() -> None:
                pod = self.pod_control.create_pods(
                    rs.metadata.namespace, rs.spec.template, rs, ref
                )
                if self.stale_controller_consistency:
                    self.consistency.wrote_at(
                        key, rs.metadata.uid, "pods", pod.metadata.resource_version
                    )

            successes, err = slow_start_batch(
                diff, SLOW_START_INITIAL_BATCH_SIZE, create,
                on_batch=lambda n: self.batch_log.append((self.clock.now(), key, n)),
            )
            for _ in range(diff - successes):
                self.expectations.creation_observed(key)
            if err is not None:
                raise err
        elif diff > 0:
            diff = min(diff, self.burst_replicas)
            related = self.get_indirectly_related_pods(rs)
            to_delete = get_pods_to_delete(list(active), related, diff, self.clock.now())
            self.expectations.expect_deletions(key, [pod_key(p) for p in to_delete])
            self.deleted_log.append(
                (self.clock.now(), key, [p.metadata.name for p in to_delete])
            )
            first_err = None
            for pod in to_delete:
                try:
                    self.pod_control.delete_pod(pod.metadata.namespace, pod.metadata.name, rs)
                except Exception as err:  # noqa: BLE001 - lower the expectation, keep going
                    self.expectations.deletion_observed(key, pod_key(pod))
                    if not is_not_found(err) and first_err is None:
                        first_err = err
            if first_err is not None:
                raise first_err

"""The Deployment controller: templates -> ReplicaSets, rolled out step by step.

Informers for Deployments, ReplicaSets and Pods feed ``namespace/name`` keys of
Deployments into a rate-limited queue; ``sync_deployment``:

1. reads the Deployment; one being deleted only gets its status synced;
2. lists the ReplicaSets it controls (controllerRef UID; course: no adoption
   of orphans);
3. finds the *new* ReplicaSet (template equal to the Deployment's, ignoring
   ``pod-template-hash``) or creates it, named ``<deployment>-<hash>``, with
   revision = highest old revision + 1 (an old ReplicaSet whose template is
   the current one again, e.g. after ``kubectl rollout undo``, is reused and
   gets the new revision), and copies annotations such as
   ``kubernetes.io/change-cause`` onto it;
4. paused, or a scaling event (an active ReplicaSet's desired-replicas annotation
   is not ``spec.replicas``): only scales, proportionally
   (``rolling.scale_plan``), and creates no new ReplicaSet;
   otherwise runs the strategy (:mod:`k8slearn.controller.deployment.rolling`);
   a paused Deployment shows Progressing Unknown ``DeploymentPaused``;
5. once the rollout is complete, deletes old ReplicaSets beyond
   ``revisionHistoryLimit`` (``cleanupDeployment``);
6. writes the status when it changed, with the Progressing condition
   (:mod:`k8slearn.controller.deployment.progress`), and requeues a stuck
   rollout for the moment its progress deadline passes.

Events (``ScalingReplicaSet``: ``Scaled up replica set web-5d8f7c9b6 from 0 to
3``) go to the recorder, which the course cluster publishes as Event objects.

Upstream: kubernetes/kubernetes pkg/controller/deployment/deployment_controller.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/deployment/sync.go @ v1.36.0
"""

from __future__ import annotations

import copy
from typing import Any

from k8slearn.api.apps import ReplicaSet, ReplicaSetSpec
from k8slearn.api.meta import LabelSelector, ObjectMeta
from k8slearn.apiserver.errors import is_already_exists, is_not_found
from k8slearn.controller.controller_utils import get_controller_of
from k8slearn.controller.deployment import progress, rolling
from k8slearn.controller.deployment.util import (
    DEFAULT_LABEL_KEY,
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
    REVISION_ANNOTATION,
    SKIP_COPY,
    compute_hash,
    equal_ignore_hash,
    max_revision,
    max_surge,
    revision,
    set_new_revision,
)
from k8slearn.controller.objects import controller_ref
from k8slearn.controller.pod_control import EventRecorder
from k8slearn.tools.cache import DeletedFinalStateUnknown, Lister, split_meta_namespace_key
from k8slearn.tools.cache.controller import deletion_handling_meta_namespace_key_func
from k8slearn.workqueue import RateLimitingQueue, default_controller_rate_limiter

__all__ = ["DeploymentController"]


class DeploymentController:
    """Informers -> work queue -> ``sync_deployment`` (see module docstring)."""

    def __init__(self, client: Any, factory: Any, clock: Any = None) -> None:
        self.client = client
        self.clock = clock if clock is not None else factory.clock
        self.recorder = EventRecorder(self.clock)
        self.queue = RateLimitingQueue(default_controller_rate_limiter(self.clock),
                                       clock=self.clock, name="deployment")
        self.d_lister = Lister(factory.informer_for("deployments").get_indexer(), "deployments")
        self.rs_lister = Lister(factory.informer_for("replicasets").get_indexer(), "replicasets")
        factory.informer_for("deployments").add_event_handler(
            on_add=self._enqueue, on_update=lambda old, new: self._enqueue(new),
            on_delete=self._enqueue)
        factory.informer_for("replicasets").add_event_handler(
            on_add=self._rs_changed, on_update=lambda old, new: self._rs_changed(new),
            on_delete=self._rs_changed)
        #: ``(time, key, error or None)`` per sync
        self.sync_log: list[tuple[float, str, BaseException | None]] = []

    # ------------------------------------------------------------------ handlers
    def _enqueue(self, obj: Any) -> None:
        d = obj.obj if isinstance(obj, DeletedFinalStateUnknown) else obj
        if d is not None:
            self.queue.add(deletion_handling_meta_namespace_key_func(d))

    def _rs_changed(self, obj: Any) -> None:
        rs = obj.obj if isinstance(obj, DeletedFinalStateUnknown) else obj
        ref = get_controller_of(rs) if rs is not None else None
        if ref is not None and ref.kind == "Deployment":
            self.queue.add(f"{rs.metadata.namespace}/{ref.name}")

    # ------------------------------------------------------------------ worker
    def process_pending(self) -> int:
        n = 0
        while self.queue.len() > 0:
            key, shutdown = self.queue.get()
            if shutdown:
                return n
            try:
                err = None
                try:
                    self.sync_deployment(key)
                except Exception as e:  # noqa: BLE001 - requeued with backoff
                    err = e
                self.sync_log.append((self.clock.now(), key, err))
                if err is None:
                    self.queue.forget(key)
                else:
                    self.queue.add_rate_limited(key)
            finally:
                self.queue.done(key)
            n += 1
        return n

    # ------------------------------------------------------------------ sync
    def sync_deployment(self, key: str) -> None:
        ns, name = split_meta_namespace_key(key)
        try:
            d = copy.deepcopy(self.d_lister.get(ns, name))
        except Exception as err:
            if is_not_found(err):
                return
            raise
        rss = [rs for rs in self.rs_lister.namespace(ns).list()
               if (ref := get_controller_of(rs)) is not None and ref.uid == d.metadata.uid]
        rss.sort(key=lambda rs: (rs.metadata.creation_timestamp or 0, rs.metadata.name))
        if d.metadata.deletion_timestamp is not None:
            self._sync_status(d, rss, self._find_new(d, rss), rollout=False)
            return
        self._check_paused_conditions(d)
        # paused, or a scaling event (``kubectl scale`` or the HPA): ``sync`` only scales,
        # proportionally, never creates the new ReplicaSet and leaves Progressing alone
        scaling = bool(d.spec.paused) or self._is_scaling_event(d, rss)
        new_rs = self._get_new_rs(d, rss, create=not scaling)
        if new_rs is not None and all(r.metadata.uid != new_rs.metadata.uid for r in rss):
            rss.append(new_rs)
        old = [rs for rs in rss if new_rs is None or rs.metadata.uid != new_rs.metadata.uid]
        if scaling:
            for rs, size in rolling.scale_plan(d, new_rs, old):
                self._scale(d, rs, size)
        elif (d.spec.strategy or {}).get("type") == "Recreate":
            self._recreate(d, new_rs, old)
        else:
            self._rolling(d, new_rs, old)
        rss = [self._fresh(rs) for rs in rss]
        rss = [rs for rs in rss if rs is not None]
        new_rs = self._fresh(new_rs) if new_rs is not None else None
        st = self._sync_status(d, rss, new_rs, rollout=not scaling)
        if d.spec.paused or (not scaling and rolling.is_complete(d, st)):
            self._cleanup(d, [rs for rs in rss if new_rs is None
                              or rs.metadata.uid != new_rs.metadata.uid])

    def _check_paused_conditions(self, d: Any) -> None:
        """``checkPausedConditions``: Progressing Unknown with reason DeploymentPaused
        while paused, DeploymentResumed once resumed (never over a timed-out one)."""
        if not progress.has_progress_deadline(d):
            return
        cond = next((c for c in d.status.conditions if c.type == progress.PROGRESSING), None)
        if cond is not None and cond.reason == progress.TIMED_OUT:
            return
        paused_shown = cond is not None and cond.reason == "DeploymentPaused"
        if d.spec.paused and not paused_shown:
            reason, message = "DeploymentPaused", "Deployment is paused"
        elif not d.spec.paused and paused_shown:
            reason, message = "DeploymentResumed", "Deployment is resumed"
        else:
            return
        rolling.set_condition(d.status, progress.PROGRESSING, "Unknown", reason, message,
                              self.clock.now())
        cur = self.client.get("deployments", d.metadata.namespace, d.metadata.name)
        cur.status = copy.deepcopy(d.status)
        self.client.update_status(cur)

    def _fresh(self, rs: Any) -> Any:
        try:
            return self.client.get("replicasets", rs.metadata.namespace, rs.metadata.name)
        except Exception as err:
            if is_not_found(err):
                return None
            raise

    def _find_new(self, d: Any, rss: list[Any]) -> Any:
        matches = [rs for rs in rss if equal_ignore_hash(rs.spec.template, d.spec.template)]
        return matches[0] if matches else None

    def _get_new_rs(self, d: Any, rss: list[Any], create: bool = True) -> Any:
        existing = self._find_new(d, rss)
        if existing is None and not create:
            return None
        old = [rs for rs in rss if existing is None or rs.metadata.uid != existing.metadata.uid]
        new_revision = str(max_revision(old) + 1)
        if existing is not None:
            rs = copy.deepcopy(existing)
            changed = self._copy_annotations(d, rs, exists=True)
            changed |= set_new_revision(rs, new_revision)
            if changed or rs.spec.min_ready_seconds != d.spec.min_ready_seconds:
                rs.spec.min_ready_seconds = d.spec.min_ready_seconds
                rs = self.client.update(rs)
            self._set_deployment_revision(d, rs.metadata.annotations.get(REVISION_ANNOTATION))
            return rs
        h = compute_hash(d.spec.template, d.status.collision_count)
        template = copy.deepcopy(d.spec.template)
        template.metadata.labels = {**template.metadata.labels, DEFAULT_LABEL_KEY: h}
        selector = copy.deepcopy(d.spec.selector) or LabelSelector()
        selector.match_labels = {**selector.match_labels, DEFAULT_LABEL_KEY: h}
        rs = ReplicaSet(
            metadata=ObjectMeta(name=f"{d.metadata.name}-{h}", namespace=d.metadata.namespace,
                                labels=dict(template.metadata.labels),
                                owner_references=[controller_ref(d)]),
            spec=ReplicaSetSpec(replicas=0, min_ready_seconds=d.spec.min_ready_seconds,
                                selector=selector, template=template))
        self._copy_annotations(d, rs)
        rs.metadata.annotations[REVISION_ANNOTATION] = new_revision
        rs.spec.replicas = rolling.new_rs_new_replicas(d, rss + [rs], rs)
        try:
            created = self.client.create(rs)
        except Exception as err:
            if not is_already_exists(err):
                raise
            found = self.client.get("replicasets", d.metadata.namespace, rs.metadata.name)
            ref = get_controller_of(found)
            if not (ref is not None and ref.uid == d.metadata.uid
                    and equal_ignore_hash(found.spec.template, d.spec.template)):
                # a hash collision: bump status.collisionCount (a new hash next sync), requeue
                cur = self.client.get("deployments", d.metadata.namespace, d.metadata.name)
                cur.status.collision_count = (d.status.collision_count or 0) + 1
                self.client.update_status(cur)
                raise
            self._set_deployment_revision(d, new_revision)
            return found  # ours after all (a slow cache): no event, no condition
        if created.spec.replicas:
            self._event(d, f"Scaled up replica set {created.metadata.name} from 0 to "
                           f"{created.spec.replicas}")
        if progress.has_progress_deadline(d):
            rolling.set_condition(d.status, progress.PROGRESSING, "True", "NewReplicaSetCreated",
                                  f'Created new replica set "{created.metadata.name}"',
                                  self.clock.now())
        self._set_deployment_revision(d, new_revision)
        return created

    def _copy_annotations(self, d: Any, rs: Any, exists: bool = False) -> bool:
        """``SetNewReplicaSetAnnotations``: copy the Deployment's annotations (added or
        changed, never removed); the replica annotations only onto a ReplicaSet about
        to be created (an existing one gets them when it is scaled)."""
        ann = rs.metadata.annotations
        before = dict(ann)
        for k, v in (d.metadata.annotations or {}).items():
            if k not in SKIP_COPY:
                ann[k] = v
        changed = ann != before
        if not exists:
            changed |= self._set_replicas_annotations(d, rs)
        return changed

    def _set_deployment_revision(self, d: Any, rev: str | None) -> None:
        if rev and (d.metadata.annotations or {}).get(REVISION_ANNOTATION) != rev:
            def write() -> None:
                cur = self.client.get("deployments", d.metadata.namespace, d.metadata.name)
                cur.metadata.annotations[REVISION_ANNOTATION] = rev
                self.client.update(cur)
                d.metadata.annotations[REVISION_ANNOTATION] = rev
            from k8slearn.apiserver.retry import Backoff, retry_on_conflict

            retry_on_conflict(Backoff(steps=10, duration=0.0, factor=1.0, jitter=0.0), write)

    # ------------------------------------------------------------------ scaling
    def _set_replicas_annotations(self, d: Any, rs: Any) -> bool:
        """``SetReplicasAnnotations``: the desired/max-replicas annotations only."""
        ann, before = rs.metadata.annotations, dict(rs.metadata.annotations)
        ann[DESIRED_REPLICAS_ANNOTATION] = str(d.spec.replicas or 0)
        ann[MAX_REPLICAS_ANNOTATION] = str((d.spec.replicas or 0) + max_surge(d))
        return ann != before

    def _scale(self, d: Any, rs: Any, to: int) -> Any:
        """``scaleReplicaSet``: write when the size *or* the size annotations are stale.

        Only the two replica annotations are refreshed: the Deployment's other
        annotations go to its *new* ReplicaSet alone (``SetNewReplicaSetAnnotations``),
        so an old ReplicaSet keeps the ones it had when it was new, which is what
        ``kubectl rollout undo`` copies back onto the Deployment."""
        frm = rs.spec.replicas or 0
        cur = self.client.get("replicasets", rs.metadata.namespace, rs.metadata.name)
        annotations_stale = self._set_replicas_annotations(d, cur)
        if frm == to and not annotations_stale:
            return rs
        cur.spec.replicas = to
        out = self.client.update(cur)
        if frm == to:
            return out
        verb = "up" if to > frm else "down"
        self._event(d, f"Scaled {verb} replica set {rs.metadata.name} from {frm} to {to}")
        return out

    def _event(self, d: Any, message: str) -> None:
        self.recorder.eventf(d, "Normal", "ScalingReplicaSet", message)

    def _is_scaling_event(self, d: Any, rss: list[Any]) -> bool:
        """``isScalingEvent``: an active ReplicaSet was sized for another replica count."""
        want = str(d.spec.replicas or 0)
        return any(rs.spec.replicas and rs.metadata.annotations.get(
            DESIRED_REPLICAS_ANNOTATION, want) != want for rs in rss)

    def _rolling(self, d: Any, new_rs: Any, old: list[Any]) -> None:
        all_rss = old + [new_rs]
        if (new_rs.spec.replicas or 0) > (d.spec.replicas or 0):
            self._scale(d, new_rs, d.spec.replicas or 0)
            return
        want = rolling.new_rs_new_replicas(d, all_rss, new_rs)
        if want != (new_rs.spec.replicas or 0):
            new_rs = self._scale(d, new_rs, want)
            return  # the next sync sees the new pods
        all_rss = old + [new_rs]
        budget = rolling.max_scaled_down(d, all_rss, new_rs)
        if budget <= 0:
            return
        # unhealthy pods of old ReplicaSets go first, then the oldest ReplicaSets
        for rs in sorted(old, key=lambda r: (r.metadata.creation_timestamp or 0)):
            if budget <= 0:
                break
            unhealthy = (rs.spec.replicas or 0) - rs.status.available_replicas
            if unhealthy > 0:
                cut = min(unhealthy, budget)
                rs = self._scale(d, rs, (rs.spec.replicas or 0) - cut)
                budget -= cut
        min_available = (d.spec.replicas or 0) - rolling.max_unavailable(d)
        available = sum(rs.status.available_replicas for rs in all_rss)
        budget = available - min_available
        for rs in sorted(old, key=lambda r: (r.metadata.creation_timestamp or 0)):
            if budget <= 0:
                break
            cur = self._fresh(rs)
            if cur is None or not cur.spec.replicas:
                continue
            cut = min(cur.spec.replicas, budget)
            self._scale(d, cur, cur.spec.replicas - cut)
            budget -= cut

    def _recreate(self, d: Any, new_rs: Any, old: list[Any]) -> None:
        active_old = [rs for rs in old if rs.spec.replicas or rs.status.replicas]
        for rs in active_old:
            self._scale(d, rs, 0)
        if any(rs.status.replicas for rs in active_old):
            return  # wait for old pods to go
        self._scale(d, new_rs, d.spec.replicas or 0)

    def _cleanup(self, d: Any, old: list[Any]) -> None:
        limit = d.spec.revision_history_limit
        if limit is None:
            return
        idle = [rs for rs in old if not rs.spec.replicas and not rs.status.replicas
                and rs.metadata.deletion_timestamp is None]
        idle.sort(key=lambda rs: (revision(rs), rs.metadata.creation_timestamp or 0))
        for rs in idle[:max(len(idle) - limit, 0)]:
            try:
                self.client.delete("replicasets", rs.metadata.namespace, rs.metadata.name)
            except Exception as err:
                if not is_not_found(err):
                    raise

    def _sync_status(self, d: Any, rss: list[Any], new_rs: Any, rollout: bool = True) -> Any:
        """``syncRolloutStatus`` (``rollout``: with the Progressing condition and the
        stuck-rollout requeue) or ``syncDeploymentStatus``; write if changed."""
        now = self.clock.now()
        st = rolling.calculate_status(d, rss, new_rs, now)
        if not rollout:
            if st != d.status:
                cur = self.client.get("deployments", d.metadata.namespace, d.metadata.name)
                cur.status = st
                self.client.update_status(cur)
            return st
        progress.sync_rollout_status(d, st, new_rs, now)
        if st != d.status:
            cur = self.client.get("deployments", d.metadata.namespace, d.metadata.name)
            cur.status = st
            self.client.update_status(cur)
        delay = progress.requeue_after(d, st, now)
        if delay is not None:
            self.queue.add_after(f"{d.metadata.namespace}/{d.metadata.name}", delay)
        return st

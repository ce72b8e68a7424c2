"""The Deployment controller's *scale* path, for a Deployment with one ReplicaSet.

Behind ``deployments/<name>/scale`` is only ``deployment.spec.replicas``.  The
Deployment controller notices the change and, when there is no rollout in
progress (one active ReplicaSet), ``scale`` sets that ReplicaSet's
``spec.replicas``; the ReplicaSet controller then creates or deletes pods; its
status flows back into ``deployment.status.replicas``, which ``/scale`` reports
as ``status.replicas`` beside the selector the HPA lists pods with.

Course simplification: no rollouts, revisions, surge or proportional scaling;
the ReplicaSet is named ``<deployment>-<hash of the name>``, not a hash of the
pod template, and carries the ``pod-template-hash`` label like the real one.

Upstream: kubernetes/kubernetes pkg/controller/deployment/sync.go @ v1.36.0
"""

from __future__ import annotations

import copy
import zlib
from typing import Any

__all__ = ["DeploymentScaler"]


def _hash(name: str) -> str:
    alphabet = "bcdfghjklmnpqrstvwxz2456789"  # the safe-encode alphabet upstream uses
    n, out = zlib.crc32(name.encode()), ""
    while len(out) < 10:
        n, r = divmod(n, len(alphabet))
        out += alphabet[r]
    return out[:10]


class DeploymentScaler:
    """Keeps each Deployment's single ReplicaSet at ``spec.replicas``; reports status back."""

    def __init__(self, client: Any, factory: Any) -> None:
        self.client = client
        self._pending: list[tuple[str, str]] = []
        factory.informer_for("deployments").add_event_handler(
            on_add=self._on_deploy, on_update=lambda old, new: self._on_deploy(new))
        factory.informer_for("replicasets").add_event_handler(
            on_add=self._on_rs, on_update=lambda old, new: self._on_rs(new))

    def _on_deploy(self, d: Any) -> None:
        self._pending.append((d.metadata.namespace or "default", d.metadata.name))

    def _on_rs(self, rs: Any) -> None:
        for ref in rs.metadata.owner_references or []:
            if ref.kind == "Deployment" and ref.controller:
                self._pending.append((rs.metadata.namespace or "default", ref.name))

    def process_pending(self) -> int:
        work, self._pending = list(dict.fromkeys(self._pending)), []
        for ns, name in work:
            self.sync(ns, name)
        return len(work)

    def sync(self, namespace: str, name: str) -> None:
        from k8slearn.apiserver.errors import is_not_found
        from k8slearn.controller.objects import controller_ref

        try:
            d = self.client.get("deployments", namespace, name)
        except Exception as e:
            if is_not_found(e):
                return
            raise
        h = _hash(name)
        rs_name = f"{name}-{h}"
        try:
            rs = self.client.get("replicasets", namespace, rs_name)
        except Exception as e:
            if not is_not_found(e):
                raise
            from k8slearn.api.apps import ReplicaSet, ReplicaSetSpec
            from k8slearn.api.meta import LabelSelector, ObjectMeta

            template = copy.deepcopy(d.spec.template)
            template.metadata.labels = dict(template.metadata.labels or {},
                                            **{"pod-template-hash": h})
            sel = copy.deepcopy(d.spec.selector) or LabelSelector()
            sel.match_labels = dict(sel.match_labels or {}, **{"pod-template-hash": h})
            rs = ReplicaSet(metadata=ObjectMeta(name=rs_name, namespace=namespace,
                                                labels=dict(template.metadata.labels),
                                                owner_references=[controller_ref(d)]),
                            spec=ReplicaSetSpec(replicas=d.spec.replicas, selector=sel,
                                                template=template))
            self.client.create(rs)
            return
        want = d.spec.replicas if d.spec.replicas is not None else 1
        if rs.spec.replicas != want:
            rs.spec.replicas = want
            self.client.update(rs)
        st = rs.status
        if (d.status.replicas, d.status.ready_replicas) != (st.replicas, st.ready_replicas):
            d.status.replicas, d.status.ready_replicas = st.replicas, st.ready_replicas
            d.status.available_replicas = st.available_replicas
            self.client.update_status(d)

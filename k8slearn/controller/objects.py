"""Small builders for the objects the controller chapter uses (course tooling).

Upstream: none (course tooling)
"""

from __future__ import annotations

from k8slearn.api.apps import ReplicaSet, ReplicaSetSpec
from k8slearn.api.core import Container, Pod, PodSpec, PodTemplateSpec
from k8slearn.api.meta import LabelSelector, ObjectMeta, OwnerReference

__all__ = ["new_replica_set", "new_pod", "controller_ref"]


def new_replica_set(
    name: str,
    replicas: int,
    labels: dict[str, str] | None = None,
    namespace: str = "default",
    min_ready_seconds: int = 0,
    image: str = "nginx:1.27",
) -> ReplicaSet:
    """A ReplicaSet selecting ``labels`` (default ``{"app": name}``) with one container."""
    labels = dict(labels or {"app": name})
    return ReplicaSet(
        metadata=ObjectMeta(name=name, namespace=namespace),
        spec=ReplicaSetSpec(
            replicas=replicas,
            min_ready_seconds=min_ready_seconds,
            selector=LabelSelector(match_labels=dict(labels)),
            template=PodTemplateSpec(
                metadata=ObjectMeta(labels=dict(labels)),
                spec=PodSpec(containers=[Container(name="app", image=image)]),
            ),
        ),
    )


def controller_ref(owner) -> OwnerReference:
    """``metav1.NewControllerRef``: controller and blockOwnerDeletion set."""
    return OwnerReference(
        api_version=owner.api_version, kind=owner.kind, name=owner.metadata.name,
        uid=owner.metadata.uid, controller=True, block_owner_deletion=True,
    )


def new_pod(
    name: str,
    labels: dict[str, str] | None = None,
    namespace: str = "default",
    node_name: str = "",
    owner=None,
) -> Pod:
    """A one-container pod, optionally controlled by ``owner``."""
    meta = ObjectMeta(name=name, namespace=namespace, labels=dict(labels or {}))
    if owner is not None:
        meta.owner_references = [controller_ref(owner)]
    return Pod(
        metadata=meta,
        spec=PodSpec(containers=[Container(name="app", image="nginx:1.27")], node_name=node_name),
    )

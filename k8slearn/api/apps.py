"""apps/v1 workloads: Deployment, ReplicaSet and StatefulSet (replicas, selector, template, status).

Upstream: kubernetes/kubernetes staging/src/k8s.io/api/apps/v1/types.go @ v1.36.0

``spec.replicas`` is ``None`` when absent (the apiserver would default it to 1;
the course does not default apps objects).  Strategy structures are kept as raw
maps.
"""

from __future__ import annotations

from typing import Any, ClassVar

from .core import PodTemplateSpec
from .meta import Condition, LabelSelector, ObjectMeta
from .serialization import Model, Object, fld, model, time_fld

__all__ = [
    "Deployment",
    "DeploymentCondition",
    "DeploymentSpec",
    "DeploymentStatus",
    "ReplicaSet",
    "ReplicaSetCondition",
    "ReplicaSetSpec",
    "ReplicaSetStatus",
    "StatefulSet",
    "StatefulSetSpec",
    "StatefulSetStatus",
]


@model
class DeploymentCondition(Model):
    """apps/v1 DeploymentCondition (Available, Progressing, ReplicaFailure)."""

    type: str = fld("", keep=True, go="v1.DeploymentConditionType")
    status: str = fld("", keep=True, go="v1.ConditionStatus")
    last_update_time: float | None = time_fld()
    last_transition_time: float | None = time_fld()
    reason: str = ""
    message: str = ""


@model
class DeploymentSpec(Model):
    """apps/v1 DeploymentSpec."""

    replicas: int | None = None
    selector: LabelSelector | None = None
    template: PodTemplateSpec = fld(factory=PodTemplateSpec)
    strategy: Any = None
    min_ready_seconds: int = 0
    revision_history_limit: int | None = None
    paused: bool = False
    progress_deadline_seconds: int | None = None


@model
class DeploymentStatus(Model):
    """apps/v1 DeploymentStatus."""

    observed_generation: int = fld(0, go="int64")
    replicas: int = 0
    updated_replicas: int = 0
    ready_replicas: int = 0
    available_replicas: int = 0
    unavailable_replicas: int = 0
    terminating_replicas: int | None = None
    conditions: list[DeploymentCondition] = fld(factory=list)
    collision_count: int | None = None


@model
class Deployment(Object):
    """apps/v1 Deployment."""

    API_VERSION: ClassVar[str] = "apps/v1"
    KIND: ClassVar[str] = "Deployment"

    api_version: str = "apps/v1"
    kind: str = "Deployment"
    metadata: ObjectMeta = fld(factory=ObjectMeta)
    spec: DeploymentSpec = fld(factory=DeploymentSpec)
    status: DeploymentStatus = fld(factory=DeploymentStatus)


@model
class ReplicaSetCondition(Model):
    """apps/v1 ReplicaSetCondition."""

    type: str = fld("", keep=True, go="v1.ReplicaSetConditionType")
    status: str = fld("", keep=True, go="v1.ConditionStatus")
    last_transition_time: float | None = time_fld()
    reason: str = ""
    message: str = ""


@model
class ReplicaSetSpec(Model):
    """apps/v1 ReplicaSetSpec."""

    replicas: int | None = None
    min_ready_seconds: int = 0
    selector: LabelSelector | None = None
    template: PodTemplateSpec = fld(factory=PodTemplateSpec)


@model
class ReplicaSetStatus(Model):
    """apps/v1 ReplicaSetStatus."""

    replicas: int = fld(0, keep=True)
    fully_labeled_replicas: int = 0
    ready_replicas: int = 0
    available_replicas: int = 0
    terminating_replicas: int | None = None
    observed_generation: int = fld(0, go="int64")
    conditions: list[ReplicaSetCondition] = fld(factory=list)


@model
class ReplicaSet(Object):
    """apps/v1 ReplicaSet."""

    API_VERSION: ClassVar[str] = "apps/v1"
    KIND: ClassVar[str] = "ReplicaSet"

    api_version: str = "apps/v1"
    kind: str = "ReplicaSet"
    metadata: ObjectMeta = fld(factory=ObjectMeta)
    spec: ReplicaSetSpec = fld(factory=ReplicaSetSpec)
    status: ReplicaSetStatus = fld(factory=ReplicaSetStatus)


@model
class StatefulSetSpec(Model):
    """apps/v1 StatefulSetSpec (volume claim templates and policies kept raw)."""

    replicas: int | None = None
    selector: LabelSelector | None = None
    template: PodTemplateSpec = fld(factory=PodTemplateSpec)
    volume_claim_templates: list[Any] = fld(factory=list)
    service_name: str = ""
    pod_management_policy: str = fld("", go="v1.PodManagementPolicyType")
    update_strategy: Any = None
    revision_history_limit: int | None = None
    min_ready_seconds: int = 0
    persistent_volume_claim_retention_policy: Any = None
    ordinals: Any = None


@model
class StatefulSetStatus(Model):
    """apps/v1 StatefulSetStatus."""

    observed_generation: int = fld(0, go="int64")
    replicas: int = fld(0, keep=True)
    ready_replicas: int = 0
    current_replicas: int = 0
    updated_replicas: int = 0
    current_revision: str = ""
    update_revision: str = ""
    collision_count: int | None = None
    conditions: list[Condition] = fld(factory=list)
    available_replicas: int = 0


@model
class StatefulSet(Object):
    """apps/v1 StatefulSet."""

    API_VERSION: ClassVar[str] = "apps/v1"
    KIND: ClassVar[str] = "StatefulSet"

    api_version: str = "apps/v1"
    kind: str = "StatefulSet"
    metadata: ObjectMeta = fld(factory=ObjectMeta)
    spec: StatefulSetSpec = fld(factory=StatefulSetSpec)
    status: StatefulSetStatus = fld(factory=StatefulSetStatus)

"""Object metadata and label selectors (meta/v1): ObjectMeta, OwnerReference, LabelSelector.

Upstream: kubernetes/apimachinery pkg/apis/meta/v1/types.go @ v0.36.3

Timestamps (``creation_timestamp``, ``deletion_timestamp``) are float epoch
seconds or ``None``.  ``managed_fields`` is kept as the raw list of maps kubectl
prints; the course never interprets it.
"""

from __future__ import annotations

from typing import Any

from .serialization import Model, fld, model, time_fld

__all__ = [
    "Condition",
    "LabelSelector",
    "LabelSelectorRequirement",
    "ListMeta",
    "ObjectMeta",
    "OwnerReference",
    "TypeMeta",
]


@model
class OwnerReference(Model):
    """metav1.OwnerReference: who owns this object (the controller, for garbage collection)."""

    api_version: str = fld("", keep=True)
    kind: str = fld("", keep=True)
    name: str = fld("", keep=True)
    uid: str = fld("", keep=True, go="types.UID")
    controller: bool | None = None
    block_owner_deletion: bool | None = None


@model
class ObjectMeta(Model):
    """metav1.ObjectMeta: name, namespace, uid, labels, owners, timestamps, versions."""

    name: str = ""
    generate_name: str = ""
    namespace: str = ""
    self_link: str = ""
    uid: str = fld("", go="types.UID")
    resource_version: str = ""
    generation: int = fld(0, go="int64")
    creation_timestamp: float | None = time_fld()
    deletion_timestamp: float | None = time_fld()
    deletion_grace_period_seconds: int | None = fld(None, go="int64")
    labels: dict[str, str] = fld(factory=dict)
    annotations: dict[str, str] = fld(factory=dict)
    owner_references: list[OwnerReference] = fld(factory=list)
    finalizers: list[str] = fld(factory=list)
    managed_fields: list[Any] = fld(factory=list)

    def controller_ref(self) -> OwnerReference | None:
        """metav1.GetControllerOf: the owner reference with ``controller: true``."""
        for ref in self.owner_references:
            if ref.controller:
                return ref
        return None


@model
class ListMeta(Model):
    """metav1.ListMeta: resourceVersion and continue token of a list."""

    self_link: str = ""
    resource_version: str = ""
    continue_: str = fld("", json="continue")
    remaining_item_count: int | None = fld(None, go="int64")


@model
class TypeMeta(Model):
    """metav1.TypeMeta: apiVersion and kind."""

    api_version: str = ""
    kind: str = ""


@model
class LabelSelectorRequirement(Model):
    """metav1.LabelSelectorRequirement: key, operator (In/NotIn/Exists/DoesNotExist), values."""

    key: str = fld("", keep=True)
    operator: str = fld("", keep=True, go="v1.LabelSelectorOperator")
    values: list[str] = fld(factory=list)


@model
class LabelSelector(Model):
    """metav1.LabelSelector: match_labels AND every match_expressions requirement."""

    match_labels: dict[str, str] = fld(factory=dict)
    match_expressions: list[LabelSelectorRequirement] = fld(factory=list)


@model
class Condition(Model):
    """metav1.Condition (used by status types that adopt the standard condition)."""

    type: str = fld("", keep=True)
    status: str = fld("", keep=True, go="v1.ConditionStatus")
    observed_generation: int = fld(0, go="int64")
    last_transition_time: float | None = time_fld()
    reason: str = fld("", keep=True)
    message: str = fld("", keep=True)

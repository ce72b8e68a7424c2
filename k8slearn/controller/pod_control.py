"""PodControl: how controllers create and delete pods, and the events they record.

``create_pods`` stamps a pod from the template (labels, annotations,
finalizers, spec), names it with ``generateName = "<owner>-"``, sets the
controller ownerReference and POSTs it; ``delete_pod`` DELETEs it.  Each
outcome is recorded as an event (``SuccessfulCreate``/``FailedCreate``,
``SuccessfulDelete``/``FailedDelete``) in :class:`EventRecorder`.

Upstream: kubernetes/kubernetes pkg/controller/controller_utils.go @ v1.36.0
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from k8slearn.api.core import Pod
from k8slearn.api.meta import ObjectMeta
from k8slearn.apiserver.deepcopy import deep_copy
from k8slearn.apiserver.errors import is_not_found

__all__ = ["Event", "EventRecorder", "RealPodControl", "validate_controller_ref"]


@dataclass(frozen=True)
class Event:
    """A recorded Kubernetes Event (type Normal/Warning, reason, message)."""

    time: float
    object: str
    type: str
    reason: str
    message: str


@dataclass
class EventRecorder:
    """Keeps every event in memory (``record.EventRecorder`` stand-in)."""

    clock: Any
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def eventf(self, obj: Any, etype: str, reason: str, message: str) -> None:
        key = f"{obj.kind}/{obj.metadata.namespace}/{obj.metadata.name}"
        with self._lock:
            self.events.append(Event(self.clock.now(), key, etype, reason, message))


def validate_controller_ref(ref: Any) -> None:
    if ref is None:
        raise ValueError("controllerRef is nil")
    if not ref.api_version:
        raise ValueError("controllerRef has empty APIVersion")
    if not ref.kind:
        raise ValueError("controllerRef has empty Kind")
    if not ref.controller:
        raise ValueError("controllerRef.Controller is not set to true")
    if not ref.block_owner_deletion:
        raise ValueError("controllerRef.BlockOwnerDeletion is not set")


class RealPodControl:
    """Creates and deletes pods through the API server."""

    def __init__(self, client: Any, recorder: EventRecorder) -> None:
        self.client = client
        self.recorder = recorder

    def create_pods(self, namespace: str, template: Any, owner: Any, controller_ref: Any) -> Any:
        validate_controller_ref(controller_ref)
        pod = Pod(
            metadata=ObjectMeta(
                namespace=namespace,
                generate_name=f"{owner.metadata.name}-",
                labels=dict(template.metadata.labels or {}),
                annotations=dict(template.metadata.annotations or {}),
                finalizers=list(template.metadata.finalizers or []),
                owner_references=[deep_copy(controller_ref)],
            ),
            spec=deep_copy(template.spec),
        )
        if not pod.metadata.labels:
            raise ValueError("unable to create pods, no labels")
        try:
            created = self.client.create(pod)
        except Exception as err:
            self.recorder.eventf(owner, "Warning", "FailedCreate", f"Error creating: {err}")
            raise
        self.recorder.eventf(
            owner, "Normal", "SuccessfulCreate", f"Created pod: {created.metadata.name}"
        )
        return created

    def delete_pod(self, namespace: str, name: str, owner: Any) -> None:
        try:
            self.client.delete("pods", namespace, name)
        except Exception as err:
            if is_not_found(err):
                raise
            self.recorder.eventf(owner, "Warning", "FailedDelete", f"Error deleting: {err}")
            raise RuntimeError(f"unable to delete pods: {err}") from err
        self.recorder.eventf(owner, "Normal", "SuccessfulDelete", f"Deleted pod: {name}")

    def patch_pod_owner(self, namespace: str, name: str, pod_uid: str, add: Any, remove_uid: str
                        ) -> Any:
        """Stand-in for the adopt/release strategic-merge patches (UID-checked)."""
        from k8slearn.apiserver.errors import Invalid

        pod = self.client.get("pods", namespace, name)
        if pod.metadata.uid != pod_uid:
            raise Invalid("Pod", "", name, [f"metadata.uid: Invalid value: \"{pod_uid}\": "
                                            "field is immutable"])
        refs = [r for r in pod.metadata.owner_references or [] if r.uid != remove_uid]
        if add is not None:
            if any(r.controller for r in refs):
                raise Invalid("Pod", "", name, ["metadata.ownerReferences: Invalid value: "
                                                "Only one reference can have Controller set to "
                                                "true"])
            refs.append(deep_copy(add))
        pod.metadata.owner_references = refs
        return self.client.update(pod)

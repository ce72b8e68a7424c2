"""Adoption and release of pods: ``ClaimPods`` with ownerReferences.

A controller owns the pods whose controller ownerReference carries its UID.
A matching orphan is adopted (after checking, once per sync, that the owner is
not being deleted: ``can_adopt``), an owned pod that no longer matches is
released, and a pod controlled by someone else is never touched.

Upstream: kubernetes/kubernetes pkg/controller/controller_ref_manager.go @ v1.36.0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from k8slearn.apiserver.errors import is_not_found
from k8slearn.controller.controller_utils import get_controller_of

__all__ = ["PodControllerRefManager", "recheck_deletion_timestamp"]


def recheck_deletion_timestamp(get_object: Callable[[], Any]) -> Callable[[], None]:
    """``RecheckDeletionTimestamp``: fail if the owner (freshly read) is being deleted."""

    def check() -> None:
        try:
            obj = get_object()
        except Exception as err:
            raise RuntimeError(f"can't recheck DeletionTimestamp: {err}") from err
        if obj.metadata.deletion_timestamp is not None:
            raise RuntimeError(
                f"{obj.metadata.namespace}/{obj.metadata.name} has just been deleted at "
                f"{obj.metadata.deletion_timestamp}"
            )

    return check


class PodControllerRefManager:
    """Claims pods for one controller during one sync."""

    def __init__(
        self, pod_control: Any, controller: Any, matches: Callable[[dict], bool],
        controller_kind: str, can_adopt: Callable[[], None],
    ) -> None:
        self.pod_control = pod_control
        self.controller = controller
        self.matches = matches
        self.kind = controller_kind
        self._can_adopt_fn = can_adopt
        self._can_adopt_err: BaseException | None = None
        self._can_adopt_done = False

    def can_adopt(self) -> None:
        if not self._can_adopt_done:
            self._can_adopt_done = True
            try:
                self._can_adopt_fn()
            except Exception as err:  # noqa: BLE001 - cached and re-raised
                self._can_adopt_err = err
        if self._can_adopt_err is not None:
            raise self._can_adopt_err

    def claim_pods(self, pods: list[Any]) -> tuple[list[Any], list[BaseException]]:
        claimed, errors = [], []
        for pod in pods:
            try:
                if self._claim(pod):
                    claimed.append(pod)
            except Exception as err:  # noqa: BLE001 - aggregated like upstream
                errors.append(err)
        return claimed, errors

    def _claim(self, pod: Any) -> bool:
        me = self.controller.metadata
        ref = get_controller_of(pod)
        match = self.matches(pod.metadata.labels or {})
        if ref is not None:
            if ref.uid != me.uid:
                return False
            if match:
                return True
            if me.deletion_timestamp is not None:
                return False
            try:
                self._release(pod)
            except Exception as err:
                if is_not_found(err) or getattr(err, "code", 0) == 422:
                    return False
                raise
            return False
        if me.deletion_timestamp is not None or not match:
            return False
        if pod.metadata.deletion_timestamp is not None:
            return False
        if me.namespace and pod.metadata.namespace != me.namespace:
            return False
        try:
            self._adopt(pod)
        except Exception as err:
            if is_not_found(err):
                return False
            raise
        return True

    def _adopt(self, pod: Any) -> None:
        try:
            self.can_adopt()
        except Exception as err:
            raise RuntimeError(
                f"can't adopt Pod {pod.metadata.namespace}/{pod.metadata.name} "
                f"({pod.metadata.uid}): {err}"
            ) from err
        from k8slearn.controller.objects import controller_ref

        self.pod_control.patch_pod_owner(
            pod.metadata.namespace, pod.metadata.name, pod.metadata.uid,
            controller_ref(self.controller), "",
        )

    def _release(self, pod: Any) -> None:
        self.pod_control.patch_pod_owner(
            pod.metadata.namespace, pod.metadata.name, pod.metadata.uid, None,
            self.controller.metadata.uid,
        )

"""API defaulting the served cluster applies on create and update (what kubectl shows back).

The values of the generated defaulters for apps/v1 and core/v1: a Deployment
gets ``replicas: 1``, the RollingUpdate strategy with 25% surge/unavailable,
``revisionHistoryLimit: 10`` and ``progressDeadlineSeconds: 600``; a pod (or
pod template) gets ``restartPolicy: Always``, ``terminationGracePeriodSeconds:
30``, ``dnsPolicy: ClusterFirst``, ``schedulerName: default-scheduler`` and per
container ``terminationMessagePath``/``Policy``, ``imagePullPolicy`` (``Always``
for ``:latest`` or no tag, else ``IfNotPresent``) and ``protocol: TCP`` on ports.

Upstream: kubernetes/kubernetes pkg/apis/apps/v1/defaults.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/apis/core/v1/defaults.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

__all__ = ["apply_defaults", "default_pod_spec"]


def _pull_policy(image: str) -> str:
    name = image.rsplit("/", 1)[-1]
    if "@" in name:
        return "IfNotPresent"
    tag = name.split(":", 1)[1] if ":" in name else ""
    return "Always" if tag in ("", "latest") else "IfNotPresent"


def default_pod_spec(spec: Any) -> None:
    spec.restart_policy = spec.restart_policy or "Always"
    if spec.termination_grace_period_seconds is None:
        spec.termination_grace_period_seconds = 30
    spec.dns_policy = spec.dns_policy or "ClusterFirst"
    spec.scheduler_name = spec.scheduler_name or "default-scheduler"
    if spec.security_context is None:
        spec.security_context = {}
    for c in list(spec.containers) + list(spec.init_containers):
        c.termination_message_path = c.termination_message_path or "/dev/termination-log"
        c.termination_message_policy = c.termination_message_policy or "File"
        c.image_pull_policy = c.image_pull_policy or _pull_policy(c.image or "")
        for p in c.ports:
            p.protocol = p.protocol or "TCP"


def _default_strategy(spec: Any) -> None:
    s = spec.strategy if isinstance(spec.strategy, dict) else {}
    if not s.get("type"):
        s["type"] = "RollingUpdate"
    if s["type"] == "RollingUpdate":
        ru = s.get("rollingUpdate") if isinstance(s.get("rollingUpdate"), dict) else {}
        if ru.get("maxUnavailable") is None:
            ru["maxUnavailable"] = "25%"
        if ru.get("maxSurge") is None:
            ru["maxSurge"] = "25%"
        s["rollingUpdate"] = ru
    spec.strategy = s


def apply_defaults(obj: Any) -> None:
    """Default ``obj`` in place (Deployment, ReplicaSet, StatefulSet, Pod; others untouched)."""
    kind = getattr(obj, "kind", "")
    if kind == "Pod":
        default_pod_spec(obj.spec)
        if obj.spec.enable_service_links is None:
            obj.spec.enable_service_links = True
        obj.spec.priority = obj.spec.priority or 0
        obj.status.phase = obj.status.phase or "Pending"
        if not obj.spec.tolerations:
            obj.spec.tolerations = [
                {"effect": "NoExecute", "key": f"node.kubernetes.io/{k}",
                 "operator": "Exists", "tolerationSeconds": 300}
                for k in ("not-ready", "unreachable")]
    elif kind in ("Deployment", "ReplicaSet", "StatefulSet"):
        spec = obj.spec
        if spec.replicas is None:
            spec.replicas = 1
        default_pod_spec(spec.template.spec)
        if kind == "Deployment":
            _default_strategy(spec)
            if spec.revision_history_limit is None:
                spec.revision_history_limit = 10
            if spec.progress_deadline_seconds is None:
                spec.progress_deadline_seconds = 600
        if kind == "StatefulSet":
            spec.pod_management_policy = spec.pod_management_policy or "OrderedReady"
            if spec.revision_history_limit is None:
                spec.revision_history_limit = 10

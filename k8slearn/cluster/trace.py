"""Follow one request through the cluster: which component made which API call.

The API server logs every call as ``(verb, resource, namespace/name)``
(``APIServer.requests``).  :func:`request_trail` prints the calls made since a
mark, naming the component that makes each kind of call in this cluster:
you (through the REST layer), the Deployment controller (ReplicaSets and
Deployment status), the ReplicaSet controller (pods, ReplicaSet status), the
scheduler (``pods/binding``), the kubelet (pod status, after mounting the
volumes) and the HPA controller (``/scale`` and HPA status).  Reads by the
controllers come from their informers' caches, so they do not appear: only
list/watch calls of the informers do.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

__all__ = ["WHO", "request_trail"]

#: (verb, resource) -> the component that makes such calls in the course cluster
WHO = {
    ("create", "deployments"): "you (kubectl / client)",
    ("update", "deployments"): "deployment controller",
    ("update_status", "deployments"): "deployment controller",
    ("create", "replicasets"): "deployment controller",
    ("update", "replicasets"): "deployment controller",
    ("create", "pods"): "replicaset controller",
    ("update_status", "replicasets"): "replicaset controller",
    ("bind", "pods"): "scheduler",
    ("update_status", "pods"): "kubelet",
    ("create", "horizontalpodautoscalers"): "you (kubectl / client)",
    ("update_status", "horizontalpodautoscalers"): "HPA controller",
    ("create", "events"): "event recorder",
    ("update", "events"): "event recorder",
}

_SKIP = {"get", "list", "watch"}


def request_trail(server: Any, start: int = 0, skip_events: bool = True) -> str:
    """The writes since ``start`` (a ``server.requests_total`` mark), one per line."""
    rows = []
    for verb, resource, key in server.requests_since(start):
        if verb in _SKIP or (skip_events and resource == "events"):
            continue
        who = WHO.get((verb, resource), "?")
        rows.append(f"{who:<24} {verb:<14} {resource}/{key}")
    return "\n".join(rows)

"""Simulated load and the metrics.k8s.io answers computed from it.

Put load on a workload with an annotation on its Deployment (or ReplicaSet /
StatefulSet)::

    kubectl annotate deployment php-apache k8slearn.io/cpu-load=700m --overwrite
    kubectl annotate deployment php-apache k8slearn.io/cpu-load-      # load stops

The value is the total CPU the clients demand.  It is spread evenly over the
workload's Ready pods (what a Service in front of them would do); pods that
are not Ready use nothing, and every running container idles at 1m.  Pod
metrics (``kubectl top pods``, the HPA's resource metrics client) and node
metrics (``kubectl top nodes``: the sum of the pods on the node) come from it.
The metrics window is metrics-server's 30 s.

Upstream: kubernetes-sigs/metrics-server pkg/api/pod.go @ v0.8.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.api.resource import Quantity
from k8slearn.api.times import format_time
from k8slearn.apiserver.selection import compile_selector, label_selector_as_matcher
from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.metrics import PodMetric
from k8slearn.podautoscaler.metrics.client import matches

__all__ = ["LOAD_ANNOTATION", "LoadModel", "IDLE_MILLI", "WINDOW"]

LOAD_ANNOTATION = "k8slearn.io/cpu-load"
IDLE_MILLI = 1
WINDOW = 30.0
_WORKLOADS = ("deployments", "replicasets", "statefulsets")


def _ready(pod: Any) -> bool:
    return pod.metadata.deletion_timestamp is None and pod.status.phase == "Running" and any(
        c.type == "Ready" and c.status == "True" for c in pod.status.conditions)


class LoadModel:
    """Per-pod CPU usage from the workloads' load annotations (read from the API server)."""

    def __init__(self, server: Any) -> None:
        self.server = server

    def usage(self, namespace: str | None = None) -> dict[tuple[str, str], int]:
        """``(namespace, pod) -> millicores`` for every running pod."""
        pods = [p for p in self.server.list("pods", namespace).items
                if p.status.phase == "Running" and p.metadata.deletion_timestamp is None]
        out = {(p.metadata.namespace, p.metadata.name): IDLE_MILLI * len(p.spec.containers)
               for p in pods}
        for resource in _WORKLOADS:
            for w in self.server.list(resource, namespace).items:
                text = (w.metadata.annotations or {}).get(LOAD_ANNOTATION)
                if not text or w.metadata.controller_ref() is not None:
                    # a Deployment's ReplicaSets carry its annotations: count the load once
                    continue
                try:
                    total = Quantity(text).milli_value()
                    match = label_selector_as_matcher(w.spec.selector)
                except (ValueError, Exception):  # noqa: BLE001 - a bad annotation is no load
                    continue
                mine = [p for p in pods if p.metadata.namespace == w.metadata.namespace
                        and match(p.metadata.labels or {}) and _ready(p)]
                for p in mine:
                    out[(p.metadata.namespace, p.metadata.name)] += total // len(mine)
        return out

    # ------------------------------------------------------------ metrics.k8s.io JSON
    def pod_metrics(self, namespace: str | None, label_selector: str | None = None) -> list:
        now = self.server.clock.now()
        match = compile_selector(label_selector)
        use = self.usage(namespace)
        items = []
        for p in self.server.list("pods", namespace).items:
            key = (p.metadata.namespace, p.metadata.name)
            if key not in use or not match(p.metadata.labels or {}):
                continue
            n = max(len(p.spec.containers), 1)
            containers = [{"name": c.name, "usage": {"cpu": f"{use[key] // n}m",
                                                     "memory": "8Mi"}}
                          for c in p.spec.containers]
            items.append({"metadata": {"name": p.metadata.name,
                                       "namespace": p.metadata.namespace,
                                       "labels": dict(p.metadata.labels or {}),
                                       "creationTimestamp": format_time(now)},
                          "timestamp": format_time(now), "window": f"{int(WINDOW)}s",
                          "containers": containers})
        return items

    def node_metrics(self) -> list:
        now = self.server.clock.now()
        use = self.usage()
        per_node: dict[str, int] = {}
        pods = {(p.metadata.namespace, p.metadata.name): p
                for p in self.server.list("pods").items}
        for key, milli in use.items():
            node = pods[key].spec.node_name if key in pods else ""
            if node:
                per_node[node] = per_node.get(node, 0) + milli
        return [{"metadata": {"name": n.metadata.name, "creationTimestamp": format_time(now)},
                 "timestamp": format_time(now), "window": f"{int(WINDOW)}s",
                 "usage": {"cpu": f"{per_node.get(n.metadata.name, 0) + 50}m",
                           "memory": "512Mi"}}
                for n in self.server.list("nodes").items]

    def answer(self, served: Any, ns: str | None, name: str | None,
               label_selector: str | None) -> tuple[int, Any]:
        """``(code, body or message)`` for a ``metrics.k8s.io/v1beta1`` GET."""
        items = (self.pod_metrics(ns, label_selector) if served.resource == "pods"
                 else self.node_metrics())
        if name:
            for it in items:
                if it["metadata"]["name"] == name:
                    return 200, it
            return 404, f'{served.resource}.metrics.k8s.io "{name}" not found'
        return 200, {"kind": f"{served.kind}List", "apiVersion": "metrics.k8s.io/v1beta1",
                     "metadata": {}, "items": items}

    # ------------------------------------------------------------ HPA MetricsClient
    def get_resource_metric(self, resource: str, namespace: str, selector: Any,
                            container: str) -> tuple[dict, float]:
        if resource != "cpu":
            raise HPAError(f"unable to fetch metrics from resource metrics API: the course "
                           f"cluster models only cpu, not {resource}")
        now = self.server.clock.now()
        use = self.usage(namespace)
        pods = self.server.list("pods", namespace).items
        out = {}
        for p in pods:
            key = (p.metadata.namespace, p.metadata.name)
            if key in use and matches(selector, p.metadata.labels or {}):
                out[p.metadata.name] = PodMetric(now, WINDOW, use[key])
        if not out:
            raise HPAError("no metrics returned from resource metrics API")
        return out, now

    def get_raw_metric(self, *args: Any) -> Any:
        raise HPAError("unable to fetch metrics from custom metrics API: not served by the "
                       "course cluster")

    get_object_metric = get_raw_metric

    def get_external_metric(self, *args: Any) -> Any:
        raise HPAError("unable to fetch metrics from external metrics API: not served by the "
                       "course cluster")

"""An in-memory MetricsClient fed with objects shaped like the three metrics APIs.

It answers from data instead of REST calls, but aggregates exactly like the
REST client: a pod's resource usage is the sum over its containers and the pod
is left out ("missing") if a container lacks the resource; with a container
name, only that container counts and a pod without it is left out.  Errors
carry upstream's wording, so a test can inject a failing API by name.

Inputs are duck-typed like ``k8slearn.api`` objects: PodMetrics
(``metadata.name/namespace/labels``, ``timestamp``, ``window``,
``containers[i].name/usage``), custom MetricValue items
(``described_object.kind/name/namespace``, ``metric.name``, ``timestamp``,
``window_seconds``, ``value``) and external items (``metric_name``,
``metric_labels``, ``timestamp``, ``value``).

Pods metrics: upstream asks the custom metrics API for
``pods/*/<metric>?labelSelector=<the HPA's selector>``, so only samples of
selected pods come back.  Given ``pods``, this client answers the same way: a
sample counts only if its pod exists and the selector selects it.  (Without
``pods`` it cannot know the labels and returns every sample of the namespace.)

A PodMetrics item without ``window`` has a zero window (upstream copies
``m.Window.Duration``); only custom metrics without ``windowSeconds`` get the
60 s default.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/metrics/client.go @ v1.36.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.metrics.interfaces import PodMetric, PodMetricsInfo
from k8slearn.podautoscaler.quantity import milli, seconds

__all__ = ["InMemoryMetricsClient", "METRIC_SERVER_DEFAULT_METRIC_WINDOW", "matches"]

#: metrics-server's default window when a sample does not say (``metricServerDefaultMetricWindow``).
METRIC_SERVER_DEFAULT_METRIC_WINDOW = 60.0


def matches(selector: Any, labels: dict[str, str] | None) -> bool:
    """Does ``selector`` select ``labels``?  ``None`` selects everything; a dict is matchLabels."""
    labels = labels or {}
    if selector is None:
        return True
    if isinstance(selector, dict):
        return all(labels.get(k) == v for k, v in selector.items())
    return bool(selector.matches(labels))


def _ts(t: Any) -> float:
    return 0.0 if t is None else float(t)


class InMemoryMetricsClient:
    """A MetricsClient over stored metric objects; ``errors[method]`` makes a call fail."""

    def __init__(
        self,
        pod_metrics: Iterable[Any] = (),
        custom_metrics: Iterable[Any] = (),
        external_metrics: Iterable[Any] = (),
        errors: dict[str, str] | None = None,
        pods: Iterable[Any] | None = None,
    ) -> None:
        self.pod_metrics = list(pod_metrics)
        #: (namespace, name) -> labels of the known pods, or None (labels unknown)
        self.pod_labels: dict[tuple[str, str], dict[str, str]] | None = None
        if pods is not None:
            self.pod_labels = {
                (p.metadata.namespace or "default", p.metadata.name): p.metadata.labels or {}
                for p in pods
            }
        self.custom_metrics = list(custom_metrics)
        self.external_metrics = list(external_metrics)
        #: method name -> error text returned by the (pretend) API server
        self.errors = dict(errors or {})

    # ----------------------------------------------------------- metrics.k8s.io
    def get_resource_metric(
        self, resource: str, namespace: str, selector: Any, container: str
    ) -> tuple[PodMetricsInfo, float]:
        if "get_resource_metric" in self.errors:
            err = self.errors["get_resource_metric"]
            raise HPAError(f"unable to fetch metrics from resource metrics API: {err}")
        items = [
            m for m in self.pod_metrics
            if (m.metadata.namespace or namespace) == namespace
            and matches(selector, m.metadata.labels)
        ]
        if not items:
            raise HPAError("no metrics returned from resource metrics API")
        if container:
            res = _container_metrics(items, resource, container)
        else:
            res = _pod_metrics(items, resource)
        return res, _ts(items[0].timestamp)

    # ---------------------------------------------------- custom.metrics.k8s.io
    def get_raw_metric(
        self, metric_name: str, namespace: str, selector: Any, metric_selector: Any
    ) -> tuple[PodMetricsInfo, float]:
        if "get_raw_metric" in self.errors:
            err = self.errors["get_raw_metric"]
            raise HPAError(f"unable to fetch metrics from custom metrics API: {err}")
        items = [
            v for v in self.custom_metrics
            if v.described_object.kind == "Pod"
            and v.metric.name == metric_name
            and (v.described_object.namespace or namespace) == namespace
            and self._selected(namespace, v.described_object.name, selector)
        ]
        if not items:
            raise HPAError("no metrics returned from custom metrics API")
        res: PodMetricsInfo = {}
        for v in items:
            window = METRIC_SERVER_DEFAULT_METRIC_WINDOW
            if getattr(v, "window_seconds", None) is not None:
                window = float(v.window_seconds)
            res[v.described_object.name] = PodMetric(_ts(v.timestamp), window, milli(v.value))
        return res, _ts(items[0].timestamp)

    def get_object_metric(
        self, metric_name: str, namespace: str, object_ref: Any, metric_selector: Any
    ) -> tuple[int, float]:
        if "get_object_metric" in self.errors:
            err = self.errors["get_object_metric"]
            raise HPAError(f"unable to fetch metrics from custom metrics API: {err}")
        for v in self.custom_metrics:
            d = v.described_object
            if (
                v.metric.name == metric_name
                and d.kind == object_ref.kind
                and d.name == object_ref.name
                and (d.namespace or namespace) == namespace
            ):
                return milli(v.value), _ts(v.timestamp)
        raise HPAError("no metrics returned from custom metrics API")

    def _selected(self, namespace: str, pod_name: str, selector: Any) -> bool:
        """Is ``pod_name`` a pod the HPA's selector selects (``labelSelector=``)?"""
        if self.pod_labels is None:
            return True
        labels = self.pod_labels.get((namespace, pod_name))
        return labels is not None and matches(selector, labels)

    # -------------------------------------------------- external.metrics.k8s.io
    def get_external_metric(
        self, metric_name: str, namespace: str, selector: Any
    ) -> tuple[list[int], float]:
        if "get_external_metric" in self.errors:
            err = self.errors["get_external_metric"]
            raise HPAError(f"unable to fetch metrics from external metrics API: {err}")
        items = [
            v for v in self.external_metrics
            if v.metric_name == metric_name and matches(selector, v.metric_labels)
        ]
        if not items:
            raise HPAError("no metrics returned from external metrics API")
        return [milli(v.value) for v in items], _ts(items[0].timestamp)


def _window(m: Any) -> float:
    """``m.Window.Duration``: absent means 0 s."""
    return seconds(getattr(m, "window", None), 0.0)


def _pod_metrics(items: list[Any], resource: str) -> PodMetricsInfo:
    """Sum every container; a pod with no containers or a container lacking ``resource``
    is left out."""
    res: PodMetricsInfo = {}
    for m in items:
        total, missing = 0, len(m.containers) == 0
        for c in m.containers:
            usage = (c.usage or {}).get(resource)
            if usage is None:
                missing = True
                break
            total += milli(usage)
        if not missing:
            res[m.metadata.name] = PodMetric(_ts(m.timestamp), _window(m), total)
    return res


def _container_metrics(items: list[Any], resource: str, container: str) -> PodMetricsInfo:
    """Only the named container counts; a pod without it (or its usage) is left out."""
    res: PodMetricsInfo = {}
    for m in items:
        for c in m.containers:
            if c.name == container:
                usage = (c.usage or {}).get(resource)
                if usage is not None:
                    res[m.metadata.name] = PodMetric(_ts(m.timestamp), _window(m), milli(usage))
                break
    return res

"""The workqueue metrics in Prometheus form, as component-base registers them.

Upstream: kubernetes/component-base metrics/prometheus/workqueue/metrics.go @ v0.36.3

Seven metrics, subsystem ``workqueue``, one label ``name`` (the queue's name),
stability BETA since v1.36 (ALPHA in v1.30-v1.35):

=============================================  =========  =====================================
metric                                         type       updated by
=============================================  =========  =====================================
``workqueue_depth``                            gauge      add (+1) / get (-1)
``workqueue_adds_total``                       counter    add (when an item becomes dirty)
``workqueue_queue_duration_seconds``           histogram  get (time since the item became dirty)
``workqueue_work_duration_seconds``            histogram  done (time since get)
``workqueue_unfinished_work_seconds``          gauge      every 0.5 s: sum of in-flight ages
``workqueue_longest_running_processor_seconds`` gauge     every 0.5 s: the oldest in-flight age
``workqueue_retries_total``                    counter    add_after / add_rate_limited
=============================================  =========  =====================================

Both histograms use ``ExponentialBuckets(10e-9, 10, 10)``: 1e-8 ... 10 s.  Like
Prometheus' Go client, :data:`BUCKETS` is built by repeated float multiplication, so
two bounds are ``9.999999999999999e-06`` and ``9.999999999999999e-05`` (not 1e-5 and
1e-4), exactly as they appear as ``le`` labels on a real component's ``/metrics``.

Usage (``prometheus_client`` is imported only when a provider is created)::

    from prometheus_client import generate_latest
    provider = PrometheusMetricsProvider()          # its own CollectorRegistry
    q = Queue(name="demo", clock=clock, metrics_provider=provider)
    print(generate_latest(provider.registry).decode())

Upstream registers into the legacy registry and calls ``workqueue.SetProvider``
from ``init()``; :func:`install` does the same on request.  Differences: the
values are kept by this module and exported through one custom collector, so
the output is deterministic (no ``_created`` series, queues sorted by name).
The help texts are component-base's v0.36.3 strings, word for word (grammar
included), prefixed with the stability level as Kubernetes' metrics framework
does (``[BETA] Current depth of workqueue``).  Numbers are written the way
``prometheus_client`` writes them (``1.0``, ``le="10.0"``) where Go writes ``1``
and ``le="10"``; scrapers parse both the same.
"""

from __future__ import annotations

import threading
from typing import Any

from k8slearn.workqueue.metrics import (
    ADDS_KEY,
    DEPTH_KEY,
    LONGEST_RUNNING_PROCESSOR_KEY,
    QUEUE_LATENCY_KEY,
    RETRIES_KEY,
    SUBSYSTEM,
    UNFINISHED_WORK_KEY,
    WORK_DURATION_KEY,
    set_provider,
)

__all__ = ["PrometheusMetricsProvider", "install", "exponential_buckets", "BUCKETS", "STABILITY",
           "HELP"]


def exponential_buckets(start: float, factor: float, count: int) -> tuple[float, ...]:
    """``prometheus.ExponentialBuckets``: ``start``, then each bound times ``factor``.

    The float products are kept as they are, rounding error included, like Go does.
    """
    buckets = []
    for _ in range(count):
        buckets.append(start)
        start *= factor
    return tuple(buckets)


#: ``prometheus.ExponentialBuckets(10e-9, 10, 10)``: 1e-08 ... 10.0 (two bounds are
#: 9.999999999999999e-06 and 9.999999999999999e-05, as in Go).
BUCKETS = exponential_buckets(10e-9, 10, 10)
STABILITY = "BETA"

#: (type, help) per metric key, in component-base's order; the help strings are upstream's.
HELP: dict[str, tuple[str, str]] = {
    DEPTH_KEY: ("gauge", "Current depth of workqueue"),
    ADDS_KEY: ("counter", "Total number of adds handled by workqueue"),
    QUEUE_LATENCY_KEY: (
        "histogram", "How long in seconds an item stays in workqueue before being requested."),
    WORK_DURATION_KEY: (
        "histogram", "How long in seconds processing an item from workqueue takes."),
    UNFINISHED_WORK_KEY: (
        "gauge", "How many seconds of work has done that is in progress and hasn't been observed "
        "by work_duration. Large values indicate stuck threads. One can deduce the number of stuck "
        "threads by observing the rate at which this increases."),
    LONGEST_RUNNING_PROCESSOR_KEY: (
        "gauge", "How many seconds has the longest running processor for workqueue been running."),
    RETRIES_KEY: ("counter", "Total number of retries handled by workqueue"),
}


def _prometheus_client() -> Any:
    try:
        import prometheus_client
        import prometheus_client.core
    except ImportError as e:  # pragma: no cover - exercised only without the package
        raise ImportError(
            "PrometheusMetricsProvider needs the optional 'prometheus_client' package "
            "(pip install 'k8slearn[metrics]'); InMemoryMetricsProvider needs nothing"
        ) from e
    return prometheus_client


class _Metric:
    """One labelled child: a gauge/counter value or a histogram's buckets."""

    __slots__ = ("_lock", "value", "bucket_counts", "count", "sum")

    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock
        self.value = 0.0
        self.bucket_counts = [0] * len(BUCKETS)
        self.count = 0
        self.sum = 0.0

    def inc(self) -> None:
        with self._lock:
            self.value += 1

    def dec(self) -> None:
        with self._lock:
            self.value -= 1

    def set(self, value: float) -> None:
        with self._lock:
            self.value = float(value)

    def observe(self, value: float) -> None:
        with self._lock:
            for i, upper in enumerate(BUCKETS):
                if value <= upper:
                    self.bucket_counts[i] += 1
            self.count += 1
            self.sum += value


class PrometheusMetricsProvider:
    """A workqueue ``MetricsProvider`` that exports to a Prometheus ``CollectorRegistry``."""

    def __init__(self, registry: Any = None) -> None:
        prom = _prometheus_client()
        self._core = prom.core
        self.registry = registry if registry is not None else prom.CollectorRegistry()
        self._lock = threading.Lock()
        self._children: dict[str, dict[str, _Metric]] = {k: {} for k in HELP}
        self.registry.register(self)

    def _child(self, key: str, name: str) -> _Metric:
        with self._lock:
            child = self._children[key].get(name)
            if child is None:
                child = self._children[key][name] = _Metric(threading.Lock())
            return child

    def new_depth_metric(self, name: str) -> _Metric:
        return self._child(DEPTH_KEY, name)

    def new_adds_metric(self, name: str) -> _Metric:
        return self._child(ADDS_KEY, name)

    def new_latency_metric(self, name: str) -> _Metric:
        return self._child(QUEUE_LATENCY_KEY, name)

    def new_work_duration_metric(self, name: str) -> _Metric:
        return self._child(WORK_DURATION_KEY, name)

    def new_unfinished_work_seconds_metric(self, name: str) -> _Metric:
        return self._child(UNFINISHED_WORK_KEY, name)

    def new_longest_running_processor_seconds_metric(self, name: str) -> _Metric:
        return self._child(LONGEST_RUNNING_PROCESSOR_KEY, name)

    def new_retries_metric(self, name: str) -> _Metric:
        return self._child(RETRIES_KEY, name)

    # -- the prometheus_client Collector interface
    def describe(self) -> list:
        return []  # families are created lazily; nothing to check at registration

    def collect(self):
        core = self._core
        with self._lock:
            children = {k: sorted(v.items()) for k, v in self._children.items()}
        for key, (kind, text) in HELP.items():
            full = f"{SUBSYSTEM}_{key}"
            doc = f"[{STABILITY}] {text}"
            if kind == "gauge":
                fam = core.GaugeMetricFamily(full, doc, labels=["name"])
                for name, m in children[key]:
                    fam.add_metric([name], m.value)
            elif kind == "counter":
                fam = core.CounterMetricFamily(full, doc, labels=["name"])
                for name, m in children[key]:
                    fam.add_metric([name], m.value)
            else:
                fam = core.HistogramMetricFamily(full, doc, labels=["name"])
                for name, m in children[key]:
                    with m._lock:
                        pairs = zip(BUCKETS, m.bucket_counts, strict=True)
                        buckets = [(repr(b), float(c)) for b, c in pairs]
                        buckets.append(("+Inf", float(m.count)))
                        total = m.sum
                    fam.add_metric([name], buckets, total)
            yield fam


def install(registry: Any = None) -> PrometheusMetricsProvider:
    """Like component-base's ``init()``: make a provider and ``set_provider`` it.

    Only the first ``set_provider`` call has an effect, as upstream.
    """
    provider = PrometheusMetricsProvider(registry)
    set_provider(provider)
    return provider

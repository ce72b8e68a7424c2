"""Workqueue metrics: the provider interface, the hooks the queues call, an in-memory provider.

client-go defines *when* a queue updates its metrics and leaves *where* they go
to a ``MetricsProvider``.  A queue gets metrics only if it has a non-empty name
and the provider (its own, or the global one set with :func:`set_provider`) is
not the no-op provider.  The Prometheus provider with the real metric names
lives in :mod:`k8slearn.metrics.prometheus.workqueue` (it needs
``prometheus_client``); :class:`InMemoryMetricsProvider` here needs only the
standard library and is what the notebooks read.

Upstream: kubernetes/client-go util/workqueue/metrics.go @ v0.36.3
Upstream: kubernetes/component-base metrics/prometheus/workqueue/metrics.go @ v0.36.3

When each hook runs (all under the queue's lock, as upstream):

* ``add`` - an item *becomes dirty* (a deduplicated add does not count; a
  re-add while processing does): adds +1, depth +1, remember when.
* ``get`` - an item is handed out: depth -1, observe the queue latency.
* ``done`` - observe the work duration.  Depth is not touched.
* ``update_unfinished_work`` - every 0.5 s of the queue's clock: the sum and
  the max of the ages of the in-flight items.
* ``retry`` - every ``add_after`` that passes the shutdown check.

Version note: v0.32 replaced the global metrics factory with
``globalMetricsProvider`` set once by ``SetProvider``; v0.35 made shutdown stop
the unfinished-work loop (and wait for it); in v1.36 component-base promoted
the seven metrics from ALPHA to BETA.

So ``workqueue_depth`` is not ``len(q)``: a parked item (re-added while
processing) counts in depth but not in ``len``.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any, Protocol

from k8slearn.clock import Clock

__all__ = [
    "GaugeMetric", "SettableGaugeMetric", "CounterMetric", "HistogramMetric",
    "MetricsProvider", "NoopMetricsProvider", "InMemoryMetricsProvider",
    "set_provider", "global_metrics_provider",
    "SUBSYSTEM", "DEPTH_KEY", "ADDS_KEY", "QUEUE_LATENCY_KEY", "WORK_DURATION_KEY",
    "UNFINISHED_WORK_KEY", "LONGEST_RUNNING_PROCESSOR_KEY", "RETRIES_KEY", "METRIC_NAMES",
]

# The metric keys of component-base; the full name is ``workqueue_<key>``.
SUBSYSTEM = "workqueue"
DEPTH_KEY = "depth"
ADDS_KEY = "adds_total"
QUEUE_LATENCY_KEY = "queue_duration_seconds"
WORK_DURATION_KEY = "work_duration_seconds"
UNFINISHED_WORK_KEY = "unfinished_work_seconds"
LONGEST_RUNNING_PROCESSOR_KEY = "longest_running_processor_seconds"
RETRIES_KEY = "retries_total"
#: The seven full metric names, in component-base's order.
METRIC_NAMES = tuple(
    f"{SUBSYSTEM}_{k}"
    for k in (DEPTH_KEY, ADDS_KEY, QUEUE_LATENCY_KEY, WORK_DURATION_KEY,
              UNFINISHED_WORK_KEY, LONGEST_RUNNING_PROCESSOR_KEY, RETRIES_KEY)
)


# --------------------------------------------------------------------------- interfaces


class GaugeMetric(Protocol):
    def inc(self) -> None: ...

    def dec(self) -> None: ...


class SettableGaugeMetric(Protocol):
    def set(self, value: float) -> None: ...


class CounterMetric(Protocol):
    def inc(self) -> None: ...


class HistogramMetric(Protocol):
    def observe(self, value: float) -> None: ...


class MetricsProvider(Protocol):
    """Makes the metrics of one queue, given its name (``MetricsProvider``)."""

    def new_depth_metric(self, name: str) -> GaugeMetric: ...

    def new_adds_metric(self, name: str) -> CounterMetric: ...

    def new_latency_metric(self, name: str) -> HistogramMetric: ...

    def new_work_duration_metric(self, name: str) -> HistogramMetric: ...

    def new_unfinished_work_seconds_metric(self, name: str) -> SettableGaugeMetric: ...

    def new_longest_running_processor_seconds_metric(self, name: str) -> SettableGaugeMetric: ...

    def new_retries_metric(self, name: str) -> CounterMetric: ...


class _NoopMetric:
    def inc(self) -> None:
        pass

    def dec(self) -> None:
        pass

    def set(self, value: float) -> None:
        pass

    def observe(self, value: float) -> None:
        pass


_NOOP = _NoopMetric()


class NoopMetricsProvider:
    """The default global provider: every metric ignores its updates."""

    def new_depth_metric(self, name: str) -> GaugeMetric:
        return _NOOP

    new_adds_metric = new_depth_metric
    new_latency_metric = new_depth_metric
    new_work_duration_metric = new_depth_metric
    new_unfinished_work_seconds_metric = new_depth_metric
    new_longest_running_processor_seconds_metric = new_depth_metric
    new_retries_metric = new_depth_metric


_global_provider: Any = NoopMetricsProvider()
_global_set = False
_global_lock = threading.Lock()


def set_provider(provider: MetricsProvider) -> None:
    """Set the provider for queues created from now on.  Only the first call has an effect."""
    global _global_provider, _global_set
    with _global_lock:
        if not _global_set:
            _global_provider = provider
            _global_set = True


def global_metrics_provider() -> MetricsProvider:
    """The provider queues use when they are given none."""
    return _global_provider


def _reset_global_provider_for_tests() -> None:
    """Course-only: undo :func:`set_provider` (upstream's ``sync.Once`` can't be reset)."""
    global _global_provider, _global_set
    with _global_lock:
        _global_provider = NoopMetricsProvider()
        _global_set = False


# --------------------------------------------------------------------------- hooks


class QueueMetrics:
    """``defaultQueueMetrics``: the hooks a named queue calls, under its lock."""

    __slots__ = ("clock", "depth", "adds", "latency", "work_duration",
                 "unfinished_work_seconds", "longest_running_processor",
                 "add_times", "processing_start_times")

    def __init__(self, provider: MetricsProvider, name: str, clock: Clock) -> None:
        self.clock = clock
        self.depth = provider.new_depth_metric(name)
        self.adds = provider.new_adds_metric(name)
        self.latency = provider.new_latency_metric(name)
        self.work_duration = provider.new_work_duration_metric(name)
        self.unfinished_work_seconds = provider.new_unfinished_work_seconds_metric(name)
        self.longest_running_processor = provider.new_longest_running_processor_seconds_metric(
            name)
        self.add_times: dict[Hashable, float] = {}
        self.processing_start_times: dict[Hashable, float] = {}

    def add(self, item: Hashable) -> None:
        self.adds.inc()
        self.depth.inc()
        if item not in self.add_times:
            self.add_times[item] = self.clock.now()

    def get(self, item: Hashable) -> None:
        self.depth.dec()
        now = self.clock.now()
        self.processing_start_times[item] = now
        start = self.add_times.pop(item, None)
        if start is not None:
            self.latency.observe(now - start)

    def done(self, item: Hashable) -> None:
        start = self.processing_start_times.pop(item, None)
        if start is not None:
            self.work_duration.observe(self.clock.now() - start)

    def update_unfinished_work(self) -> None:
        now = self.clock.now()
        total = 0.0
        oldest = 0.0
        for start in self.processing_start_times.values():
            age = now - start
            total += age
            if age > oldest:
                oldest = age
        self.unfinished_work_seconds.set(total)
        self.longest_running_processor.set(oldest)


def new_queue_metrics(
    provider: MetricsProvider | None, name: str | None, clock: Clock
) -> QueueMetrics | None:
    """``newQueueMetrics``: None (no metrics at all) for an unnamed queue or the no-op provider."""
    if provider is None:
        provider = _global_provider
    if not name or isinstance(provider, NoopMetricsProvider):
        return None
    return QueueMetrics(provider, name, clock)


def new_retry_metric(provider: MetricsProvider | None, name: str | None) -> CounterMetric | None:
    """``newRetryMetrics``: the retries counter of a named queue, else None."""
    if not name:
        return None
    if provider is None:
        provider = _global_provider
    return provider.new_retries_metric(name)


# --------------------------------------------------------------------------- in memory


class _Value:
    """One in-memory metric: a gauge/counter value, or a list of observations."""

    __slots__ = ("kind", "value", "observations", "_lock")

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.value = 0.0
        self.observations: list[float] = []
        self._lock = threading.Lock()

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
            self.observations.append(float(value))


class InMemoryMetricsProvider:
    """A stdlib-only provider that keeps every value so a notebook can print it.

    Course tooling (not upstream).  Metrics are keyed by queue name and full
    metric name (``workqueue_depth`` ...):

    >>> from k8slearn.clock import FakeClock
    >>> from k8slearn.workqueue import Queue
    >>> p = InMemoryMetricsProvider()
    >>> q = Queue(name="demo", clock=FakeClock(), metrics_provider=p)
    >>> q.add("a"); q.add("a")
    >>> p.value("demo", "workqueue_adds_total"), p.value("demo", "workqueue_depth")
    (1.0, 1.0)
    >>> q.shut_down()
    """

    _KINDS = {
        DEPTH_KEY: "gauge", ADDS_KEY: "counter", QUEUE_LATENCY_KEY: "histogram",
        WORK_DURATION_KEY: "histogram", UNFINISHED_WORK_KEY: "gauge",
        LONGEST_RUNNING_PROCESSOR_KEY: "gauge", RETRIES_KEY: "counter",
    }

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._metrics: dict[tuple[str, str], _Value] = {}

    def _metric(self, name: str, key: str) -> _Value:
        full = f"{SUBSYSTEM}_{key}"
        with self._lock:
            m = self._metrics.get((name, full))
            if m is None:
                m = self._metrics[(name, full)] = _Value(self._KINDS[key])
            return m

    def new_depth_metric(self, name: str) -> GaugeMetric:
        return self._metric(name, DEPTH_KEY)

    def new_adds_metric(self, name: str) -> CounterMetric:
        return self._metric(name, ADDS_KEY)

    def new_latency_metric(self, name: str) -> HistogramMetric:
        return self._metric(name, QUEUE_LATENCY_KEY)

    def new_work_duration_metric(self, name: str) -> HistogramMetric:
        return self._metric(name, WORK_DURATION_KEY)

    def new_unfinished_work_seconds_metric(self, name: str) -> SettableGaugeMetric:
        return self._metric(name, UNFINISHED_WORK_KEY)

    def new_longest_running_processor_seconds_metric(self, name: str) -> SettableGaugeMetric:
        return self._metric(name, LONGEST_RUNNING_PROCESSOR_KEY)

    def new_retries_metric(self, name: str) -> CounterMetric:
        return self._metric(name, RETRIES_KEY)

    # -- reading (course-only)
    def names(self) -> list[str]:
        """The queue names that have metrics, sorted."""
        with self._lock:
            return sorted({n for n, _ in self._metrics})

    def _get(self, name: str, metric: str) -> _Value | None:
        if not metric.startswith(SUBSYSTEM + "_"):
            metric = f"{SUBSYSTEM}_{metric}"
        if metric not in METRIC_NAMES:
            raise KeyError(f"unknown workqueue metric {metric!r}; one of {', '.join(METRIC_NAMES)}")
        with self._lock:
            return self._metrics.get((name, metric))

    def value(self, name: str, metric: str) -> float:
        """A gauge's or counter's value, or a histogram's observation count (0 if unset)."""
        m = self._get(name, metric)
        if m is None:
            return 0.0
        with m._lock:
            return float(len(m.observations)) if m.kind == "histogram" else m.value

    def observations(self, name: str, metric: str) -> list[float]:
        """Every value a histogram observed, oldest first (``metric`` may omit ``workqueue_``)."""
        m = self._get(name, metric)
        if m is None:
            return []
        with m._lock:
            return list(m.observations)

    def snapshot(self, name: str) -> dict[str, Any]:
        """All seven metrics of one queue: numbers, and ``{"count", "sum"}`` for histograms."""
        out: dict[str, Any] = {}
        for full in METRIC_NAMES:
            m = self._get(name, full)
            if m is not None and m.kind == "histogram":
                obs = self.observations(name, full)
                out[full] = {"count": len(obs), "sum": sum(obs)}
            elif m is None and self._KINDS[full[len(SUBSYSTEM) + 1:]] == "histogram":
                out[full] = {"count": 0, "sum": 0.0}
            else:
                out[full] = self.value(name, full)
        return out

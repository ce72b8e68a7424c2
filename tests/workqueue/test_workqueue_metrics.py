"""Ports of client-go util/workqueue/metrics_test.go @ v0.36.3, plus the providers."""

from __future__ import annotations

import threading

import pytest

from k8slearn.clock import FakeClock
from k8slearn.workqueue import (
    DelayingQueue,
    InMemoryMetricsProvider,
    ItemExponentialFailureRateLimiter,
    NoopMetricsProvider,
    Queue,
    RateLimitingQueue,
    metrics,
)
from k8slearn.workqueue.metrics import METRIC_NAMES, set_provider


class MetricRecorder:
    """The test's testMetric: inc/dec counts, the last set, the last observation and a count."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.inc_count = self.dec_count = 0
        self.set_value = 0.0
        self.set_calls = 0
        self.observed_value = 0.0
        self.observed_count = 0

    def inc(self) -> None:
        with self.lock:
            self.inc_count += 1

    def dec(self) -> None:
        with self.lock:
            self.dec_count += 1

    def set(self, value: float) -> None:
        with self.lock:
            self.set_value = value
            self.set_calls += 1

    def observe(self, value: float) -> None:
        with self.lock:
            self.observed_value = value
            self.observed_count += 1

    def gauge_value(self) -> float:
        if self.set_value != 0:
            return self.set_value
        return float(self.inc_count - self.dec_count)


class RecordingProvider:
    """The test's testMetricsProvider: one shared recorder per kind."""

    def __init__(self) -> None:
        self.depth, self.adds, self.latency, self.duration = (MetricRecorder() for _ in range(4))
        self.unfinished, self.longest, self.retries = (MetricRecorder() for _ in range(3))

    def new_depth_metric(self, name):
        return self.depth

    def new_adds_metric(self, name):
        return self.adds

    def new_latency_metric(self, name):
        return self.latency

    def new_work_duration_metric(self, name):
        return self.duration

    def new_unfinished_work_seconds_metric(self, name):
        return self.unfinished

    def new_longest_running_processor_seconds_metric(self, name):
        return self.longest

    def new_retries_metric(self, name):
        return self.retries


# --------------------------------------------------------------------------- upstream tests


def test_metric_shutdown():
    """TestMetricShutdown: the unfinished-work loop stops at shutdown."""
    mp = RecordingProvider()
    c = FakeClock(1_700_000_000.0)
    q = Queue(name="test", clock=c, metrics_provider=mp, unfinished_work_update_period=0.001)
    assert c.has_waiters()  # the ticker exists
    c.step(0.001)
    assert mp.unfinished.set_calls == 1
    q.shut_down()
    c.step(3600.0)
    assert mp.unfinished.set_calls == 1  # no update after shutdown
    assert not c.has_waiters()


def test_metrics():
    """TestMetrics (latency, depth, adds, work duration, unfinished work)."""
    mp = RecordingProvider()
    c = FakeClock(0.0)
    q = Queue(name="test", clock=c, metrics_provider=mp, unfinished_work_update_period=0.001)
    assert c.has_waiters()

    q.add("foo")
    assert mp.adds.gauge_value() == 1.0
    assert mp.depth.gauge_value() == 1.0

    c.step(50e-6)
    i, _ = q.get()  # start processing
    assert i == "foo"
    assert mp.latency.observed_value == 5e-05
    assert mp.latency.observed_count == 1

    for _ in range(5):  # add it back while processing; multiple adds are de-duped
        q.add(i)
    assert mp.adds.gauge_value() == 2.0
    assert mp.depth.gauge_value() == 1.0  # one thing remains in the queue

    c.step(25e-6)
    q.done(i)  # finish it up
    assert mp.duration.observed_value == pytest.approx(2.5e-05, abs=1e-15)
    assert mp.duration.observed_count == 1
    assert mp.depth.gauge_value() == 1.0  # one thing remains in the queue

    i, _ = q.get()  # it should be back on the queue
    assert i == "foo"
    assert mp.latency.observed_value == pytest.approx(2.5e-05, abs=1e-15)
    assert mp.latency.observed_count == 2

    c.step(0.001)
    # Upstream expects 0.001 here: its fake clock jumps to the step's target
    # (1.075 ms) before firing the ticker.  k8slearn's FakeClock fires the tick at
    # its due time (1 ms), so the sampled in-flight age is 1 ms - 75 us.  The
    # queue's metric code is the same; only the instant of the sample differs.
    assert mp.unfinished.gauge_value() == pytest.approx(0.001 - 75e-6, abs=1e-15)
    assert mp.longest.gauge_value() == pytest.approx(0.001 - 75e-6, abs=1e-15)

    q.done(i)  # finish that one up
    assert mp.duration.observed_value == pytest.approx(0.001, abs=1e-15)
    assert mp.duration.observed_count == 2
    q.shut_down()


# --------------------------------------------------------------------------- when metrics exist


def test_unnamed_queue_gets_no_metrics_and_no_ticker():
    mp = RecordingProvider()
    c = FakeClock()
    q = Queue(name="", clock=c, metrics_provider=mp)
    q.add("a")
    assert mp.adds.inc_count == 0
    assert not c.has_waiters()


def test_noop_provider_means_no_metrics_even_when_named():
    c = FakeClock()
    Queue(name="named", clock=c, metrics_provider=NoopMetricsProvider()).add("a")
    Queue(name="named", clock=c).add("a")  # the global provider is the no-op one
    assert not c.has_waiters()


def test_global_provider_is_set_once_and_used_by_later_queues():
    first, second = InMemoryMetricsProvider(), InMemoryMetricsProvider()
    try:
        set_provider(first)
        set_provider(second)  # ignored: only the first call counts
        q = RateLimitingQueue(ItemExponentialFailureRateLimiter(0.001, 1.0), FakeClock(), "g")
        q.add("a")
        q.add_rate_limited("b")
        assert first.value("g", "workqueue_adds_total") == 1
        assert first.value("g", "retries_total") == 1
        assert second.names() == []
        q.shut_down()
    finally:
        metrics._reset_global_provider_for_tests()


def test_depth_is_not_len():
    p = InMemoryMetricsProvider()
    q = Queue(name="q", clock=FakeClock(), metrics_provider=p)
    q.add("a")
    q.get()
    q.add("a")  # parked
    assert q.len() == 0 and p.value("q", "depth") == 1
    q.add("b")
    assert q.len() == 1 and p.value("q", "depth") == 2
    q.shut_down()


def test_add_after_shutdown_records_nothing():
    p = InMemoryMetricsProvider()
    q = DelayingQueue(FakeClock(), "q", p)
    q.shut_down()
    q.add("a")
    q.add_after("a", 1.0)
    assert p.snapshot("q")["workqueue_adds_total"] == 0
    assert p.snapshot("q")["workqueue_retries_total"] == 0


def test_unfinished_work_is_sampled_every_half_second():
    p = InMemoryMetricsProvider()
    c = FakeClock()
    q = Queue(name="q", clock=c, metrics_provider=p)
    q.add("a")
    q.add("b")
    q.get()
    c.step(0.2)
    q.get()
    c.step(0.2)
    assert p.value("q", "unfinished_work_seconds") == 0  # no tick yet (first at 0.5 s)
    c.step(0.1)
    assert p.value("q", "unfinished_work_seconds") == pytest.approx(0.5 + 0.3)
    assert p.value("q", "longest_running_processor_seconds") == pytest.approx(0.5)
    q.done("a")
    q.done("b")
    c.step(0.5)
    assert p.value("q", "unfinished_work_seconds") == 0.0
    q.shut_down()


# --------------------------------------------------------------------------- in-memory provider


def test_in_memory_snapshot_and_observations():
    p = InMemoryMetricsProvider()
    c = FakeClock()
    q = DelayingQueue(c, "demo", p)
    q.add("a")
    c.step(0.25)
    q.get()
    c.step(1.0)
    q.done("a")
    q.add_after("b", 2.0)
    snap = p.snapshot("demo")
    assert list(snap) == list(METRIC_NAMES)
    assert snap["workqueue_depth"] == 0.0
    assert snap["workqueue_adds_total"] == 1.0
    assert snap["workqueue_queue_duration_seconds"] == {"count": 1, "sum": 0.25}
    assert snap["workqueue_work_duration_seconds"] == {"count": 1, "sum": 1.0}
    assert snap["workqueue_retries_total"] == 1.0
    assert p.observations("demo", "queue_duration_seconds") == [0.25]
    assert p.observations("demo", "workqueue_work_duration_seconds") == [1.0]
    assert p.names() == ["demo"]
    assert p.snapshot("missing")["workqueue_queue_duration_seconds"] == {"count": 0, "sum": 0.0}
    with pytest.raises(KeyError, match="unknown workqueue metric"):
        p.value("demo", "workqueue_bogus")
    q.shut_down()


# --------------------------------------------------------------------------- prometheus provider


def test_prometheus_provider_exposition():
    prometheus_client = pytest.importorskip("prometheus_client")
    from k8slearn.metrics.prometheus.workqueue import BUCKETS, PrometheusMetricsProvider

    # Go's ExponentialBuckets multiplies floats: two bounds carry the rounding error.
    assert BUCKETS == (1e-08, 1e-07, 1e-06, 9.999999999999999e-06, 9.999999999999999e-05,
                       0.001, 0.01, 0.1, 1.0, 10.0)
    assert [f"{b:.0e}" for b in BUCKETS] == [f"1e{e:+03d}" for e in range(-8, 2)]
    p = PrometheusMetricsProvider()
    c = FakeClock()
    q = DelayingQueue(c, "demo", p)
    q.add("a")
    c.step(0.001)
    q.get()
    c.step(0.6)
    q.done("a")
    q.add_after("b", 1.0)
    text = prometheus_client.generate_latest(p.registry).decode()
    for name, kind in [("workqueue_depth", "gauge"), ("workqueue_adds_total", "counter"),
                       ("workqueue_queue_duration_seconds", "histogram"),
                       ("workqueue_work_duration_seconds", "histogram"),
                       ("workqueue_unfinished_work_seconds", "gauge"),
                       ("workqueue_longest_running_processor_seconds", "gauge"),
                       ("workqueue_retries_total", "counter")]:
        assert f"# TYPE {name} {kind}\n" in text
        assert f"# HELP {name} [BETA] " in text
    # component-base v0.36.3's help strings, word for word (issue 12 item 6)
    for line in [
        "# HELP workqueue_depth [BETA] Current depth of workqueue",
        "# HELP workqueue_adds_total [BETA] Total number of adds handled by workqueue",
        "# HELP workqueue_queue_duration_seconds [BETA] How long in seconds an item stays in "
        "workqueue before being requested.",
        "# HELP workqueue_work_duration_seconds [BETA] How long in seconds processing an item "
        "from workqueue takes.",
        "# HELP workqueue_unfinished_work_seconds [BETA] How many seconds of work has done that "
        "is in progress and hasn't been observed by work_duration. Large values indicate stuck "
        "threads. One can deduce the number of stuck threads by observing the rate at which this "
        "increases.",
        "# HELP workqueue_longest_running_processor_seconds [BETA] How many seconds has the "
        "longest running processor for workqueue been running.",
        "# HELP workqueue_retries_total [BETA] Total number of retries handled by workqueue",
    ]:
        assert line + "\n" in text, line
    assert 'workqueue_adds_total{name="demo"} 1.0' in text
    assert 'workqueue_retries_total{name="demo"} 1.0' in text
    assert 'workqueue_queue_duration_seconds_bucket{le="9.999999999999999e-05",name="demo"} 0.0' \
        in text
    assert 'workqueue_queue_duration_seconds_bucket{le="0.001",name="demo"} 1.0' in text
    assert 'workqueue_unfinished_work_seconds{name="demo"} 0.499' in text
    assert "_created" not in text
    assert text == prometheus_client.generate_latest(p.registry).decode()  # deterministic
    q.shut_down()


def test_prometheus_provider_registers_into_a_given_registry():
    prometheus_client = pytest.importorskip("prometheus_client")
    from k8slearn.metrics.prometheus.workqueue import PrometheusMetricsProvider

    registry = prometheus_client.CollectorRegistry()
    p = PrometheusMetricsProvider(registry)
    assert p.registry is registry
    Queue(name="x", clock=FakeClock(), metrics_provider=p).add("k")
    assert registry.get_sample_value("workqueue_depth", {"name": "x"}) == 1.0


def test_prometheus_install_sets_the_global_provider():
    pytest.importorskip("prometheus_client")
    from k8slearn.metrics.prometheus.workqueue import install

    try:
        p = install()
        Queue(name="viaglobal", clock=FakeClock()).add("k")
        assert p.registry.get_sample_value("workqueue_adds_total", {"name": "viaglobal"}) == 1.0
    finally:
        metrics._reset_global_provider_for_tests()


def test_imports_stay_lean_and_prometheus_is_lazy():
    import subprocess
    import sys

    code = ("import sys, k8slearn.workqueue, k8slearn.metrics.prometheus.workqueue; "
            "bad = [m for m in sys.modules if m.startswith(('prometheus_client', 'matplotlib'))"
            " or (m.startswith('k8slearn') and m not in ('k8slearn', 'k8slearn.clock')"
            " and not m.startswith(('k8slearn.workqueue', 'k8slearn.metrics')))]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_prometheus_bucket_bounds_are_go_floats():
    """An observation of exactly 1e-5 s is *above* Go's 9.999999999999999e-06 bound."""
    prometheus_client = pytest.importorskip("prometheus_client")
    from k8slearn.metrics.prometheus.workqueue import PrometheusMetricsProvider

    p = PrometheusMetricsProvider(prometheus_client.CollectorRegistry())
    p.new_latency_metric("b").observe(1e-05)
    sample = p.registry.get_sample_value
    name = "workqueue_queue_duration_seconds_bucket"
    assert sample(name, {"name": "b", "le": "9.999999999999999e-06"}) == 0.0
    assert sample(name, {"name": "b", "le": "9.999999999999999e-05"}) == 1.0


def test_fake_clock_difference_shows_in_queue_duration_not_in_contents():
    """Issue 12 item 7, as notebooks 11 and 12 state it: this FakeClock fires the waiting
    loop's timer at its due time, so an item due at 50 ms and read at 60 ms has waited 10 ms
    (Go's testingclock would add it at 60 ms and observe 0); the queue contents are the same."""
    from k8slearn.clock import FakeClock
    from k8slearn.workqueue import DelayingQueue, InMemoryMetricsProvider

    clock, p = FakeClock(0.0), InMemoryMetricsProvider()
    q = DelayingQueue(clock, "d", p)
    q.add_after("x", 0.05)
    clock.step(0.06)
    assert q.len() == 1 and q.get() == ("x", False)
    (observed,) = p.observations("d", "workqueue_queue_duration_seconds")
    assert abs(observed - 0.01) < 1e-9
    q.shut_down()

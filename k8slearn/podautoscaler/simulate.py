"""``k8slearn hpa simulate``: the controller against a simulated workload on a FakeClock.

Every sync period (15 s) the simulation

1. advances the clock and the workload: a new pod is Running but not Ready
   until ``pod_startup`` seconds after it started; removed pods vanish at once
   (newest first);
2. spreads the load: each Ready pod uses ``load / ready pods`` millicores of
   CPU (the load is interpolated linearly between the CSV rows); pods that are
   not Ready report 0;
3. runs one reconcile of ``HorizontalController`` and applies its decision.

Metrics: ``Resource``/``ContainerResource`` cpu from the ``load`` profile;
``Pods`` metrics from ``metric_loads[name]`` (the workload's total, e.g.
requests per second, shared by the Ready pods like the CPU load); ``External``
metrics from ``metric_loads[name]`` (the one series' value).  Pod requests come
from the target's pod template (default 500m when no target is given).

Each row also carries the *capacity* of the first metric: the load the current
replicas absorb at exactly the target (cpu: replicas x request x target%;
Pods: replicas x averageValue; External: the Value target, or replicas x
averageValue), so a plot shows the load crossing it.

Upstream: none (course tooling)
"""

from __future__ import annotations

import bisect
import copy
import csv
import io
import math
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.horizontal import HorizontalController, InMemoryHPAClient
from k8slearn.podautoscaler.metrics import PodMetric, PodMetricsInfo
from k8slearn.podautoscaler.scale import InMemoryScaleClient, Scale

__all__ = ["SimRow", "LoadProfile", "read_load_csv", "simulate", "rows_to_csv", "rows_to_text",
           "SimulationError", "START"]

#: the simulation's epoch (any fixed instant keeps runs byte-identical)
START = 1_767_225_600.0  # 2026-01-01T00:00:00Z
DEFAULT_REQUEST_MILLI = 500


class SimulationError(Exception):
    """Bad simulation input (one line)."""


@dataclass
class SimRow:
    """One sync: time since start, load, replicas before and after, ready pods, why."""

    seconds: float
    load: int
    current: int
    desired: int
    ready: int
    reason: str
    capacity: float = 0.0
    #: the load column's unit: "m" (cpu millicores) or "" (the first metric's own units)
    unit: str = "m"


class LoadProfile:
    """``seconds,value`` points, linearly interpolated, flat before and after."""

    def __init__(self, points: list[tuple[float, float]]) -> None:
        if not points:
            raise SimulationError("the load profile has no rows")
        self.points = sorted(points)
        self._xs = [p[0] for p in self.points]

    def at(self, t: float) -> int:
        return int(self.value(t))

    def value(self, t: float) -> float:
        """The interpolated value at ``t`` seconds."""
        i = bisect.bisect_right(self._xs, t)
        if i == 0:
            return float(self.points[0][1])
        if i == len(self.points):
            return float(self.points[-1][1])
        (x0, y0), (x1, y1) = self.points[i - 1], self.points[i]
        return y0 + (y1 - y0) * (t - x0) / (x1 - x0)


def read_load_csv(text: str) -> LoadProfile:
    """Parse ``seconds,value`` rows (a header line is allowed)."""
    points = []
    for n, row in enumerate(csv.reader(io.StringIO(text)), 1):
        if not row or not "".join(row).strip():
            continue
        if len(row) != 2:
            raise SimulationError(f"load CSV line {n}: expected 2 columns (seconds,value)")
        try:
            t, value = float(row[0]), float(row[1])
        except ValueError:
            if n == 1:
                continue  # header
            raise SimulationError(f"load CSV line {n}: not numbers: {','.join(row)}") from None
        if not (math.isfinite(t) and math.isfinite(value)):
            raise SimulationError(f"load CSV line {n}: not finite numbers: {','.join(row)}")
        if t < 0 or value < 0:
            raise SimulationError(f"load CSV line {n}: seconds and value must not be negative: "
                                  f"{','.join(row)}")
        points.append((t, value))
    return LoadProfile(points)


class _Workload:
    """Pods of the simulated target: the pod lister and the metrics client in one.

    Kept cheap on purpose (it runs every sync of a 24 h simulation): pods share
    one spec object (never modified), the pods still starting are tracked apart
    so a sync touches only them, and all Ready pods share one ``PodMetric``.
    """

    def __init__(self, request: int, container: str, startup: float) -> None:
        self.request, self.container, self.startup = request, container, startup
        self.pods: list[Any] = []
        self._names: list[str] = []  # the pods' names, in the same order
        self._starting: dict[str, Any] = {}  # name -> pod not Ready yet
        self._share = 0
        self.now = START
        self._n = 0
        c = SimpleNamespace(name=container, resources=SimpleNamespace(
            requests={"cpu": request}), restart_policy=None)
        self._spec = SimpleNamespace(containers=[c], init_containers=[], resources=None)
        #: metric name -> (kind "Pods" or "External", profile) and the time since START
        self.metric_loads: dict[str, tuple[str, LoadProfile]] = {}
        self.t = 0.0

    def _pod(self, start: float) -> Any:
        self._n += 1
        cond = SimpleNamespace(type="Ready", status="False", last_transition_time=start)
        return SimpleNamespace(
            metadata=SimpleNamespace(name=f"pod-{self._n:05d}", namespace="default",
                                     labels={"app": "sim"}, deletion_timestamp=None),
            spec=self._spec,
            status=SimpleNamespace(phase="Running", conditions=[cond], start_time=start))

    def resize(self, replicas: int, now: float, ready_at_start: bool = False) -> None:
        while len(self.pods) < replicas:
            p = self._pod(now - (3600 if ready_at_start else 0))
            if ready_at_start:
                p.status.conditions[0].status = "True"
            else:
                self._starting[p.metadata.name] = p
            self.pods.append(p)
            self._names.append(p.metadata.name)
        for name in self._names[replicas:]:
            self._starting.pop(name, None)
        del self.pods[replicas:], self._names[replicas:]

    def advance(self, now: float, load: int) -> int:
        """Move to ``now``: pods past their startup become Ready; returns the Ready count."""
        self.now = now
        for name, p in list(self._starting.items()):
            if now >= p.status.start_time + self.startup:
                cond = p.status.conditions[0]
                cond.status, cond.last_transition_time = "True", p.status.start_time + \
                    self.startup
                del self._starting[name]
        ready = len(self.pods) - len(self._starting)
        self._share = load // ready if ready else 0
        return ready

    @property
    def usage(self) -> dict[str, int]:
        """Pod name -> millicores used now (0 for pods not Ready yet)."""
        out = dict.fromkeys(self._names, self._share)
        out.update(dict.fromkeys(self._starting, 0))
        return out

    # PodLister
    def list(self, namespace: str, selector: Any) -> list[Any]:
        return list(self.pods)

    # MetricsClient (resource metrics only)
    def get_resource_metric(self, resource: str, namespace: str, selector: Any,
                            container: str) -> tuple[PodMetricsInfo, float]:
        if not self.pods:
            raise HPAError("no metrics returned from resource metrics API")
        now = self.now
        # samples are never mutated by the calculator, so pods may share them
        out = dict.fromkeys(self._names, PodMetric(now, 30.0, self._share))
        if self._starting:
            out.update(dict.fromkeys(self._starting, PodMetric(now, 30.0, 0)))
        return out, now

    def get_raw_metric(self, metric_name: str, namespace: str, selector: Any,
                       metric_selector: Any) -> tuple[PodMetricsInfo, float]:
        kind, profile = self.metric_loads.get(metric_name, ("", None))
        if kind != "Pods" or profile is None or not self.pods:
            raise HPAError("no metrics returned from custom metrics API")
        ready = len(self.pods) - len(self._starting)
        share = int(profile.value(self.t) * 1000) // ready if ready else 0
        out = dict.fromkeys(self._names, PodMetric(self.now, 60.0, share))
        out.update(dict.fromkeys(self._starting, PodMetric(self.now, 60.0, 0)))
        return out, self.now

    def get_object_metric(self, *a: Any) -> Any:
        raise HPAError("unable to fetch metrics from custom metrics API: not simulated")

    def get_external_metric(self, metric_name: str, namespace: str,
                            selector: Any) -> tuple[list[int], float]:
        kind, profile = self.metric_loads.get(metric_name, ("", None))
        if kind != "External" or profile is None:
            raise HPAError("no metrics returned from external metrics API")
        return [int(profile.value(self.t) * 1000)], self.now


def _check_metrics(hpa: Any, metric_loads: dict[str, LoadProfile]) -> dict[str, tuple]:
    """Every metric must be simulable; returns name -> (kind, profile) for Pods/External."""
    out: dict[str, tuple[str, LoadProfile]] = {}
    for m in hpa.spec.metrics:
        if m.type in ("Pods", "External"):
            name = (m.pods if m.type == "Pods" else m.external).metric.name
            if name not in metric_loads:
                raise SimulationError(f"no --metric profile for the {m.type} metric {name} "
                                      f"(pass --metric {name}=FILE.csv)")
            out[name] = (m.type, metric_loads[name])
            continue
        src = m.resource if m.type == "Resource" else (
            m.container_resource if m.type == "ContainerResource" else None)
        if src is None or src.name != "cpu":
            raise SimulationError("simulate supports cpu Resource, Pods and External metrics, "
                                  f"got {m.type}")
    return out


def _capacity(hpa: Any, replicas: int, request: int) -> float:
    """The first metric's load at exactly the target for ``replicas`` pods."""
    if not hpa.spec.metrics:
        return 0.0
    m = hpa.spec.metrics[0]
    if m.type in ("Resource", "ContainerResource"):
        t = (m.resource if m.type == "Resource" else m.container_resource).target
        if t.average_utilization is not None:
            return replicas * request * t.average_utilization / 100
        return replicas * t.average_value.milli_value() if t.average_value is not None else 0.0
    t = (m.pods if m.type == "Pods" else m.external).target
    if t.average_value is not None:
        return replicas * t.average_value.milli_value() / 1000
    return t.value.milli_value() / 1000 if t.value is not None else 0.0


def _request_and_container(target: Any) -> tuple[int, str]:
    if target is None:
        return DEFAULT_REQUEST_MILLI, "app"
    containers = target.spec.template.spec.containers or []
    total, name = 0, containers[0].name if containers else "app"
    for c in containers:
        q = (c.resources.requests if c.resources else {}).get("cpu")
        if q is None:
            raise SimulationError(f"container {c.name} of the target has no cpu request")
        total += q.milli_value()
    return total or DEFAULT_REQUEST_MILLI, name


def _reason(result: Any) -> str:
    if result.rescale:
        return result.rescale_reason
    conds = {c.type: c for c in result.hpa.status.conditions}
    able, active, limited = (conds.get(t) for t in ("AbleToScale", "ScalingActive",
                                                    "ScalingLimited"))
    if active is not None and active.status == "False":
        return active.reason
    if able is not None and able.reason not in ("ReadyForNewScale", "SucceededGetScale",
                                                "SucceededRescale"):
        return able.reason
    if limited is not None and limited.status == "True":
        return limited.reason
    return ""


def simulate(hpa: Any, target: Any, load: LoadProfile | None, duration: float,
             pod_startup: float = 30.0, sync_period: float = 15.0,
             metric_loads: dict[str, LoadProfile] | None = None) -> list[SimRow]:
    """Run the controller every ``sync_period`` for ``duration`` seconds.

    ``load`` (cpu millicores) may be None when no metric is a cpu metric;
    ``metric_loads`` gives the Pods/External metrics' profiles by metric name.
    """
    from k8slearn.api.autoscaling import HorizontalPodAutoscaler
    from k8slearn.api.meta import ObjectMeta
    from k8slearn.clock import FakeClock

    loads = _check_metrics(hpa, metric_loads or {})
    if load is None:
        if any(m.type in ("Resource", "ContainerResource") for m in hpa.spec.metrics):
            raise SimulationError("--load is required for a cpu metric")
        load = LoadProfile([(0.0, 0.0)])
    # a lean copy: the controller deep-copies the HPA on every reconcile
    hpa = HorizontalPodAutoscaler(metadata=ObjectMeta(name=hpa.metadata.name or "hpa",
                                                      namespace="default"),
                                  spec=copy.deepcopy(hpa.spec))
    request, container = _request_and_container(target)
    replicas = hpa.spec.min_replicas or 1
    if target is not None and target.spec.replicas is not None:
        replicas = target.spec.replicas
    ref = hpa.spec.scale_target_ref
    work = _Workload(request, container, pod_startup)
    work.metric_loads = loads
    first = hpa.spec.metrics[0] if hpa.spec.metrics else None
    first_profile = None  # the load column shows the first metric's values
    if first is not None and first.type in ("Pods", "External"):
        src = first.pods if first.type == "Pods" else first.external
        first_profile = loads[src.metric.name][1]
    work.resize(replicas, START, ready_at_start=True)
    scale = Scale(ref.name, "default", replicas, replicas, "app=sim")
    scales = InMemoryScaleClient([(ref.kind, scale)])
    clock = FakeClock(START)
    ctrl = HorizontalController(scales, work, work, InMemoryHPAClient([hpa]), clock=clock,
                                resync_period=sync_period)
    key = ctrl.enqueue_hpa(hpa)
    rows: list[SimRow] = []
    t = 0.0
    while t <= duration:
        now = START + t
        clock.set_time(now)
        current = scale.spec_replicas
        value = load.at(t)
        work.t = t
        ready = work.advance(now, value)
        shown, unit = value, "m"
        if first_profile is not None:
            shown, unit = int(first_profile.value(t)), ""
        result = ctrl.reconcile_key(key)
        desired = scale.spec_replicas
        scale.status_replicas = desired
        work.resize(desired, now)
        rows.append(SimRow(t, shown, current, desired, ready, _reason(result),
                           _capacity(hpa, current, request), unit))
        t += sync_period
    return rows


def rows_to_csv(rows: list[SimRow]) -> str:
    out = ["seconds,load,current,desired,reason"]
    for r in rows:
        reason = f'"{r.reason}"' if "," in r.reason else r.reason
        out.append(f"{int(r.seconds)},{r.load},{r.current},{r.desired},{reason}")
    return "\n".join(out) + "\n"


def _clock(s: float) -> str:
    s = int(s)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def rows_to_text(rows: list[SimRow], changes_only: bool = True) -> str:
    """An aligned timeline; by default only the syncs where something changed."""
    out = [f"{'time':>8}  {'load':>6}  {'current':>7}  {'desired':>7}  reason"]
    prev = None
    for r in rows:
        key = (r.current, r.desired, r.reason)
        if changes_only and key == prev and r is not rows[-1]:
            continue
        prev = key
        load = f"{r.load}{r.unit}"
        out.append(f"{_clock(r.seconds):>8}  {load:>6}  {r.current:>7}  {r.desired:>7}  "
                   f"{r.reason}")
    return "\n".join(out) + "\n"

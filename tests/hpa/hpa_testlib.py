"""Builders shared by the HPA tests: upstream's test harness conventions in Python.

Pods and metric objects are duck-typed stand-ins shaped like ``k8slearn.api``
objects (the calculator only reads attributes), so these tests need nothing but
``k8slearn.podautoscaler``.
"""

from __future__ import annotations

from types import SimpleNamespace as NS
from typing import Any

from k8slearn.podautoscaler.pods import GO_ZERO_TIME

NOW = 1_700_000_000.0
LABELS = {"name": "test-pod"}


class Q:
    """A minimal Quantity: holds a milli-value."""

    def __init__(self, milli: int) -> None:
        self._m = int(milli)

    def milli_value(self) -> int:
        return self._m

    def __repr__(self) -> str:
        return f"Q({self._m}m)"


def container(name: str, request_milli: int | None, restart_policy: str | None = None) -> NS:
    reqs = {} if request_milli is None else {"cpu": Q(request_milli)}
    return NS(name=name, resources=NS(requests=reqs, limits={}), restart_policy=restart_policy)


def pod(
    name: str,
    *,
    phase: str = "Running",
    ready: str | None = "True",
    start_time: float | None = GO_ZERO_TIME,
    ltt: float | None = GO_ZERO_TIME,
    deletion_timestamp: float | None = None,
    containers: list[NS] | None = None,
    init_containers: list[NS] | None = None,
    labels: dict[str, str] | None = None,
    namespace: str = "test-namespace",
) -> NS:
    conds = [] if ready is None else [
        NS(type="Ready", status=ready, last_transition_time=ltt, reason="", message="")
    ]
    return NS(
        metadata=NS(name=name, namespace=namespace, labels=dict(labels or LABELS),
                    deletion_timestamp=deletion_timestamp),
        spec=NS(containers=containers or [], init_containers=init_containers or []),
        status=NS(phase=phase, conditions=conds, start_time=start_time),
    )


def pod_metrics(
    name: str, levels: list[int], *, timestamp: float = GO_ZERO_TIME, window: float = 60.0,
    namespace: str = "test-namespace", labels: dict[str, str] | None = None,
) -> NS:
    """A PodMetrics with two container slots; a slot without a level has no usage."""
    cs = []
    for i in range(2):
        usage = {"cpu": Q(levels[i])} if i < len(levels) else {}
        cs.append(NS(name=f"container{i + 1}", usage=usage))
    return NS(metadata=NS(name=name, namespace=namespace, labels=dict(labels or LABELS)),
              timestamp=timestamp, window=window, containers=cs)


def custom_value(kind: str, name: str, metric: str, value: int, namespace: str = "test-namespace",
                 timestamp: float = NOW, window_seconds: int | None = None) -> NS:
    return NS(described_object=NS(kind=kind, name=name, namespace=namespace, api_version="v1"),
              metric=NS(name=metric, selector=None), timestamp=timestamp,
              window_seconds=window_seconds, value=Q(value))


def external_value(metric: str, value: int, labels: dict[str, str] | None = None) -> NS:
    return NS(metric_name=metric, metric_labels=dict(labels or {"label": "value"}),
              timestamp=NOW, value=Q(value))


def levels(*xs: int) -> list[list[int]]:
    """``makePodMetricLevels``: the same level in both containers."""
    return [[x, x] for x in xs]


def ref(kind: str, name: str, api_version: str = "apps/v1") -> Any:
    return NS(kind=kind, name=name, api_version=api_version)


# ---------------------------------------------------------------- behavior rules
def policy(type_: str, value: int, period: int) -> NS:
    return NS(type=type_, value=value, period_seconds=period)


def rules(policies: list[NS], select: str = "Max", stab: int | None = 0,
          tolerance: Any = None) -> NS:
    return NS(policies=policies, select_policy=select, stabilization_window_seconds=stab,
              tolerance=tolerance)


def gen(p: int, pp: int, pc: int, pcp: int, stab: int) -> NS:
    """upstream ``generateScalingRules(pods, podsPeriod, percent, percentPeriod, stab)``."""
    ps = []
    if p:
        ps.append(policy("Pods", p, pp))
    if pc:
        ps.append(policy("Percent", pc, pcp))
    return rules(ps, "Max", stab)


def default_up() -> NS:
    """``GenerateHPAScaleUpRules(nil)``: Pods 4/15 s and Percent 100/15 s, window 0, Max."""
    return rules([policy("Pods", 4, 15), policy("Percent", 100, 15)], "Max", 0)


def default_down() -> NS:
    """``GenerateHPAScaleDownRules(nil)``: Percent 100/15 s, window unset, Max."""
    return rules([policy("Percent", 100, 15)], "Max", None)


def uniform_events(raw: list[int], period: int, now: float) -> list:
    """``generateEventsUniformDistribution``: evenly spread, centred, the first oldest."""
    from k8slearn.podautoscaler.normalization import TimestampedScaleEvent

    seg = period / len(raw) if raw else 0
    out = []
    for i, change in enumerate(raw):
        age = int(period - seg * (i + 1) + seg / 2)
        out.append(TimestampedScaleEvent(change, now - age))
    return out

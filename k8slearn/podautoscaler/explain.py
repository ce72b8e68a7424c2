"""``k8slearn hpa explain``: one reconcile of a fresh controller over a captured cluster state.

Inputs are real objects as kubectl prints them: one autoscaling/v2 HPA, its
scale target (Deployment, ReplicaSet or StatefulSet), and optionally the
target's Pods, PodMetrics(List), custom-metrics MetricValueList and
external-metrics ExternalMetricValueList.  The controller runs with the
production defaults (tolerance 0.1, CPU initialization 5 min, readiness delay
30 s, downscale stabilization 300 s).  By default it is freshly started, so its
recommendation history is seeded with the current replicas and no scale-down
can happen; ``history`` models a long-running controller instead
(``k8slearn.podautoscaler.explain_verdict``).  Every explanation ends with a
one-line verdict naming the rule that decided it.

``explain_state`` returns an ``Explanation``; ``to_json`` and ``render_text``
print it.  Input problems raise ``InputError`` (one line) or
``InvalidHPAError`` (every validation error, apiserver format).

Upstream: none (course tooling)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.horizontal import HorizontalController, InMemoryHPAClient
from k8slearn.podautoscaler.metrics import InMemoryMetricsClient
from k8slearn.podautoscaler.pods import InMemoryPodLister
from k8slearn.podautoscaler.scale import InMemoryScaleClient, scale_from_workload

__all__ = [
    "ClusterState",
    "Explanation",
    "InputError",
    "InvalidHPAError",
    "load_state",
    "parse_now",
    "explain_state",
    "explain_files",
    "to_json",
    "render_text",
]

TARGET_KINDS = ("Deployment", "ReplicaSet", "StatefulSet")


class InputError(Exception):
    """Bad input (files, kinds, flags): a one-line message for stderr."""


class InvalidHPAError(Exception):
    """The HPA fails validation after defaulting; ``errors`` are apiserver-format lines."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ClusterState:
    """Everything ``hpa explain`` reads."""

    hpa: Any
    target: Any
    pods: list[Any] = field(default_factory=list)
    pod_metrics: list[Any] = field(default_factory=list)
    custom_metrics: list[Any] = field(default_factory=list)
    external_metrics: list[Any] = field(default_factory=list)


@dataclass
class MetricTrace:
    """The replica calculator's steps for one metric spec."""

    spec: Any
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    proposal: int | None = None
    name: str = ""
    error: str = ""


@dataclass
class Explanation:
    """The outcome of one reconcile, with the steps that led to it."""

    state: ClusterState
    now: float
    result: Any
    metrics: list[MetricTrace]
    history_before: list[tuple[int, float]]
    history_mode: str = "fresh"
    #: AbleToScale reason set by stabilization (before a rescale overwrites it), or ""
    stabilized_reason: str = ""
    verdict: str = ""
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- loading
def read_objects(paths: list[str], name: str = "",
                 gates: dict[str, bool] | None = None, **read: Any) -> tuple[list[Any], Any]:
    """Every object in the ``-f`` paths, and the one HPA among them, defaulted and validated.

    A path may be a file, ``-`` (standard input) or, as with ``kubectl apply -f DIR``,
    a directory of ``.yaml``/``.yml``/``.json`` files; ``read`` holds the keyword
    arguments of ``k8slearn.api.visitor.load_paths`` (recursive, field_validation,
    warnings, stdin).  With several HPAs, ``name`` (``NAME`` or ``NAMESPACE/NAME``)
    picks one.  ``gates["HPAScaleToZero"]`` allows ``minReplicas: 0``.
    """
    from k8slearn.api.errors import ValidationError
    from k8slearn.api.visitor import load_paths
    from k8slearn.podautoscaler.validation import validate_horizontal_pod_autoscaler

    if not paths:
        raise InputError("at least one -f FILE is required")
    origins: list[str] = []
    try:
        objects = load_paths(paths, validate=False, origins=origins, **read)
    except ValidationError as e:
        where = "" if getattr(e, "named", True) else f"{e.source}: "  # type: ignore[attr-defined]
        raise InvalidHPAError([where + str(x) for x in e.errors]) from None
    except (OSError, ValueError) as e:
        raise InputError(" ".join(str(e).split())) from None
    hpa = select_hpa([o for o in objects if o.kind == "HorizontalPodAutoscaler"], name)
    from k8slearn.api.autoscaling_validation import (
        validation_options_for_horizontal_pod_autoscaler,
    )

    opts = validation_options_for_horizontal_pod_autoscaler(
        hpa, hpa_scale_to_zero=bool((gates or {}).get("HPAScaleToZero")))
    errors = validate_horizontal_pod_autoscaler(hpa, opts)
    if errors:
        origin = next(o for o, x in zip(origins, objects, strict=True) if x is hpa)
        raise InvalidHPAError([(f"{origin}: " if origin else "") + str(e) for e in errors])
    return objects, hpa


def _hpa_name(h: Any) -> str:
    return f"{h.metadata.namespace or 'default'}/{h.metadata.name}"


def select_hpa(hpas: list[Any], name: str = "") -> Any:
    """The HPA named ``name`` (``NAME`` or ``NAMESPACE/NAME``), or the only one."""
    found = ", ".join(_hpa_name(h) for h in hpas)
    if name:
        want = [h for h in hpas if name in (h.metadata.name, _hpa_name(h))]
        if len(want) == 1:
            return want[0]
        if not want:
            raise InputError(f'no HorizontalPodAutoscaler named "{name}" in the input; found '
                             f"{len(hpas)}: {found or 'none'}")
        raise InputError(f'--name "{name}" matches {len(want)} HorizontalPodAutoscalers ('
                         f"{', '.join(_hpa_name(h) for h in want)}); use NAMESPACE/NAME")
    if len(hpas) != 1:
        more = f": {found}; choose one with --name" if hpas else ""
        raise InputError("expected exactly one autoscaling/v2 HorizontalPodAutoscaler in the "
                         f"input, found {len(hpas)}{more}")
    return hpas[0]


def load_state(paths: list[str], name: str = "",
               gates: dict[str, bool] | None = None, **read: Any) -> ClusterState:
    """Read and sort the input files; default and validate the HPA."""
    objects, hpa = read_objects(paths, name, gates, **read)
    ref = hpa.spec.scale_target_ref
    ns = hpa.metadata.namespace or "default"
    targets = [o for o in objects if o.kind == ref.kind and o.metadata.name == ref.name
               and (o.metadata.namespace or "default") == ns]
    if ref.kind not in TARGET_KINDS:
        raise InputError(f"scale target kind {ref.kind} is not supported (use a Deployment, "
                         "ReplicaSet or StatefulSet)")
    if not targets:
        raise InputError(f"the scale target {ref.kind}/{ref.name} of HPA {ns}/"
                         f"{hpa.metadata.name} is not in the input files")
    state = ClusterState(hpa, targets[0])
    for o in objects:
        if o.kind == "Pod":
            state.pods.append(o)
        elif o.kind == "PodMetrics":
            state.pod_metrics.append(o)
        elif o.kind == "PodMetricsList":
            state.pod_metrics.extend(o.items)
        elif o.kind == "MetricValueList":
            state.custom_metrics.extend(o.items)
        elif o.kind == "ExternalMetricValueList":
            state.external_metrics.extend(o.items)
    return state


def parse_now(text: str | None) -> float:
    """``--now`` as epoch seconds (RFC3339); the real clock when absent."""
    from k8slearn.api.serialization import parse_time

    if text is None or text == "":
        from k8slearn.clock import RealClock

        return float(int(RealClock().now()))
    try:
        return parse_time(text)
    except ValueError as e:
        raise InputError(f"invalid --now: {e}") from None


# ---------------------------------------------------------------- running
def explain_state(state: ClusterState, now: float, history: str = "fresh",
                  gates: dict[str, bool] | None = None) -> Explanation:
    """Run one reconcile at ``now``: a freshly started controller unless ``history`` says
    otherwise (see ``explain_verdict``)."""
    import copy

    from k8slearn.clock import FakeClock
    from k8slearn.podautoscaler.explain_verdict import (
        FEATURE_GATES,
        parse_history,
        verdict,
    )
    from k8slearn.podautoscaler.normalization import TimestampedRecommendation

    gates = dict(FEATURE_GATES, **(gates or {}))

    hpa = copy.deepcopy(state.hpa)
    scale = scale_from_workload(state.target)
    scales = InMemoryScaleClient([(state.target.kind, scale)])
    metrics = InMemoryMetricsClient(state.pod_metrics, state.custom_metrics,
                                    state.external_metrics, pods=state.pods)
    ctrl = HorizontalController(scales, metrics, InMemoryPodLister(state.pods),
                                InMemoryHPAClient([hpa]), clock=FakeClock(now),
                                configurable_tolerance=gates["HPAConfigurableTolerance"])
    ctrl.replica_calc.pod_level_resources = gates["PodLevelResources"]
    traces: list[MetricTrace] = []
    original = ctrl.compute_replicas_for_metric

    def traced(hpa_: Any, spec: Any, *args: Any) -> Any:
        traces.append(MetricTrace(spec))
        try:
            out = original(hpa_, spec, *args)
        except HPAError as e:
            traces[-1].error = str(getattr(e, "condition_message", e))
            raise
        traces[-1].proposal, traces[-1].name = out[0], out[1]
        return out

    ctrl.compute_replicas_for_metric = traced  # type: ignore[method-assign]
    ctrl.replica_calc.tracer = lambda ev, data: traces[-1].events.append((ev, data))
    stabilized: list[str] = []

    def watch(fn: Any) -> Any:
        def wrapped(hpa_: Any, *args: Any) -> Any:
            out = fn(hpa_, *args)
            able = [c for c in hpa_.status.conditions if c.type == "AbleToScale"]
            if able and able[0].reason in ("ScaleDownStabilized", "ScaleUpStabilized"):
                stabilized.append(able[0].reason)
            return out
        return wrapped

    ctrl.normalize_desired_replicas = watch(ctrl.normalize_desired_replicas)  # type: ignore
    ctrl.normalize_desired_replicas_with_behaviors = watch(  # type: ignore[method-assign]
        ctrl.normalize_desired_replicas_with_behaviors)
    key = ctrl.enqueue_hpa(hpa)
    try:
        seeded = parse_history(history, hpa, scale.spec_replicas, now)
    except ValueError as e:
        raise InputError(str(e)) from None
    if seeded is None:
        history_before = [(scale.spec_replicas, now)]
    else:
        history_before = seeded
        ctrl.recommendations[key] = [TimestampedRecommendation(v, t) for v, t in seeded]
    result = ctrl.reconcile_key(key)
    result.hpa = ctrl.hpa_client.get(hpa.metadata.namespace or "default", hpa.metadata.name)
    ex = Explanation(state, now, result, traces, history_before, (history or "fresh"),
                     stabilized[-1] if stabilized else "")
    ex.verdict = verdict(ex)
    return ex


#: warn when the newest input timestamp is further than this from ``--now``
STALE_INPUT_SECONDS = 600.0


def explain_files(paths: list[str], now: str | None = None, *, name: str = "",
                  history: str = "fresh", feature_gates: str = "", **read: Any) -> Explanation:
    """``load_state`` + ``parse_now`` + ``explain_state``, with input sanity warnings."""
    from k8slearn.api.serialization import format_time
    from k8slearn.podautoscaler.explain_verdict import newest_timestamp, parse_feature_gates

    try:
        gates = parse_feature_gates(feature_gates)
    except ValueError as e:
        raise InputError(f'invalid argument "{feature_gates}" for "--feature-gates" flag: '
                         f"{e}") from None
    state = load_state(paths, name, gates, **read)
    t = parse_now(now)
    ex = explain_state(state, t, history, gates)
    newest = newest_timestamp(state)
    if newest is not None and abs(t - newest) > STALE_INPUT_SECONDS:
        from k8slearn.api.serialization import format_duration

        ex.warnings.append(
            f"the newest timestamp in the input ({format_time(newest)}) is "
            f"{format_duration(abs(t - newest))} {'before' if newest < t else 'after'} the "
            f"controller clock ({format_time(t)}); pass --now with the capture time to replay it")
    return ex


# ---------------------------------------------------------------- output
def to_json_dict(ex: Explanation) -> dict[str, Any]:
    """The ``-o json`` object (a contract: keys and meanings are fixed).

    ``currentReplicas``: the scale's ``spec.replicas``; ``recommendation``: the largest
    proposal over the valid metrics before normalization (-1 if none); ``desiredReplicas``:
    after stabilization and limits, or the current count when there is no rescale;
    ``scaleTo``: what is written to ``/scale``, or None; ``currentMetrics`` and
    ``conditions``: the status written; ``verdict``: the one-line verdict.
    """
    r = ex.result
    status = r.hpa.status
    return {
        "currentReplicas": r.current_replicas,
        "recommendation": r.metric_desired_replicas,
        "desiredReplicas": r.desired_replicas if r.rescale else r.current_replicas,
        "scaleTo": r.desired_replicas if r.rescale else None,
        "currentMetrics": [m.to_dict() for m in status.current_metrics],
        "conditions": [{"type": c.type, "status": c.status, "reason": c.reason,
                        "message": c.message} for c in status.conditions],
        "verdict": ex.verdict,
    }


def to_json(ex: Explanation) -> str:
    return json.dumps(to_json_dict(ex), indent=2) + "\n"


def render_text(ex: Explanation) -> str:
    """A step-by-step account of the reconcile (see ``explain_text``)."""
    from k8slearn.podautoscaler.explain_text import render

    return render(ex)

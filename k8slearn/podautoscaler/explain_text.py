"""The ``-o text`` rendering of ``hpa explain``: the reconcile, step by step.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

from k8slearn.podautoscaler.explain_verdict import format_amount
from k8slearn.podautoscaler.pod_grouping import classify_pods

__all__ = ["render"]


def _fmt_ratio(r: float) -> str:
    return f"{r:.3f}"


def _tol(t: Any) -> str:
    return f"[{1 - t.scale_down:.3f}, {1 + t.scale_up:.3f}]"


def _spec_line(spec: Any) -> str:
    t = spec.type
    if t == "Resource" or t == "ContainerResource":
        src = spec.resource if t == "Resource" else spec.container_resource
        where = f" container {src.container}" if t == "ContainerResource" else ""
        tg = src.target
        if tg.average_value is not None:
            goal = f"averageValue {tg.average_value}"
        else:
            goal = f"averageUtilization {tg.average_utilization}% of request"
        return f"{t} {src.name}{where}, target {goal}"
    if t == "Pods":
        return f"Pods {spec.pods.metric.name}, target averageValue {spec.pods.target.average_value}"
    if t == "Object":
        o = spec.object
        tg = o.target
        goal = f"value {tg.value}" if tg.value is not None else f"averageValue {tg.average_value}"
        return (f"Object {o.metric.name} of {o.described_object.kind}/{o.described_object.name}, "
                f"target {goal}")
    if t == "External":
        e = spec.external
        tg = e.target
        goal = (f"averageValue {tg.average_value}" if tg.average_value is not None
                else f"value {tg.value}")
        return f"External {e.metric.name}, target {goal}"
    return f"{t or '(no type)'}"


def _events(lines: list[str], ex: Any, trace: Any) -> None:
    from k8slearn.podautoscaler.replica_calculator import (
        DEFAULT_CPU_INITIALIZATION_PERIOD,
        DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS,
    )

    for ev, d in trace.events:
        if ev == "samples":
            res = d["resource"] or "custom metric"
            rule = ("CPU readiness rules apply" if d["resource"] == "cpu"
                    else "no readiness rules for this metric")
            lines.append(f"  Pods selected: {len(d['pods'])} ({res}; {rule})")
            groups = classify_pods(d["pods"], d["metrics"], d["resource"],
                                   DEFAULT_CPU_INITIALIZATION_PERIOD,
                                   DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS, d["now"])
            width = max((len(n) for n in groups), default=0)
            for name in sorted(groups):
                group, why = groups[name]
                sample = d["metrics"].get(name)
                val = format_amount(sample.value, d["resource"]) if sample is not None else "-"
                lines.append(f"    {name:<{width}}  {group:<8} {val:>8}  {why}")
        elif ev == "utilization":
            used = [m.value for n, m in d["metrics"].items() if n in d["requests"]]
            req = sum(d["requests"][n] for n in d["metrics"] if n in d["requests"])
            res = d.get("resource", "cpu")
            lines.append(f"  Utilization over {len(used)} pods with samples: "
                         f"{format_amount(sum(used), res)} used of {format_amount(req, res)} "
                         f"requested = {d['utilization']}% (truncated to a whole percent)")
            lines.append(f"  Ratio: {d['utilization']}% / {d['target']}% = "
                         f"{_fmt_ratio(d['ratio'])}; average usage "
                         f"{format_amount(d['raw'], res)} per pod")
        elif ev == "average":
            n = len(d["metrics"])
            total = sum(m.value for m in d["metrics"].values())
            lines.append(f"  Average: {total}m / {n} pods = {d['usage']}m; ratio "
                         f"{d['usage']}m / {d['target']}m = {_fmt_ratio(d['ratio'])}")
        elif ev == "fast_path":
            if d["within"]:
                lines.append(f"  Tolerance: {_fmt_ratio(d['ratio'])} is within "
                             f"{_tol(d['tolerances'])}: keep the current count")
            else:
                lines.append(f"  Tolerance: {_fmt_ratio(d['ratio'])} is outside "
                             f"{_tol(d['tolerances'])}: ceil({_fmt_ratio(d['ratio'])} x "
                             f"{d['ready']} ready pods) = {d['result']}")
        elif ev == "rebalance":
            direction = "up" if d["ratio"] > 1 else "down"
            parts = []
            if d["missing"]:
                fill = ("0" if d["ratio"] > 1 else
                        "their request (or the target if above 100%)" if d["ratio"] < 1
                        else "nothing (ratio exactly 1)")
                parts.append(f"{len(d['missing'])} missing pod(s) counted at {fill}")
            if d["zeroed"]:
                parts.append(f"{len(d['zeroed'])} unready pod(s) counted at 0")
            lines.append(f"  Rebalance (scale-{direction} with unready or missing pods): "
                         + "; ".join(parts))
            lines.append(f"  New ratio: {_fmt_ratio(d['new_ratio'])} over {d['n']} pods")
            if d["guard"] == "within tolerance":
                lines.append(f"  Guard: {_fmt_ratio(d['new_ratio'])} is within "
                             f"{_tol(d['tolerances'])}: keep the current count")
            elif d["guard"]:
                lines.append(f"  Guard: {d['guard']}: keep the current count")
            else:
                lines.append(f"  Guard: {_fmt_ratio(d['new_ratio'])} is outside "
                             f"{_tol(d['tolerances'])} and on the same side of 1 as "
                             f"{_fmt_ratio(d['ratio'])}: "
                             f"ceil({_fmt_ratio(d['new_ratio'])} x {d['n']}) = {d['result']}")
        elif ev == "usage_ratio":
            if d["within"] is None:
                lines.append(f"  Ratio {_fmt_ratio(d['ratio'])} at 0 replicas: ceil(ratio) = "
                             f"{d['result']} (tolerance is skipped when scaling from zero)")
            elif d["within"]:
                lines.append(f"  Tolerance: {_fmt_ratio(d['ratio'])} is within "
                             f"{_tol(d['tolerances'])}: keep the current count")
            else:
                lines.append(f"  Ratio {_fmt_ratio(d['ratio'])} x {d['ready']} Running and "
                             f"Ready pods -> {d['result']}")
        elif ev == "per_pod":
            lines.append(f"  Per pod: {d['usage']}m over {d['status_replicas']} replicas vs "
                         f"{d['target']}m each: ratio {_fmt_ratio(d['ratio'])} "
                         f"(tolerance {_tol(d['tolerances'])}) -> {d['result']}")


def _stabilization(ex: Any) -> list[str]:
    """Replay the stabilization step on a copy of the seeded history."""
    from k8slearn.api.serialization import format_time
    from k8slearn.podautoscaler.normalization import (
        NormalizationArg,
        TimestampedRecommendation,
        stabilize_recommendation,
        stabilize_recommendation_with_behaviors,
    )

    r, hpa = ex.result, ex.state.hpa
    cur, rec = r.current_replicas, r.metric_desired_replicas
    history = [TimestampedRecommendation(v, t) for v, t in ex.history_before]
    seeded = ", ".join(f"{v} at {format_time(t)}" for v, t in ex.history_before)
    who = {"fresh": "fresh controller, history seeded with the current count",
           "status": "long-running controller, history from status.desiredReplicas at "
                     "status.lastScaleTime",
           "none": "no recent recommendations"}.get(ex.history_mode, "history from --history")
    if hpa.spec.behavior is None:
        got = stabilize_recommendation(history, rec, ex.now, 300.0)
        return [f"Stabilization (no behavior): {who}: [{seeded}]; "
                f"max over the last 300s and {rec} = {got}",
                f"Rate limit (no behavior): at most max(2 x {cur}, 4) = {max(2 * cur, 4)} "
                f"replicas, within [{hpa.spec.min_replicas}, {hpa.spec.max_replicas}]"]
    b = r.hpa.spec.behavior
    up, down = b.scale_up, b.scale_down
    down_w = 300 if down.stabilization_window_seconds is None else \
        down.stabilization_window_seconds
    arg = NormalizationArg("", up, type(down)(stabilization_window_seconds=down_w),
                           hpa.spec.min_replicas or 1, hpa.spec.max_replicas, cur, rec)
    got, _, _ = stabilize_recommendation_with_behaviors(history, arg, ex.now)
    return [f"Stabilization (behavior): {who}: [{seeded}]; scale-up window "
            f"{up.stabilization_window_seconds}s, scale-down window {down_w}s: current {cur} "
            f"clamped between the windows' limits = {got}",
            f"Rate limit (behavior): scaleUp {_policies(up)}; scaleDown {_policies(down)}"]


def _policies(rules: Any) -> str:
    ps = ", ".join(f"{p.type} {p.value}/{p.period_seconds}s" for p in rules.policies or [])
    return f"{rules.select_policy} of [{ps}]"


def render(ex: Any) -> str:
    from k8slearn.api.serialization import format_duration, format_time

    r = ex.result
    hpa = ex.state.hpa
    ref = hpa.spec.scale_target_ref
    ns = hpa.metadata.namespace or "default"
    lines = [
        f"HPA {ns}/{hpa.metadata.name} -> {ref.kind}/{ref.name}",
        f"Controller clock {format_time(ex.now)}; tolerance 0.1, CPU initialization "
        f"{format_duration(300)}, readiness delay {format_duration(30)}, downscale "
        f"stabilization {format_duration(300)}",
        f"Current replicas (scale spec.replicas): {r.current_replicas}; "
        f"min {hpa.spec.min_replicas}, max {hpa.spec.max_replicas}",
        "",
    ]
    for i, trace in enumerate(ex.metrics, 1):
        lines.append(f"Metric {i}/{len(hpa.spec.metrics)}: {_spec_line(trace.spec)}")
        _events(lines, ex, trace)
        if trace.error:
            lines.append(f"  Failed: {trace.error}")
        else:
            lines.append(f"  Proposal: {trace.proposal} replicas ({trace.name})")
        lines.append("")
    if ex.metrics:
        rec = r.metric_desired_replicas
        lines.append(f"Recommendation (max over valid metrics): {rec if rec >= 0 else 'none'}")
    conds = {c.type: c for c in r.hpa.status.conditions}
    able, limited = conds.get("AbleToScale"), conds.get("ScalingLimited")
    if r.metric_desired_replicas >= 0 and able is not None:
        lines.extend(_stabilization(ex))
    if limited is not None:
        note = "" if r.metric_desired_replicas >= 0 else " (unchanged from the input status)"
        lines.append(f"Limits: ScalingLimited={limited.status} {limited.reason}: "
                     f"{limited.message}{note}")
    if r.rescale:
        lines.append(f"Decision: scale {ref.kind}/{ref.name} from {r.current_replicas} to "
                     f"{r.desired_replicas} ({r.rescale_reason})")
    else:
        lines.append(f"Decision: keep {r.current_replicas} replicas")
    if r.error is not None:
        lines.append(f"Reconcile error: {r.error}")
    lines.append("Conditions:")
    for c in r.hpa.status.conditions:
        lines.append(f"  {c.type:<15}{c.status:<6}{c.reason}: {c.message}")
    if ex.verdict:
        lines.append(ex.verdict)
    return "\n".join(lines) + "\n"

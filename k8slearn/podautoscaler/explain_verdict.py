"""``hpa explain`` helpers: the controller's memory, the one-line verdict, input sanity.

* ``history``: what the controller remembers before this reconcile.  ``fresh``
  (the default) is a controller that just started: upstream seeds its
  recommendations with the current count, so nothing can scale down for 5
  minutes.  ``status`` is a long-running controller whose last decision,
  ``status.desiredReplicas`` at ``status.lastScaleTime``, is its only remembered
  recommendation.  ``none`` remembers nothing (steady state: every recent
  recommendation at or below this one).  ``N@TIME,...`` lists recommendations,
  TIME in RFC3339 or ``-DURATION`` before ``--now``.
* ``verdict``: which rule decided the outcome: the reconcile failing, scaling
  disabled, the replica bounds, the tolerance, the rebalancing guards (unready or
  missing pods), stabilization, a behavior policy, min/max, or the metric itself.
* ``newest_timestamp``: the newest time in the input, to warn when ``--now`` is
  far from the capture.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

__all__ = ["HISTORY_MODES", "parse_history", "verdict", "newest_timestamp", "FEATURE_GATES",
           "parse_feature_gates", "format_amount"]

HISTORY_MODES = ("fresh", "status", "none")

#: the gates ``--feature-gates`` knows, with their v1.36 defaults
FEATURE_GATES = {"HPAScaleToZero": False, "HPAConfigurableTolerance": True,
                 "PodLevelResources": True}


_TRUE = ("1", "t", "T", "TRUE", "true", "True")
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def parse_feature_gates(text: str) -> dict[str, bool]:
    """``--feature-gates A=true,B=false`` over the v1.36 defaults (component-base format)."""
    gates = dict(FEATURE_GATES)
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep:
            raise ValueError(f"missing bool value for {key}")
        if key not in gates:
            raise ValueError(f"unrecognized feature gate: {key}")
        v = value.strip()
        if v not in _TRUE + _FALSE:  # strconv.ParseBool's spellings, exactly
            raise ValueError(f"invalid value of {key}={value}, err: strconv.ParseBool: "
                             f'parsing "{value}": invalid syntax')
        gates[key] = v in _TRUE
    return gates


def parse_history(text: str, hpa: Any, current: int, now: float) -> list[tuple[int, float]] | None:
    """The seeded recommendations; ``None`` means "fresh" (the controller seeds itself)."""
    from k8slearn.api.serialization import parse_time
    from k8slearn.podautoscaler.quantity import seconds

    mode = (text or "fresh").strip()
    if mode == "fresh":
        return None
    if mode == "none":
        return []
    if mode == "status":
        desired = hpa.status.desired_replicas
        when = hpa.status.last_scale_time
        # never scaled: the last decision is old news (before any window)
        t = float(when) if when is not None else now - 86400.0
        return [(int(desired), t)]
    out = []
    for item in mode.split(","):
        value, sep, when = item.strip().partition("@")
        if not sep or not value.strip().isdigit():
            raise ValueError(f'--history must be fresh, status, none or N@TIME,... got "{text}"')
        w = when.strip()
        try:
            t = now - seconds(w[1:]) if w.startswith("-") else parse_time(w)
        except ValueError as e:
            raise ValueError(f'--history: invalid time "{w}": {e}') from None
        out.append((int(value), t))
    return out


def newest_timestamp(state: Any) -> float | None:
    """The newest point in time the captured objects mention (metric samples, pod conditions,
    start times, the HPA's last scale)."""
    times: list[float] = []
    for m in state.pod_metrics + state.custom_metrics + state.external_metrics:
        if getattr(m, "timestamp", None) is not None:
            times.append(float(m.timestamp))
    for p in state.pods:
        st = p.status
        if st is None:
            continue
        if st.start_time is not None:
            times.append(float(st.start_time))
        for c in st.conditions or []:
            if c.last_transition_time is not None:
                times.append(float(c.last_transition_time))
    if state.hpa.status.last_scale_time is not None:
        times.append(float(state.hpa.status.last_scale_time))
    return max(times) if times else None


_BINARY = (("Ei", 1024**6), ("Pi", 1024**5), ("Ti", 1024**4), ("Gi", 1024**3), ("Mi", 1024**2),
           ("Ki", 1024))


def format_amount(milli: int, resource: str) -> str:
    """Millicores for cpu and custom metrics; bytes with a binary unit for memory-like ones."""
    if resource not in ("memory", "ephemeral-storage") and not resource.startswith("hugepages-"):
        return f"{milli}m"
    b = milli / 1000
    for unit, size in _BINARY:
        if abs(b) >= size:
            v = b / size
            return f"{v:.0f}{unit}" if v == int(v) else f"{v:.1f}{unit}"
    return f"{b:.0f}" if b == int(b) else f"{b:.3f}"


def verdict(ex: Any) -> str:
    """One line: the outcome and the rule that decided it."""
    r = ex.result
    conds = {c.type: c for c in r.hpa.status.conditions}
    cur = r.current_replicas
    final = r.desired_replicas if r.rescale else cur
    outcome = f"scale from {cur} to {final}" if r.rescale else f"keep {cur} replicas"
    active = conds.get("ScalingActive")
    if active is not None and active.reason == "ScalingDisabled":
        return f"Verdict: {outcome}; scaling is disabled: the target has 0 replicas and " \
               "minReplicas is not 0."
    if r.metric_desired_replicas < 0 and r.rescale_reason.startswith("Current number"):
        return f"Verdict: {outcome}; the current count is outside [minReplicas, maxReplicas] " \
               "(no metrics are read in this case)."
    if r.error is not None and r.metric_desired_replicas < 0:
        failed = [t.error for t in ex.metrics if t.error]
        why = failed[0] if failed else str(r.error)
        why = why.removeprefix("the HPA was unable to compute the replica count: ")
        reason = f" ({active.reason})" if active is not None and active.status == "False" else ""
        return f"Verdict: {outcome}; no metric gave a count{reason}: {why}"
    rec = r.metric_desired_replicas
    limited = conds.get("ScalingLimited")
    limit = {"TooFewReplicas": "minReplicas", "TooManyReplicas": "maxReplicas",
             "ScaleUpLimit": "the scale-up rate limit (behavior policy or max(2 x current, 4))",
             "ScaleDownLimit": "a scale-down policy"}
    if limited is not None and limited.status == "True" and limited.reason in limit:
        return f"Verdict: {outcome}; the recommendation was {rec}, {limit[limited.reason]} " \
               "decided."
    stabilized = ex.stabilized_reason
    if stabilized:
        side = "scale-down" if stabilized == "ScaleDownStabilized" else "scale-up"
        return f"Verdict: {outcome}; the recommendation was {rec}, but stabilization " \
               f"({stabilized}) held the {side}: a recommendation in the window allows no more."
    decided = _metric_rule(ex)
    if r.error is not None:
        decided += f" (another metric failed: {r.error})"
    return f"Verdict: {outcome}; {decided}."


def _metric_rule(ex: Any) -> str:
    """The rule inside the winning metric's calculation."""
    r = ex.result
    for trace in ex.metrics:
        if trace.error or trace.proposal != r.metric_desired_replicas:
            continue
        for ev, d in reversed(trace.events):
            if ev == "rebalance":
                why = []
                if d["missing"]:
                    why.append(f"{len(d['missing'])} pod(s) without metrics")
                if d["zeroed"]:
                    why.append(f"{len(d['zeroed'])} unready pod(s)")
                who = " and ".join(why) or "missing pods"
                if d["guard"]:
                    return f"{trace.name}: after rebalancing {who}, the guard " \
                           f"'{d['guard']}' kept the current count"
                return f"{trace.name}: rebalanced for {who}, proposing {d['result']}"
            if ev in ("fast_path", "usage_ratio", "per_pod"):
                within = d.get("within")
                if within or (ev == "per_pod" and d["result"] == d["status_replicas"]):
                    return f"{trace.name} is within the tolerance, so the count stays"
                return f"{trace.name} proposed {d['result']}"
        return f"{trace.name} proposed {trace.proposal}"
    return "no metric proposed a change"

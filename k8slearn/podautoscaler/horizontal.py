"""The HorizontalController: one reconcile turns metrics into a new ``spec.replicas``.

``reconcile_autoscaler`` follows upstream step by step:

1. GET the target's ``/scale``; ``current = scale.spec.replicas``;
2. seed the recommendation history with ``current`` on the first reconcile
   (so a restarted controller cannot scale down at once);
3. current 0 with minReplicas > 0 disables scaling; current outside
   ``[min, max]`` is clamped with no metrics at all;
4. otherwise: the max proposal over the metrics, then normalization (with or
   without ``behavior``), which sets AbleToScale and ScalingLimited;
5. if the count changed, PUT ``/scale`` and record a scale event;
6. rebuild the status, write it only if it changed.

Errors are returned (``ReconcileResult.error``), not raised, because a
reconcile may rescale *and* report an error (an invalid metric beside a valid
scale-up).

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.clock import Clock, RealClock
from k8slearn.podautoscaler.conditions import ABLE_TO_SCALE, SCALING_ACTIVE, set_condition
from k8slearn.podautoscaler.errors import HPAError, SpecError
from k8slearn.podautoscaler.horizontal_metrics import MetricComputation
from k8slearn.podautoscaler.horizontal_normalize import NormalizationMixin
from k8slearn.podautoscaler.hpa_client import (
    Event,
    HPAClient,
    InMemoryHPAClient,
    ReconcileResult,
    hpa_key,
)
from k8slearn.podautoscaler.metrics import MetricsClient
from k8slearn.podautoscaler.normalization import (
    SCALE_UP_LIMIT_FACTOR,
    SCALE_UP_LIMIT_MINIMUM,
    TimestampedRecommendation,
    TimestampedScaleEvent,
)
from k8slearn.podautoscaler.pods import PodLister
from k8slearn.podautoscaler.replica_calculator import (
    DEFAULT_CPU_INITIALIZATION_PERIOD,
    DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS,
    DEFAULT_TOLERANCE,
    ReplicaCalculator,
)
from k8slearn.podautoscaler.scale import ScaleClient
from k8slearn.podautoscaler.selectors import parse_selector
from k8slearn.podautoscaler.semantic import deep_equal

__all__ = [
    "HorizontalController",
    "ReconcileResult",
    "Event",
    "HPAClient",
    "InMemoryHPAClient",
    "DEFAULT_SYNC_PERIOD",
    "DEFAULT_DOWNSCALE_STABILISATION_WINDOW",
]

DEFAULT_SYNC_PERIOD = 15.0
DEFAULT_DOWNSCALE_STABILISATION_WINDOW = 300.0


def _copy_hpa(hpa: Any) -> Any:
    """``hpa.DeepCopy()`` for what a reconcile may change: status and behavior.

    Metadata, metric specs and policies are read-only here, so they are shared (a large
    speed-up for long simulations); the rules are copied (an unset window is filled in).
    """
    out = _shallow(hpa)
    out.spec = _shallow(hpa.spec)
    if (b := hpa.spec.behavior) is not None:
        out.spec.behavior = b = _shallow(b)
        b.scale_up = None if b.scale_up is None else _shallow(b.scale_up)
        b.scale_down = None if b.scale_down is None else _shallow(b.scale_down)
    out.status = _copy_status(hpa.status)
    return out


def _copy_status(status: Any) -> Any:
    """A copy of an HPA status deep enough for a reconcile: conditions are edited in
    place, the metric statuses are only ever replaced."""
    out = _shallow(status)
    out.current_metrics = list(status.current_metrics)
    out.conditions = [_shallow(c) for c in status.conditions]
    return out


def _shallow(obj: Any) -> Any:
    """``copy.copy`` for plain attribute objects, without the pickle protocol's cost."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    return new


def _parse_group_version(gv: str) -> str:
    """The group of an apiVersion (``schema.ParseGroupVersion``)."""
    if gv in ("", "v1"):
        return ""
    parts = gv.split("/")
    if len(parts) == 1:
        return ""  # a bare version is the core group
    if len(parts) == 2:
        return parts[0]
    raise HPAError(f"unexpected GroupVersion string: {gv}")


class HorizontalController(MetricComputation, NormalizationMixin):
    """The HPA controller's reconcile logic and per-HPA memory."""

    def __init__(
        self,
        scale_client: ScaleClient,
        metrics_client: MetricsClient,
        pod_lister: PodLister,
        hpa_client: HPAClient | None = None,
        *,
        clock: Clock | None = None,
        resync_period: float = DEFAULT_SYNC_PERIOD,
        downscale_stabilisation_window: float = DEFAULT_DOWNSCALE_STABILISATION_WINDOW,
        tolerance: float = DEFAULT_TOLERANCE,
        cpu_initialization_period: float = DEFAULT_CPU_INITIALIZATION_PERIOD,
        delay_of_initial_readiness_status: float = DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS,
        scale_up_limit_factor: float = SCALE_UP_LIMIT_FACTOR,
        scale_up_limit_minimum: float = SCALE_UP_LIMIT_MINIMUM,
        configurable_tolerance: bool = True,
    ) -> None:
        self.clock: Clock = clock or RealClock()
        self.scale_client = scale_client
        self.pod_lister = pod_lister
        self.hpa_client = hpa_client if hpa_client is not None else InMemoryHPAClient()
        self.resync_period = resync_period
        self.downscale_stabilisation_window = downscale_stabilisation_window
        self.tolerance = tolerance
        self.configurable_tolerance = configurable_tolerance
        self.scale_up_limit_factor = scale_up_limit_factor
        self.scale_up_limit_minimum = scale_up_limit_minimum
        self.replica_calc = ReplicaCalculator(
            metrics_client, pod_lister, cpu_initialization_period,
            delay_of_initial_readiness_status, self.clock,
        )
        #: per HPA key; ``None`` (absent) vs ``[]`` matters: only None gets seeded
        self.recommendations: dict[str, list[TimestampedRecommendation] | None] = {}
        self.scale_up_events: dict[str, list[TimestampedScaleEvent]] = {}
        self.scale_down_events: dict[str, list[TimestampedScaleEvent]] = {}
        self.hpa_selectors: dict[str, Any] = {}
        self.events: list[Event] = []
        #: what each queue-driven reconcile returned (``process_next_work_item``)
        self.results: list[ReconcileResult] = []
        self._queue: Any = None

    # ----------------------------------------------------------- plumbing
    def _now(self) -> float:
        return self.clock.now()

    def _event(self, hpa: Any, type_: str, reason: str, message: str) -> None:
        self.events.append(Event(type_, reason, message))

    def enqueue_hpa(self, hpa: Any) -> str:
        """Register an HPA's key (and an empty selector, like ``enqueueHPA``)."""
        key = hpa_key(hpa)
        self.hpa_selectors.setdefault(key, None)
        return key

    # ----------------------------------------------------------- work queue
    def work_queue(self) -> Any:
        """The controller's rate-limited queue (created on first use, on ``self.clock``)."""
        if self._queue is None:
            from k8slearn.podautoscaler.rate_limiters import new_default_hpa_rate_limiter
            from k8slearn.workqueue import RateLimitingQueue

            self._queue = RateLimitingQueue(new_default_hpa_rate_limiter(self.resync_period),
                                            self.clock, name="horizontalpodautoscaler")
        return self._queue

    def enqueue(self, hpa: Any) -> None:
        """``enqueueHPA``: the informer's add/update/resync handler."""
        self.work_queue().add_rate_limited(self.enqueue_hpa(hpa))

    def process_next_work_item(self) -> bool:
        """Take one key, reconcile it, re-add it one sync period later (unless deleted).

        Blocks until a key is ready; returns False once the queue is shut down.
        """
        q = self.work_queue()
        key, shutdown = q.get()
        if shutdown:
            return False
        try:
            result = self.reconcile_key(key)
            if result is not None:
                self.results.append(result)
                q.add_rate_limited(key)
        finally:
            q.done(key)
        return True

    def reconcile_key(self, key: str) -> ReconcileResult | None:
        """Reconcile the HPA stored under ``key``; forget its history if it is gone."""
        namespace, _, name = key.partition("/")
        hpa = self.hpa_client.get(namespace, name)
        if hpa is None:
            self.recommendations.pop(key, None)
            self.scale_up_events.pop(key, None)
            self.scale_down_events.pop(key, None)
            self.hpa_selectors.pop(key, None)
            return None
        return self.reconcile_autoscaler(hpa, key)

    def sync_all(self) -> list[ReconcileResult]:
        """One resync: reconcile every HPA the client lists, in key order."""
        out = []
        for hpa in sorted(self.hpa_client.list(), key=hpa_key):
            key = self.enqueue_hpa(hpa)
            result = self.reconcile_key(key)
            if result is not None:
                out.append(result)
        return out

    # ----------------------------------------------------------- reconcile
    def reconcile_autoscaler(self, hpa_shared: Any, key: str) -> ReconcileResult:
        """One pass of ``reconcileAutoscaler`` over a copy of ``hpa_shared``."""
        n_events = len(self.events)
        hpa = _copy_hpa(hpa_shared)
        original_status = hpa_shared.status  # untouched: the reconcile edits only the copy
        ref = hpa.spec.scale_target_ref
        ns = hpa.metadata.namespace or "default"
        reference = f"{ref.kind}/{ns}/{ref.name}"
        res = ReconcileResult(hpa=hpa)

        def finish(error: HPAError | None) -> ReconcileResult:
            res.error = error
            res.events = self.events[n_events:]
            return res

        try:
            group = _parse_group_version(ref.api_version or "")
        except HPAError as e:
            self._failed_get_scale(hpa, e, original_status)
            return finish(SpecError(f"invalid API version in scale target reference: {e}"))
        try:
            scale = self.scale_client.get_scale(ns, group, ref.kind, ref.name)
        except HPAError as e:
            self._failed_get_scale(hpa, e, original_status)
            return finish(HPAError(f"failed to query scale subresource for {reference}: {e}"))
        set_condition(hpa, ABLE_TO_SCALE, "True", "SucceededGetScale",
                      "the HPA controller was able to get the target's current scale", self._now())
        current = scale.spec_replicas
        res.current_replicas = current
        self.record_initial_recommendation(current, key)

        statuses: list[Any] = []
        desired = 0
        reason = ""
        min_replicas = hpa.spec.min_replicas if hpa.spec.min_replicas is not None else 1
        rescale = True
        ret_err: HPAError | None = None
        if current == 0 and min_replicas != 0:
            desired, rescale = 0, False
            set_condition(hpa, SCALING_ACTIVE, "False", "ScalingDisabled",
                          "scaling is disabled since the replica count of the target is zero",
                          self._now())
        elif current > hpa.spec.max_replicas:
            reason, desired = "Current number of replicas above Spec.MaxReplicas", \
                hpa.spec.max_replicas
        elif current < min_replicas:
            reason, desired = "Current number of replicas below Spec.MinReplicas", min_replicas
        else:
            try:
                selector = self.validate_and_parse_selector(hpa, scale.selector)
            except HPAError as e:
                metric_desired, metric_name, ts, err = -1, "", 0.0, e
            else:
                metric_desired, metric_name, statuses, ts, err = self.compute_replicas_for_metrics(
                    hpa, scale, hpa.spec.metrics, selector)
            res.metric_desired_replicas, res.metric_name = metric_desired, metric_name
            if err is not None and metric_desired == -1:
                hpa.status.current_replicas = current
                hpa.status.current_metrics = statuses
                self._update_status_if_needed(original_status, hpa)
                msg = str(err) if err is not None else ""
                self._event(hpa, "Warning", "FailedComputeMetricsReplicas", msg)
                return finish(HPAError(
                    "failed to compute desired number of replicas based on listed metrics for "
                    f"{reference}: {msg}"))
            ret_err = err
            rescale_metric = ""
            if metric_desired > desired:
                desired, rescale_metric = metric_desired, metric_name
            if desired > current:
                reason = f"{rescale_metric} above target"
            if desired < current:
                reason = "All metrics below target"
            if hpa.spec.behavior is None:
                desired = self.normalize_desired_replicas(hpa, key, current, desired,
                                                          min_replicas)
            else:
                desired = self.normalize_desired_replicas_with_behaviors(
                    hpa, key, current, desired, min_replicas)
            rescale = desired != current

        res.rescale_reason = reason
        if rescale:
            scale.spec_replicas = desired
            try:
                self.scale_client.update_scale(ns, group, ref.kind, scale)
            except HPAError as e:
                self._event(hpa, "Warning", "FailedRescale",
                            f"New size: {desired}; reason: {reason}; error: {e}")
                set_condition(hpa, ABLE_TO_SCALE, "False", "FailedUpdateScale",
                              f"the HPA controller was unable to update the target scale: {e}",
                              self._now())
                hpa.status.current_replicas = current
                hpa.status.current_metrics = statuses
                self._update_status_if_needed(original_status, hpa)
                res.desired_replicas = desired
                return finish(HPAError(f"failed to rescale {reference}: {e}"))
            set_condition(hpa, ABLE_TO_SCALE, "True", "SucceededRescale",
                          f"the HPA controller was able to update the target scale to {desired}",
                          self._now())
            self._event(hpa, "Normal", "SuccessfulRescale",
                        f"New size: {desired}; reason: {reason}")
            self.store_scale_event(hpa.spec.behavior, key, current, desired)
        else:
            desired = current
        res.desired_replicas, res.rescale = desired, rescale
        self._set_status(hpa, current, desired, statuses, rescale)
        self._update_status_if_needed(original_status, hpa)
        return finish(ret_err)

    def _failed_get_scale(self, hpa: Any, err: HPAError, original_status: Any) -> None:
        self._event(hpa, "Warning", "FailedGetScale", str(err))
        set_condition(hpa, ABLE_TO_SCALE, "False", "FailedGetScale",
                      f"the HPA controller was unable to get the target's current scale: {err}",
                      self._now())
        self._update_status_if_needed(original_status, hpa)

    def _set_status(self, hpa: Any, current: int, desired: int, statuses: list[Any],
                    rescale: bool) -> None:
        hpa.status.current_replicas = current
        hpa.status.desired_replicas = desired
        hpa.status.current_metrics = statuses
        if rescale:
            hpa.status.last_scale_time = self._now()

    def _update_status_if_needed(self, original_status: Any, hpa: Any) -> None:
        if deep_equal(original_status, hpa.status):
            return
        self.hpa_client.update_status(hpa)

    # ------------------------------------------------------------ selector
    def validate_and_parse_selector(self, hpa: Any, selector: str) -> Any:
        """Parse the scale's selector and refuse pods claimed by two HPAs."""
        now = self._now()
        if selector == "":
            self._event(hpa, "Warning", "SelectorRequired", "selector is required")
            set_condition(hpa, SCALING_ACTIVE, "False", "InvalidSelector",
                          "the HPA target's scale is missing a selector", now)
            raise HPAError("selector is required")
        try:
            parsed = parse_selector(selector)
        except HPAError as e:
            msg = f"couldn't convert selector into a corresponding internal selector object: {e}"
            self._event(hpa, "Warning", "InvalidSelector", msg)
            set_condition(hpa, SCALING_ACTIVE, "False", "InvalidSelector", msg, now)
            raise HPAError(msg) from e
        key = hpa_key(hpa)
        if key in self.hpa_selectors:
            self.hpa_selectors[key] = parsed
        ns = hpa.metadata.namespace or "default"
        pods = self.pod_lister.list(ns, parsed)
        selecting = self.hpas_controlling_pods_under_selector(pods)
        if len(selecting) > 1:
            keys = " ".join("{" + k.split("/", 1)[1] + " " + k.split("/", 1)[0] + "}"
                            for k in selecting)
            msg = f"pods by selector {selector} are controlled by multiple HPAs: [{keys}]"
            self._event(hpa, "Warning", "AmbiguousSelector", msg)
            set_condition(hpa, SCALING_ACTIVE, "False", "AmbiguousSelector", msg, now)
            raise HPAError(msg)
        return parsed

    def hpas_controlling_pods_under_selector(self, pods: list[Any]) -> list[str]:
        """Keys of the known HPAs whose last selector selects any of ``pods``."""
        found = []
        for key, sel in self.hpa_selectors.items():
            if sel is None:
                continue
            hns, _, hname = key.partition("/")
            if any((p.metadata.namespace or "default") == hns
                   and sel.matches(p.metadata.labels or {}) for p in pods) \
                    and self.hpa_client.get(hns, hname) is not None:
                found.append(key)
        return sorted(found)

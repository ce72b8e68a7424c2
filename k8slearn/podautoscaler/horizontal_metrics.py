"""One replica proposal per metric spec, and the status entry it reports.

``compute_replicas_for_metrics`` asks the replica calculator once per metric
and keeps the **largest** proposal.  A metric that fails is skipped, and the
first failure is remembered; if *every* metric failed, or some failed and the
valid ones would scale *down*, the HPA does nothing and reports the first
failure (a broken metric blocks scale-down but never scale-up).

Quirks kept: a failed metric leaves an empty ``MetricStatus`` in
``currentMetrics``; an Object metric with an AverageValue target is named
``external metric <name>(<selector>)`` in messages.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

from typing import Any

from k8slearn.podautoscaler.conditions import SCALING_ACTIVE, set_condition
from k8slearn.podautoscaler.errors import HPAError, SpecError
from k8slearn.podautoscaler.quantity import milli
from k8slearn.podautoscaler.replica_calculator import ReplicaCalculator, Tolerances
from k8slearn.podautoscaler.selectors import format_label_selector, label_selector_as_selector

__all__ = ["MetricComputation", "UnableToCompute"]


class UnableToCompute(HPAError):
    """A metric failed: carries the ScalingActive=False condition it proposes."""

    def __init__(self, message: str, reason: str, condition_message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.condition_message = condition_message


def _mq(value: int) -> Any:
    from k8slearn.api.resource import Quantity

    return Quantity.new_milli_quantity(value)


class MetricComputation:
    """The metric half of ``HorizontalController`` (mixed into it)."""

    replica_calc: ReplicaCalculator
    tolerance: float
    configurable_tolerance: bool

    def _event(self, hpa: Any, type_: str, reason: str, message: str) -> None:
        raise NotImplementedError

    def _now(self) -> float:
        raise NotImplementedError

    def tolerances_for_hpa(self, hpa: Any) -> Tolerances:
        """Per-direction tolerances from ``behavior``, else the controller's flag (v1.33+).

        The ``HPAConfigurableTolerance`` gate (alpha in v1.33, beta and on by default
        since v1.35) is modelled by ``configurable_tolerance``, on by default here.
        A quantity becomes a float as Go's ``AsApproximateFloat64`` does it.
        """
        from k8slearn.podautoscaler.quantity import approximate_float64

        down = up = self.tolerance
        behavior = hpa.spec.behavior
        if behavior is not None and self.configurable_tolerance:
            if behavior.scale_down is not None and behavior.scale_down.tolerance is not None:
                down = approximate_float64(behavior.scale_down.tolerance)
            if behavior.scale_up is not None and behavior.scale_up.tolerance is not None:
                up = approximate_float64(behavior.scale_up.tolerance)
        return Tolerances(down, up)

    def _unable(self, hpa: Any, reason: str, err: Exception, wrapped: str) -> UnableToCompute:
        """``getUnableComputeReplicaCountCondition``: Warning event + proposed condition."""
        self._event(hpa, "Warning", reason, str(err))
        return UnableToCompute(
            wrapped, reason, f"the HPA was unable to compute the replica count: {err}"
        )

    def compute_replicas_for_metrics(
        self, hpa: Any, scale: Any, metric_specs: list[Any], selector: Any
    ) -> tuple[int, str, list[Any], float, HPAError | None]:
        """Return ``(replicas or -1, metric name, statuses, timestamp, error)``."""
        from k8slearn.api.autoscaling import MetricStatus

        spec_replicas, status_replicas = scale.spec_replicas, scale.status_replicas
        statuses = [MetricStatus() for _ in metric_specs]
        replicas, metric, timestamp = 0, "", 0.0
        invalid, first_error, first_reason, first_message = 0, None, "", ""
        for i, spec in enumerate(metric_specs):
            try:
                proposal, name, ts, status = self.compute_replicas_for_metric(
                    hpa, spec, spec_replicas, status_replicas, selector
                )
            except UnableToCompute as e:
                if invalid == 0:
                    first_error, first_reason, first_message = e, e.reason, e.condition_message
                invalid += 1
                continue
            statuses[i] = status
            if replicas == 0 or proposal > replicas:
                replicas, metric, timestamp = proposal, name, ts
        error = None
        if first_error is not None:
            error = HPAError(
                f"invalid metrics ({invalid} invalid out of {len(metric_specs)}), "
                f"first error is: {first_error}"
            )
        if invalid >= len(metric_specs) or (invalid > 0 and replicas < spec_replicas):
            if first_error is not None:
                set_condition(hpa, SCALING_ACTIVE, "False", first_reason, first_message,
                              self._now())
            return -1, "", statuses, 0.0, error
        set_condition(hpa, SCALING_ACTIVE, "True", "ValidMetricFound",
                      f"the HPA was able to successfully calculate a replica count from {metric}",
                      self._now())
        return replicas, metric, statuses, timestamp, error

    def compute_replicas_for_metric(
        self, hpa: Any, spec: Any, spec_replicas: int, status_replicas: int, selector: Any
    ) -> tuple[int, str, float, Any]:
        """Dispatch on ``spec.type``; return ``(proposal, metric name, timestamp, status)``."""
        tol = self.tolerances_for_hpa(hpa)
        ns = hpa.metadata.namespace or "default"
        if spec.type == "Object":
            return self._object(hpa, spec, spec_replicas, status_replicas, selector, tol, ns)
        if spec.type == "Pods":
            return self._pods(hpa, spec, spec_replicas, selector, tol, ns)
        if spec.type in ("Resource", "ContainerResource"):
            return self._resource(hpa, spec, spec_replicas, selector, tol, ns)
        if spec.type == "External":
            return self._external(hpa, spec, spec_replicas, status_replicas, selector, tol, ns)
        err = SpecError(f'unknown metric source type "{spec.type}"')
        raise self._unable(hpa, "InvalidMetricSourceType", err, str(err))

    # ------------------------------------------------------------------ per type
    def _object(self, hpa, spec, spec_replicas, status_replicas, selector, tol, ns):
        from k8slearn.api.autoscaling import (
            CrossVersionObjectReference,
            MetricIdentifier,
            MetricStatus,
            MetricValueStatus,
            ObjectMetricStatus,
        )

        src = spec.object
        reason = "FailedGetObjectMetric"
        try:
            metric_selector = label_selector_as_selector(src.metric.selector)
        except HPAError as e:
            raise self._unable(hpa, reason, e, f"failed to get object metric value: {e}") from e
        target = src.target
        ident = MetricIdentifier(name=src.metric.name, selector=src.metric.selector)
        if target.type == "Value" and target.value is not None:
            try:
                r = self.replica_calc.get_object_metric_replicas(
                    spec_replicas, milli(target.value), src.metric.name, tol, ns,
                    src.described_object, selector, metric_selector)
            except HPAError as e:
                raise self._unable(hpa, reason, e,
                                   f"failed to get object metric value: {e}") from e
            current = MetricValueStatus(value=_mq(r.usage))
            name = f"{src.described_object.kind} metric {src.metric.name}"
        elif target.type == "AverageValue" and target.average_value is not None:
            try:
                r = self.replica_calc.get_object_per_pod_metric_replicas(
                    status_replicas, milli(target.average_value), src.metric.name, tol, ns,
                    src.described_object, metric_selector)
            except HPAError as e:
                inner = f"failed to get {src.metric.name} object metric: {e}"
                raise self._unable(hpa, reason, e,
                                   f"failed to get object metric value: {inner}") from e
            current = MetricValueStatus(average_value=_mq(r.usage))
            sel = format_label_selector(src.metric.selector)
            name = f"external metric {src.metric.name}({sel})"
        else:
            e = HPAError("invalid object metric source: neither a value target nor an average "
                         "value target was set")
            raise self._unable(hpa, reason, e, f"failed to get object metric value: {e}")
        # upstream quirk: the AverageValue branch leaves describedObject empty in the status
        described = (src.described_object if current.value is not None
                     else CrossVersionObjectReference())
        status = MetricStatus(type="Object", object=ObjectMetricStatus(
            metric=ident, current=current, described_object=described))
        return r.replicas, name, r.timestamp, status

    def _pods(self, hpa, spec, spec_replicas, selector, tol, ns):
        from k8slearn.api.autoscaling import (
            MetricIdentifier,
            MetricStatus,
            MetricValueStatus,
            PodsMetricStatus,
        )

        src = spec.pods
        reason = "FailedGetPodsMetric"
        try:
            metric_selector = label_selector_as_selector(src.metric.selector)
            r = self.replica_calc.get_metric_replicas(
                spec_replicas, milli(src.target.average_value), src.metric.name, tol, ns,
                selector, metric_selector)
        except HPAError as e:
            raise self._unable(hpa, reason, e, f"failed to get pods metric value: {e}") from e
        status = MetricStatus(type="Pods", pods=PodsMetricStatus(
            metric=MetricIdentifier(name=src.metric.name, selector=src.metric.selector),
            current=MetricValueStatus(average_value=_mq(r.usage))))
        return r.replicas, f"pods metric {src.metric.name}", r.timestamp, status

    def _resource(self, hpa, spec, spec_replicas, selector, tol, ns):
        from k8slearn.api.autoscaling import (
            ContainerResourceMetricStatus,
            MetricStatus,
            MetricValueStatus,
            ResourceMetricStatus,
        )

        is_container = spec.type == "ContainerResource"
        src = spec.container_resource if is_container else spec.resource
        container = src.container if is_container else ""
        reason = "FailedGetContainerResourceMetric" if is_container else "FailedGetResourceMetric"
        outer = (f"failed to get {container} container metric value: " if is_container
                 else f"failed to get {src.name} resource metric value: ")
        target = src.target
        try:
            if target.average_value is not None:
                try:
                    r = self.replica_calc.get_raw_resource_replicas(
                        spec_replicas, milli(target.average_value), src.name, tol, ns, selector,
                        container)
                except HPAError as e:
                    raise HPAError(f"failed to get {src.name} usage: {e}") from e
                current = MetricValueStatus(average_value=_mq(r.usage))
                replicas, ts = r.replicas, r.timestamp
                name = f"{src.name} resource"
            elif target.average_utilization is None:
                raise HPAError("invalid resource metric source: neither an average utilization "
                               "target nor an average value (usage) target was set")
            else:
                try:
                    rr = self.replica_calc.get_resource_replicas(
                        spec_replicas, target.average_utilization, src.name, tol, ns, selector,
                        container)
                except HPAError as e:
                    raise HPAError(f"failed to get {src.name} utilization: {e}") from e
                current = MetricValueStatus(average_value=_mq(rr.raw_utilization),
                                            average_utilization=rr.utilization)
                replicas, ts = rr.replicas, rr.timestamp
                kind = "container resource" if is_container else "resource"
                name = f"{src.name} {kind} utilization (percentage of request)"
        except HPAError as e:
            raise self._unable(hpa, reason, e, outer + str(e)) from e
        if is_container:
            status = MetricStatus(type="ContainerResource",
                                  container_resource=ContainerResourceMetricStatus(
                                      name=src.name, container=container, current=current))
        else:
            status = MetricStatus(type="Resource",
                                  resource=ResourceMetricStatus(name=src.name, current=current))
        return replicas, name, ts, status

    def _external(self, hpa, spec, spec_replicas, status_replicas, selector, tol, ns):
        from k8slearn.api.autoscaling import (
            ExternalMetricStatus,
            MetricIdentifier,
            MetricStatus,
            MetricValueStatus,
        )

        src = spec.external
        reason = "FailedGetExternalMetric"
        outer = f"failed to get {src.metric.name} external metric value: "
        target = src.target
        name = f"external metric {src.metric.name}({format_label_selector(src.metric.selector)})"
        if target.average_value is not None:
            try:
                r = self.replica_calc.get_external_per_pod_metric_replicas(
                    status_replicas, milli(target.average_value), src.metric.name, tol, ns,
                    src.metric.selector)
            except HPAError as e:
                inner = f"failed to get {src.metric.name} external metric: {e}"
                raise self._unable(hpa, reason, e, outer + inner) from e
            current = MetricValueStatus(average_value=_mq(r.usage))
        elif target.value is not None:
            try:
                r = self.replica_calc.get_external_metric_replicas(
                    spec_replicas, milli(target.value), src.metric.name, tol, ns,
                    src.metric.selector, selector)
            except HPAError as e:
                inner = f"failed to get external metric {src.metric.name}: {e}"
                raise self._unable(hpa, reason, e, outer + inner) from e
            current = MetricValueStatus(value=_mq(r.usage))
        else:
            e = HPAError("invalid external metric source: neither a value target nor an average "
                         "value target was set")
            raise self._unable(hpa, reason, e, outer + str(e))
        status = MetricStatus(type="External", external=ExternalMetricStatus(
            metric=MetricIdentifier(name=src.metric.name, selector=src.metric.selector),
            current=current))
        return r.replicas, name, r.timestamp, status

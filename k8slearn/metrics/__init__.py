"""Metric exporters for k8slearn components (Kubernetes' ``component-base/metrics``).

Upstream: kubernetes/component-base metrics/prometheus/workqueue/metrics.go @ v0.36.3

Core packages such as :mod:`k8slearn.workqueue` only define *when* a metric
changes; the exporters here decide where the values go.  They need the
optional ``prometheus_client`` package, which is imported lazily.
"""

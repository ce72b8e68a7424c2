"""Prometheus exporters (``component-base/metrics/prometheus``); need ``prometheus_client``.

Upstream: kubernetes/component-base metrics/prometheus/workqueue/metrics.go @ v0.36.3
"""

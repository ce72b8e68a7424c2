"""Volume metrics the du way: used bytes and inodes from a tree walk, capacity from statfs.

Upstream: kubernetes/kubernetes pkg/volume/metrics_du.go @ v1.36.0

``MetricsDu`` is the ``MetricsProvider`` every emptyDir mounter carries; the
kubelet's stats provider reads it periodically and the eviction manager
compares ``used`` with ``sizeLimit``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from k8slearn.volume.util.fs import disk_usage

__all__ = ["Metrics", "metrics_du"]


@dataclass(frozen=True)
class Metrics:
    """``volume.Metrics``: bytes and inodes, used / total / free."""

    used: int
    capacity: int
    available: int
    inodes_used: int
    inodes: int
    inodes_free: int


def metrics_du(path: str) -> Metrics:
    """``MetricsDu.GetMetrics``: du for used bytes and inodes, statvfs for the filesystem."""
    usage = disk_usage(path)
    st = os.statvfs(path)
    return Metrics(used=usage.bytes, capacity=st.f_blocks * st.f_frsize,
                   available=st.f_bavail * st.f_frsize, inodes_used=usage.inodes,
                   inodes=st.f_files, inodes_free=st.f_ffree)

"""Helpers shared by volume plugins (ready markers, disk usage, hugepage names).

Upstream: kubernetes/kubernetes pkg/volume/util/util.go @ v1.36.0
"""

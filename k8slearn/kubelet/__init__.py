"""The node agent, reduced to what the chapters need: pod workers, volumes, eviction, a runtime.

Upstream: kubernetes/kubernetes pkg/kubelet/kubelet.go @ v1.36.0
"""

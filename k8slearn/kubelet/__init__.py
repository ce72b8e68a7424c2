"""The node agent, reduced to what the chapters need: volumes, eviction, a container simulator.

Upstream: kubernetes/kubernetes pkg/kubelet/kubelet.go @ v1.36.0
"""

"""Controllers built the way kube-controller-manager builds them.

Upstream: kubernetes/kubernetes pkg/controller/controller_utils.go @ v1.36.0
"""

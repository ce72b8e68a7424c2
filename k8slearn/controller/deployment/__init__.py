"""The Deployment controller: rolling updates over ReplicaSets, with revisions.

Upstream: kubernetes/kubernetes pkg/controller/deployment/deployment_controller.go @ v1.36.0
"""

from k8slearn.controller.deployment.deployment_controller import DeploymentController

__all__ = ["DeploymentController"]

"""The emptyDir volume plugin.

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir.go @ v1.36.0
"""

from k8slearn.volume.emptydir.empty_dir import PLUGIN_NAME, EmptyDir, EmptyDirPlugin

__all__ = ["PLUGIN_NAME", "EmptyDirPlugin", "EmptyDir"]

"""The one exception type the HPA code raises, standing in for Go's ``error`` values.

Upstream returns ``error`` values wrapped with ``fmt.Errorf``; k8slearn raises
``HPAError`` with the same message text, so ``str(err)`` matches upstream's
``err.Error()``.

Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

__all__ = ["HPAError", "SpecError"]


class HPAError(Exception):
    """A failure while computing or applying a replica count (message as upstream)."""


class SpecError(HPAError):
    """An error caused by the HPA's spec (upstream labels these with ``errSpec``)."""

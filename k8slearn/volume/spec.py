"""The volume.Spec wrapper that every plugin method receives.

Upstream: kubernetes/kubernetes pkg/volume/plugins.go @ v1.36.0

Upstream's Spec holds either an inline pod ``Volume`` or a PersistentVolume.
Only inline volumes exist in this course, so ``Spec`` carries ``volume`` and
``read_only``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Spec"]


@dataclass
class Spec:
    """An inline pod volume as seen by a plugin (``volume.Spec``)."""

    volume: Any = None
    read_only: bool = False

    def name(self) -> str:
        """The pod-local volume name (``Spec.Name()``); "" when there is no volume."""
        return self.volume.name if self.volume is not None else ""

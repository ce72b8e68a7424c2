"""component-base ``version``: the build's version info and ``SetDynamicVersion``.

``Info`` has apimachinery's v0.36 fields in their order.  Since about v1.32 it
carries the emulation and minimum-compatibility versions; component-base's
``Get()`` leaves them empty (the ``/version`` endpoint fills them from the
compatibility registry), so ``--version=raw`` prints them as ``""``.

k8slearn reports the Kubernetes release it follows (``v1.36.0``) as its
``git_version``.  ``set_dynamic_version`` only accepts a semantic version with
the same major.minor.patch (``v1.36.0-rc.1+custom`` is fine, ``v1.35.0`` is not).

Upstream: kubernetes/component-base version/version.go, version/dynamic.go @ v0.36.0
Upstream: kubernetes/apimachinery pkg/version/types.go @ v0.36.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from k8slearn import KUBERNETES_VERSION

__all__ = ["Info", "get", "set_dynamic_version", "reset"]

_SEMVER = re.compile(
    r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
_dynamic = KUBERNETES_VERSION


@dataclass(frozen=True)
class Info:
    """apimachinery ``version.Info`` (the fields k8slearn can fill honestly)."""

    major: str
    minor: str
    git_version: str
    emulation_major: str = ""
    emulation_minor: str = ""
    min_compatibility_major: str = ""
    min_compatibility_minor: str = ""
    git_commit: str = ""
    git_tree_state: str = ""
    build_date: str = ""
    go_version: str = ""
    compiler: str = "cpython"
    platform: str = ""

    def __str__(self) -> str:
        return self.git_version

    def go_repr(self) -> str:
        """Go's ``%#v`` of the struct, as ``--version=raw`` prints it."""
        fields = [("Major", self.major), ("Minor", self.minor),
                  ("EmulationMajor", self.emulation_major),
                  ("EmulationMinor", self.emulation_minor),
                  ("MinCompatibilityMajor", self.min_compatibility_major),
                  ("MinCompatibilityMinor", self.min_compatibility_minor),
                  ("GitVersion", self.git_version), ("GitCommit", self.git_commit),
                  ("GitTreeState", self.git_tree_state), ("BuildDate", self.build_date),
                  ("GoVersion", self.go_version), ("Compiler", self.compiler),
                  ("Platform", self.platform)]
        return "version.Info{" + ", ".join(f'{k}:"{v}"' for k, v in fields) + "}"


def get() -> Info:
    """The version info.  GoVersion and Platform stay empty: they would describe the
    interpreter running k8slearn, not a build, and would make outputs machine-dependent."""
    major, minor = KUBERNETES_VERSION.lstrip("v").split(".")[:2]
    return Info(major, minor, _dynamic)


def _parse(v: str) -> tuple[int, int, int]:
    m = _SEMVER.match(v)
    if not m:
        raise ValueError(f'could not parse "{v}" as version')
    return int(m[1]), int(m[2]), int(m[3])


def set_dynamic_version(v: str) -> None:
    """Override the reported git version; it must keep major/minor/patch."""
    global _dynamic
    if not v:
        raise ValueError("version must not be empty")
    if v != KUBERNETES_VERSION and _parse(v) != _parse(KUBERNETES_VERSION):
        raise ValueError(f'version "{v}" must match major/minor/patch of default version '
                         f'"{KUBERNETES_VERSION}"')
    _dynamic = v


def reset() -> None:
    """Back to the static version (a fresh Go process starts here)."""
    global _dynamic
    _dynamic = KUBERNETES_VERSION

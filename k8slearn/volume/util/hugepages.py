"""Storage-medium and hugepage-name helpers used by emptyDir.

Upstream: kubernetes/kubernetes pkg/apis/core/v1/helper/helpers.go @ v1.36.0

Mediums: ``""`` (node disk), ``Memory`` (tmpfs), ``HugePages`` and
``HugePages-<size>`` (hugetlbfs).  Hugepage *resources* are named
``hugepages-<size>`` (``hugepages-2Mi``).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "STORAGE_MEDIUM_DEFAULT", "STORAGE_MEDIUM_MEMORY", "STORAGE_MEDIUM_HUGEPAGES",
    "STORAGE_MEDIUM_HUGEPAGES_PREFIX", "RESOURCE_HUGEPAGES_PREFIX", "RESOURCE_MEMORY",
    "is_huge_page_medium", "huge_page_size_from_medium", "is_huge_page_resource_name",
    "huge_page_size_from_resource_name",
]

STORAGE_MEDIUM_DEFAULT = ""
STORAGE_MEDIUM_MEMORY = "Memory"
STORAGE_MEDIUM_HUGEPAGES = "HugePages"
STORAGE_MEDIUM_HUGEPAGES_PREFIX = "HugePages-"
RESOURCE_HUGEPAGES_PREFIX = "hugepages-"
RESOURCE_MEMORY = "memory"


def _quantity(s: str) -> Any:
    from k8slearn.api.resource import Quantity

    return Quantity(s)


def is_huge_page_medium(medium: str) -> bool:
    """``HugePages`` or ``HugePages-<anything>`` (``IsHugePageMedium``)."""
    return medium == STORAGE_MEDIUM_HUGEPAGES or medium.startswith(
        STORAGE_MEDIUM_HUGEPAGES_PREFIX)


def huge_page_size_from_medium(medium: str) -> Any:
    """The page size in ``HugePages-<size>`` as a Quantity (``HugePageSizeFromMedium``)."""
    if not is_huge_page_medium(medium):
        raise ValueError(f"medium: {medium} is not a hugepage medium")
    if medium == STORAGE_MEDIUM_HUGEPAGES:
        raise ValueError(f"medium: {medium} doesn't have size information")
    return _quantity(medium[len(STORAGE_MEDIUM_HUGEPAGES_PREFIX):])


def is_huge_page_resource_name(name: str) -> bool:
    """``hugepages-<size>`` (``IsHugePageResourceName``)."""
    return name.startswith(RESOURCE_HUGEPAGES_PREFIX)


def huge_page_size_from_resource_name(name: str) -> Any:
    """The page size in ``hugepages-<size>`` (``HugePageSizeFromResourceName``)."""
    if not is_huge_page_resource_name(name):
        raise ValueError(f"resource name: {name} is not valid hugepage name")
    return _quantity(name[len(RESOURCE_HUGEPAGES_PREFIX):])

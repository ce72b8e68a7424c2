"""An in-memory Kubernetes API server for the course.

``APIServer`` stores k8slearn.api objects, serves list/watch with resource
versions, enforces optimistic concurrency (409 Conflict), offers the scale and
binding subresources and garbage-collects dependents of a deleted owner.

Upstream: kubernetes/apiserver pkg/registry/generic/registry/store.go @ v0.36.3
"""

from k8slearn.apiserver.errors import (
    OPTIMISTIC_LOCK_ERROR_MSG,
    AlreadyExists,
    Conflict,
    Expired,
    Invalid,
    NotFound,
    StatusError,
    is_already_exists,
    is_conflict,
    is_expired,
    is_not_found,
)
from k8slearn.apiserver.registry import RESOURCES, ResourceInfo, resource_info
from k8slearn.apiserver.retry import DEFAULT_BACKOFF, DEFAULT_RETRY, retry_on_conflict
from k8slearn.apiserver.server import APIServer, ObjectList
from k8slearn.apiserver.watch import ADDED, BOOKMARK, DELETED, ERROR, MODIFIED, Event, Watcher

__all__ = [
    "APIServer", "ObjectList", "Event", "Watcher",
    "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR",
    "StatusError", "NotFound", "AlreadyExists", "Conflict", "Invalid", "Expired",
    "OPTIMISTIC_LOCK_ERROR_MSG", "is_not_found", "is_already_exists", "is_conflict", "is_expired",
    "RESOURCES", "ResourceInfo", "resource_info",
    "DEFAULT_RETRY", "DEFAULT_BACKOFF", "retry_on_conflict",
]

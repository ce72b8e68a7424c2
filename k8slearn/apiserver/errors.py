"""API status errors: NotFound, AlreadyExists, Conflict, Invalid, Expired, BadRequest.

Each error carries the HTTP code, the reason and the exact message text the
Kubernetes API server returns.  A qualified resource prints as ``pods`` for the
core group and ``replicasets.apps`` otherwise (``GroupResource.String()``).

Upstream: kubernetes/apimachinery pkg/api/errors/errors.go @ v0.36.3
Upstream: kubernetes/apiserver pkg/registry/generic/registry/store.go @ v0.36.3
"""

from __future__ import annotations

__all__ = [
    "OPTIMISTIC_LOCK_ERROR_MSG",
    "StatusError",
    "NotFound",
    "AlreadyExists",
    "Conflict",
    "Invalid",
    "Expired",
    "BadRequest",
    "NonStatusError",
    "qualified",
    "is_not_found",
    "is_already_exists",
    "is_conflict",
    "is_expired",
]

#: ``OptimisticLockErrorMsg`` of the generic registry store.
OPTIMISTIC_LOCK_ERROR_MSG = (
    "the object has been modified; please apply your changes to the latest version and try again"
)


def qualified(resource: str, group: str) -> str:
    """``GroupResource.String()``: the group is omitted for the core group."""
    return f"{resource}.{group}" if group else resource


class StatusError(Exception):
    """An API error with ``code``, ``reason`` and the server's message."""

    code = 500
    reason = "InternalError"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(StatusError):
    """404 ``<resource>[.<group>] "<name>" not found`` (``NewNotFound``)."""

    code = 404
    reason = "NotFound"

    def __init__(self, resource: str, group: str, name: str) -> None:
        super().__init__(f'{qualified(resource, group)} "{name}" not found')
        self.resource, self.group, self.name = resource, group, name


class AlreadyExists(StatusError):
    """409 ``<resource>[.<group>] "<name>" already exists`` (``NewAlreadyExists``)."""

    code = 409
    reason = "AlreadyExists"

    def __init__(self, resource: str, group: str, name: str) -> None:
        super().__init__(f'{qualified(resource, group)} "{name}" already exists')
        self.resource, self.group, self.name = resource, group, name


class Conflict(StatusError):
    """409 ``Operation cannot be fulfilled on <resource>[.<group>] "<name>": <err>``."""

    code = 409
    reason = "Conflict"

    def __init__(
        self, resource: str, group: str, name: str, err: str = OPTIMISTIC_LOCK_ERROR_MSG
    ) -> None:
        super().__init__(
            f'Operation cannot be fulfilled on {qualified(resource, group)} "{name}": {err}'
        )
        self.resource, self.group, self.name = resource, group, name


class Invalid(StatusError):
    """422 ``<Kind>[.<group>] "<name>" is invalid: <field errors>`` (``NewInvalid``)."""

    code = 422
    reason = "Invalid"

    def __init__(self, kind: str, group: str, name: str, errors: list[str]) -> None:
        agg = errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
        super().__init__(f'{qualified(kind, group)} "{name}" is invalid: {agg}')
        self.kind, self.group, self.name, self.errors = kind, group, name, list(errors)


class Expired(StatusError):
    """410 reason ``Expired`` (``NewResourceExpired``), e.g. ``too old resource version: 3 (7)``."""

    code = 410
    reason = "Expired"


class BadRequest(StatusError):
    """400 reason ``BadRequest`` (``NewBadRequest``), e.g. a body that does not decode."""

    code = 400
    reason = "BadRequest"


class NonStatusError(StatusError):
    """500 with an empty reason: an error the storage layer returned without an API status.

    ``ErrorToAPIStatus`` turns such errors into ``Code: 500, Reason: ""`` and the
    error's own text (a watch on ``resourceVersion=abc`` is one).
    """

    code = 500
    reason = ""


def is_not_found(err: BaseException) -> bool:
    return isinstance(err, StatusError) and err.reason == "NotFound"


def is_already_exists(err: BaseException) -> bool:
    return isinstance(err, StatusError) and err.reason == "AlreadyExists"


def is_conflict(err: BaseException) -> bool:
    """``errors.IsConflict``: the reason is ``Conflict``."""
    return isinstance(err, StatusError) and err.reason == "Conflict"


def is_expired(err: BaseException) -> bool:
    return isinstance(err, StatusError) and err.reason in ("Expired", "Gone")

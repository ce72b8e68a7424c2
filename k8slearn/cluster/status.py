"""``metav1.Status`` answers for errors, and field selectors.

Every failure the served cluster returns is a ``Status`` object with the code,
reason and message the apiserver would use (``pods "x" not found``, 404
NotFound); an ``Invalid`` error lists each field error in ``details.causes``
(``reason``, ``message``, ``field``), which kubectl prints as ``* field:
message`` lines.

Field selectors (``metadata.name=x,status.phase!=Running``) match the value at
the dotted JSON path of the object (a missing field is the empty string), the
generic form of each kind's ``GetAttrs``.

Upstream: kubernetes/apimachinery pkg/api/errors/errors.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/fields/selector.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["status", "status_from_error", "success", "parse_field_selector", "FieldSelectorError"]

_REASONS = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
            405: "MethodNotAllowed", 406: "NotAcceptable", 409: "Conflict", 410: "Expired",
            413: "RequestEntityTooLarge", 415: "UnsupportedMediaType", 422: "Invalid",
            500: "InternalError"}


def status(code: int, message: str, reason: str | None = None,
           details: dict | None = None) -> dict:
    out: dict[str, Any] = {"kind": "Status", "apiVersion": "v1", "metadata": {},
                           "status": "Failure", "message": message,
                           "reason": reason or _REASONS.get(code, "Unknown")}
    if details:
        out["details"] = details
    out["code"] = code
    return out


def success(name: str, group: str, kind: str, uid: str) -> dict:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
            "details": {"name": name, "group": group, "kind": kind, "uid": uid}}


def status_from_error(err: BaseException) -> dict:
    """The Status for a k8slearn.apiserver error (or any other exception: 500)."""
    from k8slearn.apiserver.errors import StatusError

    if isinstance(err, StatusError):
        details: dict[str, Any] = {}
        name = getattr(err, "name", None)
        if name is not None:
            details["name"] = name
        if getattr(err, "group", None) is not None:
            details["group"] = err.group
        kind = getattr(err, "kind", None) or getattr(err, "resource", None)
        if kind:
            details["kind"] = kind
        causes = getattr(err, "causes", None)
        if causes:
            details["causes"] = causes
        return status(err.code, err.message, err.reason, details or None)
    return status(500, f"Internal error occurred: {type(err).__name__}: {err}")


class FieldSelectorError(ValueError):
    pass


def _lookup(d: Any, path: str) -> str:
    for part in path.split("."):
        if not isinstance(d, dict):
            return ""
        d = d.get(part)
    if d is None:
        return ""
    if isinstance(d, bool):
        return "true" if d else "false"
    return str(d)


def parse_field_selector(text: str) -> Callable[[dict], bool]:
    """``a=b``, ``a==b``, ``a!=b`` terms joined by commas; matches a JSON map."""
    terms: list[tuple[str, str, bool]] = []
    for raw in filter(None, (t.strip() for t in (text or "").split(","))):
        if "!=" in raw:
            k, v = raw.split("!=", 1)
            terms.append((k.strip(), v.strip(), False))
        elif "=" in raw:
            k, v = raw.replace("==", "=", 1).split("=", 1)
            terms.append((k.strip(), v.strip(), True))
        else:
            raise FieldSelectorError(f"invalid selector: '{text}'; can't understand '{raw}'")
    return lambda d: all((_lookup(d, k) == v) == eq for k, v, eq in terms)

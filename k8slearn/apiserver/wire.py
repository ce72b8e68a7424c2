"""What a request body can carry: numbers a Go client could send and a Go server decode.

Objects reach the in-memory API server as Python objects, so nothing stops a
``replicas`` of ``float("nan")`` or ``2**40``.  A real request is JSON: the
official Python client writes NaN and infinities as ``NaN``/``Infinity`` (not
JSON), and the apiserver's decoder refuses them; an integer outside its Go
type (``int32``) is a decode error too.  Both are 400 BadRequest, worded as
``transformDecodeError`` words them::

    Deployment in version "v1" cannot be handled as a Deployment: json: cannot
    unmarshal number 1099511627776 into Go struct field DeploymentSpec.spec.replicas
    of type int32

Upstream: kubernetes/apiserver pkg/endpoints/handlers/rest.go @ v0.36.3
Upstream: kubernetes-sigs/json internal/golang/encoding/json/decode.go @ main
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from k8slearn.apiserver.errors import BadRequest

__all__ = ["check_request_body"]

_RANGES = {"int32": (-(1 << 31), (1 << 31) - 1), "int64": (-(1 << 63), (1 << 63) - 1)}


def _bad_number(v: float) -> str | None:
    """Go's scanner on what Python's json.dumps writes for a non-finite float."""
    if math.isnan(v):
        return "invalid character 'N' looking for beginning of value"
    if math.isinf(v):
        return ("invalid character 'I' looking for beginning of value" if v > 0
                else "invalid character 'I' in numeric literal")
    return None


def _problem(obj: Any) -> str | None:
    """The first decode error a JSON round trip of ``obj`` would meet, or None."""
    from k8slearn.api.serialization import _specs

    stack: list[tuple[Any, str, str]] = [(obj, "", "")]
    while stack:
        value, path, struct = stack.pop()
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            try:
                specs = _specs(type(value))
            except Exception:  # not an API model: nothing to check
                continue
            for spec in reversed(specs):
                v = getattr(value, spec.attr, None)
                if v is None:
                    continue
                sub = f"{path}.{spec.json}" if path else spec.json
                if spec.codec[0] == "int" and not isinstance(v, bool):
                    lo, hi = _RANGES.get(spec.codec[1], _RANGES["int64"])
                    if isinstance(v, float):
                        bad = _bad_number(v)
                        if bad:
                            return bad
                        shown = repr(v)
                    elif isinstance(v, int) and not lo <= v <= hi:
                        shown = str(v)
                    else:
                        continue
                    return (f"json: cannot unmarshal number {shown} into Go struct field "
                            f"{type(value).__name__}.{sub} of type {spec.codec[1]}")
                stack.append((v, sub, type(value).__name__))
        elif isinstance(value, float):
            bad = _bad_number(value)
            if bad:
                return bad
        elif isinstance(value, dict):
            stack.extend((v, path, struct) for v in value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend((v, path, struct) for v in value)
    return None


def check_request_body(kind: str, version: str, obj: Any) -> None:
    """Raise BadRequest when ``obj`` could not arrive as a JSON request body."""
    problem = _problem(obj)
    if problem is not None:
        raise BadRequest(f'{kind} in version "{version}" cannot be handled as a {kind}: '
                         f"{problem}")

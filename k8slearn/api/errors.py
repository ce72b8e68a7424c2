"""Field errors in the apiserver's ``field.Error`` format, and the ValidationError carrying them.

``FieldError`` renders exactly like apimachinery's ``(*field.Error).Error()``:
``<path>: <type>[: <value>][: <detail>]``.  Values print as Go does: strings
quoted (``strconv.Quote`` style), ints, floats and bools bare, anything else as
JSON.  ``Required`` and ``Forbidden`` never print a value.

Long values are printed whole: ``ErrorBody`` at v0.36.3 has no length limit (only
``TooLong`` and ``TooLongCharacters`` replace the value with ``<value omitted>``).
What keeps messages bounded is the decoder refusing alias bombs before any
value is built (:mod:`k8slearn.api.yaml_decode`).

Upstream: kubernetes/apimachinery pkg/util/validation/field/errors.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/util/validation/field/path.go @ v0.36.3
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "DUPLICATE",
    "FORBIDDEN",
    "INTERNAL",
    "INVALID",
    "NOT_FOUND",
    "NOT_SUPPORTED",
    "OMIT_VALUE",
    "REQUIRED",
    "TOO_FEW",
    "TOO_LONG",
    "TOO_MANY",
    "TOO_SHORT",
    "TYPE_INVALID",
    "ErrorList",
    "FieldError",
    "ValidationError",
    "duplicate",
    "forbidden",
    "go_quote",
    "internal_error",
    "invalid",
    "not_found",
    "not_supported",
    "required",
    "too_long",
    "too_many",
    "type_invalid",
]

# ErrorType values (the machine-readable reasons), as in errors.go.
NOT_FOUND = "FieldValueNotFound"
REQUIRED = "FieldValueRequired"
DUPLICATE = "FieldValueDuplicate"
INVALID = "FieldValueInvalid"
NOT_SUPPORTED = "FieldValueNotSupported"
FORBIDDEN = "FieldValueForbidden"
TOO_LONG = "FieldValueTooLong"
TOO_MANY = "FieldValueTooMany"
TOO_FEW = "FieldValueTooFew"
INTERNAL = "InternalError"
TYPE_INVALID = "FieldValueTypeInvalid"
TOO_SHORT = "FieldValueTooShort"

_TYPE_STRINGS = {
    NOT_FOUND: "Not found",
    REQUIRED: "Required value",
    DUPLICATE: "Duplicate value",
    INVALID: "Invalid value",
    NOT_SUPPORTED: "Unsupported value",
    FORBIDDEN: "Forbidden",
    TOO_LONG: "Too long",
    TOO_MANY: "Too many",
    TOO_FEW: "Too few",
    INTERNAL: "Internal error",
    TYPE_INVALID: "Invalid value",
    TOO_SHORT: "Too short",
}
_NO_VALUE = {REQUIRED, FORBIDDEN, TOO_LONG, TOO_SHORT, INTERNAL}


class _Omit:
    def __repr__(self) -> str:
        return "OMIT_VALUE"


#: Marker for "do not print a value" (upstream's ``omitValue``).
OMIT_VALUE: Any = _Omit()


def go_quote(s: str) -> str:
    """Quote a string roughly like Go's ``strconv.Quote`` (``%q``)."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\x{o:02x}")
        elif not ch.isprintable():
            out.append(f"\\u{o:04x}" if o <= 0xFFFF else f"\\U{o:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _format_float(v: float) -> str:
    """Go's ``%v`` for a float64: shortest digits, ``%e`` form when exp < -4 or exp >= 6."""
    if v != v:
        return "NaN"
    if v in (float("inf"), float("-inf")):
        return "+Inf" if v > 0 else "-Inf"
    if v == 0:
        return "-0" if str(v).startswith("-") else "0"
    sign = "-" if v < 0 else ""
    mant, _, exp_text = f"{abs(v)!r}".partition("e")
    whole, _, frac = mant.partition(".")
    digits = (whole + frac).lstrip("0")
    point = len(whole) + int(exp_text or 0) - (len(whole + frac) - len((whole + frac).lstrip("0")))
    digits = digits.rstrip("0") or "0"
    exp = point - 1
    if exp < -4 or exp >= 6:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return f"{sign}{digits[:point]}.{digits[point:]}"


def format_value(value: Any) -> str:
    """Render a bad value the way ``ErrorBody`` does."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, str):
        return go_quote(value)
    to_json = getattr(value, "to_json", None)
    if callable(to_json):  # Quantity marshals as a JSON string
        return json.dumps(to_json(), separators=(",", ":"), ensure_ascii=False)
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        value = to_dict()
    if value is None:
        return "null"
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return str(value)


@dataclass(frozen=True)
class FieldError:
    """One field-level error (``field.Error``): type, field path, bad value, detail."""

    type: str
    field: str
    bad_value: Any = ""
    detail: str = ""

    def type_string(self) -> str:
        return _TYPE_STRINGS.get(self.type, f"<unknown error {go_quote(self.type)}>")

    def error_body(self) -> str:
        """ErrorBody: the message without the field path."""
        if self.type in _NO_VALUE:
            s = self.type_string()
        elif self.type in _TYPE_STRINGS:
            if self.bad_value is OMIT_VALUE:
                s = self.type_string()
            else:
                s = f"{self.type_string()}: {format_value(self.bad_value)}"
        else:
            err = internal_error(
                "", f"unhandled error code: {self.type_string()}: please report this")
            s = err.error_body()
        if self.detail:
            s += f": {self.detail}"
        return s

    def __str__(self) -> str:
        # An error about a whole document has no path; print just the body then.
        return f"{self.field}: {self.error_body()}" if self.field else self.error_body()

    def prefixed(self, prefix: str) -> FieldError:
        """This error with ``prefix`` put in front of its path (for ``kind: List`` items)."""
        if not prefix:
            return self
        field = f"{prefix}.{self.field}" if self.field and not self.field.startswith("[") \
            else prefix + self.field
        return FieldError(self.type, field, self.bad_value, self.detail)


class ErrorList(list):
    """field.ErrorList: a plain list of FieldError with a couple of helpers."""

    def to_aggregate_message(self) -> str:
        """All errors, one per line (the course's multi-line rendering)."""
        return "\n".join(str(e) for e in self)

    def filter_type(self, error_type: str) -> ErrorList:
        return ErrorList(e for e in self if e.type == error_type)


class ValidationError(ValueError):
    """Raised by ``load``/``from_dict`` when input is invalid; ``errors`` holds every FieldError."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: ErrorList = ErrorList(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    def __reduce__(self):
        return (ValidationError, (list(self.errors),))


# -- constructors, named after field.Invalid, field.Required, ...


def invalid(path: str, value: Any, detail: str) -> FieldError:
    return FieldError(INVALID, path, value, detail)


def type_invalid(path: str, value: Any, detail: str) -> FieldError:
    return FieldError(TYPE_INVALID, path, value, detail)


def required(path: str, detail: str = "") -> FieldError:
    return FieldError(REQUIRED, path, "", detail)


def forbidden(path: str, detail: str) -> FieldError:
    return FieldError(FORBIDDEN, path, "", detail)


def not_found(path: str, value: Any) -> FieldError:
    return FieldError(NOT_FOUND, path, value, "")


def duplicate(path: str, value: Any) -> FieldError:
    return FieldError(DUPLICATE, path, value, "")


def not_supported(path: str, value: Any, valid_values: Sequence[str]) -> FieldError:
    """NotSupported: the supported values are quoted and listed in the given order."""
    detail = ""
    if valid_values:
        detail = "supported values: " + ", ".join(go_quote(str(v)) for v in valid_values)
    return FieldError(NOT_SUPPORTED, path, value, detail)


def too_long(path: str, max_length: int) -> FieldError:
    if max_length >= 0:
        msg = f"may not be more than {max_length} {'byte' if max_length == 1 else 'bytes'}"
    else:
        msg = "value is too long"
    return FieldError(TOO_LONG, path, "<value omitted>", msg)


def too_many(path: str, actual: int, max_quantity: int) -> FieldError:
    if max_quantity >= 0:
        msg = f"must have at most {max_quantity} {'item' if max_quantity == 1 else 'items'}"
    else:
        msg = "has too many items"
    return FieldError(TOO_MANY, path, actual if actual >= 0 else OMIT_VALUE, msg)


def internal_error(path: str, err: str | BaseException) -> FieldError:
    return FieldError(INTERNAL, path, str(err), str(err))


# -- field paths (field.Path rendering: ``a.b[0].c``, ``limits[memory]``)


def child(path: str, *names: str) -> str:
    """Path.Child: append dotted names."""
    for name in names:
        path = f"{path}.{name}" if path else name
    return path


def index(path: str, i: int) -> str:
    """Path.Index: append ``[i]``."""
    return f"{path}[{i}]"


def key(path: str, k: str) -> str:
    """Path.Key: append ``[k]``."""
    return f"{path}[{k}]"

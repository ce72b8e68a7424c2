"""Decode and encode API objects: camelCase JSON maps <-> snake_case dataclasses.

Decoding is non-strict like the apiserver's (unknown fields are dropped
silently), but a value of the wrong JSON type is reported as a field error
instead of aborting the whole decode, so that every problem in a file is listed.

Upstream: kubernetes/apimachinery pkg/runtime/serializer/json/json.go @ v0.36.3
Upstream: kubernetes-sigs/json internal/golang/encoding/json/decode.go @ main

Type errors.  The apiserver's decoder (sigs.k8s.io/json, a fork of Go's
encoding/json) stops at the first wrong type and answers
``json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas
of type int32``.  The course turns each such failure into a field.Error of type
``FieldValueTypeInvalid`` (rendered ``Invalid value``) at the field's path, with
the decoder's sentence minus its ``json: `` package prefix as the detail::

    spec.replicas: Invalid value: "three": cannot unmarshal string into Go struct
    field DeploymentSpec.spec.replicas of type int32

(one line).  As in Go, the struct name is the innermost Go struct, the dotted
field path runs from the root without list indices, and numbers that do not fit
are shown as ``number 1.5``.  Quantities, timestamps and durations report their
own parse errors (``quantities must match the regular expression ...``).

YAML numbers reach the apiserver re-marshalled as JSON by sigs.k8s.io/yaml, so
an integral float (``replicas: 3.0``) decodes as the int 3 and a number given for
a quantity is spelled as Go's encoding/json would (``1e-05`` -> ``"0.00001"``).

Encoding omits fields the way ``kubectl get -o yaml`` would not print them:
``None`` is omitted, zero scalars and empty lists/maps are omitted unless the
Go field has no ``omitempty`` (``keep=True``), and nested non-pointer structs
are always printed (``resources: {}``).
"""

from __future__ import annotations

import dataclasses
import typing
from decimal import Decimal
from typing import Any

from .errors import FieldError, child, index, invalid, key, type_invalid
from .resource import Quantity
from .times import format_duration, format_time, parse_duration, parse_time

__all__ = [
    "Model",
    "model",
    "Object",
    "decode_into",
    "encode",
    "fld",
    "format_duration",
    "format_time",
    "new_context",
    "parse_duration",
    "parse_time",
    "time_fld",
]

_INT_RANGES = {"int32": (-(1 << 31), (1 << 31) - 1), "int64": (-(1 << 63), (1 << 63) - 1)}


def fld(default: Any = dataclasses.MISSING, *, json: str | None = None, go: str | None = None,
        keep: bool = False, factory: Any = dataclasses.MISSING) -> Any:
    """A dataclass field with its JSON name, Go type name and omitempty behaviour."""
    md = {"json": json, "go": go, "keep": keep}
    if factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=factory, metadata=md)
    return dataclasses.field(default=default, metadata=md)


def time_fld(json: str | None = None, *, keep: bool = False) -> Any:
    """A ``metav1.Time`` field: float epoch seconds, RFC3339 on the wire.

    ``keep=True`` marks a non-pointer ``metav1.Time`` without ``omitempty``, which
    kubectl prints as ``null`` when unset (``lastProbeTime: null``).
    """
    return dataclasses.field(default=None, metadata={"json": json, "time": True, "keep": keep})


def _go_json_number(v: float) -> str:
    """How Go's encoding/json writes a number (what a YAML number becomes on its way in)."""
    if isinstance(v, int):
        return str(v)
    if v.is_integer() and abs(v) < 1e21:
        return str(int(v))
    if 1e-6 <= abs(v) < 1e21:
        return format(Decimal(repr(v)), "f")
    mant, _, exp = repr(v).partition("e")
    return f"{mant}e{exp[0]}{exp[1:].lstrip('0')}"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


class _Spec(typing.NamedTuple):
    attr: str
    json: str
    codec: tuple
    pointer: bool
    keep: bool


_SPECS: dict[type, list[_Spec]] = {}


def _codec(tp: Any, go: str | None, is_time: bool) -> tuple[tuple, bool]:
    """(codec, pointer) for a resolved annotation."""
    pointer = False
    origin = typing.get_origin(tp)
    if origin in (typing.Union, _UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        pointer = True
        tp = args[0]
        origin = typing.get_origin(tp)
    if is_time:
        return ("time", go or "v1.Time"), pointer
    if tp is str:
        return ("str", go or "string"), pointer
    if tp is bool:
        return ("bool", go or "bool"), pointer
    if tp is int:
        return ("int", go or "int32"), pointer
    if tp is float:
        if go == "duration":
            return ("dur", "v1.Duration"), pointer
        return ("float", go or "float64"), pointer
    if tp is Quantity:
        return ("qty", "resource.Quantity"), pointer
    if origin is list:
        inner, _ = _codec(typing.get_args(tp)[0], None, False)
        return ("list", go or "[]" + inner[-1], inner), pointer
    if origin is dict:
        inner, _ = _codec(typing.get_args(tp)[1], None, False)
        return ("map", go or "map[string]" + inner[-1], inner), pointer
    if dataclasses.is_dataclass(tp):
        return ("obj", tp, go or f"{getattr(tp, '_go_pkg', 'v1')}.{tp.__name__}"), pointer
    return ("any", go or "interface {}"), True  # raw maps print whenever present


try:  # Python >= 3.10: ``X | None`` builds a types.UnionType
    from types import UnionType as _UnionType
except ImportError:  # pragma: no cover
    _UnionType = typing.Union  # type: ignore[assignment,misc]


def _specs(cls: type) -> list[_Spec]:
    specs = _SPECS.get(cls)
    if specs is None:
        hints = typing.get_type_hints(cls)
        specs = []
        for f in dataclasses.fields(cls):
            md = f.metadata
            codec, pointer = _codec(hints[f.name], md.get("go"), bool(md.get("time")))
            specs.append(_Spec(f.name, md.get("json") or _camel(f.name), codec, pointer,
                               bool(md.get("keep"))))
        _SPECS[cls] = specs
    return specs


def _json_kind(v: Any) -> str:
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return "null"


class _Ctx:
    """Decoding state: where we are, for paths in errors and Go's error context."""

    __slots__ = ("errors", "unknown")

    def __init__(self) -> None:
        self.errors: list[FieldError] = []
        self.unknown: list[str] = []  # paths of fields the type does not have


def _type_error(ctx: _Ctx, path: str, gopath: str, struct: str, value: Any, gotype: str,
                what: str | None = None) -> None:
    what = what or _json_kind(value)
    detail = f"cannot unmarshal {what} into Go struct field {struct}.{gopath} of type {gotype}"
    shown = value if isinstance(value, (str, int, float, bool)) else value
    ctx.errors.append(type_invalid(path, shown, detail))


_MISSING = object()


def _decode_value(ctx: _Ctx, codec: tuple, v: Any, path: str, gopath: str, struct: str) -> Any:
    """Decode one JSON value; on error record it and return _MISSING."""
    kind = codec[0]
    if kind == "str":
        if isinstance(v, str):
            return v
        _type_error(ctx, path, gopath, struct, v, codec[1])
    elif kind == "bool":
        if isinstance(v, bool):
            return v
        _type_error(ctx, path, gopath, struct, v, codec[1])
    elif kind == "int":
        if isinstance(v, int) and not isinstance(v, bool):
            lo, hi = _INT_RANGES.get(codec[1], _INT_RANGES["int64"])
            if lo <= v <= hi:
                return v
            _type_error(ctx, path, gopath, struct, v, codec[1], f"number {v}")
        elif isinstance(v, float) and v.is_integer() and abs(v) < 1e21:
            # YAML 3.0 reaches the apiserver as JSON 3 (sigs.k8s.io/yaml re-marshals floats)
            return _decode_value(ctx, codec, int(v), path, gopath, struct)
        elif isinstance(v, float):
            _type_error(ctx, path, gopath, struct, v, codec[1], f"number {_go_json_number(v)}")
        else:
            _type_error(ctx, path, gopath, struct, v, codec[1])
    elif kind == "float":
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        _type_error(ctx, path, gopath, struct, v, codec[1])
    elif kind == "qty":
        text = v if isinstance(v, str) else (
            _go_json_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
            else None)
        if text is None:
            text = "true" if v is True else "false" if v is False else "{}"
        try:
            return Quantity(text.strip())
        except ValueError as e:
            ctx.errors.append(invalid(path, v, str(e)))
    elif kind == "time":
        if isinstance(v, str):
            try:
                return parse_time(v)
            except ValueError as e:
                ctx.errors.append(invalid(path, v, str(e)))
        else:
            _type_error(ctx, path, gopath, struct, v, "string", None)
    elif kind == "dur":
        if isinstance(v, str):
            try:
                return parse_duration(v)
            except ValueError as e:
                ctx.errors.append(invalid(path, v, str(e)))
        else:
            _type_error(ctx, path, gopath, struct, v, "string", None)
    elif kind == "list":
        if isinstance(v, list):
            out = []
            for i, item in enumerate(v):
                if item is None:
                    continue
                d = _decode_value(ctx, codec[2], item, index(path, i), gopath, struct)
                if d is not _MISSING:
                    out.append(d)
            return out
        _type_error(ctx, path, gopath, struct, v, codec[1])
    elif kind == "map":
        if isinstance(v, dict):
            out_map = {}
            for k, item in v.items():
                d = _decode_value(ctx, codec[2], item, key(path, str(k)), gopath, struct)
                if d is not _MISSING:
                    out_map[str(k)] = d
            return out_map
        _type_error(ctx, path, gopath, struct, v, codec[1])
    elif kind == "obj":
        if isinstance(v, dict):
            return decode_into(ctx, codec[1], v, path, gopath)
        _type_error(ctx, path, gopath, struct, v, codec[2])
    else:
        return v
    return _MISSING


_NAMES: dict[type, frozenset] = {}


def _names(cls: type) -> frozenset:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = frozenset(s.json for s in _specs(cls))
    return names


def decode_into(ctx: _Ctx, cls: type, data: dict, path: str = "", gopath: str = "") -> Any:
    """Build ``cls`` from a camelCase dict, collecting type errors in ``ctx``."""
    kwargs = {}
    specs = _specs(cls)
    if len(data) > len(specs) or any(k not in _names(cls) for k in data):
        names = _names(cls)
        ctx.unknown.extend(child(path, str(k)) for k in data if k not in names)
    for spec in specs:
        if spec.json not in data:
            continue
        v = data[spec.json]
        if v is None:
            continue
        d = _decode_value(ctx, spec.codec, v, child(path, spec.json), child(gopath, spec.json),
                          cls.__name__)
        if d is not _MISSING:
            kwargs[spec.attr] = d
    return cls(**kwargs)


def _empty(v: Any) -> bool:
    return v is None or v == "" or v is False or (isinstance(v, (int, float)) and v == 0) or (
        isinstance(v, (list, dict)) and not v)


def _encode_value(codec: tuple, v: Any) -> Any:
    kind = codec[0]
    if kind == "qty":
        return str(v)
    if kind == "time":
        return format_time(v)
    if kind == "dur":
        return format_duration(v)
    if kind == "list":
        return [_encode_value(codec[2], x) for x in v]
    if kind == "map":
        return {k: _encode_value(codec[2], x) for k, x in v.items()}
    if kind == "obj":
        return encode(v)
    if kind == "float" and float(v).is_integer():
        return int(v)
    return v


def encode(obj: Any) -> dict:
    """The camelCase dict kubectl would print for ``obj`` (see module docstring)."""
    out: dict[str, Any] = {}
    for spec in _specs(type(obj)):
        v = getattr(obj, spec.attr)
        if v is None:
            if spec.keep and spec.codec[0] == "time":  # a non-pointer metav1.Time prints null
                out[spec.json] = None
            continue
        if not spec.pointer and not spec.keep and spec.codec[0] != "obj" and _empty(v):
            continue
        out[spec.json] = _encode_value(spec.codec, v)
    return out


def new_context() -> _Ctx:
    return _Ctx()


def model(cls: type) -> type:
    """``@dataclass(eq=False, repr=False)``: equality and repr come from ``Model``.

    Generating three methods per class with ``exec`` made importing the ~70 API
    types slow; sharing ``__eq__``/``__repr__`` keeps ``import`` cheap.
    """
    return dataclasses.dataclass(eq=False, repr=False)(cls)


class Model:
    """Base of every API dataclass: ``to_dict()`` gives the camelCase form kubectl prints."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]  # mutable, like a dataclass with eq=True

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name)
                   for f in dataclasses.fields(self))  # type: ignore[arg-type]

    def __repr__(self) -> str:
        inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}"
                          for f in dataclasses.fields(self))  # type: ignore[arg-type]
        return f"{type(self).__qualname__}({inner})"

    def to_dict(self) -> dict:
        return encode(self)

    @classmethod
    def from_dict(cls, data: dict) -> Any:
        """Decode a camelCase dict into this type (no defaulting or validation).

        Wrong JSON types raise ``ValidationError``; ``Container.from_dict({...})``
        builds a nested object, ``k8slearn.api.from_dict`` a whole validated kind.
        """
        from .errors import ValidationError

        ctx = new_context()
        obj = decode_into(ctx, cls, data)
        if ctx.errors:
            raise ValidationError(ctx.errors)
        return obj


class Object(Model):
    """Base of top-level kinds; ``API_VERSION`` and ``KIND`` register them for ``from_dict``."""

    __slots__ = ()
    API_VERSION: typing.ClassVar[str] = ""
    KIND: typing.ClassVar[str] = ""

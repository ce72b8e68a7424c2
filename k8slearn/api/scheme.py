"""The kind registry and the loaders ``from_dict`` and ``load`` for kubectl ``-o yaml|json``.

Upstream: kubernetes/apimachinery pkg/runtime/scheme.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/runtime/serializer/json/json.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/util/yaml/decoder.go @ v0.36.3

Input: a ``Path`` or the name of an existing file is read from disk; any other
string is the text itself (a lone word that parses as a YAML string is taken for
a mistyped file name: ``the path "x.yaml" does not exist``, kubectl's words).
YAML is read like sigs.k8s.io/yaml reads it (timestamps stay strings, ``1e3`` is
a number) with libyaml when PyYAML has it.

What ``load`` accepts: a single object, multi-document YAML (``---``), JSON, and
``kind: List`` (``apiVersion: v1``) whose items may mix kinds, as
``kubectl get a,b -o yaml`` prints.  ``<Kind>List`` for a registered kind (e.g.
``PodList``) is treated like ``List``.  Typed lists that are API kinds in their
own right (``PodMetricsList``, ``MetricValueList``, ``ExternalMetricValueList``)
come back as one object.

Pipeline per object, as in the apiserver: decode (collecting type errors), apply
defaults (autoscaling/v2 only), validate.  All errors of all documents are
collected and raised together as one ``ValidationError``.

Error paths: an object's errors use the apiserver's paths (``spec.maxReplicas``),
one document after another.  Errors inside a ``kind: List`` item are prefixed with
the item's index: ``items[2].spec.maxReplicas``.  An unknown kind is reported as
``kind: Invalid value: "Foo": no matches for kind "Foo" in version "v1"`` (the
RESTMapper's sentence kubectl prints), a missing kind as
``kind: Required value: Object 'Kind' is missing``.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

from . import serialization as _ser
from .apps import Deployment, ReplicaSet, StatefulSet
from .autoscaling import HorizontalPodAutoscaler
from .core import Pod
from .errors import FieldError, ValidationError, child, invalid, required, type_invalid
from .metrics import ExternalMetricValueList, MetricValueList, PodMetrics, PodMetricsList

__all__ = ["KINDS", "decode", "decode_document", "dump", "from_dict", "load", "load_documents",
           "parse_text"]

#: (apiVersion, kind) -> class, for every kind the course reads.
KINDS: dict[tuple[str, str], type] = {
    (cls.API_VERSION, cls.KIND): cls
    for cls in (Pod, Deployment, ReplicaSet, StatefulSet, HorizontalPodAutoscaler, PodMetrics,
                PodMetricsList, MetricValueList, ExternalMetricValueList)
}


def decode_document(data: Any, errors: list[FieldError], out: list, validate: bool = True,
                    unknown: list | None = None) -> None:
    """Decode one parsed document (``kind: List`` items too) into ``out``, errors into ``errors``.

    ``unknown`` collects ``(object dict, field path)`` for fields the type lacks.
    """
    _decode_one(data, "", errors, out, validate, unknown)


def _decode_one(data: Any, prefix: str, errors: list[FieldError], out: list,
                validate: bool, unknown: list | None = None) -> None:
    """Decode one document or List item; append objects to ``out`` and errors to ``errors``."""
    def add(errs: list[FieldError]) -> None:
        errors.extend(e.prefixed(prefix) for e in errs)

    if not isinstance(data, dict):
        add([type_invalid("", data, "expected an object (a YAML/JSON map)")])
        return
    kind, api_version = data.get("kind"), data.get("apiVersion")
    if not kind:
        add([required("kind", "Object 'Kind' is missing")])
        return
    if not isinstance(kind, str) or not isinstance(api_version, (str, type(None))):
        add([invalid("kind", kind, "must be a string")])
        return
    if api_version is None or api_version == "":
        add([required("apiVersion", "Object 'apiVersion' is missing")])
        return
    item_cls = None
    if kind.endswith("List") and (api_version, kind) not in KINDS:
        item_cls = KINDS.get((api_version, kind[:-4]))
    if (api_version, kind) == ("v1", "List") or item_cls is not None:
        items = data.get("items") or []
        if not isinstance(items, list):
            add([type_invalid("items", items, "must be a list")])
            return
        for i, item in enumerate(items):
            if item_cls is not None and isinstance(item, dict) and "kind" not in item:
                item = {"apiVersion": api_version, "kind": item_cls.KIND, **item}
            _decode_one(item, child(prefix, f"items[{i}]"), errors, out, validate, unknown)
        return
    cls = KINDS.get((api_version, kind))
    if cls is None:
        add([invalid("kind", kind,
                     f'no matches for kind "{kind}" in version "{api_version}"')])
        return
    obj, errs = decode(cls, data, validate=validate, unknown=unknown)
    if unknown is not None:
        unknown[:] = [u if isinstance(u, tuple) else (data, u) for u in unknown]
    add(errs)
    if not errs:
        out.append(obj)


def decode(cls: type, data: dict, *, validate: bool = True,
           unknown: list | None = None) -> tuple[Any, list[FieldError]]:
    """Decode ``data`` as ``cls``, apply defaults and validate; returns (object, errors).

    Paths of fields ``cls`` does not have are appended to ``unknown`` when given.
    """
    from .validation import default_object, validate_object

    ctx = _ser.new_context()
    obj = _ser.decode_into(ctx, cls, data)
    if unknown is not None:
        unknown.extend(ctx.unknown)
    errors = list(ctx.errors)
    if not errors:
        default_object(obj)
        if validate:
            errors.extend(validate_object(obj))
    elif validate:
        # Decode errors stop the apiserver before validation; the course still reports
        # validation errors of the fields that did decode, so a file is fixed in one pass.
        # A field that failed to decode keeps its zero value; errors about it (or
        # anything below it) would be noise, so they are left out.
        default_object(obj)
        bad = tuple(e.field for e in errors)
        errors.extend(e for e in validate_object(obj) if not any(
            e.field == b or e.field.startswith((b + ".", b + "[")) for b in bad))
    return obj, errors


def from_dict(data: dict, *, validate: bool = True) -> Any:
    """One object (a list of items for ``kind: List``) from a camelCase dict.

    Raises ValidationError listing every field error.
    """
    out: list = []
    errors: list[FieldError] = []
    _decode_one(data, "", errors, out, validate)
    if errors:
        raise ValidationError(errors)
    kind, api_version = str(data.get("kind", "")), data.get("apiVersion")
    is_list = kind == "List" or (kind.endswith("List") and (api_version, kind) not in KINDS
                                 and (api_version, kind[:-4]) in KINDS)
    return out if is_list else out[0]


_LOADER = None
_INT_MIN, _UINT_MAX = -(1 << 63), (1 << 64) - 1


def _go_big_number(text: str) -> Any:
    """A number past int64/uint64 as go-yaml resolves it: a float64, or a string past float64."""
    f = float(text)
    return text if f in (float("inf"), float("-inf")) else f


def _construct_int(loader: Any, node: Any) -> Any:
    """go-yaml's int resolution: int64, then uint64, then float64, then the plain string."""
    import yaml

    text = loader.construct_scalar(node)
    plain = text.replace("_", "")
    digits = plain.lstrip("+-")
    if digits.isdigit() and len(digits) > 18 and not (digits.startswith("0") and len(digits) > 1):
        if len(digits) <= 20 and _INT_MIN <= int(plain) <= _UINT_MAX:
            return int(plain)
        return _go_big_number(plain)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


def _construct_float(loader: Any, node: Any) -> Any:
    """A float that overflows float64 (``1e400``) stays a string, as go-yaml's ParseFloat fails."""
    import yaml

    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    if value in (float("inf"), float("-inf")) and "inf" not in node.value.lower():
        return loader.construct_scalar(node)
    return value


def _json_int(text: str) -> Any:
    if len(text.lstrip("-")) <= 20 and _INT_MIN <= int(text) <= _UINT_MAX:
        return int(text)
    return _json_float(text)


def _json_float(text: str) -> float:
    f = float(text)
    if f in (float("inf"), float("-inf")):
        raise ValueError(f"json: cannot unmarshal number {text} into Go value of type float64")
    return f
_GO_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _yaml_loader():
    """A SafeLoader resolving plain scalars like sigs.k8s.io/yaml (go-yaml) does.

    Timestamps stay strings (the API decodes them itself) and ``1e3`` is a float
    (PyYAML's YAML 1.1 float needs a dot; go-yaml's does not).
    """
    global _LOADER
    import yaml

    if _LOADER is None:
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when built

        class _Loader(base):  # type: ignore[misc,valid-type]
            pass

        _Loader.yaml_implicit_resolvers = {
            k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
            for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }
        _Loader.add_implicit_resolver("tag:yaml.org,2002:float", _GO_FLOAT,
                                      list("-+0123456789."))
        _Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
        _Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
        _LOADER = _Loader
    return yaml, _LOADER


def load_documents(path_or_text: str | os.PathLike) -> list[Any]:
    """Parse kubectl output into plain documents (dicts), without decoding them.

    A directory is read like ``kubectl apply -f DIR``: its ``.json``, ``.yaml`` and
    ``.yml`` files, not recursively, in name order.
    """
    from .visitor import expand_paths, read_regular_file

    if (isinstance(path_or_text, os.PathLike) or "\n" not in path_or_text) and os.path.isdir(
            path_or_text):
        return [d for src in expand_paths([os.fspath(path_or_text)])
                for d in parse_text(src.text)]
    if isinstance(path_or_text, os.PathLike) or (
            "\n" not in path_or_text and len(path_or_text) < 4096
            and os.path.exists(path_or_text)):
        text = read_regular_file(path_or_text)
    else:
        text = path_or_text
    docs = parse_text(text)
    if (isinstance(path_or_text, str) and "\n" not in path_or_text and len(docs) == 1
            and isinstance(docs[0], str)):
        # A lone word is far more likely a mistyped file name than a document.
        raise ValueError(f'the path "{path_or_text}" does not exist')
    return docs


def parse_text(text: str) -> list[Any]:
    """JSON or (multi-document) YAML text -> plain documents, with go-yaml's guards."""
    from .yaml_decode import check_events, check_values

    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            doc = json.loads(text, parse_int=_json_int, parse_float=_json_float)
        except json.JSONDecodeError:
            pass
        except RecursionError:
            raise ValueError(f"json: exceeded max depth of {_max_depth()}") from None
        else:
            check_values(doc, "json")
            return doc if isinstance(doc, list) else [doc]
    yaml, loader = _yaml_loader()
    try:
        if "*" in text:  # aliases: count their expansion as go-yaml does, before building
            check_events(yaml.parse(text, Loader=loader))
        docs = [d for d in yaml.load_all(text, Loader=loader) if d is not None]
    except yaml.YAMLError as e:
        raise ValueError(f"error converting YAML to JSON: {e}") from None
    except RecursionError:
        raise ValueError("error converting YAML to JSON: yaml: exceeded max depth of "
                         f"{_max_depth()}") from None
    except ValueError as e:
        raise ValueError(f"error converting YAML to JSON: {e}") from None
    for d in docs:
        try:
            check_values(d)
        except ValueError as e:
            raise ValueError(f"error converting YAML to JSON: {e}") from None
    return docs


def _max_depth() -> int:
    from .yaml_decode import MAX_DEPTH

    return MAX_DEPTH


def load(path_or_text: str | os.PathLike, *, validate: bool = True) -> list[Any]:
    """Typed objects from kubectl ``-o yaml|json`` output (a path or the text itself).

    Decodes every document (``kind: List`` items are flattened into the result),
    applies API defaults and validates; raises ``ValidationError`` listing every error.
    """
    out: list = []
    errors: list[FieldError] = []
    for doc in load_documents(path_or_text):
        _decode_one(doc, "", errors, out, validate)
    if errors:
        raise ValidationError(errors)
    return out


def _yaml_dumper():
    """A SafeDumper that quotes like go-yaml: double quotes, ``|`` blocks for multi-line text."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def choose_scalar_style(self):  # noqa: D102 - PyYAML hook
            # go-yaml double-quotes a string that would read back as another type
            # ("48213", "true", a timestamp) and single-quotes other awkward strings.
            style = super().choose_scalar_style()
            if style == "'" and not self.event.implicit[0]:
                return '"'
            return style

    _Dumper.add_implicit_resolver("tag:yaml.org,2002:float", _GO_FLOAT, list("-+0123456789."))

    def _str(dumper: yaml.SafeDumper, value: str):
        style = "|" if "\n" in value and not value.endswith(" ") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return yaml, _Dumper


def dump(objs: Any, *, output: str = "yaml") -> str:
    """Print objects as ``kubectl get -o yaml|json`` would (several become a ``kind: List``)."""
    if isinstance(objs, (list, tuple)):
        data: dict = (objs[0].to_dict() if len(objs) == 1 else
                      {"apiVersion": "v1", "items": [o.to_dict() for o in objs],
                       "kind": "List", "metadata": {"resourceVersion": ""}})
    else:
        data = objs.to_dict()
    if output == "json":
        text = json.dumps(data, indent=4, sort_keys=True, ensure_ascii=False)
        for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                        ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
            text = text.replace(ch, esc)  # Go's encoding/json escapes these (HTML-safe)
        return text + "\n"
    if output != "yaml":
        raise ValueError(f"unable to match a printer suitable for the output format {output!r}")
    yaml, dumper = _yaml_dumper()
    return yaml.dump(data, Dumper=dumper, sort_keys=True, default_flow_style=False,
                     allow_unicode=True, width=80)

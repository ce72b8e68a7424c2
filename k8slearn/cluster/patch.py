"""PATCH bodies: JSON merge patch, JSON patch and strategic merge patch.

* ``application/merge-patch+json`` (RFC 7386): maps merge recursively, ``null``
  deletes a key, anything else (lists included) replaces.
* ``application/json-patch+json`` (RFC 6902): ``add``, ``remove``, ``replace``,
  ``move``, ``copy`` and ``test`` operations on JSON pointers.
* ``application/strategic-merge-patch+json``: a merge patch where lists with a
  *patch merge key* merge element by element (``containers`` by ``name``, ports
  by ``containerPort``, ...), lists of scalars with the ``merge`` strategy
  (``finalizers``) become sets, and the directives ``$patch``
  (``replace``/``delete``/``merge``), ``$retainKeys``,
  ``$setElementOrder/<list>`` and ``$deleteFromPrimitiveList/<list>`` are
  honoured.  kubectl's ``apply``, ``set image`` and ``rollout restart`` send it.

The merge keys come from the ``patchMergeKey`` tags of the Go types; the
course keys them by field name (unique among the served kinds).

Upstream: kubernetes/apimachinery pkg/util/strategicpatch/patch.go @ v0.36.3
Upstream: kubernetes/apiserver pkg/endpoints/handlers/patch.go @ v0.36.3
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["PatchError", "merge_patch", "json_patch", "strategic_merge_patch", "MERGE_KEYS"]


class PatchError(ValueError):
    """A patch that cannot be applied (the apiserver answers 400 or 422)."""


#: list field -> patch merge key (``patchStrategy:"merge"``)
MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
    "volumes": "name", "env": "name", "ports": "containerPort", "volumeMounts": "mountPath",
    "conditions": "type", "ownerReferences": "uid", "imagePullSecrets": "name",
    "hostAliases": "ip", "resourceClaims": "name", "volumeDevices": "devicePath",
}
#: lists of scalars merged as sets
MERGE_PRIMITIVES = {"finalizers"}


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise PatchError(f"invalid JSON pointer {path!r}")
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _walk(doc: Any, parts: list[str]) -> Any:
    for p in parts:
        if isinstance(doc, list):
            try:
                doc = doc[int(p)]
            except (ValueError, IndexError):
                raise PatchError(f"index {p!r} out of range") from None
        elif isinstance(doc, dict) and p in doc:
            doc = doc[p]
        else:
            raise PatchError(f"doc is missing path: /{'/'.join(parts)}")
    return doc


def _add(doc: Any, parts: list[str], value: Any, replace: bool = False) -> Any:
    if not parts:
        return value
    parent = _walk(doc, parts[:-1])
    last = parts[-1]
    if isinstance(parent, list):
        i = len(parent) if last == "-" else int(last) if last.isdigit() else -1
        if not 0 <= i <= len(parent) - (1 if replace else 0):
            raise PatchError(f"add operation index out of bounds: {last}")
        if replace:
            parent[i] = value
        else:
            parent.insert(i, value)
    elif isinstance(parent, dict):
        if replace and last not in parent:
            raise PatchError(f"replace operation does not apply: doc is missing key: {last}")
        parent[last] = value
    else:
        raise PatchError("cannot add to a scalar")
    return doc


def _remove(doc: Any, parts: list[str]) -> Any:
    if not parts:
        raise PatchError("cannot remove the whole document")
    parent = _walk(doc, parts[:-1])
    last = parts[-1]
    try:
        if isinstance(parent, list):
            return parent.pop(int(last))
        return parent.pop(last)
    except (KeyError, ValueError, IndexError, AttributeError):
        raise PatchError(f"remove operation does not apply: doc is missing path: "
                         f"/{'/'.join(parts)}") from None


def json_patch(doc: Any, ops: Any) -> Any:
    """RFC 6902."""
    if not isinstance(ops, list):
        raise PatchError("a JSON patch must be a list of operations")
    doc = copy.deepcopy(doc)
    for op in ops:
        if not isinstance(op, dict) or "op" not in op:
            raise PatchError("each JSON patch operation needs an \"op\"")
        kind, path = op["op"], _pointer(op.get("path", ""))
        if kind == "add":
            doc = _add(doc, path, copy.deepcopy(op.get("value")))
        elif kind == "replace":
            doc = _add(doc, path, copy.deepcopy(op.get("value")), replace=True)
        elif kind == "remove":
            _remove(doc, path)
        elif kind in ("move", "copy"):
            src = _pointer(op.get("from", ""))
            value = _remove(doc, src) if kind == "move" else copy.deepcopy(_walk(doc, src))
            doc = _add(doc, path, value)
        elif kind == "test":
            if _walk(doc, path) != op.get("value"):
                raise PatchError(f"testing value /{'/'.join(path)} failed")
        else:
            raise PatchError(f"Unexpected kind: {kind}")
    return doc


def _merge_list(field: str, original: list, patch: list) -> list:
    key = MERGE_KEYS.get(field)
    if key is None:
        if field in MERGE_PRIMITIVES:
            return original + [v for v in patch if v not in original]
        return [p for p in copy.deepcopy(patch)
                if not (isinstance(p, dict) and p.get("$patch"))]
    out = copy.deepcopy(original)
    for item in patch:
        if not isinstance(item, dict):
            raise PatchError(f"{field}: a list with merge key {key!r} needs object items")
        directive = item.get("$patch")
        if directive == "replace":
            return [i for i in copy.deepcopy(patch) if i.get("$patch") != "replace"]
        kv = item.get(key)
        idx = next((i for i, o in enumerate(out) if isinstance(o, dict) and o.get(key) == kv),
                   None)
        if directive == "delete":
            if idx is not None:
                out.pop(idx)
            continue
        clean = {k: v for k, v in item.items() if k != "$patch"}
        if idx is None:
            out.append(strategic_merge_patch({}, clean))
        else:
            out[idx] = strategic_merge_patch(out[idx], clean)
    return out


def _order(items: list, order: list, key: str | None) -> list:
    def ident(x: Any) -> Any:
        return x.get(key) if key and isinstance(x, dict) else x

    pos = {repr(ident(o) if isinstance(o, dict) else o): i for i, o in enumerate(order)}
    return sorted(items, key=lambda x: pos.get(repr(ident(x)), len(pos)))


def strategic_merge_patch(original: Any, patch: Any) -> Any:
    """Apply a strategic merge patch to a JSON map (see module docstring)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    if not isinstance(original, dict):
        original = {}
    directive = patch.get("$patch")
    if directive == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != "$patch"}
    if directive == "delete":
        return {}
    out = copy.deepcopy(original)
    retain = patch.get("$retainKeys")
    orders: dict[str, list] = {}
    for k, v in patch.items():
        if k in ("$patch", "$retainKeys"):
            continue
        if k.startswith("$setElementOrder/"):
            orders[k.split("/", 1)[1]] = v
            continue
        if k.startswith("$deleteFromPrimitiveList/"):
            name = k.split("/", 1)[1]
            if isinstance(out.get(name), list):
                out[name] = [x for x in out[name] if x not in v]
            continue
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict):
            out[k] = strategic_merge_patch(out.get(k), v)
        elif isinstance(v, list):
            cur = out.get(k)
            out[k] = _merge_list(k, cur if isinstance(cur, list) else [], v)
        else:
            out[k] = copy.deepcopy(v)
    for name, order in orders.items():
        if isinstance(out.get(name), list):
            out[name] = _order(out[name], order, MERGE_KEYS.get(name))
    if isinstance(retain, list):
        out = {k: v for k, v in out.items() if k in retain}
    return out

"""go-yaml's guards against hostile documents: alias bombs, self-containing anchors, deep nesting.

PyYAML builds an aliased node once and shares it, so parsing a "billion laughs"
document is cheap; the cost comes later, when something walks the shared tree
(decoding, validation, printing errors).  go-yaml, which sigs.k8s.io/yaml uses
to read every manifest kubectl sends, counts while it decodes and gives up::

    yaml: document contains excessive aliasing

``check_events`` replays that count on PyYAML's event stream, one document at a
time, before anything is constructed:

* every node decoded adds one to ``decodeCount``; a node reached through an
  alias (at any depth below it) also adds one to ``aliasCount``;
* once ``aliasCount > 100`` and ``decodeCount > 1000``, the share of aliased
  decodes may not exceed ``allowedAliasRatio(decodeCount)``: 99% up to 400,000
  decodes, 10% from 4,000,000, and a straight line in between;
* an alias met again while its own expansion is in progress is
  ``yaml: anchor 'a' value contains itself``.

Because the aliased share is capped, the walk costs at most about 100 times the
document's own node count, so it ends quickly on any input.

Nesting.  go-yaml's scanner stops at 10,000 levels (``exceeded max depth of
10000``), as does Go's encoding/json.  Python's recursion limit is far lower,
so the course stops at ``MAX_DEPTH`` levels with the same words and its own
number (a documented deviation; no real manifest nests beyond a few dozen).

Upstream: yaml/go-yaml decode.go, scannerc.go @ v2.4.3
Upstream: kubernetes-sigs/yaml yaml.go @ v1.6.0

(go.yaml.in/yaml/v2 v2.4.3 is what apimachinery v0.36.3 builds with; the functions
are ``allowedAliasRatio``, ``decoder.unmarshal``, ``decoder.alias``, and the
scanner's ``max_flow_level``/``max_indents``.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["MAX_DEPTH", "allowed_alias_ratio", "check_events", "check_values"]

#: The course's nesting limit (go-yaml and encoding/json allow 10,000).
MAX_DEPTH = 500

_RANGE_LOW = 400_000
_RANGE_HIGH = 4_000_000
_RANGE = float(_RANGE_HIGH - _RANGE_LOW)


def allowed_alias_ratio(decode_count: int) -> float:
    """allowedAliasRatio: the share of decodes that may come from alias expansion."""
    if decode_count <= _RANGE_LOW:
        return 0.99
    if decode_count >= _RANGE_HIGH:
        return 0.10
    return 0.99 - 0.89 * ((decode_count - _RANGE_LOW) / _RANGE)


class _Node:
    __slots__ = ("kind", "children", "name", "target", "merge_key")

    def __init__(self, kind: str, name: str = "") -> None:
        self.kind = kind  # "doc", "map", "seq", "scalar" or "alias"
        self.children: list[_Node] = []
        self.name = name  # the anchor an alias refers to
        self.target: _Node | None = None
        self.merge_key = False


def _depth_error() -> ValueError:
    return ValueError(f"yaml: exceeded max depth of {MAX_DEPTH}")


def _documents(events: Iterable[Any]) -> Iterable[_Node]:
    """go-yaml-like node trees (aliases kept as nodes) from PyYAML events."""
    import yaml

    anchors: dict[str, _Node] = {}
    stack: list[_Node] = []
    for ev in events:
        if isinstance(ev, yaml.DocumentStartEvent):
            anchors = {}
            stack = [_Node("doc")]
            continue
        if isinstance(ev, yaml.DocumentEndEvent):
            if stack:
                yield stack[0]
            stack = []
            continue
        if not stack:
            continue
        if isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()
            continue
        if isinstance(ev, yaml.AliasEvent):
            node = _Node("alias", ev.anchor or "")
            node.target = anchors.get(ev.anchor or "")
        elif isinstance(ev, yaml.ScalarEvent):
            node = _Node("scalar")
            node.merge_key = ev.value == "<<" and ev.tag is None and ev.implicit[0]
        elif isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            node = _Node("seq" if isinstance(ev, yaml.SequenceStartEvent) else "map")
        else:
            continue
        if getattr(ev, "anchor", None) and node.kind != "alias":
            anchors[ev.anchor] = node  # registered before its children, as go-yaml does
        stack[-1].children.append(node)
        if node.kind in ("seq", "map"):
            stack.append(node)
            if len(stack) > MAX_DEPTH:
                raise _depth_error()


def _walk(doc: _Node) -> None:
    """decoder.unmarshal's counting, iteratively; raises ValueError like go-yaml."""
    decode_count = alias_count = 0
    in_progress: set[int] = set()
    stack: list[tuple[_Node | None, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if node is None:  # leaving an alias
            in_progress.discard(depth)
            continue
        decode_count += 1
        if depth > 0:
            alias_count += 1
        if (alias_count > 100 and decode_count > 1000
                and alias_count / decode_count > allowed_alias_ratio(decode_count)):
            raise ValueError("yaml: document contains excessive aliasing")
        if node.kind == "alias":
            if id(node) in in_progress:
                raise ValueError(f"yaml: anchor '{node.name}' value contains itself")
            if node.target is None:
                continue  # undefined alias: PyYAML's composer reports it
            in_progress.add(id(node))
            stack.append((None, id(node)))
            stack.append((node.target, depth + 1))
        elif node.kind == "map":
            kids = node.children
            pushed: list[_Node] = []
            for i in range(0, len(kids) - 1, 2):
                k, v = kids[i], kids[i + 1]
                if k.merge_key:  # decoder.merge: the key is not decoded
                    pushed.extend(v.children if v.kind == "seq" else [v])
                else:
                    pushed.extend((k, v))
            stack.extend((c, depth) for c in reversed(pushed))
        else:
            stack.extend((c, depth) for c in reversed(node.children))


def check_events(events: Iterable[Any]) -> None:
    """Raise ValueError if any document of the event stream is an alias bomb or too deep."""
    for doc in _documents(events):
        _walk(doc)


def check_values(doc: Any, fmt: str = "yaml") -> None:
    """Reject values JSON cannot carry (NaN, infinities) and nesting past ``MAX_DEPTH``.

    sigs.k8s.io/yaml re-marshals every YAML document as JSON, and Go's
    encoding/json refuses NaN and infinities for the whole document
    (``json: unsupported value: NaN``).  The course adds where the value is.
    The walk is iterative and shares nothing with the alias counter: a
    document that reached here has passed it, so its expansion is bounded.
    """
    stack: list[tuple[Any, str, int]] = [(doc, "", 1)]
    while stack:
        v, path, depth = stack.pop()
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            shown = "NaN" if v != v else ("+Inf" if v > 0 else "-Inf")
            where = f" (at {path})" if path else ""
            raise ValueError(f"json: unsupported value: {shown}{where}")
        if isinstance(v, (dict, list)):
            if depth > MAX_DEPTH:
                raise ValueError(f"{fmt}: exceeded max depth of {MAX_DEPTH}")
            items = v.items() if isinstance(v, dict) else enumerate(v)
            for k, x in items:
                if isinstance(x, (dict, list, float)):
                    sub = f"{path}[{k}]" if isinstance(v, list) else (
                        f"{path}.{k}" if path else str(k))
                    stack.append((x, sub, depth + 1))

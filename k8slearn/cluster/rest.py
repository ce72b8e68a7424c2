"""The REST layer: HTTP verbs and URLs -> k8slearn.apiserver calls -> JSON answers.

``RestAPI.handle(method, path, query, headers, body)`` returns a
:class:`Response`; it knows nothing about sockets (``k8slearn.cluster.server``
does), so it is tested and benchmarked directly too.

URLs: ``/api/v1/...`` and ``/apis/<group>/<version>/...``, then
``[namespaces/<ns>/]<resource>[/<name>[/<subresource>]]``.  Verbs: GET (get,
list, ``?watch=1``), POST (create, ``pods/<name>/binding``), PUT (update,
``/status``, ``/scale``), PATCH (merge, JSON and strategic merge patches) and
DELETE (with ``propagationPolicy``).  ``dryRun=All`` runs every step but the
write.  Errors are ``Status`` objects, never tracebacks.

Upstream: kubernetes/apiserver pkg/endpoints/handlers/rest.go @ v0.36.3
Upstream: kubernetes/apiserver pkg/endpoints/handlers/patch.go @ v0.36.3
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from k8slearn.apiserver import errors
from k8slearn.apiserver.registry import resource_info
from k8slearn.cluster import discovery, openapi
from k8slearn.cluster.codec import BadRequest, decode_object, parse_json, to_json
from k8slearn.cluster.defaults import apply_defaults
from k8slearn.cluster.patch import PatchError, json_patch, merge_patch, strategic_merge_patch
from k8slearn.cluster.protobuf import ProtobufError, decode_envelope
from k8slearn.cluster.status import (
    FieldSelectorError,
    parse_field_selector,
    status,
    status_from_error,
    success,
)
from k8slearn.cluster.tables import table_for, wants_table

__all__ = ["RestAPI", "Response", "MAX_BODY", "InvalidWithCauses"]

#: the apiserver's request body limit (``MaxRequestBodyBytes``): 3 MiB
MAX_BODY = 3 * 1024 * 1024
_JSON = "application/json"


@dataclass
class Response:
    code: int
    body: Any = None  # dict -> JSON; bytes as is
    content_type: str = _JSON
    stream: Iterator[bytes] | None = None
    headers: dict = field(default_factory=dict)

    def json(self) -> Any:
        """The body as a JSON value (decoded from bytes if need be)."""
        return json.loads(self.payload()) if isinstance(self.body, (bytes, bytearray)) \
            else self.body

    def payload(self) -> bytes:
        if isinstance(self.body, (bytes, bytearray)):
            return bytes(self.body)
        return json.dumps(self.body, separators=(",", ":")).encode()


class InvalidWithCauses(errors.Invalid):
    """422 Invalid carrying ``details.causes`` (one per field error)."""

    def __init__(self, kind: str, group: str, name: str, field_errors: list[Any]) -> None:
        super().__init__(kind, group, name, [str(e) for e in field_errors])
        self.causes = [{"reason": e.type, "message": e.error_body(), "field": e.field}
                       for e in field_errors]


def _fail(code: int, message: str, reason: str | None = None) -> Response:
    return Response(code, status(code, message, reason))


class RestAPI:
    """Serves one :class:`k8slearn.apiserver.APIServer` over REST (see module docstring)."""

    def __init__(self, server: Any, metrics: Any = None, address: str = "127.0.0.1") -> None:
        self.server = server
        self.metrics = metrics
        self.address = address
        self.watch_poll = 0.25  # seconds between stop checks of a quiet watch
        self.stopping = False
        #: (resourceVersion, apiVersion) -> JSON bytes: an object never changes without a new
        #: resourceVersion, so its encoding can be reused (the watch cache's serialization)
        self._encoded: dict[tuple[str, str], bytes] = {}

    def encode(self, obj: Any, api_version: str) -> bytes:
        key = (obj.metadata.resource_version, api_version)
        data = self._encoded.get(key)
        if data is None:
            data = json.dumps(to_json(obj, api_version), separators=(",", ":")).encode()
            if len(self._encoded) >= 8192:
                self._encoded.clear()
            if key[0]:
                self._encoded[key] = data
        return data

    # ------------------------------------------------------------------ entry
    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: bytes = b"") -> Response:
        try:
            if len(body) > MAX_BODY:
                return _fail(413, "Request entity too large: limit is 3145728")
            return self._route(method, path, query, headers, body)
        except BadRequest as e:
            return _fail(400, e.message)
        except (PatchError, ProtobufError, FieldSelectorError) as e:
            return _fail(400, str(e))
        except errors.StatusError as e:
            return Response(e.code, status_from_error(e))
        except Exception as e:  # noqa: BLE001 - never a traceback on the wire
            return Response(500, status_from_error(e))

    def _route(self, method: str, path: str, q: dict, h: dict, body: bytes) -> Response:
        parts = [p for p in path.split("/") if p]
        if not parts:
            return Response(200, {"paths": ["/api", "/api/v1", "/apis", "/openapi/v3",
                                            "/version"]})
        head = parts[0]
        if head in ("healthz", "readyz", "livez"):
            return Response(200, b"ok", "text/plain")
        if head == "version":
            return Response(200, discovery.VERSION)
        if head == "openapi" and parts[1:2] == ["v3"]:
            if len(parts) == 2:
                return Response(200, openapi.index())
            doc = openapi.doc_bytes("/".join(parts[2:]))
            return Response(200, doc) if doc else _fail(404, "the server could not find the "
                                                              "requested resource")
        if head in ("api", "apis") and len(parts) == 1 and discovery.wants_aggregated(
                h.get("accept", "")):
            return Response(200, discovery.aggregated(head == "api"), discovery.AGGREGATED)
        if head == "api":
            if len(parts) == 1:
                return Response(200, discovery.api_versions(self.address))
            group, version, rest = "", parts[1], parts[2:]
        elif head == "apis":
            if len(parts) == 1:
                return Response(200, discovery.api_group_list())
            if len(parts) == 2:
                g = discovery.api_group(parts[1])
                return Response(200, g) if g else _fail(404, "the server could not find the "
                                                             "requested resource")
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            return _fail(404, "the server could not find the requested resource")
        if not rest:
            rl = discovery.resource_list(group, version)
            return Response(200, rl) if rl else _fail(404, "the server could not find the "
                                                           "requested resource")
        ns = None
        if rest[0] == "namespaces" and len(rest) >= 3:
            ns, rest = rest[1], rest[2:]
        resource, name = rest[0], (rest[1] if len(rest) > 1 else None)
        sub = rest[2] if len(rest) > 2 else None
        served = discovery.find(group, version, resource)
        if served is None or len(rest) > 3:
            return _fail(404, "the server could not find the requested resource")
        if group == "metrics.k8s.io":
            return self._metrics(served, ns, name, q)
        ctx = _Ctx(served, ns, name, sub, q, h)
        if method == "GET":
            return self._get(ctx) if name else self._list(ctx)
        if method == "POST":
            return self._create(ctx, body)
        if method == "PUT" and name:
            return self._update(ctx, body)
        if method == "PATCH" and name:
            return self._patch(ctx, body)
        if method == "DELETE" and name:
            return self._delete(ctx, body)
        return _fail(405, f"the server does not allow this method on the requested resource "
                          f"({method} {resource})")

    # ------------------------------------------------------------------ helpers
    def _out(self, ctx: _Ctx, obj: Any, code: int = 200) -> Response:
        if wants_table(ctx.headers.get("accept", "")):
            return Response(code, table_for(ctx.served.resource, [obj], self.server.clock.now(),
                                            obj.metadata.resource_version,
                                            ctx.query.get("includeObject", "Metadata")))
        if self._dry_run(ctx):  # not stored: its resourceVersion is the stored object's
            return Response(code, to_json(obj, ctx.served.group_version))
        return Response(code, self.encode(obj, ctx.served.group_version))

    def _decode(self, ctx: _Ctx, body: bytes, warnings: list[str]) -> Any:
        ctype = ctx.headers.get("content-type", _JSON).split(";")[0].strip()
        if ctype == "application/vnd.kubernetes.protobuf":
            data = decode_envelope(body)
        else:
            data = parse_json(body)
        info = resource_info(ctx.served.resource)
        if isinstance(data, dict) and data.get("kind") and data.get("kind") != info.kind:
            raise BadRequest(f"the API version in the data ({data.get('apiVersion')}) does not "
                             f"match the expected API version ({ctx.served.group_version})"
                             if data.get("apiVersion") != ctx.served.group_version else
                             f"{data['kind']} in version \"{ctx.served.version}\" cannot be "
                             f"handled as a {info.kind}: kind mismatch")
        return decode_object(info, data, ctx.query.get("fieldValidation", ""), warnings)

    def _prepare(self, ctx: _Ctx, obj: Any) -> Any:
        """Namespace checks, defaulting and validation (422 with causes)."""
        from k8slearn.api.validation import validate_object

        info = resource_info(ctx.served.resource)
        meta = obj.metadata
        if ctx.served.namespaced:
            if meta.namespace and ctx.ns and meta.namespace != ctx.ns:
                raise BadRequest("the namespace of the provided object does not match the "
                                 "namespace sent on the request")
            meta.namespace = ctx.ns or meta.namespace or "default"
            self._require_namespace(meta.namespace)
        if ctx.name and meta.name and meta.name != ctx.name:
            raise BadRequest("the name of the object "
                             f"({meta.name}) does not match the name on the URL ({ctx.name})")
        apply_defaults(obj)
        errs = validate_object(obj)
        if errs:
            raise InvalidWithCauses(info.kind, info.group, meta.name or meta.generate_name,
                                    errs)
        return obj

    def _require_namespace(self, ns: str) -> None:
        try:
            self.server.get("namespaces", None, ns)
        except errors.NotFound:
            raise errors.NotFound("namespaces", "", ns) from None

    # ------------------------------------------------------------------ reads
    def _get(self, ctx: _Ctx) -> Response:
        obj = self.server.get(ctx.served.resource, ctx.ns, ctx.name)
        if ctx.sub == "scale":
            return Response(200, _scale_json(self.server.get_scale(ctx.served.resource, ctx.ns,
                                                                    ctx.name)))
        return self._out(ctx, obj)

    def _list(self, ctx: _Ctx) -> Response:
        q = ctx.query
        fsel = parse_field_selector(q.get("fieldSelector", ""))
        if q.get("watch") in ("1", "true"):
            return self._watch(ctx, fsel)
        lst = self.server.list(ctx.served.resource, ctx.ns, q.get("labelSelector") or None)
        items = [o for o in lst.items if fsel(o.to_dict())] if q.get("fieldSelector") \
            else lst.items
        if wants_table(ctx.headers.get("accept", "")):
            return Response(200, table_for(ctx.served.resource, items, self.server.clock.now(),
                                           lst.resource_version,
                                           q.get("includeObject", "Metadata")))
        head = json.dumps({"kind": f"{ctx.served.kind}List",
                           "apiVersion": ctx.served.group_version,
                           "metadata": {"resourceVersion": lst.resource_version}},
                          separators=(",", ":")).encode()
        gv = ctx.served.group_version
        body = head[:-1] + b',"items":[' + b",".join(self.encode(o, gv) for o in items) + b"]}"
        return Response(200, body)

    def _watch(self, ctx: _Ctx, fsel: Any) -> Response:
        from k8slearn.cluster.watch import watch_events

        return Response(200, None, stream=watch_events(self, ctx, fsel))

    # ------------------------------------------------------------------ writes
    def _dry_run(self, ctx: _Ctx) -> bool:
        return ctx.query.get("dryRun") == "All"

    def _create(self, ctx: _Ctx, body: bytes) -> Response:
        if ctx.served.resource == "pods" and ctx.sub == "binding":
            target = (parse_json(body).get("target") or {}).get("name", "")
            self.server.bind(ctx.ns or "default", ctx.name, target)
            return Response(201, {"kind": "Status", "apiVersion": "v1", "metadata": {},
                                  "status": "Success", "code": 201})
        if ctx.name:
            return _fail(405, "the server does not allow this method on the requested "
                              "resource")
        warnings: list[str] = []
        obj = self._prepare(ctx, self._decode(ctx, body, warnings))
        if self._dry_run(ctx):
            info = resource_info(ctx.served.resource)
            try:
                self.server.get(info.resource, obj.metadata.namespace, obj.metadata.name)
            except errors.NotFound:
                obj.metadata.creation_timestamp = self.server.clock.now()
                obj.metadata.uid = "00000000-0000-0000-0000-000000000000"
                return self._with_warnings(self._out(ctx, obj, 201), warnings)
            raise errors.AlreadyExists(info.resource, info.group, obj.metadata.name)
        return self._with_warnings(self._out(ctx, self.server.create(obj), 201), warnings)

    def _with_warnings(self, resp: Response, warnings: list[str]) -> Response:
        if warnings:
            resp.headers["Warning"] = ", ".join(f'299 - "{w}"' for w in warnings)
        return resp

    def _store(self, ctx: _Ctx, obj: Any) -> Any:
        if self._dry_run(ctx):
            return obj
        if ctx.sub == "status":
            return self.server.update_status(obj)
        return self.server.update(obj)

    def _update(self, ctx: _Ctx, body: bytes) -> Response:
        if ctx.sub == "scale":
            return self._scale_update(ctx, parse_json(body))
        warnings: list[str] = []
        obj = self._prepare(ctx, self._decode(ctx, body, warnings))
        return self._with_warnings(self._out(ctx, self._store(ctx, obj)), warnings)

    def _scale_update(self, ctx: _Ctx, data: Any) -> Response:
        from k8slearn.apiserver.scale import ScaleSpec

        scale = self.server.get_scale(ctx.served.resource, ctx.ns, ctx.name)
        spec = (data or {}).get("spec") or {}
        replicas = spec.get("replicas", scale.spec.replicas)
        if not isinstance(replicas, int) or isinstance(replicas, bool) or replicas < 0:
            from k8slearn.api.errors import invalid

            raise InvalidWithCauses("Scale", "autoscaling", ctx.name, [invalid(
                "spec.replicas", replicas, "must be greater than or equal to 0")])
        scale.metadata.resource_version = ((data or {}).get("metadata") or {}).get(
            "resourceVersion", "")
        scale.spec = ScaleSpec(replicas=replicas)
        if self._dry_run(ctx):
            return Response(200, _scale_json(scale))
        return Response(200, _scale_json(self.server.update_scale(ctx.served.resource, ctx.ns,
                                                                  ctx.name, scale)))

    def _patch(self, ctx: _Ctx, body: bytes) -> Response:
        ctype = ctx.headers.get("content-type", "").split(";")[0].strip()
        if ctype == "application/apply-patch+yaml":
            return _fail(415, "server-side apply is not modelled by the k8slearn course "
                              "cluster; use client-side apply (kubectl apply without "
                              "--server-side)")
        appliers = {"application/merge-patch+json": merge_patch,
                    "application/json-patch+json": json_patch,
                    "application/strategic-merge-patch+json": strategic_merge_patch}
        apply = appliers.get(ctype)
        if apply is None:
            return _fail(415, f"the body of the request was in an unknown format - accepted "
                              f"media types include: {', '.join(appliers)}")
        patch = parse_json(body)
        if ctx.sub == "scale":
            current = _scale_json(self.server.get_scale(ctx.served.resource, ctx.ns, ctx.name))
            return self._scale_update(ctx, apply(current, patch))
        wants_rv = isinstance(patch, dict) and bool(
            (patch.get("metadata") or {}).get("resourceVersion"))
        for _ in range(20):
            cur = self.server.get(ctx.served.resource, ctx.ns, ctx.name)
            patched = apply(to_json(cur, ctx.served.group_version), patch)
            warnings: list[str] = []
            obj = self._prepare(ctx, self._decode_dict(ctx, patched, warnings))
            if not wants_rv:
                obj.metadata.resource_version = cur.metadata.resource_version
            try:
                return self._with_warnings(self._out(ctx, self._store(ctx, obj)), warnings)
            except errors.Conflict:
                if wants_rv:
                    raise
        raise errors.Conflict(ctx.served.resource, ctx.served.group, ctx.name)

    def _decode_dict(self, ctx: _Ctx, data: Any, warnings: list[str]) -> Any:
        info = resource_info(ctx.served.resource)
        return decode_object(info, data, ctx.query.get("fieldValidation", ""), warnings)

    def _delete(self, ctx: _Ctx, body: bytes) -> Response:
        from k8slearn.cluster.propagation import delete_with_policy

        opts = parse_json(body) if body.strip() else {}
        if not isinstance(opts, dict):
            raise BadRequest("the body of a DELETE must be a DeleteOptions object")
        policy = ctx.query.get("propagationPolicy") or opts.get("propagationPolicy") or ""
        grace = ctx.query.get("gracePeriodSeconds", opts.get("gracePeriodSeconds"))
        uid = ((opts.get("preconditions") or {}).get("uid"))
        dry = self._dry_run(ctx) or "All" in (opts.get("dryRun") or [])
        obj = delete_with_policy(self.server, ctx.served.resource, ctx.ns, ctx.name, policy,
                                 None if grace is None else float(grace), uid, dry)
        if ctx.served.resource == "pods" or obj.metadata.deletion_timestamp is not None:
            return self._out(ctx, obj)
        info = resource_info(ctx.served.resource)
        return Response(200, success(ctx.name, info.group, ctx.served.resource,
                                     obj.metadata.uid))

    # ------------------------------------------------------------------ metrics.k8s.io
    def _metrics(self, served: Any, ns: str | None, name: str | None, q: dict) -> Response:
        if self.metrics is None:
            return _fail(503, "the metrics API is not available", "ServiceUnavailable")
        code, body = self.metrics.answer(served, ns, name, q.get("labelSelector") or None)
        return Response(code, body if code == 200 else status(code, body))


@dataclass
class _Ctx:
    served: Any
    ns: str | None
    name: str | None
    sub: str | None
    query: dict
    headers: dict


def _scale_json(scale: Any) -> dict:
    from k8slearn.api.serialization import encode

    return {"kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": encode(scale.metadata),
            "spec": {"replicas": scale.spec.replicas},
            "status": {"replicas": scale.status.replicas, "selector": scale.status.selector}}

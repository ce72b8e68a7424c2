"""A minimal OpenAPI v3 document generated from k8slearn.api's own types.

``/openapi/v3`` lists one document per group version
(``{"paths": {"apis/apps/v1": {"serverRelativeURL": ...}}}``); each document
has the schemas of that group version's kinds and everything they reference,
named as upstream names them (``io.k8s.api.apps.v1.Deployment``,
``io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta``), with the class and field
docs of ``k8slearn.api`` as descriptions.  kubectl uses it for three things:

* ``kubectl explain`` walks the schemas (``x-kubernetes-group-version-kind``
  marks the kinds);
* server-side field validation: kubectl sends ``fieldValidation=Strict`` only
  if the kind's PATCH operation lists the ``fieldValidation`` query parameter
  (``queryParamVerifierV3``), so every resource gets a path with one;
* client-side apply computes strategic merge patches from the
  ``x-kubernetes-patch-merge-key``/``-strategy`` extensions of list fields.

Raw fields the course does not type (``strategy``, probes ...) are objects with
``x-kubernetes-preserve-unknown-fields``.

Upstream: kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/server/routes/openapi.go @ v1.36.0
Upstream: kubernetes/cli-runtime pkg/resource/query_param_verifier_v3.go @ v0.36.3
"""

from __future__ import annotations

import ast
import functools
import hashlib
import inspect
import json
import sys
from typing import Any

from k8slearn.api.serialization import _specs
from k8slearn.cluster.discovery import SERVED, Served
from k8slearn.cluster.patch import MERGE_KEYS, MERGE_PRIMITIVES

__all__ = ["schema_name", "group_version_doc", "index", "doc_bytes"]

_PKG = {"core": "io.k8s.api.core.v1", "apps": "io.k8s.api.apps.v1",
        "autoscaling": "io.k8s.api.autoscaling.v2",
        "meta": "io.k8s.apimachinery.pkg.apis.meta.v1",
        "metrics": "io.k8s.metrics.pkg.apis.metrics.v1beta1"}
_QTY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
_TIME = "io.k8s.apimachinery.pkg.apis.meta.v1.Time"


def schema_name(cls: type) -> str:
    mod = cls.__module__.rsplit(".", 1)[-1]
    return f"{_PKG.get(mod, 'io.k8slearn.' + mod)}.{cls.__name__}"


@functools.cache
def _field_docs(cls: type) -> dict[str, str]:
    """Field docs: the string literal after a field, or ``#:`` comments above it."""
    try:
        source = inspect.getsource(sys.modules[cls.__module__])
    except (OSError, TypeError, KeyError):
        return {}
    lines = source.splitlines()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            break
    else:
        return {}
    docs: dict[str, str] = {}
    body = node.body
    for i, stmt in enumerate(body):
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            name = stmt.target.id
            nxt = body[i + 1] if i + 1 < len(body) else None
            if isinstance(nxt, ast.Expr) and isinstance(getattr(nxt, "value", None),
                                                        ast.Constant) \
                    and isinstance(nxt.value.value, str):
                docs[name] = inspect.cleandoc(nxt.value.value)
                continue
            comments = []
            j = stmt.lineno - 2
            while j >= 0 and lines[j].strip().startswith("#:"):
                comments.insert(0, lines[j].strip()[2:].strip())
                j -= 1
            if comments:
                docs[name] = " ".join(comments)
    return docs


def _prop(codec: tuple, json_name: str, refs: dict[str, type]) -> dict:
    kind = codec[0]
    if kind == "str":
        return {"type": "string"}
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "int":
        return {"type": "integer", "format": "int64" if codec[1] == "int64" else "int32"}
    if kind == "float":
        return {"type": "number", "format": "double"}
    if kind == "dur":
        return {"type": "string"}
    if kind == "qty":
        return {"allOf": [{"$ref": f"#/components/schemas/{_QTY}"}]}
    if kind == "time":
        return {"allOf": [{"$ref": f"#/components/schemas/{_TIME}"}]}
    if kind == "list":
        out = {"type": "array", "items": _prop(codec[2], "", refs)}
        if json_name in MERGE_KEYS:
            out["x-kubernetes-patch-merge-key"] = MERGE_KEYS[json_name]
            out["x-kubernetes-patch-strategy"] = "merge"
            out["x-kubernetes-list-type"] = "map"
            out["x-kubernetes-list-map-keys"] = [MERGE_KEYS[json_name]]
        elif json_name in MERGE_PRIMITIVES:
            out["x-kubernetes-patch-strategy"] = "merge"
            out["x-kubernetes-list-type"] = "set"
        else:
            out["x-kubernetes-list-type"] = "atomic"
        return out
    if kind == "map":
        return {"type": "object", "additionalProperties": _prop(codec[2], "", refs)}
    if kind == "obj":
        cls = codec[1]
        refs[schema_name(cls)] = cls
        return {"allOf": [{"$ref": f"#/components/schemas/{schema_name(cls)}"}]}
    return {"type": "object", "x-kubernetes-preserve-unknown-fields": True}


def _schema(cls: type, refs: dict[str, type]) -> dict:
    doc = inspect.getdoc(cls) or ""
    docs = _field_docs(cls)
    props: dict[str, Any] = {}
    for spec in _specs(cls):
        p = _prop(spec.codec, spec.json, refs)
        desc = docs.get(spec.attr) or (
            "APIVersion defines the versioned schema of this representation of an object."
            if spec.json == "apiVersion" else
            "Kind is a string value representing the REST resource this object represents."
            if spec.json == "kind" else "")
        if not desc:  # no field doc: the referenced type's summary line, if any
            inner = spec.codec[2] if spec.codec[0] in ("list", "map") else spec.codec
            if inner[0] == "obj":
                desc = (inspect.getdoc(inner[1]) or "").split("\n", 1)[0]
        if desc:
            p["description"] = desc
        props[spec.json] = p
    return {"description": doc, "type": "object", "properties": props}


def _kind_schemas(served: list[Served]) -> dict[str, dict]:
    from k8slearn.apiserver.registry import RESOURCES
    from k8slearn.cluster.codec import typed_class

    schemas: dict[str, dict] = {}
    refs: dict[str, type] = {}
    for s in served:
        info = RESOURCES.get(s.resource)
        cls = typed_class(info) if info is not None and s.group != "metrics.k8s.io" else None
        gvk = [{"group": s.group, "version": s.version, "kind": s.kind}]
        if cls is not None:
            sch = _schema(cls, refs)
            name = schema_name(cls)
            if s.version == "v1" and s.group == "autoscaling":
                name = "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler"
                sch = {"description": sch["description"], "type": "object",
                       "x-kubernetes-preserve-unknown-fields": True}
        else:
            pkg = ("io.k8s.metrics.pkg.apis.metrics.v1beta1" if s.group == "metrics.k8s.io"
                   else "io.k8s.api.core.v1")
            name = f"{pkg}.{s.kind}"
            from k8slearn.api.meta import ObjectMeta

            refs[schema_name(ObjectMeta)] = ObjectMeta
            sch = {"description": f"{s.kind} (served untyped by the course cluster).",
                   "type": "object", "x-kubernetes-preserve-unknown-fields": True,
                   "properties": {
                       "apiVersion": {"type": "string"}, "kind": {"type": "string"},
                       "metadata": {"allOf": [{"$ref": "#/components/schemas/"
                                               + schema_name(ObjectMeta)}]}}}
        sch["x-kubernetes-group-version-kind"] = gvk
        schemas[name] = sch
    while refs:
        name, cls = refs.popitem()
        if name not in schemas:
            schemas[name] = _schema(cls, refs)
    _add_deployment_strategy(schemas)
    schemas[_QTY] = {"description": "Quantity is a fixed-point representation of a number "
                                    "(for example 500m, 1Gi).", "type": "string"}
    schemas[_TIME] = {"description": "Time is an RFC 3339 date and time.", "type": "string",
                      "format": "date-time"}
    return schemas


_IOS = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
_STRATEGY = "io.k8s.api.apps.v1.DeploymentStrategy"
_ROLLING = "io.k8s.api.apps.v1.RollingUpdateDeployment"


def _add_deployment_strategy(schemas: dict[str, dict]) -> None:
    """Type ``spec.strategy`` of Deployments (a raw dict in k8slearn.api), so that
    ``kubectl explain deployment.spec.strategy.rollingUpdate.maxSurge`` works, with
    upstream's ``retainKeys`` patch strategy for ``kubectl apply``."""
    spec = schemas.get("io.k8s.api.apps.v1.DeploymentSpec")
    if spec is None:
        return
    old = spec["properties"].get("strategy", {})
    spec["properties"]["strategy"] = {
        "allOf": [{"$ref": f"#/components/schemas/{_STRATEGY}"}], "default": {},
        "description": old.get("description") or "How old pods are replaced by new ones.",
        "x-kubernetes-patch-strategy": "retainKeys"}

    def ios(text: str) -> dict:
        return {"allOf": [{"$ref": f"#/components/schemas/{_IOS}"}], "description": text}

    schemas[_STRATEGY] = {
        "description": "How a Deployment replaces its pods when the template changes.",
        "type": "object", "properties": {
            "type": {"type": "string", "enum": ["Recreate", "RollingUpdate"],
                     "description": "Recreate: stop every old pod, then start the new ones. "
                                    "RollingUpdate (the default): replace them step by step "
                                    "within maxSurge and maxUnavailable."},
            "rollingUpdate": {"allOf": [{"$ref": f"#/components/schemas/{_ROLLING}"}],
                              "description": "The bounds of a rolling update; only with "
                                             "type RollingUpdate."}}}
    schemas[_ROLLING] = {
        "description": "The bounds of a rolling update.", "type": "object", "properties": {
            "maxSurge": ios("How many pods above the desired replicas may exist during the "
                            "update: a number or a percentage of the desired replicas, "
                            "rounded up. Default 25%. Not 0 together with maxUnavailable."),
            "maxUnavailable": ios("How many of the desired replicas may be unavailable "
                                  "during the update: a number or a percentage of the desired "
                                  "replicas, rounded down. Default 25%. Not 0 together with "
                                  "maxSurge.")}}
    schemas[_IOS] = {"description": "A value that is either a whole number or a string such "
                                    "as a percentage (\"25%\").",
                     "type": "string", "format": "int-or-string"}


def _params(*names: str) -> list[dict]:
    return [{"name": n, "in": "query", "schema": {"type": "string"}, "uniqueItems": True}
            for n in names]


def _paths(served: list[Served]) -> dict:
    paths: dict[str, Any] = {}
    for s in served:
        base = f"/apis/{s.group}/{s.version}" if s.group else f"/api/{s.version}"
        coll = f"{base}/namespaces/{{namespace}}/{s.resource}" if s.namespaced \
            else f"{base}/{s.resource}"
        ext = {"x-kubernetes-group-version-kind": {"group": s.group, "version": s.version,
                                                    "kind": s.kind}}
        writes = "create" in s.verbs
        paths[coll] = {"get": {"operationId": f"list{s.kind}", **ext,
                               "parameters": _params("labelSelector", "fieldSelector",
                                                     "watch", "resourceVersion")}}
        item = {"get": {"operationId": f"read{s.kind}", **ext}}
        if writes:
            wp = _params("dryRun", "fieldManager", "fieldValidation")
            paths[coll]["post"] = {"operationId": f"create{s.kind}", **ext, "parameters": wp}
            item["put"] = {"operationId": f"replace{s.kind}", **ext, "parameters": wp}
            item["patch"] = {"operationId": f"patch{s.kind}", **ext,
                             "parameters": wp + _params("force")}
            item["delete"] = {"operationId": f"delete{s.kind}", **ext,
                              "parameters": _params("dryRun", "propagationPolicy",
                                                    "gracePeriodSeconds")}
        paths[coll + "/{name}"] = item
    return paths


@functools.cache
def doc_bytes(group_version: str) -> bytes | None:
    """The OpenAPI v3 document of ``api/v1`` or ``apis/<group>/<version>`` (cached)."""
    served = [s for s in SERVED if ("api/" + s.group_version if not s.group
                                    else "apis/" + s.group_version) == group_version]
    if not served:
        return None
    doc = {"openapi": "3.0.0", "info": {"title": "Kubernetes (k8slearn)", "version": "v1.36.0"},
           "paths": _paths(served), "components": {"schemas": _kind_schemas(served)}}
    return json.dumps(doc, sort_keys=True).encode()


def group_version_doc(group_version: str) -> dict | None:
    data = doc_bytes(group_version)
    return None if data is None else json.loads(data)


def index() -> dict:
    """``/openapi/v3``: each group version's document with a content hash."""
    gvs = sorted({("api/" if not s.group else "apis/") + s.group_version for s in SERVED})
    paths = {}
    for gv in gvs:
        h = hashlib.sha512(doc_bytes(gv) or b"").hexdigest()[:128].upper()
        paths[gv] = {"serverRelativeURL": f"/openapi/v3/{gv}?hash={h}"}
    return {"paths": paths}

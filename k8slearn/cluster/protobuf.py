"""Decode the Kubernetes protobuf request bodies kubectl sends, into JSON-shaped dicts.

client-go's typed clients prefer protobuf (``UseProtobufAsDefault``): ``kubectl
create deployment`` and ``kubectl autoscale`` POST
``application/vnd.kubernetes.protobuf`` bodies, and client-go falls back to JSON
only for CBOR, not for protobuf, so the server must read them.  The wire format:

* the 4-byte magic ``k8s\\x00``, then a ``runtime.Unknown`` message:
  ``typeMeta`` (1: apiVersion 1, kind 2), ``raw`` (2: the object's own message),
  ``contentEncoding`` (3), ``contentType`` (4);
* ``raw`` is the kind's message from ``generated.proto`` (field numbers below,
  copied by hand for the kinds and fields those commands send).  Unknown field
  numbers are skipped, as proto3 parsers do.

Maps are repeated ``{key = 1, value = 2}`` entries; ``Quantity`` is
``{string = 1}``; ``IntOrString`` is ``{type = 1, intVal = 2, strVal = 3}``;
``Time`` is ``{seconds = 1, nanos = 2}``.

Upstream: kubernetes/apimachinery pkg/runtime/serializer/protobuf/protobuf.go @ v0.36.3
Upstream: kubernetes/api apps/v1/generated.proto @ v0.36.3
Upstream: kubernetes/api autoscaling/v2/generated.proto @ v0.36.3
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAGIC", "ProtobufError", "decode_envelope", "decode_message", "MESSAGES"]

MAGIC = b"k8s\x00"


class ProtobufError(ValueError):
    """A body that is not a well-formed Kubernetes protobuf message."""


# message -> {field number: (json name, type, repeated)}; type is a scalar name,
# "map:<value type>" or another message name.
_S, _I, _B = "string", "int", "bool"
MESSAGES: dict[str, dict[int, tuple[str, str, bool]]] = {
    "Unknown": {1: ("typeMeta", "TypeMeta", False), 2: ("raw", "bytes", False),
                3: ("contentEncoding", _S, False), 4: ("contentType", _S, False)},
    "TypeMeta": {1: ("apiVersion", _S, False), 2: ("kind", _S, False)},
    "ObjectMeta": {1: ("name", _S, False), 2: ("generateName", _S, False),
                   3: ("namespace", _S, False), 5: ("uid", _S, False),
                   6: ("resourceVersion", _S, False), 7: ("generation", _I, False),
                   8: ("creationTimestamp", "Time", False),
                   10: ("deletionGracePeriodSeconds", _I, False),
                   11: ("labels", "map:string", False), 12: ("annotations", "map:string", False),
                   13: ("ownerReferences", "OwnerReference", True),
                   14: ("finalizers", _S, True)},
    "OwnerReference": {5: ("apiVersion", _S, False), 1: ("kind", _S, False),
                       3: ("name", _S, False), 4: ("uid", _S, False),
                       6: ("controller", _B, False), 7: ("blockOwnerDeletion", _B, False)},
    "Time": {1: ("seconds", _I, False), 2: ("nanos", _I, False)},
    "LabelSelector": {1: ("matchLabels", "map:string", False),
                      2: ("matchExpressions", "LabelSelectorRequirement", True)},
    "LabelSelectorRequirement": {1: ("key", _S, False), 2: ("operator", _S, False),
                                 3: ("values", _S, True)},
    "IntOrString": {1: ("type", _I, False), 2: ("intVal", _I, False), 3: ("strVal", _S, False)},
    "Quantity": {1: ("string", _S, False)},
    # apps/v1
    "Deployment": {1: ("metadata", "ObjectMeta", False), 2: ("spec", "DeploymentSpec", False)},
    "DeploymentSpec": {1: ("replicas", _I, False), 2: ("selector", "LabelSelector", False),
                       3: ("template", "PodTemplateSpec", False),
                       4: ("strategy", "DeploymentStrategy", False),
                       5: ("minReadySeconds", _I, False), 6: ("revisionHistoryLimit", _I, False),
                       7: ("paused", _B, False), 9: ("progressDeadlineSeconds", _I, False)},
    "DeploymentStrategy": {1: ("type", _S, False),
                           2: ("rollingUpdate", "RollingUpdateDeployment", False)},
    "RollingUpdateDeployment": {1: ("maxUnavailable", "IntOrString", False),
                                2: ("maxSurge", "IntOrString", False)},
    # core/v1
    "PodTemplateSpec": {1: ("metadata", "ObjectMeta", False), 2: ("spec", "PodSpec", False)},
    "PodSpec": {2: ("containers", "Container", True), 20: ("initContainers", "Container", True),
                3: ("restartPolicy", _S, False), 4: ("terminationGracePeriodSeconds", _I, False),
                6: ("dnsPolicy", _S, False), 7: ("nodeSelector", "map:string", False),
                8: ("serviceAccountName", _S, False), 10: ("nodeName", _S, False),
                19: ("schedulerName", _S, False)},
    "Container": {1: ("name", _S, False), 2: ("image", _S, False), 3: ("command", _S, True),
                  4: ("args", _S, True), 5: ("workingDir", _S, False),
                  6: ("ports", "ContainerPort", True), 7: ("env", "EnvVar", True),
                  8: ("resources", "ResourceRequirements", False),
                  13: ("terminationMessagePath", _S, False),
                  20: ("terminationMessagePolicy", _S, False),
                  14: ("imagePullPolicy", _S, False)},
    "ContainerPort": {1: ("name", _S, False), 2: ("hostPort", _I, False),
                      3: ("containerPort", _I, False), 4: ("protocol", _S, False),
                      5: ("hostIP", _S, False)},
    "EnvVar": {1: ("name", _S, False), 2: ("value", _S, False)},
    "ResourceRequirements": {1: ("limits", "map:Quantity", False),
                             2: ("requests", "map:Quantity", False)},
    "Namespace": {1: ("metadata", "ObjectMeta", False), 2: ("spec", "NamespaceSpec", False)},
    "NamespaceSpec": {1: ("finalizers", _S, True)},
    "ConfigMap": {1: ("metadata", "ObjectMeta", False), 4: ("immutable", _B, False),
                  2: ("data", "map:string", False)},
    # autoscaling/v2
    "HorizontalPodAutoscaler": {1: ("metadata", "ObjectMeta", False),
                                2: ("spec", "HorizontalPodAutoscalerSpec", False)},
    "HorizontalPodAutoscalerSpec": {1: ("scaleTargetRef", "CrossVersionObjectReference", False),
                                    2: ("minReplicas", _I, False), 3: ("maxReplicas", _I, False),
                                    4: ("metrics", "MetricSpec", True)},
    "CrossVersionObjectReference": {1: ("kind", _S, False), 2: ("name", _S, False),
                                    3: ("apiVersion", _S, False)},
    "MetricSpec": {1: ("type", _S, False), 4: ("resource", "ResourceMetricSource", False),
                   7: ("containerResource", "ContainerResourceMetricSource", False)},
    "ResourceMetricSource": {1: ("name", _S, False), 2: ("target", "MetricTarget", False)},
    "ContainerResourceMetricSource": {1: ("name", _S, False), 2: ("target", "MetricTarget", False),
                                      3: ("container", _S, False)},
    "MetricTarget": {1: ("type", _S, False), 2: ("value", "Quantity", False),
                     3: ("averageValue", "Quantity", False),
                     4: ("averageUtilization", _I, False)},
}

#: (apiVersion, kind) -> top-level message
TOP_LEVEL = {("apps/v1", "Deployment"): "Deployment", ("v1", "Namespace"): "Namespace",
             ("v1", "ConfigMap"): "ConfigMap",
             ("autoscaling/v2", "HorizontalPodAutoscaler"): "HorizontalPodAutoscaler"}


def _varint(buf: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        if i >= len(buf):
            raise ProtobufError("truncated varint")
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7
        if shift > 63:
            raise ProtobufError("varint too long")


def _fields(buf: bytes):
    """Yield ``(field number, wire type, value)``; value is an int or bytes."""
    i = 0
    while i < len(buf):
        tag, i = _varint(buf, i)
        num, wire = tag >> 3, tag & 7
        if wire == 0:
            val, i = _varint(buf, i)
        elif wire == 2:
            n, i = _varint(buf, i)
            if i + n > len(buf):
                raise ProtobufError("truncated length-delimited field")
            val, i = buf[i:i + n], i + n
        elif wire == 1:
            val, i = int.from_bytes(buf[i:i + 8], "little"), i + 8
        elif wire == 5:
            val, i = int.from_bytes(buf[i:i + 4], "little"), i + 4
        else:
            raise ProtobufError(f"unsupported wire type {wire}")
        yield num, wire, val


def _scalar(typ: str, val: Any) -> Any:
    if typ == _S:
        if not isinstance(val, bytes):
            raise ProtobufError("expected a length-delimited string")
        return val.decode("utf-8")
    if typ == "bytes":
        return val
    if not isinstance(val, int):
        raise ProtobufError("expected a varint")
    if typ == _B:
        return bool(val)
    return val - (1 << 64) if val >= 1 << 63 else val  # two's complement int64/int32


def _special(msg: str, out: dict) -> Any:
    if msg == "Quantity":
        return out.get("string", "0")
    if msg == "IntOrString":
        return out.get("strVal", "") if out.get("type") == 1 else out.get("intVal", 0)
    if msg == "Time":
        import datetime

        if not out.get("seconds") and not out.get("nanos"):
            return None  # the zero metav1.Time is null in JSON

        t = datetime.datetime.fromtimestamp(out.get("seconds", 0), datetime.timezone.utc)
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def decode_message(msg: str, buf: bytes) -> Any:
    """Decode ``buf`` as message ``msg`` into its JSON form."""
    spec = MESSAGES[msg]
    out: dict[str, Any] = {}
    for num, _wire, val in _fields(buf):
        f = spec.get(num)
        if f is None:
            continue
        name, typ, repeated = f
        if typ.startswith("map:"):
            entry = {}
            for k, _w, v in _fields(val):
                entry[k] = v
            key = _scalar(_S, entry.get(1, b""))
            vtype = typ[4:]
            raw = entry.get(2, b"")
            out.setdefault(name, {})[key] = (decode_message(vtype, raw) if vtype in MESSAGES
                                             else _scalar(vtype, raw))
            continue
        if typ in MESSAGES:
            if not isinstance(val, bytes):
                raise ProtobufError(f"{msg}.{name}: expected an embedded message")
            value = decode_message(typ, val)
        else:
            value = _scalar(typ, val)
        if value is None:
            continue
        if repeated:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return _special(msg, out)


def decode_envelope(body: bytes) -> dict:
    """Decode a ``k8s\\x00`` + ``runtime.Unknown`` body into the object's JSON dict."""
    if not body.startswith(MAGIC):
        raise ProtobufError("the body does not start with the protobuf magic 'k8s\\x00'")
    unknown = decode_message("Unknown", body[len(MAGIC):])
    tm = unknown.get("typeMeta", {})
    api_version, kind = tm.get("apiVersion", ""), tm.get("kind", "")
    top = TOP_LEVEL.get((api_version, kind))
    if top is None:
        raise ProtobufError(f"protobuf bodies of kind {kind!r} in {api_version!r} are not "
                            "supported by the course server; send JSON")
    obj = decode_message(top, unknown.get("raw", b""))
    return {"apiVersion": api_version, "kind": kind, **obj}

"""Server-side printing: ``meta.k8s.io/v1`` Tables with the upstream columns.

kubectl asks ``Accept: application/json;as=Table;v=v1;g=meta.k8s.io`` and prints
whatever columns the server defines (``priority: 1`` columns only with ``-o
wide``).  Each row carries the object as ``PartialObjectMetadata`` (the
default ``includeObject=Metadata``), which kubectl uses for ``--show-labels``
and ``-L``.

Columns per kind (``NAME READY STATUS RESTARTS AGE`` for pods, ...) and the
cell rules (pod STATUS from the phase, the container reasons and a deletion
timestamp; HPA TARGETS as ``cpu: 80%/50%``; AGE via ``HumanDuration``) follow
the internal-version printers.

Upstream: kubernetes/kubernetes pkg/printers/internalversion/printers.go @ v1.36.0
Upstream: kubernetes/apimachinery pkg/util/duration/duration.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from k8slearn.api.duration import human_duration

__all__ = ["human_duration", "table_for", "COLUMNS", "wants_table", "format_table", "TABLE_ACCEPT"]

#: the Accept header kubectl get sends
TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"

_S, _I = "string", "integer"


def _col(name: str, typ: str = _S, priority: int = 0, fmt: str = "", desc: str = "") -> dict:
    return {"name": name, "type": typ, "format": fmt, "description": desc or name,
            "priority": priority}


_NAME = _col("Name", fmt="name", desc="Name must be unique within a namespace.")
_AGE = _col("Age", desc="CreationTimestamp is a timestamp representing the server time when "
                        "this object was created.")

COLUMNS: dict[str, list[dict]] = {
    "pods": [_NAME, _col("Ready", desc="The aggregate readiness state of this pod for "
                                       "accepting traffic."),
             _col("Status", desc="The aggregate status of the containers in this pod."),
             _col("Restarts", desc="The number of times the containers in this pod have been "
                                   "restarted and when the last container in this pod has "
                                   "restarted."),
             _AGE, _col("IP", priority=1), _col("Node", priority=1),
             _col("Nominated Node", priority=1), _col("Readiness Gates", priority=1)],
    "deployments": [_NAME, _col("Ready"), _col("Up-to-date", _I), _col("Available", _I), _AGE,
                    _col("Containers", priority=1), _col("Images", priority=1),
                    _col("Selector", priority=1)],
    "replicasets": [_NAME, _col("Desired", _I), _col("Current", _I), _col("Ready", _I), _AGE,
                    _col("Containers", priority=1), _col("Images", priority=1),
                    _col("Selector", priority=1)],
    "statefulsets": [_NAME, _col("Ready"), _AGE, _col("Containers", priority=1),
                     _col("Images", priority=1)],
    "horizontalpodautoscalers": [_NAME, _col("Reference"), _col("Targets"),
                                 _col("MinPods"), _col("MaxPods", _I), _col("Replicas", _I),
                                 _AGE],
    "nodes": [_NAME, _col("Status"), _col("Roles"), _AGE, _col("Version"),
              _col("Internal-IP", priority=1), _col("External-IP", priority=1),
              _col("OS-Image", priority=1), _col("Kernel-Version", priority=1),
              _col("Container-Runtime", priority=1)],
    "namespaces": [_NAME, _col("Status"), _AGE],
    "configmaps": [_NAME, _col("Data", _I), _AGE],
    "events": [_col("Last Seen"), _col("Type"), _col("Reason"), _col("Object"),
               _col("Subobject", priority=1), _col("Source", priority=1), _col("Message"),
               _col("First Seen", priority=1), _col("Count", priority=1),
               _col("Name", priority=1)],
}


def wants_table(accept: str) -> bool:
    return "as=Table" in (accept or "")




def _age(obj: Any, now: float) -> str:
    ts = obj.metadata.creation_timestamp
    return "<unknown>" if ts is None else human_duration(now - ts)


def _containers(spec: Any) -> tuple[str, str]:
    cs = spec.template.spec.containers
    return ",".join(c.name for c in cs), ",".join(c.image or "" for c in cs)


def _selector(spec: Any) -> str:
    from k8slearn.apiserver.scale import format_label_selector

    s = format_label_selector(spec.selector)
    return "" if s == "<none>" else s


def _pod_row(pod: Any, now: float) -> list:
    total = len(pod.spec.containers)
    ready = restarts = 0
    reason = pod.status.reason or pod.status.phase or "Pending"
    for cs in pod.status.container_statuses:
        restarts += cs.restart_count
        if cs.state.waiting is not None and cs.state.waiting.reason:
            reason = cs.state.waiting.reason
        elif cs.state.terminated is not None:
            reason = cs.state.terminated.reason or f"ExitCode:{cs.state.terminated.exit_code}"
        elif cs.ready and cs.state.running is not None:
            ready += 1
    if reason == "Completed" and any(c.ready for c in pod.status.container_statuses):
        reason = "Running"
    if pod.metadata.deletion_timestamp is not None:
        reason = "Unknown" if pod.status.reason == "NodeLost" else "Terminating"
    return [pod.metadata.name, f"{ready}/{total}", reason, restarts, _age(pod, now),
            pod.status.pod_ip or "<none>", pod.spec.node_name or "<none>",
            pod.status.nominated_node_name or "<none>", "<none>"]


def _deployment_row(d: Any, now: float) -> list:
    c, i = _containers(d.spec)
    return [d.metadata.name, f"{d.status.ready_replicas}/{d.spec.replicas or 0}",
            d.status.updated_replicas, d.status.available_replicas, _age(d, now), c, i,
            _selector(d.spec)]


def _rs_row(rs: Any, now: float) -> list:
    c, i = _containers(rs.spec)
    return [rs.metadata.name, rs.spec.replicas or 0, rs.status.replicas,
            rs.status.ready_replicas, _age(rs, now), c, i, _selector(rs.spec)]


def _sts_row(s: Any, now: float) -> list:
    c, i = _containers(s.spec)
    return [s.metadata.name, f"{s.status.ready_replicas}/{s.spec.replicas or 0}",
            _age(s, now), c, i]


def hpa_targets(hpa: Any) -> str:
    """``formatHPAMetrics``: ``cpu: 80%/50%``, ``<unknown>`` before the first metrics."""
    specs = hpa.spec.metrics or []
    if not specs:
        return "<none>"
    statuses = hpa.status.current_metrics or []
    out = []
    for i, m in enumerate(specs[:2]):
        st = statuses[i] if i < len(statuses) else None
        src = m.resource if m.type == "Resource" else m.container_resource \
            if m.type == "ContainerResource" else None
        if src is None:
            out.append(f"<unknown>/{m.type}")
            continue
        cur_src = (st.resource if m.type == "Resource" else st.container_resource) \
            if st is not None else None
        t = src.target
        if t.type == "Utilization" and t.average_utilization is not None:
            cur = "<unknown>"
            if cur_src is not None and cur_src.current.average_utilization is not None:
                cur = f"{cur_src.current.average_utilization}%"
            out.append(f"{src.name}: {cur}/{t.average_utilization}%")
        else:
            cur = "<unknown>"
            if cur_src is not None and cur_src.current.average_value is not None:
                cur = str(cur_src.current.average_value)
            out.append(f"{src.name}: {cur}/{t.average_value}")
    text = ", ".join(out)
    if len(specs) > 2:
        text += f" + {len(specs) - 2} more..."
    return text


def _hpa_row(h: Any, now: float) -> list:
    ref = h.spec.scale_target_ref
    return [h.metadata.name, f"{ref.kind}/{ref.name}", hpa_targets(h),
            str(h.spec.min_replicas) if h.spec.min_replicas is not None else "<unset>",
            h.spec.max_replicas, h.status.current_replicas, _age(h, now)]


def _node_row(n: Any, now: float) -> list:
    st = n.content.get("status", {})
    ready = next((c for c in st.get("conditions", []) if c.get("type") == "Ready"), None)
    status = "Ready" if ready and ready.get("status") == "True" else "NotReady"
    if n.content.get("spec", {}).get("unschedulable"):
        status += ",SchedulingDisabled"
    info = st.get("nodeInfo", {})
    ips = {a.get("type"): a.get("address") for a in st.get("addresses", [])}
    return [n.metadata.name, status, "<none>", _age(n, now), info.get("kubeletVersion", ""),
            ips.get("InternalIP", "<none>"), ips.get("ExternalIP", "<none>"),
            info.get("osImage", "<unknown>"), info.get("kernelVersion", "<unknown>"),
            info.get("containerRuntimeVersion", "<unknown>")]


def _ns_row(ns: Any, now: float) -> list:
    return [ns.metadata.name, ns.content.get("status", {}).get("phase", "Active"), _age(ns, now)]


def _cm_row(cm: Any, now: float) -> list:
    return [cm.metadata.name, len(cm.content.get("data", {}) or {}) +
            len(cm.content.get("binaryData", {}) or {}), _age(cm, now)]


def _event_row(e: Any, now: float) -> list:
    from k8slearn.api.times import parse_time

    c = e.content
    last = c.get("lastTimestamp") or c.get("eventTime")
    first = c.get("firstTimestamp") or last
    ago = human_duration(now - parse_time(last)) if last else "<unknown>"
    first_ago = human_duration(now - parse_time(first)) if first else "<unknown>"
    io = c.get("involvedObject", {})
    obj = f"{io.get('kind', '').lower()}/{io.get('name', '')}"
    src = c.get("source", {}).get("component", "") or c.get("reportingComponent", "")
    return [ago, c.get("type", ""), c.get("reason", ""), obj, io.get("fieldPath", ""), src,
            c.get("message", ""), first_ago, c.get("count", 1), e.metadata.name]


_ROWS: dict[str, Callable[[Any, float], list]] = {
    "pods": _pod_row, "deployments": _deployment_row, "replicasets": _rs_row,
    "statefulsets": _sts_row, "horizontalpodautoscalers": _hpa_row, "nodes": _node_row,
    "namespaces": _ns_row, "configmaps": _cm_row, "events": _event_row,
}


def _partial(obj: Any) -> dict:
    from k8slearn.api.serialization import encode

    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
            "metadata": encode(obj.metadata)}


def table_for(resource: str, objs: list[Any], now: float, resource_version: str = "",
              include_object: str = "Metadata") -> dict:
    """The ``Table`` for ``objs`` of ``resource``."""
    cols = COLUMNS[resource]
    row_of = _ROWS[resource]
    rows = []
    for o in objs:
        row: dict[str, Any] = {"cells": row_of(o, now)}
        if include_object == "Object":
            row["object"] = o.to_dict()
        elif include_object != "None":
            row["object"] = _partial(o)
        rows.append(row)
    return {"kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "metadata": {"resourceVersion": resource_version},
            "columnDefinitions": cols, "rows": rows}


def format_table(table: dict, wide: bool = False) -> str:
    """Print a Table as kubectl does: upper-case headers, columns padded by 3 spaces."""
    cols = [i for i, c in enumerate(table["columnDefinitions"]) if wide or not c["priority"]]
    rows = [[table["columnDefinitions"][i]["name"].upper() for i in cols]]
    rows += [[str(r["cells"][i]) for i in cols] for r in table["rows"]]
    widths = [max(len(r[j]) for r in rows) for j in range(len(cols))]
    return "\n".join("   ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)

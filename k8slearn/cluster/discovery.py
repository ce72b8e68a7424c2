"""API discovery: ``/api``, ``/apis``, ``/apis/<group>/<version>`` and ``/version``.

The legacy documents: ``APIVersions``, ``APIGroupList`` and one
``APIResourceList`` per group version, with each resource's verbs, short names
(``po``, ``deploy``, ``hpa`` ...) and categories (``all`` is what ``kubectl get
all`` expands).  kubectl v1.36 first asks ``/api`` and ``/apis`` for aggregated
discovery (``Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList``):
one ``APIGroupDiscoveryList`` per path describes every group, version and
resource, subresources included.  A client that does not ask gets the legacy
form (and client-go falls back to it when the answer's content type is plain
JSON).

Upstream: kubernetes/apiserver pkg/endpoints/discovery/legacy.go @ v0.36.3
Upstream: kubernetes/client-go discovery/discovery_client.go @ v0.36.3
Upstream: kubernetes/client-go discovery/aggregated_discovery.go @ v0.36.3
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Served", "SERVED", "GROUPS", "api_versions", "api_group_list", "resource_list",
           "find", "VERSION", "aggregated", "wants_aggregated", "AGGREGATED"]

_RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
_RO = ["get", "list"]


@dataclass(frozen=True)
class Served:
    """One resource in one group version, as discovery lists it."""

    resource: str  # plural, the storage resource in k8slearn.apiserver
    group: str
    version: str
    kind: str
    namespaced: bool = True
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    verbs: tuple[str, ...] = tuple(_RW)
    subresources: tuple[str, ...] = ()

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version


SERVED: list[Served] = [
    Served("pods", "", "v1", "Pod", short_names=("po",), categories=("all",),
           subresources=("status", "binding")),
    Served("nodes", "", "v1", "Node", namespaced=False, short_names=("no",),
           subresources=("status",)),
    Served("namespaces", "", "v1", "Namespace", namespaced=False, short_names=("ns",)),
    Served("events", "", "v1", "Event", short_names=("ev",)),
    Served("configmaps", "", "v1", "ConfigMap", short_names=("cm",)),
    Served("deployments", "apps", "v1", "Deployment", short_names=("deploy",),
           categories=("all",), subresources=("status", "scale")),
    Served("replicasets", "apps", "v1", "ReplicaSet", short_names=("rs",), categories=("all",),
           subresources=("status", "scale")),
    Served("statefulsets", "apps", "v1", "StatefulSet", short_names=("sts",),
           categories=("all",), subresources=("status", "scale")),
    Served("horizontalpodautoscalers", "autoscaling", "v2", "HorizontalPodAutoscaler",
           short_names=("hpa",), categories=("all",), subresources=("status",)),
    Served("horizontalpodautoscalers", "autoscaling", "v1", "HorizontalPodAutoscaler",
           short_names=("hpa",), categories=("all",), subresources=("status",)),
    Served("pods", "metrics.k8s.io", "v1beta1", "PodMetrics", verbs=tuple(_RO)),
    Served("nodes", "metrics.k8s.io", "v1beta1", "NodeMetrics", namespaced=False,
           verbs=tuple(_RO)),
]

#: group -> versions, preferred first
GROUPS: dict[str, list[str]] = {"apps": ["v1"], "autoscaling": ["v2", "v1"],
                                "metrics.k8s.io": ["v1beta1"]}

VERSION = {"major": "1", "minor": "36", "emulationMajor": "1", "emulationMinor": "36",
           "minCompatibilityMajor": "1", "minCompatibilityMinor": "35",
           "gitVersion": "v1.36.0-k8slearn", "gitCommit": "", "gitTreeState": "clean",
           "buildDate": "2026-01-01T00:00:00Z", "goVersion": "python",
           "compiler": "k8slearn", "platform": "linux/amd64"}


def find(group: str, version: str, resource: str) -> Served | None:
    for s in SERVED:
        if (s.group, s.version, s.resource) == (group, version, resource):
            return s
    return None


def api_versions(address: str) -> dict:
    return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
        {"clientCIDR": "0.0.0.0/0", "serverAddress": address}]}


def _group(name: str) -> dict:
    versions = [{"groupVersion": f"{name}/{v}", "version": v} for v in GROUPS[name]]
    return {"name": name, "versions": versions, "preferredVersion": versions[0]}


def api_group_list() -> dict:
    return {"kind": "APIGroupList", "apiVersion": "v1",
            "groups": [_group(g) for g in GROUPS]}


def api_group(name: str) -> dict | None:
    return {"kind": "APIGroup", "apiVersion": "v1", **_group(name)} if name in GROUPS else None


def resource_list(group: str, version: str) -> dict | None:
    served = [s for s in SERVED if (s.group, s.version) == (group, version)]
    if not served:
        return None
    gv = f"{group}/{version}" if group else version
    out = []
    for s in served:
        entry = {"name": s.resource, "singularName": s.kind.lower(), "namespaced": s.namespaced,
                 "kind": s.kind, "verbs": list(s.verbs)}
        if s.short_names:
            entry["shortNames"] = list(s.short_names)
        if s.categories:
            entry["categories"] = list(s.categories)
        out.append(entry)
        for sub in s.subresources:
            if sub == "scale":
                out.append({"name": f"{s.resource}/scale", "singularName": "",
                            "namespaced": True, "group": "autoscaling", "version": "v1",
                            "kind": "Scale", "verbs": ["get", "patch", "update"]})
            elif sub == "binding":
                out.append({"name": "pods/binding", "singularName": "", "namespaced": True,
                            "kind": "Binding", "verbs": ["create"]})
            else:
                out.append({"name": f"{s.resource}/{sub}", "singularName": "",
                            "namespaced": s.namespaced, "kind": s.kind,
                            "verbs": ["get", "patch", "update"]})
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv,
            "resources": out}


#: the content type of an aggregated discovery answer (``discovery.AcceptV2``)
AGGREGATED = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"


def wants_aggregated(accept: str) -> bool:
    return "as=APIGroupDiscoveryList" in (accept or "") and "v=v2;" in (accept or "") + ";"


def _resource_discovery(s: Served) -> dict:
    out: dict = {"resource": s.resource,
                 "responseKind": {"group": s.group, "version": s.version, "kind": s.kind},
                 "scope": "Namespaced" if s.namespaced else "Cluster",
                 "singularResource": s.kind.lower(), "verbs": list(s.verbs)}
    if s.short_names:
        out["shortNames"] = list(s.short_names)
    if s.categories:
        out["categories"] = list(s.categories)
    subs = []
    for sub in s.subresources:
        if sub == "scale":
            kind = {"group": "autoscaling", "version": "v1", "kind": "Scale"}
            verbs = ["get", "patch", "update"]
        elif sub == "binding":
            kind, verbs = {"group": "", "version": "v1", "kind": "Binding"}, ["create"]
        else:
            kind = {"group": s.group, "version": s.version, "kind": s.kind}
            verbs = ["get", "patch", "update"]
        subs.append({"subresource": sub, "responseKind": kind, "verbs": verbs})
    if subs:
        out["subresources"] = subs
    return out


def aggregated(legacy_core: bool) -> dict:
    """``APIGroupDiscoveryList`` (apidiscovery.k8s.io/v2) for ``/api`` or ``/apis``.

    One request answers what the legacy form needs one request per group version
    for; kubectl v1.36 asks for it first.
    """
    groups = [""] if legacy_core else list(GROUPS)
    items = []
    for g in groups:
        versions = ["v1"] if g == "" else GROUPS[g]
        items.append({"metadata": {"name": g, "creationTimestamp": None}, "versions": [
            {"version": v, "freshness": "Current",
             "resources": [_resource_discovery(s) for s in SERVED
                           if (s.group, s.version) == (g, v)]}
            for v in versions]})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2",
            "metadata": {}, "items": items}

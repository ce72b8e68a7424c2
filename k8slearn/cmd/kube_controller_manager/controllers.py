"""Controller names, aliases and ``IsControllerEnabled`` for ``--controllers``.

The names are the canonical ones of the v1.36 controller descriptors (50, three
of them cloud stubs); the aliases are the short names every descriptor that
existed before the rename (v1.28) still accepts on the command line.

Version note: v1.32-era help text listed ``selinux-warning-controller`` among
the disabled-by-default controllers; the v1.35 reference docs list only
bootstrap-signer and token-cleaner, as modelled here.
``is_controller_enabled``: an explicit ``name`` or ``-name`` decides (first
match wins); otherwise ``*`` enables every controller not disabled by default.

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/names/controller_names.go @ v1.36.0
Upstream: kubernetes/controller-manager app/helper.go @ v0.36.0
"""

from __future__ import annotations

__all__ = ["KNOWN_CONTROLLERS", "DISABLED_BY_DEFAULT", "ALIASES", "is_controller_enabled",
           "controllers_help"]

#: Every controller descriptor kube-controller-manager v1.36 registers (``KnownControllers()``,
#: sorted as ``--help`` prints them).  The cloud ones (service-lb, node-route,
#: cloud-node-lifecycle) only log a warning since in-tree clouds went away (KEP-2395).
KNOWN_CONTROLLERS = sorted([
    "bootstrap-signer-controller", "certificatesigningrequest-approving-controller",
    "certificatesigningrequest-cleaner-controller", "certificatesigningrequest-signing-controller",
    "cloud-node-lifecycle-controller", "clusterrole-aggregation-controller", "cronjob-controller",
    "daemonset-controller", "deployment-controller", "device-taint-eviction-controller",
    "disruption-controller", "endpoints-controller", "endpointslice-controller",
    "endpointslice-mirroring-controller", "ephemeral-volume-controller",
    "garbage-collector-controller", "horizontal-pod-autoscaler-controller", "job-controller",
    "kube-apiserver-serving-clustertrustbundle-publisher-controller",
    "legacy-serviceaccount-token-cleaner-controller", "namespace-controller",
    "node-ipam-controller", "node-lifecycle-controller", "node-route-controller",
    "persistentvolume-attach-detach-controller", "persistentvolume-binder-controller",
    "persistentvolume-expander-controller", "persistentvolume-protection-controller",
    "persistentvolumeclaim-protection-controller", "pod-garbage-collector-controller",
    "podcertificaterequest-cleaner-controller", "replicaset-controller",
    "replicationcontroller-controller", "resourceclaim-controller", "resourcequota-controller",
    "root-ca-certificate-publisher-controller", "selinux-warning-controller",
    "service-cidr-controller", "service-lb-controller", "serviceaccount-controller",
    "serviceaccount-token-controller", "statefulset-controller",
    "storage-version-migrator-controller", "storageversion-garbage-collector-controller",
    "taint-eviction-controller", "token-cleaner-controller", "ttl-after-finished-controller",
    "ttl-controller", "validatingadmissionpolicy-status-controller",
    "volumeattributesclass-protection-controller",
])

DISABLED_BY_DEFAULT = ["bootstrap-signer-controller", "token-cleaner-controller"]

#: Each descriptor's ``Aliases``: the pre-1.28 names, still accepted by ``--controllers``.
#: Controllers added behind a feature gate since then have none.
ALIASES = {
    "serviceaccount-token": "serviceaccount-token-controller",
    "endpoint": "endpoints-controller",
    "endpointslice": "endpointslice-controller",
    "endpointslicemirroring": "endpointslice-mirroring-controller",
    "replicationcontroller": "replicationcontroller-controller",
    "podgc": "pod-garbage-collector-controller",
    "resourcequota": "resourcequota-controller",
    "namespace": "namespace-controller",
    "serviceaccount": "serviceaccount-controller",
    "garbagecollector": "garbage-collector-controller",
    "daemonset": "daemonset-controller",
    "job": "job-controller",
    "deployment": "deployment-controller",
    "replicaset": "replicaset-controller",
    "horizontalpodautoscaling": "horizontal-pod-autoscaler-controller",
    "disruption": "disruption-controller",
    "statefulset": "statefulset-controller",
    "cronjob": "cronjob-controller",
    "csrsigning": "certificatesigningrequest-signing-controller",
    "csrapproving": "certificatesigningrequest-approving-controller",
    "csrcleaner": "certificatesigningrequest-cleaner-controller",
    "ttl": "ttl-controller",
    "bootstrapsigner": "bootstrap-signer-controller",
    "tokencleaner": "token-cleaner-controller",
    "nodeipam": "node-ipam-controller",
    "nodelifecycle": "node-lifecycle-controller",
    "service": "service-lb-controller",
    "route": "node-route-controller",
    "cloud-node-lifecycle": "cloud-node-lifecycle-controller",
    "persistentvolume-binder": "persistentvolume-binder-controller",
    "attachdetach": "persistentvolume-attach-detach-controller",
    "persistentvolume-expander": "persistentvolume-expander-controller",
    "clusterrole-aggregation": "clusterrole-aggregation-controller",
    "pvc-protection": "persistentvolumeclaim-protection-controller",
    "pv-protection": "persistentvolume-protection-controller",
    "ttl-after-finished": "ttl-after-finished-controller",
    "root-ca-cert-publisher": "root-ca-certificate-publisher-controller",
    "ephemeral-volume": "ephemeral-volume-controller",
    "storage-version-gc": "storageversion-garbage-collector-controller",
    "resource-claim-controller": "resourceclaim-controller",
    "legacy-service-account-token-cleaner": "legacy-serviceaccount-token-cleaner-controller",
}


def is_controller_enabled(name: str, controllers: list[str],
                          disabled_by_default: list[str] = DISABLED_BY_DEFAULT) -> bool:
    has_star = False
    for c in controllers:
        if c == name:
            return True
        if c == "-" + name:
            return False
        if c == "*":
            has_star = True
    return has_star and name not in disabled_by_default


def controllers_help() -> str:
    return ("A list of controllers to enable. '*' enables all on-by-default controllers, 'foo' "
            "enables the controller named 'foo', '-foo' disables the controller named 'foo'.\n"
            f"All controllers: {', '.join(KNOWN_CONTROLLERS)}\n"
            f"Disabled-by-default controllers: {', '.join(DISABLED_BY_DEFAULT)}")

"""Controller names, aliases and ``IsControllerEnabled`` for ``--controllers``.

The names are the canonical ones from the ``names`` package; the aliases are
the pre-1.30 short names still accepted on the command line (a subset).
``is_controller_enabled``: an explicit ``name`` or ``-name`` decides (first
match wins); otherwise ``*`` enables every controller not disabled by default.

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/names/controller_names.go @ v1.36.0
Upstream: kubernetes/controller-manager app/helper.go @ v0.36.0
"""

from __future__ import annotations

__all__ = ["KNOWN_CONTROLLERS", "DISABLED_BY_DEFAULT", "ALIASES", "is_controller_enabled",
           "controllers_help"]

KNOWN_CONTROLLERS = sorted([
    "bootstrap-signer-controller", "certificatesigningrequest-approving-controller",
    "certificatesigningrequest-cleaner-controller", "certificatesigningrequest-signing-controller",
    "clusterrole-aggregation-controller", "cronjob-controller", "daemonset-controller",
    "deployment-controller", "disruption-controller", "endpoints-controller",
    "endpointslice-controller", "endpointslice-mirroring-controller",
    "ephemeral-volume-controller", "garbage-collector-controller",
    "horizontal-pod-autoscaler-controller", "job-controller",
    "legacy-serviceaccount-token-cleaner-controller", "namespace-controller",
    "node-ipam-controller", "node-lifecycle-controller",
    "persistentvolume-attach-detach-controller", "persistentvolume-binder-controller",
    "persistentvolume-expander-controller", "persistentvolume-protection-controller",
    "persistentvolumeclaim-protection-controller", "pod-garbage-collector-controller",
    "replicaset-controller", "replicationcontroller-controller", "resourceclaim-controller",
    "resourcequota-controller", "root-ca-certificate-publisher-controller",
    "service-cidr-controller", "serviceaccount-controller", "serviceaccount-token-controller",
    "statefulset-controller", "storage-version-migrator-controller",
    "storageversion-garbage-collector-controller", "taint-eviction-controller",
    "token-cleaner-controller", "ttl-after-finished-controller", "ttl-controller",
    "validatingadmissionpolicy-status-controller",
])

DISABLED_BY_DEFAULT = ["bootstrap-signer-controller", "token-cleaner-controller"]

ALIASES = {
    "nodeipam": "node-ipam-controller",
    "nodelifecycle": "node-lifecycle-controller",
    "deployment": "deployment-controller",
    "replicaset": "replicaset-controller",
    "horizontalpodautoscaling": "horizontal-pod-autoscaler-controller",
    "garbagecollector": "garbage-collector-controller",
    "bootstrapsigner": "bootstrap-signer-controller",
    "tokencleaner": "token-cleaner-controller",
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

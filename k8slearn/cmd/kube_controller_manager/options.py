"""``KubeControllerManagerOptions``: sub-options, named flag sections, validate, apply, Config.

Only a few of upstream's ~40 sections are rebuilt, with their real flags and
help texts, in upstream's order of first use: "debugging" and
"leader-migration" come *before* "generic" because the generic options register
them first.  Each sub-option has ``add_flags(fs)``, ``apply_to(cfg)`` and
``validate() -> list[Exception]``; ``validate`` of the whole is one aggregate
error; ``config()`` validates, then applies, and returns a :class:`Config`
(KCM's own model: ``Complete`` lives on the config, not on the options).

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/app/options/options.go @ v1.36.0
Upstream: kubernetes/controller-manager options/generic.go, options/debugging.go @ v0.36.0
Upstream: kubernetes/cloud-provider options/kubecloudshared.go @ v0.36.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

from k8slearn.cmd.errors import new_aggregate
from k8slearn.cmd.kube_controller_manager import controllers
from k8slearn.cmd.kube_controller_manager.nodeipamcontroller import (
    NodeIPAMControllerConfiguration,
    NodeIPAMControllerOptions,
)
from k8slearn.cmd.pflag import FlagSet
from k8slearn.cmd.sectioned import NamedFlagSets

__all__ = ["KubeControllerManagerOptions", "Config", "CompletedConfig", "Generic",
           "KubeCloudShared"]


@dataclass
class Generic:
    """Generic controller-manager settings (debugging, client, controllers, leader election)."""

    profiling: bool = True
    contention_profiling: bool = False
    enable_leader_migration: bool = False
    leader_migration_config: str = ""
    min_resync_period: float = 12 * 3600.0
    kube_api_content_type: str = "application/vnd.kubernetes.protobuf"
    kube_api_qps: float = 20.0
    kube_api_burst: int = 30
    controller_start_interval: float = 0.0
    controllers: list[str] = field(default_factory=lambda: ["*"])
    leader_elect: bool = True
    leader_elect_resource_lock: str = "leases"

    def add_flags(self, fss: NamedFlagSets) -> None:
        dbg = fss.flag_set("debugging")
        dbg.bool("profiling", self.profiling,
                 "Enable profiling via web interface host:port/debug/pprof/", p=(self, "profiling"))
        dbg.bool("contention-profiling", self.contention_profiling,
                 "Enable block profiling, if profiling is enabled",
                 p=(self, "contention_profiling"))
        lm = fss.flag_set("leader-migration")
        lm.bool("enable-leader-migration", self.enable_leader_migration,
                "Whether to enable controller leader migration.",
                p=(self, "enable_leader_migration"))
        lm.string("leader-migration-config", self.leader_migration_config,
                  "Path to the config file for controller leader migration, or empty to use the "
                  "value that reflects default configuration of the controller manager. The "
                  "config file should be of type LeaderMigrationConfiguration, group "
                  "controllermanager.config.k8s.io, version v1alpha1.",
                  p=(self, "leader_migration_config"))
        fs = fss.flag_set("generic")
        fs.duration("min-resync-period", self.min_resync_period,
                    "The resync period in reflectors will be random between MinResyncPeriod and "
                    "2*MinResyncPeriod.", p=(self, "min_resync_period"))
        fs.string("kube-api-content-type", self.kube_api_content_type,
                  "Content type of requests sent to apiserver.", p=(self, "kube_api_content_type"))
        fs.float32("kube-api-qps", self.kube_api_qps,
                   "QPS to use while talking with kubernetes apiserver.", p=(self, "kube_api_qps"))
        fs.int32("kube-api-burst", self.kube_api_burst,
                 "Burst to use while talking with kubernetes apiserver.",
                 p=(self, "kube_api_burst"))
        fs.duration("controller-start-interval", self.controller_start_interval,
                    "Interval between starting controller managers.",
                    p=(self, "controller_start_interval"))
        fs.string_slice("controllers", self.controllers, controllers.controllers_help(),
                        p=(self, "controllers"))
        fs.bool("leader-elect", self.leader_elect,
                "Start a leader election client and gain leadership before executing the main "
                "loop. Enable this when running replicated components for high availability.",
                p=(self, "leader_elect"))
        fs.string("leader-elect-resource-lock", self.leader_elect_resource_lock,
                  "The type of resource object that is used for locking during leader election. "
                  "Supported options are 'leases'.", p=(self, "leader_elect_resource_lock"))

    def validate(self) -> list[Exception]:
        errs: list[Exception] = []
        if self.leader_elect and self.leader_elect_resource_lock != "leases":
            errs.append(ValueError('resourceLock value must be "leases"'))
        known = set(controllers.KNOWN_CONTROLLERS)
        for name in self.controllers:
            if name == "*":
                continue
            bare = name.removeprefix("-")
            if controllers.ALIASES.get(bare, bare) not in known:
                errs.append(ValueError(f'"{bare}" is not in the list of known controllers'))
        return errs

    def resolved_controllers(self) -> list[str]:
        """``ApplyTo``: aliases replaced by canonical names, ``-`` prefixes kept."""
        out = []
        for name in self.controllers:
            bare = name.removeprefix("-")
            canonical = controllers.ALIASES.get(bare, bare)
            out.append("-" + canonical if name.startswith("-") else canonical)
        return out


@dataclass
class KubeCloudShared:
    """The cloud-provider options KCM puts in its "generic" section."""

    cluster_name: str = "kubernetes"
    cluster_cidr: str = ""
    allocate_node_cidrs: bool = False
    cidr_allocator_type: str = "RangeAllocator"
    configure_cloud_routes: bool = True
    node_sync_period: float = 0.0

    def add_flags(self, fs: FlagSet) -> None:
        fs.string("cluster-name", self.cluster_name, "The instance prefix for the cluster.",
                  p=(self, "cluster_name"))
        fs.string("cluster-cidr", self.cluster_cidr,
                  "CIDR Range for Pods in cluster. Only used when --allocate-node-cidrs=true; if "
                  "false, this option will be ignored.", p=(self, "cluster_cidr"))
        fs.bool("allocate-node-cidrs", False, "Should CIDRs for Pods be allocated and set on the "
                "cloud provider. Requires --cluster-cidr.", p=(self, "allocate_node_cidrs"))
        fs.string("cidr-allocator-type", "RangeAllocator", "Type of CIDR allocator to use",
                  p=(self, "cidr_allocator_type"))
        fs.bool("configure-cloud-routes", True, "Should CIDRs allocated by allocate-node-cidrs be "
                "configured on the cloud provider.", p=(self, "configure_cloud_routes"))
        fs.duration("node-sync-period", 0.0, "This flag is deprecated and will be removed in "
                    "future releases. See node-monitor-period for Node health checking or "
                    "route-reconciliation-period for cloud provider's route configuration "
                    "settings.", p=(self, "node_sync_period"))
        fs.mark_deprecated("node-sync-period", "This flag is currently no-op and will be deleted.")


@dataclass
class Misc:
    master: str = ""
    kubeconfig: str = ""

    def add_flags(self, fs: FlagSet) -> None:
        fs.string("master", self.master, "The address of the Kubernetes API server (overrides any "
                  "value in kubeconfig).", p=(self, "master"))
        fs.string("kubeconfig", self.kubeconfig, "Path to kubeconfig file with authorization and "
                  "master location information.", p=(self, "kubeconfig"))


@dataclass
class CompletedConfig:
    """``config.CompletedConfig``: what ``Run`` receives."""

    controllers: list[str]
    kube_cloud_shared: KubeCloudShared
    node_ipam: NodeIPAMControllerConfiguration
    leader_elect: bool = True


@dataclass
class Config:
    """``kubecontrollerconfig.Config`` (the parts k8slearn models)."""

    controllers: list[str] = field(default_factory=list)
    leader_elect: bool = True
    kube_cloud_shared: KubeCloudShared = field(default_factory=KubeCloudShared)
    node_ipam: NodeIPAMControllerConfiguration = field(
        default_factory=NodeIPAMControllerConfiguration)

    def complete(self) -> CompletedConfig:
        return CompletedConfig(self.controllers, self.kube_cloud_shared, self.node_ipam,
                               self.leader_elect)


class KubeControllerManagerOptions:
    """The top-level options: one sub-options object per section."""

    def __init__(self) -> None:
        self.generic = Generic()
        self.kube_cloud_shared = KubeCloudShared()
        self.node_ipam_controller = NodeIPAMControllerOptions()
        self.misc = Misc()

    def flags(self) -> NamedFlagSets:
        fss = NamedFlagSets()
        self.generic.add_flags(fss)
        self.kube_cloud_shared.add_flags(fss.flag_set("generic"))
        self.node_ipam_controller.add_flags(fss.flag_set("nodeipam controller"))
        self.misc.add_flags(fss.flag_set("misc"))
        return fss

    def validate(self) -> Exception | None:
        errs: list[Exception] = []
        errs += self.generic.validate()
        errs += self.node_ipam_controller.validate()
        return new_aggregate(errs)

    def apply_to(self, c: Config) -> None:
        c.controllers = self.generic.resolved_controllers()
        c.leader_elect = self.generic.leader_elect
        c.kube_cloud_shared = self.kube_cloud_shared
        self.node_ipam_controller.apply_to(c.node_ipam)

    def config(self) -> Config:
        """Validate, then apply: the error is raised, the config returned."""
        err = self.validate()
        if err is not None:
            raise err
        c = Config()
        self.apply_to(c)
        return c

"""Starting the node IPAM controller: the checks kube-controller-manager runs at start time.

``new_node_ipam_controller`` (upstream ``newNodeIpamController``, the node IPAM
descriptor's constructor since the controller-construction refactor that landed
after v1.33; older releases called it ``startNodeIpamController``) follows
upstream's order exactly:

1. ``--allocate-node-cidrs`` off: the controller is simply not started;
2. ``--cidr-allocator-type=CloudAllocator``: an error (no in-tree cloud since v1.31);
3. ``validate_cidrs(--cluster-cidr)``: the whole string is trimmed, split on
   ``,`` (entries are not trimmed) and every entry parsed; more than one CIDR
   must be dual-stack, and at most two are allowed;
4. the service CIDRs are parsed only if non-blank, and a parse failure is only
   a *warning* (that CIDR is then ignored);
5. when both service CIDRs parsed, they must be of different families;
6. ``set_node_cidr_mask_sizes`` picks one mask per cluster CIDR, in cluster-CIDR
   order (defaults 24 for IPv4, 64 for IPv6);
7. ``NewNodeIpamController`` (pkg/controller/nodeipam) then requires each
   cluster CIDR's prefix to be no longer than its node mask;
8. ``ipam.New`` builds the allocator: ``RangeAllocator`` is the only type that
   works without a cloud provider; anything else is ``invalid CIDR allocator
   type: <type>`` (the legacy cloud-only IPAM types are not modelled).

Every error is returned to ``BuildControllers``, which logs it and exits the
process (see :mod:`.controllermanager`).

The messages keep upstream's typos ("IPfamiles", the missing ``)``).

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/app/core.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/nodeipam/node_ipam_controller.go @ v1.36.0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from k8slearn.cmd.kube_controller_manager.nodeipamcontroller import (
    NodeIPAMControllerConfiguration,
)
from k8slearn.cmd.netutils import (
    IPNetwork,
    is_dual_stack_cidrs,
    is_ipv6_cidr,
    parse_cidr,
    parse_cidrs,
)

__all__ = [
    "DEFAULT_NODE_MASK_CIDR_IPV4", "DEFAULT_NODE_MASK_CIDR_IPV6", "process_cidrs",
    "validate_cidrs", "set_node_cidr_mask_sizes", "NodeIPAMPlan", "new_node_ipam_controller",
    "NODE_IPAM_CONTROLLER", "RANGE_ALLOCATOR", "CLOUD_ALLOCATOR",
]

DEFAULT_NODE_MASK_CIDR_IPV4 = 24
DEFAULT_NODE_MASK_CIDR_IPV6 = 64
NODE_IPAM_CONTROLLER = "node-ipam-controller"
CLOUD_ALLOCATOR = "CloudAllocator"
RANGE_ALLOCATOR = "RangeAllocator"


def process_cidrs(cidrs_list: str) -> tuple[list[IPNetwork], bool]:
    """Trim the whole list, split on ``,`` (entries untrimmed), parse each entry."""
    cidrs = parse_cidrs(cidrs_list.strip().split(","))
    return cidrs, is_dual_stack_cidrs(cidrs)


def validate_cidrs(cidrs_list: str) -> list[IPNetwork]:
    """The cluster CIDRs, or ValueError with upstream's message."""
    cidrs, dual_stack = process_cidrs(cidrs_list)
    if len(cidrs) > 1 and not dual_stack:
        raise ValueError(f"len of ClusterCIDRs=={len(cidrs)} and they are not configured as "
                         "dual stack (at least one from each IPFamily")
    if len(cidrs) > 2:
        raise ValueError(f"length of clusterCIDRs is:{len(cidrs)} more than max allowed of 2")
    return cidrs


def set_node_cidr_mask_sizes(cfg: NodeIPAMControllerConfiguration,
                             cluster_cidrs: list[IPNetwork]) -> list[int]:
    """One node mask per cluster CIDR, in cluster-CIDR order."""

    def sorted_sizes(v4: int, v6: int) -> list[int]:
        return [v6 if is_ipv6_cidr(c) else v4 for c in cluster_cidrs]

    v4, v6 = DEFAULT_NODE_MASK_CIDR_IPV4, DEFAULT_NODE_MASK_CIDR_IPV6
    if len(cluster_cidrs) > 1:  # dual-stack
        if cfg.node_cidr_mask_size != 0:
            raise ValueError("usage of --node-cidr-mask-size is not allowed with dual-stack "
                             "clusters")
        if cfg.node_cidr_mask_size_ipv4 != 0:
            v4 = cfg.node_cidr_mask_size_ipv4
        if cfg.node_cidr_mask_size_ipv6 != 0:
            v6 = cfg.node_cidr_mask_size_ipv6
        return sorted_sizes(v4, v6)
    mask_configured = cfg.node_cidr_mask_size != 0
    v4_configured = cfg.node_cidr_mask_size_ipv4 != 0
    v6_configured = cfg.node_cidr_mask_size_ipv6 != 0
    if mask_configured and (v4_configured or v6_configured):
        raise ValueError("usage of --node-cidr-mask-size-ipv4 and --node-cidr-mask-size-ipv6 is "
                         "not allowed if --node-cidr-mask-size is set. For dual-stack clusters "
                         "please unset it and use IPFamily specific flags")
    if mask_configured:
        size = cfg.node_cidr_mask_size
        return sorted_sizes(size, size)
    single_stack_ipv6 = is_ipv6_cidr(cluster_cidrs[0])
    if v4_configured:
        if single_stack_ipv6:
            raise ValueError("usage of --node-cidr-mask-size-ipv4 is not allowed for a "
                             "single-stack IPv6 cluster")
        v4 = cfg.node_cidr_mask_size_ipv4
    if v6_configured:
        if not single_stack_ipv6:
            raise ValueError("usage of --node-cidr-mask-size-ipv6 is not allowed for a "
                             "single-stack IPv4 cluster")
        v6 = cfg.node_cidr_mask_size_ipv6
    return sorted_sizes(v4, v6)


@dataclass
class NodeIPAMPlan:
    """What ``startNodeIpamController`` hands to ``NewNodeIpamController``."""

    cluster_cidrs: list[IPNetwork]
    service_cidr: IPNetwork | None
    secondary_service_cidr: IPNetwork | None
    node_cidr_mask_sizes: list[int]
    allocator_type: str
    warnings: list[str] = field(default_factory=list)


def _parse_service_cidr(value: str, warn: Callable[[str], None]) -> IPNetwork | None:
    if not value.strip():
        return None
    try:
        return parse_cidr(value)
    except ValueError as e:
        warn(f'"Warning: unsuccessful parsing of service CIDR" CIDR="{value}" err="{e}"')
        return None


def new_node_ipam_controller(allocate_node_cidrs: bool, cluster_cidr: str,
                               allocator_type: str,
                               cfg: NodeIPAMControllerConfiguration) -> NodeIPAMPlan | None:
    """Run the start-time checks; None means "not started" (allocation is off)."""
    if not allocate_node_cidrs:
        return None
    if allocator_type == CLOUD_ALLOCATOR:
        raise ValueError("--cidr-allocator-type is set to 'CloudAllocator' but cloud provider "
                         "is not configured")
    cluster_cidrs = validate_cidrs(cluster_cidr)
    warnings: list[str] = []
    service = _parse_service_cidr(cfg.service_cidr, warnings.append)
    secondary = _parse_service_cidr(cfg.secondary_service_cidr, warnings.append)
    if service is not None and secondary is not None:
        if not is_dual_stack_cidrs([service, secondary]):
            raise ValueError("serviceCIDR and secondaryServiceCIDR are not dualstack (from "
                             "different IPfamiles)")
    masks = set_node_cidr_mask_sizes(cfg, cluster_cidrs)
    for cidr, mask in zip(cluster_cidrs, masks, strict=True):
        if cidr.prefixlen > mask:
            raise ValueError("Controller: Invalid --cluster-cidr, mask size of cluster CIDR must "
                             "be less than or equal to --node-cidr-mask-size configured for "
                             "CIDR family")
    if allocator_type != RANGE_ALLOCATOR:  # ipam.New's default case
        raise ValueError(f"invalid CIDR allocator type: {allocator_type}")
    return NodeIPAMPlan(cluster_cidrs, service, secondary, masks, allocator_type, warnings)

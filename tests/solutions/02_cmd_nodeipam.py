"""Answers that pass the checks in notebooks/02_cmd_nodeipam.ipynb (build: the reference)."""


def mask_sizes(cluster_cidrs, mask, mask_v4, mask_v6):
    """Reference for 02.6: setNodeCIDRMaskSizes."""
    v4, v6 = 24, 64
    if len(cluster_cidrs) > 1:
        if mask != 0:
            raise ValueError("usage of --node-cidr-mask-size is not allowed with dual-stack "
                             "clusters")
        v4, v6 = mask_v4 or v4, mask_v6 or v6
    elif mask != 0:
        if mask_v4 or mask_v6:
            raise ValueError("usage of --node-cidr-mask-size-ipv4 and --node-cidr-mask-size-ipv6 "
                             "is not allowed if --node-cidr-mask-size is set. For dual-stack "
                             "clusters please unset it and use IPFamily specific flags")
        v4 = v6 = mask
    else:
        ipv6 = ":" in cluster_cidrs[0]
        if mask_v4:
            if ipv6:
                raise ValueError("usage of --node-cidr-mask-size-ipv4 is not allowed for a "
                                 "single-stack IPv6 cluster")
            v4 = mask_v4
        if mask_v6:
            if not ipv6:
                raise ValueError("usage of --node-cidr-mask-size-ipv6 is not allowed for a "
                                 "single-stack IPv4 cluster")
            v6 = mask_v6
    return [v6 if ":" in c else v4 for c in cluster_cidrs]


ANSWERS = {
    "cmd.dual_mask_sizes": [72, 24],
    "cmd.nodes_before_exhaustion": 3,
    "cmd.lowercase_allocator": 1,
    "cmd.exhausted_node_fix": "--cluster-cidr",
    "cmd.crash_loop_function": "occupyCIDRs",
    "cmd.build_mask_sizes": mask_sizes,
}

"""Figures and a widget for the cmd notebooks (01, 02, 03).

matplotlib and ipywidgets are imported inside the functions.  Every function is
deterministic: same input, same picture.

Upstream: none (course tooling)
"""

from __future__ import annotations

import ipaddress
from typing import Any

from k8slearn.viz import STYLE, image, pyplot

__all__ = ["plot_anatomy", "mask_size_table", "mask_size_widget", "plot_allocations", "image"]


def plot_anatomy() -> Any:
    """main -> New<X>Command -> cli.Run -> RunE -> options -> Run, as boxes and arrows."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(9.0, 3.4), dpi=STYLE["dpi"])
    steps = [
        ("main()", "cmd/<c>/<c>.go"),
        ("New<X>Command()", "app/<c>.go:\nflags in NamedFlagSets"),
        ("cli.Run(cmd)", "component-base/cli:\n_ -> -, usage on flag errors"),
        ("RunE", "--version, PrintFlags,\nlogs"),
        ("options", "Validate -> ApplyTo\n(Config / Complete)"),
        ("Run(ctx, cfg)", "controllers start,\nloops until stopped"),
    ]
    for i, (title, note) in enumerate(steps):
        x = i * 1.6
        ax.add_patch(plt.Rectangle((x, 0.55), 1.3, 0.5, facecolor="#56B4E9", edgecolor="black"))
        ax.text(x + 0.65, 0.8, title, ha="center", va="center",
                fontsize=7.5 if len(title) < 14 else 6.5, weight="bold")
        ax.text(x + 0.65, 0.32, note, ha="center", va="top", fontsize=7.5)
        if i:
            ax.annotate("", xy=(x, 0.8), xytext=(x - 0.3, 0.8),
                        arrowprops={"arrowstyle": "->", "lw": 1.5})
    ax.text(4 * 1.6 + 0.65, 1.2, "errors: exit 1, 'Error: ...'", ha="center", fontsize=8,
            color="#D55E00")
    ax.set_xlim(-0.2, 6 * 1.6 - 0.1)
    ax.set_ylim(-0.25, 1.35)
    ax.axis("off")
    ax.set_title("Anatomy of a Kubernetes component binary", fontsize=10)
    fig.tight_layout()
    return fig


#: Scenarios of the decision table: cluster CIDRs and (mask, ipv4, ipv6) flags.
CLUSTERS = {"IPv4": "10.0.0.0/8", "IPv6": "fd00::/48", "dual (v4 first)": "10.0.0.0/8,fd00::/48",
            "dual (v6 first)": "fd00::/48,10.0.0.0/8"}
FLAGS = [(0, 0, 0), (25, 0, 0), (0, 26, 0), (0, 0, 80), (0, 26, 80), (25, 26, 0)]


def _outcome(cluster: str, mask: int, v4: int, v6: int) -> str:
    from k8slearn.cmd.kube_controller_manager.core import set_node_cidr_mask_sizes, validate_cidrs
    from k8slearn.cmd.kube_controller_manager.nodeipamcontroller import (
        NodeIPAMControllerConfiguration,
    )

    cfg = NodeIPAMControllerConfiguration(node_cidr_mask_size=mask, node_cidr_mask_size_ipv4=v4,
                                          node_cidr_mask_size_ipv6=v6)
    try:
        return str(set_node_cidr_mask_sizes(cfg, validate_cidrs(cluster)))
    except ValueError as e:
        text = str(e)
        return "error: " + (text[:75] + "..." if len(text) > 78 else text)


def mask_size_table() -> str:
    """The whole decision table as text: one row per flag combination."""
    head = f"{'--node-cidr-mask-size (mask, ipv4, ipv6)':<42}"
    lines = []
    for name, cluster in CLUSTERS.items():
        lines.append(f"cluster CIDRs {cluster}  [{name}]")
        lines.append(f"  {head}result")
        for mask, v4, v6 in FLAGS:
            lines.append(f"  {str((mask, v4, v6)):<42}{_outcome(cluster, mask, v4, v6)}")
    return "\n".join(lines)


def mask_size_widget() -> Any:
    """Dropdowns for the cluster CIDRs and the three mask flags; the result updates live."""
    import ipywidgets as w

    cluster = w.Dropdown(options=list(CLUSTERS), value="dual (v4 first)", description="cluster")
    masks = [w.Dropdown(options=[0, 16, 24, 25, 26, 48, 64, 80], value=v, description=d)
             for d, v in (("mask", 0), ("ipv4", 0), ("ipv6", 0))]
    result = w.HTML()

    def update(_change: Any = None) -> None:
        out = _outcome(CLUSTERS[cluster.value], *(m.value for m in masks))
        result.value = f"<code>setNodeCIDRMaskSizes</code> &rarr; <b>{out}</b>"

    for c in (cluster, *masks):
        c.observe(update, names="value")
    update()
    return w.VBox([cluster, w.HBox(masks), result])


def plot_allocations(cluster_cidr: str, node_mask: int, allocations: dict[str, str],
                     occupied: list[str] = ()) -> Any:
    """The cluster CIDR as a strip of node-sized blocks: service-occupied, per node, or free."""
    plt = pyplot()
    net = ipaddress.ip_network(cluster_cidr)
    n = 1 << (node_mask - net.prefixlen)
    blocks = list(net.subnets(new_prefix=node_mask)) if n <= 256 else []
    owner: dict[int, str] = {}
    for label, cidrs in (("services", occupied), *((k, [v]) for k, v in allocations.items())):
        for c in cidrs:
            sub = ipaddress.ip_network(c)
            for i, b in enumerate(blocks):
                if b.overlaps(sub):
                    owner[i] = label
    fig, ax = plt.subplots(figsize=STYLE["figsize"], dpi=STYLE["dpi"])
    for i, b in enumerate(blocks):
        who = owner.get(i, "free")
        colour = {"services": "#D55E00", "free": "#eeeeee"}.get(who, "#56B4E9")
        ax.add_patch(plt.Rectangle((i, 0), 0.95, 1, facecolor=colour, edgecolor="black", lw=0.5))
        if len(blocks) <= 16:
            ax.text(i + 0.47, 0.5, f"{who}\n{b}", ha="center", va="center", fontsize=7,
                    rotation=90 if len(blocks) > 8 else 0)
    ax.set_xlim(0, max(len(blocks), 1))
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_xlabel(f"/{node_mask} blocks of {cluster_cidr} in index order (cidrset bitmap)")
    ax.set_title(f"Range allocator: {len(allocations)} nodes, "
                 f"{sum(1 for v in owner.values() if v == 'services')} blocks occupied by "
                 "services", fontsize=10)
    fig.tight_layout()
    return fig

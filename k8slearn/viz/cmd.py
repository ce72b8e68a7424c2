"""Figures and a widget for the cmd notebooks (01, 02, 03).

matplotlib and ipywidgets are imported inside the functions.  Every function is
deterministic: same input, same picture.

Upstream: none (course tooling)
"""

from __future__ import annotations

import functools
import ipaddress
from typing import Any

from k8slearn.viz import STYLE, image, pyplot

__all__ = ["plot_startup_sequence", "mask_size_table", "mask_size_widget", "plot_allocations",
           "image", "PARTICIPANTS", "MESSAGES"]


#: The lifelines of the start-up sequence, left to right.
PARTICIPANTS = ["main()", "New<X>Command", "cli.Run", "cobra", "RunE: s.Config",
                "Run", "leader election", "BuildControllers"]
#: (from, to, label, error printed here or None), top to bottom.
MESSAGES = [
    (0, 1, "build the command (flags in NamedFlagSets)", None),
    (0, 2, "cli.Run(cmd)", None),
    (2, 3, "Execute: parse flags", "flag error: usage + 'Error: ...' (stderr)"),
    (3, 3, "Args check", "argument error: 'Error: ...', no usage"),
    (3, 2, "PersistentPreRunE (cli.Run's wrapper: logs.InitLogs)", None),
    (3, 4, "RunE: --version, logs, PrintFlags, s.Config (Validate, ApplyTo)",
     "klog: \"command failed\" err=... (run.go), exit 1"),
    (4, 5, "Run(ctx, c.Complete()): Starting, WaitForAPIServer", None),
    (5, 6, "wait for the lease (a standby waits here)", None),
    (6, 7, "OnStartedLeading: build every controller",
     "klog: \"Error initializing a controller\", \"Error building controllers\";"
     " FlushAndExit(1)"),
    (7, 7, "controllers run: a sync error is logged and requeued",
     "klog: \"Unhandled Error\" err=\"error syncing ...\"; keeps running"),
]


def plot_startup_sequence() -> Any:
    """A sequence diagram of a component's start-up, with where each class of error prints."""
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(10.5, 6.2), dpi=STYLE["dpi"])
    xs = [i * 1.35 for i in range(len(PARTICIPANTS))]
    top, step = 0.0, -0.62
    bottom = top + step * (len(MESSAGES) + 0.6)
    for x, name in zip(xs, PARTICIPANTS, strict=True):
        ax.add_patch(plt.Rectangle((x - 0.6, top + 0.05), 1.2, 0.42, facecolor="#56B4E9",
                                   edgecolor="black"))
        ax.text(x, top + 0.26, name, ha="center", va="center", fontsize=7, weight="bold")
        ax.plot([x, x], [top + 0.05, bottom], color="grey", lw=0.8, ls="--")
    for i, (src, dst, label, error) in enumerate(MESSAGES):
        y = top + step * (i + 0.7)
        if src == dst:
            ax.annotate("", xy=(xs[src] + 0.05, y - 0.18), xytext=(xs[src] + 0.05, y),
                        arrowprops={"arrowstyle": "->", "lw": 1.2,
                                    "connectionstyle": "bar,fraction=-0.6"})
            ax.text(xs[src] + 0.3, y - 0.02, label, fontsize=6.5, va="bottom", ha="left"
                    if src < len(xs) - 2 else "right")
        else:
            ax.annotate("", xy=(xs[dst], y), xytext=(xs[src], y),
                        arrowprops={"arrowstyle": "->", "lw": 1.2})
            ax.text((xs[src] + xs[dst]) / 2, y + 0.03, label, fontsize=6.5, ha="center",
                    va="bottom")
        if error:
            ax.text(xs[max(src, dst)] + (0.1 if src != dst else -0.1), y - 0.2, error,
                    fontsize=6.5, color="#D55E00", va="top",
                    ha="left" if max(src, dst) < 5 else "right")
    ax.set_xlim(xs[0] - 0.8, xs[-1] + 0.8)
    ax.set_ylim(bottom - 0.1, top + 0.6)
    ax.axis("off")
    ax.set_title("Start-up of a Kubernetes component (kube-controller-manager): where each "
                 "error is printed", fontsize=10)
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
        return f"error: {e}"  # the whole message: this chapter is about exact messages


def mask_size_table() -> str:
    """The whole decision table as text: one row per flag combination, messages never cut.

    Flags are (--node-cidr-mask-size, -ipv4, -ipv6); a result is the mask list or the
    whole error message on the next line.
    """
    lines = []
    for name, cluster in CLUSTERS.items():
        lines.append(f"--cluster-cidr={cluster}  [{name}]")
        for mask, v4, v6 in FLAGS:
            out = _outcome(cluster, mask, v4, v6)
            flags = f"  (mask, ipv4, ipv6) = {str((mask, v4, v6)):<13}"
            if out.startswith("error: "):
                lines += [f"{flags}error:", f"      {out.removeprefix('error: ')}"]
            else:
                lines.append(f"{flags}{out}")
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
        from html import escape

        result.value = f"<code>setNodeCIDRMaskSizes</code> &rarr; <b>{escape(out)}</b>"

    for c in (cluster, *masks):
        c.observe(update, names="value")
    update()
    return _explorer_class()([cluster, w.HBox(masks), result])


@functools.cache
def _explorer_class() -> Any:
    """The widget class, built on first use so that ipywidgets is imported lazily."""
    import ipywidgets as w

    class MaskSizeExplorer(w.VBox):
        """A VBox whose text form (shown before the widget renders) is short and stable."""

        def __repr__(self) -> str:
            cluster, row = self.children[0], self.children[1]
            vals = ", ".join(f"{d.description}={d.value}" for d in row.children)
            return f"MaskSizeExplorer(cluster={cluster.value!r}, {vals})"

    return MaskSizeExplorer


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

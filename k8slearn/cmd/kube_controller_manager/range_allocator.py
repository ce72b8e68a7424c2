"""The range allocator: one CidrSet per cluster CIDR, service ranges and existing nodes first.

* At construction every cluster CIDR gets a :class:`CidrSet` with its node mask;
  a service CIDR overlapping a cluster CIDR of the same family is occupied
  (so nodes never get addresses from the service range).  Then every existing
  node that already has ``spec.podCIDRs`` is *occupied* (``occupyCIDRs``).  A
  CIDR that does not fit (the cluster CIDR was changed under running nodes, or
  a dual-stack cluster went single-stack) fails the constructor, so
  ``NewNodeIpamController`` fails, so kube-controller-manager exits 1 at every
  start: the crash loop an upstream comment at that line warns about.
* ``allocate_or_occupy_cidr(node)`` gives a node without pod CIDRs one CIDR
  from every set, in cluster-CIDR order (dual-stack nodes get two).  When a set
  is full it records a ``CIDRNotAvailable`` event on the Node (``Normal``,
  from ``cidrAllocator``, "Node <name> status is now: CIDRNotAvailable") and
  fails with ``failed to allocate cidr from cluster cidr at idx:<i>: <err>``;
  as upstream, CIDRs already taken for that node from earlier sets are not
  given back.  The process keeps running: see :mod:`.node_ipam_sync`.

Upstream: kubernetes/kubernetes pkg/controller/nodeipam/ipam/range_allocator.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/util/node/controller_utils.go @ v1.36.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

from k8slearn.cmd.kube_controller_manager.cidrset import CidrSet
from k8slearn.cmd.netutils import IPNetwork, parse_cidr

__all__ = ["RangeAllocator", "Node", "Event"]


@dataclass
class Node:
    """The part of a core/v1 Node the allocator reads and writes."""

    name: str
    pod_cidrs: list[str] = field(default_factory=list)


@dataclass
class Event:
    """A core/v1 Event about a Node, aggregated the way ``kubectl describe`` counts them."""

    type: str
    reason: str
    source: str
    message: str
    first: float
    last: float
    count: int = 1


class RangeAllocator:
    """Allocate pod CIDRs for nodes from the cluster CIDRs."""

    def __init__(self, cluster_cidrs: list[IPNetwork], node_mask_sizes: list[int],
                 service_cidr: IPNetwork | None = None,
                 secondary_service_cidr: IPNetwork | None = None,
                 nodes: list[Node] | None = None) -> None:
        pairs = zip(cluster_cidrs, node_mask_sizes, strict=True)
        self.cidr_sets = [CidrSet(c, m) for c, m in pairs]
        self.occupied: list[tuple[int, IPNetwork]] = []
        self.events: dict[tuple[str, str], Event] = {}
        for svc in (service_cidr, secondary_service_cidr):
            if svc is not None:
                self._filter_out_service_range(svc)
        for node in nodes or []:
            if node.pod_cidrs:
                self.occupy_cidrs(node)

    def _filter_out_service_range(self, svc: IPNetwork) -> None:
        for idx, s in enumerate(self.cidr_sets):
            if svc.version != s.cluster_cidr.version or not svc.overlaps(s.cluster_cidr):
                continue
            s.occupy(svc)
            self.occupied.append((idx, svc))

    def occupy_cidrs(self, node: Node) -> None:
        """``occupyCIDRs``: mark a node's existing pod CIDRs used, with upstream's errors."""
        for idx, cidr in enumerate(node.pod_cidrs):
            try:
                pod_cidr = parse_cidr(cidr)
            except ValueError:
                raise ValueError(f"failed to parse node {node.name}, CIDR {node.pod_cidrs[0]}") \
                    from None
            if idx >= len(self.cidr_sets):
                raise ValueError(f"node:{node.name} has an allocated cidr: {cidr} at index:{idx} "
                                 "that does not exist in cluster cidrs configuration")
            try:
                self.cidr_sets[idx].occupy(pod_cidr)
            except ValueError as e:
                raise ValueError(f"failed to mark cidr[{pod_cidr}] at idx [{idx}] as occupied "
                                 f"for node: {node.name}: {e}") from None

    def record_node_status_change(self, node: Node, status: str, now: float) -> None:
        """``RecordNodeStatusChange``: a Normal event "Node <n> status is now: <status>"."""
        key = (node.name, status)
        ev = self.events.get(key)
        if ev is None:
            self.events[key] = Event("Normal", status, "cidrAllocator",
                                     f"Node {node.name} status is now: {status}", now, now)
        else:
            ev.count, ev.last = ev.count + 1, now

    def allocate_or_occupy_cidr(self, node: Node, now: float = 0.0) -> list[IPNetwork]:
        """Occupy a node's CIDRs if it has some, else allocate one per cluster CIDR."""
        if node.pod_cidrs:
            self.occupy_cidrs(node)
            return [parse_cidr(c) for c in node.pod_cidrs]
        out = []
        for idx, s in enumerate(self.cidr_sets):
            try:
                out.append(s.allocate_next())
            except Exception as e:
                self.record_node_status_change(node, "CIDRNotAvailable", now)
                raise RuntimeError(
                    f"failed to allocate cidr from cluster cidr at idx:{idx}: {e}") from None
        return out

    def allocate(self, node: str) -> list[IPNetwork]:
        """The pod CIDRs for a new node called ``node`` (one per cluster CIDR)."""
        return self.allocate_or_occupy_cidr(Node(node))

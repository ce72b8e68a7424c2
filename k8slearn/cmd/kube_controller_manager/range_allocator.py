"""The range allocator: one CidrSet per cluster CIDR, service ranges carved out first.

Course addition to kube-controller-manager (``--simulate-nodes N``): instead of
watching Node objects, hand node CIDRs to ``node-0`` ... ``node-(N-1)`` in order.

* At construction every cluster CIDR gets a :class:`CidrSet` with its node mask;
  a service CIDR overlapping a cluster CIDR of the same family is occupied
  (so nodes never get addresses from the service range).
* A node gets one CIDR from every set, in cluster-CIDR order (dual-stack nodes
  get two).  A failure reads ``failed to allocate cidr from cluster cidr at
  idx:<i>: <err>``; as upstream, CIDRs already taken for that node from earlier
  sets are not given back.

Upstream: kubernetes/kubernetes pkg/controller/nodeipam/ipam/range_allocator.go @ v1.36.0
"""

from __future__ import annotations

from k8slearn.cmd.kube_controller_manager.cidrset import CidrSet
from k8slearn.cmd.netutils import IPNetwork

__all__ = ["RangeAllocator"]


class RangeAllocator:
    """Allocate pod CIDRs for nodes from the cluster CIDRs."""

    def __init__(self, cluster_cidrs: list[IPNetwork], node_mask_sizes: list[int],
                 service_cidr: IPNetwork | None = None,
                 secondary_service_cidr: IPNetwork | None = None) -> None:
        pairs = zip(cluster_cidrs, node_mask_sizes, strict=True)
        self.cidr_sets = [CidrSet(c, m) for c, m in pairs]
        self.occupied: list[tuple[int, IPNetwork]] = []
        for svc in (service_cidr, secondary_service_cidr):
            if svc is not None:
                self._filter_out_service_range(svc)

    def _filter_out_service_range(self, svc: IPNetwork) -> None:
        for idx, s in enumerate(self.cidr_sets):
            if svc.version != s.cluster_cidr.version or not svc.overlaps(s.cluster_cidr):
                continue
            s.occupy(svc)
            self.occupied.append((idx, svc))

    def allocate(self, node: str) -> list[IPNetwork]:
        """The pod CIDRs for ``node`` (one per cluster CIDR)."""
        out = []
        for idx, s in enumerate(self.cidr_sets):
            try:
                out.append(s.allocate_next())
            except Exception as e:
                raise RuntimeError(
                    f"failed to allocate cidr from cluster cidr at idx:{idx}: {e}") from None
        return out

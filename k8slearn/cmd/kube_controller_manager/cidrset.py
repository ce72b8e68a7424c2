"""cidrset: hand out fixed-size node CIDRs from one cluster CIDR, as a bitmap.

* ``CidrSet(cluster_cidr, node_mask_size)``: ``2 ** (node - cluster)`` blocks.
  For IPv6 the difference may be at most 16 bits (the bitmap is not
  compressed): ``New CIDR set failed; the node CIDR size is too big``.  IPv4 has
  no such check.  A node mask *shorter* than the cluster's gives zero blocks
  (Go's shift by a negative count wraps to 0), so every allocation fails.
* ``allocate_next()`` scans from the block after the last one handed out,
  wrapping around, and marks it used; when every block is used:
  ``CIDR allocation failed; there are no remaining CIDRs left to allocate in
  the accepted range``.
* ``occupy(cidr)`` / ``release(cidr)`` mark every block a CIDR overlaps.

Upstream: kubernetes/kubernetes pkg/controller/nodeipam/ipam/cidrset/cidr_set.go @ v1.36.0
"""

from __future__ import annotations

from k8slearn.cmd.netutils import IPNetwork

__all__ = ["CidrSet", "ErrCIDRRangeNoCIDRsRemaining", "ErrCIDRSetSubNetTooBig",
           "CLUSTER_SUBNET_MAX_DIFF"]

CLUSTER_SUBNET_MAX_DIFF = 16


class ErrCIDRRangeNoCIDRsRemaining(Exception):
    def __init__(self) -> None:
        super().__init__("CIDR allocation failed; there are no remaining CIDRs left to "
                         "allocate in the accepted range")


class ErrCIDRSetSubNetTooBig(Exception):
    def __init__(self) -> None:
        super().__init__("New CIDR set failed; the node CIDR size is too big")


class CidrSet:
    """A bitmap of ``node_mask_size`` blocks inside ``cluster_cidr``."""

    def __init__(self, cluster_cidr: IPNetwork, node_mask_size: int) -> None:
        diff = node_mask_size - cluster_cidr.prefixlen
        if cluster_cidr.version == 6 and diff > CLUSTER_SUBNET_MAX_DIFF:
            raise ErrCIDRSetSubNetTooBig()
        if node_mask_size > cluster_cidr.max_prefixlen:
            raise ValueError(f"node mask size {node_mask_size} does not fit a "
                             f"{cluster_cidr.max_prefixlen}-bit address (k8slearn check: "
                             "upstream builds an invalid mask here)")
        self.cluster_cidr = cluster_cidr
        self.node_mask_size = node_mask_size
        self.max_cidrs = 1 << diff if diff >= 0 else 0
        self.allocated_cidrs = 0
        self.next_candidate = 0
        self._used: set[int] = set()

    def index_to_cidr_block(self, index: int) -> IPNetwork:
        bits = self.cluster_cidr.max_prefixlen
        base = int(self.cluster_cidr.network_address)
        addr = base | (index << (bits - self.node_mask_size))
        return type(self.cluster_cidr)((addr, self.node_mask_size))

    def allocate_next(self) -> IPNetwork:
        if self.allocated_cidrs == self.max_cidrs:
            raise ErrCIDRRangeNoCIDRsRemaining()
        candidate = self.next_candidate
        for _ in range(self.max_cidrs):
            if candidate not in self._used:
                break
            candidate = (candidate + 1) % self.max_cidrs
        self.next_candidate = (candidate + 1) % self.max_cidrs
        self._used.add(candidate)
        self.allocated_cidrs += 1
        return self.index_to_cidr_block(candidate)

    def _index_for(self, addr: int) -> int:
        bits = self.cluster_cidr.max_prefixlen
        index = (int(self.cluster_cidr.network_address) ^ addr) >> (bits - self.node_mask_size)
        if index >= self.max_cidrs:
            ip = type(self.cluster_cidr.network_address)(addr)
            raise ValueError(f"CIDR: {ip}/{self.node_mask_size} is out "
                             "of the range of CIDR allocator")
        return index

    def _indices(self, cidr: IPNetwork) -> range:
        c = self.cluster_cidr
        if cidr.version != c.version or not (cidr.overlaps(c)):
            raise ValueError(f"cidr {cidr} is out the range of cluster cidr {c}")
        if c.prefixlen >= cidr.prefixlen:
            return range(0, self.max_cidrs)
        begin = self._index_for(int(cidr.network_address))
        end = self._index_for(int(cidr.broadcast_address))
        return range(begin, end + 1)

    def occupy(self, cidr: IPNetwork) -> None:
        """Mark every block overlapping ``cidr`` as used (idempotent)."""
        for i in self._indices(cidr):
            if i not in self._used:
                self._used.add(i)
                self.allocated_cidrs += 1

    def release(self, cidr: IPNetwork) -> None:
        for i in self._indices(cidr):
            if i in self._used:
                self._used.discard(i)
                self.allocated_cidrs -= 1

# ruff: noqa: E501  (the Upstream line below is one line by convention)
"""``NodeIPAMControllerOptions``: the four "nodeipam controller" flags of kube-controller-manager.

The mask sizes are ``int32`` fields upstream, so ``--help`` shows ``int32`` and
``--node-cidr-mask-size=2147483648`` is a flag error (value out of range).

The options object points into the (internal) ``NodeIPAMControllerConfiguration``
the way upstream's struct embeds a pointer to it, so the flags write straight
into the default config.  There is no defaulting here: every field starts at
``""``/0 and the real mask defaults (24 and 64) are chosen when the controller
starts (:mod:`.core`).

* ``apply_to(cfg)`` splits ``--service-cluster-ip-range`` on ``,`` **without
  trimming**: entry 0 -> ``service_cidr``, entry 1 -> ``secondary_service_cidr``,
  any further entry is ignored.  It never fails.
* ``validate()`` has one rule only: more than two comma-separated entries.  No
  CIDR syntax or mask checks happen here (they happen at controller start).
* Upstream's methods are nil-receiver safe (a nil options pointer does
  nothing); Python has no nil receivers, so that quirk is not modelled.

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/app/options/nodeipamcontroller.go @ v1.36.0
"""

from __future__ import annotations

from dataclasses import dataclass

from k8slearn.cmd.pflag import FlagSet

__all__ = ["NodeIPAMControllerConfiguration", "NodeIPAMControllerOptions"]


@dataclass
class NodeIPAMControllerConfiguration:
    """``nodeipamconfig.NodeIPAMControllerConfiguration`` (internal)."""

    service_cidr: str = ""
    secondary_service_cidr: str = ""
    node_cidr_mask_size: int = 0
    node_cidr_mask_size_ipv4: int = 0
    node_cidr_mask_size_ipv6: int = 0


class NodeIPAMControllerOptions:
    """Flags bind into ``self.config``; ``apply_to`` copies into the runtime config."""

    def __init__(self, config: NodeIPAMControllerConfiguration | None = None) -> None:
        self.config = config if config is not None else NodeIPAMControllerConfiguration()

    def add_flags(self, fs: FlagSet) -> None:
        c = self.config
        fs.string("service-cluster-ip-range", c.service_cidr,
                  "CIDR Range for Services in cluster. Only used when "
                  "--allocate-node-cidrs=true; if false, this option will be ignored.",
                  p=(c, "service_cidr"))
        fs.int32("node-cidr-mask-size", c.node_cidr_mask_size,
                 "Mask size for node cidr in cluster. Default is 24 for IPv4 and 64 for IPv6.",
                 p=(c, "node_cidr_mask_size"))
        fs.int32("node-cidr-mask-size-ipv4", c.node_cidr_mask_size_ipv4,
                 "Mask size for IPv4 node cidr in dual-stack cluster. Default is 24.",
                 p=(c, "node_cidr_mask_size_ipv4"))
        fs.int32("node-cidr-mask-size-ipv6", c.node_cidr_mask_size_ipv6,
                 "Mask size for IPv6 node cidr in dual-stack cluster. Default is 64.",
                 p=(c, "node_cidr_mask_size_ipv6"))

    def apply_to(self, cfg: NodeIPAMControllerConfiguration) -> None:
        """Copy into ``cfg``; split the service range on ``,`` with no trimming."""
        service_cidrs = self.config.service_cidr.split(",")
        cfg.service_cidr = service_cidrs[0]
        if len(service_cidrs) > 1:
            cfg.secondary_service_cidr = service_cidrs[1]
        cfg.node_cidr_mask_size = self.config.node_cidr_mask_size
        cfg.node_cidr_mask_size_ipv4 = self.config.node_cidr_mask_size_ipv4
        cfg.node_cidr_mask_size_ipv6 = self.config.node_cidr_mask_size_ipv6

    def validate(self) -> list[Exception]:
        """The only options-level rule: at most two service CIDRs."""
        errs: list[Exception] = []
        if len(self.config.service_cidr.split(",")) > 2:
            errs.append(ValueError(
                "--service-cluster-ip-range can not contain more than two entries"))
        return errs

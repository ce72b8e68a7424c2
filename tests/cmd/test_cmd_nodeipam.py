"""NodeIPAM: options apply_to/validate, validateCIDRs, setNodeCIDRMaskSizes, cidrset."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from k8slearn.cmd.kube_controller_manager.cidrset import CidrSet
from k8slearn.cmd.kube_controller_manager.core import (
    new_node_ipam_controller,
    set_node_cidr_mask_sizes,
    validate_cidrs,
)
from k8slearn.cmd.kube_controller_manager.nodeipamcontroller import (
    NodeIPAMControllerConfiguration as Cfg,
)
from k8slearn.cmd.kube_controller_manager.nodeipamcontroller import NodeIPAMControllerOptions
from k8slearn.cmd.kube_controller_manager.range_allocator import RangeAllocator
from k8slearn.cmd.pflag import FlagSet

NO_CIDRS = ("CIDR allocation failed; there are no remaining CIDRs left to allocate in the "
            "accepted range")


@pytest.mark.parametrize("flag,primary,secondary", [
    ("", "", ""),
    ("10.96.0.0/12", "10.96.0.0/12", ""),
    ("10.96.0.0/12,fd00::/108", "10.96.0.0/12", "fd00::/108"),
    ("10.96.0.0/12, fd00::/108", "10.96.0.0/12", " fd00::/108"),  # not trimmed
    ("a,b,c", "a", "b"),  # extra entries ignored by apply_to
    (",", "", ""),
], ids=["empty", "one", "two", "untrimmed", "three", "comma-only"])
def test_apply_to_splits_without_trimming(flag, primary, secondary) -> None:
    o = NodeIPAMControllerOptions()
    o.config.service_cidr = flag
    o.config.node_cidr_mask_size_ipv4 = 26
    cfg = Cfg()
    o.apply_to(cfg)
    assert (cfg.service_cidr, cfg.secondary_service_cidr) == (primary, secondary)
    assert cfg.node_cidr_mask_size_ipv4 == 26


@pytest.mark.parametrize("flag,errors", [
    ("", []), ("x,y", []), ("not-a-cidr", []),
    ("a,b,c", ["--service-cluster-ip-range can not contain more than two entries"]),
], ids=["empty", "two-bad", "bad-syntax-is-fine", "three"])
def test_validate_only_counts_entries(flag, errors) -> None:
    o = NodeIPAMControllerOptions()
    o.config.service_cidr = flag
    o.config.node_cidr_mask_size = 99  # no mask check here either
    assert [str(e) for e in o.validate()] == errors


def test_add_flags_bind_into_the_config_with_upstream_help() -> None:
    o = NodeIPAMControllerOptions()
    fs = FlagSet("nodeipam")
    o.add_flags(fs)
    fs.parse(["--service-cluster-ip-range=10.0.0.0/16", "--node-cidr-mask-size-ipv6", "80"])
    assert (o.config.service_cidr, o.config.node_cidr_mask_size_ipv6) == ("10.0.0.0/16", 80)
    assert fs.lookup("node-cidr-mask-size").usage == (
        "Mask size for node cidr in cluster. Default is 24 for IPv4 and 64 for IPv6.")
    assert fs.lookup("service-cluster-ip-range").usage == (
        "CIDR Range for Services in cluster. Only used when --allocate-node-cidrs=true; "
        "if false, this option will be ignored.")
    assert [f.name for f in fs.visit_all()] == [
        "node-cidr-mask-size", "node-cidr-mask-size-ipv4", "node-cidr-mask-size-ipv6",
        "service-cluster-ip-range"]


@pytest.mark.parametrize("value,expected", [
    ("10.0.0.0/16", ["10.0.0.0/16"]),
    ("  10.0.0.0/16 ", ["10.0.0.0/16"]),  # the whole string is trimmed
    ("10.0.0.0/16,fd00::/48", ["10.0.0.0/16", "fd00::/48"]),
    ("fd00::/48,10.0.0.0/16", ["fd00::/48", "10.0.0.0/16"]),
    ("010.0.0.0/8", ["10.0.0.0/8"]),  # sloppy: leading zeros accepted
], ids=["v4", "trimmed", "dual", "v6-first", "sloppy"])
def test_validate_cidrs_accepts(value, expected) -> None:
    assert [str(c) for c in validate_cidrs(value)] == expected


@pytest.mark.parametrize("value,message", [
    ("", 'failed to parse cidr value:"" with error:invalid CIDR address: '),
    ("10.0.0.0/16, fd00::/48",
     'failed to parse cidr value:" fd00::/48" with error:invalid CIDR address:  fd00::/48'),
    ("10.0.0.0/16,10.1.0.0/16", "len of ClusterCIDRs==2 and they are not configured as dual "
                                "stack (at least one from each IPFamily"),
    ("10.0.0.0/16,10.1.0.0/16,10.2.0.0/16", "len of ClusterCIDRs==3 and they are not "
                                            "configured as dual stack (at least one from each "
                                            "IPFamily"),
    ("10.0.0.0/16,fd00::/48,10.2.0.0/16", "length of clusterCIDRs is:3 more than max allowed "
                                          "of 2"),
    ("10.0.0.0/33", 'failed to parse cidr value:"10.0.0.0/33" with error:invalid CIDR '
                    "address: 10.0.0.0/33"),
], ids=["empty", "entry-not-trimmed", "two-v4", "three-v4", "three-mixed", "bad-prefix"])
def test_validate_cidrs_messages(value, message) -> None:
    with pytest.raises(ValueError) as e:
        validate_cidrs(value)
    assert str(e.value) == message


V4, V6 = "10.0.0.0/8", "fd00::/48"
DUAL = "usage of --node-cidr-mask-size is not allowed with dual-stack clusters"
BOTH = ("usage of --node-cidr-mask-size-ipv4 and --node-cidr-mask-size-ipv6 is not allowed if "
        "--node-cidr-mask-size is set. For dual-stack clusters please unset it and use IPFamily "
        "specific flags")
V4_ON_V6 = "usage of --node-cidr-mask-size-ipv4 is not allowed for a single-stack IPv6 cluster"
V6_ON_V4 = "usage of --node-cidr-mask-size-ipv6 is not allowed for a single-stack IPv4 cluster"


@pytest.mark.parametrize("cidrs,mask,v4,v6,expected", [
    # dual-stack
    ([V4, V6], 25, 0, 0, DUAL),
    ([V4, V6], 25, 26, 80, DUAL),
    ([V4, V6], 0, 0, 0, [24, 64]),
    ([V4, V6], 0, 26, 0, [26, 64]),
    ([V4, V6], 0, 0, 80, [24, 80]),
    ([V6, V4], 0, 26, 80, [80, 26]),  # cluster-CIDR order, not family order
    # single-stack with --node-cidr-mask-size
    ([V4], 25, 26, 0, BOTH),
    ([V6], 25, 0, 80, BOTH),
    ([V4], 25, 0, 0, [25]),
    ([V6], 25, 0, 0, [25]),  # the legacy flag applies whatever the family
    # single-stack with family flags
    ([V6], 0, 26, 0, V4_ON_V6),
    ([V6], 0, 26, 80, V4_ON_V6),
    ([V4], 0, 0, 80, V6_ON_V4),
    ([V4], 0, 26, 80, V6_ON_V4),
    ([V4], 0, 26, 0, [26]),
    ([V6], 0, 0, 80, [80]),
    # nothing set
    ([V4], 0, 0, 0, [24]),
    ([V6], 0, 0, 0, [64]),
], ids=["dual+mask", "dual+all", "dual-defaults", "dual-v4", "dual-v6", "dual-v6-first",
        "v4-mask+family", "v6-mask+family", "v4-mask", "v6-mask", "v6-with-v4flag",
        "v6-with-both", "v4-with-v6flag", "v4-with-both", "v4-family", "v6-family",
        "v4-default", "v6-default"])
def test_set_node_cidr_mask_sizes(cidrs, mask, v4, v6, expected) -> None:
    cfg = Cfg(node_cidr_mask_size=mask, node_cidr_mask_size_ipv4=v4, node_cidr_mask_size_ipv6=v6)
    parsed = [ipaddress.ip_network(c) for c in cidrs]
    if isinstance(expected, str):
        with pytest.raises(ValueError) as e:
            set_node_cidr_mask_sizes(cfg, parsed)
        assert str(e.value) == expected
    else:
        assert set_node_cidr_mask_sizes(cfg, parsed) == expected


def _start(cluster: str = "10.0.0.0/16", allocate: bool = True, allocator: str = "RangeAllocator",
           **cfg):
    return new_node_ipam_controller(allocate, cluster, allocator, Cfg(**cfg))


def test_start_not_started_when_allocation_is_off() -> None:
    # Nothing is checked at all: even a garbage cluster CIDR passes.
    assert _start(cluster="garbage", allocate=False) is None


@pytest.mark.parametrize("kwargs,message", [
    ({"allocator": "CloudAllocator", "cluster": "garbage"},
     "--cidr-allocator-type is set to 'CloudAllocator' but cloud provider is not configured"),
    ({"service_cidr": "10.96.0.0/12", "secondary_service_cidr": "10.97.0.0/16"},
     "serviceCIDR and secondaryServiceCIDR are not dualstack (from different IPfamiles)"),
    ({"cluster": "10.0.0.0/16", "node_cidr_mask_size": 8},
     "Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal "
     "to --node-cidr-mask-size configured for CIDR family"),
    ({"cluster": "garbage", "node_cidr_mask_size": 8},
     'failed to parse cidr value:"garbage" with error:invalid CIDR address: garbage'),
], ids=["cloud-allocator-first", "service-not-dual", "cluster-smaller-than-mask",
        "cluster-checked-before-masks"])
def test_start_errors_in_upstream_order(kwargs, message) -> None:
    with pytest.raises(ValueError) as e:
        _start(**kwargs)
    assert str(e.value) == message


def test_bad_service_cidr_only_warns() -> None:
    plan = _start(service_cidr="10.96.0.0/12", secondary_service_cidr=" fd00::/108")
    assert plan is not None and plan.secondary_service_cidr is None
    assert plan.warnings == ['"Warning: unsuccessful parsing of service CIDR" '
                             'CIDR=" fd00::/108" err="invalid CIDR address:  fd00::/108"']


def test_cidrset_hands_out_blocks_in_order_then_runs_out() -> None:
    s = CidrSet(ipaddress.ip_network("10.0.0.0/22"), 24)
    assert [str(s.allocate_next()) for _ in range(4)] == [
        "10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
    with pytest.raises(Exception, match=f"^{NO_CIDRS}$"):
        s.allocate_next()


def test_cidrset_ipv6_difference_over_16_is_too_big() -> None:
    with pytest.raises(Exception, match="^New CIDR set failed; the node CIDR size is too big$"):
        CidrSet(ipaddress.ip_network("fd00::/48"), 65)
    assert CidrSet(ipaddress.ip_network("10.0.0.0/8"), 30).max_cidrs == 1 << 22  # no IPv4 limit


def test_range_allocator_skips_the_service_range_and_gives_dual_stack_pairs() -> None:
    a = RangeAllocator([ipaddress.ip_network("10.0.0.0/23"), ipaddress.ip_network("fd00::/63")],
                       [24, 64], service_cidr=ipaddress.ip_network("10.0.0.0/24"))
    assert [str(c) for c in a.allocate("node-0")] == ["10.0.1.0/24", "fd00::/64"]
    with pytest.raises(RuntimeError) as e:
        a.allocate("node-1")
    assert str(e.value) == f"failed to allocate cidr from cluster cidr at idx:0: {NO_CIDRS}"


@given(prefix=st.integers(8, 24), extra=st.integers(0, 6), data=st.data())
def test_cidrset_blocks_are_distinct_and_inside_the_cluster(prefix, extra, data) -> None:
    cluster = ipaddress.ip_network(f"10.0.0.0/{prefix}", strict=False)
    s = CidrSet(cluster, prefix + extra)
    n = data.draw(st.integers(1, 1 << extra))
    blocks = [s.allocate_next() for _ in range(n)]
    assert len(set(blocks)) == n
    assert all(b.subnet_of(cluster) and b.prefixlen == prefix + extra for b in blocks)

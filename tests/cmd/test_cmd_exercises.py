"""The cmd exercises' expected answers agree with the implementation."""

from __future__ import annotations

import ipaddress

from k8slearn.cmd.importverifier import ImportRestriction
from k8slearn.cmd.kube_controller_manager.__main__ import main as kcm
from k8slearn.cmd.kube_controller_manager.core import (
    new_node_ipam_controller,
    set_node_cidr_mask_sizes,
    validate_cidrs,
)
from k8slearn.cmd.kube_controller_manager.nodeipamcontroller import (
    NodeIPAMControllerConfiguration,
    NodeIPAMControllerOptions,
)
from k8slearn.cmd.kube_controller_manager.range_allocator import RangeAllocator
from k8slearn.cmd.sanity import FLAG_NAME_REGEX
from k8slearn.cmd.toolrun import run_tool
from k8slearn.exercises import check


def test_mask_sizes_answer() -> None:
    cfg = NodeIPAMControllerConfiguration(node_cidr_mask_size_ipv4=26)
    got = set_node_cidr_mask_sizes(cfg, validate_cidrs("fd00::/48,10.244.0.0/16"))
    assert check("cmd.mask_sizes", got).correct


def test_dual_stack_mask_answer() -> None:
    r = run_tool(kcm, ["--allocate-node-cidrs", "--cluster-cidr=10.0.0.0/16,fd00::/48",
                       "--node-cidr-mask-size=24"])
    assert check("cmd.dual_stack_mask", r.code).correct


def test_service_cidrs_used_answer() -> None:
    o = NodeIPAMControllerOptions()
    o.config.service_cidr = "10.96.0.0/12, fd00::/108"
    cfg = NodeIPAMControllerConfiguration()
    o.apply_to(cfg)
    plan = new_node_ipam_controller(True, "10.0.0.0/16", "RangeAllocator", cfg)
    used = [c for c in (plan.service_cidr, plan.secondary_service_cidr) if c is not None]
    assert check("cmd.service_cidrs_used", len(used)).correct


def test_nodes_fit_answer() -> None:
    a = RangeAllocator([ipaddress.ip_network("10.0.0.0/22")], [24],
                       service_cidr=ipaddress.ip_network("10.0.0.0/24"))
    n = 0
    while True:
        try:
            a.allocate(f"node-{n}")
        except RuntimeError:
            break
        n += 1
    assert check("cmd.nodes_fit", n).correct


def test_clicheck_flag_answer() -> None:
    import re

    passing = [n for n in ("dry_run", "dryRun", "dry-run", "ipv4-only")
               if re.fullmatch(FLAG_NAME_REGEX, n)]
    assert passing == ["dry-run"] and check("cmd.clicheck_flag", passing[0]).correct


def test_api_prefix_answer() -> None:
    forbidden = ImportRestriction("./x", ["k8s.io.api"]).is_forbidden(
        "k8s.io.apiserver.pkg.server", "k8s.io")
    assert check("cmd.api_prefix", not forbidden).correct


def test_wrong_answers_get_hints_not_solutions() -> None:
    r = check("cmd.mask_sizes", [26, 64])
    assert not r.correct and "cluster-cidr" in r.message
    assert not check("cmd.nodes_fit", 4).correct
    assert not check("cmd.closest_file", "forbidden").correct

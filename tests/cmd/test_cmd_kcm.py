"""python -m k8slearn.cmd.kube_controller_manager: exit codes, messages, help sections."""

from __future__ import annotations

import subprocess
import sys

import pytest

from k8slearn.cmd.kube_controller_manager.__main__ import main

ALLOC = ["--allocate-node-cidrs"]


@pytest.mark.parametrize("argv,message", [
    (ALLOC + ["--cluster-cidr=10.0.0.0/16,fd00::/48", "--node-cidr-mask-size=24"],
     "usage of --node-cidr-mask-size is not allowed with dual-stack clusters"),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--node-cidr-mask-size=24",
              "--node-cidr-mask-size-ipv4=24"],
     "usage of --node-cidr-mask-size-ipv4 and --node-cidr-mask-size-ipv6 is not allowed if "
     "--node-cidr-mask-size is set. For dual-stack clusters please unset it and use IPFamily "
     "specific flags"),
    (ALLOC + ["--cluster-cidr=fd00::/48", "--node-cidr-mask-size-ipv4=24"],
     "usage of --node-cidr-mask-size-ipv4 is not allowed for a single-stack IPv6 cluster"),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--node-cidr-mask-size-ipv6=64"],
     "usage of --node-cidr-mask-size-ipv6 is not allowed for a single-stack IPv4 cluster"),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16,10.1.0.0/16"],
     "len of ClusterCIDRs==2 and they are not configured as dual stack (at least one from "
     "each IPFamily"),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16,fd00::/48,10.1.0.0/16"],
     "length of clusterCIDRs is:3 more than max allowed of 2"),
    (ALLOC, 'failed to parse cidr value:"" with error:invalid CIDR address: '),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--cidr-allocator-type=CloudAllocator"],
     "--cidr-allocator-type is set to 'CloudAllocator' but cloud provider is not configured"),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--service-cluster-ip-range=10.96.0.0/12,fd00::/108,x"],
     "--service-cluster-ip-range can not contain more than two entries"),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--service-cluster-ip-range=10.96.0.0/12,10.1.0.0/16"],
     "serviceCIDR and secondaryServiceCIDR are not dualstack (from different IPfamiles)"),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--node-cidr-mask-size=12"],
     "Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal "
     "to --node-cidr-mask-size configured for CIDR family"),
    (["--controllers=*,nodeipam,bogus,-nope"],
     '["bogus" is not in the list of known controllers, '
     '"nope" is not in the list of known controllers]'),
    (["extra", "args"],
     '"kube-controller-manager" does not take any arguments, got ["extra" "args"]'),
], ids=["dual+mask", "mask+family", "v4flag-on-v6", "v6flag-on-v4", "two-v4", "three",
        "empty-cluster-cidr", "cloud-allocator", "three-services", "services-same-family",
        "mask-too-small", "unknown-controllers", "positional"])
def test_invalid_combinations_exit_1_with_upstream_message(argv, message, capsys) -> None:
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"Error: {message}\n"  # one line, no usage: not a flag-parse error


def test_valid_configuration_prints_resolved_config_and_exits_0(capsys) -> None:
    argv = ALLOC + ["--cluster-cidr= fd00::/48,10.244.0.0/16 ", "--node-cidr-mask-size-ipv4=26",
                    "--service-cluster-ip-range=10.96.0.0/12,fd01::/108"]
    assert main(argv) == 0
    assert capsys.readouterr() == (
        "node-ipam-controller: started (RangeAllocator)\n"
        "  cluster CIDRs:         fd00::/48,10.244.0.0/16\n"
        "  node CIDR mask sizes:  64,26\n"
        "  service CIDRs:         10.96.0.0/12,fd01::/108\n", "")


def test_simulate_nodes_until_the_range_runs_out(capsys) -> None:
    argv = ALLOC + ["--cluster-cidr=10.0.0.0/22", "--service-cluster-ip-range=10.0.0.0/24",
                    "--simulate-nodes=4"]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[-4:] == [
        "  occupied by services:  10.0.0.0/24 in 10.0.0.0/22",
        "node-0: 10.0.1.0/24", "node-1: 10.0.2.0/24", "node-2: 10.0.3.0/24"]
    assert err == ("Error: failed to allocate cidr from cluster cidr at idx:0: CIDR allocation "
                   "failed; there are no remaining CIDRs left to allocate in the accepted range\n")


@pytest.mark.parametrize("argv,line", [
    ([], "node-ipam-controller: not started (--allocate-node-cidrs=false)\n"),
    (ALLOC + ["--controllers=*,-nodeipam"], "node-ipam-controller: disabled by --controllers\n"),
    (ALLOC + ["--controllers=deployment"], "node-ipam-controller: disabled by --controllers\n"),
], ids=["allocation-off", "disabled-by-alias", "not-listed"])
def test_node_ipam_not_started(argv, line, capsys) -> None:
    assert main(argv) == 0
    assert capsys.readouterr().out == line


def test_bad_flag_value_prints_usage_then_error(capsys) -> None:
    assert main(["--node-cidr-mask-size=abc"]) == 1
    _, err = capsys.readouterr()
    assert err.startswith("Usage:\n  kube-controller-manager [flags]\n\nDebugging flags:\n")
    assert err.endswith('Error: invalid argument "abc" for "--node-cidr-mask-size" flag: '
                        'strconv.ParseInt: parsing "abc": invalid syntax\n')


def test_help_sections_in_first_use_order(capsys) -> None:
    assert main(["--help"]) == 0
    titles = [x for x in capsys.readouterr().out.splitlines() if x.endswith(" flags:")]
    assert titles == ["Debugging flags:", "Leader-migration flags:", "Generic flags:",
                      "Nodeipam controller flags:", "Misc flags:", "K8slearn simulation flags:",
                      "Global flags:"]


def test_underscored_flags_and_version(capsys) -> None:
    assert main(["--allocate_node_cidrs", "--cluster_cidr=10.0.0.0/16"]) == 0
    assert "10.0.0.0/16" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == "Kubernetes v1.36.0\n"


@pytest.mark.parametrize("argv", [
    ["--node-cidr-mask-size=x"], ["--allocate-node-cidrs", "--cluster-cidr=bad"], ["--version=v2"],
])
def test_no_traceback_from_the_real_process(argv) -> None:
    proc = subprocess.run([sys.executable, "-m", "k8slearn.cmd.kube_controller_manager", *argv],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("Error: ")

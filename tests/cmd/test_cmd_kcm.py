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
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--service-cluster-ip-range=10.96.0.0/12,10.1.0.0/16"],
     "serviceCIDR and secondaryServiceCIDR are not dualstack (from different IPfamiles)"),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--node-cidr-mask-size=12"],
     "Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal "
     "to --node-cidr-mask-size configured for CIDR family"),
], ids=["dual+mask", "mask+family", "v4flag-on-v6", "v6flag-on-v4", "two-v4", "three",
        "empty-cluster-cidr", "cloud-allocator", "services-same-family", "mask-too-small"])
def test_controller_start_failures_are_klog_lines_after_the_lease(argv, message, capsys) -> None:
    """v1.36 Run: BuildControllers logs the error twice and klog.FlushAndExit(.., 1)."""
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    q = message.replace('"', '\\"')
    assert err.splitlines() == [
        f'{T} controllermanager.go:190] "Starting" version="v1.36.0"',
        f'{T} controllermanager.go:192] "Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""',
        f'{T} leaderelection.go:258] "Attempting to acquire leader lease..." '
        'lock="kube-system/kube-controller-manager"',
        f'{T} leaderelection.go:272] "Successfully acquired lease" '
        'lock="kube-system/kube-controller-manager"',
        f'E{T[1:]} controllermanager.go:473] "Error initializing a controller" err="{q}" '
        'controller="node-ipam-controller"',
        f'E{T[1:]} controllermanager.go:265] "Error building controllers" err="{q}"']


T = "I1207 08:00:00.000000   12345"


@pytest.mark.parametrize("argv,message", [
    (["--controllers=*,nodeipam,bogus,-nope"],
     '["bogus" is not in the list of known controllers, '
     '"nope" is not in the list of known controllers]'),
    (ALLOC + ["--cluster-cidr=10.0.0.0/16", "--service-cluster-ip-range=10.96.0.0/12,fd00::/108,x"],
     "--service-cluster-ip-range can not contain more than two entries"),
], ids=["unknown-controllers", "three-services"])
def test_option_validation_fails_in_run_e_as_command_failed(argv, message, capsys) -> None:
    """s.Config() errors come back from RunE after logs.InitLogs: cli.Run logs them."""
    assert main(argv) == 1
    q = message.replace('"', '\\"')
    assert capsys.readouterr() == (
        "", f'E1207 08:00:00.000000   12345 run.go:72] "command failed" err="{q}"\n')


def test_positional_args_are_an_error_line_before_logging(capsys) -> None:
    assert main(["extra", "args"]) == 1
    assert capsys.readouterr().err == (
        'Error: "kube-controller-manager" does not take any arguments, got ["extra" "args"]\n')


def test_unknown_allocator_type_fails_when_built(capsys) -> None:
    """ipam.New: invalid CIDR allocator type (issue #11 item 5)."""
    assert main(ALLOC + ["--cluster-cidr=10.0.0.0/16", "--cidr-allocator-type=Foo"]) == 1
    assert 'err="invalid CIDR allocator type: Foo"' in capsys.readouterr().err


def test_a_standby_with_a_bad_flag_does_not_fail(capsys) -> None:
    argv = ALLOC + ["--cluster-cidr=10.0.0.0/16", "--cidr-allocator-type=Foo",
                    "--simulate-lease-held-by=cp-2"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "Error" not in err and "cp-2 holds the lease" in out


def test_without_leader_election_it_builds_at_once(capsys) -> None:
    assert main(ALLOC + ["--cluster-cidr=10.0.0.0/16", "--cidr-allocator-type=Foo",
                         "--leader-elect=false"]) == 1
    assert "leaderelection.go" not in capsys.readouterr().err


def test_valid_configuration_prints_resolved_config_and_exits_0(capsys) -> None:
    argv = ALLOC + ["--cluster-cidr= fd00::/48,10.244.0.0/16 ", "--node-cidr-mask-size-ipv4=26",
                    "--service-cluster-ip-range=10.96.0.0/12,fd01::/108"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert out == (
        "node-ipam-controller: started (RangeAllocator)\n"
        "  cluster CIDRs:         fd00::/48,10.244.0.0/16\n"
        "  node CIDR mask sizes:  64,26\n"
        "  service CIDRs:         10.96.0.0/12,fd01::/108\n")
    assert err.splitlines()[-1] == (f'{T} range_allocator.go:177] "Starting range CIDR allocator" '
                                    'logger="node-ipam-controller"')


EXHAUSTED = ("failed to allocate cidr from cluster cidr at idx:0: CIDR allocation failed; there "
             "are no remaining CIDRs left to allocate in the accepted range")


def test_exhaustion_is_requeued_rate_limited_and_the_process_keeps_running(capsys) -> None:
    """Issue #11 item 3: CIDRNotAvailable event + "error syncing" + AddRateLimited, exit 0."""
    argv = ALLOC + ["--cluster-cidr=10.0.0.0/22", "--service-cluster-ip-range=10.0.0.0/24",
                    "--simulate-nodes=4", "--simulate-retries=3"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    sets = [ln.split("] ", 1)[1] for ln in err.splitlines() if "Set node PodCIDR" in ln]
    # the line a v1.35/v1.36-era cluster prints: the controller's logger name comes first
    assert sets == [f'"Set node PodCIDR" logger="node-ipam-controller" node="node-{i}" '
                    f'podCIDRs=["10.0.{i + 1}.0/24"]'
                    for i in range(3)]
    errors = [ln for ln in err.splitlines() if ln.startswith("E")]
    # the default controller rate limiter: 5ms, 10ms, 20ms between attempts
    assert [ln[:21] for ln in errors] == ["E1207 08:00:00.000000", "E1207 08:00:00.005000",
                                          "E1207 08:00:00.015000", "E1207 08:00:00.035000"]
    assert errors[0].endswith(
        f'"Unhandled Error" err="error syncing \'node-3\': {EXHAUSTED}, requeuing" '
        'logger="UnhandledError"')
    assert ("  Normal  CIDRNotAvailable  0s (x4 over 0s)  cidrAllocator  "
            "Node node-3 status is now: CIDRNotAvailable") in out.splitlines()


def test_existing_node_outside_a_changed_cluster_cidr_crash_loops(capsys) -> None:
    """Issue #11 item 6: occupyCIDRs fails in NewCIDRRangeAllocator, at every start."""
    argv = ALLOC + ["--cluster-cidr=10.1.0.0/16", "--simulate-existing-nodes=a=10.1.0.0/24",
                    "--simulate-existing-nodes=b=10.0.5.0/24"]
    for _ in range(2):  # the kubelet restarts the static pod: same failure every time
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert ('"Error building controllers" err="failed to mark cidr[10.0.5.0/24] at idx [0] '
                'as occupied for node: b: cidr 10.0.5.0/24 is out the range of cluster cidr '
                '10.1.0.0/16"') in err


def test_existing_dual_stack_node_on_a_single_stack_cluster(capsys) -> None:
    argv = ALLOC + ["--cluster-cidr=10.1.0.0/16",
                    "--simulate-existing-nodes=a=10.1.0.0/24,a=fd00::/64"]
    assert main(argv) == 1
    assert ("node:a has an allocated cidr: fd00::/64 at index:1 that does not exist in cluster "
            "cidrs configuration") in capsys.readouterr().err


def test_existing_nodes_are_occupied_before_new_ones_are_served(capsys) -> None:
    argv = ALLOC + ["--cluster-cidr=10.1.0.0/22", "--simulate-existing-nodes=a=10.1.0.0/24",
                    "--simulate-nodes=1"]
    assert main(argv) == 0
    assert 'node="node-0" podCIDRs=["10.1.1.0/24"]' in capsys.readouterr().err


@pytest.mark.parametrize("argv,value", [
    (["--node-cidr-mask-size=2147483648"], "2147483648"),
    (["--kube-api-burst=2147483648"], "2147483648"),
], ids=["mask", "burst"])
def test_int32_flags_reject_out_of_range(argv, value, capsys) -> None:
    assert main(argv) == 1
    assert capsys.readouterr().err.endswith(
        f'strconv.ParseInt: parsing "{value}": value out of range\n')


def test_float32_and_int32_in_help(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--kube-api-qps float32" in out and "--kube-api-burst int32" in out
    assert "--node-cidr-mask-size int32" in out


def test_v136_aliases_are_accepted(capsys) -> None:
    assert main(["--controllers=*,-ttl,-service,-route,-attachdetach", "--leader-elect=false"]) == 0
    assert "Error" not in capsys.readouterr().err


@pytest.mark.parametrize("argv,line", [
    ([], '"Warning: skipping controller" controller="node-ipam-controller"'),
    (ALLOC + ["--controllers=*,-nodeipam"],
     '"Warning: controller is disabled" controller="node-ipam-controller"'),
    (ALLOC + ["--controllers=deployment"],
     '"Warning: controller is disabled" controller="node-ipam-controller"'),
], ids=["allocation-off", "disabled-by-alias", "not-listed"])
def test_node_ipam_not_started(argv, line, capsys) -> None:
    assert main(argv) == 0
    assert capsys.readouterr().err.splitlines()[-1].endswith(line)


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


@pytest.mark.parametrize("argv,last", [
    (["--node-cidr-mask-size=x"], "Error: "), (["--version=v2"], "Error: "),
    (["--allocate-node-cidrs", "--cluster-cidr=bad"], "E1207 "),
])
def test_no_traceback_from_the_real_process(argv, last) -> None:
    proc = subprocess.run([sys.executable, "-m", "k8slearn.cmd.kube_controller_manager", *argv],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith(last)


def test_every_synced_node_logs_successfully_synced_after_its_pod_cidr(capsys) -> None:
    """processNextNodeWorkItem logs "Successfully synced" (Info) after each sync without
    error, nodes that already had CIDRs included; a failing key never gets the line."""
    argv = ALLOC + ["--cluster-cidr=10.0.0.0/22", "--simulate-existing-nodes=old=10.0.0.0/24",
                    "--simulate-nodes=4", "--simulate-retries=1"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    worker = [ln.split("] ", 1)[0].rsplit(" ", 1)[1] + "] " + ln.split("] ", 1)[1]
              for ln in err.splitlines()
              if "Successfully synced" in ln or "Set node PodCIDR" in ln or "Unhandled" in ln]
    synced = [ln for ln in worker if "Successfully synced" in ln]
    assert synced[0] == ('range_allocator.go:247] "Successfully synced" '
                         'logger="node-ipam-controller" key="old"')
    for i in range(3):  # each Set node PodCIDR is followed by its Successfully synced
        at = next(j for j, ln in enumerate(worker) if f'node="node-{i}"' in ln)
        assert worker[at + 1].endswith(f'"Successfully synced" logger="node-ipam-controller" '
                                       f'key="node-{i}"')
    assert not any('key="node-3"' in ln for ln in synced)
    assert all(ln.startswith("range_allocator.go:252]") for ln in worker if "Unhandled" in ln)

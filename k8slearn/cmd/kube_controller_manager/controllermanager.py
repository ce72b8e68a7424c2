"""``NewControllerManagerCommand``: the kube-controller-manager command, NodeIPAM path only.

The anatomy every component shares: ``main`` -> ``new_controller_manager_command()``
-> ``cli.run`` -> RunE: ``--version`` check, ``options.config()`` (validate, then
apply), ``Config.complete()``, then ``run``.  Flags are registered per section
into a NamedFlagSets, verflag and ``--help`` go to "global", every section is
added to the command, and help/usage print the sections wrapped to the terminal
width (0 when stdout is not a terminal).

``run`` here does not loop forever.  It "starts" only the node IPAM controller:
the start-time checks of :mod:`.core` run with upstream's messages (a failure
exits 1, as ``klog.FlushAndExit(..., 1)`` does upstream), then it prints the
resolved configuration and exits 0.  Course addition: ``--simulate-nodes N``
runs the range allocator for N nodes and prints each node's pod CIDR(s).

Deviation: upstream logs the start failure through klog ("Error starting
controllers"); k8slearn prints ``Error: <message>`` (see ``cli.run``).

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/app/controllermanager.go @ v1.36.0
"""

from __future__ import annotations

from typing import TextIO

from k8slearn.cmd import verflag
from k8slearn.cmd.cli import (
    Command,
    NamedFlagSets,
    reject_args,
    set_usage_and_help_func,
    terminal_size,
)
from k8slearn.cmd.kube_controller_manager.controllers import is_controller_enabled
from k8slearn.cmd.kube_controller_manager.core import (
    NODE_IPAM_CONTROLLER,
    NodeIPAMPlan,
    start_node_ipam_controller,
)
from k8slearn.cmd.kube_controller_manager.options import (
    CompletedConfig,
    KubeControllerManagerOptions,
)
from k8slearn.cmd.kube_controller_manager.range_allocator import RangeAllocator
from k8slearn.cmd.templates import long_desc

__all__ = ["new_controller_manager_command", "SimulationOptions", "run"]

MAX_SIMULATED_NODES = 100_000


class SimulationOptions:
    """k8slearn's own section: drive the allocator with pretend nodes."""

    def __init__(self) -> None:
        self.simulate_nodes = 0

    def add_flags(self, fs) -> None:
        fs.int("simulate-nodes", 0, "k8slearn only: after a successful start, allocate pod CIDRs "
               "for this many pretend nodes (node-0, node-1, ...) with the range allocator and "
               "print them.", p=(self, "simulate_nodes"))

    def validate(self) -> list[Exception]:
        if not 0 <= self.simulate_nodes <= MAX_SIMULATED_NODES:
            return [ValueError(f"--simulate-nodes must be between 0 and {MAX_SIMULATED_NODES}, "
                               f"got {self.simulate_nodes}")]
        return []


def _describe(plan: NodeIPAMPlan, out: TextIO) -> None:
    services = [str(c) for c in (plan.service_cidr, plan.secondary_service_cidr) if c]
    print(f"{NODE_IPAM_CONTROLLER}: started ({plan.allocator_type})", file=out)
    print(f"  cluster CIDRs:         {','.join(str(c) for c in plan.cluster_cidrs)}", file=out)
    print(f"  node CIDR mask sizes:  {','.join(str(m) for m in plan.node_cidr_mask_sizes)}",
          file=out)
    print(f"  service CIDRs:         {','.join(services) or '<none>'}", file=out)


def run(c: CompletedConfig, sim: SimulationOptions, out: TextIO, err: TextIO) -> None:
    """Start the node IPAM controller (checks only), then optionally simulate nodes."""
    if not is_controller_enabled(NODE_IPAM_CONTROLLER, c.controllers):
        print(f"{NODE_IPAM_CONTROLLER}: disabled by --controllers", file=out)
        return
    shared = c.kube_cloud_shared
    plan = start_node_ipam_controller(shared.allocate_node_cidrs, shared.cluster_cidr,
                                      shared.cidr_allocator_type, c.node_ipam)
    if plan is None:
        print(f"{NODE_IPAM_CONTROLLER}: not started (--allocate-node-cidrs=false)", file=out)
        return
    for w in plan.warnings:
        print(w, file=err)
    allocator = RangeAllocator(plan.cluster_cidrs, plan.node_cidr_mask_sizes,
                               plan.service_cidr, plan.secondary_service_cidr)
    _describe(plan, out)
    for idx, svc in allocator.occupied:
        print(f"  occupied by services:  {svc} in {plan.cluster_cidrs[idx]}", file=out)
    for i in range(sim.simulate_nodes):
        cidrs = allocator.allocate(f"node-{i}")
        print(f"node-{i}: {','.join(str(x) for x in cidrs)}", file=out)


def new_controller_manager_command() -> Command:
    """The kube-controller-manager command (fresh options each call)."""
    s = KubeControllerManagerOptions()
    sim = SimulationOptions()

    def run_e(cmd: Command, args: list[str]) -> None:
        verflag.print_and_exit_if_requested(cmd.out_or_stdout())
        errs = sim.validate()
        if errs:
            raise errs[0]
        config = s.config()
        run(config.complete(), sim, cmd.out_or_stdout(), cmd.err_or_stderr())

    cmd = Command(
        "kube-controller-manager",
        long=long_desc("""
            kube-controller-manager runs Kubernetes' built-in controllers: control loops
            that watch the cluster through the API server and move what exists towards
            what was asked for.  This k8slearn rebuild runs only the start-time checks of
            the node IPAM controller, prints the configuration it resolved, and exits;
            --simulate-nodes also hands out pod CIDRs to pretend nodes."""),
        run=run_e, args=reject_args, persistent_pre_run=lambda c, a: None)
    fss: NamedFlagSets = s.flags()
    sim.add_flags(fss.flag_set("k8slearn simulation"))
    verflag.add_flags(fss.flag_set("global"))
    fss.flag_set("global").bool("help", False, f"help for {cmd.name()}", shorthand="h")
    for name in fss.order:
        cmd.flags().add_flag_set(fss.flag_sets[name])
    set_usage_and_help_func(cmd, fss, terminal_size())
    return cmd

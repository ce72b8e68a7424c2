"""``NewControllerManagerCommand`` and ``Run``: kube-controller-manager, NodeIPAM path only.

The anatomy every component shares: ``main`` -> ``new_controller_manager_command()``
-> ``cli.run`` -> RunE: ``--version`` check, ``options.config()`` (validate, then
apply), ``Config.complete()``, then ``run``.  Flags are registered per section
into a NamedFlagSets, verflag and ``--help`` go to "global", every section is
added to the command, and help/usage print the sections wrapped to the terminal
width (0 when stdout is not a terminal).

Where each kind of failure shows up, as in v1.36:

* flag and argument errors: ``Error: ...`` from ``cli.Run`` (before logging);
* option validation (``s.Config``): returned from RunE, logged by ``cli.Run`` as
  ``"command failed" err="..."``;
* a controller that cannot be built: ``Run`` logs, in klog's text format,
  ``"Error initializing a controller" err="..." controller="node-ipam-controller"``
  then ``"Error building controllers" err="..."`` and exits 1 with
  ``klog.FlushAndExit``, but only *after* the API server answered
  (``WaitForAPIServer``, assumed healthy here) and *after* this instance won the
  leader lease: a standby with a bad flag runs quietly until it becomes leader;
* a node whose pod CIDR cannot be allocated: logged and retried, the process
  keeps running (:mod:`.node_ipam_sync`).

``run`` does not loop forever.  It prints the klog lines the real process
would print (times from a FakeClock at ``k8slearn.cmd.klog.COURSE_EPOCH``,
PID 12345) on stderr, a short summary of what it resolved on stdout (a course
addition), and returns.  Course flags, in the "k8slearn simulation" section:
``--simulate-nodes N`` adds N new nodes (node-0 ...), ``--simulate-existing-nodes
name=cidr`` nodes that already have pod CIDRs (occupied at start-up),
``--simulate-retries`` how many re-queues of a failing node to show, and
``--simulate-lease-held-by`` another instance that holds the lease.

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/app/controllermanager.go @ v1.36.0
Upstream: kubernetes/client-go tools/leaderelection/leaderelection.go @ v0.36.3
"""

from __future__ import annotations

from typing import TextIO

from k8slearn import KUBERNETES_VERSION
from k8slearn.clock import FakeClock
from k8slearn.cmd import verflag
from k8slearn.cmd.cli import (
    Command,
    NamedFlagSets,
    reject_args,
    set_usage_and_help_func,
    terminal_size,
)
from k8slearn.cmd.klog import Logger
from k8slearn.cmd.kube_controller_manager.controllers import is_controller_enabled
from k8slearn.cmd.kube_controller_manager.core import (
    NODE_IPAM_CONTROLLER,
    NodeIPAMPlan,
    new_node_ipam_controller,
)
from k8slearn.cmd.kube_controller_manager.node_ipam_sync import (
    CONTROLLER_LOGGER,
    describe_events,
    run_node_workers,
)
from k8slearn.cmd.kube_controller_manager.options import (
    CompletedConfig,
    KubeControllerManagerOptions,
)
from k8slearn.cmd.kube_controller_manager.range_allocator import Node, RangeAllocator
from k8slearn.cmd.templates import long_desc

__all__ = ["new_controller_manager_command", "SimulationOptions", "run", "KCM_SITES"]

MAX_SIMULATED_NODES = 100_000
LOCK = "kube-system/kube-controller-manager"

#: file:line of each klog call site printed.  leaderelection.go's lines are exact at
#: client-go v0.36.0 and v0.36.3; the kube-controller-manager ones are approximate (the messages,
#: keys and order are upstream's).
KCM_SITES = {
    "starting": "controllermanager.go:190",
    "golang": "controllermanager.go:192",
    "acquire": "leaderelection.go:258",
    "acquired": "leaderelection.go:272",
    "init_error": "controllermanager.go:473",
    "build_error": "controllermanager.go:265",
    "skipping": "controllermanager.go:478",
    "disabled": "controllermanager.go:509",
    "service_cidr_warning": "core.go:122",
    "range_allocator": "range_allocator.go:177",
}


class SimulationOptions:
    """k8slearn's own section: drive the allocator with pretend nodes."""

    def __init__(self) -> None:
        self.simulate_nodes = 0
        self.existing_nodes: list[str] = []
        self.retries = 2
        self.lease_held_by = ""
        self.allocator: RangeAllocator | None = None  # set by run, for reports

    def add_flags(self, fs) -> None:
        fs.int("simulate-nodes", 0, "k8slearn only: after a successful start, add this many new "
               "nodes (node-0, node-1, ...) and let the range allocator give them pod CIDRs.",
               p=(self, "simulate_nodes"))
        fs.string_slice("simulate-existing-nodes", [], "k8slearn only: nodes that already have "
                        "pod CIDRs when the controller starts, as name=cidr (repeat the name for "
                        "a second, dual-stack CIDR).", p=(self, "existing_nodes"))
        fs.int("simulate-retries", 2, "k8slearn only: stop the simulation after a failing node "
               "was re-queued this many times (the real controller retries forever).",
               p=(self, "retries"))
        fs.string("simulate-lease-held-by", "", "k8slearn only: another instance holds the "
                  "leader lease, so this one waits as a standby.", p=(self, "lease_held_by"))

    def validate(self) -> list[Exception]:
        errs: list[Exception] = []
        if not 0 <= self.simulate_nodes <= MAX_SIMULATED_NODES:
            errs.append(ValueError(f"--simulate-nodes must be between 0 and "
                                   f"{MAX_SIMULATED_NODES}, got {self.simulate_nodes}"))
        if not 0 <= self.retries <= 100:
            errs.append(ValueError(f"--simulate-retries must be between 0 and 100, "
                                   f"got {self.retries}"))
        for entry in self.existing_nodes:
            name, sep, cidr = entry.partition("=")
            if not sep or not name or not cidr:
                errs.append(ValueError(f"--simulate-existing-nodes: want name=cidr, "
                                       f"got {entry!r}"))
        return errs

    def nodes(self) -> list[Node]:
        by_name: dict[str, Node] = {}
        for entry in self.existing_nodes:
            name, _, cidr = entry.partition("=")
            by_name.setdefault(name, Node(name)).pod_cidrs.append(cidr)
        return list(by_name.values())


def _describe(plan: NodeIPAMPlan, out: TextIO) -> None:
    services = [str(c) for c in (plan.service_cidr, plan.secondary_service_cidr) if c]
    print(f"{NODE_IPAM_CONTROLLER}: started ({plan.allocator_type})", file=out)
    print(f"  cluster CIDRs:         {','.join(str(c) for c in plan.cluster_cidrs)}", file=out)
    print(f"  node CIDR mask sizes:  {','.join(str(m) for m in plan.node_cidr_mask_sizes)}",
          file=out)
    print(f"  service CIDRs:         {','.join(services) or '<none>'}", file=out)


def _build_node_ipam(c: CompletedConfig, existing: list[Node], log: Logger,
                     ) -> tuple[NodeIPAMPlan, RangeAllocator] | None:
    """``newNodeIpamController`` plus ``ipam.New``: raise on failure, None if not started."""
    shared = c.kube_cloud_shared
    plan = new_node_ipam_controller(shared.allocate_node_cidrs, shared.cluster_cidr,
                                    shared.cidr_allocator_type, c.node_ipam)
    if plan is None:
        return None
    for w in plan.warnings:
        log.infof(KCM_SITES["service_cidr_warning"],
                  w.replace('" CIDR=', '" logger="node-ipam-controller" CIDR=', 1))
    allocator = RangeAllocator(plan.cluster_cidrs, plan.node_cidr_mask_sizes,
                               plan.service_cidr, plan.secondary_service_cidr, existing)
    return plan, allocator


def run(c: CompletedConfig, sim: SimulationOptions, out: TextIO, err: TextIO,
        clock: FakeClock | None = None, new_nodes: list[Node] | None = None) -> None:
    """``Run``: leader election, ``BuildControllers`` (node IPAM only), then the allocator."""
    clock = clock or FakeClock()
    log = Logger(clock, err)
    log.info_s(KCM_SITES["starting"], "Starting", "version", KUBERNETES_VERSION)
    # the environment variables are unset in k8slearn's "process": Go prints them empty
    log.info_s(KCM_SITES["golang"], "Golang settings", "GOGC", "", "GOMAXPROCS", "",
               "GOTRACEBACK", "")
    if c.leader_elect:
        log.info_s(KCM_SITES["acquire"], "Attempting to acquire leader lease...", "lock", LOCK)
        if sim.lease_held_by:
            print(f"k8slearn: {sim.lease_held_by} holds the lease; this instance waits as a "
                  "standby and builds no controllers until it wins the lease", file=out)
            return
        log.info_s(KCM_SITES["acquired"], "Successfully acquired lease", "lock", LOCK)
    if not is_controller_enabled(NODE_IPAM_CONTROLLER, c.controllers):
        log.info_s(KCM_SITES["disabled"], "Warning: controller is disabled", "controller",
                   NODE_IPAM_CONTROLLER)
        return
    existing = sim.nodes()
    try:
        built = _build_node_ipam(c, existing, log)
    except Exception as e:  # BuildControllers: log it, then klog.FlushAndExit(..., 1)
        log.error_s(KCM_SITES["init_error"], e, "Error initializing a controller",
                    "controller", NODE_IPAM_CONTROLLER)
        log.error_s(KCM_SITES["build_error"], e, "Error building controllers")
        log.flush_and_exit(1)
        return
    if built is None:
        log.info_s(KCM_SITES["skipping"], "Warning: skipping controller", "controller",
                   NODE_IPAM_CONTROLLER)
        return
    plan, allocator = built
    sim.allocator = allocator
    _describe(plan, out)
    for idx, svc in allocator.occupied:
        print(f"  occupied by services:  {svc} in {plan.cluster_cidrs[idx]}", file=out)
    for node in existing:
        print(f"  occupied by {node.name}:  {','.join(node.pod_cidrs)}", file=out)
    log.info_s(KCM_SITES["range_allocator"], "Starting range CIDR allocator", *CONTROLLER_LOGGER)
    if new_nodes is None:
        new_nodes = [Node(f"node-{i}") for i in range(sim.simulate_nodes)]
    # the informer queues every node, those that already have CIDRs too
    result = run_node_workers(allocator, existing + new_nodes, clock, log, sim.retries)
    for name, requeues in result.failing.items():
        print(f"k8slearn: stopped after {requeues} re-queues of {name}; the real controller "
              f"keeps running and retries in {result.next_delay[name] * 1000:g}ms, and so on "
              "(capped at 1000s)", file=out)
        node_events = [e for e in allocator.events.values() if e.message.split()[1] == name]
        print(f"$ kubectl describe node {name}   # the end of its output\n"
              f"{describe_events(node_events, clock.now())}", file=out)


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
            what was asked for.  This k8slearn rebuild runs only the node IPAM controller:
            it prints the log lines a real start prints, a summary of the configuration it
            resolved, and exits; the --simulate-* flags add pretend nodes."""),
        run=run_e, args=reject_args, persistent_pre_run=lambda c, a: None)
    fss: NamedFlagSets = s.flags()
    sim.add_flags(fss.flag_set("k8slearn simulation"))
    verflag.add_flags(fss.flag_set("global"))
    fss.flag_set("global").bool("help", False, f"help for {cmd.name()}", shorthand="h")
    for name in fss.order:
        cmd.flags().add_flag_set(fss.flag_sets[name])
    set_usage_and_help_func(cmd, fss, terminal_size())
    return cmd

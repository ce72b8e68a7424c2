"""The range allocator's node worker: sync a Node, and on failure re-queue it rate-limited.

``processNextNodeWorkItem`` takes a node name off the work queue and calls
``syncNode``, which gives a node without pod CIDRs its CIDRs
(:meth:`RangeAllocator.allocate_or_occupy_cidr`).  On success the node gets
``spec.podCIDRs`` (log ``"Set node PodCIDR"``), the key is ``Forget``-ed and the
worker logs ``"Successfully synced"`` (for nodes that already had CIDRs too).
On failure the key goes back with ``AddRateLimited`` and the worker returns
``error syncing '<node>': <err>, requeuing``, which ``utilruntime.HandleError``
logs as ``"Unhandled Error" err="..." logger="UnhandledError"``.  Nothing
exits: kube-controller-manager keeps running, the node keeps no pod CIDRs (its
CNI plugin has nothing to configure, so it stays NotReady), and the retries
space out as the controller rate limiter of chapter 12 dictates
(:func:`k8slearn.workqueue.default_rate_limiters.default_controller_rate_limiter`:
5ms, 10ms, 20ms, ... capped at 1000s).

k8slearn runs the loop on a :class:`~k8slearn.clock.FakeClock`: ``AddRateLimited``
is ``AddAfter(key, limiter.when(key))``, so the next attempt of a key happens
``when(key)`` seconds of fake time later.  The simulation stops after
``max_retries`` re-queues of one key (the real controller never stops).

Upstream: kubernetes/kubernetes pkg/controller/nodeipam/ipam/range_allocator.go @ v1.36.0
Upstream: kubernetes/apimachinery pkg/util/runtime/runtime.go @ v0.36.0
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from k8slearn.api.duration import human_duration
from k8slearn.clock import FakeClock
from k8slearn.cmd.klog import Logger
from k8slearn.cmd.kube_controller_manager.range_allocator import Event, Node, RangeAllocator
from k8slearn.workqueue.default_rate_limiters import default_controller_rate_limiter

__all__ = ["SyncResult", "run_node_workers", "describe_events", "human_duration",
           "CONTROLLER_LOGGER"]

RANGE_ALLOCATOR_GO = "range_allocator.go"
#: Call sites printed in the klog headers.  "Set node PodCIDR" at line 428 with the
#: controller's logger name is what v1.35/v1.36-era clusters print; real logs of the same
#: layout show "Successfully synced" at 247, so ``HandleError(err)`` sits five lines below
#: it (approximate: the messages and keys are upstream's, the numbers are read off logs).
SET_POD_CIDR_AT = f"{RANGE_ALLOCATOR_GO}:428"
SYNCED_AT = f"{RANGE_ALLOCATOR_GO}:247"
ERROR_SYNCING_AT = f"{RANGE_ALLOCATOR_GO}:252"
#: BuildControllers hands each controller a logger named after it (klog.LoggerWithName):
#: its lines carry ``logger="node-ipam-controller"`` as their first key.
CONTROLLER_LOGGER = ("logger", "node-ipam-controller")


@dataclass
class SyncResult:
    """What the simulated workers did."""

    allocated: dict[str, list[str]] = field(default_factory=dict)
    failing: dict[str, int] = field(default_factory=dict)  # node -> requeues so far
    next_delay: dict[str, float] = field(default_factory=dict)


def run_node_workers(allocator: RangeAllocator, nodes: list[Node], clock: FakeClock,
                     log: Logger, max_retries: int = 2) -> SyncResult:
    """Sync every node in order, re-queueing failures until one key hit ``max_retries``."""
    limiter = default_controller_rate_limiter(clock)
    by_name = {n.name: n for n in nodes}
    queue: list[tuple[float, int, str]] = []
    for seq, n in enumerate(nodes):
        heapq.heappush(queue, (clock.now(), seq, n.name))
    seq = len(nodes)
    result = SyncResult()
    while queue:
        ready, _, key = heapq.heappop(queue)
        if ready > clock.now():
            clock.step(ready - clock.now())
        node = by_name[key]
        if node.pod_cidrs:  # already had CIDRs: occupied at start-up, nothing to do
            limiter.forget(key)
            log.info_s(SYNCED_AT, "Successfully synced", *CONTROLLER_LOGGER, "key", key)
            continue
        try:
            cidrs = allocator.allocate_or_occupy_cidr(node, clock.now())
        except Exception as e:
            err = f"error syncing '{key}': {e}, requeuing"
            log.error_s(ERROR_SYNCING_AT, RuntimeError(err), "Unhandled Error",
                        "logger", "UnhandledError")
            requeues = limiter.num_requeues(key)
            if requeues >= max_retries:
                result.failing[key] = requeues
                result.next_delay[key] = limiter.when(key)
                return result
            delay = limiter.when(key)  # AddRateLimited = AddAfter(key, When(key))
            heapq.heappush(queue, (clock.now() + delay, seq, key))
            seq += 1
            continue
        node.pod_cidrs = [str(c) for c in cidrs]
        result.allocated[key] = node.pod_cidrs
        log.info_s(SET_POD_CIDR_AT, "Set node PodCIDR", *CONTROLLER_LOGGER, "node", key,
                   "podCIDRs", node.pod_cidrs)
        limiter.forget(key)
        log.info_s(SYNCED_AT, "Successfully synced", *CONTROLLER_LOGGER, "key", key)
    return result




def describe_events(events: list[Event], now: float) -> str:
    """The ``Events:`` section of ``kubectl describe node`` (tabwriter, 2-space padding)."""
    if not events:
        return "Events:              <none>"
    rows = [("Type", "Reason", "Age", "From", "Message"), ("----", "------", "----", "----",
                                                          "-------")]
    for ev in sorted(events, key=lambda e: e.first):
        age = human_duration(now - ev.last)
        if ev.count > 1:
            age = f"{age} (x{ev.count} over {human_duration(now - ev.first)})"
        rows.append((ev.type, ev.reason, age, ev.source, ev.message))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["Events:"]
    for r in rows:
        lines.append("  " + "  ".join(c.ljust(w) for c, w in zip(r[:4], widths, strict=True))
                     + "  " + r[4])
    return "\n".join(lines)

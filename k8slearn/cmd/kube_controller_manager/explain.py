"""``nodeipam explain``: what the node IPAM controller would do with a real cluster's files.

Inputs are what an operator has at hand: the kube-controller-manager static-pod
manifest (``/etc/kubernetes/manifests/kube-controller-manager.yaml``) and
``kubectl get nodes -o yaml``.  The flags are read from the container's
``command`` and ``args`` with kube-controller-manager's own flag set (the
k8slearn rebuild of it); flags the rebuild does not model are listed and
skipped.  Then the real start-up path runs on a fake clock: option validation,
``newNodeIpamController``, the range allocator occupying every node that has
``spec.podCIDRs`` (in list order), and the node worker giving the others CIDRs.

The report lists each cluster CIDR's capacity (used by services, used by
nodes, free), every node with its CIDRs or the ones it would get, conflicts
(a pod CIDR outside the cluster CIDRs crash-loops the controller manager; two
nodes with the same CIDR are *not* noticed by the allocator, whose occupy step
is idempotent), and the exact klog lines and Node events the controller would
produce.

Upstream: none (course tooling)
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from k8slearn.clock import FakeClock
from k8slearn.cmd.klog import Logger
from k8slearn.cmd.kube_controller_manager.controllermanager import KCM_SITES, SimulationOptions
from k8slearn.cmd.kube_controller_manager.controllermanager import run as kcm_run
from k8slearn.cmd.kube_controller_manager.node_ipam_sync import describe_events
from k8slearn.cmd.kube_controller_manager.options import KubeControllerManagerOptions
from k8slearn.cmd.kube_controller_manager.range_allocator import Node
from k8slearn.cmd.netutils import parse_cidr
from k8slearn.cmd.pflag import FlagSet
from k8slearn.cmd.sectioned import word_sep_normalize_func

__all__ = ["InputError", "Explanation", "read_manifest_flags", "read_nodes", "explain",
           "load_yaml_documents"]

MAX_EXPANDED_NODES = 100_000


class InputError(ValueError):
    """A file that cannot be used, with the file named."""


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a cycle counts once
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(n, memo) for n in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


def load_yaml_documents(path: str) -> list[Any]:
    """Every YAML document of ``path``; an alias bomb is refused before it is expanded."""
    try:
        if Path(path).exists() and not Path(path).is_file() and not Path(path).is_dir():
            raise InputError(f"{path}: not a regular file")  # a FIFO would block forever
        text = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"{path}: {(e.strerror or str(e)).lower()}") from None
    try:
        nodes = list(yaml.compose_all(text))
        for n in nodes:
            if n is not None and _expanded_size(n, {}) > MAX_EXPANDED_NODES:
                raise InputError(f"{path}: yaml: document contains excessive aliasing")
        return [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as e:
        raise InputError(f"{path}: yaml: {str(e).splitlines()[0]}") from None
    except RecursionError:
        raise InputError(f"{path}: yaml: document is nested too deeply") from None


def _kcm_flag_set(s: KubeControllerManagerOptions | None = None) -> FlagSet:
    fs = FlagSet("kube-controller-manager")
    fss = (s or KubeControllerManagerOptions()).flags()
    for name in fss.order:
        fs.add_flag_set(fss.flag_sets[name])
    fs.set_normalize_func(word_sep_normalize_func)
    return fs


def read_manifest_flags(path: str) -> tuple[list[str], list[str]]:
    """``(modelled flags, skipped flag names)`` from a kube-controller-manager Pod manifest."""
    docs = load_yaml_documents(path)
    pod = next((d for d in docs if isinstance(d, dict) and d.get("kind") == "Pod"), None)
    if pod is None:
        raise InputError(f"{path}: no Pod manifest (kind: Pod) found")
    containers = (pod.get("spec") or {}).get("containers") or []
    for c in containers if isinstance(containers, list) else []:
        if not isinstance(c, dict):
            continue
        argv = [str(a) for a in (c.get("command") or []) + (c.get("args") or [])]
        if argv and any("kube-controller-manager" in a for a in argv[:1]) or \
                c.get("name") == "kube-controller-manager":
            return _split_known(argv[1:] if argv and not argv[0].startswith("-") else argv)
    raise InputError(f"{path}: no kube-controller-manager container in the Pod")


def _split_known(argv: list[str]) -> tuple[list[str], list[str]]:
    fs = _kcm_flag_set()
    known, skipped = [], []
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if not a.startswith("--"):
            continue
        name = a[2:].split("=", 1)[0]
        flag = fs.lookup(word_sep_normalize_func(fs, name))
        if flag is None:
            skipped.append("--" + name)
            continue
        known.append(a)
        if "=" not in a and not flag.value.is_bool_flag() and i < len(argv):
            known.append(argv[i])  # "--cluster-cidr 10.244.0.0/16": the value is the next arg
            i += 1
    return known, skipped


def read_nodes(path: str) -> list[Node]:
    """Nodes from ``kubectl get nodes -o yaml`` (a List), or Node documents."""
    nodes: list[Node] = []
    for d in load_yaml_documents(path):
        items = d.get("items") if isinstance(d, dict) and d.get("kind", "").endswith("List") \
            else [d]
        for item in items or []:
            if not isinstance(item, dict) or item.get("kind", "Node") != "Node":
                continue
            name = str((item.get("metadata") or {}).get("name") or "")
            spec = item.get("spec") or {}
            cidrs = spec.get("podCIDRs") or ([spec["podCIDR"]] if spec.get("podCIDR") else [])
            if not name:
                raise InputError(f"{path}: a Node without metadata.name")
            if not isinstance(cidrs, list):
                raise InputError(f"{path}: node {name}: spec.podCIDRs must be a list")
            nodes.append(Node(name, [str(c) for c in cidrs]))
    return nodes


@dataclass
class Explanation:
    flags: list[str]
    skipped: list[str]
    exit_code: int
    log: str
    summary: str
    capacity: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    nodes: list[tuple[str, str]] = field(default_factory=list)
    events: str = ""

    def text(self) -> str:
        out = [f"kube-controller-manager flags modelled: {' '.join(self.flags) or '<none>'}"]
        if self.skipped:
            out.append(f"flags not modelled (ignored): {', '.join(self.skipped)}")
        if self.capacity:
            out += ["", "Pod CIDR capacity:"] + [f"  {c}" for c in self.capacity]
        if self.nodes:
            width = max(len(n) for n, _ in self.nodes)
            out += ["", "Nodes:"] + [f"  {n.ljust(width)}  {c}" for n, c in self.nodes]
        out += ["", "Conflicts:"] + ([f"  {c}" for c in self.conflicts] or ["  none"])
        out += ["", f"What kube-controller-manager logs (exit code {self.exit_code}"
                + (", so the kubelet restarts it: CrashLoopBackOff" if self.exit_code else
                   ", it keeps running") + "):"]
        out += [f"  {ln}" for ln in self.log.splitlines()]
        if self.events:
            out += ["", self.events]
        return "\n".join(out) + "\n"


def _conflicts(nodes: list[Node]) -> list[str]:
    seen: dict[str, str] = {}
    out = []
    for n in nodes:
        for c in n.pod_cidrs:
            try:
                key = str(parse_cidr(c))
            except ValueError:
                out.append(f"{n.name}: pod CIDR {c!r} does not parse")
                continue
            if key in seen:
                out.append(f"{seen[key]} and {n.name} both have {key} (not detected by the "
                           "allocator: occupying a CIDR twice is not an error)")
            seen.setdefault(key, n.name)
    return out


def explain(manifest: str, nodes_file: str, retries: int = 2) -> Explanation:
    flags, skipped = read_manifest_flags(manifest)
    nodes = read_nodes(nodes_file)
    before = {n.name: list(n.pod_cidrs) for n in nodes}
    s = KubeControllerManagerOptions()
    fs = _kcm_flag_set(s)
    try:
        fs.parse(flags)
    except Exception as e:  # a bad value: "Error: invalid argument ..." before logging
        raise InputError(f"{manifest}: {e}") from None
    out, err = io.StringIO(), io.StringIO()
    clock = FakeClock()
    sim = SimulationOptions()
    sim.retries = retries
    existing = [n for n in nodes if n.pod_cidrs]
    new = [n for n in nodes if not n.pod_cidrs]
    sim.existing_nodes = [f"{n.name}={c}" for n in existing for c in n.pod_cidrs]
    code = 0
    try:
        config = s.config()
    except Exception as e:
        Logger(clock, err).error_s("run.go:72", e, "command failed")
        return Explanation(flags, skipped, 1, err.getvalue(), "", conflicts=_conflicts(nodes))
    try:
        kcm_run(config.complete(), sim, out, err, clock, new_nodes=new)
    except SystemExit as e:
        code = int(e.code or 0)
    result = Explanation(flags, skipped, code, err.getvalue(), out.getvalue(),
                         conflicts=_conflicts(nodes))
    alloc = getattr(sim, "allocator", None)
    if alloc is not None:
        for idx, cs in enumerate(alloc.cidr_sets):
            svc = sum(1 for i, _ in alloc.occupied if i == idx)
            result.capacity.append(
                f"{cs.cluster_cidr} with /{cs.node_mask_size} nodes: {cs.max_cidrs} blocks, "
                f"{cs.allocated_cidrs} used ({svc} service range(s) included), "
                f"{cs.max_cidrs - cs.allocated_cidrs} free")
        result.events = "\n".join(
            f"$ kubectl describe node {name}\n" + describe_events(
                [e for (n, _), e in alloc.events.items() if n == name], clock.now())
            for name in sorted({n for n, _ in alloc.events}))
    for n in nodes:
        if before[n.name]:
            result.nodes.append((n.name, ",".join(before[n.name])))
        elif n.pod_cidrs:
            result.nodes.append((n.name, f"<none> -> gets {','.join(n.pod_cidrs)}"))
        else:
            result.nodes.append((n.name, "<none> -> none available (CIDRNotAvailable)"
                                 if alloc is not None and code == 0 else "<none>"))
    for ln in result.log.splitlines():
        if KCM_SITES["build_error"] in ln:
            result.conflicts.insert(0, ln.split('err="', 1)[1].rstrip('"')
                                    .replace('\\"', '"'))
    return result

"""``k8slearn nodeipam explain``: read a cluster's files, report what the node IPAM controller does.

Upstream: none (course tooling)
"""

from __future__ import annotations

from k8slearn.cmd import templates
from k8slearn.cmd.cli import Command, no_args

__all__ = ["new_nodeipam_command", "ExplainOptions"]


class ExplainOptions:
    """Flags of ``nodeipam explain``."""

    def __init__(self) -> None:
        self.manifest = ""
        self.nodes = ""
        self.retries = 2

    def add_flags(self, fs) -> None:
        fs.string("manifest", "", "The kube-controller-manager static-pod manifest "
                  "(/etc/kubernetes/manifests/kube-controller-manager.yaml).",
                  p=(self, "manifest"))
        fs.string("nodes", "", "The output of kubectl get nodes -o yaml.", p=(self, "nodes"))
        fs.int("retries", self.retries, "How many re-queues of a node that gets no CIDR to "
               "show (the real controller retries forever).", p=(self, "retries"))

    def validate(self) -> list[Exception]:
        errs: list[Exception] = []
        if not self.manifest:
            errs.append(ValueError("--manifest is required"))
        if not self.nodes:
            errs.append(ValueError("--nodes is required"))
        if not 0 <= self.retries <= 100:
            errs.append(ValueError(f"--retries must be between 0 and 100, got {self.retries}"))
        return errs


def new_nodeipam_command() -> Command:
    """``k8slearn nodeipam`` with its ``explain`` subcommand."""
    o = ExplainOptions()

    def run_explain(cmd: Command, args: list[str]):
        from k8slearn.cmd.errors import new_aggregate
        from k8slearn.cmd.kube_controller_manager.explain import InputError, explain

        err = new_aggregate(o.validate())
        if err:
            return err
        try:
            report = explain(o.manifest, o.nodes, o.retries)
        except InputError as e:
            return e
        print(report.text(), end="", file=cmd.out_or_stdout())
        return None

    explain_cmd = Command(
        "explain", "Explain pod CIDR allocation for a cluster's manifest and nodes",
        templates.long_desc("""
            Read the kube-controller-manager static-pod manifest and the cluster's nodes
            (kubectl get nodes -o yaml) and report what the node IPAM controller would do:
            each cluster CIDR's used and free node blocks, every node's pod CIDRs or the
            ones it would get, conflicts, and the exact log lines and Node events the real
            controller produces, including the crash loop of a node CIDR outside a changed
            --cluster-cidr."""),
        templates.examples("""
            # On a control-plane node (kubeadm keeps the manifest there)
            kubectl get nodes -o yaml > nodes.yaml
            cp /etc/kubernetes/manifests/kube-controller-manager.yaml kcm.yaml
            k8slearn nodeipam explain --manifest kcm.yaml --nodes nodes.yaml"""),
        run=run_explain, args=no_args)
    o.add_flags(explain_cmd.flags())
    root = Command("nodeipam", "Explore kube-controller-manager's node IPAM controller",
                   templates.long_desc("""
                       Explore the node IPAM controller of kube-controller-manager: how it
                       hands pod CIDRs to nodes and what it logs when it cannot."""))
    root.add_command(explain_cmd)
    return root

"""``python -m k8slearn.cmd.kube_controller_manager``: main, NewControllerManagerCommand, cli.Run.

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/controller-manager.go @ v1.36.0
"""

from __future__ import annotations

import sys

from k8slearn.cmd.cli import run
from k8slearn.cmd.kube_controller_manager.controllermanager import new_controller_manager_command


def main(argv: list[str] | None = None) -> int:
    """The exit code; ``klog.FlushAndExit`` inside ``Run`` ends up here as SystemExit."""
    try:
        return run(new_controller_manager_command(), sys.argv[1:] if argv is None else argv)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else 1


if __name__ == "__main__":
    sys.exit(main())

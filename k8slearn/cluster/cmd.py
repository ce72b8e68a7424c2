"""``k8slearn cluster serve``: the course cluster for real kubectl and the Python client.

Upstream: none (course tooling)
"""

from __future__ import annotations

import signal
import threading
from typing import Any

__all__ = ["new_cluster_command", "ServeOptions", "serve"]


class ServeOptions:
    """Flags of ``cluster serve``."""

    def __init__(self) -> None:
        self.port = 0
        self.kubeconfig = "k8slearn.kubeconfig"
        self.nodes = 2
        self.speed = 1.0

    def add_flags(self, fs: Any) -> None:
        fs.int("port", self.port, "TCP port on 127.0.0.1 (0 picks a free port).",
               p=(self, "port"))
        fs.string("kubeconfig", self.kubeconfig, "Write the kubeconfig (server URL and bearer "
                  "token) to this file; ~/.kube/config is never touched.",
                  p=(self, "kubeconfig"))
        fs.int("nodes", self.nodes, "How many simulated nodes to run.", p=(self, "nodes"))
        fs.float64("speed", self.speed, "How fast simulated time runs against the wall clock "
                   "(10: ten simulated seconds per second).", p=(self, "speed"))


def _validate(o: ServeOptions) -> str | None:
    if not 0 <= o.port <= 65535:
        return f"--port: Invalid value: {o.port}: must be between 0 and 65535, inclusive"
    if o.nodes < 1:
        return f"--nodes: Invalid value: {o.nodes}: must be at least 1"
    if not o.speed > 0 or o.speed != o.speed or o.speed == float("inf"):
        return f"--speed: Invalid value: {o.speed:g}: must be a finite number greater than 0"
    if not o.kubeconfig:
        return "--kubeconfig: Required value: a file to write the kubeconfig to"
    return None


def serve(o: ServeOptions, out: Any, stop: threading.Event | None = None) -> Exception | None:
    """Run until SIGINT/SIGTERM (or ``stop``); returns an error for the CLI to print."""
    from k8slearn.cluster.cluster import Cluster
    from k8slearn.cluster.load import LOAD_ANNOTATION
    from k8slearn.cluster.rest import RestAPI
    from k8slearn.cluster.server import HTTPFront, write_kubeconfig

    problem = _validate(o)
    if problem:
        return ValueError(problem)
    cluster = Cluster(nodes=o.nodes, clock=_wall_clock())
    try:
        front = HTTPFront(RestAPI(cluster.server, cluster.load), o.port)
    except OSError as e:
        cluster.stop()
        return OSError(f"cannot listen on 127.0.0.1:{o.port}: {e.strerror or e}")
    except RuntimeError as e:  # TLSError
        cluster.stop()
        return e
    try:
        path = write_kubeconfig(o.kubeconfig, front.url, front.token, front.ca_pem)
    except (OSError, ValueError) as e:
        cluster.stop()
        front.stop()
        return e if isinstance(e, ValueError) else OSError(f"--kubeconfig: {e}")
    stop = stop or threading.Event()
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            handlers[sig] = signal.signal(sig, lambda *_: stop.set())
    cluster.start(speed=o.speed)
    front.start()
    print(f"serving on {front.url} ({o.nodes} node(s), speed {o.speed:g}x)", file=out)
    print(f"export KUBECONFIG={path}", file=out)
    print(f"# load: kubectl annotate deployment NAME {LOAD_ANNOTATION}=700m --overwrite",
          file=out)
    out.flush()
    try:
        while not stop.wait(0.2):
            pass
    finally:
        front.stop()
        cluster.stop()
        for sig, h in handlers.items():
            signal.signal(sig, h)
    return None


def _wall_clock() -> Any:
    """A FakeClock starting at the wall time (the served cluster moves it)."""
    import time

    from k8slearn.clock import FakeClock

    return FakeClock(float(int(time.time())))


def new_cluster_command() -> Any:
    """The ``cluster`` command group."""
    from k8slearn.cmd import templates
    from k8slearn.cmd.cli import Command, no_args

    so = ServeOptions()
    serve_cmd = Command(
        "serve", "Serve the course cluster over HTTP for kubectl and the Python client",
        templates.long_desc("""
            Serve the course's in-memory API server on 127.0.0.1 with the course's own
            controllers running: Deployment, ReplicaSet, garbage collector, scheduler,
            simulated kubelets with emptyDir volumes, and the HPA with metrics.k8s.io
            computed from a load model. Real kubectl (v1.36) and the official kubernetes
            Python client work against it.

            The first line printed is the server URL, the second the export line for
            the kubeconfig it writes (with a random bearer token). Put load on a
            workload with the annotation k8slearn.io/cpu-load (total millicores,
            spread over its Ready pods). SIGINT or SIGTERM stops it."""),
        templates.examples("""
            # Serve with simulated time ten times as fast as the wall clock
            k8slearn cluster serve --speed 10 --kubeconfig /tmp/k8slearn.kubeconfig

            # Then, in another terminal
            export KUBECONFIG=/tmp/k8slearn.kubeconfig
            kubectl create deployment web --image=nginx --replicas=3
            kubectl get pods"""),
        run=lambda cmd, args: serve(so, cmd.out_or_stdout()), args=no_args)
    so.add_flags(serve_cmd.flags())
    cmd = Command("cluster", "Run the course cluster",
                  templates.long_desc("""
                      Run the course cluster: the in-memory API server and the
                      course's controllers, served for kubectl."""))
    cmd.add_command(serve_cmd)
    return cmd


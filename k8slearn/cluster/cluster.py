"""The course cluster: the in-memory API server plus the course's own controllers.

One :class:`Cluster` wires, on one clock:

* ``k8slearn.apiserver.APIServer`` with namespaces (``default``,
  ``kube-system``, ``kube-public``, ``kube-node-lease``) and ``nodes`` Node
  objects;
* a shared informer factory feeding the Deployment controller
  (:mod:`k8slearn.controller.deployment`), the ReplicaSet controller, the
  round-robin scheduler and one node simulator (kubelet) per node, whose
  volume manager sets emptyDir volumes up under a temporary kubelet root, and
  whose eviction manager evicts pods over their emptyDir ``sizeLimit``
  (:mod:`k8slearn.cluster.eviction`);
* the HPA controller (:mod:`k8slearn.podautoscaler`) reading CPU metrics from
  the load model (:mod:`k8slearn.cluster.load`), re-syncing every 15 s;
* foreground deletion (:mod:`k8slearn.cluster.propagation`) and the event
  sink (:mod:`k8slearn.cluster.events`).

Deterministic use (notebooks, tests): keep the default ``FakeClock`` and call
:meth:`Cluster.advance` / :meth:`Cluster.run_until_idle`.  Served use:
:meth:`Cluster.start` runs a thread that moves the clock ``speed`` times as fast
as the wall clock and runs the controllers until idle after every tick; all of
them run on that one thread, HTTP requests only touch the API server.

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/app/controllermanager.go @ v1.36.0
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
import weakref
from typing import Any

from k8slearn.api.meta import ObjectMeta
from k8slearn.api.times import format_time
from k8slearn.apiserver import APIServer
from k8slearn.apiserver.errors import AlreadyExists, StatusError
from k8slearn.clock import FakeClock
from k8slearn.cluster.codec import Unstructured
from k8slearn.cluster.events import EventSink
from k8slearn.cluster.load import LoadModel
from k8slearn.cluster.propagation import process_foreground
from k8slearn.controller.deployment import DeploymentController
from k8slearn.controller.driver import Driver
from k8slearn.controller.replicaset.replica_set import ReplicaSetController
from k8slearn.controller.scheduler import RoundRobinScheduler
from k8slearn.kubelet.node import NodeSimulator
from k8slearn.tools.informers import SharedInformerFactory

__all__ = ["Cluster", "START"]

#: the fake clock's default start: 2026-01-01T00:00:00Z
START = 1_767_225_600.0
NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")


def new_node(name: str, index: int, now: float) -> Unstructured:
    ts = format_time(now)
    return Unstructured("v1", "Node", ObjectMeta(name=name, labels={
        "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64"}), {
        "spec": {},
        "status": {
            "capacity": {"cpu": "4", "memory": "16Gi", "pods": "110"},
            "allocatable": {"cpu": "4", "memory": "16Gi", "pods": "110"},
            "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady",
                            "message": "kubelet is posting ready status",
                            "lastHeartbeatTime": ts, "lastTransitionTime": ts}],
            "addresses": [{"type": "InternalIP", "address": f"10.0.0.{index + 10}"},
                          {"type": "Hostname", "address": name}],
            "nodeInfo": {"kubeletVersion": "v1.36.0", "osImage": "k8slearn simulated node",
                         "kernelVersion": "n/a", "containerRuntimeVersion": "sim://1.0",
                         "operatingSystem": "linux", "architecture": "amd64",
                         "machineID": f"{index:032x}", "systemUUID": f"node-{index}",
                         "bootID": f"boot-{index}", "kubeProxyVersion": ""}}})


class _BindingClient:
    """The scheduler's client: binds through the API server and records ``Scheduled``."""

    def __init__(self, server: Any, sink: EventSink) -> None:
        self.server = server
        self.sink = sink

    def bind(self, namespace: str, name: str, node: str) -> Any:
        out = self.server.bind(namespace, name, node)
        self.sink.emit("Pod", namespace, name, "Normal", "Scheduled",
                       f"Successfully assigned {namespace}/{name} to {node}", "default-scheduler")
        return out


class _KubeletClient:
    """A kubelet's client: writes through the API server and records the container events.

    When a pod's containers start (their state turns ``running``), the kubelet's
    runtime manager records, per container and with ``fieldPath``
    ``spec.containers{name}``: ``Pulled`` (``Container image "nginx:1.27" already
    present on machine and can be accessed by the pod``; the simulated nodes have
    every image), ``Created`` (``Container created``) and ``Started``
    (``Container started``).
    """

    def __init__(self, server: Any, sink: EventSink) -> None:
        self.server = server
        self.sink = sink

    def __getattr__(self, name: str) -> Any:
        return getattr(self.server, name)

    def update_status(self, obj: Any) -> Any:
        before = set()
        if getattr(obj, "kind", "") == "Pod":
            try:
                old = self.server.get("pods", obj.metadata.namespace, obj.metadata.name)
                before = {c.name for c in old.status.container_statuses
                          if c.state.running is not None}
            except StatusError:
                pass
        out = self.server.update_status(obj)
        if getattr(obj, "kind", "") == "Pod":
            images = {c.name: c.image for c in obj.spec.containers}
            for c in obj.status.container_statuses:
                if c.state.running is not None and c.name not in before:
                    self._started(obj, c.name, images.get(c.name, ""))
        return out

    def _started(self, pod: Any, container: str, image: str) -> None:
        ns, name = pod.metadata.namespace, pod.metadata.name
        path = f"spec.containers{{{container}}}"
        for reason, message in (
                ("Pulled", f'Container image "{image}" already present on machine and can be '
                           "accessed by the pod"),
                ("Created", "Container created"), ("Started", "Container started")):
            self.sink.emit("Pod", ns, name, "Normal", reason, message, "kubelet", path)


class _Work:
    """A ``process_pending`` wrapper around a function (for the driver)."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn

    def process_pending(self) -> int:
        return self.fn()


class Cluster:
    """The API server and every course controller on one clock (see module docstring)."""

    def __init__(self, nodes: int = 1, clock: Any = None, seed: int = 0,
                 startup_delay: float = 2.0, kubelet_root: str | None = None) -> None:
        if nodes < 1:
            raise ValueError(f"nodes: Invalid value: {nodes}: must be at least 1")
        self.clock = clock if clock is not None else FakeClock(START)
        self.server = APIServer(self.clock, seed=seed)
        for ns in NAMESPACES:
            self.server.create(Unstructured("v1", "Namespace", ObjectMeta(name=ns),
                                            {"spec": {"finalizers": ["kubernetes"]},
                                             "status": {"phase": "Active"}}))
        names = [f"node-{i + 1}" for i in range(nodes)]
        for i, n in enumerate(names):
            self.server.create(new_node(n, i, self.clock.now()))
        self._tmp = None
        self._cleanup: Any = None
        if kubelet_root is None:
            self._tmp = tempfile.mkdtemp(prefix="k8slearn-kubelet-")
            kubelet_root = self._tmp
            # removed by stop(), or when the cluster is garbage-collected or Python exits
            self._cleanup = weakref.finalize(self, shutil.rmtree, self._tmp, True)
        self.kubelet_root = kubelet_root
        self.factory = SharedInformerFactory(self.server, clock=self.clock)
        self.events = EventSink(self.server, self.clock)
        self.deployments = DeploymentController(self.server, self.factory)
        self.replicasets = ReplicaSetController(self.server, self.factory)
        self.scheduler = RoundRobinScheduler(_BindingClient(self.server, self.events),
                                             self.factory, names)
        self.kubelets = [NodeSimulator(_KubeletClient(self.server, self.events), self.factory,
                                       n, startup_delay=startup_delay,
                                       volume_manager=self._volume_manager(n)) for n in names]
        self.load = LoadModel(self.server)
        from k8slearn.cluster.hpa import HPAWorker

        self.hpa = HPAWorker(self.server, self.factory, self.load, self.events)
        from k8slearn.cluster.eviction import EvictionWorker

        self.eviction = EvictionWorker(self.server, self.clock, self.kubelets, self.events)
        self.events.watch_recorder(self.deployments.recorder, "deployment-controller")
        self.events.watch_recorder(self.replicasets.recorder, "replicaset-controller")
        self.driver = Driver(self.clock, self.factory, self.deployments, self.replicasets,
                             self.scheduler, *self.kubelets, self.hpa, self.eviction,
                             _Work(lambda: process_foreground(self.server)), self.events)
        self._step = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.errors: list[str] = []
        self.run_until_idle()

    def _volume_manager(self, node: str) -> Any:
        import os

        from k8slearn.kubelet.volume_manager import VolumeManager
        from k8slearn.volume.emptydir import EmptyDirPlugin
        from k8slearn.volume.host import VolumeHost
        from k8slearn.volume.mount import FakeMounter

        root = os.path.join(self.kubelet_root, node)
        host = VolumeHost(root, FakeMounter(), node_allocatable_memory=16 << 30)
        return VolumeManager(EmptyDirPlugin(), host, ignore_unsupported=True)

    # ------------------------------------------------------------------ deterministic
    def run_until_idle(self) -> int:
        with self._step:
            return self.driver.run_until_idle()

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` forward, timer by timer, running every controller."""
        with self._step:
            self.driver.advance(seconds)

    # ------------------------------------------------------------------ served
    def start(self, speed: float = 1.0, tick: float = 0.02) -> Cluster:
        """Run the clock at ``speed`` x wall time on a background thread."""
        if speed <= 0:
            raise ValueError(f"speed: Invalid value: {speed}: must be greater than 0")

        def loop() -> None:
            last = time.monotonic()
            while not self._stop.wait(tick):
                now = time.monotonic()
                try:
                    self.advance((now - last) * speed)
                except Exception as e:  # noqa: BLE001 - keep serving; report it
                    self.errors.append(f"{type(e).__name__}: {e}")
                last = now

        self._thread = threading.Thread(target=loop, name="k8slearn-controllers", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the controller thread, end watches, delete the kubelet root."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.eviction.stop()
        self.server.close_watches()
        if self._cleanup is not None:
            self._cleanup()  # rmtree, once
            self._tmp = None

    def ensure_namespace(self, name: str) -> None:
        try:
            self.server.create(Unstructured("v1", "Namespace", ObjectMeta(name=name),
                                            {"status": {"phase": "Active"}}))
        except AlreadyExists:
            pass

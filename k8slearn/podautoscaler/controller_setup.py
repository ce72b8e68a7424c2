"""Build the HPA controller the way kube-controller-manager builds it, from the earlier chapters.

``startHPAControllerWithMetricsClient`` (kube-controller-manager) and
``NewHorizontalController`` wire five pieces; here each one is the course's own:

* **the scale client**: GET/PUT ``<target>/scale`` through the API server
  (``ApiServerScaleClient``; upstream a discovery RESTMapper + ``scale.New``);
* **the HPA informer** (chapter 13): its handlers turn adds and updates into
  ``queue.add_rate_limited(key)`` (``enqueueHPA``) and deletes into
  ``queue.forget(key)`` plus dropping the key's selector (``deleteHPA``); the
  controller reads HPAs from its lister, never from the API server;
* **the pod informer**: its lister feeds the replica calculator (which pods a
  selector picks, for grouping and for ``getReadyPodsCount``) and
  ``hpasControllingPodsUnderSelector`` (pods selected by two HPAs give
  ``AmbiguousSelector``);
* **the metrics client**: ``metrics.k8s.io`` and friends; here
  ``SimulatedMetricsServer`` answers from the pods and a load function;
* **the rate-limited queue** (chapter 12) with the fixed-interval limiter
  ``NewDefaultHPARateLimiter(--horizontal-pod-autoscaler-sync-period)``: every
  key comes back one sync period (15 s) after it was added, which is what makes
  each HPA reconcile every 15 s; and ``--concurrent-horizontal-pod-autoscaler-syncs``
  (5) workers, each looping ``process_next_work_item``.

``Run`` waits until both informers have synced before the workers start.  With a
``FakeClock`` the ``Driver`` (chapter 13) calls ``process_pending`` instead of
starting worker threads; ``run(stop)`` starts real threads.

Upstream: kubernetes/kubernetes cmd/kube-controller-manager/app/autoscaling.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go @ v1.36.0
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from k8slearn.podautoscaler.errors import HPAError
from k8slearn.podautoscaler.horizontal import DEFAULT_SYNC_PERIOD, HorizontalController
from k8slearn.podautoscaler.hpa_client import hpa_key
from k8slearn.podautoscaler.metrics import InMemoryMetricsClient, matches
from k8slearn.podautoscaler.rate_limiters import new_default_hpa_rate_limiter
from k8slearn.podautoscaler.scale import ApiServerScaleClient

__all__ = ["DEFAULT_CONCURRENT_SYNCS", "ListerPodLister", "ListerHPAClient",
           "SimulatedMetricsServer", "HPAControllerRunner", "new_hpa_controller"]

#: ``--concurrent-horizontal-pod-autoscaler-syncs``
DEFAULT_CONCURRENT_SYNCS = 5


class ListerPodLister:
    """The pod informer's lister as the replica calculator's ``PodLister``."""

    def __init__(self, lister: Any) -> None:
        self.lister = lister

    def list(self, namespace: str, selector: Any) -> list[Any]:
        return [p for p in self.lister.namespace(namespace).list()
                if matches(selector, p.metadata.labels)]


class ListerHPAClient:
    """Reads HPAs from the HPA informer's cache; writes status through the API server."""

    def __init__(self, lister: Any, server: Any) -> None:
        self.lister, self.server = lister, server
        self.status_updates = 0
        self.errors: list[str] = []

    def get(self, namespace: str, name: str) -> Any | None:
        from k8slearn.apiserver.errors import is_not_found

        try:
            return self.lister.get(namespace, name)
        except Exception as e:  # the lister's NotFound
            if is_not_found(e):
                return None
            raise

    def list(self) -> list[Any]:
        return self.lister.list()

    def update_status(self, hpa: Any) -> None:
        self.status_updates += 1
        try:
            self.server.update_status(hpa)
        except Exception as e:  # a conflict is logged; the next sync writes again
            self.errors.append(str(e))


class SimulatedMetricsServer:
    """A metrics-server stand-in: every Running pod's CPU usage from ``usage(pod, now)``.

    Samples are stamped ``now`` with a 15 s window, like metrics-server's scrapes.
    """

    def __init__(self, pod_lister: ListerPodLister, clock: Any,
                 usage: Callable[[Any, float], int], window: float = 15.0) -> None:
        self.pod_lister, self.clock, self.usage, self.window = pod_lister, clock, usage, window

    def _client(self, namespace: str, selector: Any) -> InMemoryMetricsClient:
        from types import SimpleNamespace as NS

        now = self.clock.now()
        items = [NS(metadata=p.metadata, timestamp=now, window=self.window,
                    containers=[NS(name=c.name, usage={"cpu": self.usage(p, now)})
                                for c in p.spec.containers])
                 for p in self.pod_lister.list(namespace, selector)
                 if p.status is not None and p.status.phase == "Running"]
        return InMemoryMetricsClient(items)

    def get_resource_metric(self, resource: str, namespace: str, selector: Any,
                            container: str) -> Any:
        return self._client(namespace, selector).get_resource_metric(
            resource, namespace, selector, container)

    def get_raw_metric(self, *args: Any) -> Any:
        raise HPAError("no metrics returned from custom metrics API")

    def get_object_metric(self, *args: Any) -> Any:
        raise HPAError("no metrics returned from custom metrics API")

    def get_external_metric(self, *args: Any) -> Any:
        raise HPAError("no metrics returned from external metrics API")


class HPAControllerRunner:
    """``NewHorizontalController`` + ``Run``: informers, queue and workers around the reconcile."""

    def __init__(self, server: Any, factory: Any, metrics_client: Any = None, *,
                 clock: Any = None, resync_period: float = DEFAULT_SYNC_PERIOD,
                 workers: int = DEFAULT_CONCURRENT_SYNCS,
                 usage: Callable[[Any, float], int] | None = None, **controller_args: Any):
        from k8slearn.tools.cache.listers import Lister
        from k8slearn.workqueue import RateLimitingQueue

        self.clock = clock if clock is not None else factory.clock
        self.workers = workers
        self.hpa_informer = factory.informer_for("horizontalpodautoscalers")
        self.pod_informer = factory.informer_for("pods")
        self.hpa_lister = Lister(self.hpa_informer.get_indexer(), "horizontalpodautoscalers")
        self.pod_lister = ListerPodLister(Lister(self.pod_informer.get_indexer(), "pods"))
        if metrics_client is None:
            metrics_client = SimulatedMetricsServer(self.pod_lister, self.clock,
                                                    usage or (lambda pod, now: 0))
        self.queue = RateLimitingQueue(new_default_hpa_rate_limiter(resync_period),
                                       clock=self.clock, name="horizontalpodautoscaler")
        self.controller = HorizontalController(
            ApiServerScaleClient(server), metrics_client, self.pod_lister,
            ListerHPAClient(self.hpa_lister, server), clock=self.clock,
            resync_period=resync_period, **controller_args)
        self.controller._queue = self.queue
        #: (time, key, error or None) for every processed key
        self.sync_log: list[tuple[float, str, str | None]] = []
        self.hpa_informer.add_event_handler(
            on_add=self.enqueue_hpa, on_update=self.update_hpa, on_delete=self.delete_hpa,
            resync_period=resync_period)

    # ------------------------------------------------------------ handlers
    def enqueue_hpa(self, hpa: Any) -> None:
        """``enqueueHPA``: add the key one sync period from now; register its selector."""
        self.controller.enqueue(hpa)

    def update_hpa(self, old: Any, cur: Any) -> None:
        self.enqueue_hpa(cur)

    def delete_hpa(self, obj: Any) -> None:
        """``deleteHPA``: forget the key (the fixed limiter keeps no history anyway)."""
        hpa = getattr(obj, "obj", obj)  # DeletedFinalStateUnknown carries the object
        key = hpa_key(hpa)
        self.queue.forget(key)
        self.controller.hpa_selectors.pop(key, None)

    # ------------------------------------------------------------ workers
    def process_next_work_item(self) -> bool:
        """One worker step: Get, reconcile, re-add one period later unless deleted, Done."""
        n = len(self.controller.results)
        ok = self.controller.process_next_work_item()
        for r in self.controller.results[n:]:
            self.sync_log.append((self.clock.now(), hpa_key(r.hpa),
                                  None if r.error is None else str(r.error)))
        return ok

    def process_pending(self) -> int:
        """Deterministic driver: process every key that is due now (no worker threads)."""
        if not (self.hpa_informer.has_synced() and self.pod_informer.has_synced()):
            return 0  # Run waits for both caches first
        n = 0
        while self.queue.len() > 0:
            self.process_next_work_item()
            n += 1
        return n

    def run(self, stop: threading.Event) -> list[threading.Thread]:
        """``Run(ctx, workers)``: start ``workers`` threads; shut the queue down on ``stop``."""
        def worker() -> None:
            while self.process_next_work_item():
                pass

        def closer() -> None:
            stop.wait()
            self.queue.shut_down()

        threads = [threading.Thread(target=worker, daemon=True, name=f"hpa-worker-{i}")
                   for i in range(self.workers)]
        threads.append(threading.Thread(target=closer, daemon=True))
        for t in threads:
            t.start()
        return threads


def new_hpa_controller(server: Any, factory: Any, **kwargs: Any) -> HPAControllerRunner:
    """``startHPAControllerWithMetricsClient`` with the production flag defaults."""
    return HPAControllerRunner(server, factory, **kwargs)

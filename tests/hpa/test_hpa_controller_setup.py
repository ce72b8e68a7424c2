"""The HPA controller built from the course's informers, queue and API server (issue 13 item 12)."""

from __future__ import annotations

import pytest

from k8slearn.apiserver import APIServer
from k8slearn.clock import FakeClock
from k8slearn.controller.driver import Driver
from k8slearn.controller.replicaset import ReplicaSetController
from k8slearn.controller.scheduler import RoundRobinScheduler
from k8slearn.kubelet.node import NodeSimulator
from k8slearn.podautoscaler.controller_setup import DEFAULT_CONCURRENT_SYNCS, new_hpa_controller
from k8slearn.podautoscaler.deployment_scaler import DeploymentScaler
from k8slearn.podautoscaler.workbench import make_deployment, make_hpa
from k8slearn.tools.informers import SharedInformerFactory


def cluster(total_cpu: int = 900):
    clock = FakeClock(0.0)
    server = APIServer(clock, seed=31)
    factory = SharedInformerFactory(server)
    state = {"total": total_cpu}

    def usage(pod, now):
        running = [p for p in hpa.pod_lister.list(pod.metadata.namespace, None)
                   if p.status.phase == "Running"]
        return state["total"] // max(1, len(running))

    hpa = new_hpa_controller(server, factory, usage=usage)
    driver = Driver(clock, factory, DeploymentScaler(server, factory),
                    ReplicaSetController(server, factory),
                    RoundRobinScheduler(server, factory, ["node-a"]),
                    NodeSimulator(server, factory, "node-a", startup_delay=10.0), hpa)
    return clock, server, hpa, driver, state


def test_construction_mirrors_new_horizontal_controller():
    _, _, hpa, _, _ = cluster()
    assert hpa.workers == DEFAULT_CONCURRENT_SYNCS == 5
    assert hpa.queue.rate_limiter.when("x") == 15.0  # fixed interval, no backoff
    assert hpa.queue.rate_limiter.num_requeues("x") == 0
    assert hpa.controller.replica_calc.pod_lister is hpa.pod_lister


def test_first_sync_one_period_after_the_add_then_every_period():
    clock, server, hpa, driver, _ = cluster()
    server.create(make_deployment("web", replicas=2, cpu_request="250m"))
    server.create(make_hpa("web", target=60, min_replicas=2, max_replicas=10))
    driver.run_until_idle()
    assert hpa.sync_log == []  # enqueueHPA used AddRateLimited: 15 s from now
    driver.advance(60.0)
    assert [t for t, _, _ in hpa.sync_log] == [15.0, 30.0, 45.0, 60.0]


def test_scale_flows_through_deployment_replicaset_and_pods():
    clock, server, hpa, driver, state = cluster(900)
    server.create(make_deployment("web", replicas=2, cpu_request="250m"))
    server.create(make_hpa("web", target=60, min_replicas=2, max_replicas=10))
    driver.advance(120.0)
    dep = server.get("deployments", "default", "web")
    (rs,) = server.list("replicasets", "default").items
    pods = server.list("pods", "default").items
    assert dep.spec.replicas == rs.spec.replicas == len(pods) == 6  # 900m / (250m x 60%)
    assert rs.metadata.owner_references[0].kind == "Deployment"
    assert all(p.metadata.labels["pod-template-hash"] for p in pods)
    status = server.get("horizontalpodautoscalers", "default", "web").status
    assert (status.current_replicas, status.desired_replicas) == (6, 6)
    # the first sync found no Running pod yet: the error is logged and the key re-added
    assert hpa.sync_log[0][2].startswith("failed to compute desired number of replicas")
    assert hpa.sync_log[1][2] is None


def test_deleting_the_hpa_stops_its_syncs_and_forgets_its_selector():
    clock, server, hpa, driver, _ = cluster()
    server.create(make_deployment("web", replicas=2, cpu_request="250m"))
    server.create(make_hpa("web", target=60, min_replicas=2, max_replicas=10))
    driver.advance(30.0)
    server.delete("horizontalpodautoscalers", "default", "web")
    driver.advance(60.0)
    assert [t for t, _, _ in hpa.sync_log] == [15.0, 30.0]
    assert "default/web" not in hpa.controller.hpa_selectors


def test_two_hpas_over_the_same_pods_are_ambiguous():
    clock, server, hpa, driver, _ = cluster()
    server.create(make_deployment("web", replicas=2, cpu_request="250m"))
    server.create(make_hpa("web", target=60, min_replicas=2, max_replicas=10))
    other = make_hpa("web-too", target=60, min_replicas=2, max_replicas=10)
    other.spec.scale_target_ref.name = "web"
    server.create(other)
    driver.advance(45.0)
    reasons = {h.metadata.name: [c.reason for c in h.status.conditions]
               for h in server.list("horizontalpodautoscalers", "default").items}
    assert "AmbiguousSelector" in reasons["web"] + reasons["web-too"]


@pytest.mark.parametrize("workers", [1, 3])
def test_worker_threads_process_the_queue(workers):
    import threading

    clock, server, hpa, driver, _ = cluster()
    hpa.workers = workers
    server.create(make_deployment("web", replicas=2, cpu_request="250m"))
    server.create(make_hpa("web", target=60, min_replicas=2, max_replicas=10))
    driver.run_until_idle()
    done = threading.Event()
    reconcile = hpa.controller.reconcile_key

    def observed(key):
        try:
            return reconcile(key)
        finally:
            done.set()

    hpa.controller.reconcile_key = observed
    stop = threading.Event()
    threads = hpa.run(stop)
    assert len(threads) == workers + 1
    hpa.queue.add("default/web")  # an immediate key: some worker takes it
    assert done.wait(timeout=10)
    stop.set()
    for t in threads:
        t.join(timeout=5)
    assert hpa.sync_log and hpa.sync_log[0][1] == "default/web"

"""The HPA scales a Deployment stored in ``k8slearn.apiserver`` through its /scale subresource."""

from __future__ import annotations

from hpa_testlib import NOW, pod, pod_metrics
from hpa_testlib import container as mk_container

from k8slearn.apiserver import APIServer
from k8slearn.clock import FakeClock
from k8slearn.podautoscaler import HorizontalController, InMemoryHPAClient, InMemoryMetricsClient
from k8slearn.podautoscaler.pods import InMemoryPodLister
from k8slearn.podautoscaler.scale import ApiServerScaleClient
from k8slearn.podautoscaler.workbench import make_deployment, make_hpa


def test_scale_through_apiserver() -> None:
    server = APIServer(clock=FakeClock(NOW))
    server.create(make_deployment("web", 3, "500m"))
    labels = {"app": "web"}
    pods = [pod(f"web-{i}", namespace="default", labels=labels,
                containers=[mk_container("web", 500)]) for i in range(3)]
    metrics = [pod_metrics(f"web-{i}", [450, 0], timestamp=NOW, namespace="default", labels=labels)
               for i in range(3)]
    hpa = make_hpa("web", 50, 1, 10)
    ctrl = HorizontalController(ApiServerScaleClient(server), InMemoryMetricsClient(metrics),
                                InMemoryPodLister(pods), InMemoryHPAClient([hpa]),
                                clock=FakeClock(NOW))
    result = ctrl.reconcile_key(ctrl.enqueue_hpa(hpa))
    # 450m of 500m = 90% against 50% -> ratio 1.8 -> ceil(5.4) = 6
    assert result.error is None and result.desired_replicas == 6
    assert server.get("deployments", "default", "web").spec.replicas == 6
    assert ("update", "deployments", "default/web") in [tuple(r) for r in server.requests]



def test_work_queue_reconciles_once_per_sync_period() -> None:
    from k8slearn.podautoscaler import InMemoryScaleClient, Scale
    from k8slearn.podautoscaler.rate_limiters import FixedItemIntervalRateLimiter

    clock = FakeClock(NOW)
    labels = {"app": "web"}
    pods = [pod(f"web-{i}", namespace="default", labels=labels,
                containers=[mk_container("web", 500)]) for i in range(3)]
    metrics = [pod_metrics(f"web-{i}", [250, 0], timestamp=NOW, namespace="default",
                           labels=labels) for i in range(3)]
    hpa = make_hpa("web", 50, 1, 10)
    scales = InMemoryScaleClient([("Deployment", Scale("web", "default", 3, 3, "app=web"))])
    ctrl = HorizontalController(scales, InMemoryMetricsClient(metrics), InMemoryPodLister(pods),
                                InMemoryHPAClient([hpa]), clock=clock)
    limiter = FixedItemIntervalRateLimiter(15.0)
    assert (limiter.when("x"), limiter.num_requeues("x")) == (15.0, 0)
    ctrl.enqueue(hpa)
    q = ctrl.work_queue()
    assert len(q) == 0  # waits one sync period first
    clock.step(15.0)
    assert len(q) == 1 and ctrl.process_next_work_item()
    assert len(ctrl.results) == 1 and ctrl.results[0].current_replicas == 3
    assert len(q) == 0  # re-added with a 15 s delay
    clock.step(14.999)
    assert len(q) == 0
    clock.step(0.001)
    assert len(q) == 1 and ctrl.process_next_work_item()
    del ctrl.hpa_client.hpas["default/web"]
    clock.step(15.0)
    assert ctrl.process_next_work_item() and len(ctrl.results) == 2
    clock.step(15.0)
    assert len(q) == 0  # a deleted HPA is not re-added
    q.shut_down()
    assert ctrl.process_next_work_item() is False

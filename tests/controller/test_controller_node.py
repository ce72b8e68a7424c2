"""The node simulator (k8slearn/kubelet/node.py) and the course scheduler."""

from __future__ import annotations

import pytest

from k8slearn.apiserver import APIServer, NotFound
from k8slearn.clock import FakeClock
from k8slearn.controller.driver import Driver
from k8slearn.controller.objects import new_pod
from k8slearn.controller.podutil import get_pod_ready_condition, is_pod_ready
from k8slearn.controller.scheduler import RoundRobinScheduler
from k8slearn.kubelet.node import NodeSimulator
from k8slearn.tools.informers import SharedInformerFactory


class FakeVolumes:
    def __init__(self, server):
        self.server, self.calls = server, []

    def mount_pod_volumes(self, pod):
        # containers have not started yet: the stored pod is still Pending
        phase = self.server.get("pods", pod.metadata.namespace, pod.metadata.name).status.phase
        self.calls.append(("mount", pod.metadata.name, phase))
        return {}

    def unmount_pod_volumes(self, pod):
        self.calls.append(("unmount", pod.metadata.name, None))
        return []


@pytest.fixture
def env():
    clock = FakeClock(100.0)
    server = APIServer(clock, seed=4)
    factory = SharedInformerFactory(server)
    vols = FakeVolumes(server)
    node = NodeSimulator(server, factory, "node-1", startup_delay=5.0, volume_manager=vols)
    driver = Driver(clock, factory, node)
    return clock, server, factory, node, vols, driver


def get(server, name):
    return server.get("pods", "default", name)


def test_bound_pod_runs_then_turns_ready_after_the_startup_delay(env):
    clock, server, _, _, vols, driver = env
    server.create(new_pod("a", node_name="node-1"))
    server.create(new_pod("elsewhere", node_name="node-2"))
    server.create(new_pod("unbound"))
    driver.run_until_idle()
    a = get(server, "a")
    assert a.status.phase == "Running" and a.status.start_time == 100.0
    assert not is_pod_ready(a) and a.status.container_statuses[0].state.running is not None
    assert get(server, "elsewhere").status.phase == ""
    assert get(server, "unbound").status.phase == ""
    assert vols.calls == [("mount", "a", "")]
    driver.advance(4.9)
    assert not is_pod_ready(get(server, "a"))
    driver.advance(0.1)
    a = get(server, "a")
    assert is_pod_ready(a) and get_pod_ready_condition(a).last_transition_time == 105.0
    assert a.status.container_statuses[0].ready


def test_crash_restarts_the_container_and_readiness_returns(env):
    clock, server, _, node, _, driver = env
    server.create(new_pod("a", node_name="node-1"))
    driver.advance(5.0)
    node.crash_container("default", "a")
    driver.run_until_idle()
    a = get(server, "a")
    assert a.status.container_statuses[0].restart_count == 1 and not is_pod_ready(a)
    assert a.status.container_statuses[0].last_state.terminated.exit_code == 1
    driver.advance(5.0)
    assert is_pod_ready(get(server, "a"))


def test_fail_pod_and_deletions_unmount_volumes(env):
    clock, server, _, node, vols, driver = env
    server.create(new_pod("a", node_name="node-1"))
    server.create(new_pod("b", node_name="node-1"))
    driver.advance(5.0)
    node.fail_pod("default", "a")
    driver.run_until_idle()
    assert get(server, "a").status.phase == "Failed"
    server.delete("pods", "default", "a")
    server.delete("pods", "default", "b", grace_period_seconds=30)  # graceful: the node finishes
    driver.run_until_idle()
    with pytest.raises(NotFound):
        get(server, "b")
    assert sorted(c[:2] for c in vols.calls if c[0] == "unmount") == [
        ("unmount", "a"), ("unmount", "b")]


def test_round_robin_scheduler_binds_unassigned_pods_and_can_pause():
    clock = FakeClock()
    server = APIServer(clock, seed=1)
    factory = SharedInformerFactory(server)
    sched = RoundRobinScheduler(server, factory, ["n1", "n2"])
    driver = Driver(clock, factory, sched)
    for i in range(3):
        server.create(new_pod(f"p{i}"))
    driver.run_until_idle()
    assert [get(server, f"p{i}").spec.node_name for i in range(3)] == ["n1", "n2", "n1"]
    sched.paused = True
    server.create(new_pod("p3"))
    driver.run_until_idle()
    assert get(server, "p3").spec.node_name == ""
    sched.paused = False
    driver.run_until_idle()
    assert get(server, "p3").spec.node_name == "n2"
    with pytest.raises(ValueError, match="at least one node"):
        RoundRobinScheduler(server, factory, [])


def test_whole_cluster_with_real_threads_reaches_ready():
    """Informers, ReplicaSet controller, scheduler and two nodes, each on real threads."""
    import threading

    from k8slearn.controller.objects import new_replica_set
    from k8slearn.controller.replicaset import ReplicaSetController

    server = APIServer(seed=8)
    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory)
    sched = RoundRobinScheduler(server, factory, ["n1", "n2"])
    nodes = [NodeSimulator(server, factory, n, startup_delay=0.05) for n in ("n1", "n2")]
    ready = threading.Event()

    def check(old, new):
        if new.status.ready_replicas == 6:
            ready.set()

    factory.informer_for("replicasets").add_event_handler(on_update=check)
    stop = threading.Event()
    factory.start(stop)
    rsc.run(2, stop)
    for n in nodes:
        n.run(stop)

    sched.run(stop)
    server.create(new_replica_set("web", 6))
    assert ready.wait(20)
    stop.set()
    pods = server.list("pods").items
    assert len(pods) == 6 and {p.spec.node_name for p in pods} == {"n1", "n2"}

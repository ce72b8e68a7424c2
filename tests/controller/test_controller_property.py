"""Property: whatever the spec changes and pod failures, the ReplicaSet converges.

After any sequence of scalings, pod failures, container crashes and pod
deletions, once the clock has run long enough the ReplicaSet has exactly
``spec.replicas`` active pods, all ready, its status says so, and no pod has
more than one controller.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from k8slearn.apiserver import APIServer, NotFound
from k8slearn.clock import FakeClock
from k8slearn.controller.controller_utils import get_controller_of, is_pod_active
from k8slearn.controller.driver import Driver
from k8slearn.controller.objects import new_replica_set
from k8slearn.controller.podutil import is_pod_ready
from k8slearn.controller.replicaset import ReplicaSetController
from k8slearn.controller.scheduler import RoundRobinScheduler
from k8slearn.kubelet.node import NodeSimulator
from k8slearn.tools.informers import SharedInformerFactory

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("scale"), st.integers(0, 8)),
        st.tuples(st.just("fail"), st.integers(0, 20)),
        st.tuples(st.just("crash"), st.integers(0, 20)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("advance"), st.sampled_from([0.0, 0.5, 1.0, 3.0])),
    ),
    max_size=12,
)


@settings(max_examples=50, deadline=None)
@given(initial=st.integers(0, 6), ops=OPS)
def test_replicaset_converges_to_spec_replicas_ready_pods(initial, ops):
    clock = FakeClock(1000.0)
    server = APIServer(clock, seed=3)
    factory = SharedInformerFactory(server)
    rsc = ReplicaSetController(server, factory)
    sched = RoundRobinScheduler(server, factory, ["node-a", "node-b"])
    nodes = {n: NodeSimulator(server, factory, n, startup_delay=1.0)
             for n in ("node-a", "node-b")}
    driver = Driver(clock, factory, rsc, sched, *nodes.values())
    server.create(new_replica_set("web", initial))
    driver.run_until_idle()
    for op, arg in ops:
        pods = [p for p in server.list("pods").items if is_pod_active(p)]
        if op == "scale":
            rs = server.get("replicasets", "default", "web")
            rs.spec.replicas = arg
            server.update(rs)
        elif op == "advance":
            driver.advance(arg)
        elif pods:
            p = pods[arg % len(pods)]
            try:
                if op == "delete":
                    server.delete("pods", "default", p.metadata.name)
                elif p.spec.node_name and p.status.phase == "Running":
                    node = nodes[p.spec.node_name]
                    if op == "fail":
                        node.fail_pod("default", p.metadata.name)
                    else:
                        node.crash_container("default", p.metadata.name)
            except NotFound:
                pass
        driver.run_until_idle()
    driver.advance(30.0)
    rs = server.get("replicasets", "default", "web")
    all_pods = server.list("pods").items
    for p in all_pods:
        assert sum(1 for r in p.metadata.owner_references if r.controller) <= 1
    active = [p for p in all_pods if is_pod_active(p)]
    owned = [p for p in active
             if (ref := get_controller_of(p)) is not None and ref.uid == rs.metadata.uid]
    assert len(owned) == len(active) == rs.spec.replicas
    assert all(is_pod_ready(p) for p in owned)
    assert (rs.status.replicas, rs.status.ready_replicas) == (rs.spec.replicas,) * 2
    assert rs.status.observed_generation == rs.metadata.generation

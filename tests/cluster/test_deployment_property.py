"""Invariant: whatever the sequence of scales, image changes and clock steps, a Deployment
converges to spec.replicas Ready pods, all of the current template, in one ReplicaSet, and
a rolling update never exceeds replicas + maxSurge pods."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from k8slearn.api.apps import Deployment, DeploymentSpec
from k8slearn.api.core import Container, PodSpec, PodTemplateSpec
from k8slearn.api.meta import LabelSelector, ObjectMeta
from k8slearn.cluster.cluster import Cluster
from k8slearn.cluster.defaults import apply_defaults

OPS = st.lists(st.one_of(
    st.tuples(st.just("scale"), st.integers(0, 6)),
    st.tuples(st.just("image"), st.integers(1, 3)),
    st.tuples(st.just("advance"), st.sampled_from([0.0, 0.5, 1.0, 3.0])),
), max_size=10)


def _deployment(replicas: int) -> Deployment:
    labels = {"app": "p"}
    d = Deployment(metadata=ObjectMeta(name="p", namespace="default"), spec=DeploymentSpec(
        replicas=replicas, selector=LabelSelector(match_labels=labels),
        template=PodTemplateSpec(metadata=ObjectMeta(labels=dict(labels)), spec=PodSpec(
            containers=[Container(name="app", image="img:1")]))))
    apply_defaults(d)
    return d


def _live(c: Cluster) -> list:
    return [p for p in c.server.list("pods", "default").items
            if p.metadata.deletion_timestamp is None]


@settings(max_examples=25, deadline=None)
@given(initial=st.integers(0, 5), ops=OPS)
def test_deployment_converges(initial, ops):
    c = Cluster(nodes=2, startup_delay=1.0)
    c.server.create(_deployment(initial))
    c.run_until_idle()
    allowed_before = initial + -(-25 * initial // 100)
    for op, arg in ops:
        d = c.server.get("deployments", "default", "p")
        if op == "scale":
            d.spec.replicas = arg
            c.server.update(d)
        elif op == "image":
            d.spec.template.spec.containers[0].image = f"img:{arg}"
            c.server.update(d)
        else:
            c.advance(arg)
        c.run_until_idle()
        d = c.server.get("deployments", "default", "p")
        allowed = d.spec.replicas + -(-25 * d.spec.replicas // 100)  # maxSurge 25%, rounded up
        # right after a scale-down the pods of the old size are still being removed
        assert len(_live(c)) <= max(allowed, allowed_before)
        allowed_before = allowed
    c.advance(30)
    d = c.server.get("deployments", "default", "p")
    want = d.spec.replicas
    image = d.spec.template.spec.containers[0].image
    pods = _live(c)
    assert len(pods) == want
    assert {p.spec.containers[0].image for p in pods} <= {image}
    assert d.status.updated_replicas == want and d.status.available_replicas == want
    active = [rs for rs in c.server.list("replicasets", "default").items if rs.spec.replicas]
    assert len(active) == (1 if want else 0)
    c.stop()

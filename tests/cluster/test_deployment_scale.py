"""Proportional scaling, ported case by case from TestScale in
pkg/controller/deployment/sync_test.go @ v1.36.0 (the table's newDeployment has
maxSurge 0 and maxUnavailable 0 unless given; every ReplicaSet carries the replica
annotations of the Deployment before the change)."""

from __future__ import annotations

import pytest

from k8slearn.api.apps import (
    Deployment,
    DeploymentSpec,
    ReplicaSet,
    ReplicaSetSpec,
    ReplicaSetStatus,
)
from k8slearn.api.meta import ObjectMeta
from k8slearn.cluster.cluster import Cluster
from k8slearn.controller.deployment.rolling import scale_plan
from k8slearn.controller.deployment.util import (
    DESIRED_REPLICAS_ANNOTATION,
    MAX_REPLICAS_ANNOTATION,
    max_surge,
)

NEW, OLD, OLDER = 3.0, 2.0, 1.0  # creation timestamps


def _d(replicas: int, surge: int = 0, unavailable: int = 0) -> Deployment:
    return Deployment(metadata=ObjectMeta(name="foo"), spec=DeploymentSpec(
        replicas=replicas, strategy={"type": "RollingUpdate", "rollingUpdate": {
            "maxSurge": surge, "maxUnavailable": unavailable}}))


def _rs(name: str, size: int, created: float, available: int | None = None) -> ReplicaSet:
    return ReplicaSet(metadata=ObjectMeta(name=name, creation_timestamp=created),
                      spec=ReplicaSetSpec(replicas=size),
                      status=ReplicaSetStatus(available_replicas=size if available is None
                                              else available))


CASES = [
    # name, deployment, old deployment, new rs, old rss, expected new, expected old
    ("normal scaling event: 10 -> 12", _d(12), _d(10), ("foo-v1", 10, NEW), [], 12, []),
    ("normal scaling event: 10 -> 5", _d(5), _d(10), ("foo-v1", 10, NEW), [], 5, []),
    ("proportional scaling: 5 -> 10", _d(10), _d(5), ("foo-v2", 2, NEW),
     [("foo-v1", 3, OLD)], 4, [6]),
    ("proportional scaling: 5 -> 3", _d(3), _d(5), ("foo-v2", 2, NEW),
     [("foo-v1", 3, OLD)], 1, [2]),
    ("proportional scaling: 9 -> 4", _d(4), _d(9), ("foo-v2", 8, NEW),
     [("foo-v1", 1, OLD)], 4, [0]),
    ("proportional scaling: 7 -> 10", _d(10), _d(7), ("foo-v3", 2, NEW),
     [("foo-v2", 3, OLD), ("foo-v1", 2, OLDER)], 3, [4, 3]),
    ("proportional scaling: 13 -> 8", _d(8), _d(13), ("foo-v3", 2, NEW),
     [("foo-v2", 8, OLD), ("foo-v1", 3, OLDER)], 1, [5, 2]),
    ("leftover distribution: 3 -> 4", _d(4), _d(3), ("foo-v3", 1, NEW),
     [("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)], 2, [1, 1]),
    ("leftover distribution: 3 -> 2", _d(2), _d(3), ("foo-v3", 1, NEW),
     [("foo-v2", 1, OLD), ("foo-v1", 1, OLDER)], 1, [1, 0]),
    ("proportional scaling (no new rs): 4 -> 5", _d(5), _d(4), None,
     [("foo-v2", 2, OLD), ("foo-v1", 2, OLDER)], None, [3, 2]),
    ("proportional scaling: 6 -> 0", _d(0), _d(6), ("foo-v3", 3, NEW),
     [("foo-v2", 2, OLD), ("foo-v1", 1, OLDER)], 0, [0, 0]),
    ("proportional scaling: 0 -> 6", _d(6), _d(6), ("foo-v3", 0, NEW),
     [("foo-v2", 0, OLD), ("foo-v1", 0, OLDER)], 6, [0, 0]),
    ("deployment with surge pods", _d(20, surge=2), _d(10, surge=2), ("foo-v2", 6, NEW),
     [("foo-v1", 6, OLD)], 11, [11]),
    ("change both surge and size", _d(50, surge=6), _d(10, surge=3), ("foo-v2", 5, NEW),
     [("foo-v1", 8, OLD)], 22, [34]),
    ("change both size and template", _d(14), _d(10), None,
     [("foo-v2", 7, NEW), ("foo-v1", 3, OLD)], None, [10, 4]),
]


def _annotate(rs: ReplicaSet, old_d: Deployment, desired: int | None = None) -> ReplicaSet:
    want = old_d.spec.replicas if desired is None else desired
    rs.metadata.annotations[DESIRED_REPLICAS_ANNOTATION] = str(want)
    rs.metadata.annotations[MAX_REPLICAS_ANNOTATION] = str(want + max_surge(old_d))
    return rs


def _sizes(d, new_rs, old) -> dict[str, int]:
    sizes = {rs.metadata.name: rs.spec.replicas for rs in [new_rs, *old] if rs is not None}
    sizes.update({rs.metadata.name: n for rs, n in scale_plan(d, new_rs, old)})
    return sizes


@pytest.mark.parametrize("name,d,old_d,new,olds,want_new,want_old", CASES,
                         ids=[c[0] for c in CASES])
def test_scale(name, d, old_d, new, olds, want_new, want_old):
    new_rs = _annotate(_rs(*new), old_d) if new else None
    old = [_annotate(_rs(*o), old_d) for o in olds]
    sizes = _sizes(d, new_rs, old)
    if new_rs is not None:
        assert sizes[new_rs.metadata.name] == want_new, name
    assert [sizes[rs.metadata.name] for rs in old] == want_old, name


def test_scale_failed_rs_update_case():
    """"failed rs update": foo-v2's write failed last time, so only it is off (3 vs 5)."""
    d = _d(5)
    new_rs = _annotate(_rs("foo-v3", 2, NEW), d)
    v2 = _annotate(_rs("foo-v2", 1, OLD), d, desired=3)
    v1 = _annotate(_rs("foo-v1", 1, OLDER), d)
    sizes = _sizes(d, new_rs, [v2, v1])
    assert (sizes["foo-v3"], sizes["foo-v2"], sizes["foo-v1"]) == (2, 2, 1)


def test_scale_saturated_but_broken_new_replica_set_does_not_affect_old_pods():
    d = _d(2, surge=1, unavailable=1)
    new_rs = _annotate(_rs("foo-v2", 2, NEW, available=0), d)
    old = [_annotate(_rs("foo-v1", 1, OLD), d)]
    assert _sizes(d, new_rs, old) == {"foo-v2": 2, "foo-v1": 1}


def test_saturated_new_replica_set_takes_everything():
    d = _d(3, surge=1)
    new_rs = _annotate(_rs("foo-v2", 3, NEW), d)
    old = [_annotate(_rs("foo-v1", 2, OLD), d)]
    assert scale_plan(d, new_rs, old) == [(old[0], 0)]


def _deployment(name: str, replicas: int, image: str) -> dict:
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name,
            "namespace": "default"},
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                     "progressDeadlineSeconds": 600,
                     "strategy": {"type": "RollingUpdate",
                                  "rollingUpdate": {"maxSurge": 2, "maxUnavailable": 0}},
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": [
                         {"name": "app", "image": image}]}}}}


def test_scaling_mid_rollout_is_proportional_and_pausing_shows_in_progressing():
    c = Cluster(nodes=2)
    c.server.create(Deployment.from_dict(_deployment("web", 4, "nginx:1")))
    c.advance(10)
    for k in c.kubelets:  # from now on new containers never pass readiness
        k.startup_delay = 10_000
    d = c.server.get("deployments", "default", "web")
    d.spec.template.spec.containers[0].image = "nginx:2"
    c.server.update(d)
    c.advance(5)
    sizes = {rs.spec.template.spec.containers[0].image: rs.spec.replicas
             for rs in c.server.list("replicasets", "default").items}
    assert sizes == {"nginx:1": 4, "nginx:2": 2}  # stuck: surge 2, unavailable 0
    d = c.server.get("deployments", "default", "web")
    # kubectl scale --replicas=8: room for 8 + 2 - 6 = 4 more, shared by size against
    # the max-replicas annotation 6: 4 * 10/6 -> 7, 2 * 10/6 -> 3
    d.spec.replicas = 8
    c.server.update(d)
    c.advance(1)
    sizes = {rs.spec.template.spec.containers[0].image: rs.spec.replicas
             for rs in c.server.list("replicasets", "default").items}
    assert sizes == {"nginx:1": 7, "nginx:2": 3}
    d = c.server.get("deployments", "default", "web")
    d.spec.paused = True
    c.server.update(d)
    c.advance(1)
    cond = next(x for x in c.server.get("deployments", "default", "web").status.conditions
                if x.type == "Progressing")
    assert (cond.status, cond.reason, cond.message) == (
        "Unknown", "DeploymentPaused", "Deployment is paused")
    d = c.server.get("deployments", "default", "web")
    d.spec.paused = False
    c.server.update(d)
    c.advance(1)
    reasons = [x.reason for x in c.server.get("deployments", "default", "web").status.conditions
               if x.type == "Progressing"]
    assert reasons and reasons[0] in ("DeploymentResumed", "ReplicaSetUpdated")
    c.stop()

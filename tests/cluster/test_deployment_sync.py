"""The Deployment controller's annotations and status against upstream v1.36.0:
pkg/controller/deployment/sync.go (scaleReplicaSet, getNewReplicaSet, calculateStatus),
progress.go (syncRolloutStatus messages) and util/deployment_util.go
(SetNewReplicaSetAnnotations' revision history)."""

from __future__ import annotations

import pytest

from k8slearn.api.apps import (
    Deployment,
    DeploymentSpec,
    DeploymentStatus,
    ReplicaSet,
    ReplicaSetSpec,
    ReplicaSetStatus,
)
from k8slearn.api.meta import ObjectMeta
from k8slearn.cluster.cluster import Cluster
from k8slearn.controller.deployment import progress
from k8slearn.controller.deployment.rolling import calculate_status
from k8slearn.controller.deployment.util import (
    REVISION_ANNOTATION,
    REVISION_HISTORY_ANNOTATION,
    set_new_revision,
)

REV, HIST = REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION


def _create(c: Cluster, image: str, annotations: dict) -> None:
    labels = {"app": "web"}
    c.server.create(Deployment.from_dict({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "annotations": annotations},
        "spec": {"replicas": 2, "selector": {"matchLabels": labels},
                 "template": {"metadata": {"labels": labels}, "spec": {"containers": [
                     {"name": "app", "image": image}]}}}}))


def _update(c: Cluster, image: str, annotations: dict) -> None:
    d = c.server.get("deployments", "default", "web")
    d.spec.template.spec.containers[0].image = image
    d.metadata.annotations.update(annotations)
    c.server.update(d)


def _rs_by_image(c: Cluster) -> dict:
    return {rs.spec.template.spec.containers[0].image: rs
            for rs in c.server.list("replicasets", "default").items}


def test_old_replica_sets_keep_their_annotations_and_a_rollback_records_history():
    c = Cluster(nodes=1)
    _create(c, "nginx:1", {"team": "a"})
    c.advance(10)
    # a new template and a new annotation in one update: the old ReplicaSet is scaled
    # down by this rollout but, as upstream's scaleReplicaSet, gets only the replica
    # annotations, never the Deployment's new "team"
    _update(c, "nginx:2", {"team": "b"})
    c.advance(20)
    rss = _rs_by_image(c)
    assert rss["nginx:1"].spec.replicas == 0
    assert rss["nginx:1"].metadata.annotations["team"] == "a"
    assert rss["nginx:1"].metadata.annotations["deployment.kubernetes.io/desired-replicas"] == "2"
    assert rss["nginx:2"].metadata.annotations["team"] == "b"
    assert (rss["nginx:1"].metadata.annotations[REV],
            rss["nginx:2"].metadata.annotations[REV]) == ("1", "2")
    # back to the first template (what `kubectl rollout undo` sends): the old
    # ReplicaSet is reused, gets revision 3 and remembers revision 1
    _update(c, "nginx:1", {})
    c.advance(20)
    rs1 = _rs_by_image(c)["nginx:1"]
    assert (rs1.spec.replicas, rs1.metadata.annotations[REV],
            rs1.metadata.annotations[HIST]) == (2, "3", "1")
    # and again: 3 -> 5 appends to the history
    _update(c, "nginx:2", {})
    c.advance(20)
    _update(c, "nginx:1", {})
    c.advance(20)
    rss = _rs_by_image(c)
    assert rss["nginx:1"].metadata.annotations[HIST] == "1,3"
    assert rss["nginx:2"].metadata.annotations[HIST] == "2"
    assert c.server.get("deployments", "default", "web").metadata.annotations[REV] == "5"
    c.stop()


def _rs_with(annotations: dict) -> ReplicaSet:
    return ReplicaSet(metadata=ObjectMeta(name="rs", annotations=dict(annotations)))


@pytest.mark.parametrize("name,before,new,changed,after", [
    ("fresh ReplicaSet", {}, "1", True, {REV: "1"}),
    ("lower revision is raised, the old one is remembered", {REV: "1"}, "3", True,
     {REV: "3", HIST: "1"}),
    ("history appends", {REV: "3", HIST: "1"}, "5", True, {REV: "5", HIST: "1,3"}),
    ("same revision: nothing", {REV: "3"}, "3", False, {REV: "3"}),
    ("higher revision is never lowered", {REV: "7"}, "3", False, {REV: "7"}),
    ("unparsable old revision: left alone", {REV: "x"}, "3", False, {REV: "x"}),
])
def test_set_new_revision(name, before, new, changed, after):
    rs = _rs_with(before)
    assert set_new_revision(rs, new) is changed, name
    assert rs.metadata.annotations == after, name


def test_revision_history_drops_the_oldest_beyond_the_limit():
    rs = _rs_with({REV: "30", HIST: "10,20"})
    # "10,20" + ",30" is 8 characters; with a limit of 6 the oldest entry goes
    assert set_new_revision(rs, "40", limit=6)
    assert rs.metadata.annotations[HIST] == "20,30"
    rs = _rs_with({REV: "3000", HIST: "1000"})
    assert set_new_revision(rs, "4000", limit=3)  # even alone it would not fit: not recorded
    assert rs.metadata.annotations == {REV: "4000", HIST: "1000"}


def _rs(spec: int, ready: int, available: int) -> ReplicaSet:
    return ReplicaSet(metadata=ObjectMeta(name="web-1"), spec=ReplicaSetSpec(replicas=spec),
                      status=ReplicaSetStatus(replicas=ready, ready_replicas=ready,
                                              available_replicas=available))


def test_unavailable_replicas_count_pods_not_created_yet():
    """calculateStatus: unavailable = sum of the ReplicaSets' spec.replicas - available."""
    d = Deployment(metadata=ObjectMeta(name="web"), spec=DeploymentSpec(replicas=5))
    rs = _rs(spec=5, ready=2, available=2)  # three pods asked for, not created yet
    st = calculate_status(d, [rs], rs, 0.0)
    assert (st.replicas, st.available_replicas, st.unavailable_replicas) == (2, 2, 3)
    over = _rs(spec=2, ready=3, available=3)  # scaling down: never negative
    assert calculate_status(d, [over], over, 0.0).unavailable_replicas == 0


def test_progressing_messages_name_the_deployment_without_a_new_replica_set():
    d = Deployment(metadata=ObjectMeta(name="web", generation=1),
                   spec=DeploymentSpec(replicas=0, progress_deadline_seconds=600),
                   status=DeploymentStatus())
    st = DeploymentStatus(observed_generation=1)
    progress.sync_rollout_status(d, st, None, 0.0)
    cond = next(x for x in st.conditions if x.type == "Progressing")
    assert (cond.reason, cond.message) == (
        "NewReplicaSetAvailable", 'Deployment "web" has successfully progressed.')
    rs = _rs(spec=1, ready=1, available=1)
    st = DeploymentStatus(observed_generation=1)
    progress.sync_rollout_status(d, st, rs, 0.0)
    assert st.conditions[-1].message == 'ReplicaSet "web-1" has successfully progressed.'


def test_hash_collision_bumps_collision_count_and_uses_a_new_name():
    """getNewReplicaSet: a ReplicaSet of that name that is not this Deployment's (or has
    another template) is a collision: status.collisionCount + 1, requeue, a new hash."""
    from k8slearn.controller.deployment.util import compute_hash

    c = Cluster(nodes=1)
    _create(c, "nginx:1", {})
    d = c.server.get("deployments", "default", "web")
    c.server.delete("deployments", "default", "web")
    taken = f"web-{compute_hash(d.spec.template)}"
    c.server.create(ReplicaSet.from_dict({
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": taken, "namespace": "default"},
        "spec": {"replicas": 0, "selector": {"matchLabels": {"other": "x"}},
                 "template": {"metadata": {"labels": {"other": "x"}}, "spec": {
                     "containers": [{"name": "app", "image": "busybox"}]}}}}))
    c.advance(1)
    _create(c, "nginx:1", {})
    c.advance(10)
    d = c.server.get("deployments", "default", "web")
    assert d.status.collision_count == 1
    ours = [rs for rs in c.server.list("replicasets", "default").items if rs.metadata.name != taken]
    assert [rs.metadata.name for rs in ours] == [f"web-{compute_hash(d.spec.template, 1)}"]
    assert (d.status.available_replicas, ours[0].metadata.annotations[REV]) == (2, "1")
    c.stop()


def test_terminating_replicas_sum_over_the_replica_sets():
    """GetTerminatingReplicaCountForReplicaSets (DeploymentReplicaSetTerminatingReplicas)."""
    from k8slearn.controller.deployment.rolling import terminating_replicas

    def rs(n, observed=1):
        return ReplicaSet(status=ReplicaSetStatus(terminating_replicas=n,
                                                  observed_generation=observed))

    assert terminating_replicas([rs(2), rs(1), None]) == 3
    assert terminating_replicas([rs(2), rs(None, observed=0)]) == 2  # never synced: skipped
    assert terminating_replicas([rs(2), rs(None)]) is None  # synced without it: unknown
    assert terminating_replicas([]) == 0

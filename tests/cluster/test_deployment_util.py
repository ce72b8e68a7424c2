"""Ported from pkg/controller/deployment/util/deployment_util_test.go @ v1.36.0:
TestResolveFenceposts, TestNewRSNewReplicas, TestDeploymentComplete, TestMaxUnavailable;
plus the revision and hash helpers."""

from __future__ import annotations

import pytest

from k8slearn.api.apps import (
    Deployment,
    DeploymentSpec,
    DeploymentStatus,
    ReplicaSet,
    ReplicaSetSpec,
)
from k8slearn.api.meta import ObjectMeta
from k8slearn.controller.deployment.rolling import is_complete, new_rs_new_replicas
from k8slearn.controller.deployment.util import (
    compute_hash,
    max_revision,
    max_unavailable,
    resolve_fenceposts,
    safe_encode_string,
)


@pytest.mark.parametrize("surge,unavailable,desired,want_surge,want_unavailable,error", [
    ("0%", "0%", 0, 0, 1, False),
    ("39%", "39%", 10, 4, 3, False),
    ("oops", "39%", 10, 0, 0, True),
    ("55%", "urg", 10, 0, 0, True),
    (None, "39%", 10, 0, 3, False),
    ("39%", None, 10, 4, 0, False),
    (None, None, 10, 0, 1, False),
])
def test_resolve_fenceposts(surge, unavailable, desired, want_surge, want_unavailable, error):
    if error:
        with pytest.raises(ValueError, match="invalid value for IntOrString"):
            resolve_fenceposts(surge, unavailable, desired)
    else:
        assert resolve_fenceposts(surge, unavailable, desired) == (want_surge, want_unavailable)


def _deployment(replicas: int, strategy: dict) -> Deployment:
    return Deployment(metadata=ObjectMeta(name="nginx"),
                      spec=DeploymentSpec(replicas=replicas, strategy=strategy))


def _rs(replicas: int) -> ReplicaSet:
    return ReplicaSet(spec=ReplicaSetSpec(replicas=replicas))


@pytest.mark.parametrize("name,strategy,dep_replicas,new_rs_replicas,surge,expected", [
    ("can not scale up - to newRSReplicas", "RollingUpdate", 1, 5, 1, 5),
    ("scale up - to depReplicas", "RollingUpdate", 6, 2, 10, 6),
    ("recreate - to depReplicas", "Recreate", 3, 1, 1, 3),
])
def test_new_rs_new_replicas(name, strategy, dep_replicas, new_rs_replicas, surge, expected):
    d = _deployment(dep_replicas, {"type": strategy,
                                   "rollingUpdate": {"maxUnavailable": 1, "maxSurge": surge}})
    new_rs = _rs(new_rs_replicas)
    # upstream passes only rs5 as "all": the new ReplicaSet counts through it
    assert new_rs_new_replicas(d, [_rs(5)], new_rs) == expected, name


@pytest.mark.parametrize("name,args,expected", [
    ("not complete: min but not all pods become available", (5, 5, 5, 4, 1, 0), False),
    ("not complete: min availability is not honored", (5, 5, 5, 3, 1, 0), False),
    ("complete", (5, 5, 5, 5, 0, 0), True),
    ("not complete: all pods are available but not updated", (5, 5, 4, 5, 0, 0), False),
    ("not complete: still running old pods", (1, 2, 1, 1, 0, 1), False),
    ("not complete: one replica deployment never comes up", (1, 1, 1, 0, 1, 1), False),
])
def test_deployment_complete(name, args, expected):
    desired, current, updated, available, unavailable, surge = args
    d = _deployment(desired, {"type": "RollingUpdate", "rollingUpdate": {
        "maxUnavailable": unavailable, "maxSurge": surge}})
    st = DeploymentStatus(replicas=current, updated_replicas=updated,
                          available_replicas=available)
    assert is_complete(d, st) is expected, name


@pytest.mark.parametrize("name,replicas,unavailable,expected", [
    ("maxUnavailable less than replicas", 10, 5, 5),
    ("maxUnavailable equal replicas", 10, 10, 10),
    ("maxUnavailable greater than replicas", 5, 10, 5),
    ("maxUnavailable with replicas is 0", 0, 10, 0),
    ("maxUnavailable less than replicas with percents", 10, "50%", 5),
    ("maxUnavailable equal replicas with percents", 10, "100%", 10),
    ("maxUnavailable greater than replicas with percents", 5, "100%", 5),
])
def test_max_unavailable(name, replicas, unavailable, expected):
    d = _deployment(replicas, {"type": "RollingUpdate", "rollingUpdate": {
        "maxSurge": 1, "maxUnavailable": unavailable}})
    assert max_unavailable(d) == expected, name


def test_max_unavailable_with_recreate_is_zero():
    assert max_unavailable(Deployment(spec=DeploymentSpec(strategy={"type": "Recreate"}))) == 0


def test_revisions_and_hash_shape():
    rss = [_rs(1), _rs(1), _rs(1)]
    for rs, rev in zip(rss, ["3", "x", "12"], strict=True):
        rs.metadata.annotations["deployment.kubernetes.io/revision"] = rev
    assert max_revision(rss) == 12
    assert max_revision([]) == 0
    assert safe_encode_string("0123456789") == "456789bcdf"  # digits -> the vowel-free alphabet
    d = _deployment(1, {})
    h1, h2 = compute_hash(d.spec.template), compute_hash(d.spec.template, 1)
    assert h1 != h2 and set(h1) <= set("bcdfghjklmnpqrstvwxz2456789") and 1 <= len(h1) <= 10

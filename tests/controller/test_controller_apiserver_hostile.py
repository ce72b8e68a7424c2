"""The in-memory API server on input a real one would refuse or bound (#17 items 7, 8)."""

from __future__ import annotations

import pytest

from k8slearn.apiserver import APIServer
from k8slearn.apiserver.errors import BadRequest, NonStatusError
from k8slearn.clock import FakeClock
from k8slearn.controller.objects import new_pod, new_replica_set


@pytest.fixture
def server():
    return APIServer(FakeClock(1000.0), seed=7)


@pytest.mark.parametrize("replicas,problem", [
    (2**40, "json: cannot unmarshal number 1099511627776 into Go struct field "
            "ReplicaSetSpec.spec.replicas of type int32"),
    (-(2**31) - 1, "json: cannot unmarshal number -2147483649 into Go struct field "
                   "ReplicaSetSpec.spec.replicas of type int32"),
    (float("nan"), "invalid character 'N' looking for beginning of value"),
    (float("inf"), "invalid character 'I' looking for beginning of value"),
    (2.5, "json: cannot unmarshal number 2.5 into Go struct field ReplicaSetSpec.spec.replicas "
          "of type int32"),
])
def test_replicas_that_cannot_be_sent_are_bad_requests(server, replicas, problem):
    rs = new_replica_set("web", 1)
    rs.spec.replicas = replicas
    with pytest.raises(BadRequest) as e:
        server.create(rs)
    assert (e.value.code, e.value.reason) == (400, "BadRequest")
    assert str(e.value) == ('ReplicaSet in version "v1" cannot be handled as a ReplicaSet: '
                            + problem)
    stored = server.create(new_replica_set("web", 1))
    stored.spec.replicas = replicas
    with pytest.raises(BadRequest):
        server.update(stored)
    assert server.get("replicasets", "default", "web").spec.replicas == 1


def test_int32_edges_are_accepted(server):
    rs = new_replica_set("web", 1)
    rs.spec.replicas = 2**31 - 1
    assert server.create(rs).spec.replicas == 2**31 - 1


@pytest.mark.parametrize("grace", [-1, -30])
def test_negative_grace_period_means_one_second(server, grace):
    server.create(new_pod("a", node_name="node-1"))
    out = server.delete("pods", "default", "a", grace_period_seconds=grace)
    assert out.metadata.deletion_timestamp == 1001.0  # rest.BeforeDelete: treated as 1 s
    assert out.metadata.deletion_grace_period_seconds == 1


@pytest.mark.parametrize("rv,err", [
    ("abc", 'strconv.ParseUint: parsing "abc": invalid syntax'),
    ("-1", 'strconv.ParseUint: parsing "-1": invalid syntax'),
    ("+1", 'strconv.ParseUint: parsing "+1": invalid syntax'),
    (" 1", 'strconv.ParseUint: parsing " 1": invalid syntax'),
    ("1_0", 'strconv.ParseUint: parsing "1_0": invalid syntax'),
    ("١", 'strconv.ParseUint: parsing "١": invalid syntax'),
    ("18446744073709551616", 'strconv.ParseUint: parsing "18446744073709551616": value out '
                             "of range"),
])
def test_watch_with_a_malformed_resource_version(server, rv, err):
    with pytest.raises(NonStatusError) as e:
        server.watch("pods", resource_version=rv)
    assert (e.value.code, e.value.reason) == (500, "")
    assert str(e.value) == f'resourceVersion: Invalid value: "{rv}": {err}'


def test_watch_with_the_largest_resource_version_is_fine(server):
    w = server.watch("pods", resource_version=str(2**64 - 1))
    w.stop()


def test_requests_are_a_bounded_ring(server):
    small = APIServer(FakeClock(), requests_limit=3)
    for i in range(10):
        small.create(new_pod(f"p{i}"))
    assert list(small.requests) == [("create", "pods", f"default/p{i}") for i in (7, 8, 9)]
    assert server.requests.maxlen == 10_000

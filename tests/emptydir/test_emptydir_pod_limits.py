"""The pod memory limit behind the tmpfs size, and what counts as local ephemeral storage.

Upstream: kubernetes/kubernetes pkg/kubelet/cm/helpers_linux.go @ v1.36.0
Upstream: kubernetes/component-helpers resource/helpers.go @ v0.36.0
Upstream: kubernetes/kubernetes pkg/volume/util/util.go @ v1.36.0
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import k8slearn.api as api
from k8slearn.api.resource import Quantity
from k8slearn.kubelet.cm import pod_limits, pod_memory_limit
from k8slearn.kubelet.events import FakeRecorder
from k8slearn.kubelet.eviction import ContainerStats, EvictionManager, PodStats
from k8slearn.volume.emptydir.empty_dir import calculate_empty_dir_memory_size
from k8slearn.volume.spec import Spec
from k8slearn.volume.util.util import is_local_ephemeral_volume

MI = 1 << 20


def pod(containers="", init="", pod_resources="", overhead="", volumes=""):
    text = f"""
apiVersion: v1
kind: Pod
metadata: {{name: p, namespace: default, uid: u}}
spec:
  containers: [{containers}]
  initContainers: [{init}]
  {pod_resources}
  {overhead}
  volumes: [{volumes or "{name: v, emptyDir: {medium: Memory}}"}]
"""
    return api.load(text, validate=False)[0]


def c(name, mem=None, restart=None, eph=None):
    limits = {}
    if mem:
        limits["memory"] = mem
    if eph:
        limits["ephemeral-storage"] = eph
    rp = f", restartPolicy: {restart}" if restart else ""
    lim = ", ".join(f"{k}: {v}" for k, v in limits.items())
    return f"{{name: {name}, image: x, resources: {{limits: {{{lim}}}}}{rp}}}"


@pytest.mark.parametrize("p,expected", [
    pytest.param(pod(c("a", "100Mi") + "," + c("b", "200Mi")), 300 * MI, id="sum"),
    pytest.param(pod(c("a", "100Mi"), c("i", "1Gi")), 1024 * MI, id="init-container-is-larger"),
    pytest.param(pod(c("a", "100Mi"), "{name: i, image: x, resources: {limits: {cpu: 1}}}"),
                 None, id="init-container-without-memory-limit"),
    pytest.param(pod(c("a", "100Mi"), c("s", "50Mi", "Always") + "," + c("i", "30Mi")),
                 150 * MI, id="sidecar-adds-to-the-sum"),
    pytest.param(pod(c("a", "100Mi"), c("s", "50Mi", "Always") + ","
                     + "{name: i, image: x, resources: {limits: {cpu: 1}}}"),
                 150 * MI, id="quirk-sidecar-before-unlimited-init-counts-as-declared"),
    pytest.param(pod(c("a", "100Mi"), "{name: i, image: x, resources: {limits: {cpu: 1}}}"
                     + "," + c("s", "50Mi", "Always")),
                 None, id="unlimited-init-before-the-sidecar"),
    pytest.param(pod("{name: a, image: x, resources: {requests: {cpu: 1}}}",
                     pod_resources="resources: {limits: {memory: 640Mi}}"),
                 640 * MI, id="pod-level-limit"),
    pytest.param(pod(c("a", "100Mi"), pod_resources="resources: {limits: {memory: 640Mi}}"),
                 640 * MI, id="pod-level-limit-wins"),
    pytest.param(pod(c("a", "100Mi"), overhead="overhead: {memory: 10Mi}"), 110 * MI,
                 id="overhead"),
    pytest.param(pod("{name: a, image: x}"), None, id="best-effort"),
])
def test_pod_memory_limit(p, expected):
    assert pod_memory_limit(p) == expected


def test_pod_level_limit_needs_the_gate():
    p = pod("{name: a, image: x, resources: {requests: {cpu: 1}}}",
            pod_resources="resources: {limits: {memory: 640Mi}}")
    assert pod_memory_limit(p, pod_level=False) is None


def test_tmpfs_sized_to_node_allocatable_when_an_init_container_has_no_memory_limit():
    p = pod(c("a", "100Mi"), "{name: migrate, image: x}")
    size = calculate_empty_dir_memory_size(Quantity("6Gi"), Spec(volume=p.spec.volumes[0]), p)
    assert size == Quantity("6Gi")


@pytest.mark.parametrize("volume,expected", [
    ("{name: v, emptyDir: {}}", True),
    ("{name: v, emptyDir: {medium: Memory}}", False),
    ("{name: v, emptyDir: {medium: HugePages}}", False),
    ("{name: v, emptyDir: {medium: HugePages-2Mi}}", False),
    ("{name: v, configMap: {name: c}}", True),
    ("{name: v, secret: {secretName: s}}", False),
    ("{name: v, hostPath: {path: /x}}", False),
])
def test_is_local_ephemeral_volume(volume, expected):
    assert is_local_ephemeral_volume(pod(volumes=volume).spec.volumes[0]) is expected


def test_pod_ephemeral_storage_counts_only_local_ephemeral_volumes():
    vols = ("{name: disk, emptyDir: {}}, {name: huge, emptyDir: {medium: HugePages}},"
            " {name: ram, emptyDir: {medium: Memory}}, {name: cm, configMap: {name: c}}")
    p = pod(c("a", "64Mi", eph="1Mi"), volumes=vols)
    stats = PodStats(volume_used={"disk": 400 << 10, "huge": 4 << 20, "ram": 4 << 20,
                                  "cm": 400 << 10}, containers=[ContainerStats("a", 100 << 10)])
    recorder = FakeRecorder()
    assert EvictionManager(lambda _: stats, recorder).synchronize([p]) == []
    stats.volume_used["cm"] = 600 << 10  # 100Ki + 400Ki + 600Ki > 1Mi
    assert EvictionManager(lambda _: stats, recorder).synchronize([p]) == [p]
    assert p.status.message == (
        "Pod ephemeral local storage usage exceeds the total limit of containers 1Mi. ")


def test_pod_ephemeral_storage_limit_includes_init_containers():
    p = pod(c("a", eph="1Mi"), c("i", eph="4Mi"), volumes="{name: d, emptyDir: {}}")
    assert pod_limits(p, "ephemeral-storage") == 4 * MI
    stats = PodStats(volume_used={"d": 2 * MI}, containers=[ContainerStats("a", 0)])
    assert EvictionManager(lambda _: stats, FakeRecorder()).synchronize([p]) == []


@settings(max_examples=60, deadline=None)
@given(apps=st.lists(st.one_of(st.none(), st.integers(1, 4096)), min_size=1, max_size=4),
       inits=st.lists(st.one_of(st.none(), st.integers(1, 4096)), max_size=3))
def test_pod_memory_limit_invariant(apps, inits):
    """No sidecars: a limit exists iff every container declares one; then max(sum, max init)."""
    p = pod(",".join(c(f"a{i}", f"{m}Mi" if m else None) for i, m in enumerate(apps)),
            ",".join(c(f"i{i}", f"{m}Mi" if m else None) for i, m in enumerate(inits)))
    got = pod_memory_limit(p)
    if None in apps or None in inits:
        assert got is None
    else:
        assert got == max([sum(apps)] + inits) * MI

"""Notebook 20's exercises: known-wrong builds fail on a named case; checks agree with the model.

Upstream: kubernetes/kubernetes pkg/volume/emptydir/empty_dir_test.go @ v1.36.0
"""

from __future__ import annotations

import os

import pytest

import k8slearn.exercises.emptydir as ex20
from k8slearn.exercises import REGISTRY, check
from k8slearn.kubelet.eviction import EMPTY_DIR_MESSAGE_FMT, go_quote


def min_of_everything(node, pod_limit, size_limit):
    """Wrong: treats None/0 as limits (a zero sizeLimit would mean a zero-byte tmpfs)."""
    return min(v for v in (node, pod_limit, size_limit) if v is not None)


def size_limit_always_wins(node, pod_limit, size_limit):
    """Wrong: a set sizeLimit replaces the size even when it is bigger."""
    if size_limit:
        return size_limit
    if pod_limit and pod_limit <= node:
        return pod_limit
    return node


def ignores_pod_limit(node, pod_limit, size_limit):
    """Wrong: the seed article's rule, sizeLimit or node memory only."""
    return size_limit if size_limit and size_limit <= node else node


@pytest.mark.parametrize("wrong,case", [
    (min_of_everything, "TestCalculateEmptyDirMemorySize: PodLocalLimit"),
    (size_limit_always_wins, "size limit above the pod limit"),
    (ignores_pod_limit, "TestCalculateEmptyDirMemorySize: PodLocalLimit"),
])
def test_known_wrong_tmpfs_size_fails_with_a_named_case(wrong, case):
    result = check("emptydir.build_tmpfs_size", wrong)
    assert not result.correct
    assert f"First failing case: {case}" in result.message
    assert "hint:" in result.message


def test_build_check_survives_a_raising_candidate():
    def boom(*args):
        raise ZeroDivisionError("nope")
    result = check("emptydir.build_tmpfs_size", boom)
    assert not result.correct and "ZeroDivisionError" in result.message


def test_predict_answers_come_from_the_model():
    # 20.1: no pod memory limit because the init container declares none -> sizeLimit 3Gi
    assert ex20._tmpfs_size_of(ex20.TMPFS_POD, ex20.TMPFS_NODE) == 3 << 30
    # ... and with a memory limit on the init container, the pod limit (704Mi) wins
    limited = ex20.TMPFS_POD.replace("{cpu: 250m}", "{cpu: 250m, memory: 64Mi}")
    assert ex20._tmpfs_size_of(limited, ex20.TMPFS_NODE) == 704 << 20
    assert ex20._evicts("750Mi", 786432000) is False
    assert ex20._evicts("750Mi", 786432001) is True
    assert ex20._reboot_survivors() == {"framecache"}
    assert ex20._removing() == {"kubectl rollout restart", "kubectl drain"}


def test_wrong_predictions_get_hints_not_answers():
    r = check("emptydir.tmpfs_size", 704 << 20)
    assert not r.correct and "PodLimits" in r.message and str(3 << 30) not in r.message
    assert not check("emptydir.reboot_survivors", {"framecache", "tokenstore"}).correct
    assert "pick from" in check("emptydir.what_removes_data", {"pod deletion"}).message


@pytest.mark.parametrize("answer", [
    ("emptyDirLimitEviction", "sizeLimit"),
    ["empty_dir_limit_eviction", "spec.volumes[0].emptyDir.sizeLimit"],
    ("EmptyDirLimitEviction()", "emptyDir.sizeLimit"),
])
def test_debug_accepts_reasonable_spellings(answer):
    assert check("emptydir.debug_evicted_pod", answer).correct


def test_debug_wrong_parts_get_pointed_hints():
    assert "compares ephemeral-storage limits" in check(
        "emptydir.debug_evicted_pod", ("podEphemeralStorageLimitEviction", "sizeLimit")).message
    assert "name the check itself" in check(
        "emptydir.debug_evicted_pod", ("localStorageEviction", "sizeLimit")).message
    assert "Go name of the one that looks at emptyDir volumes" in check(
        "emptydir.debug_evicted_pod", ("the eviction manager", "sizeLimit")).message
    assert "Which field" in check(
        "emptydir.debug_evicted_pod", ("emptyDirLimitEviction", "limits")).message


def test_debug_symptom_is_the_models_message():
    assert EMPTY_DIR_MESSAGE_FMT.format(go_quote("scratch"), go_quote("500Mi")) == \
        'Usage of EmptyDir volume "scratch" exceeds the limit "500Mi". '


def ready_means_done(medium, ready, mounted, dir_exists):
    """Wrong: the naive reading, a ready marker always means 'nothing to do'."""
    return "skip" if ready else "setup"


def trusts_the_marker_for_disk(medium, ready, mounted, dir_exists):
    """Wrong: forgets that the data directory may have been removed under the marker."""
    if ready and medium == "Memory" and mounted:
        return "skip"
    if ready and medium == "":
        return "quota"
    return "setup"


def hugepages_shortcut(medium, ready, mounted, dir_exists):
    """Wrong: lets a mounted HugePages volume take the Memory shortcut."""
    if ready and medium != "" and mounted:
        return "skip"
    if ready and medium == "":
        return "quota" if dir_exists else "reset"
    return "setup"


@pytest.mark.parametrize("wrong,case", [
    (ready_means_done, "TestPluginEmptyRootContext #1: ready marker and dir exist"),
    (trusts_the_marker_for_disk, "TestPluginEmptyRootContext #4: ready marker but no dir"),
    (hugepages_shortcut, "HugePages: ready and mounted"),
])
def test_known_wrong_set_up_plan_fails_with_a_named_case(wrong, case):
    result = check("emptydir.build_set_up_plan", wrong)
    assert not result.correct
    assert f"First failing case: {case}" in result.message


PLAN_YAML = """
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: default, uid: u}
spec:
  containers:
  - name: c
    image: x
    resources:
      requests: {memory: 64Mi, hugepages-2Mi: 2Mi}
      limits: {memory: 64Mi, hugepages-2Mi: 2Mi}
  volumes: [{name: v, emptyDir: {medium: %s}}]
"""


@pytest.mark.parametrize("case", REGISTRY["emptydir.build_set_up_plan"].cases(),
                         ids=lambda c: c.name)
def test_set_up_plan_cases_agree_with_the_model(tmp_path, caplog, case):
    """Run the real SetUp in each case's state and classify what it did."""
    import logging

    import k8slearn.api as api
    from k8slearn.volume.emptydir import EmptyDirPlugin
    from k8slearn.volume.emptydir.empty_dir_linux import FakeMountDetector
    from k8slearn.volume.host import VolumeHost
    from k8slearn.volume.mount import FakeMounter, MountPoint
    from k8slearn.volume.spec import Spec
    from k8slearn.volume.util.util import is_ready, set_ready

    args = {}
    case.run(lambda *a: args.update(zip(("medium", "ready", "mounted", "dir_exists"), a,
                                                    strict=True)))
    medium, ready = args["medium"], args["ready"]
    pod = api.load(PLAN_YAML % (medium or '""'))[0]
    mounter = FakeMounter()
    plugin = EmptyDirPlugin()
    plugin.init(VolumeHost(tmp_path, mounter, node_allocatable_memory="1Gi"))
    m = plugin.new_mounter_internal(Spec(volume=pod.spec.volumes[0]), pod, mounter,
                                    FakeMountDetector(mounter))
    path = m.get_path()
    if args["dir_exists"]:
        os.makedirs(path)
        os.chmod(path, 0o700)  # a full set-up repairs the mode; a shortcut does not
    if ready:
        set_ready(m.get_meta_dir())
    if args["mounted"]:
        fstype = {"Memory": "tmpfs", "HugePages": "hugetlbfs"}[medium]
        mounter.mount_points.append(MountPoint(fstype, path, fstype, ("pagesize=2M",)))
    with caplog.at_level(logging.WARNING):
        m.set_up()
    if "Remove ready dir" in caplog.text:
        got = "reset"
    elif os.stat(path).st_mode & 0o777 == 0o777:
        got = "setup"
    else:
        got = "quota" if medium == "" else "skip"
    assert is_ready(m.get_meta_dir())
    assert got == case.expected

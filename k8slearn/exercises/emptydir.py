"""Checked exercises for the emptyDir notebook (20).

Predict checks compute the right answer by running the model
(``k8slearn.volume`` and ``k8slearn.kubelet``) on the exercise's inputs; the
debug check compares hashes; the build check runs the learner's function on
cases ported from upstream's ``TestCalculateEmptyDirMemorySize``.

Upstream: none (course tooling)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import (
    Case,
    build_exercise,
    exercise,
    hashed,
    name_key,
    strings,
    whole_number,
)

__all__ = ["check_tmpfs_size", "check_evicted_at_limit", "check_reboot_survivors",
           "check_what_removes_data", "check_build_tmpfs_size", "check_evicted_pod",
           "check_build_set_up_plan"]

NB = "20_emptydir"
MI = 1 << 20
GI = 1 << 30


def _strings(answer: Any) -> set[str]:
    return set(strings(answer, "a set of strings, for example {'a', 'b'}"))


# -- 20.1 predict: the tmpfs size of a pod whose init container has no memory limit
TMPFS_POD = """
apiVersion: v1
kind: Pod
metadata: {name: ledger, namespace: default, uid: ledger-1}
spec:
  initContainers:
  - {name: migrate, image: flyway, resources: {limits: {cpu: 250m}}}
  containers:
  - {name: api, image: ledger, resources: {limits: {memory: 384Mi}}}
  - {name: worker, image: ledger, resources: {limits: {memory: 320Mi}}}
  volumes:
  - {name: spool, emptyDir: {medium: Memory, sizeLimit: 3Gi}}
"""
TMPFS_NODE = "6Gi"


def _tmpfs_size_of(text: str, node: str) -> int:
    import k8slearn.api as api
    from k8slearn.api.resource import Quantity
    from k8slearn.volume.emptydir.empty_dir import calculate_empty_dir_memory_size
    from k8slearn.volume.spec import Spec

    pod = api.load(text)[0]
    size = calculate_empty_dir_memory_size(Quantity(node), Spec(volume=pod.spec.volumes[0]), pod)
    return int(size.value())


def _tmpfs_reveal() -> str:
    n = _tmpfs_size_of(TMPFS_POD, TMPFS_NODE)
    return (f"size={n}. PodLimits hands every init container's limits to ResourceConfigForPod's "
            "memoryLimitsDeclared check: 'migrate' declares no memory limit, so the pod has no "
            "memory limit and the size is min(node allocatable 6Gi, sizeLimit 3Gi).")


@exercise(
    "emptydir.tmpfs_size",
    "Node allocatable memory 6Gi. Containers api (limits.memory 384Mi) and worker "
    "(limits.memory 320Mi), init container migrate with only a cpu limit, a Memory emptyDir "
    "with sizeLimit 3Gi. What is the tmpfs size= option, in bytes?",
    kind="predict", notebook=NB, number="20.1",
    inputs=("384Mi", "320Mi", "sizeLimit: 3Gi", "cpu: 250m"),
    reveal=_tmpfs_reveal,
)
def check_tmpfs_size(answer: Any) -> tuple[bool, str]:
    n = whole_number(answer, "the number of bytes as an int")
    expected = _tmpfs_size_of(TMPFS_POD, TMPFS_NODE)
    if n == expected:
        return True, "no pod memory limit (the init container declares none), so sizeLimit wins."
    if n == (384 + 320) * MI:
        return False, ("that is the sum of the app containers. Which containers does PodLimits "
                       "walk, and what does one without a memory limit do to the pod limit?")
    if n == 6 * GI:
        return False, "node allocatable is only the starting point; is there a smaller limit?"
    return False, "take min(node allocatable, pod memory limit if the pod has one, sizeLimit)."


# -- 20.2 predict: eviction exactly at the limit
EVICT_LIMIT = "750Mi"
EVICT_USED = 786432000


def _evicts(limit: str, used: int) -> bool:
    import k8slearn.api as api
    from k8slearn.kubelet.events import FakeRecorder
    from k8slearn.kubelet.eviction import EvictionManager, PodStats

    pod = api.load(f"""
apiVersion: v1
kind: Pod
metadata: {{name: render, namespace: default, uid: render-1}}
spec:
  containers: [{{name: app, image: x}}]
  volumes: [{{name: frames, emptyDir: {{sizeLimit: {limit}}}}}]
""")[0]
    manager = EvictionManager(lambda _: PodStats(volume_used={"frames": used}), FakeRecorder())
    return bool(manager.synchronize([pod]))


@exercise(
    "emptydir.evicted_at_limit",
    "A disk emptyDir has sizeLimit 750Mi and du reports 786432000 bytes for it. Does the next "
    "eviction-manager pass evict the pod? (True/False)",
    kind="predict", notebook=NB, number="20.2", inputs=("750Mi", "786432000"),
    reveal=lambda: (f"{_evicts(EVICT_LIMIT, EVICT_USED)}: 750Mi is exactly 786432000 bytes and "
                    "emptyDirLimitEviction compares used > sizeLimit, strictly."),
)
def check_evicted_at_limit(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, bool):
        raise TypeError("answer True or False")
    if answer == _evicts(EVICT_LIMIT, EVICT_USED):
        return True, "750Mi = 786432000 bytes, and the comparison is strictly greater-than."
    return False, "convert 750Mi to bytes, then look at the comparison in emptyDirLimitEviction."


# -- 20.3 predict: which volumes keep their files across a node reboot
REBOOT_POD = """
apiVersion: v1
kind: Pod
metadata: {name: trader, namespace: default, uid: trader-1}
spec:
  containers:
  - name: app
    image: trader
    resources:
      requests: {memory: 256Mi, hugepages-2Mi: 8Mi}
      limits: {memory: 256Mi, hugepages-2Mi: 8Mi}
  volumes:
  - {name: framecache, emptyDir: {}}
  - {name: tokenstore, emptyDir: {medium: Memory}}
  - {name: hugebuf, emptyDir: {medium: HugePages-2Mi}}
"""


def _reboot_survivors() -> set[str]:
    import k8slearn.api as api
    from k8slearn.kubelet.container_sim import ContainerRuntime
    from k8slearn.kubelet.volume_manager import VolumeManager
    from k8slearn.volume.emptydir import EmptyDirPlugin
    from k8slearn.volume.host import VolumeHost
    from k8slearn.volume.mount import FakeMounter

    pod = api.load(REBOOT_POD)[0]
    with tempfile.TemporaryDirectory(prefix="kubelet-") as root:
        host = VolumeHost(root, FakeMounter(), node_allocatable_memory="4Gi")
        runtime = ContainerRuntime(VolumeManager(EmptyDirPlugin(), host))
        runtime.run_pod(pod)
        names = [v.name for v in pod.spec.volumes]
        for name in names:
            runtime.write_file(pod, "app", name, "f", "data")
        runtime.node_reboot([pod])
        return {n for n in names if os.path.isfile(
            os.path.join(runtime.volume_manager.get_volume_path(pod, n), "f"))}


@exercise(
    "emptydir.reboot_survivors",
    "Pod trader has emptyDirs framecache (disk), tokenstore (Memory) and hugebuf "
    "(HugePages-2Mi). The node reboots and the pod's containers start again on it. Which "
    "volumes still hold the files written before the reboot? (a set of names)",
    kind="predict", notebook=NB, number="20.3", inputs=("framecache", "tokenstore", "hugebuf"),
    reveal=lambda: (f"{sorted(_reboot_survivors())}: tmpfs and hugetlbfs live in RAM; after "
                    "the reboot SetUp finds the ready marker but no mount, so it mounts a fresh, "
                    "empty filesystem. The disk directory and its ready marker are still there."),
)
def check_reboot_survivors(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    expected = _reboot_survivors()
    if got == expected:
        return True, "RAM-backed mediums start empty after a reboot; the disk directory stays."
    if "tokenstore" in got or "hugebuf" in got:
        return False, "where do tmpfs and hugetlbfs pages live, and what does a reboot do to them?"
    return False, "a reboot is not a pod deletion: does anything call TearDown?"


# -- 20.4 predict: which of these remove the files of a disk emptyDir
WHAT_REMOVES = {  # an option -> the lifecycle event the model runs for it
    "liveness probe fails": "container crash",
    "kubectl rollout restart": "pod deletion",  # new pods replace the old ones
    "kubectl drain": "pod deletion",  # the Eviction API deletes the pod
    "kubelet upgraded and restarted": "kubelet restart",
}


def _removing() -> set[str]:
    from k8slearn.kubelet.lifecycle import run_event

    outcome = {e: run_event(e).disk_data for e in set(WHAT_REMOVES.values())}
    return {o for o, e in WHAT_REMOVES.items() if outcome[e] == "deleted"}


@exercise(
    "emptydir.what_removes_data",
    "A Deployment's pod has a disk emptyDir 'cache'. Which of these remove its files? A set "
    "drawn from {'liveness probe fails', 'kubectl rollout restart', 'kubectl drain', "
    "'kubelet upgraded and restarted'}.",
    kind="predict", notebook=NB, number="20.4",
    inputs=("liveness probe fails", "kubectl rollout restart", "kubectl drain",
            "kubelet upgraded"),
    reveal=lambda: (f"{sorted(_removing())}: a failed liveness probe restarts a container "
                    "(the pod and its volumes stay); a kubelet restart reconstructs the volumes "
                    "and SetUp is a no-op; a rollout restart and a drain end the pod (new pods "
                    "get new, empty emptyDirs)."),
)
def check_what_removes_data(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    unknown = got - set(WHAT_REMOVES)
    if unknown:
        return False, f"pick from the four options; not one of them: {sorted(unknown)}"
    expected = _removing()
    if got == expected:
        return True, "only what ends the pod removes the data; new pods start with empty dirs."
    if "liveness probe fails" in got:
        return False, "a liveness failure restarts one container: does the pod end?"
    if "kubelet upgraded and restarted" in got:
        return False, "after a restart the kubelet runs SetUp again; what does the ready " \
            "marker do?"
    return False, "which options end the pod (and so its volumes)?"


# -- 20.5 build: the tmpfs size rule (calculateEmptyDirMemorySize)
def _size_case(name: str, node: int, pod_limit: int | None, size_limit: int | None,
               expected: int, hint: str) -> Case:
    def show(v: int | None) -> str:
        if v is None or v == 0:
            return str(v)
        return f"{v // MI}Mi" if v % GI else f"{v // GI}Gi"
    return Case(name, f"tmpfs_size({show(node)}, {show(pod_limit)}, {show(size_limit)}) "
                      "(arguments in bytes)",
                run=lambda f: f(node, pod_limit, size_limit), expected=expected, hint=hint)


@build_exercise(
    "emptydir.build_tmpfs_size",
    "Write tmpfs_size(node_allocatable, pod_memory_limit, size_limit) -> int (bytes): the size= "
    "of a Memory emptyDir. pod_memory_limit and size_limit may be None or 0 (not set).",
    notebook=NB, number="20.5",
    reveal=("eNpVjVEOgkAMRK8yBzDEf/AGxh9PUNgKG3ZbUgpGTu9KjMS/mcl7mbuTOR6mGaKBQSlpR05t4hpOI8MH"
            "xqQBmbPaCynm6HgOLDij+dbmgm4xY/H6w8suzXHj6z99TIdR4aZSjiVgY1OQFXWM08ThtK+ENvY9G1ZK"
            "C0N4Ldkozjz/fqo3tD9GYg=="),
)
def check_build_tmpfs_size() -> list[Case]:
    return [
        _size_case("TestCalculateEmptyDirMemorySize: EmptyDirLocalLimit", 16 * GI, 10 * GI, GI,
                   GI, "sizeLimit 1Gi is below the pod limit, so it wins."),
        _size_case("TestCalculateEmptyDirMemorySize: PodLocalLimit", 16 * GI, 10 * GI, 0,
                   10 * GI, "a zero sizeLimit means 'not set': skip it, do not take min with 0."),
        _size_case("TestCalculateEmptyDirMemorySize: NodeAllocatableLimit", 16 * GI, None, 0,
                   16 * GI, "no pod memory limit and no sizeLimit: node allocatable."),
        _size_case("size limit above the pod limit", 16 * GI, 10 * GI, 32 * GI, 10 * GI,
                   "a sizeLimit bigger than the current size never raises it."),
        _size_case("pod limit above node allocatable", 16 * GI, 20 * GI, None, 16 * GI,
                   "the pod limit only applies when it is <= node allocatable."),
        _size_case("size limit equal to the pod limit", 16 * GI, 2 * GI, 2 * GI, 2 * GI,
                   "equal values: either one, the comparison is <=."),
        _size_case("zero pod limit is skipped", 8 * GI, 0, 512 * MI, 512 * MI,
                   "a zero pod limit is skipped (upstream checks 0 < limit)."),
    ]


# -- 20.6 debug: an evicted pod
@exercise(
    "emptydir.debug_evicted_pod",
    "A report pod ends with status.reason Evicted and the message 'Usage of EmptyDir volume "
    "\"scratch\" exceeds the limit \"500Mi\". '. Name (1) the kubelet check that evicted it "
    "and (2) the pod spec field you would raise so the report can finish. Answer a pair.",
    kind="debug", notebook=NB, number="20.6",
    reveal=("eNpNUL1OxDAMfpVv45BKHoAZNgaEEAti8LXmapHEVey2gqcnae8O1u/fPnCa/PtBypMk8cdFehfNHUx+"
            "eINu7+Ejg88MEmU6cbkxRO0p3plrqQAmMkOvaaLCBqZ+xCW6aocZszXZKj7CJu7DonFObO8f4aIL11JQ"
            "HvZKQ+1sAz6lmGM3gY66MMQDXkiM/9bi0LRZB26lYl9bUsMmHSrE08iJy7/dcbOZS4w46lzV9eYOaxGv"
            "JJt10ILU+lrMQE5wBeGZi4k5Z3/bRgW8XngxnDTz/rnz5JWs+krGoGsG+fWj4RembozB"),
)
def check_evicted_pod(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise TypeError("give a pair: (check name, field name)")
    parts = list(answer)
    if len(parts) != 2:
        raise TypeError("give a pair: (check name, field name)")
    check_ok = hashed(parts[0], "b3be6dbc68dc9969eb2ccb31773d778f9a25fb1ed866bfe5c9d4310465e3bba5")
    field_ok = hashed(name_key(parts[1])[-9:],
                      "9a84b10c9359f185214e2e19582bc88c18b76675d503eb347b072746b9608051")
    if check_ok and field_ok:
        return True, "the emptyDir sizeLimit check ran before the pod and container " \
            "ephemeral-storage checks; raising sizeLimit (or writing less) lets the job finish."
    if not check_ok:
        named = name_key(parts[0])
        if named in ("podephemeralstoragelimiteviction", "containerephemeralstoragelimiteviction"):
            return False, "that check compares ephemeral-storage limits, and its message " \
                "would say so. Which of the three checks in section 7 reads an emptyDir's " \
                "sizeLimit?"
        if named in ("localstorageeviction", "evictpod", "synchronize", "evictionmanager"):
            return False, "that runs (or carries out) the checks; name the check itself: which " \
                "of the three in section 7 reads an emptyDir's sizeLimit?"
        return False, "the message comes from one of the eviction manager's three " \
            "local-storage checks (section 7); give the Go name of the one that looks at " \
            "emptyDir volumes."
    return False, "right check. Which field of the emptyDir volume source holds \"500Mi\"?"


# -- 20.7 build: SetUpAt's decision from the ready marker, the medium and the mount state
def _plan_case(name: str, medium: str, ready: bool, mounted: bool, dir_exists: bool,
               expected: str, hint: str) -> Case:
    return Case(name, f"set_up_plan(medium={medium!r}, ready={ready}, mounted={mounted}, "
                      f"dir_exists={dir_exists})",
                run=lambda f: f(medium, ready, mounted, dir_exists), expected=expected, hint=hint)


@build_exercise(
    "emptydir.build_set_up_plan",
    "Write set_up_plan(medium, ready, mounted, dir_exists) -> 'skip' | 'quota' | 'reset' | "
    "'setup': what SetUpAt does first. 'skip': return at once; 'quota': only the quota step; "
    "'reset': remove the ready directory, then a full set-up; 'setup': a full set-up.",
    notebook=NB, number="20.7",
    reveal=("eNptzjEOwjAMheGrvBGk0gN0Q2JgQXCFqHHbqElcEhvo7THQkTXOb3/XHFc4FHJ+RXJlpoLeZdSJi/Qq"
            "LS6UuKwd6hwWPCfKkIngQ6FebIBQrU+sWbBwyFacaHAaBYl80NThrizuX0qvUKU2oFjJCJUsPuYVbN8+"
            "DHvdZd5YDc460s2NZIUJNX+Pkt+EeHDURPsfaNAYYQsPurRv5YpR6w=="),
)
def check_build_set_up_plan() -> list[Case]:
    return [
        _plan_case("TestPluginEmptyRootContext #1: ready marker and dir exist", "", True, False,
                   True, "quota", "default medium, marker and directory present: only the "
                   "quota step runs (no chmod, no ownership)."),
        _plan_case("TestPluginEmptyRootContext #2: nothing yet", "", False, False, False, "setup",
                   "no ready marker: nothing can be skipped."),
        _plan_case("TestPluginEmptyRootContext #3: dir without ready marker", "", False, False,
                   True, "setup", "the marker, not the directory, says set-up finished."),
        _plan_case("TestPluginEmptyRootContext #4: ready marker but no dir", "", True, False,
                   False, "reset", "a marker without its directory is stale: remove it, then "
                   "set up again."),
        _plan_case("Memory: ready and mounted", "Memory", True, True, True, "skip",
                   "a mounted tmpfs with a ready marker is done: return at once."),
        _plan_case("Memory: ready but not mounted (after a reboot)", "Memory", True, False, True,
                   "setup", "the marker survived the reboot, the tmpfs did not: mount a new one."),
        _plan_case("HugePages: ready and mounted", "HugePages", True, True, True, "setup",
                   "HugePages never takes the shortcut; setupHugepages checks the mount itself."),
        _plan_case("Memory: mounted but no ready marker", "Memory", False, True, True, "setup",
                   "without the marker SetUp runs in full (setupTmpfs then sees the mount)."),
    ]

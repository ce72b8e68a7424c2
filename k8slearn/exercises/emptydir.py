"""Checked exercises for the emptyDir notebook (20).

The expected values are worked out by hand from upstream's rules (tmpfs sizing,
strict eviction, tear-down per medium, what deletes the data); the tests
cross-check them against ``k8slearn.volume`` and ``k8slearn.kubelet``.

Upstream: none (course tooling)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from k8slearn.exercises import exercise

__all__ = ["check_tmpfs_size", "check_evicted_at_limit", "check_unmounting_mediums",
           "check_what_deletes_data"]

MI = 1 << 20


def _strings(answer: Any) -> set[str]:
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise TypeError("give a set of strings, for example {'a', 'b'}")
    return {str(x).strip() for x in answer}


@exercise(
    "emptydir.tmpfs_size",
    "Node allocatable memory 8Gi. A pod has two containers, each with a memory limit of 256Mi, "
    "and a Memory emptyDir with sizeLimit 1Gi. What is the tmpfs size= option, in bytes?",
)
def check_tmpfs_size(answer: Any) -> tuple[bool, str]:
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise TypeError("give the number of bytes as an int")
    expected = 512 * MI
    if answer == expected:
        return True, "min(8Gi node, 2 x 256Mi pod limit, 1Gi sizeLimit) = 512Mi = 536870912."
    if answer == 1024 * MI:
        return False, "sizeLimit is only used when it is below the smaller of the other two."
    if answer == 256 * MI:
        return False, "the pod memory limit is the *sum* of the container limits."
    if answer == 8 * 1024 * MI:
        return False, "every container declares a memory limit, so the pod limit applies."
    return False, "take the minimum of node allocatable, the pod memory limit and sizeLimit."


@exercise(
    "emptydir.evicted_at_limit",
    "sizeLimit is 100Mi and du reports exactly 104857600 bytes (100Mi) for the volume. "
    "Does the next eviction-manager pass evict the pod? (True/False)",
)
def check_evicted_at_limit(answer: Any) -> tuple[bool, str]:
    if not isinstance(answer, bool):
        raise TypeError("answer True or False")
    if answer is False:
        return True, "the check is used > sizeLimit, strictly: one more byte (or block) evicts."
    return False, "look at the comparison in emptyDirLimitEviction: is it >= or >?"


@exercise(
    "emptydir.unmounting_mediums",
    "For which mediums does TearDown call Unmount before removing the directory? "
    "Answer with a set drawn from {'', 'Memory', 'HugePages'}.",
)
def check_unmounting_mediums(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    if got == {"Memory", "HugePages"}:
        return True, "tmpfs and hugetlbfs are mounts: unmount, then remove. Disk is only rm -rf."
    if "" in got:
        return False, "a default-medium emptyDir is a plain directory: nothing is mounted there."
    return False, "which mediums does SetUp mount a filesystem for?"


@exercise(
    "emptydir.what_deletes_data",
    "Which of these delete the files in a disk-backed emptyDir? Answer with a set drawn from "
    "{'container crash', 'container restart', 'pod deletion', 'kubelet restart'}.",
)
def check_what_deletes_data(answer: Any) -> tuple[bool, str]:
    got = _strings(answer)
    if got == {"pod deletion"}:
        return True, "SetUp and TearDown are per pod, not per container; the kubelet re-runs " \
            "SetUp after its own restart, and the ready marker makes that a no-op."
    if "container crash" in got or "container restart" in got:
        return False, "the volume belongs to the pod; containers only mount it."
    if "kubelet restart" in got:
        return False, "after a restart the kubelet finds the ready marker and keeps the data."
    return False, "only one of these makes the volume manager call TearDown."

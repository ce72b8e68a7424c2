"""Checked exercises for chapter 00 (start here): the tree, the course map, the runtimes.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

from k8slearn import course
from k8slearn.exercises import exercise

__all__ = ["check_workqueue_dir", "check_before_13", "check_dockershim_removed"]


def _path(answer: Any) -> str:
    text = str(answer).strip().strip("/")
    for prefix in ("./", "kubernetes/kubernetes/", "kubernetes/"):
        text = text.removeprefix(prefix)
    return text.rstrip("/")


@exercise(
    "start_here.workqueue_dir",
    "In the kubernetes/kubernetes repository at v1.36.0, which directory holds the source of "
    "client-go's workqueue? (a path relative to the repository root)",
)
def check_workqueue_dir(answer: Any) -> tuple[bool, str]:
    path = _path(answer)
    if path == "staging/src/k8s.io/client-go/util/workqueue":
        return True, ("client-go is developed in staging/ and published to its own repository, "
                      "where the same files sit at util/workqueue.")
    if path.startswith("vendor/"):
        return False, ("vendor/ is not where client-go is written; find the folder where the "
                       "k8s.io/* libraries are developed inside kubernetes/kubernetes.")
    if path in ("util/workqueue", "k8s.io/client-go/util/workqueue"):
        return False, ("that is the path inside the published client-go repository; "
                       "in kubernetes/kubernetes client-go lives under a different top folder.")
    if path.startswith("pkg/"):
        return False, ("pkg/ holds code that is not published as a library; client-go is one of "
                       "the k8s.io/* modules. Where do those live in the monorepo?")
    return False, ("look at the tree tour above: which top-level folder holds the k8s.io/* "
                   "libraries, and where inside client-go is the workqueue package?")


@exercise(
    "start_here.before_13",
    "Which chapter must you finish before notebook 13 (the controller pattern)? "
    "Give the chapter's key from the course map.",
)
def check_before_13(answer: Any) -> tuple[bool, str]:
    key = str(answer).strip().lower()
    needed = set(course.chapter("controller").depends_on)
    if key in needed:
        return True, "a controller is an informer feeding a workqueue, so the queue comes first."
    if key in ("start_here", "00"):
        return False, "everyone starts at 00; which chapter does 13 build on directly?"
    if key in {c.key for c in course.CHAPTERS}:
        return False, (f"chapter {key!r} is not a prerequisite of 13; read the 'depends on' "
                       "column of the chapter table.")
    return False, "answer with a chapter key from the first column of the chapter table."


@exercise(
    "start_here.dockershim_removed",
    "In which Kubernetes minor release was dockershim removed from the kubelet? "
    "(for example '1.20')",
)
def check_dockershim_removed(answer: Any) -> tuple[bool, str]:
    text = str(answer).strip().lower().removeprefix("v")
    parts = text.split(".")
    if len(parts) >= 2 and parts[0] == "1" and parts[1].isdigit():
        minor = int(parts[1])
        if minor == 24:
            return True, ("since then the kubelet talks only CRI, to containerd or CRI-O; "
                          "Docker-built images still run unchanged.")
        if minor == 20:
            return False, "1.20 announced the deprecation; the removal came a few releases later."
        if minor < 24:
            return False, "too early: the kubelet still shipped dockershim then."
        return False, "too late: by then dockershim had already been gone for a while."
    return False, "answer with a release like '1.20' (major.minor)."

"""Where the course sits: the expert's knowledge map and a learning path with a time budget.

Both read the course's chapters from :mod:`k8slearn.course` (imported when a
function runs, so the two modules can import each other).

Upstream: none (course tooling)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from k8slearn.course import Chapter

__all__ = ["KnowledgeArea", "KNOWLEDGE_AREAS", "Stage", "LEARNING_PATH",
           "learning_path_markdown", "knowledge_map_markdown"]


@dataclass(frozen=True)
class KnowledgeArea:
    """One area of the expert's knowledge map (source article 1) and what the course covers."""

    key: str
    title: str
    examples: str
    coverage: str  # "covered", "partly" or "not covered"
    chapters: tuple[str, ...]  # chapter keys that teach it
    note: str


KNOWLEDGE_AREAS: tuple[KnowledgeArea, ...] = (
    KnowledgeArea("containers", "Container fundamentals", "images, runtimes, CRI", "partly",
                  ("start_here",), "Kubernetes vs Docker, containerd and the CRI (chapter 00)"),
    KnowledgeArea("compute", "Compute and scheduling", "scheduler, kubelet, resources",
                  "partly", ("hpa",), "resource requests and usage drive the HPA's math; "
                  "no scheduler"),
    KnowledgeArea("storage", "Storage", "volumes, emptyDir, PV/PVC, CSI", "partly",
                  ("emptydir",), "one volume plugin, emptyDir, end to end; no PV/PVC or CSI"),
    KnowledgeArea("networking", "Networking", "pod IPs, Services, policy, DNS",
                  "partly", ("cmd",), "pod IP address management: the pod CIDR each node "
                  "gets (02); no Services, kube-proxy, CNI plugins or DNS"),
    KnowledgeArea("extension", "Extension and plugins", "plugins, CRI/CNI/CSI, webhooks",
                  "partly", ("emptydir", "cmd"), "the volume-plugin interface; component flags"),
    KnowledgeArea("source", "Reading the source", "repo layout, cmd/, staging, tests",
                  "covered", ("start_here", "cmd"), "the tree tour and the cmd/ chapters"),
    KnowledgeArea("orchestration", "Orchestration", "Pod, Deployment, autoscaling",
                  "partly", ("controller", "hpa"), "the ReplicaSet controller and the HPA; "
                  "no Deployments, StatefulSets or DaemonSets"),
    KnowledgeArea("crd", "CRDs and operators", "CRDs, controllers, client-go", "partly",
                  ("workqueue", "controller"), "the workqueue and controller loop every operator "
                  "is built on"),
    KnowledgeArea("monitoring", "Monitoring", "metrics, Prometheus, logs", "partly",
                  ("workqueue", "hpa", "cmd"), "workqueue metrics; the HPA's metrics client; "
                  "klog lines (02)"),
)


@dataclass(frozen=True)
class Stage:
    """One stage of the learning path (the seed question "how long to learn Kubernetes")."""

    title: str
    weeks: str  # at about 5 hours a week
    what: str
    this_course: bool = False


#: A time budget for learning Kubernetes, at about five hours a week.  The course's own
#: stage gets its hours from the notebooks (:func:`learning_path_markdown`).
LEARNING_PATH: tuple[Stage, ...] = (
    Stage("Containers", "1-2", "build and run an image; layers, mounts, probes"),
    Stage("A throwaway cluster", "1", "kind or minikube on a laptop, in minutes"),
    Stage("The objects, through kubectl", "3-4", "Pods, ReplicaSets, Deployments, Services, "
          "ConfigMaps, volumes; kubectl get -o yaml, describe, logs"),
    Stage("The architecture: control loops, read in the source", "2-3",
          "this course, then the controllers you use most", this_course=True),
    Stage("Operate it", "4-8", "monitoring with Prometheus, logs, upgrades, Helm, "
          "networking (CNI, Services, DNS), storage (PV/PVC, CSI), RBAC"),
    Stage("Extend it", "4+", "CRDs and an operator of your own, on the same workqueue and "
          "controller loop"),
)


def learning_path_markdown(chapters: tuple[Chapter, ...] | None = None) -> str:
    """The learning path as a table; this course's row shows its hours (from the notebooks)."""
    from k8slearn import course

    chapters = course.CHAPTERS if chapters is None else chapters
    minutes = sum(c.minutes for c in chapters)
    n = sum(len(c.notebooks) for c in chapters)
    hours = f"{minutes // 60} h {minutes % 60:02d} min"
    out = ["| stage | weeks (about 5 h a week) | what |", "|---|---|---|"]
    total_lo = total_hi = 0
    for i, st in enumerate(LEARNING_PATH, 1):
        lo, _, hi = st.weeks.rstrip("+").partition("-")
        total_lo += int(lo)
        total_hi += int(hi or lo)
        what = st.what
        if st.this_course:
            rest = st.what.split(", ", 1)[1]
            what = (f"**this course**: {n} notebooks, {hours} of reading and exercises, "
                    f"about twice that with the upstream files open; {rest}")
        out.append(f"| {i}. {st.title} | {st.weeks} | {what} |")
    out.append(f"| **total** | **{total_lo}-{total_hi}+** | about half a year part-time to work "
               "confidently; the architecture stage is what makes the rest fast |")
    return "\n".join(out) + "\n"


def knowledge_map_markdown() -> str:
    """The knowledge map as a markdown list with links to the chapters' first notebooks."""
    from k8slearn import course

    out = []
    for a in KNOWLEDGE_AREAS:
        links = ", ".join(f"[{course.chapter_label(k)}]"
                          f"({course.chapter(k).notebooks[0]}.ipynb)"
                          for k in a.chapters if k in {c.key for c in course.CHAPTERS})
        out.append(f"- **{a.title}** ({a.coverage}): {a.note}" + (f"; see {links}" if links
                                                                   else ""))
    return "\n".join(out) + "\n"

"""Checked exercises for chapter 00 (start here): the tree and the runtimes.

Upstream: none (course tooling)
"""

from __future__ import annotations

from typing import Any

from k8slearn.exercises import exercise, hashed

__all__ = ["check_client_go_path", "check_docker_node_adapter"]

NB00 = "00_start_here"
#: where the published k8s.io/* libraries are developed inside kubernetes/kubernetes
STAGING = "staging/src/k8s.io"
REST_CONFIG = ("client-go", "rest/config.go")


def _path(answer: Any) -> str:
    if not isinstance(answer, str):
        raise TypeError("give a path as a string")
    text = answer.strip().strip("/")
    for prefix in ("./", "kubernetes/kubernetes/", "kubernetes/"):
        text = text.removeprefix(prefix)
    return text


def _file_in_monorepo() -> str:
    return "/".join((STAGING, *REST_CONFIG))


@exercise(
    "start_here.client_go_path",
    "client-go's rest/config.go: at which path does it live in the "
    "kubernetes/kubernetes repository at v1.36.0? (relative to the repository root)",
    kind="predict", notebook=NB00, number="00.1",
    inputs=("rest/config.go",),
    reveal=lambda: f"{_file_in_monorepo()}: client-go is developed in staging/src/k8s.io/ "
    "and published to its own repository, where the same file is "
    "rest/config.go.",
)
def check_client_go_path(answer: Any) -> tuple[bool, str]:
    path = _path(answer)
    if path == _file_in_monorepo():
        return True, ("client-go is developed in staging/ and published as its own module, "
                      "where the file sits at rest/config.go.")
    if path.startswith("vendor/"):
        return False, ("vendor/ holds third-party code; the k8s.io/* libraries are developed "
                       "in another top-level folder of the monorepo.")
    if path == REST_CONFIG[1] or path.startswith(("client-go/", "k8s.io/client-go/")):
        return False, ("that is the path inside the published client-go repository; in "
                       "kubernetes/kubernetes client-go lives under a different top folder.")
    if path.startswith("pkg/"):
        return False, "pkg/ holds code that is not published as a library; client-go is."
    return False, "look at the tree tour: which folder holds the k8s.io/* libraries?"


@exercise(
    "start_here.docker_node_adapter",
    "A v1.36 node shows 'CONTAINER-RUNTIME docker://26.1.4' in kubectl get nodes -o wide. The "
    "kubelet only speaks CRI. What must run between the kubelet and Docker Engine?",
    kind="debug", notebook=NB00, number="00.2",
    reveal=("eNoljsEKwkAMRH9ljgpuQfHkVT14KAX/YNlNbbDdlSSt+PeG9jzz3kwSDrmmN0nGrmWJxVj3F9hAqLOF"
            "2gcTIlyfD8QcP0aCvgpuK4N7eXGhA5RLohXisgGbVAee8I0KoakulD3GcmxO5wZtVUMaZ3WlYlZCqsWi"
            "6/yKL/hi6JBZKNn4c9CLMTd/n4k+XA=="),
)
def check_docker_node_adapter(answer: Any) -> tuple[bool, str]:
    if hashed(answer, "04134b31635e60efe19cf1bcc1eafe8776a4241e845eef778190806678305ae0"):
        return True, "cri-dockerd translates CRI calls into Docker Engine API calls."
    a = str(answer).strip().lower()
    if "dockershim" in a:
        return False, "dockershim was removed from the kubelet in v1.24; what replaced it "\
                      "outside the tree?"
    if "containerd" in a:
        return False, "containerd is a CRI runtime itself; the node reports docker:// though."
    return False, "the CRI adapter for Docker Engine, maintained outside Kubernetes."

"""Answers that pass the checks in notebooks/00_start_here.ipynb."""

ANSWERS = {
    "start_here.reflector_path": "staging/src/k8s.io/client-go/tools/cache/reflector.go",
    "start_here.docker_node_adapter": "cri-dockerd",
}

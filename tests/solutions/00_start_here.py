"""Answers that pass the checks in notebooks/00_start_here.ipynb."""

ANSWERS = {
    "start_here.workqueue_dir": "staging/src/k8s.io/client-go/util/workqueue",
    "start_here.before_13": "workqueue",
    "start_here.dockershim_removed": "1.24",
}

"""Answers that pass the checks in notebooks/20_emptydir.ipynb."""


def tmpfs_size(node_allocatable, pod_memory_limit, size_limit):
    """calculateEmptyDirMemorySize: min over the limits that are set (> 0), starting at the node."""
    size = node_allocatable
    if pod_memory_limit and 0 < pod_memory_limit <= size:
        size = pod_memory_limit
    if size_limit and 0 < size_limit <= size:
        size = size_limit
    return size


def set_up_plan(medium, ready, mounted, dir_exists):
    """SetUpAt's first decision: the ready-marker shortcuts depend on medium and mount state."""
    if ready and medium == "Memory" and mounted:
        return "skip"
    if ready and medium == "":
        return "quota" if dir_exists else "reset"
    return "setup"


ANSWERS = {
    "emptydir.tmpfs_size": 3221225472,
    "emptydir.evicted_at_limit": False,
    "emptydir.reboot_survivors": {"framecache"},
    "emptydir.what_removes_data": {"kubectl rollout restart", "kubectl drain"},
    "emptydir.build_tmpfs_size": tmpfs_size,
    "emptydir.debug_evicted_pod": ("emptyDirLimitEviction", "sizeLimit"),
    "emptydir.build_set_up_plan": set_up_plan,
}

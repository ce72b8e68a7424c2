"""Answers that pass the checks in notebooks/20_emptydir.ipynb."""


def tmpfs_size(node_allocatable, pod_memory_limit, size_limit):
    """calculateEmptyDirMemorySize: min over the limits that are set (> 0), starting at the node."""
    size = node_allocatable
    if pod_memory_limit and 0 < pod_memory_limit <= size:
        size = pod_memory_limit
    if size_limit and 0 < size_limit <= size:
        size = size_limit
    return size


ANSWERS = {
    "emptydir.tmpfs_size": 3221225472,
    "emptydir.evicted_at_limit": False,
    "emptydir.reboot_survivors": {"framecache"},
    "emptydir.what_removes_data": {"kubectl rollout restart", "kubectl drain"},
    "emptydir.build_tmpfs_size": tmpfs_size,
    "emptydir.debug_evicted_pod": ("emptyDirLimitEviction", "sizeLimit"),
}

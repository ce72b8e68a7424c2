"""Answers that pass the checks in notebooks/20_emptydir.ipynb."""

ANSWERS = {
    "emptydir.tmpfs_size": 536870912,
    "emptydir.evicted_at_limit": False,
    "emptydir.unmounting_mediums": {"Memory", "HugePages"},
    "emptydir.what_deletes_data": {"pod deletion"},
}

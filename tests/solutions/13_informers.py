"""Answers that pass the checks in notebooks/13_informers.ipynb."""


def process_deltas(handler, store, deltas):
    """A reference answer to 13.4: client-go's processDeltas on a dict store."""
    for dtype, obj in deltas:
        key = obj[0]
        if dtype in ("Sync", "Replaced", "Added", "Updated"):
            if key in store:
                old = store[key]
                store[key] = obj
                handler.on_update(old, obj)
            else:
                store[key] = obj
                handler.on_add(obj)
        elif dtype == "Deleted":
            store.pop(key, None)
            handler.on_delete(obj)


def pod_from_delete(obj):
    """A reference answer to 13.5: unwrap a tombstone, as upstream delete handlers do."""
    from k8slearn.api.core import Pod
    from k8slearn.tools.cache import DeletedFinalStateUnknown

    if isinstance(obj, DeletedFinalStateUnknown):
        obj = obj.obj
    return obj if isinstance(obj, Pod) else None


ANSWERS = {
    "informers.pops_per_fifo": (3, 6),
    "informers.pops_until_synced": (3, 1),
    "informers.tombstones": ["default/x", "default/z"],
    "informers.build_process_deltas": process_deltas,
    "informers.tombstone_panic": pod_from_delete,
}

"""Answers that pass the checks in notebooks/11_workqueue_delaying.ipynb."""


def insert(waiting, item, ready_at):
    """A reference answer to 11.4: one entry per item, an earlier ready time wins."""
    for i, (t, name) in enumerate(waiting):
        if name == item:
            if ready_at < t:
                del waiting[i]
                waiting.append((ready_at, item))
            return
    waiting.append((ready_at, item))


ANSWERS = {
    "delaying.ready_time": 7.0,
    "delaying.delayed_order": ["cat", "dog", "bee", "eel", "ant"],
    "delaying.left_at_shutdown": 3,
    "delaying.build_insert": insert,
    "delaying.extra_sync": "AddAfter",
}

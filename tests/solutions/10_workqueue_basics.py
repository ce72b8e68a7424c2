"""Answers that pass the checks in notebooks/10_workqueue_basics.ipynb."""

ANSWERS = {
    "workqueue.len_after_sequence": 2,
    "workqueue.where_is_item": {"dirty", "processing"},
    "workqueue.get_order": ["b", "c", "a"],
    "workqueue.done_misuse": 2,
}

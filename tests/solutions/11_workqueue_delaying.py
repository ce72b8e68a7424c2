"""Answers that pass the checks in notebooks/11_workqueue_delaying.ipynb."""

ANSWERS = {
    "workqueue.earlier_wins": 4.0,
    "workqueue.delayed_order": ["baz", "qux", "bar", "foo"],
    "workqueue.lost_on_shutdown": 2,
}

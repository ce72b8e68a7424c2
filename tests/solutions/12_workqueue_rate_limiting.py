"""Answers that pass the checks in notebooks/12_workqueue_rate_limiting.ipynb."""

ANSWERS = {
    "workqueue.exponential_nth": 10.24,
    "workqueue.maxof_winner": ["fastslow"] * 4 + ["exponential"] + ["fastslow"] * 5
    + ["exponential"] * 2,
    "workqueue.bucket_debt": [0.0, 0.0, 0.0, 0.5, 1.0, 0.5],
    "workqueue.default_cap": 19,
    "workqueue.depth_vs_len": (1, 2),
}

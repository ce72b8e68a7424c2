"""Answers that pass the checks in notebooks/13_controller_pattern.ipynb."""

ANSWERS = {
    "controller.slow_start_batches": [1, 2, 4, 8, 5],
    "controller.create_calls_with_limit": 15,
    "controller.deletion_order": ["c", "d", "b", "a"],
    "controller.informer_queue": "RealFIFO",
    "controller.conflict_code": 409,
}

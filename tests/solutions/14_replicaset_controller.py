"""Answers that pass the checks in notebooks/14_replicaset_controller.ipynb."""


def slow_start_batch(count, initial_batch_size, fn):
    """A reference answer to 14.5: slowStartBatch."""
    remaining, successes = count, 0
    size = min(remaining, initial_batch_size)
    while size > 0:
        errors = []
        for _ in range(size):
            try:
                fn()
            except Exception as err:  # noqa: BLE001 - counted, the first is returned
                errors.append(err)
        successes += size - len(errors)
        if errors:
            return successes, errors[0]
        remaining -= size
        size = min(2 * size, remaining)
    return successes, None


ANSWERS = {
    "replicaset.batches": [1, 2, 4, 6],
    "replicaset.calls_until_failure": 7,
    "replicaset.expectation_left": 6,
    "replicaset.deletion_order": ["h", "f", "i", "g", "e"],
    "replicaset.build_slow_start": slow_start_batch,
    "replicaset.too_many_pods": "expectations (ControllerExpectations)",
}

"""Notebooks 13-14: build checks reject known-wrong implementations with a named case;
predict answers and debug symptoms come from the model."""

from __future__ import annotations

from k8slearn.exercises import check
from k8slearn.exercises import informers as ix
from k8slearn.exercises import replicaset as rx


def fails_at(result, case_fragment: str) -> None:
    assert not result.correct, str(result)
    first = result.message.split("First failing case: ", 1)[1].splitlines()[0]
    assert case_fragment in first, result.message


# ----------------------------------------------------------------- 13.4 build
def by_delta_type(handler, store, deltas):
    """Dispatches on the delta type instead of on the store (a common mistake)."""
    for dtype, obj in deltas:
        if dtype == "Added":
            store[obj[0]] = obj
            handler.on_add(obj)
        elif dtype == "Deleted":
            store.pop(obj[0], None)
            handler.on_delete(obj)
        else:
            old = store.get(obj[0])
            store[obj[0]] = obj
            handler.on_update(old, obj)


def notify_first(handler, store, deltas):
    """Calls the handler before writing the store."""
    for dtype, obj in deltas:
        if dtype == "Deleted":
            handler.on_delete(obj)
            store.pop(obj[0], None)
        elif obj[0] in store:
            handler.on_update(store[obj[0]], obj)
            store[obj[0]] = obj
        else:
            handler.on_add(obj)
            store[obj[0]] = obj


def skips_unknown_deletes(handler, store, deltas):
    for dtype, obj in deltas:
        if dtype == "Deleted":
            if obj[0] in store:
                del store[obj[0]]
                handler.on_delete(obj)
        elif obj[0] in store:
            old, store[obj[0]] = store[obj[0]], obj
            handler.on_update(old, obj)
        else:
            store[obj[0]] = obj
            handler.on_add(obj)


def test_dispatch_by_delta_type_fails():
    fails_at(ix.check_build_process_deltas(by_delta_type), "Updated for an unknown key")


def test_notify_before_store_write_fails():
    fails_at(ix.check_build_process_deltas(notify_first), "Added for a new key")


def test_skipping_unknown_deletes_fails():
    fails_at(ix.check_build_process_deltas(skips_unknown_deletes), "never stored")


def test_model_process_deltas_agrees_with_the_reference():
    """The check's expected calls come from k8slearn's processDeltas; the reference answer
    in tests/solutions (written from upstream's controller.go) must agree with them."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "solutions" / "13_informers.py"
    spec = importlib.util.spec_from_file_location("solution_13", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    result = ix.check_build_process_deltas(mod.process_deltas)
    assert result.correct, str(result)
    assert not hasattr(ix, "_reference"), "the checker must not carry the answer"


def test_informer_predictions_come_from_the_model():
    assert ix._pops_per_fifo() == (3, 6)
    assert ix._until_synced() == (3, 1)
    assert ix._tombstones() == ["default/x", "default/z"]
    named = check("13.5", "DeletedFinalStateUnknown")      # the type alone is not the fix
    assert not named.correct and "pod_from_delete" in named.message


def _naive(obj):                       # the handler of the panic: assumes a pod
    return obj if hasattr(obj, "spec") else obj.spec


def _unwraps_blindly(obj):             # returns the tombstone's obj even when it is no pod
    return getattr(obj, "obj", obj)


def test_tombstone_fix_must_unwrap_and_type_check():
    assert not check("13.5", _naive).correct
    blind = check("13.5", _unwraps_blindly)
    assert not blind.correct and "not a pod" in blind.message
    assert not check("13.5", lambda obj: obj).correct
    assert "interface {} is cache.DeletedFinalStateUnknown" in ix.TOMBSTONE_PANIC


# ----------------------------------------------------------------- 14.5 build
def linear(count, initial, fn):
    successes = 0
    for _ in range(count):
        try:
            fn()
            successes += 1
        except Exception as err:  # noqa: BLE001
            return successes, err
    return successes, None


def keeps_going(count, initial, fn):
    successes, first, size, remaining = 0, None, min(count, initial), count
    while size > 0:
        for _ in range(size):
            try:
                fn()
                successes += 1
            except Exception as err:  # noqa: BLE001
                first = first or err
        remaining -= size
        size = min(2 * size, remaining)
    return successes, first


def ignores_initial(count, initial, fn):
    from k8slearn.controller.replicaset import slow_start_batch

    return slow_start_batch(count, 1, fn)


def test_linear_creates_fail_the_call_count():
    fails_at(rx.check_build_slow_start(linear), "callLimit 5")


def test_continuing_after_a_failing_batch_fails():
    fails_at(rx.check_build_slow_start(keeps_going), "callLimit 0")


def test_ignoring_the_initial_batch_size_fails():
    fails_at(rx.check_build_slow_start(ignores_initial), "initial batch size 2")


def test_failed_sync_lowers_diff_minus_successes():
    calls, add = rx._failing_sync()
    assert (calls, add) == (7, 6)  # issue 12 item 1: the failed create is lowered too


def test_too_many_pods_events_come_from_the_lab():
    text = rx.too_many_pods_events()
    assert text.count("SuccessfulCreate") == 6 and text.count("SuccessfulDelete") == 3
    assert text.startswith("Events:\n  Type    Reason            Age   From")
    assert check("14.6", "ControllerExpectations").correct
    other = check("14.6", "the consistency store")     # v1.36's guard, also off in this build
    assert other.correct and "expectations" in other.message
    assert not check("14.6", "slow start").correct

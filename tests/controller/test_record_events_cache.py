"""The event correlator, ported from client-go tools/record/events_cache_test.go @ v0.36.3."""

from __future__ import annotations

import pytest

from k8slearn.controller.describe import describe_events
from k8slearn.controller.pod_control import Event
from k8slearn.tools.record import AGGREGATE_MAX_EVENTS, SPAM_BURST, EventCorrelator, correlate

POD = "Pod/my-ns/my-pod"


def _play(events: list[tuple], interval: float) -> EventCorrelator:
    c = EventCorrelator("kubelet")
    for i, (reason, message, *obj) in enumerate(events):
        c.correlate(i * interval, obj[0] if obj else POD, "Normal", reason, message)
    return c


def _last(c: EventCorrelator) -> tuple[str, int]:
    e = max(c.stored, key=lambda e: e.last_time)
    return e.message, e.count


@pytest.mark.parametrize("name,previous,new,interval,expected", [
    ("create-a-single-event", [], ("first", "i am first"), 5, ("i am first", 1)),
    ("the-same-event-should-just-count", [("duplicate", "me again")],
     ("duplicate", "me again"), 5, ("me again", 2)),
    ("the-same-event-should-just-count-even-if-more-than-aggregate",
     [("duplicate", "me again")] * AGGREGATE_MAX_EVENTS, ("duplicate", "me again"), 30,
     ("me again", AGGREGATE_MAX_EVENTS + 1)),
    ("create-many-unique-events",           # reason, message and object differ
     [(f"reason-{i}", f"message-{i}", f"Pod/ns-{i}/pod-{i}") for i in range(30)],
     ("unique", "snowflake"), 5, ("snowflake", 1)),
    ("similar-events-should-aggregate-event",
     [("similar", f"similar message{i}") for i in range(AGGREGATE_MAX_EVENTS - 1)],
     ("similar", "similar message"), 5,
     ("(combined from similar events): similar message", 1)),
    ("similar-events-many-times-should-count-the-aggregate",
     [("similar", f"similar message{i}") for i in range(AGGREGATE_MAX_EVENTS)],
     ("similar", "similar message"), 5,
     ("(combined from similar events): similar message", 2)),
    # upstream's interval clock ticks twice per event; 601 s is past the 600 s window
    ("similar-events-whose-interval-is-greater-than-aggregate-interval-do-not-aggregate",
     [("similar", f"similar message{i}") for i in range(AGGREGATE_MAX_EVENTS - 1)],
     ("similar", "similar message"), 601, ("similar message", 1)),
])
def test_event_correlator(name, previous, new, interval, expected):
    c = _play(previous + [new], interval)
    assert _last(c) == expected, name


def test_the_same_event_is_spam_if_it_happens_too_frequently():
    c = _play([("duplicate", "me again")] * (SPAM_BURST + 2), 1)
    assert c.skipped == 2
    assert c.stored[0].count == SPAM_BURST        # the stored Event stopped at the last write


def test_spam_budget_refills_one_event_per_five_minutes():
    c = _play([("r", f"m{i}") for i in range(SPAM_BURST)], 0)
    c.correlate(299, POD, "Normal", "r", "late")
    assert c.skipped == 1
    c.correlate(301, POD, "Normal", "r", "later")
    assert c.skipped == 1
    c.correlate(301, POD, "Warning", "other", "a different type has its own budget")
    assert c.skipped == 1


def test_describe_shows_counts_and_combined_events_like_kubectl():
    rs = "ReplicaSet/default/api"
    evs = [Event(0.2 * i, rs, "Normal", "SuccessfulCreate", f"Created pod: api-{i}")
           for i in range(11)]
    evs += [Event(1.0 + i, rs, "Warning", "FailedCreate", "Error creating: quota")
            for i in range(3)]
    ages = ["13s"] * 5 + ["12s"] * 4            # stored times are whole seconds
    assert describe_events(evs, 13.0).splitlines()[3:] == [
        *[f"  Normal   SuccessfulCreate  {age}                replicaset-controller  "
          f"Created pod: api-{i}" for i, age in enumerate(ages)],
        # the 10th different message starts the combined Event, the 11th counts it up
        "  Normal   SuccessfulCreate  11s (x2 over 12s)  replicaset-controller  "
        "(combined from similar events): Created pod: api-10",
        "  Warning  FailedCreate      10s (x3 over 12s)  replicaset-controller  "
        "Error creating: quota",
    ]


def test_correlate_truncates_stored_times_to_seconds():
    (e,) = correlate([Event(1.9, "Pod/a/b", "Normal", "R", "m")])
    assert (e.first_time, e.last_time, e.count) == (1.0, 1.0, 1)

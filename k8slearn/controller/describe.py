"""The ``Events:`` section of ``kubectl describe``, from a controller's event recorder.

``describe_events(events, now)`` prints what a user sees at the bottom of
``kubectl describe replicaset web``::

    Events:
      Type    Reason            Age   From                   Message
      ----    ------            ----  ----                   -------
      Normal  SuccessfulCreate  12s   replicaset-controller  Created pod: web-7x2kq

The rows are the Events the API holds, not the raw ``Eventf`` calls: recorded
events first go through the recorder's correlator
(:func:`k8slearn.tools.record.correlate`), which folds identical events into
one Event with a count, combines the 10th and later events that differ only in
their message into ``(combined from similar events): ...``, and drops events
over the spam budget (25 per object and type, then one per 5 minutes).
The columns are aligned the way kubectl's tab writer does it (minimum width 0,
padding 2, spaces), events are sorted by ``lastTimestamp`` (stable: creation
order for equal times), ``Age`` is ``duration.HumanDuration`` of
``now - firstTimestamp``, or ``<since last> (x<count> over <since first>)``
when the count is above 1, and no events give ``Events:  <none>``.

``human_duration`` follows kubernetes/apimachinery pkg/util/duration/duration.go
@ v0.36.3; sorting follows kubectl pkg/util/event/sorted_event_list.go; the rest
follows ``DescribeEvents`` and ``tabbedString``.

Upstream: kubernetes/kubectl pkg/describe/describe.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from k8slearn.api.duration import human_duration

__all__ = ["describe_events", "human_duration"]




def _tabbed(rows: list[list[str]], indent: str) -> list[str]:
    """Align every cell but the last (text/tabwriter with padding 2)."""
    widths = [max(len(indent * (i == 0) + r[i]) for r in rows) + 2 for i in range(len(rows[0]) - 1)]
    out = []
    for r in rows:
        cells = [indent + r[0]] + r[1:]
        line = "".join(c.ljust(w) for c, w in zip(cells[:-1], widths, strict=True)) + cells[-1]
        out.append(line)
    return out


def describe_events(events: Iterable[Any], now: float, source: str = "replicaset-controller",
                    object_name: str | None = None) -> str:
    """The ``Events:`` block for the recorded ``events`` (``pod_control.Event``).

    ``object_name`` filters on the recorder's ``Kind/namespace/name`` key.
    """
    from k8slearn.tools.record import correlate

    stored = [e for e in correlate(events, source)
              if object_name is None or e.object == object_name]
    if not stored:
        return "Events:  <none>"
    stored.sort(key=lambda e: e.last_time)
    rows = [["Type", "Reason", "Age", "From", "Message"],
            ["----", "------", "----", "----", "-------"]]
    for e in stored:
        age = human_duration(now - e.first_time)
        if e.count > 1:
            age = f"{human_duration(now - e.last_time)} (x{e.count} over {age})"
        rows.append([e.type, e.reason, age, e.source, e.message.strip()])
    return "\n".join(["Events:"] + _tabbed(rows, "  "))

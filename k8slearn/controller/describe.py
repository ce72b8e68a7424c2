"""The ``Events:`` section of ``kubectl describe``, from a controller's event recorder.

``describe_events(events, now)`` prints what a user sees at the bottom of
``kubectl describe replicaset web``::

    Events:
      Type    Reason            Age   From                   Message
      ----    ------            ----  ----                   -------
      Normal  SuccessfulCreate  12s   replicaset-controller  Created pod: web-7x2kq

The columns are aligned the way kubectl's tab writer does it (minimum width 0,
padding 2, spaces), events are sorted by time (stable: recording order for
equal times), ``Age`` is ``duration.HumanDuration`` of ``now - time``, and no
events give ``Events:  <none>``.  Each recorded event is one row (the
recorder never aggregates, so no ``(x3 over 10s)`` intervals appear).

``human_duration`` follows kubernetes/apimachinery pkg/util/duration/duration.go
@ v0.36.3; the rest follows ``DescribeEvents`` and ``tabbedString``.

Upstream: kubernetes/kubectl pkg/describe/describe.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["describe_events", "human_duration"]


def human_duration(seconds: float) -> str:
    """``duration.HumanDuration`` for the ranges a course shows (up to days)."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        rest = s % 60
        return f"{minutes}m" if rest == 0 else f"{minutes}m{rest}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = s // 3600
    if hours < 8:
        rest = minutes % 60
        return f"{hours}h" if rest == 0 else f"{hours}h{rest}m"
    if hours < 48:
        return f"{hours}h"
    return f"{hours // 24}d"


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
    """The ``Events:`` block for ``events`` (``pod_control.Event``), optionally for one object.

    ``object_name`` filters on the recorder's ``Kind/namespace/name`` key.
    """
    chosen = [e for e in events if object_name is None or e.object == object_name]
    if not chosen:
        return "Events:  <none>"
    chosen.sort(key=lambda e: e.time)
    rows = [["Type", "Reason", "Age", "From", "Message"],
            ["----", "------", "----", "----", "-------"]]
    rows += [[e.type, e.reason, human_duration(now - e.time), source, e.message.strip()]
             for e in chosen]
    return "\n".join(["Events:"] + _tabbed(rows, "  "))

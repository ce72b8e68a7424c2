"""Watch streams: ``?watch=1`` answers as chunked JSON lines.

Each line is one ``{"type": ..., "object": ...}`` event after the request's
``resourceVersion``, in order (the API server's event history).  With
``Accept: ...as=Table`` each object is a one-row Table (``kubectl get -w``).
The watch-list form client-go v0.36 uses (``sendInitialEvents=true``) gets the
current objects as ADDED events and then a BOOKMARK annotated
``k8s.io/initial-events-end: "true"``.  A stream ends at ``timeoutSeconds``,
when the server stops, or with an ERROR event (410 Expired for a compacted
version).

Upstream: kubernetes/apiserver pkg/endpoints/handlers/watch.go @ v0.36.3
Upstream: kubernetes/apiserver pkg/storage/cacher/cacher.go @ v0.36.3
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from k8slearn.cluster.codec import to_json
from k8slearn.cluster.status import status_from_error
from k8slearn.cluster.tables import table_for, wants_table

__all__ = ["watch_events"]


def _line(d: dict) -> bytes:
    return json.dumps(d, separators=(",", ":")).encode() + b"\n"


def watch_events(api: Any, ctx: Any, fsel: Any) -> Iterator[bytes]:
    """Open the watch now; return the generator of encoded events."""
    from k8slearn.apiserver.watch import ERROR

    q = ctx.query
    rv = q.get("resourceVersion", "")
    initial = q.get("sendInitialEvents") == "true"
    if initial:
        rv = ""  # the watch-list: current objects first, then a bookmark
    w = api.server.watch(ctx.served.resource, ctx.ns, rv, q.get("labelSelector") or None)
    n_initial, list_rv = (w.pending(), api.server.resource_version) if initial else (-1, "")
    timeout = float(q.get("timeoutSeconds") or 1800)
    table = wants_table(ctx.headers.get("accept", ""))
    bookmark = {"type": "BOOKMARK", "object": {
        "kind": ctx.served.kind, "apiVersion": ctx.served.group_version,
        "metadata": {"resourceVersion": list_rv,
                     "annotations": {"k8s.io/initial-events-end": "true"}}}}

    def events() -> Iterator[bytes]:
        import time

        deadline = time.monotonic() + timeout
        sent = 0
        try:
            if n_initial == 0:
                yield _line(bookmark)
            while not api.stopping and time.monotonic() < deadline:
                ev = w.next(timeout=api.watch_poll)
                if ev is None:
                    if w.stopped:
                        return
                    continue
                if ev.type == ERROR:
                    yield _line({"type": "ERROR", "object": status_from_error(ev.object)})
                    return
                sent += 1
                if q.get("fieldSelector") and not fsel(ev.object.to_dict()):
                    if sent == n_initial:
                        yield _line(bookmark)
                    continue
                if table:
                    obj = table_for(ctx.served.resource, [ev.object],
                                    api.server.clock.now(),
                                    ev.object.metadata.resource_version,
                                    q.get("includeObject", "Metadata"))
                else:
                    obj = to_json(ev.object, ctx.served.group_version)
                yield _line({"type": ev.type, "object": obj})
                if sent == n_initial:
                    yield _line(bookmark)
        finally:
            w.stop()

    return events()


"""client-go ``tools/record`` in Python: what happens to an event between ``Eventf`` and the API.

Upstream: kubernetes/client-go tools/record/doc.go @ v0.36.3
"""

from k8slearn.tools.record.events_cache import (
    AGGREGATE_INTERVAL,
    AGGREGATE_MAX_EVENTS,
    SPAM_BURST,
    SPAM_QPS,
    EventCorrelator,
    StoredEvent,
    correlate,
)

__all__ = ["AGGREGATE_INTERVAL", "AGGREGATE_MAX_EVENTS", "SPAM_BURST", "SPAM_QPS",
           "EventCorrelator", "StoredEvent", "correlate"]

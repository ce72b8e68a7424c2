"""client-go's work queue, rebuilt: Queue, DelayingQueue, RateLimitingQueue, rate limiters.

Controllers put object keys into a work queue and process them with a few
workers.  The queue is *fair* (FIFO), *stingy* (an item is never processed by
two workers at once, and several adds before processing collapse into one),
and supports shutdown with or without draining.

Upstream: kubernetes/client-go util/workqueue/doc.go @ v0.36.3

Modules, one per upstream file: :mod:`.queue`, :mod:`.delaying_queue`,
:mod:`.rate_limiting_queue`, :mod:`.default_rate_limiters` (with the token
bucket in :mod:`.rate`, after ``golang.org/x/time/rate``), :mod:`.metrics`,
:mod:`.parallelizer`.  This package imports only :mod:`k8slearn.clock` and
the standard library.
"""

from k8slearn.workqueue.default_rate_limiters import (
    BucketRateLimiter,
    ItemExponentialFailureRateLimiter,
    ItemFastSlowRateLimiter,
    MaxOfRateLimiter,
    RateLimiter,
    WithMaxWaitRateLimiter,
    default_controller_rate_limiter,
    default_item_based_rate_limiter,
)
from k8slearn.workqueue.delaying_queue import MAX_WAIT, DelayingQueue, Waiting
from k8slearn.workqueue.metrics import (
    InMemoryMetricsProvider,
    MetricsProvider,
    NoopMetricsProvider,
    set_provider,
)
from k8slearn.workqueue.parallelizer import parallelize_until
from k8slearn.workqueue.queue import DefaultQueue, Queue, Snapshot, Storage
from k8slearn.workqueue.rate_limiting_queue import RateLimitingQueue

__all__ = [
    "Queue", "DelayingQueue", "RateLimitingQueue",
    "Snapshot", "Waiting", "Storage", "DefaultQueue", "MAX_WAIT",
    "RateLimiter", "BucketRateLimiter", "ItemExponentialFailureRateLimiter",
    "ItemFastSlowRateLimiter", "MaxOfRateLimiter", "WithMaxWaitRateLimiter",
    "default_controller_rate_limiter", "default_item_based_rate_limiter",
    "parallelize_until",
    "MetricsProvider", "NoopMetricsProvider", "InMemoryMetricsProvider", "set_provider",
]

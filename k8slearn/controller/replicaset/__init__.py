"""The ReplicaSet controller.

Upstream: kubernetes/kubernetes pkg/controller/replicaset/replica_set.go @ v1.36.0
"""

from k8slearn.controller.replicaset.replica_set import (
    BURST_REPLICAS,
    ReplicaSetController,
    get_pods_to_delete,
    slow_start_batch,
)

__all__ = ["BURST_REPLICAS", "ReplicaSetController", "get_pods_to_delete", "slow_start_batch"]

"""Deployment helpers: revisions, the pod-template hash, surge/unavailable arithmetic.

* ``deployment.kubernetes.io/revision`` on each ReplicaSet (and the
  Deployment) numbers the template versions; a new ReplicaSet gets the highest
  old revision + 1, and the Deployment copies its new ReplicaSet's revision.
* ``pod-template-hash``: a label added to the new ReplicaSet's selector,
  template and pods so ReplicaSets of different templates never fight over
  pods.  Upstream hashes the template with ``hashutil.DeepHashObject`` (Go's
  spew printer, FNV-32a) plus ``collisionCount`` and encodes the decimal
  number with ``rand.SafeEncodeString``; the course hashes the template's
  canonical JSON with FNV-32a and encodes the same way, so values differ from
  a real cluster's but have the same shape (``5d8f7c9b6``).
* ``max_surge``/``max_unavailable``: an int or a percentage of the desired
  replicas, surge rounding up and unavailable rounding down; if both end up
  0, unavailable is 1 (``ResolveFenceposts``).

Upstream: kubernetes/kubernetes pkg/controller/deployment/util/deployment_util.go @ v1.36.0
Upstream: kubernetes/kubernetes pkg/controller/controller_utils.go @ v1.36.0
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = [
    "REVISION_ANNOTATION", "DESIRED_REPLICAS_ANNOTATION", "MAX_REPLICAS_ANNOTATION",
    "REVISION_HISTORY_ANNOTATION", "CHANGE_CAUSE_ANNOTATION", "DEFAULT_LABEL_KEY",
    "compute_hash", "safe_encode_string", "revision", "max_revision", "resolve_fenceposts",
    "max_surge", "max_unavailable", "equal_ignore_hash", "get_int_or_percent",
    "set_new_revision", "MAX_REV_HISTORY_LENGTH_IN_CHARS",
]

REVISION_ANNOTATION = "deployment.kubernetes.io/revision"
REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas"
CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause"
LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"
DEFAULT_LABEL_KEY = "pod-template-hash"
#: annotations the Deployment does not copy to its ReplicaSets (``skipCopyAnnotation``)
SKIP_COPY = {LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION,
             DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION,
             "deprecated.deployment.rollback.to"}

_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"


def safe_encode_string(s: str) -> str:
    """``rand.SafeEncodeString``: each byte mapped onto the vowel-free alphabet."""
    return "".join(_ALPHANUMS[ord(ch) % len(_ALPHANUMS)] for ch in s)


def _fnv32a(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def compute_hash(template: Any, collision_count: int | None = None) -> str:
    """``controller.ComputeHash`` (course hash input; see module docstring)."""
    text = json.dumps(template.to_dict(), sort_keys=True, separators=(",", ":"))
    if collision_count is not None:
        text += str(collision_count)
    return safe_encode_string(str(_fnv32a(text.encode())))


def revision(obj: Any) -> int:
    """The revision annotation as an int (0 when absent or unparsable)."""
    try:
        return int((obj.metadata.annotations or {}).get(REVISION_ANNOTATION, "0"))
    except ValueError:
        return 0


#: the Deployment controller's limit on the revision-history annotation's length
MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000


def set_new_revision(rs: Any, new_revision: str,
                     limit: int = MAX_REV_HISTORY_LENGTH_IN_CHARS) -> bool:
    """The revision part of ``SetNewReplicaSetAnnotations``: raise the ReplicaSet's
    revision to ``new_revision`` (never lower it); a ReplicaSet that had a revision
    (a rollback to it) keeps its earlier ones in ``deployment.kubernetes.io/revision-history``
    (comma-separated, oldest dropped beyond ``limit`` characters).  An unparsable old
    revision leaves everything as it is."""
    ann = rs.metadata.annotations
    old = ann.get(REVISION_ANNOTATION)
    try:
        old_n = int(old) if old is not None and old != "" else 0
    except ValueError:
        return False
    if old_n >= int(new_revision):
        return False
    ann[REVISION_ANNOTATION] = new_revision
    if old is not None:
        history = ann.get(REVISION_HISTORY_ANNOTATION, "")
        if not history:
            ann[REVISION_HISTORY_ANNOTATION] = old
        else:
            parts = history.split(",")
            total, start = len(history) + len(old) + 1, 0
            while total > limit and start < len(parts):
                total -= len(parts[start]) + 1
                start += 1
            if total <= limit:
                ann[REVISION_HISTORY_ANNOTATION] = ",".join(parts[start:] + [old])
    return True


def max_revision(rss: list[Any]) -> int:
    return max((revision(rs) for rs in rss), default=0)


def get_int_or_percent(value: Any, total: int, round_up: bool) -> int:
    """``intstr.GetScaledValueFromIntOrPercent``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.endswith("%"):
        try:
            pct = int(value[:-1])
        except ValueError:
            raise ValueError(f"invalid value for IntOrString: invalid value {value!r}") from None
        exact = pct * total / 100
        return math.ceil(exact) if round_up else math.floor(exact)
    if isinstance(value, str):
        # a string must be a percentage: "5" is an error, as upstream
        raise ValueError("invalid value for IntOrString: invalid type: string is not a "
                         "percentage")
    return 0


def _rolling(d: Any) -> dict:
    s = d.spec.strategy if isinstance(d.spec.strategy, dict) else {}
    return s.get("rollingUpdate") or {} if (s.get("type") or "RollingUpdate") == "RollingUpdate" \
        else {}


def resolve_fenceposts(surge: Any, unavailable: Any, desired: int) -> tuple[int, int]:
    s = get_int_or_percent(surge if surge is not None else 0, desired, True)
    u = get_int_or_percent(unavailable if unavailable is not None else 0, desired, False)
    if s == 0 and u == 0:
        u = 1
    return s, u


def is_rolling(d: Any) -> bool:
    s = d.spec.strategy if isinstance(d.spec.strategy, dict) else {}
    return (s.get("type") or "RollingUpdate") == "RollingUpdate"


def max_surge(d: Any) -> int:
    if not is_rolling(d):
        return 0
    ru = _rolling(d)
    return resolve_fenceposts(ru.get("maxSurge", "25%"), ru.get("maxUnavailable", "25%"),
                              d.spec.replicas or 0)[0]


def max_unavailable(d: Any) -> int:
    """``MaxUnavailable``: never more than the desired replicas."""
    if not is_rolling(d) or not d.spec.replicas:
        return 0
    ru = _rolling(d)
    u = resolve_fenceposts(ru.get("maxSurge", "25%"), ru.get("maxUnavailable", "25%"),
                           d.spec.replicas)[1]
    return min(u, d.spec.replicas)


def equal_ignore_hash(a: Any, b: Any) -> bool:
    """``EqualIgnoreHash``: templates equal once ``pod-template-hash`` labels are dropped."""
    da, db = a.to_dict(), b.to_dict()
    for d in (da, db):
        labels = (d.get("metadata") or {}).get("labels") or {}
        labels.pop(DEFAULT_LABEL_KEY, None)
        if "metadata" in d:
            if labels:
                d["metadata"]["labels"] = labels
            else:
                d["metadata"].pop("labels", None)
    return da == db

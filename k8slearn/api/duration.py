"""``HumanDuration``: the short ages kubectl and ``describe`` print (45s, 3m20s, 5h30m, 2d3h).

One function, used wherever the course prints an age: server-side Tables, the
``Events:`` section of ``kubectl describe``, and kube-controller-manager's node events.
A duration below -1 s (a clock running ahead of the reader's) prints ``<invalid>``;
-1 s up to 0 prints ``0s``, as upstream's tolerance for small clock skew.

Upstream: kubernetes/apimachinery pkg/util/duration/duration.go @ v0.36.3
"""

from __future__ import annotations

__all__ = ["human_duration"]


def human_duration(seconds: float) -> str:
    """``duration.HumanDuration`` of ``seconds``."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        return f"{minutes}m" if s % 60 == 0 else f"{minutes}m{s % 60}s"
    if minutes < 180:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 8:
        return f"{hours}h" if minutes % 60 == 0 else f"{hours}h{minutes % 60}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        return f"{hours // 24}d" if hours % 24 == 0 else f"{hours // 24}d{hours % 24}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = hours // 24 % 365
        return f"{hours // 24 // 365}y" if days == 0 else f"{hours // 24 // 365}y{days}d"
    return f"{hours // 24 // 365}y"

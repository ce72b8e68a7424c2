"""ListerWatcher: how a reflector lists and watches one resource.

Upstream: kubernetes/client-go tools/cache/listwatch.go @ v0.36.3
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ListOptions", "ListWatch"]


@dataclass
class ListOptions:
    """The subset of ``metav1.ListOptions`` the reflector sends."""

    resource_version: str = ""
    limit: int = 0
    allow_watch_bookmarks: bool = False
    label_selector: Any = None
    extra: dict = field(default_factory=dict)


class ListWatch:
    """A pair of functions ``list(options) -> ObjectList`` and ``watch(options) -> Watcher``."""

    def __init__(
        self,
        list_func: Callable[[ListOptions], Any],
        watch_func: Callable[[ListOptions], Any],
        description: str = "",
    ) -> None:
        self.list_func, self.watch_func, self.description = list_func, watch_func, description

    def list(self, options: ListOptions) -> Any:
        return self.list_func(options)

    def watch(self, options: ListOptions) -> Any:
        return self.watch_func(options)

    @classmethod
    def from_server(
        cls, server: Any, resource: str, namespace: str | None = None, label_selector: Any = None
    ) -> ListWatch:
        """``NewListWatchFromClient`` against a :class:`k8slearn.apiserver.APIServer`."""
        return cls(
            lambda o: server.list(resource, namespace, label_selector),
            lambda o: server.watch(resource, namespace, o.resource_version, label_selector),
            description=resource,
        )

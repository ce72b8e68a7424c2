"""An in-memory API server: CRUD, watch, optimistic concurrency, subresources.

Objects are stored per resource under ``namespace/name`` (cluster-scoped:
``name``).  Every write takes the next value of one global counter as its
``resourceVersion`` (as etcd's revision does), so versions increase
monotonically across all resources.  Reads and writes deep-copy: nothing a
caller holds aliases stored state.

What is modelled (and where it comes from):

* ``create`` and ``update`` validate the object (``k8slearn.api.validation``)
  and fail with 422 Invalid listing every field error.
* ``create``: ``generateName`` (base + 5 random characters from the
  apiserver's alphabet, from a seeded RNG), ``uid`` (seeded, UUID-shaped),
  ``creationTimestamp`` from the clock, ``generation = 1`` for kinds that
  track it; AlreadyExists on a duplicate name.
* ``update``: optimistic concurrency.  A non-empty ``resourceVersion`` that
  differs from the stored one fails with the 409 Conflict message; an empty
  one is an unconditional update (``AllowUnconditionalUpdate`` is true for
  the served kinds).  For kinds with a status subresource, ``update`` keeps
  the stored status and ``update_status`` keeps the stored spec; a spec
  change bumps ``metadata.generation``.
* ``delete``: immediate, unless the object has finalizers or a pod on a node
  is deleted with a grace period: then ``deletionTimestamp`` is set (clock
  time + grace) and the object is removed once the finalizers are gone or a
  second delete with grace 0 arrives.  A negative grace period counts as 1 s
  (``rest.BeforeDelete``).  Deleting an owner runs the simple garbage
  collector (:mod:`k8slearn.apiserver.gc`).
* A body a JSON request could not carry (``replicas`` of NaN or past int32)
  is a 400 BadRequest (:mod:`k8slearn.apiserver.wire`); a malformed watch
  ``resourceVersion`` is the 500 the storage layer's error becomes.
* ``watch(resource_version)``: ``""``/``"0"`` begins with synthetic ADDED
  events for the current objects; a specific version replays the retained
  history after it; a version older than the retained history yields one
  ERROR event carrying ``Expired`` (``too old resource version: N (M)``).

Course simplifications: no admission, defaulting or validation beyond what is
listed; ``list`` always serves the latest state (its ``resourceVersion``
options are ignored) and never paginates; the garbage collector runs
synchronously inside ``delete``; pods default to a zero grace period;
``close_watches`` stands in for watch timeouts and API server restarts.

Upstream: kubernetes/apiserver pkg/registry/generic/registry/store.go @ v0.36.3
Upstream: kubernetes/apiserver pkg/storage/cacher/watch_cache.go @ v0.36.3
Upstream: kubernetes/apiserver pkg/storage/names/generate.go @ v0.36.3
"""

from __future__ import annotations

import copy
import random
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from k8slearn.apiserver import errors, gc
from k8slearn.apiserver.deepcopy import deep_copy
from k8slearn.apiserver.registry import ResourceInfo, kind_of, resource_for_kind, resource_info
from k8slearn.apiserver.selection import compile_selector
from k8slearn.apiserver.watch import ADDED, DELETED, ERROR, MODIFIED, Event, Watcher, filter_event
from k8slearn.clock import Clock, RealClock

__all__ = ["APIServer", "ObjectList"]

#: Characters ``names.SimpleNameGenerator`` draws from (no vowels, no 0/1/3).
_ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789"
_RANDOM_LENGTH = 5
_MAX_GENERATED_NAME_LENGTH = 63 - _RANDOM_LENGTH


@dataclass
class ObjectList:
    """A list response: the items and the list's ``resourceVersion``."""

    items: list[Any]
    resource_version: str
    kind: str = "List"
    metadata: dict = field(default_factory=dict)


def _key(info: ResourceInfo, namespace: str | None, name: str) -> str:
    return f"{namespace}/{name}" if info.namespaced and namespace else name


class APIServer:
    """The in-memory API server; thread-safe (one lock around storage)."""

    def __init__(
        self, clock: Clock | None = None, seed: int = 0, history_limit: int = 100_000,
        requests_limit: int = 10_000,
    ) -> None:
        self.clock: Clock = clock if clock is not None else RealClock()
        self._rng = random.Random(seed)
        self._lock = threading.RLock()
        self._rv = 0
        self._objects: dict[str, dict[str, Any]] = {}
        self._history: list[tuple[int, str, Event, Any]] = []  # (rv, resource, event, old)
        self._history_limit = history_limit
        self._compacted_rv = 0
        self._watchers: list[tuple[Watcher, str, str | None, Any]] = []
        #: The last ``requests_limit`` requests, as ``(verb, resource, namespace/name)``.
        self.requests: deque[tuple[str, str, str]] = deque(maxlen=requests_limit)
        #: How many requests were ever recorded (a mark for ``requests_since``).
        self.requests_total = 0
        #: Hooks ``f(verb, resource, obj) -> None`` that may raise to inject failures.
        self.reactors: list[Any] = []

    # ------------------------------------------------------------------ helpers
    @property
    def resource_version(self) -> str:
        with self._lock:
            return str(self._rv)

    def _new_uid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def _generate_name(self, base: str) -> str:
        base = base[:_MAX_GENERATED_NAME_LENGTH]
        return base + "".join(self._rng.choice(_ALPHANUMS) for _ in range(_RANDOM_LENGTH))

    def _store(self, info: ResourceInfo) -> dict[str, Any]:
        return self._objects.setdefault(info.resource, {})

    def _react(self, verb: str, info: ResourceInfo, obj: Any) -> None:
        for reactor in list(self.reactors):
            reactor(verb, info.resource, obj)

    def _validate(self, info: ResourceInfo, obj: Any) -> None:
        """Run the kind's validation (``k8slearn.api.validation``); Invalid lists every error."""
        from k8slearn.api.validation import validate_object
        from k8slearn.apiserver.wire import check_request_body

        check_request_body(info.kind, info.version, obj)  # 400 before validation, as upstream
        errs = validate_object(obj)
        if errs:
            raise errors.Invalid(info.kind, info.group, obj.metadata.name, [str(e) for e in errs])

    def _next_rv(self) -> int:
        self._rv += 1
        return self._rv

    def _record(self, verb: str, info: ResourceInfo, ns: str | None, name: str) -> None:
        self.requests.append((verb, info.resource, f"{ns}/{name}" if ns else name))
        self.requests_total += 1

    def requests_since(self, mark: int) -> list[tuple[str, str, str]]:
        """The requests recorded after ``requests_total`` was ``mark`` (those still kept)."""
        newer = self.requests_total - mark
        if newer <= 0:
            return []
        kept = list(self.requests)
        return kept[-newer:] if newer < len(kept) else kept

    # ------------------------------------------------------------------ reads
    def get(self, resource: str, namespace: str | None, name: str) -> Any:
        """The stored object (a copy); NotFound if absent."""
        info = resource_info(resource)
        with self._lock:
            self._record("get", info, namespace, name)
            self._react("get", info, (namespace, name))
            obj = self._store(info).get(_key(info, namespace, name))
            if obj is None:
                raise errors.NotFound(info.resource, info.group, name)
            return deep_copy(obj)

    def list(
        self, resource: str, namespace: str | None = None, label_selector: Any = None
    ) -> ObjectList:
        """Matching objects sorted by key, with the current ``resourceVersion``."""
        info = resource_info(resource)
        match = compile_selector(label_selector)
        with self._lock:
            self._record("list", info, namespace, "")
            self._react("list", info, namespace)
            items = [
                deep_copy(o)
                for k, o in sorted(self._store(info).items())
                if (not namespace or o.metadata.namespace == namespace)
                and match(o.metadata.labels or {})
            ]
            return ObjectList(items, str(self._rv))

    # ------------------------------------------------------------------ writes
    def create(self, obj: Any) -> Any:
        """Store a new object; returns the stored copy with server fields set."""
        info = resource_for_kind(kind_of(obj))
        obj = deep_copy(obj)
        meta = obj.metadata
        with self._lock:
            if not meta.name and getattr(meta, "generate_name", None):
                meta.name = self._generate_name(meta.generate_name)
            if not meta.name:
                raise errors.Invalid(
                    info.kind, info.group, "", ["metadata.name: Required value: name or "
                                                "generateName is required"]
                )
            if info.namespaced and not meta.namespace:
                meta.namespace = "default"
            if not info.namespaced:
                meta.namespace = ""
            self._record("create", info, meta.namespace, meta.name)
            self._validate(info, obj)
            self._react("create", info, obj)
            store = self._store(info)
            key = _key(info, meta.namespace, meta.name)
            if key in store:
                raise errors.AlreadyExists(info.resource, info.group, meta.name)
            meta.uid = self._new_uid()
            meta.creation_timestamp = self.clock.now()
            meta.deletion_timestamp = None
            if info.generation:
                meta.generation = 1
            meta.resource_version = str(self._next_rv())
            store[key] = obj
            self._notify(info, ADDED, obj, None)
            return deep_copy(obj)

    def update(self, obj: Any) -> Any:
        """Replace the object's spec/metadata (status kept); 409 on a stale RV."""
        return self._update(obj, status=False)

    def update_status(self, obj: Any) -> Any:
        """Replace the object's status (spec kept): the ``/status`` subresource."""
        return self._update(obj, status=True)

    def _update(self, obj: Any, status: bool) -> Any:
        info = resource_for_kind(kind_of(obj))
        new = deep_copy(obj)
        meta = new.metadata
        with self._lock:
            verb = "update_status" if status else "update"
            self._record(verb, info, meta.namespace, meta.name)
            if not status:
                self._validate(info, new)
            self._react(verb, info, new)
            store = self._store(info)
            key = _key(info, meta.namespace, meta.name)
            old = store.get(key)
            if old is None:
                raise errors.NotFound(info.resource, info.group, meta.name)
            if meta.resource_version and meta.resource_version != old.metadata.resource_version:
                raise errors.Conflict(info.resource, info.group, meta.name)
            if info.status and hasattr(new, "status"):
                if status:
                    new.spec = deep_copy(old.spec)
                    new.metadata = deep_copy(old.metadata)
                    meta = new.metadata
                else:
                    new.status = deep_copy(old.status)
            # server-owned metadata is never taken from the request
            meta.uid = old.metadata.uid
            meta.creation_timestamp = old.metadata.creation_timestamp
            meta.deletion_timestamp = old.metadata.deletion_timestamp
            if info.generation:
                gen = old.metadata.generation or 1
                if not status and getattr(new, "spec", None) != getattr(old, "spec", None):
                    gen += 1
                meta.generation = gen
            if new == old or _same_except_rv(new, old):
                return deep_copy(old)  # a no-op update does not bump the RV
            meta.resource_version = str(self._next_rv())
            if meta.deletion_timestamp is not None and not (meta.finalizers or []):
                del store[key]
                self._notify(info, DELETED, new, old)
                gc.collect(self, new)
                return deep_copy(new)
            store[key] = new
            self._notify(info, MODIFIED, new, old)
            return deep_copy(new)

    def delete(
        self,
        resource: str,
        namespace: str | None,
        name: str,
        grace_period_seconds: float | None = None,
        uid: str | None = None,
    ) -> Any:
        """Delete (or start gracefully deleting) an object; returns its last state."""
        info = resource_info(resource)
        with self._lock:
            self._record("delete", info, namespace, name)
            self._react("delete", info, (namespace, name))
            store = self._store(info)
            key = _key(info, namespace, name)
            old = store.get(key)
            if old is None:
                raise errors.NotFound(info.resource, info.group, name)
            if uid is not None and old.metadata.uid != uid:
                raise errors.Conflict(
                    info.resource, info.group, name,
                    f"Precondition failed: UID in precondition: {uid}, "
                    f"UID in object meta: {old.metadata.uid}",
                )
            if grace_period_seconds is not None and grace_period_seconds < 0:
                grace_period_seconds = 1  # rest.BeforeDelete: negative means 1 s
            graceful = (
                info.kind == "Pod"
                and grace_period_seconds
                and getattr(old.spec, "node_name", None)
            )
            if (old.metadata.finalizers or graceful) and old.metadata.deletion_timestamp is None:
                new = deep_copy(old)
                grace = float(grace_period_seconds or 0.0) if graceful else 0.0
                new.metadata.deletion_timestamp = self.clock.now() + grace
                new.metadata.deletion_grace_period_seconds = int(grace)
                new.metadata.resource_version = str(self._next_rv())
                store[key] = new
                self._notify(info, MODIFIED, new, old)
                return deep_copy(new)
            if old.metadata.finalizers:
                return deep_copy(old)  # waits for the finalizers
            del store[key]
            gone = deep_copy(old)
            gone.metadata.resource_version = str(self._next_rv())
            self._notify(info, DELETED, gone, old)
            gc.collect(self, gone)
            return deep_copy(gone)

    # ------------------------------------------------------------------ subresources
    def bind(self, namespace: str, name: str, node_name: str) -> Any:
        """``pods/binding``: set ``spec.nodeName`` on an unbound pod."""
        info = resource_info("pods")
        with self._lock:
            self._record("bind", info, namespace, name)
            store = self._store(info)
            old = store.get(_key(info, namespace, name))
            if old is None:
                raise errors.NotFound(info.resource, info.group, name)
            if old.spec.node_name:
                raise errors.Conflict(
                    info.resource, info.group, name,
                    f"pod {name} is already assigned to node \"{old.spec.node_name}\"",
                )
            new = deep_copy(old)
            new.spec.node_name = node_name
            new.metadata.resource_version = str(self._next_rv())
            store[_key(info, namespace, name)] = new
            self._notify(info, MODIFIED, new, old)
            return deep_copy(new)

    def get_scale(self, resource: str, namespace: str, name: str) -> Any:
        """The ``/scale`` subresource of a Deployment, ReplicaSet or StatefulSet."""
        from k8slearn.apiserver.scale import scale_of

        info = resource_info(resource)
        if not info.scale:
            raise errors.NotFound(f"{info.resource}/scale", info.group, name)
        return scale_of(info, self.get(resource, namespace, name))

    def update_scale(self, resource: str, namespace: str, name: str, scale: Any) -> Any:
        """Write ``spec.replicas`` through ``/scale`` (409 on a stale RV)."""
        from k8slearn.apiserver.scale import scale_of

        info = resource_info(resource)
        if not info.scale:
            raise errors.NotFound(f"{info.resource}/scale", info.group, name)
        with self._lock:
            obj = self.get(resource, namespace, name)
            rv = scale.metadata.resource_version
            if rv and rv != obj.metadata.resource_version:
                raise errors.Conflict(info.resource, info.group, name)
            obj.spec.replicas = scale.spec.replicas
            obj.metadata.resource_version = ""
            return scale_of(info, self.update(obj))

    # ------------------------------------------------------------------ watch
    def watch(
        self,
        resource: str,
        namespace: str | None = None,
        resource_version: str = "",
        label_selector: Any = None,
    ) -> Watcher:
        """Open a watch; see the module docstring for the version rules."""
        info = resource_info(resource)
        match = compile_selector(label_selector)
        w = Watcher(on_stop=self._drop_watcher)
        with self._lock:
            self._record("watch", info, namespace, "")
            if resource_version in ("", "0"):
                for _, obj in sorted(self._store(info).items()):
                    if (not namespace or obj.metadata.namespace == namespace) and match(
                        obj.metadata.labels or {}
                    ):
                        w.push(Event(ADDED, deep_copy(obj)))
            else:
                since = _parse_resource_version(resource_version)
                if since < self._compacted_rv:
                    w.push(
                        Event(
                            ERROR,
                            errors.Expired(
                                f"too old resource version: {since} ({self._compacted_rv + 1})"
                            ),
                        )
                    )
                    return w
                for rv, res, ev, old in self._history:
                    if rv > since and res == info.resource:
                        out = filter_event(ev, old, namespace, match)
                        if out is not None:
                            w.push(out)
            self._watchers.append((w, info.resource, namespace, match))
        return w

    def compact(self) -> None:
        """Forget the event history (as etcd compaction does): old watches get 410."""
        with self._lock:
            self._history.clear()
            self._compacted_rv = self._rv

    def close_watches(self) -> int:
        """End every open watch (as an API server restart or a timeout does)."""
        with self._lock:
            watchers = [w for w, *_ in self._watchers]
        for w in watchers:
            w.stop()
        return len(watchers)

    def _drop_watcher(self, w: Watcher) -> None:
        with self._lock:
            self._watchers = [t for t in self._watchers if t[0] is not w]

    def _notify(self, info: ResourceInfo, etype: str, obj: Any, old: Any) -> None:
        ev = Event(etype, deep_copy(obj))
        self._history.append((self._rv, info.resource, ev, old))
        if len(self._history) > self._history_limit:
            drop = len(self._history) - self._history_limit
            self._compacted_rv = self._history[drop - 1][0]
            del self._history[:drop]
        for w, res, ns, match in self._watchers:
            if res == info.resource:
                out = filter_event(ev, old, ns, match)
                if out is not None:
                    w.push(out)


def _parse_resource_version(rv: str) -> int:
    """APIObjectVersioner.ParseResourceVersion; the error reaches the client as a 500."""
    err = ""
    if not rv.isascii() or not rv.isdigit():
        err = f'strconv.ParseUint: parsing "{rv}": invalid syntax'
    elif int(rv) >= 1 << 64:
        err = f'strconv.ParseUint: parsing "{rv}": value out of range'
    if err:
        raise errors.NonStatusError(f'resourceVersion: Invalid value: "{rv}": {err}')
    return int(rv)


def _same_except_rv(a: Any, b: Any) -> bool:
    a2 = copy.copy(a)
    a2.metadata = copy.copy(a.metadata)
    a2.metadata.resource_version = b.metadata.resource_version
    return a2 == b

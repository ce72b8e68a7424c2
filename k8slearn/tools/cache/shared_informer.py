"""SharedIndexInformer: one reflector + queue + indexer feeding many handlers.

The pipeline: Reflector -> queue (RealFIFO by default, DeltaFIFO on request)
-> ``process_deltas`` (write the indexer, then notify) -> the shared
processor -> one listener per registered handler.  Each listener has an
unbounded buffer and calls its handler sequentially, so a slow handler never
blocks the others.

Update notifications whose old and new resourceVersion are equal are *sync*
notifications (periodic resync or an unchanged object in a relist): they go
only to listeners currently due for a resync.  A handler's resync period is
raised to 1 s if smaller, and to the informer's check period once started; an
informer created with resync 0 never resyncs.  A handler added while the
informer runs first receives a synthetic ``on_add(obj, True)`` for every
cached object.

Drivers: :meth:`SharedIndexInformer.pump` does all pending work on the calling
thread (deterministic, with a FakeClock); :meth:`SharedIndexInformer.run`
starts real threads (reflector, queue processor, one per listener).

Version note: ``queue="RealFIFO"`` (atomic: ``ReplacedAll``/``SyncAll``) is
what v1.36 runs by default (``InOrderInformers`` GA, ``AtomicFIFO`` beta on);
``queue="DeltaFIFO"`` is the pre-1.33 pipeline (``KnownObjects`` = the
indexer, ``EmitDeltaTypeReplaced`` on).  Handlers see the same events in the
common cases.

Upstream: kubernetes/client-go tools/cache/shared_informer.go @ v0.36.3
"""

from __future__ import annotations

import threading
from typing import Any

from k8slearn.clock import Clock, RealClock
from k8slearn.tools.cache.controller import (
    ResourceEventHandler,
    ResourceEventHandlerFuncs,
    deletion_handling_meta_namespace_key_func,
    process_deltas,
    process_deltas_in_batch,
)
from k8slearn.tools.cache.delta_fifo import DeltaFIFO
from k8slearn.tools.cache.fifo import FIFOClosedError
from k8slearn.tools.cache.index import NAMESPACE_INDEX, Indexers, meta_namespace_index_func
from k8slearn.tools.cache.processor import ProcessorListener, SharedProcessor
from k8slearn.tools.cache.reflector import Reflector
from k8slearn.tools.cache.store import new_indexer
from k8slearn.tools.cache.the_real_fifo import RealFIFO

__all__ = ["SharedIndexInformer", "MINIMUM_RESYNC_PERIOD", "determine_resync_period"]

#: ``minimumResyncPeriod``
MINIMUM_RESYNC_PERIOD = 1.0


def determine_resync_period(desired: float, check: float) -> float:
    """``determineResyncPeriod``: 0 stays 0; no check period means no resync."""
    if desired == 0:
        return 0.0
    if check == 0:
        return 0.0
    return max(desired, check)


class SharedIndexInformer(ResourceEventHandler):
    """A shared informer over one ListerWatcher."""

    def __init__(
        self,
        lw: Any,
        resync_period: float = 0.0,
        indexers: Indexers | None = None,
        clock: Clock | None = None,
        queue: str = "RealFIFO",
        name: str = "",
    ) -> None:
        if queue not in ("RealFIFO", "DeltaFIFO"):
            raise ValueError(f"queue must be RealFIFO or DeltaFIFO, not {queue!r}")
        self.lw = lw
        self.name = name or getattr(lw, "description", "") or "informer"
        self.clock: Clock = clock if clock is not None else RealClock()
        self.queue_kind = queue
        all_indexers = {NAMESPACE_INDEX: meta_namespace_index_func}
        all_indexers.update(indexers or {})
        self.indexer = new_indexer(deletion_handling_meta_namespace_key_func, all_indexers)
        self.default_resync_period = resync_period
        self.resync_check_period = resync_period
        self.processor = SharedProcessor(self.clock)
        self.queue: Any = None
        self.reflector: Reflector | None = None
        self._block_deltas = threading.RLock()
        self._started = False
        self._stopped = False
        self._threads: list[threading.Thread] = []
        #: errors from processing popped deltas (store/index failures), dropped as upstream
        #: does; handler exceptions are not caught in ``pump`` (upstream crashes by default)
        self.process_errors: list[BaseException] = []

    # ------------------------------------------------------------------ handlers
    def add_event_handler(
        self,
        handler: Any = None,
        on_update: Any = None,
        on_delete: Any = None,
        *,
        on_add: Any = None,
        resync_period: float | None = None,
    ) -> ProcessorListener:
        """Register a handler; returns its registration handle.

        Either a :class:`ResourceEventHandler`, or plain functions:
        ``add_event_handler(on_add, on_update, on_delete)`` (any may be None, or
        passed by keyword).
        """
        if handler is not None and not isinstance(handler, ResourceEventHandler):
            if on_add is not None:
                raise TypeError("on_add given twice")
            handler, on_add = None, handler
        if self._stopped:
            raise RuntimeError(
                f"handler {handler!r} was not added to shared informer because it has "
                "stopped already"
            )
        if handler is None:
            handler = ResourceEventHandlerFuncs(on_add, on_update, on_delete)
        period = self.default_resync_period if resync_period is None else resync_period
        if 0 < period < MINIMUM_RESYNC_PERIOD:
            period = MINIMUM_RESYNC_PERIOD
        if 0 < period < self.resync_check_period:
            if self._started:
                period = self.resync_check_period
            else:
                self.resync_check_period = period
                self.processor.resync_check_period_changed(period)
        with self._block_deltas:
            listener = ProcessorListener(
                handler, period, determine_resync_period(period, self.resync_check_period),
                self.clock, self.has_synced,
            )
            if not self._started:
                self.processor.add_listener(listener)
                return listener
            self.processor.add_listener(listener)
            for item in self.indexer.list():
                listener.add_initial(item)
            if self.processor.threaded:
                self.processor.start_listener(listener)
            return listener

    def remove_event_handler(self, handle: ProcessorListener) -> None:
        self.processor.remove_listener(handle)

    # ------------------------------------------------------------------ ResourceEventHandler
    def on_add(self, obj: Any, is_in_initial_list: bool) -> None:
        self.processor.distribute(("add", obj, is_in_initial_list), sync=False)

    def on_update(self, old: Any, new: Any) -> None:
        is_sync = False
        om, nm = getattr(old, "metadata", None), getattr(new, "metadata", None)
        if om is not None and nm is not None:
            is_sync = om.resource_version == nm.resource_version
        self.processor.distribute(("update", old, new), sync=is_sync)

    def on_delete(self, obj: Any) -> None:
        self.processor.distribute(("delete", obj), sync=False)

    def _handle_deltas(self, deltas: Any, is_in_initial_list: bool) -> None:
        with self._block_deltas:
            process_deltas(self, self.indexer, deltas, is_in_initial_list)

    def _handle_batch(self, deltas: Any, is_in_initial_list: bool) -> None:
        with self._block_deltas:
            process_deltas_in_batch(self, self.indexer, deltas, is_in_initial_list)

    # ------------------------------------------------------------------ lifecycle
    def _build(self) -> None:
        if self._started:
            return
        if self.queue_kind == "RealFIFO":
            self.queue = RealFIFO(
                deletion_handling_meta_namespace_key_func, atomic_events=True,
                emit_delta_type_bookmark=True, name=f"RealFIFO {self.name}",
            )
        else:
            self.queue = DeltaFIFO(
                deletion_handling_meta_namespace_key_func, known_objects=self.indexer,
                emit_delta_type_replaced=True, name=f"DeltaFIFO {self.name}",
            )
        self.reflector = Reflector(
            self.lw, self.queue, name=self.name, resync_period=self.resync_check_period,
            clock=self.clock, should_resync=self.processor.should_resync,
        )
        self._started = True

    def _pop_one(self, block: bool) -> Any:
        if isinstance(self.queue, RealFIFO):
            return self.queue.pop_batch(self._handle_batch, self._handle_deltas, block=block)
        return self.queue.pop(self._handle_deltas, block=block)

    def start(self) -> None:
        """Deterministic driver: build the queue and reflector without running anything.

        Course-only: upstream builds them at the start of ``Run``; step-by-step cells
        call this, then ``reflector.step()``, ``process_next()`` and ``deliver()``.
        """
        self._build()

    def process_next(self) -> Any:
        """Pop and process one queue item (indexer write + notifications); None if empty."""
        self._build()
        return self._pop_one(block=False)

    def deliver(self) -> int:
        """Run the handlers for every buffered notification; returns how many ran."""
        return self.processor.drain()

    def pump(self) -> int:
        """Deterministic driver: reflector step, drain the queue, run the handlers.

        Returns the amount of work done (0 means idle).
        """
        self._build()
        n = self.reflector.step()
        while True:
            try:
                if self._pop_one(block=False) is None:
                    break
            except FIFOClosedError:
                break
            except Exception as err:  # noqa: BLE001 - dropped like upstream's processLoop
                self.process_errors.append(err)
            n += 1
        n += self.processor.drain()
        return n

    def run(self, stop: threading.Event) -> None:
        """Start real threads; returns at once.  Setting ``stop`` shuts everything down."""
        self._build()
        self.processor.start(stop)

        def process_loop() -> None:
            while True:
                try:
                    self._pop_one(block=True)
                except FIFOClosedError:
                    return
                except Exception as err:  # noqa: BLE001 - upstream drops Process errors too
                    self.process_errors.append(err)

        def closer() -> None:
            stop.wait()
            self.queue.close()
            self._stopped = True

        for target, args in ((self.reflector.run, (stop,)), (process_loop, ()), (closer, ())):
            t = threading.Thread(target=target, args=args, daemon=True, name=self.name)
            t.start()
            self._threads.append(t)

    def join(self, timeout: float | None = None) -> None:
        for t in self._threads:
            t.join(timeout)
        self.processor.join(timeout)

    # ------------------------------------------------------------------ accessors
    def has_synced(self) -> bool:
        return self.queue is not None and self.queue.has_synced()

    def wait_for_cache_sync(self, timeout: float | None = None) -> bool:
        """Block until synced (threaded mode); True on success."""
        self._build()
        return self.queue.synced_event.wait(timeout)

    def get_indexer(self) -> Any:
        return self.indexer

    def get_store(self) -> Any:
        return self.indexer

    def add_indexers(self, indexers: Indexers) -> None:
        if self._stopped:
            raise RuntimeError("indexer was not added because it has stopped already")
        self.indexer.add_indexers(indexers)

    def last_sync_resource_version(self) -> str:
        return self.reflector.last_sync_resource_version if self.reflector else ""

    def is_stopped(self) -> bool:
        return self._stopped

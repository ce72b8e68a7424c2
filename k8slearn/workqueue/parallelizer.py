"""Run a function over ``pieces`` indices with a bounded number of worker threads.

Upstream: kubernetes/client-go util/workqueue/parallelizer.go @ v0.36.3

``parallelize_until(stop, workers, pieces, do_work_piece, chunk_size=1)``
splits ``range(pieces)`` into chunks of ``chunk_size`` (anything below 1
becomes 1), starts ``min(workers, chunks)`` workers that take chunks from a
shared, pre-filled queue, and blocks until they are all finished.  Before
every piece a worker checks ``stop``; once it is set, workers quit early.

Differences from Go: the ``context.Context`` becomes an optional
:class:`threading.Event` (``None`` = never cancelled), ``WithChunkSize`` is
the ``chunk_size`` keyword, and an exception in ``do_work_piece`` stops that
worker and is re-raised (the first one) after every worker has finished,
where Go's ``HandleCrash`` would crash the process.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

__all__ = ["parallelize_until"]


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def parallelize_until(
    stop: threading.Event | None,
    workers: int,
    pieces: int,
    do_work_piece: Callable[[int], None],
    *,
    chunk_size: int = 1,
) -> None:
    """Call ``do_work_piece(i)`` for every ``i`` in ``range(pieces)`` on ``workers`` threads.

    >>> seen = []
    >>> parallelize_until(None, 4, 10, seen.append, chunk_size=3)
    >>> sorted(seen) == list(range(10))
    True
    """
    if pieces == 0:
        return
    chunk_size = max(chunk_size, 1)
    chunks = _ceil_div(pieces, chunk_size)
    to_process: queue.SimpleQueue[int] = queue.SimpleQueue()
    for c in range(chunks):
        to_process.put(c)
    workers = min(workers, chunks)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            while True:
                try:
                    chunk = to_process.get_nowait()
                except queue.Empty:
                    return
                start = chunk * chunk_size
                end = min(pieces, start + chunk_size)
                for p in range(start, end):
                    if stop is not None and stop.is_set():
                        return
                    do_work_piece(p)
        except BaseException as e:  # noqa: B036 - re-raised by the caller below
            errors.append(e)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]

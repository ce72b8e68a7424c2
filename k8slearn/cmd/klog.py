# ruff: noqa: E501  (the Upstream line below is one line by convention)
"""klog's text format, on a fake clock: the log lines a Kubernetes component prints.

A line is ``<severity><MMDD> <hh:mm:ss.uuuuuu> <pid> <file>:<line>] <message>``
with the PID right-aligned in 7 columns, e.g.::

    E1207 08:00:00.000000   12345 controllermanager.go:265] "Error building controllers" err="..."

Structured calls (``InfoS``/``ErrorS``, and ``logger.Info``/``logger.Error``)
quote the message and append ``key=value`` pairs: strings and errors are
quoted Go-style (``%q``), numbers and booleans are not, and ``ErrorS`` puts
``err=`` first.  Unstructured calls (``klog.Infof``) print the text as is.

Determinism: the time is ``COURSE_EPOCH`` plus the seconds of a
:class:`k8slearn.clock.FakeClock`, and the PID is a constant, so a notebook
prints the same lines on every run.  ``flush_and_exit(code)`` is
``klog.FlushAndExit``: it raises :class:`SystemExit` after the lines are out.

Upstream: kubernetes/klog klog.go, internal/buffer/buffer.go, internal/serialize/keyvalues.go @ v2.130.1
"""

from __future__ import annotations

import datetime as _dt
import sys
from collections.abc import Callable
from typing import Any, TextIO

from k8slearn.clock import Clock, FakeClock

__all__ = ["COURSE_EPOCH", "FAKE_PID", "Logger", "format_value", "header", "go_log_prefix"]

#: Where every k8slearn fake clock's zero lies on the calendar (a Monday morning).
COURSE_EPOCH = _dt.datetime(2026, 12, 7, 8, 0, 0, tzinfo=_dt.timezone.utc)
#: The process ID printed in every line (a real one would change on every run).
FAKE_PID = 12345


def _when(clock: Clock) -> _dt.datetime:
    return COURSE_EPOCH + _dt.timedelta(seconds=clock.now())


def header(severity: str, clock: Clock, where: str, pid: int = FAKE_PID) -> str:
    """``I1207 08:00:00.000000   12345 file.go:12] `` (severity is I, W, E or F)."""
    t = _when(clock)
    return (f"{severity}{t:%m%d} {t:%H:%M:%S}.{t.microsecond:06d} {pid:7d} {where}] ")


def go_log_prefix(clock: Clock) -> str:
    """What Go's standard ``log`` package puts before each line: ``2026/12/07 08:00:00 ``."""
    return f"{_when(clock):%Y/%m/%d %H:%M:%S} "


def _go_quote(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def format_value(v: Any) -> str:
    """One value the way klog's text serializer writes it."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(_go_quote(str(x)) for x in v) + "]"
    return _go_quote(str(v))


class Logger:
    """A klog text logger writing to ``stream`` (default: the current ``sys.stderr``)."""

    def __init__(self, clock: Clock | None = None, stream: TextIO | None = None,
                 verbosity: int = 0) -> None:
        self.clock = clock if clock is not None else FakeClock()
        self._stream = stream
        self.verbosity = verbosity

    @property
    def stream(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stderr

    def _emit(self, severity: str, where: str, text: str) -> None:
        print(header(severity, self.clock, where) + text, file=self.stream)

    @staticmethod
    def _structured(msg: str, kv: tuple[Any, ...], err: BaseException | None = None) -> str:
        parts = [_go_quote(msg)]
        if err is not None:
            parts.append(f"err={_go_quote(str(err))}")
        for k, v in zip(kv[::2], kv[1::2], strict=True):
            parts.append(f"{k}={format_value(v)}")
        return " ".join(parts)

    def info_s(self, where: str, msg: str, *kv: Any) -> None:
        """``klog.InfoS`` / ``logger.Info``."""
        self._emit("I", where, self._structured(msg, kv))

    def v_info_s(self, level: int, where: str, msg: str, *kv: Any) -> None:
        """``klog.V(level).InfoS``: printed only when ``-v`` is at least ``level``."""
        if self.verbosity >= level:
            self.info_s(where, msg, *kv)

    def error_s(self, where: str, err: BaseException | None, msg: str, *kv: Any) -> None:
        """``klog.ErrorS`` / ``logger.Error`` (``err`` may be None: no ``err=`` then)."""
        self._emit("E", where, self._structured(msg, kv, err))

    def infof(self, where: str, text: str) -> None:
        """``klog.Infof``: the formatted text, unquoted."""
        self._emit("I", where, text)

    def flush_and_exit(self, code: int) -> None:
        """``klog.FlushAndExit(klog.ExitFlushTimeout, code)``."""
        self.stream.flush()
        raise SystemExit(code)


def bind(logger: Logger, where: str) -> Callable[..., None]:
    """A shorthand ``info(msg, *kv)`` for one call site."""
    return lambda msg, *kv: logger.info_s(where, msg, *kv)

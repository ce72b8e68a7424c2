"""Build exercises: run a learner's implementation against ported test cases.

A build exercise hands the learner's function or class to a list of
``Case`` objects.  Each case runs the candidate on one input taken from an
upstream test table and compares what it got with what the upstream test
expects.  The result says how many cases pass and, for the first failing
case, what went in, what was expected, what came back and a hint.

Nothing the candidate does escapes: an exception is that case's failure, and a
case that does not return within ``CASE_SECONDS`` (a blocking ``get()`` on a
queue nobody shuts down, say) is stopped and reported, where the platform
allows a timer signal.

Upstream: none (course tooling)
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Case", "run_cases", "describe", "message_of", "CASE_SECONDS"]

CASE_SECONDS = 2.0
_SHOWN = 300  # characters of a got/expected value shown in a message


@dataclass(frozen=True)
class Case:
    """One ported test case.

    ``name`` cites the upstream test; ``given`` is the input in words;
    ``run(candidate)`` returns what the candidate produced; ``expected`` is
    what upstream expects; ``compare(got, expected)`` decides (default ``==``);
    ``hint`` points at the rule the case checks.
    """

    name: str
    given: str
    run: Callable[[Any], Any]
    expected: Any
    hint: str
    compare: Callable[[Any, Any], bool] | None = field(default=None, compare=False)


class _CaseTimeout(BaseException):
    """Raised by the timer; a BaseException, so a candidate's ``except Exception``
    (in a retry loop, say) does not swallow it."""


def message_of(e: BaseException) -> str:
    """``str(e)``, or the type's name when that is empty or ``__str__`` raises."""
    try:
        text = str(e)
    except Exception:  # noqa: BLE001 - a learner's exception class may be broken
        text = ""
    return text if isinstance(text, str) and text else type(e).__name__


def describe(e: BaseException) -> str:
    """``"TypeError: message"`` for any exception, even one whose ``__str__`` raises."""
    return f"{type(e).__name__}: {message_of(e)}"


def _shown(value: Any) -> str:
    try:
        text = repr(value)
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - a learner's __repr__ may raise anything
        text = f"<unprintable: {type(e).__name__}>"
    if not isinstance(text, str):
        text = "<unprintable>"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _call_with_timeout(fn: Callable[[], Any], limit: float) -> Any:
    """Run ``fn`` and stop it after ``limit`` seconds.

    On the main thread (where a notebook cell runs) a one-shot SIGALRM timer
    interrupts it; a timer some caller had running is resumed afterwards.
    Elsewhere (another thread, or a platform without ``setitimer``) ``fn`` runs
    on a daemon thread that is abandoned if it does not finish in time.
    """
    if not (hasattr(signal, "setitimer") and
            threading.current_thread() is threading.main_thread()):
        return _call_on_thread(fn, limit)

    def on_alarm(signum: int, frame: Any) -> None:
        raise _CaseTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    outer = (0.0, 0.0)
    started = time.monotonic()
    try:
        outer = signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    finally:  # runs even when the alarm fired inside the inner finally
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        if outer[0] > 0:  # resume the caller's timer (pytest-timeout, a learner's alarm)
            left = max(outer[0] - (time.monotonic() - started), 1e-3)
            signal.setitimer(signal.ITIMER_REAL, left, outer[1])


def _call_on_thread(fn: Callable[[], Any], limit: float) -> Any:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - handed back to the caller
            box["error"] = e

    worker = threading.Thread(target=target, name="k8slearn-exercise-case", daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        raise _CaseTimeout
    if "error" in box:
        raise box["error"]
    return box["value"]


def _run_one(case: Case, candidate: Any, limit: float) -> tuple[bool, str]:
    """(passed, what the candidate did) for one case; never raises.

    Running the case, comparing and printing what came back all happen under
    the timer: a learner's ``__eq__`` or ``__repr__`` can loop too.
    """

    def attempt() -> tuple[bool, str]:
        try:
            got = case.run(candidate)
        except (_CaseTimeout, KeyboardInterrupt):
            raise
        except BaseException as e:  # noqa: BLE001 - the candidate's failure is the case's failure
            return False, f"raised {describe(e)}"
        try:
            ok = bool(case.compare(got, case.expected) if case.compare is not None
                      else got == case.expected)
        except (_CaseTimeout, KeyboardInterrupt):
            raise
        except BaseException as e:  # noqa: BLE001 - a learner's __eq__ or __bool__ may raise
            return False, f"{_shown(got)}, which could not be compared ({describe(e)})"
        return ok, _shown(got)

    try:
        return _call_with_timeout(attempt, limit)
    except _CaseTimeout:
        return False, f"did not return within {limit:g} s (does something block or loop?)"
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - belt and braces: never raise
        return False, f"raised {describe(e)}"


def run_cases(cases: list[Case], candidate: Any) -> tuple[bool, str]:
    """Run every case; (all passed, message naming the first failing case).

    After one case times out, the rest get a tenth of the time: a candidate
    whose ``get()`` blocks should not freeze the cell for every case.
    """
    failures: list[tuple[Case, str]] = []
    limit = CASE_SECONDS
    for case in cases:
        ok, did = _run_one(case, candidate, limit)
        if not ok:
            failures.append((case, did))
            if did.startswith("did not return"):
                limit = CASE_SECONDS / 10
    passed = len(cases) - len(failures)
    head = f"{passed} of {len(cases)} cases pass."
    if not failures:
        return True, head
    case, did = failures[0]
    return False, (
        f"{head} First failing case: {case.name}\n"
        f"    given:    {case.given}\n"
        f"    expected: {_shown(case.expected)}\n"
        f"    got:      {did}\n"
        f"    hint:     {case.hint}"
    )

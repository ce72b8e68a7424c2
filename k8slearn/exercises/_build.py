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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Case", "run_cases", "CASE_SECONDS"]

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


class _CaseTimeout(Exception):
    pass


def _shown(value: Any) -> str:
    try:
        text = repr(value)
    except Exception as e:  # noqa: BLE001 - a learner's __repr__ may raise anything
        text = f"<unprintable: {type(e).__name__}>"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _call_with_timeout(fn: Callable[[], Any]) -> Any:
    """Run ``fn``; on the main thread of a platform with timer signals, stop it
    after ``CASE_SECONDS``."""
    can_time = (hasattr(signal, "setitimer") and
                threading.current_thread() is threading.main_thread())
    if not can_time:
        return fn()

    def on_alarm(signum: int, frame: Any) -> None:
        raise _CaseTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _run_one(case: Case, candidate: Any) -> tuple[bool, str]:
    """(passed, what the candidate did) for one case; never raises."""
    try:
        got = _call_with_timeout(lambda: case.run(candidate))
    except _CaseTimeout:
        return False, f"did not return within {CASE_SECONDS:g} s (does something block or loop?)"
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - the candidate's failure is the case's failure
        return False, f"raised {type(e).__name__}: {e}"
    try:
        ok = (case.compare(got, case.expected) if case.compare is not None
              else bool(got == case.expected))
    except Exception as e:  # noqa: BLE001 - a learner's __eq__ may raise
        return False, f"returned {_shown(got)}, which could not be compared ({type(e).__name__})"
    return ok, f"returned {_shown(got)}"


def run_cases(cases: list[Case], candidate: Any) -> tuple[bool, str]:
    """Run every case; (all passed, message naming the first failing case)."""
    failures: list[tuple[Case, str]] = []
    for case in cases:
        ok, did = _run_one(case, candidate)
        if not ok:
            failures.append((case, did))
    passed = len(cases) - len(failures)
    head = f"{passed} of {len(cases)} cases pass."
    if not failures:
        return True, head
    case, did = failures[0]
    return False, (
        f"{head} First failing case: {case.name}\n"
        f"    given:    {case.given}\n"
        f"    expected: {_shown(case.expected)}\n"
        f"    got:      {did[len('returned '):] if did.startswith('returned ') else did}\n"
        f"    hint:     {case.hint}"
    )

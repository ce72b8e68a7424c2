"""Shared pieces of the fuzzing suite: a per-example time bound and the CLI harness.

Every property here is "any input ends in a result or a clear error": no traceback,
no hang (each example runs under a SIGALRM bound), no output out of proportion to
the input (a stand-in for unbounded memory: the 269 MB error text of #17).
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
import sys
from collections.abc import Callable, Iterator

from hypothesis import HealthCheck, settings

#: Per-example wall-clock bound, far above any legitimate run on a loaded 2-core machine.
EXAMPLE_SECONDS = 10

FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


class Hang(Exception):
    """An example ran past EXAMPLE_SECONDS."""


@contextlib.contextmanager
def bounded(seconds: float = EXAMPLE_SECONDS) -> Iterator[None]:
    def on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
        raise Hang(f"example ran for more than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_cli(main: Callable[[list[str]], int], argv: list[str],
            stdin: str = "") -> tuple[int, str, str]:
    """Run a ``main(argv) -> int`` with captured streams and a fake stdin."""
    out, err = io.StringIO(), io.StringIO()
    old_in = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with bounded(), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as e:  # argparse-based tools exit on bad flags
                code = e.code if isinstance(e.code, int) else 1
    finally:
        sys.stdin = old_in
    return code, out.getvalue(), err.getvalue()


def assert_clear_outcome(code: int, out: str, err: str, argv: list[str],
                         input_size: int = 0) -> None:
    """Exit 0, or exit 1 with exactly one ``Error:`` line; never a traceback."""
    assert "Traceback (most recent call last)" not in err + out, (argv, err[-2000:])
    assert code in (0, 1, 2), (argv, code, err[-500:])
    if code != 0:
        errors = [ln for ln in err.splitlines() if ln.startswith(("Error: ", "error: ",
                                                                   "ERROR"))]
        if not errors:
            # kube-controller-manager logs its failure as a klog error line and exits 1,
            # as the real binary does; kubectl's group commands print their help
            klog_errors = [ln for ln in err.splitlines() if re.match(r"E\d{4} ", ln)]
            assert klog_errors or "Usage:" in out + err, (argv, code, err[-500:])
            return
        assert len(errors) == 1 or all(ln.startswith("ERROR") for ln in errors), \
            (argv, errors[:5])
    assert len(out) + len(err) < 200_000 + 100 * input_size, (argv, len(out), len(err))

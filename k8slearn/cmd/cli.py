"""A small cobra/pflag/component-base: build commands, parse flags, run like ``cli.Run``.

Import everything a command needs from here::

    from k8slearn.cmd.cli import Command, FlagSet, NamedFlagSets, run

A chapter command, the way ``k8slearn/cmd/workqueue.py`` writes one::

    class Options:                       # one options object per command
        def __init__(self):
            self.base = 0.005
        def add_flags(self, fs):         # bind flags to attributes: p=(obj, "attr")
            fs.duration("base", self.base, "Delay after the first failure.", p=(self, "base"))
        def validate(self):              # every problem, as a list
            return [] if self.base >= 0 else [ValueError("--base must not be negative")]

    def new_x_command() -> Command:
        o = Options()
        def run_e(cmd, args):            # return (or raise) an exception to fail
            err = new_aggregate(o.validate())
            if err:
                return err
            print("...", file=cmd.out_or_stdout())
        cmd = Command("x", "Short text", templates.long_desc("Long text."),
                      templates.examples("k8slearn x --base 5ms"), run=run_e, args=no_args)
        o.add_flags(cmd.flags())
        return cmd

FlagSet types: ``bool``, ``int``, ``float64``, ``string``, ``duration`` (Go
syntax, float seconds), ``string_slice``, ``ip_net``; each takes ``shorthand=``
and ``p=(obj, attr)``; ``mark_hidden``/``mark_deprecated`` hide a flag.

``run(command, argv) -> int`` follows component-base's ``cli.Run``:

* installs ``word_sep_normalize_func`` on the whole tree (``_`` -> ``-``);
* unless the command already silenced usage: silences it, and re-enables it
  only from the flag-error hook, so usage is printed on *flag-parse* errors
  only (bad flag, missing value, bad value), never on runtime failures;
* wraps the root's ``persistent_pre_run`` (or installs one) so that logging
  is "initialised" after flag parsing and the ``Args`` check;
* always silences cobra's own error printing.  An error from *before* logging
  was initialised (a flag or argument error) is printed as ``Error: <err>``;
  an error from later (validation in ``RunE``, a failed ``Run``) is logged
  with klog: ``E1207 08:00:00.000000   12345 run.go:72] "command failed"
  err="..."``.  The exit code is 1 on any error, 0 otherwise.

``run_no_err_output`` returns the error instead (``cli.RunNoErrOutput``), and
``run_and_check_err`` is what kubectl's ``main`` does with it: print one
``Error: <err>`` line whatever the phase (the course's own ``k8slearn`` tool is
a kubectl-style tool, whose output is not a log).

The ``logs`` flags (``-v``, ``--vmodule``...) are not added.

Cobra quirk kept: the flag-error hook re-enables usage on the command that
failed to parse, but cobra also checks the *root's* SilenceUsage; so a
subcommand's flag error prints no usage under ``run`` (components have no
subcommands, so upstream never notices).

Upstream: kubernetes/component-base cli/run.go, cli/flag/flags.go @ v0.36.0
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence

from k8slearn.cmd.cobra import Command, RunFunc, UnknownCommandError
from k8slearn.cmd.cobra_args import exact_args, no_args
from k8slearn.cmd.errors import Aggregate, new_aggregate
from k8slearn.cmd.klog import Logger
from k8slearn.cmd.pflag import ErrHelp, Flag, FlagError, FlagSet
from k8slearn.cmd.sectioned import (
    NamedFlagSets,
    print_sections,
    set_usage_and_help_func,
    word_sep_normalize_func,
)
from k8slearn.cmd.verflag import VersionRequested

__all__ = [
    "Command", "RunFunc", "Flag", "FlagSet", "FlagError", "ErrHelp", "NamedFlagSets",
    "print_sections", "set_usage_and_help_func", "word_sep_normalize_func", "run",
    "run_no_err_output", "run_and_check_err", "no_args", "exact_args", "reject_args", "Aggregate",
    "new_aggregate", "terminal_size", "UnknownCommandError",
]


def reject_args(cmd: Command, args: list[str]) -> None:
    """The components' ``Args``: ``"<name>" does not take any arguments, got [...]``."""
    for a in args:
        if a:
            quoted = " ".join(f'"{x}"' for x in args)
            raise ValueError(f'"{cmd.command_path()}" does not take any arguments, got [{quoted}]')


def terminal_size() -> int:
    """``term.TerminalSize(stdout)``: the width when stdout is a terminal, else 0."""
    if not sys.stdout.isatty():
        return 0
    return shutil.get_terminal_size((0, 0)).columns


class _LogsState:
    initialized = False


def _prepare(cmd: Command, state: _LogsState) -> None:
    cmd.set_global_normalization_func(word_sep_normalize_func)
    if not cmd.silence_usage:
        cmd.silence_usage = True

        def on_flag_error(c: Command, err: Exception) -> Exception:
            c.silence_usage = False
            return err

        cmd.set_flag_error_func(on_flag_error)
    cmd.silence_errors = True
    pre = cmd.persistent_pre_run

    def init_logs_then(c: Command, args: list[str]) -> None:
        state.initialized = True  # logs.InitLogs()
        if pre is not None:
            return pre(c, args)
        return None

    cmd.persistent_pre_run = init_logs_then


def _run(cmd: Command, argv: Sequence[str] | None) -> tuple[bool, Exception | None]:
    state = _LogsState()
    _prepare(cmd, state)
    try:
        cmd.execute(list(argv) if argv is not None else None)
    except VersionRequested:
        return state.initialized, None
    except Exception as e:  # every RunE error ends here, as in Go
        return state.initialized, e
    return state.initialized, None


def run_no_err_output(cmd: Command, argv: Sequence[str] | None = None) -> Exception | None:
    """``RunNoErrOutput``: like :func:`run` but return the error instead of printing it."""
    return _run(cmd, argv)[1]


def run(cmd: Command, argv: Sequence[str] | None = None, logger: Logger | None = None) -> int:
    """``cli.Run``: execute ``cmd`` with ``argv`` (default ``sys.argv[1:]``); the exit code.

    A reader that goes away (``... | head``) ends the command quietly with exit
    code 141, the way SIGPIPE ends a Go binary, instead of an error.
    """
    logs_initialized, err = _run(cmd, argv)
    if isinstance(err, BrokenPipeError):
        _silence_stdout()
        return 128 + 13  # what a shell reports for death by SIGPIPE
    if err is None:
        return 0
    if not logs_initialized:
        print(f"Error: {err}", file=sys.stderr)
    else:
        (logger or Logger()).error_s("run.go:72", err, "command failed")
    return 1


def run_and_check_err(cmd: Command, argv: Sequence[str] | None = None) -> int:
    """kubectl's ``main``: ``RunNoErrOutput``, then one ``Error: <err>`` line (exit 1)."""
    err = run_no_err_output(cmd, argv)
    if isinstance(err, BrokenPipeError):
        _silence_stdout()
        return 128 + 13
    if err is not None:
        print(f"Error: {err}", file=sys.stderr)
        return 1
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (a test's capture): nothing to flush

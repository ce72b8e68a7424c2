"""``python -m k8slearn.cmd.clicheck``: kubectl's CLI-convention check, run over the k8slearn CLI.

Builds the command tree (not executed: no help flags or help command yet, as
upstream builds kubectl), runs every command check, then the global check.
Errors are numbered on stderr as ``     <n>. <error>``; the result is
``Found <n> errors.`` (exit 1) or ``Congrats, CLI looks good!`` on stdout.

Options (k8slearn additions): ``--command module:function`` checks another
command factory (default ``k8slearn.cli:new_k8slearn_command``), ``--skip PATH``
(repeatable) skips a command path and its subtree, ``--quiet`` drops the
progress lines.  A ``--command`` that does not name a loadable factory is a
usage error (exit 2, one line), as any bad argument.

Upstream: kubernetes/kubernetes cmd/clicheck/check_cli_conventions.go @ v1.36.0
"""

from __future__ import annotations

import importlib
import io
import sys

from k8slearn.cmd import sanity
from k8slearn.cmd.cobra import Command
from k8slearn.cmd.pflag import FlagSet

__all__ = ["main", "check", "check_command"]

DEFAULT_COMMAND = "k8slearn.cli:new_k8slearn_command"


def check(factory: str = DEFAULT_COMMAND, skip: list[str] | None = None,
          quiet: bool = False) -> int:
    """Build the command from ``module:function`` and check it."""
    module, _, func = factory.partition(":")
    return check_command(getattr(importlib.import_module(module), func)(), skip, quiet)


def check_command(cmd: Command, skip: list[str] | None = None, quiet: bool = False,
                  command_line: FlagSet | None = None) -> int:
    """The body of upstream's main for an already-built tree; ``command_line`` replaces
    ``pflag.COMMAND_LINE`` in the global check (for demonstrations)."""
    progress = io.StringIO() if quiet else sys.stdout
    count = 0
    for err in sanity.run_cmd_checks(cmd, sanity.ALL_CMD_CHECKS, skip or [], progress):
        count += 1
        print(f"     {count}. {err}", file=sys.stderr)
    global_checks = sanity.ALL_GLOBAL_CHECKS
    if command_line is not None:
        global_checks = [lambda out: sanity.check_global_var_flags(out, command_line)]
    for err in sanity.run_global_checks(global_checks, progress):
        count += 1
        print(f"     {count}. {err}", file=sys.stderr)
    if count:
        print(f"Found {count} errors.")
        return 1
    print("Congrats, CLI looks good!")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    factory, skip, quiet = DEFAULT_COMMAND, [], False
    while args:
        a = args.pop(0)
        if a == "--quiet":
            quiet = True
        elif a in ("--command", "--skip") and args:
            value = args.pop(0)
            if a == "--command":
                factory = value
            else:
                skip.append(value)
        elif a.startswith(("--command=", "--skip=")):
            name, _, value = a.partition("=")
            factory = value if name == "--command" else factory
            skip += [value] if name == "--skip" else []
        else:
            print(f"usage: clicheck [--command module:function] [--skip PATH]... [--quiet]\n"
                  f"unexpected argument: {a}", file=sys.stderr)
            return 2
    try:
        module, sep, func = factory.partition(":")
        if not sep or not module or not func:
            raise ValueError("want module:function")
        getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError, ValueError) as e:
        print(f"clicheck: cannot build the command {factory!r}: {e}", file=sys.stderr)
        return 2
    return check(factory, skip, quiet)


if __name__ == "__main__":
    sys.exit(main())

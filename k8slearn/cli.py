"""The ``k8slearn`` console command, built on :mod:`k8slearn.cmd.cli`.

Extension point: a chapter adds a subcommand by providing a function
``new_<x>_command() -> k8slearn.cmd.cli.Command`` in its own module and listing
``(module, function)`` in :data:`CHAPTER_COMMANDS`.  Modules are imported when
the command tree is built (not when this module is imported); a chapter whose
module does not exist (yet) is skipped, but any other import error is raised,
so a real bug in a chapter is never hidden.

A chapter command that only groups subcommands (no ``run`` of its own) gets
kubectl's ``cmdutil.DefaultSubCommandRun``: ``k8slearn hpa explian`` exits 1 with
``error: unknown command "explian"`` and ``See 'k8slearn hpa -h' for help and
examples``, and ``k8slearn hpa`` alone prints its help to stderr and exits 1, as
``kubectl config`` does.  (Without it, cobra's ``legacyArgs`` lets an unknown word
on a non-root command fall through to the group's help, exit code 0.)

Every command must pass ``python -m k8slearn.cmd.clicheck`` (lower-case dashed
flag names, Long trimmed, examples indented with two spaces and commented with
``#``) and has its docs generated into ``docs/cli`` (``make docs``).

The rest is course tooling; the line below names the one function it mirrors.

Upstream: kubernetes/kubectl pkg/cmd/util/helpers.go @ v0.36.3
"""

from __future__ import annotations

import importlib
import sys

from k8slearn import KUBERNETES_VERSION, __version__

__all__ = ["CHAPTER_COMMANDS", "default_sub_command_run", "new_k8slearn_command", "main"]

#: (module, factory) for every chapter subcommand, in no particular order
#: (cobra lists subcommands sorted by name).
CHAPTER_COMMANDS: list[tuple[str, str]] = [
    ("k8slearn.cmd.workqueue", "new_workqueue_command"),
    ("k8slearn.cmd.nodeipam", "new_nodeipam_command"),
    ("k8slearn.podautoscaler.cmd", "new_hpa_command"),
]


def _module_absent(err: ModuleNotFoundError, module: str) -> bool:
    """True when ``err`` says ``module`` itself (or a parent package) does not exist."""
    name = err.name or ""
    return module == name or module.startswith(name + ".")


def load_chapter_commands() -> list:
    """Build every available chapter command."""
    commands = []
    for module, factory in CHAPTER_COMMANDS:
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if _module_absent(e, module):
                continue
            raise
        commands.append(getattr(mod, factory)())
    return commands


def default_sub_command_run(cmd, args: list[str]) -> None:
    """kubectl's ``cmdutil.DefaultSubCommandRun`` for a group: help, or a usage error.

    Output goes to stderr (kubectl sets the command's out and err to ``ErrOut``) and the
    exit code is 1 either way (``CheckErr(ErrExit)`` after the help).
    """
    from k8slearn.cmd.pflag import go_quote

    err = cmd.err_or_stderr()
    cmd.set_out(err)
    cmd.set_err(err)
    if args:  # RequireNoArguments -> UsageErrorf -> CheckErr
        print(f"error: unknown command {go_quote(' '.join(args))}\n"
              f"See '{cmd.command_path()} -h' for help and examples", file=err)
        raise SystemExit(1)
    cmd.help()
    raise SystemExit(1)


def _default_sub_command_runs(cmd) -> None:
    for sub in cmd.commands():
        if sub.has_sub_commands() and sub.run is None:
            sub.run = default_sub_command_run
        _default_sub_command_runs(sub)


def new_k8slearn_command():
    """The root command with every chapter's subcommands."""
    from k8slearn.cmd import templates, verflag, version
    from k8slearn.cmd.cli import Command

    def run(cmd: Command, args: list[str]) -> None:
        requested = verflag.VERSION_FLAG.value.get()
        if requested == "raw":
            print(version.get().go_repr(), file=cmd.out_or_stdout())
        elif requested != "false":
            print(f"k8slearn {__version__} (Kubernetes {version.get()})",
                  file=cmd.out_or_stdout())
        else:
            cmd.help()

    root = Command(
        "k8slearn", "Tools from the k8slearn course",
        templates.long_desc(f"""
            k8slearn: Kubernetes {KUBERNETES_VERSION} mechanisms rebuilt as small, faithful,
            tested Python, with a command for the chapters that have one.

            Every command is built the way Kubernetes builds its own: cobra-style
            commands, pflag-style flags, run by a cli.Run equivalent."""),
        run=run)
    root.disable_auto_gen_tag = True  # reproducible docs/cli: no dated footer
    verflag.add_flags(root.flags())
    for cmd in load_chapter_commands():
        root.add_command(cmd)
    _default_sub_command_runs(root)
    return root


def main(argv: list[str] | None = None) -> int:
    from k8slearn.cmd.cli import run_and_check_err

    try:
        return run_and_check_err(new_k8slearn_command(), sys.argv[1:] if argv is None else argv)
    except SystemExit as e:  # kubectl's CheckErr: the message is printed, exit now
        return e.code if isinstance(e.code, int) else 1


if __name__ == "__main__":
    sys.exit(main())

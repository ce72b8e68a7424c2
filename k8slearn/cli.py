"""The ``k8slearn`` console command, built on :mod:`k8slearn.cmd.cli`.

Extension point: a chapter adds a subcommand by providing a function
``new_<x>_command() -> k8slearn.cmd.cli.Command`` in its own module and listing
``(module, function)`` in :data:`CHAPTER_COMMANDS`.  Modules are imported when
the command tree is built (not when this module is imported); a chapter whose
module does not exist (yet) is skipped, but any other import error is raised,
so a real bug in a chapter is never hidden.

Every command must pass ``python -m k8slearn.cmd.clicheck`` (lower-case dashed
flag names, Long trimmed, examples indented with two spaces and commented with
``#``) and has its docs generated into ``docs/cli`` (``make docs``).

Upstream: none (course tooling)
"""

from __future__ import annotations

import importlib
import sys

from k8slearn import KUBERNETES_VERSION, __version__

__all__ = ["CHAPTER_COMMANDS", "new_k8slearn_command", "main"]

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
    return root


def main(argv: list[str] | None = None) -> int:
    from k8slearn.cmd.cli import run_and_check_err

    return run_and_check_err(new_k8slearn_command(), sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())

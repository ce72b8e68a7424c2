"""cobra's default help and usage text (defaultHelpFunc / defaultUsageFunc) and suggestions.

Help: ``Long`` (or ``Short``) right-trimmed, a blank line, then the usage text
when the command is runnable or has subcommands.  Usage: ``Usage:``, the use
line, ``[command]`` line, examples, available commands padded to the longest
sibling name (at least 11), ``Flags:`` (local) and ``Global Flags:``
(inherited), each table right-trimmed, then the ``Use "... --help"`` hint.

Upstream: spf13/cobra command.go, cobra.go @ v1.10.2
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from k8slearn.cmd.cobra import Command

__all__ = ["default_help", "default_usage", "default_usage_text", "suggestions_for"]


def default_usage_text(c: Command) -> str:
    w = ["Usage:"]
    if c.runnable():
        w.append(f"\n  {c.use_line()}")
    if c.has_available_sub_commands():
        w.append(f"\n  {c.command_path()} [command]")
    if c.aliases:
        w.append("\n\nAliases:\n  " + ", ".join([c.name(), *c.aliases]))
    if c.example:
        w.append(f"\n\nExamples:\n{c.example}")
    if c.has_available_sub_commands():
        w.append("\n\nAvailable Commands:")
        for sub in c.commands():
            if sub.is_available_command() or sub.name() == "help":
                w.append(f"\n  {sub.name():<{sub.name_padding()}} {sub.short}")
    if c.has_available_local_flags():
        w.append("\n\nFlags:\n" + c.local_flags().flag_usages().rstrip())
    if c.has_available_inherited_flags():
        w.append("\n\nGlobal Flags:\n" + c.inherited_flags().flag_usages().rstrip())
    if c.has_help_sub_commands():
        w.append("\n\nAdditional help topics:")
        for sub in c.commands():
            if sub.is_additional_help_topic_command():
                w.append(f"\n  {sub.command_path()} {sub.short}")
    if c.has_available_sub_commands():
        w.append(f'\n\nUse "{c.command_path()} [command] --help" for more information '
                 "about a command.")
    return "".join(w) + "\n"


def default_usage(c: Command) -> None:
    c.out_or_stderr().write(default_usage_text(c))


def default_help(c: Command, _args: list[str]) -> None:
    text = (c.long or c.short).rstrip()
    out = c.out_or_stdout()
    if text:
        out.write(text + "\n\n")
    if c.runnable() or c.has_sub_commands():
        out.write(c.usage_string())


def _ld(s: str, t: str) -> int:
    """Levenshtein distance, case-insensitive (cobra's ``ld(s, t, true)``)."""
    s, t = s.lower(), t.lower()
    prev = list(range(len(t) + 1))
    for i, a in enumerate(s, 1):
        cur = [i]
        for j, b in enumerate(t, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a != b)))
        prev = cur
    return prev[-1]


def suggestions_for(c: Command, typed: str) -> str:
    """``\\n\\nDid you mean this?\\n\\t<name>\\n`` for close or prefix-matching commands."""
    names = [sub.name() for sub in c._commands if sub.is_available_command() and (
        _ld(typed, sub.name()) <= 2 or sub.name().lower().startswith(typed.lower()))]
    if not names:
        return ""
    return "\n\nDid you mean this?\n" + "".join(f"\t{n}\n" for n in names)

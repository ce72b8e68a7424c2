"""spf13/cobra's Command: a tree of commands, flag merging, dispatch, help and usage.

The parts a Kubernetes component relies on:

* ``find`` walks the tree by the non-flag words; an unknown word on the *root*
  is ``unknown command "x" for "root"`` (with suggestions), while on a non-root
  command group it falls through and prints the group's help (cobra's
  ``legacyArgs``);
* ``execute`` parses the flags (errors go through ``flag_error_func``, the hook
  ``cli.run`` uses to re-enable usage), answers ``--help``, then runs the first
  ``persistent_pre_run`` found walking *up* from the command, then ``run``;
* flags: ``flags()`` holds local + own persistent + inherited persistent flags;
  ``local_flags()``/``inherited_flags()`` split them for the help template;
  the root's persistent flags also absorb ``pflag.COMMAND_LINE`` (the global
  set clicheck forbids);
* help goes to stdout, usage to stderr; both can be replaced per command and
  are inherited by subcommands.

``run``/``persistent_pre_run`` are ``f(cmd, args)``; they report failure by
returning an exception (Go's ``RunE`` returning ``error``) or raising one.
Not modelled: shell completion (the hidden ``__complete`` and ``completion``
commands), command groups, aliases' prefix matching, context.

Upstream: spf13/cobra command.go, args.go @ v1.10.2
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import TextIO

from k8slearn.cmd import pflag
from k8slearn.cmd.cobra_help import default_help, default_usage, suggestions_for
from k8slearn.cmd.pflag import ErrHelp, FlagSet, go_quote

__all__ = ["Command", "RunFunc"]

RunFunc = Callable[["Command", list[str]], "BaseException | None"]
MIN_NAME_PADDING = 11


def _call(fn: RunFunc, cmd: Command, args: list[str]) -> None:
    err = fn(cmd, args)
    if isinstance(err, BaseException):
        raise err


class Command:
    """One node of a command tree (cobra.Command)."""

    def __init__(self, use: str, short: str = "", long: str = "", example: str = "", *,
                 run: RunFunc | None = None,
                 args: Callable[[Command, list[str]], None] | None = None,
                 persistent_pre_run: RunFunc | None = None, hidden: bool = False,
                 deprecated: str = "", aliases: tuple[str, ...] = (),
                 silence_usage: bool = False, silence_errors: bool = False) -> None:
        self.use, self.short, self.long, self.example = use, short, long, example
        self.run, self.args, self.persistent_pre_run = run, args, persistent_pre_run
        self.hidden, self.deprecated, self.aliases = hidden, deprecated, aliases
        self.silence_usage, self.silence_errors = silence_usage, silence_errors
        #: cobra's DisableAutoGenTag: no dated "Auto generated" footer in generated docs.
        self.disable_auto_gen_tag = False
        self.parent: Command | None = None
        self._commands: list[Command] = []
        self._max_name_len = 0
        self._flags: FlagSet | None = None
        self._pflags: FlagSet | None = None
        self._parents_pflags: FlagSet | None = None
        self._glob_norm: pflag.NormalizeFunc | None = None
        self._usage_func: Callable[[Command], None] | None = None
        self._help_func: Callable[[Command, list[str]], None] | None = None
        self._flag_error_func: Callable[[Command, Exception], Exception] | None = None
        self._help_command: Command | None = None
        self._out: TextIO | None = None
        self._err: TextIO | None = None

    # --- identity ------------------------------------------------------------------
    def name(self) -> str:
        return self.use.split(" ", 1)[0] if self.use else ""

    def has_parent(self) -> bool:
        return self.parent is not None

    def root(self) -> Command:
        return self.parent.root() if self.parent else self

    def command_path(self) -> str:
        return f"{self.parent.command_path()} {self.name()}" if self.parent else self.name()

    def use_line(self) -> str:
        line = f"{self.parent.command_path()} {self.use}" if self.parent else self.use
        if self.has_available_flags() and "[flags]" not in line:
            line += " [flags]"
        return line

    def runnable(self) -> bool:
        return self.run is not None

    # --- the tree --------------------------------------------------------------------
    def add_command(self, *cmds: Command) -> None:
        for c in cmds:
            if c is self:
                raise ValueError("command can't be a child of itself")
            c.parent = self
            self._max_name_len = max(self._max_name_len, len(c.name()))
            if self._glob_norm is not None:
                c.set_global_normalization_func(self._glob_norm)
            self._commands.append(c)

    def remove_command(self, c: Command) -> None:
        if c in self._commands:
            self._commands.remove(c)
            c.parent = None
            self._max_name_len = max((len(x.name()) for x in self._commands), default=0)

    def commands(self) -> list[Command]:
        """Subcommands sorted by name (cobra's EnableCommandSorting default)."""
        return sorted(self._commands, key=lambda c: c.name())

    def has_sub_commands(self) -> bool:
        return bool(self._commands)

    def is_available_command(self) -> bool:
        if self.deprecated or self.hidden:
            return False
        if self.parent is not None and self.parent._help_command is self:
            return False
        return self.runnable() or self.has_available_sub_commands()

    def is_additional_help_topic_command(self) -> bool:
        if self.runnable() or self.deprecated or self.hidden:
            return False
        return not any(c.is_available_command() or c.is_additional_help_topic_command()
                       for c in self._commands)

    def has_available_sub_commands(self) -> bool:
        return any(c.is_available_command() for c in self._commands)

    def has_help_sub_commands(self) -> bool:
        return any(c.is_additional_help_topic_command() for c in self._commands)

    def name_padding(self) -> int:
        if self.parent is None or MIN_NAME_PADDING > self.parent._max_name_len:
            return MIN_NAME_PADDING
        return self.parent._max_name_len

    # --- flags ---------------------------------------------------------------------------
    def flags(self) -> FlagSet:
        """The full flag set (local, persistent and, after merging, inherited)."""
        if self._flags is None:
            self._flags = FlagSet(self.name())
            if self._glob_norm is not None:
                self._flags.set_normalize_func(self._glob_norm)
        return self._flags

    def persistent_flags(self) -> FlagSet:
        if self._pflags is None:
            self._pflags = FlagSet(self.name())
            if self._glob_norm is not None:
                self._pflags.set_normalize_func(self._glob_norm)
        return self._pflags

    def set_global_normalization_func(self, fn: pflag.NormalizeFunc) -> None:
        self.flags().set_normalize_func(fn)
        self.persistent_flags().set_normalize_func(fn)
        self._glob_norm = fn
        for c in self._commands:
            c.set_global_normalization_func(fn)

    def _update_parents_pflags(self) -> FlagSet:
        if self._parents_pflags is None:
            self._parents_pflags = FlagSet(self.name())
            self._parents_pflags.sort_flags = False
        if self._glob_norm is not None:
            self._parents_pflags.set_normalize_func(self._glob_norm)
        self.root().persistent_flags().add_flag_set(pflag.COMMAND_LINE)
        p = self.parent
        while p is not None:
            self._parents_pflags.add_flag_set(p.persistent_flags())
            p = p.parent
        return self._parents_pflags

    def merge_persistent_flags(self) -> None:
        parents = self._update_parents_pflags()
        self.flags().add_flag_set(self.persistent_flags())
        self.flags().add_flag_set(parents)

    def local_flags(self) -> FlagSet:
        self.merge_persistent_flags()
        local = FlagSet(self.name())
        parents = self._parents_pflags
        for f in [*self.flags().visit_all(), *self.persistent_flags().visit_all()]:
            if local.lookup(f.name) is None and f is not (parents and parents.lookup(f.name)):
                local.add_flag(f)
        return local

    def inherited_flags(self) -> FlagSet:
        self.merge_persistent_flags()
        inherited = FlagSet(self.name())
        local = self.local_flags()
        assert self._parents_pflags is not None
        for f in self._parents_pflags.visit_all():
            if inherited.lookup(f.name) is None and local.lookup(f.name) is None:
                inherited.add_flag(f)
        return inherited

    def non_inherited_flags(self) -> FlagSet:
        return self.local_flags()

    def has_available_flags(self) -> bool:
        return self.flags().has_available_flags()

    def has_available_local_flags(self) -> bool:
        return self.local_flags().has_available_flags()

    def has_available_inherited_flags(self) -> bool:
        return self.inherited_flags().has_available_flags()

    def init_default_help_flag(self) -> None:
        self.merge_persistent_flags()
        if self.flags().lookup("help") is None:
            name = self.name()
            self.flags().bool("help", False, f"help for {name or 'this command'}", shorthand="h")

    # --- output, help and usage ----------------------------------------------------------
    def set_out(self, w: TextIO | None) -> None:
        self._out = w

    def set_err(self, w: TextIO | None) -> None:
        self._err = w

    def out_or_stdout(self) -> TextIO:
        c: Command | None = self
        while c is not None:
            if c._out is not None:
                return c._out
            c = c.parent
        return sys.stdout

    def out_or_stderr(self) -> TextIO:
        c: Command | None = self
        while c is not None:
            if c._out is not None:
                return c._out
            c = c.parent
        return sys.stderr

    def err_or_stderr(self) -> TextIO:
        c: Command | None = self
        while c is not None:
            if c._err is not None:
                return c._err
            c = c.parent
        return sys.stderr

    def set_usage_func(self, fn: Callable[[Command], None]) -> None:
        self._usage_func = fn

    def set_help_func(self, fn: Callable[[Command, list[str]], None]) -> None:
        self._help_func = fn

    def set_flag_error_func(self, fn: Callable[[Command, Exception], Exception]) -> None:
        self._flag_error_func = fn

    def usage(self) -> None:
        """Print usage (to stderr by default) with the nearest usage func."""
        c: Command | None = self
        while c is not None and c._usage_func is None:
            c = c.parent
        (c._usage_func if c is not None and c._usage_func else default_usage)(self)

    def help(self, args: list[str] | None = None) -> None:
        """Print help (to stdout by default) with the nearest help func."""
        c: Command | None = self
        while c is not None and c._help_func is None:
            c = c.parent
        (c._help_func if c is not None and c._help_func else default_help)(self, args or [])

    def usage_string(self) -> str:
        saved = self._out, self._err
        buf = io.StringIO()
        self._out = self._err = buf
        try:
            self.usage()
        finally:
            self._out, self._err = saved
        return buf.getvalue()

    def flag_error_func(self) -> Callable[[Command, Exception], Exception]:
        c: Command | None = self
        while c is not None:
            if c._flag_error_func is not None:
                return c._flag_error_func
            c = c.parent
        return lambda _c, e: e

    # --- dispatch --------------------------------------------------------------------------
    def find(self, args: list[str]) -> tuple[Command, list[str]]:
        """The target command for ``args`` and the args left for it; may raise."""
        from k8slearn.cmd.cobra_args import args_minus_first_x, strip_flags

        c, rest = self, list(args)
        while True:
            words = strip_flags(rest, c)
            nxt = next((x for x in c._commands if words and
                        (x.name() == words[0] or words[0] in x.aliases)), None)
            if nxt is None:
                break
            rest = args_minus_first_x(rest, words[0], c)
            c = nxt
        if c.args is None and c.has_sub_commands() and c.parent is None:
            words = strip_flags(rest, c)
            if words:
                raise UnknownCommandError(
                    f"unknown command {go_quote(words[0])} for {go_quote(c.command_path())}"
                    + suggestions_for(c, words[0]))
        return c, rest

    def init_default_help_cmd(self) -> None:
        if not self.has_sub_commands():
            return
        if self._help_command is None:
            def run_help(c: Command, args: list[str]) -> None:
                try:
                    target, _ = c.root().find(args)
                except UnknownCommandError:
                    target = None
                if target is None:
                    quoted = " ".join(f"`{a}`" for a in args)
                    print(f"Unknown help topic [{quoted}]", file=c.out_or_stderr())
                    c.root().usage()
                else:
                    target.init_default_help_flag()
                    target.help()

            self._help_command = Command(
                "help [command]", "Help about any command",
                "Help provides help for any command in the application.\n"
                f"Simply type {self.name()} help [path to command] for full details.",
                run=run_help)
        self.remove_command(self._help_command)
        self.add_command(self._help_command)

    def execute(self, argv: list[str] | None = None) -> None:
        """cobra's ExecuteC on the root: find, run, print errors/usage unless silenced."""
        root = self.root()
        args = sys.argv[1:] if argv is None else list(argv)
        root.init_default_help_cmd()
        try:
            cmd, flags = root.find(args)
        except UnknownCommandError as e:
            if not root.silence_errors:
                print(f"Error: {e}", file=root.err_or_stderr())
                print(f"Run '{root.command_path()} --help' for usage.", file=root.err_or_stderr())
            raise
        try:
            cmd._execute(flags)
        except ErrHelp:
            cmd.help(args)
        except Exception as e:
            if not cmd.silence_errors and not root.silence_errors:
                print(f"Error: {e}", file=root.err_or_stderr())
            if not cmd.silence_usage and not root.silence_usage:
                print(cmd.usage_string(), file=root.out_or_stderr())
            raise

    def _execute(self, args: list[str]) -> None:
        if self.deprecated:
            print(f"Command {go_quote(self.name())} is deprecated, {self.deprecated}",
                  file=self.out_or_stderr())
        self.init_default_help_flag()
        self.merge_persistent_flags()
        fs = self.flags()
        fs.output = self.out_or_stderr()
        try:
            fs.parse(args)
        except pflag.FlagError as e:
            raise self.flag_error_func()(self, e) from None
        if fs.get("help"):
            raise ErrHelp()
        if not self.runnable():
            raise ErrHelp()
        positional = fs.args
        if self.args is not None:
            self.args(self, positional)
        p: Command | None = self
        while p is not None:
            if p.persistent_pre_run is not None:
                _call(p.persistent_pre_run, self, positional)
                break
            p = p.parent
        assert self.run is not None
        _call(self.run, self, positional)


class UnknownCommandError(Exception):
    """``unknown command "x" for "root"`` (cobra legacyArgs)."""


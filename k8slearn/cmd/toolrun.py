"""Run a tool's ``main(argv)`` in-process and capture what it prints (for notebooks and tests).

``run_tool(main, argv, cwd)`` returns ``ToolResult(code, out, err)``; ``cwd``
is entered for the call only, so tools that read paths relative to the
repository root work from a notebook whose directory is ``notebooks/``.
A ``SystemExit`` becomes the exit code, as a real process would report it.

Both streams are also recorded in the order they were written (``chunks``), so
``show()`` prints them interleaved the way a terminal shows a real tool's
output: clicheck's numbered errors (stderr) come before its ``Found 7
errors.`` (stdout), as upstream.

Upstream: none (course tooling)
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = ["ToolResult", "run_tool", "repo_root"]


@dataclass(frozen=True)
class ToolResult:
    code: int
    out: str
    err: str
    chunks: tuple[tuple[str, str], ...] = ()  # ("out" | "err", text) in write order

    @property
    def combined(self) -> str:
        """Both streams as a terminal shows them (write order)."""
        if not self.chunks:
            return self.out + self.err
        return "".join(text for _, text in self.chunks)

    def show(self) -> None:
        """Print both streams in the order they were written, then the exit code."""
        text = self.combined
        if text:
            print(text, end="" if text.endswith("\n") else "\n")
        print(f"[exit code {self.code}]")


class _Recorder(io.StringIO):
    """A StringIO that also appends each write to a shared, ordered log."""

    def __init__(self, name: str, log: list[tuple[str, str]]) -> None:
        super().__init__()
        self._name, self._log = name, log

    def write(self, s: str) -> int:
        if s:
            self._log.append((self._name, s))
        return super().write(s)


def repo_root() -> Path:
    """The course root: the directory holding ``k8slearn/`` and ``hack/import-restrictions.yaml``.

    In a source checkout (``make venv`` installs it editable) that is the repository.  A
    non-editable install (a hub image's ``pip install .``) has no repository, so the same
    layout is built once per process in a temporary directory, from the installed package
    and its package data (found through importlib.resources).
    """
    checkout = Path(str(resources.files("k8slearn"))).resolve().parent
    if (checkout / "hack" / "import-restrictions.yaml").is_file():
        return checkout
    return _installed_root()


@functools.lru_cache(maxsize=1)
def _installed_root() -> Path:
    pkg = resources.files("k8slearn")
    root = Path(tempfile.mkdtemp(prefix="k8slearn-"))
    atexit.register(shutil.rmtree, root, True)
    (root / "k8slearn").symlink_to(Path(str(pkg)).resolve(), target_is_directory=True)
    (root / "hack").mkdir()
    (root / "hack" / "import-restrictions.yaml").write_bytes(
        (pkg / "import-restrictions.yaml").read_bytes())
    return root


def run_tool(main: Callable[[list[str]], int], argv: Sequence[str] = (),
             cwd: str | Path | None = None) -> ToolResult:
    log: list[tuple[str, str]] = []
    out, err = _Recorder("out", log), _Recorder("err", log)
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else 1
    finally:
        os.chdir(old)
    return ToolResult(int(code or 0), out.getvalue(), err.getvalue(), tuple(log))

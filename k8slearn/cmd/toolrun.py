"""Run a tool's ``main(argv)`` in-process and capture what it prints (for notebooks and tests).

``run_tool(main, argv, cwd)`` returns ``ToolResult(code, out, err)``; ``cwd``
is entered for the call only, so tools that read paths relative to the
repository root work from a notebook whose directory is ``notebooks/``.
A ``SystemExit`` becomes the exit code, as a real process would report it.

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

    def show(self) -> None:
        """Print stdout, then stderr, then the exit code."""
        if self.out:
            print(self.out, end="" if self.out.endswith("\n") else "\n")
        if self.err:
            print(self.err, end="" if self.err.endswith("\n") else "\n")
        print(f"[exit code {self.code}]")


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
    out, err = io.StringIO(), io.StringIO()
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
    return ToolResult(int(code or 0), out.getvalue(), err.getvalue())

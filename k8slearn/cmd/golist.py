"""A ``go list -json`` for Python: every module of a tree with the imports found by ``ast``.

``python -m k8slearn.cmd.golist [DIR...]`` prints one JSON object per module,
concatenated (not a JSON array), exactly as ``go list -json`` streams Go
packages; ``dependencycheck`` and ``importverifier`` read that stream.

How Python maps onto Go's package model:

* a module is a package: ``ImportPath`` is its dotted name
  (``k8slearn.workqueue.queue``; a package's ``__init__.py`` is the package
  itself) and ``Dir`` is its file path without ``.py`` (``k8slearn/workqueue/queue``),
  so a module is always *below* its package directory;
* ``import a.b`` records ``a.b``.  ``from a import b`` records ``a.b`` when
  ``a`` is a package of the scanned tree (``b`` is a name in the package:
  a submodule or something its ``__init__`` defines) and ``a`` otherwise (``b``
  is an attribute of module ``a``; outside packages are treated as modules, so
  nothing is imported to find out).  Relative imports are resolved against the
  importing module; imports inside functions count too (``ast`` sees them all);
* ``Standard`` is true for the standard library (``sys.stdlib_module_names``):
  like Go's standard library, those imports never fall under a ROOT prefix;
* ``TestImports``/``XTestImports`` stay empty: Python tests live in ``tests/``,
  not next to the code.

Errors end the run as ``go list`` does (one line on stderr, exit 1), never
with a traceback: a directory that does not exist (``stat <dir>: directory not
found``), one outside the current directory (``directory <dir> outside main
module or its selected dependencies``), and a module that does not parse
(``<file>:<line>:<col>: <reason>``; ``go list`` reports Go syntax errors the same
way) or is not UTF-8.

Upstream: golang/go src/cmd/go/internal/load/pkg.go @ go1.24
"""

from __future__ import annotations

import ast
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Package", "GoListError", "load_packages", "module_imports", "is_standard", "main"]


class GoListError(ValueError):
    """What ``go list`` prints before exiting 1."""

_CACHE: dict[tuple, list[str]] = {}
SKIP_DIRS = {"__pycache__", ".venv", "build", ".git", ".ipynb_checkpoints"}


@dataclass
class Package:
    """The subset of ``cmd/go.Package`` the tools read."""

    Dir: str
    ImportPath: str
    Imports: list[str] = field(default_factory=list)
    TestImports: list[str] = field(default_factory=list)
    XTestImports: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent="\t")


def is_standard(name: str) -> bool:
    return name.split(".", 1)[0] in sys.stdlib_module_names


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def module_imports(source: str, module: str, is_package: bool,
                   packages: frozenset[str] = frozenset()) -> list[str]:
    """Sorted, de-duplicated import names of one module's source.

    ``packages`` names the local packages (``from pkg import x`` -> ``pkg.x``).
    """
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".") if package else []
                anchor = anchor[:len(anchor) - (node.level - 1)] if node.level > 1 else anchor
                base = ".".join([*anchor, *([base] if base else [])])
            for a in node.names:
                if a.name == "*" or base not in packages:
                    found.add(base)
                else:
                    found.add(f"{base}.{a.name}")
    return sorted(found)


def _walk(base: Path) -> list[Path]:
    """``*.py`` files under ``base``, pruning caches, venvs and hidden directories."""
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        out += [Path(dirpath) / f for f in filenames if f.endswith(".py")]
    return out


def _check_dir(root: Path, d: str | Path) -> None:
    base = root / d
    # Lexical, as go list is: a symlinked directory inside the module counts as inside (a
    # non-editable install's course layout links k8slearn/ into a temporary root).
    top = os.path.abspath(root)
    inside = os.path.commonpath([top, os.path.normpath(os.path.join(top, d))]) == top
    if not inside:
        raise GoListError(f"directory {d} outside main module or its selected dependencies")
    if not base.exists():
        raise GoListError(f"stat {d}: directory not found")


def _read_source(f: Path, root: Path) -> str:
    shown = f.relative_to(root).as_posix()
    try:
        source = f.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise GoListError(f"{shown}: invalid UTF-8 encoding") from None
    try:
        ast.parse(source)
    except SyntaxError as e:
        raise GoListError(f"{shown}:{e.lineno or 0}:{(e.offset or 0)}: {e.msg}") from None
    except ValueError as e:  # e.g. a NUL byte in the source
        raise GoListError(f"{shown}: {e}") from None
    return source


def load_packages(*dirs: str | Path, root: str | Path = ".") -> list[Package]:
    """Every ``.py`` module under ``dirs`` (paths relative to ``root``), sorted by path."""
    root = Path(root)
    for d in dirs:
        _check_dir(root, d)
    tops = {Path(d).parts[0] for d in dirs if Path(d).parts}
    packages = frozenset(_module_name(p, root) for top in sorted(tops) if (root / top).is_dir()
                         for p in _walk(root / top) if p.name == "__init__.py")
    out = []
    for d in dirs:
        base = root / d
        files = [base] if base.is_file() else sorted(_walk(base))
        for f in files:
            name = _module_name(f, root)
            st = f.stat()
            key = (str(f.resolve()), st.st_mtime_ns, st.st_size, name, packages)
            imports = _CACHE.get(key)
            if imports is None:
                imports = module_imports(_read_source(f, root), name, f.name == "__init__.py",
                                         packages)
                _CACHE[key] = imports
            rel = f.relative_to(root).with_suffix("").as_posix()
            out.append(Package(Dir=rel, ImportPath=name, Imports=imports))
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        packages = load_packages(*(args or ["k8slearn"]))
    except GoListError as e:
        print(e, file=sys.stderr)
        return 1
    for pkg in packages:
        print(pkg.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())

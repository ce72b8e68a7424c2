"""Reading the ``Upstream:`` lines of k8slearn's module docstrings (the course map's data).

Every ``k8slearn`` module names the upstream files it follows on lines of the
form ``Upstream: <owner/repo> <path>[, <path> ...] @ <tag>`` (or ``Upstream:
none (course tooling)``).  Docstrings are read from the source files (the first
token, evaluated with :func:`ast.literal_eval`), so nothing is imported.

Upstream: none (course tooling)
"""

from __future__ import annotations

import ast
import inspect
import io
import pkgutil
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

__all__ = ["K8S", "CLIENT_GO", "NONE_LINE", "REQUIRED_TAGS", "Upstream", "UpstreamError",
           "ModuleDoc", "parse_upstream_line", "read_module_doc", "iter_modules"]

K8S = "kubernetes/kubernetes"
CLIENT_GO = "kubernetes/client-go"
NONE_LINE = "Upstream: none (course tooling)"


_UPSTREAM_RE = re.compile(
    r"^Upstream:\s+(?P<repo>[A-Za-z0-9][\w.-]*/[\w.-]+)\s+(?P<paths>\S.*?)\s+@\s+(?P<tag>[\w.+-]+)$"
)


_PATH_RE = re.compile(r"^[\w.+-]+(/[\w.+-]+)*/?(#L\d+(-L\d+)?)?$")


#: The tag each repository must be linked at; other repositories may use any tag.
REQUIRED_TAGS = {K8S: "v1.36.0", CLIENT_GO: "v0.36.3"}


class UpstreamError(ValueError):
    """An ``Upstream:`` line that does not follow the convention."""


@dataclass(frozen=True)
class Upstream:
    """One ``Upstream:`` line: a repository, files in it, and the tag they are read at."""

    repo: str
    paths: tuple[str, ...]
    tag: str

    def links(self) -> tuple[str, ...]:
        return tuple(f"https://github.com/{self.repo}/blob/{self.tag}/{p}" for p in self.paths)


def parse_upstream_line(line: str) -> Upstream | None:
    """Parse one docstring line; ``None`` for ``Upstream: none (course tooling)``.

    Raises :class:`UpstreamError` with a one-line reason when the line is malformed.
    """
    line = line.strip()
    if line == NONE_LINE:
        return None
    m = _UPSTREAM_RE.match(line)
    if not m:
        raise UpstreamError(
            f"{line!r}: expected 'Upstream: <owner/repo> <path>[, <path> ...] @ <tag>' "
            f"or {NONE_LINE!r}"
        )
    paths = tuple(p.strip() for p in m["paths"].split(","))
    for p in paths:
        if not _PATH_RE.match(p) or ".." in p.split("/"):
            raise UpstreamError(f"{line!r}: {p!r} is not a relative file path")
    want = REQUIRED_TAGS.get(m["repo"])
    if want is not None and m["tag"] != want:
        raise UpstreamError(f"{line!r}: {m['repo']} must be linked at {want}, not {m['tag']}")
    return Upstream(m["repo"], paths, m["tag"])


@dataclass(frozen=True)
class ModuleDoc:
    """What the course map needs from one module's docstring."""

    name: str
    path: Path
    summary: str
    upstream: tuple[Upstream, ...]
    tooling: bool  # it says ``Upstream: none (course tooling)``
    errors: tuple[str, ...]  # convention violations, empty when the docstring is fine


def _docstring(source: str) -> str:
    """The module docstring: the first token, if it is a string (only that much is parsed)."""
    skip = (tokenize.ENCODING, tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in skip:
            continue
        if tok.type == tokenize.STRING:
            value = ast.literal_eval(tok.string)
            return inspect.cleandoc(value) if isinstance(value, str) else ""
        return ""
    return ""


def read_module_doc(name: str, path: Path) -> ModuleDoc:
    """Read ``path``'s docstring from its source (the module is not imported)."""
    errors: list[str] = []
    try:
        doc = _docstring(path.read_text(encoding="utf-8"))
    except (SyntaxError, tokenize.TokenError, ValueError) as e:
        doc = ""
        errors.append(f"cannot read the docstring: {e}")
    lines = doc.splitlines()
    summary = lines[0].strip() if lines else ""
    if not summary:
        errors.append("no docstring summary line")
    ups: list[Upstream] = []
    tooling = False
    for line in lines:
        if not line.strip().startswith("Upstream:"):
            continue
        try:
            up = parse_upstream_line(line)
        except UpstreamError as e:
            errors.append(str(e))
            continue
        if up is None:
            tooling = True
        else:
            ups.append(up)
    if not ups and not tooling and not any("Upstream" in e for e in errors):
        errors.append("no 'Upstream:' line")
    if ups and tooling:
        errors.append(f"has both {NONE_LINE!r} and upstream files")
    return ModuleDoc(name, path, summary, tuple(ups), tooling, tuple(errors))


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def iter_modules(root: Path | None = None, prefix: str = "k8slearn") -> list[ModuleDoc]:
    """Every module of the package under ``root``, sorted by name, without importing any."""
    root = _package_dir() if root is None else root
    found = [read_module_doc(prefix, root / "__init__.py")]
    for info in pkgutil.iter_modules([str(root)]):
        name = f"{prefix}.{info.name}"
        if info.ispkg:
            found.extend(iter_modules(root / info.name, name))
        else:
            found.append(read_module_doc(name, root / f"{info.name}.py"))
    return sorted(found, key=lambda m: m.name)

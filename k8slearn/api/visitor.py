"""Reading ``-f`` arguments the way kubectl's resource builder does: files, directories, stdin.

* ``-f -`` reads standard input (once: a second ``-`` is
  ``standard input cannot be used for multiple arguments``); its objects are
  named ``STDIN`` in messages, as kubectl names them.
* ``-f DIR`` reads the ``.json``, ``.yaml`` and ``.yml`` files directly in DIR,
  in name order; sub-directories only with ``recursive=True`` (kubectl's ``-R``).
  A file named explicitly is read whatever its extension.
* A walk does not follow symbolic links to directories (Go's ``filepath.Walk``
  does not), so a link pointing back up the tree cannot loop; a link that
  cannot be resolved (a loop of links, a dangling link) is skipped.
* Only regular files are read.  kubectl opens a FIFO or a device and blocks
  until a writer appears; the course refuses it (``... is not a regular file``)
  so that a tool never hangs on its input.
* Unknown fields: with ``field_validation="Warn"`` each one gives a warning
  ``unknown field "spec.minReplica"`` (kubectl prints ``Warning: `` before
  it); with ``"Strict"`` the file is refused with the apiserver's sentence
  ``HorizontalPodAutoscaler in version "v2" cannot be handled as a
  HorizontalPodAutoscaler: strict decoding error: unknown field "spec.minReplica"``.
  kubectl v1.36 defaults to ``--validate=strict``; the course's tools default
  to warn, so that objects captured from newer clusters still load.

Upstream: kubernetes/cli-runtime pkg/resource/visitor.go, pkg/resource/builder.go @ v0.36.3
Upstream: kubernetes/kubectl pkg/cmd/util/helpers.go @ v0.36.3
Upstream: kubernetes/apimachinery pkg/runtime/error.go @ v0.36.3
Upstream: kubernetes/apiserver pkg/endpoints/handlers/rest.go @ v0.36.3

(``ExpandPathsToFileVisitors``, ``FileVisitorForSTDIN``, ``StdinMultiUseError``,
``GetValidationDirective``, ``strictDecodingError`` and ``transformDecodeError``.)
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable
from typing import Any, NamedTuple, TextIO

__all__ = [
    "FILE_EXTENSIONS",
    "FIELD_VALIDATION",
    "FileError",
    "Source",
    "StrictDecodingError",
    "expand_paths",
    "load_paths",
    "read_regular_file",
    "validation_directive",
]

FILE_EXTENSIONS = (".json", ".yaml", ".yml")
#: metav1.FieldValidation{Ignore,Warn,Strict}
FIELD_VALIDATION = ("Ignore", "Warn", "Strict")
STDIN_NAME = "STDIN"


_TRUE = ("1", "t", "T", "TRUE", "true", "True")  # strconv.ParseBool
_FALSE = ("0", "f", "F", "FALSE", "false", "False")


def validation_directive(flag: str) -> str:
    """kubectl's GetValidationDirective: ``--validate`` value -> Ignore, Warn or Strict."""
    if flag in _TRUE:
        return "Strict"
    if flag in _FALSE:
        return "Ignore"
    if flag in ("strict", "warn", "ignore"):
        return flag.capitalize()
    raise ValueError(f'invalid - validate option "{flag}"; must be one of: strict (or true), '
                     "warn, ignore (or false)")


class FileError(ValueError):
    """A path that cannot be read or parsed; ``str()`` is one line naming the file.

    ``reason`` is the bare cause when the file could not be read (``Is a directory``).
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


def _read_error(name: str, reason: str) -> FileError:
    return FileError(f'error reading "{name}": {reason}', reason)


class StrictDecodingError(ValueError):
    """Unknown fields under ``field_validation="Strict"``."""


class Source(NamedTuple):
    """One input: its name in messages, its text, and whether the user named it directly."""

    name: str
    text: str
    named: bool


def read_regular_file(path: str | os.PathLike) -> str:
    """The text of a regular file; refuses FIFOs, devices and sockets instead of blocking."""
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileError(f'the path "{name}" does not exist') from None
    except OSError as e:
        raise _read_error(name, e.strerror or str(e)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise _read_error(name, "Is a directory")
        if not stat.S_ISREG(mode):
            raise _read_error(name, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read()
    except OSError as e:
        raise _read_error(name, e.strerror or str(e)) from None
    finally:
        os.close(fd)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _read_error(name, f"not UTF-8 text ({e.reason} at byte {e.start})") from None


def _walk(root: str, recursive: bool) -> Iterable[str]:
    """filepath.Walk order (lexical), not following links to directories."""
    try:
        names = sorted(os.listdir(root))
    except OSError as e:
        raise _read_error(root, e.strerror or str(e)) from None
    for n in names:
        p = os.path.join(root, n)
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            if recursive:
                yield from _walk(p, recursive)
            continue
        if not n.endswith(FILE_EXTENSIONS):
            continue
        if stat.S_ISLNK(st.st_mode):
            try:
                target = os.stat(p)
            except OSError:  # a loop of links, or dangling
                continue
            if stat.S_ISDIR(target.st_mode):
                continue
        yield p


def expand_paths(paths: Iterable[str], *, recursive: bool = False,
                 stdin: TextIO | None = None) -> list[Source]:
    """Every input named by ``-f`` arguments, read; raises FileError with one line."""
    out: list[Source] = []
    stdin_used = False
    for path in paths:
        if path == "-":
            if stdin_used:
                raise FileError("standard input cannot be used for multiple arguments")
            stdin_used = True
            stream = stdin if stdin is not None else sys.stdin
            try:
                out.append(Source(STDIN_NAME, stream.read(), True))
            except (OSError, UnicodeDecodeError) as e:
                raise FileError(f"error reading {STDIN_NAME}: {e}") from None
            continue
        if not os.path.exists(path):
            if os.path.islink(path):
                raise _read_error(path, "dangling or looping symbolic link")
            raise FileError(f'the path "{path}" does not exist')
        if os.path.isdir(path):
            out.extend(Source(p, read_regular_file(p), False) for p in _walk(path, recursive))
        else:
            out.append(Source(path, read_regular_file(path), True))
    return out


def _strict_error(data: dict, unknown: list[str]) -> StrictDecodingError:
    api_version = str(data.get("apiVersion", ""))
    kind = str(data.get("kind", ""))
    version = api_version.rpartition("/")[2]
    fields = ", ".join(f'unknown field "{u}"' for u in unknown)
    return StrictDecodingError(f'{kind} in version "{version}" cannot be handled as a {kind}: '
                               f"strict decoding error: {fields}")


def load_paths(paths: Iterable[str], *, recursive: bool = False, stdin: TextIO | None = None,
               validate: bool = True, field_validation: str = "Ignore",
               warnings: list[str] | None = None,
               origins: list[str] | None = None) -> list[Any]:
    """Typed objects from ``-f`` arguments (see module docstring).

    Raises FileError (``<file>: <problem>``), or ValidationError whose ``source`` is
    the file the errors come from.  Under ``"Warn"``, warnings (``unknown field
    "spec.x"``, prefixed with the file when it came from a directory or stdin) are
    appended to ``warnings``.  ``origins``, when given, receives one entry per object:
    the file it came from if that file was found in a directory or read from stdin,
    else ``""`` (the user named the file).
    """
    from . import scheme
    from .errors import ValidationError

    if field_validation not in FIELD_VALIDATION:
        raise ValueError(f"field_validation must be one of {', '.join(FIELD_VALIDATION)}")
    objects: list[Any] = []
    for src in expand_paths(paths, recursive=recursive, stdin=stdin):
        try:
            docs = scheme.parse_text(src.text)
        except ValueError as e:
            raise FileError(f"{src.name}: {' '.join(str(e).split())}") from None
        errors: list = []
        before = len(objects)
        for doc in docs:
            unknown: list[tuple[dict, str]] = []
            scheme.decode_document(doc, errors, objects, validate, unknown)
            if unknown and field_validation == "Strict":
                first = unknown[0][0]  # each object is its own request, as in kubectl
                err = _strict_error(first, [u for d, u in unknown if d is first])
                raise FileError(f"{src.name}: {err}")
            if unknown and field_validation == "Warn" and warnings is not None:
                where = "" if src.named else f"{src.name}: "
                warnings.extend(f'{where}unknown field "{u}"' for _, u in unknown)
        if origins is not None:
            origins.extend(["" if src.named else src.name] * (len(objects) - before))
        if errors:
            e = ValidationError(errors)
            e.source = src.name  # type: ignore[attr-defined]
            e.named = src.named  # type: ignore[attr-defined]
            raise e
    return objects

"""``python -m k8slearn.cmd.fieldnamedocscheck``: back-ticked field names must match the JSON case.

For every API type (a dataclass) the checker reads the class docstring and each
field's doc (the string literal right after the field, or ``#:`` comments just
above it), finds every back-ticked single word (regexp ``` `(\\b\\w+\\b)` ```; an
RST ````word```` contains one too) and reports a word whose lower-case form
equals the lower-case JSON name of *some field of the same type* while its case
differs: ``Error: doc for <Type>[.<jsonName>] contains: <Word>, which should
be: <jsonName>`` on stderr.  Each word is reported once per doc.  Snake-case
names (``size_limit``) never match (the lower-case JSON name has no ``_``).

``-s FILE`` (``--type-src``) checks one file, as upstream; without it the
course checks every module of ``k8slearn/api`` (what
``hack/verify-fieldname-docs.sh`` does with its loop over types.go files).

Exit code: 1 when any doc had an error.  Version note: before Kubernetes
v1.30 the loop *assigned* each doc's result to the exit status, so only the
last doc checked decided it and errors could be printed with exit 0;
kubernetes/kubernetes PR 122771 (merged January 2024) ORs the results
(``rc = checkFieldNameAndDoc(...) || rc``).  ``--strict`` is still accepted
(it was k8slearn's way to get the fixed behaviour) and changes nothing.

Bad input ends with one line and exit 1: a ``-s`` file that cannot be read
(``open <file>: no such file or directory``) or parsed (``<file>:<line>:<col>:
<reason>``), and the no-argument mode outside the repository root (no
``k8slearn/api`` there).  Upstream prints the read or parse error too, then
dereferences the nil package and panics; k8slearn stops after the message.

Upstream: kubernetes/kubernetes cmd/fieldnamedocscheck/field_name_docs_check.go @ v1.36.0
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.util
import re
import sys
from pathlib import Path

__all__ = ["check_field_name_and_doc", "type_docs", "check_file", "main"]

WORD = re.compile(r"`(\b\w+\b)`")
API_DIR = Path("k8slearn/api")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def check_field_name_and_doc(struct: str, field: str, doc: str, json_names: dict[str, str],
                             errors: list[str]) -> bool:
    """Append this doc's errors; True if it had any (upstream's per-doc result)."""
    rc = False
    visited: set[str] = set()
    for name in WORD.findall(doc):
        if name in visited:
            continue
        json = json_names.get(name.lower())
        if json is not None and json != name:
            rc = True
            visited.add(name)
            where = f"{struct}.{field}" if field else struct
            errors.append(f"Error: doc for {where} contains: {name}, which should be: {json}")
    return rc


def _field_docs(cls_node: ast.ClassDef, source_lines: list[str]) -> dict[str, str]:
    docs: dict[str, str] = {}
    body = cls_node.body
    for i, node in enumerate(body):
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        parts = []
        ln = node.lineno - 2
        comments = []
        while ln >= 0 and source_lines[ln].strip().startswith("#:"):
            comments.insert(0, source_lines[ln].strip()[2:].strip())
            ln -= 1
        parts += comments
        nxt = body[i + 1] if i + 1 < len(body) else None
        if isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) \
                and isinstance(nxt.value.value, str):
            parts.append(nxt.value.value)
        docs[node.target.id] = "\n".join(parts)
    return docs


def type_docs(path: Path) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``[(type name, type doc, [(json name, field doc)...])]`` for the dataclasses in ``path``."""
    source = path.read_text(encoding="utf-8")
    spec = importlib.util.spec_from_file_location(_module_name(path), path)
    module = sys.modules.get(spec.name) if spec else None
    if module is None:
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    out = []
    lines = source.splitlines()
    for node in ast.parse(source).body:
        cls = getattr(module, node.name, None) if isinstance(node, ast.ClassDef) else None
        if cls is None or not dataclasses.is_dataclass(cls):
            continue
        fdocs = _field_docs(node, lines)
        fields = [(f.metadata.get("json") or _camel(f.name), fdocs.get(f.name, ""))
                  for f in dataclasses.fields(cls) if f.name in fdocs]
        out.append((node.name, ast.get_docstring(node) or "", fields))
    return out


def _module_name(path: Path) -> str:
    parts = list(path.with_suffix("").parts)
    return ".".join(parts) if parts[0] == "k8slearn" else "_fieldnamedocs_" + path.stem


class SourceError(Exception):
    """A types file that cannot be read or parsed."""


def _load_check(path: Path) -> None:
    try:
        source = path.read_bytes().decode("utf-8")
    except OSError as e:
        raise SourceError(f"open {path}: {(e.strerror or str(e)).lower()}") from None
    except UnicodeDecodeError:
        raise SourceError(f"{path}: invalid UTF-8 encoding") from None
    try:
        ast.parse(source)
    except SyntaxError as e:
        raise SourceError(f"{path}:{e.lineno or 0}:{e.offset or 0}: {e.msg}") from None
    except ValueError as e:
        raise SourceError(f"{path}: {e}") from None


def check_file(path: Path, errors: list[str]) -> bool:
    """Check one file; True if any doc had an error (OR-ed, as since PR 122771)."""
    _load_check(path)
    rc = False
    for struct, doc, fields in type_docs(path):
        json_names = {name.lower(): name for name, _ in fields if name}
        rc = check_field_name_and_doc(struct, "", doc, json_names, errors) or rc
        for name, fdoc in fields:
            rc = check_field_name_and_doc(struct, name, fdoc, json_names, errors) or rc
    return rc


def main(argv: list[str] | None = None) -> int:
    args = [a for a in (sys.argv[1:] if argv is None else argv) if a != "--strict"]
    files: list[Path]
    if not args:
        files = sorted(p for p in API_DIR.glob("*.py") if p.name != "__init__.py")
        if not files:
            print(f"no API types under {API_DIR.as_posix()}: run from the repository root, or "
                  "name a file with -s", file=sys.stderr)
            return 1
    elif len(args) == 2 and args[0] in ("-s", "--type-src"):
        files = [Path(args[1])]
    elif len(args) == 1 and args[0].startswith(("-s=", "--type-src=")):
        files = [Path(args[0].split("=", 1)[1])]
    else:
        print("Please define -s flag as it is the api type file", file=sys.stderr)
        return 1
    errors: list[str] = []
    rc = False
    try:
        for f in files:
            rc = check_file(f, errors) or rc
    except SourceError as e:
        print(e, file=sys.stderr)
        return 1
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if rc else 0


if __name__ == "__main__":
    sys.exit(main())

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

Quirk kept: upstream assigns (not ORs) each check's result to the exit status,
so only the *last* doc checked decides it: errors can be printed with exit 0.
``--strict`` (k8slearn addition, used by ``make checks``) exits 1 on any error.

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


def check_file(path: Path, errors: list[str]) -> bool:
    """Check one file; the result is upstream's: the last doc's outcome only."""
    rc = False
    for struct, doc, fields in type_docs(path):
        json_names = {name.lower(): name for name, _ in fields if name}
        rc = check_field_name_and_doc(struct, "", doc, json_names, errors)
        for name, fdoc in fields:
            rc = check_field_name_and_doc(struct, name, fdoc, json_names, errors)
    return rc


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    strict = "--strict" in args
    args = [a for a in args if a != "--strict"]
    files: list[Path]
    if not args:
        files = sorted(p for p in API_DIR.glob("*.py") if p.name != "__init__.py")
    elif len(args) == 2 and args[0] in ("-s", "--type-src"):
        files = [Path(args[1])]
    elif len(args) == 1 and args[0].startswith(("-s=", "--type-src=")):
        files = [Path(args[0].split("=", 1)[1])]
    else:
        print("Please define -s flag as it is the api type file", file=sys.stderr)
        return 1
    errors: list[str] = []
    rc = False
    for f in files:
        rc = check_file(f, errors) or (rc if len(files) > 1 else False)
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if (errors if strict else rc) else 0


if __name__ == "__main__":
    sys.exit(main())

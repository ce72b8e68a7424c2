"""``importverifier ROOT RESTRICTIONS.yaml``: allow-lists of imports per source tree.

The restrictions file is a YAML list of entries::

    - baseImportPath: ./k8slearn/workqueue      # a *filesystem* path
      ignoredSubTrees: [./k8slearn/workqueue/x]  # exempt sub-trees (paths)
      allowedImports: [k8slearn.clock]           # import-path prefixes
      excludeTests: false                        # skip TestImports/XTestImports

For every entry the modules under the base (``golist``, the ``go list -json``
stand-in) are checked; a module is restricted when its Dir is below the base
and below no ignored sub-tree.  An import is forbidden when all three hold:

1. it starts with ROOT (a raw string prefix; ``""`` matches everything; the
   standard library is never checked, as Go's never starts with a module root);
2. it does not start with ``baseImportPath`` (a filesystem path compared with an
   import path, so in practice never true: entries allow their own package);
3. it neither equals an allowed entry nor starts with ``allowed + "."`` (path
   aware: ``k8slearn.api`` does not allow ``k8slearn.apiserver``; the JSON-era
   tool used a bare prefix and did).

"Below the base" is ``Rel(base, dir)`` not starting with ``..`` (a raw string
prefix: a sibling directory named ``..x`` would count as below).  Python
modules get ``Dir = path without .py``, so modules inside the base are always
below it.

Output (stderr, through Go's ``log``, so every line starts with the date and
time, here from the course's fake clock: ``2026/12/07 08:00:00 ``):
``Inspecting imports under <base>...``, the module count, ``-- found forbidden
imports for <pkg>:`` + ``--- <imp>`` lines (sorted here; upstream uses map
order), then ``- OK``/``- FAIL`` per entry; exit 1 if any entry failed.  A
tree that ``go list`` cannot load is fatal: ``Failed to resolve package tree:
...``.

Course deviation: Go's ``os.ReadFile`` would block on a FIFO restrictions file
until a writer appears; here anything that is not a regular file is refused
(``... failed to load configuration from <path>: read <path>: not a regular
file``), and a directory is Go's ``read <path>: is a directory``.

Upstream: kubernetes/kubernetes cmd/importverifier/importverifier.go @ v1.36.0
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from k8slearn.clock import FakeClock
from k8slearn.cmd.golist import GoListError, Package, is_standard, load_packages
from k8slearn.cmd.klog import go_log_prefix

__all__ = ["ImportRestriction", "load_import_restrictions", "is_path_under", "main"]


class Fatal(Exception):
    """``log.Fatalf``: message on stderr, exit 1."""


def is_path_under(base: str, path: str) -> bool:
    """Go: ``Rel(Abs(base), Abs(path))`` does not start with ``..`` (base itself is under)."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    return not rel.startswith("..")


@dataclass
class ImportRestriction:
    base_dir: str
    allowed_imports: list[str] = field(default_factory=list)
    ignored_sub_trees: list[str] = field(default_factory=list)
    exclude_tests: bool = False

    def is_restricted_dir(self, d: str) -> bool:
        if not is_path_under(self.base_dir, d):
            return False
        return not any(is_path_under(ignored, d) for ignored in self.ignored_sub_trees)

    def is_forbidden(self, imp: str, root: str) -> bool:
        if is_standard(imp):
            return False
        below_root = imp.startswith(root)
        below_base = imp.startswith(self.base_dir)
        allowed = any(imp == a or imp.startswith(a + ".") for a in self.allowed_imports)
        return below_root and not below_base and not allowed

    def forbidden_imports_for(self, pkg: Package, root: str) -> list[str]:
        if not self.is_restricted_dir(pkg.Dir):
            return []
        imports = list(pkg.Imports)
        if not self.exclude_tests:
            imports += pkg.TestImports + pkg.XTestImports
        return sorted({i for i in imports if self.is_forbidden(i, root)})


_FIELDS = {"baseImportPath": "string", "ignoredSubTrees": "[]string",
           "allowedImports": "[]string", "excludeTests": "bool"}
_SHORT_TAG = {"tag:yaml.org,2002:str": "!!str", "tag:yaml.org,2002:int": "!!int",
              "tag:yaml.org,2002:bool": "!!bool", "tag:yaml.org,2002:float": "!!float",
              "tag:yaml.org,2002:null": "!!null", "tag:yaml.org,2002:seq": "!!seq",
              "tag:yaml.org,2002:map": "!!map"}


def _type_errors(doc: yaml.Node | None) -> list[str]:
    """yaml.v2's "cannot unmarshal" complaints for a restrictions document, in file order."""

    def bad(node: yaml.Node, want: str) -> str:
        tag = _SHORT_TAG.get(node.tag, node.tag)
        shown = f" `{node.value}`" if isinstance(node, yaml.ScalarNode) else ""
        return f"line {node.start_mark.line + 1}: cannot unmarshal {tag}{shown} into {want}"

    if doc is None or (isinstance(doc, yaml.ScalarNode) and doc.tag.endswith(":null")):
        return []
    if not isinstance(doc, yaml.SequenceNode):
        return [bad(doc, "[]main.ImportRestriction")]
    errs = []
    for entry in doc.value:
        if not isinstance(entry, yaml.MappingNode):
            errs.append(bad(entry, "main.ImportRestriction"))
            continue
        for key, value in entry.value:
            want = _FIELDS.get(key.value)
            if want == "[]string":
                if isinstance(value, yaml.SequenceNode):
                    errs += [bad(v, "string") for v in value.value
                             if not isinstance(v, yaml.ScalarNode)]
                elif not value.tag.endswith(":null"):
                    errs.append(bad(value, want))
            elif want == "string" and not isinstance(value, yaml.ScalarNode):
                errs.append(bad(value, want))
            elif want == "bool" and not (isinstance(value, yaml.ScalarNode)
                                         and value.tag.endswith((":bool", ":null"))):
                errs.append(bad(value, want))
    return errs


def _read_regular_file(path: str) -> bytes:
    """``os.ReadFile`` that refuses a FIFO, device or socket instead of blocking on it."""
    op = "open"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        op = "read"
        try:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                why = "is a directory" if stat.S_ISDIR(mode) else "not a regular file"
                raise Fatal(f"failed to load configuration from {path}: read {path}: {why}")
            with os.fdopen(fd, "rb", closefd=False) as f:
                return f.read()
        finally:
            os.close(fd)
    except OSError as e:
        reason = (e.strerror or str(e)).lower()  # Go: "open <path>: no such file or directory"
        raise Fatal(f"failed to load configuration from {path}: {op} {path}: {reason}") from None


def load_import_restrictions(path: str) -> list[ImportRestriction]:
    """Read the YAML list the way yaml.v2 unmarshals it into ``[]ImportRestriction``.

    A wrong type (``allowedImports: k8slearn``, a string, not a list) is an
    unmarshal error naming the line, as yaml.v2 reports it: it is never split
    into characters.  Bytes that are not UTF-8 are a YAML error, not a crash.
    """
    raw = _read_regular_file(path)
    try:
        doc = yaml.compose(raw)
        errs = _type_errors(doc)
        if errs:
            raise Fatal(f"failed to unmarshal from {path}: yaml: unmarshal errors:\n  "
                        + "\n  ".join(errs))
        data = yaml.safe_load(raw) or []
    except yaml.YAMLError as e:
        reason = str(getattr(e, "problem", None) or e).splitlines()[0]
        raise Fatal(f"failed to unmarshal from {path}: yaml: {reason}") from None
    return [ImportRestriction(
        base_dir=str(e.get("baseImportPath") or ""),
        allowed_imports=[str(x) for x in e.get("allowedImports") or []],
        ignored_sub_trees=[str(x) for x in e.get("ignoredSubTrees") or []],
        exclude_tests=bool(e.get("excludeTests", False))) for e in data]


def _go_log(msg: str) -> None:
    """Go's ``log.Printf``: a date-and-time prefix, on stderr."""
    print(go_log_prefix(FakeClock()) + msg, file=sys.stderr)


def verify(root: str, restrictions: list[ImportRestriction], log=None) -> bool:
    """Run every entry; True when all are OK."""
    log = log or _go_log
    ok = True
    for r in restrictions:
        log(f"Inspecting imports under {r.base_dir}...")
        base = r.base_dir.removeprefix("./")
        try:
            packages = load_packages(base) if Path(base).exists() else []
        except GoListError as e:
            raise Fatal(f"Failed to resolve package tree: failed to run `go list -json "
                        f"{r.base_dir}...`: exit status 1\n{e}") from None
        if not packages:
            raise Fatal(f"Found no packages under tree {r.base_dir}")
        log(f"- validating imports for {len(packages)} packages in the tree")
        violated = False
        for pkg in packages:
            forbidden = r.forbidden_imports_for(pkg, root)
            if forbidden:
                log(f"-- found forbidden imports for {pkg.ImportPath}:")
                for imp in forbidden:
                    log(f"--- {imp}")
                violated = True
        log("- FAIL" if violated else "- OK")
        ok = ok and not violated
    return ok


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if len(args) != 2:
            raise Fatal("Usage: importverifier ROOT RESTRICTIONS.yaml")
        try:
            restrictions = load_import_restrictions(args[1])
        except Fatal as e:
            raise Fatal(f"Failed to load import restrictions: {e}") from None
        return 0 if verify(args[0], restrictions) else 1
    except Fatal as e:  # log.Fatalf
        _go_log(str(e))
        return 1


if __name__ == "__main__":
    sys.exit(main())

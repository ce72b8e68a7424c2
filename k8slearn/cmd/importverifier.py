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

Quirk kept: "below the base" is ``Rel(base, dir)`` not starting with ``.``, so
a Dir *equal* to the base (Rel is ``.``) is not restricted.  Python modules get
``Dir = path without .py``, so modules inside the base are always below it.

Output (stderr, like Go's ``log``, without the timestamp): ``Inspecting
imports under <base>...``, the module count, ``-- found forbidden imports for
<pkg>:`` + ``--- <imp>`` lines (sorted here; upstream uses map order), then
``- OK``/``- FAIL`` per entry; exit 1 if any entry failed.

Upstream: kubernetes/kubernetes cmd/importverifier/importverifier.go @ v1.36.0
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from k8slearn.cmd.golist import Package, is_standard, load_packages

__all__ = ["ImportRestriction", "load_import_restrictions", "is_path_under", "main"]


class Fatal(Exception):
    """``log.Fatalf``: message on stderr, exit 1."""


def is_path_under(base: str, path: str) -> bool:
    """Go: Rel(Abs(base), Abs(path)) does not start with ``.`` (so base itself is not under)."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    return not rel.startswith(".")


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


def load_import_restrictions(path: str) -> list[ImportRestriction]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        reason = (e.strerror or str(e)).lower()  # Go: "open <path>: no such file or directory"
        raise Fatal(f"failed to load configuration from {path}: open {path}: {reason}") from None
    try:
        data = yaml.safe_load(text) or []
        if not isinstance(data, list):
            raise yaml.YAMLError("expected a list of restrictions")
        return [ImportRestriction(
            base_dir=e["baseImportPath"], allowed_imports=list(e.get("allowedImports") or []),
            ignored_sub_trees=list(e.get("ignoredSubTrees") or []),
            exclude_tests=bool(e.get("excludeTests", False))) for e in data]
    except (yaml.YAMLError, KeyError, TypeError, AttributeError) as e:
        raise Fatal(f"failed to unmarshal from {path}: {e}") from None


def verify(root: str, restrictions: list[ImportRestriction], log=None) -> bool:
    """Run every entry; True when all are OK."""
    log = log or (lambda msg: print(msg, file=sys.stderr))
    ok = True
    for r in restrictions:
        log(f"Inspecting imports under {r.base_dir}...")
        base = r.base_dir.removeprefix("./")
        packages = load_packages(base) if Path(base).exists() else []
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
    except Fatal as e:
        print(e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""``import-boss``: ``.import-restrictions`` files with forbid/allow rules, closest file first.

A rules file (YAML or JSON) holds ``Rules`` (about what a package imports) and
``InverseRules`` (about who imports it); each rule has ``SelectorRegexp``,
``AllowedPrefixes``, ``ForbiddenPrefixes`` and ``Transitive``.

For a module, the rules files are collected from its directory upwards (to the
scan root; upstream stops at the ``go.mod`` directory or a ``src`` component),
closest first.  For every import (direct, and transitive through the loaded
modules), files are tried closest first and, in each, rules in order:

* a non-transitive rule ignores indirect imports; a rule whose selector does
  not match (``re.search``, like Go's ``MatchString``) is skipped;
* a matching rule checks **forbidden prefixes first**, then allowed ones;
  prefixes are path-aware (``""`` matches all, else equal or ``prefix + "."``);
* the first allow or forbid decides; a forbid is an error, and an import that
  matched some selector but was never decided is an error too:
  ``"<pkg>" -> "<imp>" is forbidden by <file>`` / ``... did not match any rule``
  (``-->`` for indirect imports; ``<-``/``<--`` for inverse rules).

An import no selector matches is fine.  Output: ``ERROR: <err>`` lines on
stdout; exit 1 if there are any.

Upstream: kubernetes/kubernetes cmd/import-boss/main.go @ v1.36.0
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from k8slearn.cmd.golist import Package, load_packages

__all__ = ["Rule", "RulesFile", "has_path_prefix", "ImportBoss", "main", "RULES_FILE_NAME"]

RULES_FILE_NAME = ".import-restrictions"
FORBIDDEN, ALLOWED, UNKNOWN = "forbidden", "allowed", "unknown"


def has_path_prefix(path: str, prefix: str) -> bool:
    """``""`` matches everything; otherwise equal, or ``prefix + "."`` starts the path."""
    return prefix == "" or path == prefix or path.startswith(prefix + ".")


@dataclass
class Rule:
    selector_regexp: str
    allowed_prefixes: list[str] = field(default_factory=list)
    forbidden_prefixes: list[str] = field(default_factory=list)
    transitive: bool = False

    def evaluate(self, imp: str) -> str:
        if any(has_path_prefix(imp, p) for p in self.forbidden_prefixes):
            return FORBIDDEN
        if any(has_path_prefix(imp, p) for p in self.allowed_prefixes):
            return ALLOWED
        return UNKNOWN


@dataclass
class RulesFile:
    path: str
    rules: list[Rule]
    inverse_rules: list[Rule]

    @classmethod
    def read(cls, path: Path, shown: str) -> RulesFile:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except OSError as e:
            raise ValueError(f"couldn't unmarshal {shown}: {e}") from None
        except yaml.YAMLError as e:  # one line: "yaml: line N: <problem>"
            mark = getattr(e, "problem_mark", None)
            where = f"line {mark.line + 1}: " if mark is not None else ""
            problem = getattr(e, "problem", None) or str(e).splitlines()[0]
            raise ValueError(f"couldn't unmarshal {shown}: yaml: {where}{problem}") from None

        if not isinstance(data, dict):
            raise ValueError(f"couldn't unmarshal {shown}: error unmarshaling JSON: while "
                             "decoding JSON: json: cannot unmarshal "
                             f"{type(data).__name__} into Go value of type main.Restrictions")

        def strings(r: dict, field: str, key: str) -> list[str]:
            v = r.get(field) or []
            if not isinstance(v, list):  # never split a string into characters
                raise ValueError(f"couldn't unmarshal {shown}: error unmarshaling JSON: while "
                                 f"decoding JSON: json: cannot unmarshal string into Go struct "
                                 f"field Rule.{key}.{field} of type []string")
            return [str(x) for x in v]

        def rules(key: str) -> list[Rule]:
            return [Rule(str(r.get("SelectorRegexp", "")), strings(r, "AllowedPrefixes", key),
                         strings(r, "ForbiddenPrefixes", key), bool(r.get("Transitive")))
                    for r in data.get(key) or [] if isinstance(r, dict)]

        return cls(shown, rules("Rules"), rules("InverseRules"))


class ImportBoss:
    """Checks loaded modules against the rules files found around them."""

    def __init__(self, packages: list[Package], root: Path) -> None:
        self.root = root
        self.packages = {p.ImportPath: p for p in packages}
        self.incoming: dict[str, list[str]] = {}
        for p in packages:
            for imp in p.Imports:
                self.incoming.setdefault(self._resolve(imp), []).append(p.ImportPath)
        self.transitive_incoming = self._transitive_closure(self.incoming)
        self._rules_cache: dict[Path, list[RulesFile]] = {}

    def _resolve(self, imp: str) -> str:
        """The loaded module an import name refers to (longest prefix), else the name."""
        parts = imp.split(".")
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in self.packages:
                return ".".join(parts[:n])
        return imp

    @staticmethod
    def _transitive_closure(incoming: dict[str, list[str]]) -> dict[str, list[str]]:
        out: dict[str, set[str]] = {k: set(v) for k, v in incoming.items()}
        changed = True
        while changed:
            changed = False
            for k, froms in out.items():
                extra = set().union(*(out.get(f, set()) for f in froms)) - froms - {k}
                if extra:
                    froms |= extra
                    changed = True
        return {k: sorted(v) for k, v in out.items()}

    def rules_files(self, pkg: Package) -> list[RulesFile]:
        d = (self.root / pkg.Dir).parent
        cached = self._rules_cache.get(d)
        if cached is not None:
            return cached
        start = d
        files = []
        while True:
            candidate = d / RULES_FILE_NAME
            if candidate.is_file():
                files.append(RulesFile.read(candidate, candidate.relative_to(self.root).as_posix()))
            if d == self.root or d.name == "src" or self.root not in d.parents:
                break
            d = d.parent
        self._rules_cache[start] = files
        return files

    def _imports(self, pkg: Package) -> tuple[list[str], list[str]]:
        direct = list(pkg.Imports)
        seen: set[str] = set()
        indirect: list[str] = []
        stack = [self._resolve(i) for i in direct]
        while stack:
            mod = self.packages.get(stack.pop(0))
            for imp in (mod.Imports if mod else []):
                if imp not in seen:
                    seen.add(imp)
                    indirect.append(imp)
                    stack.append(self._resolve(imp))
        return direct, indirect

    def _check(self, pkg: str, imports: list[str], is_direct: set[str], files: list[RulesFile],
               inverse: bool) -> list[str]:
        arrow = ("<-", "<--") if inverse else ("->", "-->")
        compiled = []
        for f in files:
            rules = f.inverse_rules if inverse else f.rules
            try:
                compiled.append([(r, re.compile(r.selector_regexp)) for r in rules])
            except re.error as e:
                for r in rules:
                    try:
                        re.compile(r.selector_regexp)
                    except re.error:
                        return [f"regexp `{r.selector_regexp}` in file \"{f.path}\" doesn't "
                                f"compile: {e}"]
        errs = []
        for imp in sorted(set(imports)):
            if imp == pkg:
                continue
            rel = arrow[0] if imp in is_direct else arrow[1]
            matched = decided = False
            for f, rules in zip(files, compiled, strict=True):
                for rule, rx in rules:
                    if not rule.transitive and imp not in is_direct:
                        continue
                    if not rx.search(imp):
                        continue
                    matched = True
                    disp = rule.evaluate(imp)
                    if disp == FORBIDDEN:
                        errs.append(f'"{pkg}" {rel} "{imp}" is forbidden by {f.path}')
                    if disp != UNKNOWN:
                        decided = True
                        break
                if decided:
                    break
            if matched and not decided:
                errs.append(f'"{pkg}" {rel} "{imp}" did not match any rule')
        return errs

    def verify(self, pkg: Package) -> list[str]:
        files = self.rules_files(pkg)
        if not files:
            return []
        direct, indirect = self._imports(pkg)
        errs = self._check(pkg.ImportPath, direct + indirect, set(direct), files, inverse=False)
        incoming = self.incoming.get(pkg.ImportPath, [])
        errs += self._check(pkg.ImportPath, self.transitive_incoming.get(pkg.ImportPath, []),
                            set(incoming), files, inverse=True)
        return errs


def main(argv: list[str] | None = None) -> int:
    """``python -m k8slearn.cmd.import_boss [DIR...]`` (default ``k8slearn``), run from the root."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(".")
    try:
        packages = load_packages(*(args or ["k8slearn"]), root=root)
        boss = ImportBoss(packages, root.resolve())
        errs = [e for p in packages for e in boss.verify(p)]
    except (ValueError, OSError) as e:  # GoListError too: a missing or unparsable tree
        print(f"ERROR: {e}")
        return 1
    for e in errs:
        print(f"ERROR: {e}")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())

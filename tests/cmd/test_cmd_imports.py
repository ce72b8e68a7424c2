"""golist, importverifier, import-boss and dependencycheck on small trees and on k8slearn."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from k8slearn.cmd import dependencycheck, import_boss, importverifier
from k8slearn.cmd.golist import load_packages, module_imports
from k8slearn.cmd.import_boss import ImportBoss, Rule, has_path_prefix
from k8slearn.cmd.importverifier import ImportRestriction, is_path_under

ROOT = Path(__file__).resolve().parents[2]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")


# --- golist -------------------------------------------------------------------------------
def test_module_imports_resolve_relative_and_from_package_names() -> None:
    src = "import os, a.b\nfrom . import sib\nfrom ..up import x\nfrom pkg import y\n" \
          "def f():\n    import lazy\n"
    assert module_imports(src, "a.b.mod", False, frozenset({"pkg", "a.b"})) == [
        "a.b", "a.b.sib", "a.up", "lazy", "os", "pkg.y"]


def test_packages_have_dir_without_py_and_package_init_is_the_package(tmp_path) -> None:
    _write(tmp_path, {"app/__init__.py": "", "app/core.py": "import yaml\n"})
    pkgs = {p.ImportPath: p for p in load_packages("app", root=tmp_path)}
    assert pkgs["app"].Dir == "app/__init__"
    assert pkgs["app.core"].Dir == "app/core" and pkgs["app.core"].Imports == ["yaml"]


# --- importverifier -------------------------------------------------------------------------
@pytest.mark.parametrize("imp,allowed,forbidden", [
    ("k8s.io.apiserver", ["k8s.io.api"], True),  # path-aware: api does not allow apiserver
    ("k8s.io.api", ["k8s.io.api"], False),
    ("k8s.io.api.core.v1", ["k8s.io.api"], False),
    ("other.thing", ["k8s.io.api"], False),  # not under ROOT: never checked
    ("os.path", [], False),  # the standard library is never checked
], ids=["api-not-apiserver", "exact", "below", "outside-root", "stdlib"])
def test_importverifier_matching(imp, allowed, forbidden) -> None:
    r = ImportRestriction("./staging/src/k8s.io/api", allowed)
    assert r.is_forbidden(imp, "k8s.io") is forbidden


def test_base_and_ignored_dirs_cover_paths_below_and_the_base_itself() -> None:
    assert is_path_under("./a", "a/b") and is_path_under("a", "a/b/c")
    assert is_path_under("./a", "a")  # Rel is ".", which does not start with ".."
    assert not is_path_under("./a", "ab/c") and not is_path_under("./a/b", "a")
    r = ImportRestriction("./a", [], ignored_sub_trees=["./a/skip"])
    assert r.is_restricted_dir("a/x") and not r.is_restricted_dir("a/skip/y")
    assert not r.is_restricted_dir("a/skip")  # the ignored root itself is ignored too


def test_importverifier_reports_sorted_forbidden_imports_and_fails(tmp_path, monkeypatch,
                                                                    capsys) -> None:
    _write(tmp_path, {
        "lib/__init__.py": "", "lib/wq/__init__.py": "",
        "lib/wq/queue.py": "import lib.clock\nimport lib.viz\nfrom lib import api\nimport yaml\n",
        "lib/clock.py": "", "lib/api.py": "", "lib/viz.py": "",
        "rules.yaml": "- baseImportPath: ./lib/wq\n  allowedImports: [lib.clock, lib.wq]\n"})
    monkeypatch.chdir(tmp_path)
    assert importverifier.main(["", "rules.yaml"]) == 1
    assert capsys.readouterr().err == "".join(GO_LOG + line + "\n" for line in (
        "Inspecting imports under ./lib/wq...",
        "- validating imports for 2 packages in the tree",
        "-- found forbidden imports for lib.wq.queue:",
        "--- lib.api", "--- lib.viz", "--- yaml", "- FAIL"))
    assert importverifier.main(["lib.", "rules.yaml"]) == 1  # yaml is outside ROOT now
    assert "--- yaml" not in capsys.readouterr().err


@pytest.mark.parametrize("argv,err", [
    (["only-one"], "Usage: importverifier ROOT RESTRICTIONS.yaml\n"),
    (["", "missing.yaml"], "Failed to load import restrictions: failed to load configuration "
                           "from missing.yaml: open missing.yaml: no such file or directory\n"),
])
def test_importverifier_fatal_messages(argv, err, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert importverifier.main(argv) == 1
    assert capsys.readouterr().err == GO_LOG + err


GO_LOG = "2026/12/07 08:00:00 "  # Go's log prefix, from the course's fake clock


def test_importverifier_no_packages_is_fatal(tmp_path, monkeypatch, capsys) -> None:
    _write(tmp_path, {"r.yaml": "- baseImportPath: ./nothing\n  allowedImports: []\n"})
    monkeypatch.chdir(tmp_path)
    assert importverifier.main(["", "r.yaml"]) == 1
    assert capsys.readouterr().err.endswith("Found no packages under tree ./nothing\n")


def test_importverifier_passes_on_k8slearn(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    assert importverifier.main(["", "hack/import-restrictions.yaml"]) == 0
    assert "- FAIL" not in capsys.readouterr().err


# --- import-boss -----------------------------------------------------------------------------
@pytest.mark.parametrize("path,prefix,ok", [
    ("a.b", "", True), ("a.b", "a.b", True), ("a.b.c", "a.b", True), ("a.bc", "a.b", False),
    ("a", "a.b", False),
])
def test_has_path_prefix(path, prefix, ok) -> None:
    assert has_path_prefix(path, prefix) is ok


def test_forbidden_is_checked_before_allowed() -> None:
    rule = Rule("", allowed_prefixes=["lib"], forbidden_prefixes=["lib.viz"])
    assert rule.evaluate("lib.viz.x") == "forbidden"
    assert rule.evaluate("lib.core") == "allowed"
    assert rule.evaluate("other") == "unknown"


def _boss_tree(tmp_path: Path) -> list[str]:
    _write(tmp_path, {
        "lib/__init__.py": "",
        "lib/.import-restrictions": """
            Rules:
            - SelectorRegexp: ^(plot|lib\\.viz)
              ForbiddenPrefixes: [""]
            - SelectorRegexp: ^yaml
              AllowedPrefixes: [yaml.safe]
            """,
        "lib/core.py": "import lib.util\nimport yaml\n",
        "lib/util.py": "import plot\n",
        "lib/viz/__init__.py": "",
        "lib/viz/.import-restrictions": """
            Rules:
            - SelectorRegexp: ^plot
              AllowedPrefixes: [""]
            InverseRules:
            - SelectorRegexp: ^lib
              AllowedPrefixes: [lib.viz, lib.cli]
            """,
        "lib/viz/draw.py": "import plot\n",
        "lib/cli.py": "import lib.viz.draw\n",
        "lib/bad.py": "from lib.viz import draw\n",
    })
    packages = load_packages("lib", root=tmp_path)
    boss = ImportBoss(packages, tmp_path.resolve())
    return [e for p in packages for e in boss.verify(p)]


def test_import_boss_rules(tmp_path) -> None:
    errs = _boss_tree(tmp_path)
    assert errs == [
        '"lib.bad" -> "lib.viz.draw" is forbidden by lib/.import-restrictions',
        '"lib.cli" -> "lib.viz.draw" is forbidden by lib/.import-restrictions',
        '"lib.core" -> "yaml" did not match any rule',  # matched, never decided
        '"lib.util" -> "plot" is forbidden by lib/.import-restrictions',
        # closest file wins: lib/viz allows plot for lib.viz.draw; inverse rules on viz:
        '"lib.viz.draw" <- "lib.bad" did not match any rule',
    ]


def test_transitive_rules_see_indirect_imports(tmp_path) -> None:
    _write(tmp_path, {
        "lib/__init__.py": "",
        "lib/.import-restrictions": "Rules:\n- SelectorRegexp: ^plot\n  ForbiddenPrefixes: ['']\n"
                                    "  Transitive: true\n",
        "lib/a.py": "import lib.b\n", "lib/b.py": "import plot\n"})
    packages = load_packages("lib", root=tmp_path)
    boss = ImportBoss(packages, tmp_path.resolve())
    errs = [e for p in packages for e in boss.verify(p)]
    assert '"lib.a" --> "plot" is forbidden by lib/.import-restrictions' in errs
    assert '"lib.b" -> "plot" is forbidden by lib/.import-restrictions' in errs


def test_bad_selector_regexp_is_reported(tmp_path) -> None:
    _write(tmp_path, {"lib/__init__.py": "", "lib/x.py": "import os\n",
                      "lib/.import-restrictions": "Rules:\n- SelectorRegexp: '('\n"})
    packages = load_packages("lib", root=tmp_path)
    errs = ImportBoss(packages, tmp_path.resolve()).verify(packages[0])
    assert errs[0].startswith("regexp `(` in file \"lib/.import-restrictions\" doesn't compile: ")


def test_import_boss_passes_on_k8slearn(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    assert import_boss.main(["k8slearn"]) == 0
    assert capsys.readouterr().out == ""


# --- dependencycheck ---------------------------------------------------------------------------
def _deps(tmp_path: Path) -> str:
    pkgs = [{"ImportPath": "k.core", "Imports": ["os", "plot.x"], "TestImports": ["plot.t"]},
            {"ImportPath": "k.viz", "Imports": ["plot"]},
            {"ImportPath": "k.ok", "Imports": ["yaml"], "XTestImports": None}]
    p = tmp_path / "deps.json"
    p.write_text("\n".join(json.dumps(x, indent="\t") for x in pkgs))
    return str(p)


def test_dependencycheck_reports_violations(tmp_path, capsys) -> None:
    argv = ["-restrict", "^plot", "-exclude=^k\\.viz", _deps(tmp_path)]
    assert dependencycheck.main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "Found dependency violations in package k.core:\n--> plot.x\n--> plot.t\n"
    assert err == GO_LOG + "Found restricted dependency violations in packages\n"
    assert dependencycheck.main(["-restrict", "^nothing", _deps(tmp_path)]) == 0


@pytest.mark.parametrize("argv,err", [
    (["-restrict", "x"], dependencycheck.USAGE),
    (["f.json"], "Must specify restricted regex pattern"),
    (["-restrict", "(", "f.json"], "Error compiling restricted dependencies regex: "),
], ids=["no-file", "no-restrict", "bad-regex"])
def test_dependencycheck_fatal(argv, err, capsys) -> None:
    assert dependencycheck.main(argv) == 1
    assert capsys.readouterr().err.startswith(GO_LOG + err)


def test_dependencycheck_unknown_flag_exits_2(capsys) -> None:
    assert dependencycheck.main(["-nope", "f"]) == 2
    assert capsys.readouterr().err.startswith("flag provided but not defined: -nope\n"
                                              "Usage of dependencycheck:\n")

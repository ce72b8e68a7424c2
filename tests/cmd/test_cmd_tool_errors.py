"""Issue #17 item 6: the repository tools fail with one clear line, never a traceback,
and never pass vacuously (each case names what upstream does)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from k8slearn.cmd import (
    clicheck,
    dependencycheck,
    fieldnamedocscheck,
    gendocs,
    golist,
    import_boss,
    importverifier,
)
from k8slearn.cmd.toolrun import run_tool

GO_LOG = "2026/12/07 08:00:00 "


def _tree(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text)
    return tmp_path


def test_clicheck_unknown_command_factory_is_a_usage_error(capsys) -> None:
    assert clicheck.main(["--command", "bogus"]) == 2
    assert capsys.readouterr().err == ("clicheck: cannot build the command 'bogus': "
                                       "want module:function\n")
    assert clicheck.main(["--command", "nonexistent_mod:f"]) == 2
    assert "No module named 'nonexistent_mod'" in capsys.readouterr().err


def test_importverifier_on_a_file_that_does_not_parse(tmp_path) -> None:
    """go list fails on a syntax error -> log.Fatalf("Failed to resolve package tree: ...")."""
    _tree(tmp_path, {"app/bad.py": "def f(:\n",
                     "r.yaml": "- baseImportPath: ./app\n  allowedImports: []\n"})
    r = run_tool(importverifier.main, ["", "r.yaml"], cwd=tmp_path)
    assert r.code == 1
    assert r.err.splitlines()[-2:] == [
        f"{GO_LOG}Failed to resolve package tree: failed to run `go list -json ./app...`: "
        "exit status 1", "app/bad.py:1:7: invalid syntax"]


def test_importverifier_on_binary_yaml(tmp_path) -> None:
    _tree(tmp_path, {"r.yaml": bytes(range(128, 256))})
    r = run_tool(importverifier.main, ["", "r.yaml"], cwd=tmp_path)
    assert r.code == 1 and "Traceback" not in r.err
    assert r.err.startswith(f"{GO_LOG}Failed to load import restrictions: failed to unmarshal "
                            "from r.yaml: yaml: ")


@pytest.mark.parametrize("text,line", [
    ("- baseImportPath: ./app\n  allowedImports: k8slearn\n",
     "line 2: cannot unmarshal !!str `k8slearn` into []string"),
    ("- baseImportPath: ./app\n  ignoredSubTrees: 3\n",
     "line 2: cannot unmarshal !!int `3` into []string"),
    ("baseImportPath: ./app\n", "line 1: cannot unmarshal !!map into []main.ImportRestriction"),
])
def test_importverifier_type_errors_are_yaml_v2_unmarshal_errors(text, line, tmp_path) -> None:
    """A string is never split into characters: yaml.v2 refuses it into []string."""
    _tree(tmp_path, {"r.yaml": text, "app/m.py": "import k\n"})
    r = run_tool(importverifier.main, ["", "r.yaml"], cwd=tmp_path)
    assert r.code == 1
    assert r.err == (f"{GO_LOG}Failed to load import restrictions: failed to unmarshal from "
                     f"r.yaml: yaml: unmarshal errors:\n  {line}\n")


def test_import_boss_prefixes_given_as_a_string_are_an_error(tmp_path) -> None:
    _tree(tmp_path, {"lib/__init__.py": "", "lib/m.py": "import plot\n",
                     "lib/.import-restrictions": "Rules:\n- SelectorRegexp: ^plot\n"
                                                 "  AllowedPrefixes: plot\n"})
    r = run_tool(import_boss.main, ["lib"], cwd=tmp_path)
    assert r.code == 1
    assert "cannot unmarshal string into Go struct field Rule.Rules.AllowedPrefixes of type " \
           "[]string" in r.out


@pytest.mark.parametrize("argv,message", [
    ([".."], "directory .. outside main module or its selected dependencies"),
    (["nonexist"], "stat nonexist: directory not found"),
    (["app"], "app/bad.py:1:7: invalid syntax"),
])
def test_golist_errors_exit_1_like_go_list(argv, message, tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    _tree(tmp_path / "sub", {"app/bad.py": "def f(:\n"})
    r = run_tool(golist.main, argv, cwd=tmp_path / "sub")
    assert (r.code, r.out, r.err) == (1, "", message + "\n")


def test_golist_rejects_non_utf8_source(tmp_path) -> None:
    _tree(tmp_path, {"app/bin.py": b"\xff\xfe\x00"})
    r = run_tool(golist.main, ["app"], cwd=tmp_path)
    assert (r.code, r.err) == (1, "app/bin.py: invalid UTF-8 encoding\n")


def test_import_boss_on_a_missing_tree_is_not_a_pass(tmp_path) -> None:
    r = run_tool(import_boss.main, ["nonexist"], cwd=tmp_path)
    assert (r.code, r.out) == (1, "ERROR: stat nonexist: directory not found\n")


@pytest.mark.parametrize("text,message", [
    ('[{"ImportPath": "a"}]', "json: cannot unmarshal array into Go value of type "
                              "main.goPackage"),
    ("3", "json: cannot unmarshal number into Go value of type main.goPackage"),
    ('{"ImportPath": "a", "Imports": "x"}', "json: cannot unmarshal string into Go struct field "
                                            "goPackage.Imports of type []string"),
])
def test_dependencycheck_on_json_that_is_not_a_package_stream(text, message, tmp_path) -> None:
    _tree(tmp_path, {"deps.json": text})
    r = run_tool(dependencycheck.main, ["-restrict", "x", "deps.json"], cwd=tmp_path)
    assert (r.code, r.err) == (1, f"{GO_LOG}Error unmarshaling dependencies file: {message}\n")


@pytest.mark.parametrize("files,argv,message", [
    ({}, ["-s", "missing.py"], "open missing.py: no such file or directory"),
    ({"bad.py": "def f(:\n"}, ["-s", "bad.py"], "bad.py:1:7: invalid syntax"),
    ({}, [], "no API types under k8slearn/api: run from the repository root, or name a file "
             "with -s"),
])
def test_fieldnamedocscheck_bad_input(files, argv, message, tmp_path) -> None:
    _tree(tmp_path, files)
    r = run_tool(fieldnamedocscheck.main, argv, cwd=tmp_path)
    assert (r.code, r.err) == (1, message + "\n")


@pytest.mark.parametrize("module,argv", [
    ("clicheck", ["--command", "bogus"]), ("golist", [".."]), ("golist", ["nonexist"]),
    ("fieldnamedocscheck", ["-s", "missing.py"]), ("import_boss", ["nonexist"]),
])
def test_no_traceback_from_the_real_process(module, argv, tmp_path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", f"k8slearn.cmd.{module}", *argv], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout


def test_gendocs_does_not_leak_home(tmp_path, monkeypatch) -> None:
    """Issue #17 item 3: HOME is pinned only while the pages are generated."""
    monkeypatch.setenv("HOME", "/some/learner")
    seen = {}
    real = gendocs.gen_markdown_tree

    def spy(cmd, directory):
        seen["home"] = os.environ["HOME"]
        return real(cmd, directory)

    monkeypatch.setattr(gendocs, "gen_markdown_tree", spy)
    assert gendocs.main([str(tmp_path)]) == 0
    assert seen["home"] == "/home/username"
    assert os.environ["HOME"] == "/some/learner"


def test_gendocs_restores_an_unset_home_even_on_error(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("HOME", raising=False)

    def boom(cmd, directory):
        raise RuntimeError("boom")

    monkeypatch.setattr(gendocs, "gen_markdown_tree", boom)
    with pytest.raises(RuntimeError):
        gendocs.main([str(tmp_path)])
    assert "HOME" not in os.environ


def test_run_tool_keeps_the_order_of_stdout_and_stderr() -> None:
    """clicheck prints its numbered errors on stderr, then "Found N errors." on stdout."""
    def tool(argv):
        print("progress")
        print("     1. problem", file=sys.stderr)
        print("Found 1 errors.")
        return 1

    r = run_tool(tool)
    assert r.combined == "progress\n     1. problem\nFound 1 errors.\n"
    assert (r.out, r.err) == ("progress\nFound 1 errors.\n", "     1. problem\n")

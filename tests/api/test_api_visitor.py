"""Reading -f arguments like kubectl's resource builder: stdin, directories, -R, FIFOs, links,
unknown fields (#17 item 5)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from k8slearn.api import ValidationError
from k8slearn.api.visitor import (
    FileError,
    expand_paths,
    load_paths,
    read_regular_file,
    validation_directive,
)
from k8slearn.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "hpa"
HPA = (EXAMPLES / "hpa.yaml").read_text()
DEPLOY = (EXAMPLES / "deployment.yaml").read_text()
REST = [a for f in ("pods.yaml", "podmetrics.yaml") for a in ("-f", str(EXAMPLES / f))]
UNKNOWN_HPA = HPA.replace("  minReplicas: 2\n", "  minReplicas: 2\n  minReplica: 3\n")


def test_dash_reads_stdin_once():
    srcs = expand_paths(["-"], stdin=io.StringIO(HPA))
    assert [(s.name, s.named) for s in srcs] == [("STDIN", True)]
    assert load_paths(["-"], stdin=io.StringIO(HPA))[0].metadata.name == "frontend"
    with pytest.raises(FileError, match="^standard input cannot be used for multiple "
                                        "arguments$"):
        expand_paths(["-", "-"], stdin=io.StringIO(HPA))


def test_directory_is_not_recursive_without_r(tmp_path):
    (tmp_path / "b.yaml").write_text(DEPLOY)
    (tmp_path / "a.yml").write_text(HPA)
    (tmp_path / "notes.txt").write_text("not a manifest")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.json").write_text("{}")
    names = [Path(s.name).name for s in expand_paths([str(tmp_path)])]
    assert names == ["a.yml", "b.yaml"]
    names = [Path(s.name).relative_to(tmp_path).as_posix()
             for s in expand_paths([str(tmp_path)], recursive=True)]
    assert names == ["a.yml", "b.yaml", "sub/c.json"]


def test_explicit_file_is_read_whatever_its_extension(tmp_path):
    p = tmp_path / "hpa.txt"
    p.write_text(HPA)
    assert [s.named for s in expand_paths([str(p)])] == [True]


def test_symlink_loops_are_skipped(tmp_path):
    (tmp_path / "a.yaml").write_text(HPA)
    sub = tmp_path / "sub"
    sub.mkdir()
    os.symlink(tmp_path, sub / "up.yaml")  # a link back up the tree (a directory)
    os.symlink("self.yaml", tmp_path / "self.yaml")  # a link to itself
    names = [Path(s.name).name for s in expand_paths([str(tmp_path)], recursive=True)]
    assert names == ["a.yaml"]
    with pytest.raises(FileError, match="dangling or looping symbolic link"):
        expand_paths([str(tmp_path / "self.yaml")])


def test_fifo_is_refused_not_blocking(tmp_path):
    fifo = tmp_path / "in.yaml"
    os.mkfifo(fifo)
    with pytest.raises(FileError) as e:
        read_regular_file(fifo)
    assert str(e.value) == f'error reading "{fifo}": not a regular file'
    with pytest.raises(FileError, match="not a regular file"):
        load_paths([str(fifo)])


def test_missing_path():
    with pytest.raises(FileError, match='^the path "nope.yaml" does not exist$'):
        expand_paths(["nope.yaml"])


def test_unknown_fields_warn_or_fail(tmp_path):
    warnings: list[str] = []
    objs = load_paths(["-"], stdin=io.StringIO(UNKNOWN_HPA), field_validation="Warn",
                      warnings=warnings)
    assert objs[0].spec.min_replicas == 2
    assert warnings == ['unknown field "spec.minReplica"']
    assert load_paths(["-"], stdin=io.StringIO(UNKNOWN_HPA)) == objs  # Ignore
    with pytest.raises(FileError) as e:
        load_paths(["-"], stdin=io.StringIO(UNKNOWN_HPA), field_validation="Strict")
    assert str(e.value) == (
        'STDIN: HorizontalPodAutoscaler in version "v2" cannot be handled as a '
        'HorizontalPodAutoscaler: strict decoding error: unknown field "spec.minReplica"')


def test_unknown_nested_field_from_a_directory_names_the_file(tmp_path):
    text = DEPLOY.replace("      containers:\n      - ",
                          "      containers:\n      - imagePul: x\n        ", 1)
    d = tmp_path / "d"
    d.mkdir()
    (d / "deploy.yaml").write_text(text)
    warnings: list[str] = []
    load_paths([str(d)], field_validation="Warn", warnings=warnings)
    assert warnings == [f'{d / "deploy.yaml"}: unknown field '
                        '"spec.template.spec.containers[0].imagePul"']


def test_real_fixtures_have_no_unknown_fields():
    warnings: list[str] = []
    load_paths([str(EXAMPLES), str(ROOT / "tests" / "data")], field_validation="Warn",
               warnings=warnings, validate=False)
    assert warnings == []


def test_validation_errors_from_a_directory_name_the_file(tmp_path):
    (tmp_path / "a.yaml").write_text(DEPLOY)
    (tmp_path / "b.yaml").write_text(HPA.replace("maxReplicas: 10", "maxReplicas: 0"))
    with pytest.raises(ValidationError) as e:
        load_paths([str(tmp_path)])
    assert e.value.source == str(tmp_path / "b.yaml")


@pytest.mark.parametrize("flag,want", [
    ("strict", "Strict"), ("true", "Strict"), ("1", "Strict"), ("T", "Strict"),
    ("warn", "Warn"), ("ignore", "Ignore"), ("false", "Ignore"), ("0", "Ignore"),
])
def test_validation_directive_like_kubectl(flag, want):
    assert validation_directive(flag) == want


def test_validation_directive_bad_value():
    with pytest.raises(ValueError) as e:
        validation_directive("Strict")
    assert str(e.value) == ('invalid - validate option "Strict"; must be one of: strict '
                            "(or true), warn, ignore (or false)")


# -- the hpa commands


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["hpa", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(HPA + "---\n" + DEPLOY))
    code, out, err = run(capsys, "explain", "-f", "-", *REST, "--now", "2026-05-12T10:00:00Z",
                         "-o", "json")
    assert code == 0 and err == "" and '"currentReplicas": 6' in out


def test_cli_unknown_field_warns_by_default_and_fails_under_strict(capsys, monkeypatch):
    args = ["explain", "-f", "-", "-f", str(EXAMPLES / "deployment.yaml"), *REST,
            "--now", "2026-05-12T10:00:00Z", "-o", "json"]
    monkeypatch.setattr("sys.stdin", io.StringIO(UNKNOWN_HPA))
    code, out, err = run(capsys, *args)
    assert code == 0 and err == 'Warning: unknown field "spec.minReplica"\n'
    monkeypatch.setattr("sys.stdin", io.StringIO(UNKNOWN_HPA))
    code, out, err = run(capsys, *args, "--validate")  # NoOptDefVal "strict"
    assert (code, out) == (1, "")
    assert err == ('Error: STDIN: HorizontalPodAutoscaler in version "v2" cannot be handled '
                   'as a HorizontalPodAutoscaler: strict decoding error: unknown field '
                   '"spec.minReplica"\n')
    monkeypatch.setattr("sys.stdin", io.StringIO(UNKNOWN_HPA))
    code, out, err = run(capsys, *args, "--validate=bogus")
    assert code == 1 and err.startswith('Error: invalid - validate option "bogus"')


def test_cli_directory_recursive_flag(capsys, tmp_path):
    sub = tmp_path / "nested"
    sub.mkdir()
    (tmp_path / "hpa.yaml").write_text(HPA)
    (sub / "deployment.yaml").write_text(DEPLOY)
    code, _, err = run(capsys, "explain", "-f", str(tmp_path), "--now", "2026-05-12T10:00:00Z")
    assert code == 1 and "scale target Deployment/frontend" in err
    code, out, err = run(capsys, "explain", "-R", "-f", str(tmp_path), *REST, "--now",
                         "2026-05-12T10:00:00Z")
    assert code == 0 and err == ""


def test_cli_directory_validation_error_names_the_file(capsys, tmp_path):
    (tmp_path / "hpa.yaml").write_text(HPA.replace("maxReplicas: 10", "maxReplicas: 0"))
    (tmp_path / "deployment.yaml").write_text(DEPLOY)
    code, out, err = run(capsys, "explain", "-f", str(tmp_path))
    assert code == 1 and out == ""
    assert f"{tmp_path / 'hpa.yaml'}: spec.maxReplicas: Invalid value: 0" in err


def test_cli_fifo_is_refused(capsys, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code, out, err = run(capsys, "explain", "-f", str(fifo))
    assert (code, out, err) == (1, "", f'Error: error reading "{fifo}": not a regular file\n')
    code, out, err = run(capsys, "simulate", "-f", str(EXAMPLES / "hpa.yaml"),
                         "-f", str(EXAMPLES / "deployment.yaml"), "--load", str(fifo))
    assert (code, out, err) == (1, "", f'Error: --load: cannot read "{fifo}": '
                                       "not a regular file\n")


def test_cli_alias_bomb_is_one_line(capsys, tmp_path):
    from tests.api.test_api_hostile import bomb_metrics

    p = tmp_path / "bomb.yaml"
    p.write_text(bomb_metrics())
    code, out, err = run(capsys, "explain", "-f", str(p))
    assert (code, out) == (1, "")
    assert err == (f"Error: {p}: error converting YAML to JSON: yaml: document contains "
                   "excessive aliasing\n")

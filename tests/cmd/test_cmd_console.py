"""The k8slearn console CLI: chapter loading, workqueue backoff, cobra dispatch."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

from k8slearn import cli


def test_backoff_prints_the_controller_sequence(capsys) -> None:
    assert cli.main(["workqueue", "backoff", "--base", "5ms", "--max", "1000s"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "failure  delay"
    assert lines[1:4] == ["1        5ms", "2        10ms", "3        20ms"]
    assert lines[18] == "18       10m55.36s"  # 5ms * 2**17 = 655.36s
    assert lines[19:21] == ["19       16m40s", "20       16m40s"]


def test_backoff_controller_limiter_is_max_of_bucket_and_exponential(capsys) -> None:
    # 101st failure: the frozen bucket has no token left, so it waits 100ms (1/10 qps),
    # more than the 1ms * 2**100 capped at 1ms.
    argv = ["workqueue", "backoff", "--base", "1ns", "--max", "1ms", "--failures", "101",
            "--limiter", "controller"]
    assert cli.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[100] == "100      1ms"
    assert lines[101] == "101      100ms"


@pytest.mark.parametrize("argv,err", [
    (["workqueue", "backoff", "--base", "5"],
     'Error: invalid argument "5" for "--base" flag: time: missing unit in duration "5"\n'),
    (["workqueue", "backoff", "--failures=-1", "--limiter", "x"],
     'Error: [--failures must be between 0 and 10000, got -1, '
     '--limiter must be "exponential" or "controller", got "x"]\n'),
    (["nope"], 'Error: unknown command "nope" for "k8slearn"\n'),
    (["workqueue", "backoff", "extra"],
     'Error: unknown command "extra" for "k8slearn workqueue backoff"\n'),
], ids=["bad-duration", "aggregate", "unknown-command", "positional"])
def test_console_errors(argv, err, capsys) -> None:
    assert cli.main(argv) == 1
    assert capsys.readouterr().err == err


def test_unknown_command_suggests_close_names(capsys) -> None:
    assert cli.main(["workqeue"]) == 1
    assert capsys.readouterr().err == (
        'Error: unknown command "workqeue" for "k8slearn"\n\nDid you mean this?\n\tworkqueue\n\n')


def test_version_and_help(capsys) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == "k8slearn 0.1.0 (Kubernetes v1.36.0)\n"
    assert cli.main([]) == 0
    out = capsys.readouterr().out
    assert "Available Commands:\n  help        Help about any command\n" in out
    assert "  workqueue   Explore client-go's work queue\n" in out


def test_group_with_unknown_word_is_kubectls_usage_error(capsys) -> None:
    # cobra's legacyArgs only rejects unknown words on the root command; a kubectl group's
    # Run is cmdutil.DefaultSubCommandRun, which turns them into a usage error, exit 1.
    assert cli.main(["hpa", "explian"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == ('error: unknown command "explian"\n'
                   "See 'k8slearn hpa -h' for help and examples\n")
    assert cli.main(["workqueue", "bogus", "x"]) == 1
    assert capsys.readouterr().err.startswith('error: unknown command "bogus x"\n')


def test_group_alone_prints_help_to_stderr_and_exits_1(capsys) -> None:
    # DefaultSubCommandRun: help on ErrOut, then CheckErr(ErrExit), as `kubectl config` does.
    assert cli.main(["workqueue"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("Explore client-go's work queue")
    assert cli.main(["workqueue", "-h"]) == 0  # asking for help is not an error
    assert capsys.readouterr().out.startswith("Explore client-go's work queue")


def test_absent_chapter_module_is_skipped(monkeypatch) -> None:
    monkeypatch.setattr(cli, "CHAPTER_COMMANDS",
                        [("k8slearn.no_such_chapter.cmd", "new_x_command")])
    assert cli.load_chapter_commands() == []


def test_chapter_with_a_broken_import_is_not_hidden(monkeypatch) -> None:
    broken = types.ModuleType("k8slearn_broken_chapter")
    monkeypatch.setitem(sys.modules, "k8slearn_broken_chapter", None)  # import -> error

    def fake_import(name):
        if name == "k8slearn.fake_chapter":
            import k8slearn_really_missing_dependency  # noqa: F401
        return broken

    monkeypatch.setattr(cli.importlib, "import_module", fake_import)
    monkeypatch.setattr(cli, "CHAPTER_COMMANDS", [("k8slearn.fake_chapter", "new_x_command")])
    with pytest.raises(ModuleNotFoundError, match="k8slearn_really_missing_dependency"):
        cli.load_chapter_commands()


def test_console_script_entry_runs_without_traceback() -> None:
    proc = subprocess.run([sys.executable, "-m", "k8slearn.cli", "workqueue", "backoff",
                           "--max", "1h30m", "--failures", "1"],
                          capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "failure  delay\n1        5ms\n", "")


def test_closed_stdout_pipe_ends_quietly_like_sigpipe() -> None:
    """``k8slearn ... | head``: no "Error: [Errno 32]" line, exit code 141 as for SIGPIPE."""
    import os

    r, w = os.pipe()
    os.close(r)  # the reader is gone before the first write
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "k8slearn.cli", "workqueue", "backoff", "--base", "5ms"],
            stdout=w, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(w)
    assert proc.stderr == ""
    assert proc.returncode == 141

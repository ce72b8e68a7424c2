"""dependencycheck and importverifier on input Go would read differently: non-UTF-8 bytes,
a FIFO (which ``os.ReadFile`` would block on), a directory.  One log line, exit 1, no hang."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from k8slearn.cmd import dependencycheck, importverifier
from k8slearn.cmd.toolrun import run_tool

GO_LOG = "2026/12/07 08:00:00 "
LOAD = "Failed to load import restrictions: failed to load configuration from"


@contextlib.contextmanager
def no_hang(seconds: float = 10) -> Iterator[None]:
    """Fail (instead of blocking the run) if the tool waits for a FIFO writer."""
    def on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
        raise TimeoutError("the tool blocked")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def odd_files(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "sub").mkdir()
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe{}")
    return tmp_path


@pytest.mark.parametrize("name,message", [
    ("fifo", "Error reading dependencies file: read fifo: not a regular file"),
    ("sub", "Error reading dependencies file: read sub: is a directory"),
    ("missing", "Error reading dependencies file: open missing: no such file or directory"),
    # Go's decoder names the bad byte as a Latin-1 rune (quoteChar)
    ("bad.json", "Error unmarshaling dependencies file: invalid character 'ÿ' looking for "
                 "beginning of value"),
])
def test_dependencycheck_unreadable(name, message, odd_files) -> None:
    with no_hang():
        r = run_tool(dependencycheck.main, ["-restrict", "x", name], cwd=odd_files)
    assert (r.code, r.out, r.err) == (1, "", f"{GO_LOG}{message}\n")


def test_dependencycheck_invalid_utf8_in_strings_becomes_fffd(tmp_path) -> None:
    """encoding/json keeps going: each bad byte (and a lone surrogate escape) is U+FFFD."""
    (tmp_path / "d.json").write_bytes(
        b'{"ImportPath": "a\xffb", "Imports": ["x\xe2\x82y", "\\ud800z", "ok"]}')
    r = run_tool(dependencycheck.main, ["-restrict", "^[x\ufffd]", "d.json"], cwd=tmp_path)
    assert r.code == 1
    assert r.out == ("Found dependency violations in package a\ufffdb:\n"
                     "--> x\ufffd\ufffdy\n--> \ufffdz\n")
    assert r.err == f"{GO_LOG}Found restricted dependency violations in packages\n"


@pytest.mark.parametrize("name,message", [
    ("fifo", f"{LOAD} fifo: read fifo: not a regular file"),
    ("sub", f"{LOAD} sub: read sub: is a directory"),
])
def test_importverifier_unreadable(name, message, odd_files, monkeypatch, capsys) -> None:
    monkeypatch.chdir(odd_files)
    with no_hang():
        assert importverifier.main(["", name]) == 1
    assert capsys.readouterr().err == f"{GO_LOG}{message}\n"

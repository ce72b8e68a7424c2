"""`make lab` starts JupyterLab on notebooks/00_start_here.ipynb, and the notebook is served.

The server is started exactly as a learner would start it, with LAB_ARGS for a headless
run on a free port with a known token; the test waits for the URL in the server's output
(no sleeping), fetches the notebook through the contents API and the lab page, then stops
the whole process group.  It takes a few seconds; every wait has a deadline under 30 s.
"""

from __future__ import annotations

import json
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STAMP = ".venv/.k8slearn-installed"  # the Makefile's venv stamp

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _wait_listening(port: int, deadline: float) -> None:
    """Poll until 127.0.0.1:port accepts a connection (or fail at ``deadline``)."""
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # polling a condition, not synchronising on elapsed time


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, resp.read()


def test_make_lab_serves_the_start_here_notebook(tmp_path: Path) -> None:
    if not (ROOT / STAMP).exists():
        pytest.skip("the virtualenv is not built by `make venv`; nothing to start")
    port, token = _free_port(), secrets.token_hex(16)
    lab_args = [f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}"]
    # As root, the Makefile itself adds --allow-root (what a learner in a container needs).
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"))
    # `-o STAMP`: the venv exists (this test runs in it); never reinstall from inside a test.
    cmd = ["make", "--no-print-directory", "-o", STAMP, "lab", f"LAB_ARGS={' '.join(lab_args)}"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines: queue.Queue[str | None] = queue.Queue()
    log: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    # The server prints its URL with the token masked ("?token=...") when it was given one.
    url_re = re.compile(rf"http://127\.0\.0\.1:{port}/lab\S*\?token=")
    root_re = re.compile(r"Serving notebooks from local directory: (?P<root>.+)$")
    root = None
    deadline = time.monotonic() + 60  # ~5 s normally; generous for a loaded CI machine
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail("no server URL within 60 s:\n" + "".join(log))
            if line is None:
                pytest.fail(f"make lab exited with {proc.wait()}:\n" + "".join(log))
            if r := root_re.search(line):
                root = Path(r["root"].strip())
            if url_re.search(line):
                break
        _wait_listening(port, deadline)  # the URL is logged just before the socket is bound
        # `jupyter lab FILE` serves FILE's folder: the notebook sits at the root of the lab.
        assert root is not None, "".join(log)
        path = (ROOT / "notebooks" / "00_start_here.ipynb").relative_to(root).as_posix()
        base = f"http://127.0.0.1:{port}"
        try:
            status, body = _get(f"{base}/api/contents/{path}?token={token}")
        except OSError as e:
            pytest.fail(f"GET /api/contents/{path}: {e}\n" + "".join(log))
        model = json.loads(body)
        assert status == 200 and model["type"] == "notebook"
        first = model["content"]["cells"][0]["source"]
        assert first.startswith("# 00"), first[:60]
        status, body = _get(f"{base}/lab/tree/{path}?token={token}")
        assert status == 200 and b"JupyterLab" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            pytest.fail("make lab did not stop on SIGTERM:\n" + "".join(log))
    with pytest.raises(ProcessLookupError):  # no process of the group is left behind
        _wait_group_gone(proc.pid)
        os.killpg(proc.pid, 0)


def _wait_group_gone(pgid: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)  # polling for exit, not synchronising on elapsed time

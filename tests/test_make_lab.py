"""`make lab` serves the repository root and opens notebooks/00_start_here.ipynb.

The server is started exactly as a learner would start it, with LAB_ARGS for a headless
run on a free port with a known token; the test waits for the URL in the server's output
(no sleeping), then checks what a learner meets: the README, k8slearn/ and the first
notebook are reachable through the contents API; the shipped settings turn the news pop-up
off; a kernel runs code without the "running over TCP without encryption" warning; and a
notebook saved through the server without edits is byte-identical to the committed file.
Then it stops the whole process group.  It takes a few seconds; every wait has a deadline.
"""

from __future__ import annotations

import asyncio
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


def _api(base: str, token: str, method: str, path: str, body: dict | None = None) -> object:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"{base}{path}", method=method, data=data,
                                 headers={"Authorization": f"token {token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        raw = resp.read()
    return json.loads(raw) if raw else None


def _execute(base: str, token: str, kernel_id: str, code: str) -> str:
    """Run ``code`` on a server kernel over its websocket (as the browser does); its stdout."""
    from tornado.websocket import websocket_connect

    async def run() -> str:
        url = f"{base.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels?token={token}"
        ws = await websocket_connect(url)
        msg_id = secrets.token_hex(8)
        await ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                       "session": secrets.token_hex(8), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False}}))
        out = ""
        while True:
            msg = json.loads(await asyncio.wait_for(ws.read_message(), 60))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out += msg["content"]["text"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                ws.close()
                return out

    return asyncio.run(run())


def test_make_lab_serves_the_repository_root(tmp_path: Path) -> None:
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
        # The root is the repository: the code the notebooks ask learners to open is there.
        assert root is not None and root.resolve() == ROOT.resolve(), "".join(log)
        base = f"http://127.0.0.1:{port}"
        try:
            readme = _api(base, token, "GET", "/api/contents/README.md")
        except OSError as e:
            pytest.fail(f"GET /api/contents/README.md: {e}\n" + "".join(log))
        assert readme["type"] == "file" and readme["content"].startswith("# k8slearn")
        pkg = _api(base, token, "GET", "/api/contents/k8slearn")
        assert pkg["type"] == "directory"
        assert {"cli.py", "workqueue"} <= {e["name"] for e in pkg["content"]}
        path = "notebooks/00_start_here.ipynb"
        model = _api(base, token, "GET", f"/api/contents/{path}")
        assert model["type"] == "notebook"
        first = model["content"]["cells"][0]["source"]
        assert first.startswith("# 00"), first[:60]
        status, body = _get(f"{base}/lab/tree/{path}?token={token}")
        assert status == 200 and b"JupyterLab" in body
        # The settings `make venv` installs: no "get notified about Jupyter news?" pop-up.
        news = _api(base, token, "GET",
                    "/lab/api/settings/@jupyterlab/apputils-extension:notification")
        props = news["schema"]["properties"]
        assert props["fetchNews"]["default"] == "false", props["fetchNews"]
        assert props["checkForUpdates"]["default"] is False
        # Saving without edits writes the committed bytes back (into build/, not over it).
        scratch = f"build/test_make_lab_{secrets.token_hex(4)}"
        (ROOT / scratch).mkdir(parents=True)
        try:
            _api(base, token, "PUT", f"/api/contents/{scratch}/00.ipynb",
                 {"type": "notebook", "format": "json", "content": model["content"]})
            saved = (ROOT / scratch / "00.ipynb").read_bytes()
        finally:
            shutil.rmtree(ROOT / scratch)
        assert saved == (ROOT / path).read_bytes(), "a save without edits changes the file"
        # A kernel runs, and its transport is encrypted where pyzmq has CurveZMQ.
        kernel = _api(base, token, "POST", "/api/kernels", {"name": "python3"})
        assert _execute(base, token, kernel["id"], "print(6 * 7)") == "42\n"
        _api(base, token, "DELETE", f"/api/kernels/{kernel['id']}")
        import zmq

        if zmq.has("curve"):
            assert not [ln for ln in log if "without encryption" in ln], "".join(log)
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

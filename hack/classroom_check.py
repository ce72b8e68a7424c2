"""Pre-flight for a classroom (``make classroom-check``): every notebook, Run All, measured.

Starts JupyterLab's server from *this* Python environment (a hub image's, or .venv), as a
learner's session would, and for each notebook opens a session, runs every code cell in
order through the kernel's websocket (what "Run All" sends; no browser), and records the
wall time, the kernel's resident memory after the run and its peak (Linux ``VmHWM``).
Kernels stay open until the end, as a learner who never shuts one down leaves them; the
total is the memory such a learner holds.  The server's own memory is taken at start and
at the end, and the environment's size on disk (what a hub image carries for the course).
Prints a table, writes ``build/classroom.json``, and exits 1 if a cell that is not tagged
``raises-exception`` raised (or nothing could be measured).

Usage: python hack/classroom_check.py [--out build/classroom.json] [notebooks/NN_*.ipynb ...]
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
import psutil
import zmq
from jupyter_client.manager import KernelManager
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


@dataclass
class Result:
    notebook: str
    kernel_start_seconds: float
    seconds: float
    cells: int
    kernel_rss_mb: float
    kernel_peak_mb: float
    errors: list[str]


class Server:
    """A headless JupyterLab server on a free port, with throwaway runtime and settings."""

    def __init__(self, tmp: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={ROOT}"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        if zmq.has("curve") and "transport_encryption" in KernelManager.class_traits():
            cmd.append("--KernelManager.transport_encryption=auto")  # as `make lab` does
        self.log = open(tmp / "server.log", "w+")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env,
                                     start_new_session=True)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.api("GET", "/api/status")
                return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.log.seek(0)
                    raise SystemExit("classroom-check: jupyter lab did not start:\n"
                                     + self.log.read()) from None
                time.sleep(0.2)  # polling the server until it answers

    def api(self, method: str, path: str, body: dict | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.base}{path}", method=method, data=data,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def rss_mb(self) -> float:
        return psutil.Process(self.proc.pid).memory_info().rss / MB

    def kernel_process(self, kernel_id: str) -> psutil.Process:
        for p in psutil.Process(self.proc.pid).children(recursive=True):
            if any(kernel_id in a for a in p.cmdline()):
                return p
        raise LookupError(f"no process for kernel {kernel_id}")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()


def peak_mb(proc: psutil.Process) -> float:
    """The process's peak resident memory (Linux VmHWM), else its current RSS."""
    try:
        status = Path(f"/proc/{proc.pid}/status").read_text()
        return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)[1]) / 1024
    except (OSError, TypeError):
        return proc.memory_info().rss / MB


async def run_all(server: Server, kernel_id: str, cells: list, started: float
                  ) -> tuple[float, float, list[str]]:
    """Wait for the kernel (kernel_info), then execute ``cells`` in order, stopping at an
    untagged error as Run All does.  The kernel's start time, Run All's time, the errors."""
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}/channels?token={server.token}"
    ws = await websocket_connect(url, max_message_size=256 * MB)
    session, errors = secrets.token_hex(8), []
    try:
        info_id = secrets.token_hex(8)
        await ws.write_message(json.dumps({
            "header": {"msg_id": info_id, "msg_type": "kernel_info_request", "username": "",
                       "session": session, "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {}}))
        while True:
            raw = await asyncio.wait_for(ws.read_message(), 120)
            if isinstance(raw, str) and json.loads(raw)["msg_type"] == "kernel_info_reply":
                break
        ready = time.perf_counter()
        for i, cell in cells:
            msg_id = secrets.token_hex(8)
            await ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "",
                           "session": session, "version": "5.3"},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": cell.source, "silent": False, "store_history": True,
                            "allow_stdin": False, "stop_on_error": True}}))
            failed, idle, replied = None, False, False
            while not (idle and replied):
                raw = await asyncio.wait_for(ws.read_message(), 300)
                if not isinstance(raw, str):
                    continue  # binary frames carry widget buffers
                msg = json.loads(raw)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind = msg["msg_type"]
                if kind == "error":
                    failed = f"{msg['content']['ename']}: {msg['content']['evalue']}"
                elif kind == "execute_reply":
                    replied = True
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    idle = True
            if failed and "raises-exception" not in cell.metadata.get("tags", []):
                errors.append(f"cell {i}: {failed}")
                break  # Run All stops here
    finally:
        ws.close()
    return ready - started, time.perf_counter() - ready, errors


def check(server: Server, path: Path) -> Result:
    nb = nbformat.read(path, as_version=4)
    cells = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    rel = path.resolve().relative_to(ROOT).as_posix()
    start = time.perf_counter()
    session = server.api("POST", "/api/sessions", {"path": rel, "name": path.name,
                                                   "type": "notebook",
                                                   "kernel": {"name": "python3"}})
    kernel_id = session["kernel"]["id"]  # type: ignore[index]
    boot, seconds, errors = asyncio.run(run_all(server, kernel_id, cells, start))
    proc = server.kernel_process(kernel_id)
    return Result(path.stem, round(boot, 2), round(seconds, 2), len(cells),
                  round(proc.memory_info().rss / MB, 1), round(peak_mb(proc), 1), errors)


def disk_usage_mb(top: Path) -> float:
    """What ``du -s`` reports for ``top`` (allocated blocks, each file counted once)."""
    seen, total = set(), 0
    for dirpath, _dirs, files in os.walk(top):
        for name in [*files, "."]:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total / MB


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("jupyterlab", "jupyter_server", "ipykernel", "jupyter_client", "matplotlib",
                 "ipywidgets"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def main(argv: list[str]) -> int:
    out = ROOT / "build" / "classroom.json"
    if argv[:1] == ["--out"]:
        out, argv = Path(argv[1]), argv[2:]
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="classroom-check-") as tmp:
        server = Server(Path(tmp))
        try:
            server_start = server.rss_mb()
            results = []
            print(f"{'notebook':<30} {'kernel start':>12} {'Run All':>8} {'cells':>6} "
                  f"{'kernel RSS':>11} {'kernel peak':>12}", flush=True)
            for p in paths:
                r = check(server, p)
                results.append(r)
                print(f"{r.notebook:<30} {r.kernel_start_seconds:>10.1f} s "
                      f"{r.seconds:>6.1f} s {r.cells:>6} "
                      f"{r.kernel_rss_mb:>8.0f} MB {r.kernel_peak_mb:>9.0f} MB"
                      + ("  FAILED: " + "; ".join(r.errors) if r.errors else ""), flush=True)
            server_end = server.rss_mb()
            kernels = sum(r.kernel_rss_mb for r in results)
        finally:
            server.stop()
    report = {
        "notebooks": [asdict(r) for r in results],
        "total_seconds": round(sum(r.seconds for r in results), 1),
        "server_rss_mb": {"start": round(server_start, 1), "end": round(server_end, 1)},
        "all_kernels_open_mb": round(kernels, 1),
        "learner_all_open_mb": round(kernels + server_end, 1),
        "environment": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": os.cpu_count(), "prefix": sys.prefix,
                        "size_mb": round(disk_usage_mb(Path(sys.prefix)), 1),
                        "versions": versions()},
    }
    print(f"{'all notebooks':<30} {'':>12} {report['total_seconds']:>6.1f} s")
    print(f"Jupyter server: {server_start:.0f} MB at start, {server_end:.0f} MB at the end")
    print(f"every kernel left open: {kernels:.0f} MB of kernels, "
          f"{kernels + server_end:.0f} MB with the server")
    env = report["environment"]
    print(f"environment: {env['prefix']}, {env['size_mb']:.0f} MB on disk; Python "
          f"{env['python']}, " + ", ".join(f"{k} {v}" for k, v in env["versions"].items()))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {out}")
    failed = [r.notebook for r in results if r.errors]
    if failed:
        print(f"classroom-check: Run All failed in {', '.join(failed)}", file=sys.stderr)
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Every notebook survives a learner's "Run All" in a real JupyterLab, in a real Chromium.

nbval proves the kernel side; this proves the front end: the notebook opens, Run All reaches
the last cell (cells that raise on purpose carry the ``raises-exception`` tag, which Run All
honours), widgets and figures render, and a screenshot of each notebook lands in
``build/screenshots/<stem>.png``.

The server is started the way ``make lab`` starts it: its root is a repository-shaped
temporary directory holding a copy of ``notebooks/`` (so nothing is written back) beside
links to the rest of the repository, so ``../examples`` and links to ``../k8slearn/...``
resolve.  Its settings are the ones the course ships (``make venv`` installs
etc/jupyterlab/overrides.json into the environment: no news pop-up), plus one for the test:
cells are not windowed, so every cell is in the DOM.  The tests check that the news pop-up
never shows and that a module link in a notebook opens the local file.  Chromium is Debian's
(``playwright install`` cannot download browsers here); the test skips when it is missing.
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
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium")
# --disable-background-networking and friends: this machine's closed network refuses
# Chromium's background connections, many at a time, without them.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
SHIPPED = ROOT / "etc" / "jupyterlab" / "overrides.json"
TEST_ONLY = {  # on top of the shipped settings: every cell rendered, for the prompts check
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none", "scrollPastEnd": False},
}
NEWS = "Would you like to get notified about official Jupyter news?"
NB = "notebooks/"  # the notebooks' folder under the server root, as with `make lab`
RUN_TIMEOUT = 60.0  # seconds for Run All in one notebook (budget is ~20 s; CI is slow)
STALL = 3.0  # seconds without progress, kernel idle and no cell queued: Run All stopped

if CHROMIUM is None:
    pytest.skip("chromium not found on PATH (apt-get install chromium); browser test skipped",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


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


@dataclass
class Lab:
    url: str
    token: str
    root: Path  # the notebooks folder on disk (NB under the server root)
    proc: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def api(self, method: str, path: str, body: dict | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}{path}", method=method, data=data,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def wait_kernel_connected(self, path: str, timeout: float = 60.0) -> None:
        """Wait until the page's kernel is connected and idle (polling the REST API)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for s in self.api("GET", "/api/sessions"):  # type: ignore[union-attr]
                k = s.get("kernel") or {}
                if s.get("path") == path and k.get("execution_state") == "idle" \
                        and k.get("connections", 0) > 0:
                    return
            time.sleep(0.2)  # polling a condition, not synchronising on time
        raise AssertionError(f"{path}: the kernel never became idle and connected")

    def shutdown_kernels(self) -> None:
        for s in self.api("GET", "/api/sessions"):  # type: ignore[union-attr]
            self.api("DELETE", f"/api/sessions/{s['id']}")


def _selftest_notebooks(root: Path) -> None:
    """Two throwaway notebooks that prove the harness works (they start with ``_``)."""
    ok = new_notebook(cells=[
        new_markdown_cell("# Harness self-test"),
        new_code_cell("import ipywidgets as w\nw.IntSlider(value=3, description='x')"),
        new_code_cell("raise ValueError('on purpose')", metadata={"tags": ["raises-exception"]}),
        new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()"),
        new_code_cell("print('reached the end')"),
        new_markdown_cell("The clock: [`k8slearn.clock`](../k8slearn/clock.py)."),
    ])
    bad = new_notebook(cells=[
        new_code_cell("x = 1"),
        new_code_cell("raise ValueError('untagged')"),
        new_code_cell("print('never runs')"),
    ])
    for name, nb in (("_selftest_ok", ok), ("_selftest_untagged_error", bad)):
        nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                     "name": "python3"}
        nbformat.write(nb, root / f"{name}.ipynb")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    tmp = tmp_path_factory.mktemp("lab")
    # A copy of notebooks/ beside links to the rest of the repository, so that relative
    # paths such as ../examples resolve as they do in the real tree.
    repo = tmp / "repo"
    repo.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in ("notebooks", ".git", "build"):
            (repo / entry.name).symlink_to(entry)
    root = repo / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _selftest_notebooks(root)
    # The settings this environment got from `make venv` (or ./postBuild), plus TEST_ONLY.
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not installed.exists():
        pytest.fail(f"{installed} is missing: `make venv` (or `sh postBuild`) installs it")
    settings = json.loads(installed.read_text())
    assert settings == json.loads(SHIPPED.read_text()), f"{installed} is stale: make venv"
    settings.update(TEST_ONLY)
    app_settings = tmp / "app-settings"
    app_settings.mkdir()
    (app_settings / "overrides.json").write_text(json.dumps(settings))
    token = secrets.token_hex(16)
    port = _free_port()
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp / "user-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
           f"--port={port}", "--ServerApp.port_retries=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={repo}",
           f"--LabApp.app_settings_dir={app_settings}"]
    if os.geteuid() == 0:  # CI machines run as root; jupyter refuses that without the flag
        cmd.append("--allow-root")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, cwd=tmp, start_new_session=True)
    lines: queue.Queue[str | None] = queue.Queue()
    log: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:  # wait for the server to print its URL: no sleeping
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail("jupyter lab did not print its URL within 60 s:\n" + "".join(log))
            if line is None:
                pytest.fail("jupyter lab exited:\n" + "".join(log))
            if f"{base}/lab?token=" in line:
                break
        _wait_listening(port, deadline)  # the URL is logged just before the socket is bound
        yield Lab(base, token, root, proc, log)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        # One context for all notebooks: pages share the HTTP cache, so JupyterLab's bundles
        # load from it after the first notebook; each notebook still gets a fresh page.
        context = b.new_context(viewport={"width": 1280, "height": 900})
        yield context
        context.close()
        b.close()


# Reads the state of every non-empty code cell: its prompt text ("[3]:", "[*]:", "[ ]:").
_PROMPTS_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'))
  .filter(c => (c.querySelector('.cm-content')?.textContent || '').trim() !== '')
  .map(c => (c.querySelector('.jp-InputPrompt')?.textContent || '').trim())"""
# The notebook scrolls inside this element (the page itself never scrolls in JupyterLab).
_OUTER = ".jp-NotebookPanel .jp-WindowedPanel-outer"
_SIZE_JS = f"""() => {{ const n = document.querySelector('{_OUTER}');
  return n ? [n.scrollHeight, n.clientHeight] : [0, 0]; }}"""
MAX_SHOT = 16_000  # pixels; Chromium cannot capture much taller pages
_CLEARED_JS = f"() => ({_PROMPTS_JS})().every(p => p === '[ ]:')"
_NUMBERED = re.compile(r"^\[\d+\]:$")


def _menu(page: object, menu: str, command: str) -> None:
    page.click(f".lm-MenuBar-itemLabel:text-is('{menu}')")  # type: ignore[attr-defined]
    page.click(f"li[data-command='{command}']")  # type: ignore[attr-defined]


@dataclass
class RunReport:
    name: str
    prompts: list[str]
    seconds: float
    saved: nbformat.NotebookNode
    images: int
    widgets: int
    widget_errors: int
    screenshot: Path
    total: float  # open, Run All, save and screenshot
    phases: dict[str, float]
    news_popups: int  # JupyterLab's "get notified about Jupyter news?" toast


def run_all(lab: Lab, browser: object, name: str) -> RunReport:
    """Open ``name`` in JupyterLab, Run All, save, and screenshot it."""
    opened = time.monotonic()
    phases: dict[str, float] = {}

    def mark(phase: str) -> None:
        phases[phase] = time.monotonic() - opened - sum(phases.values())

    # Start the notebook's kernel now, so that it boots while the page loads; JupyterLab
    # attaches to the session that already exists for the path.
    lab.api("POST", "/api/sessions", {"path": NB + name, "name": name, "type": "notebook",
                                      "kernel": {"name": "python3"}})
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(f"{lab.url}/lab/tree/{NB}{name}?token={lab.token}&reset")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
        mark("load")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=60_000)
        lab.wait_kernel_connected(NB + name)
        mark("kernel")
        # Clear the stored outputs first, so every prompt must be numbered by *this* run.
        _menu(page, "Edit", "editmenu:clear-all")
        page.wait_for_function(_CLEARED_JS, timeout=10_000)
        start = time.monotonic()
        _menu(page, "Run", "runmenu:run-all")
        prompts, last, last_change, clicks = [], None, time.monotonic(), 1
        while time.monotonic() - start < RUN_TIMEOUT:
            prompts = page.evaluate(_PROMPTS_JS)
            if prompts and all(_NUMBERED.match(p) for p in prompts):
                break
            if prompts != last:
                last, last_change = prompts, time.monotonic()
            idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count()
            if idle and not any(p == "[*]:" for p in prompts) and \
                    time.monotonic() - last_change > STALL:
                if all(p == "[ ]:" for p in prompts) and clicks < 2:
                    _menu(page, "Run", "runmenu:run-all")  # the first click was lost; retry
                    clicks, last_change = clicks + 1, time.monotonic()
                    continue
                break  # Run All stopped early (an untagged error)
            page.wait_for_timeout(200)
        seconds = time.monotonic() - start
        mark("run")
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        page.keyboard.press("Control+s")
        page.wait_for_selector(".jp-mod-current.jp-mod-dirty", state="detached")
        mark("save")
        images = page.locator(".jp-OutputArea-output img").count()
        widgets = page.locator(".jp-OutputArea-output .jupyter-widgets").count()
        widget_errors = page.get_by_text("Error displaying widget").count()
        # Hide the file browser, then grow the viewport until the whole notebook fits.
        page.click(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        height = 900
        for _ in range(3):  # growing the view can re-flow outputs; converge in a few steps
            scroll, client = page.evaluate(_SIZE_JS)
            if scroll - client <= 2 or height >= MAX_SHOT:
                break
            height = min(height + scroll - client, MAX_SHOT)
            page.set_viewport_size({"width": 1280, "height": height})
            page.wait_for_function(f"() => ({_SIZE_JS})()[1] > {client}", timeout=10_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"{Path(name).stem}.png"
        page.screenshot(path=str(shot), full_page=True)
        mark("screenshot")
        saved = nbformat.read(lab.root / name, as_version=4)
        news = page.get_by_text(NEWS).count()
        return RunReport(name, prompts, seconds, saved, images, widgets, widget_errors, shot,
                         time.monotonic() - opened, phases, news)
    finally:
        page.close()
        lab.shutdown_kernels()


def _unexpected_errors(nb: nbformat.NotebookNode) -> list[str]:
    bad = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        errors = [o for o in c.outputs if o.output_type == "error"]
        if errors and "raises-exception" not in c.metadata.get("tags", []):
            bad.append(f"cell {i}: {errors[0].ename}: {errors[0].evalue}")
    return bad


def _assert_ran_clean(r: RunReport) -> None:
    stuck = [f"cell {i + 1}: {p}" for i, p in enumerate(r.prompts) if not _NUMBERED.match(p)]
    assert r.prompts and not stuck, \
        f"{r.name}: Run All did not finish: {stuck[:5]}; errors: {_unexpected_errors(r.saved)}"
    assert not _unexpected_errors(r.saved), f"{r.name}: {_unexpected_errors(r.saved)}"
    code = [c for c in r.saved.cells if c.cell_type == "code" and c.source.strip()]
    assert all(c.execution_count for c in code), f"{r.name}: a code cell was not executed"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{r.name}: not one fresh run: {counts}"
    pngs = sum("image/png" in o.get("data", {}) for c in code for o in c.outputs)
    assert r.images >= pngs, f"{r.name}: {pngs} PNG outputs but {r.images} images rendered"
    assert r.widget_errors == 0, f"{r.name}: a widget failed to render"
    assert r.screenshot.stat().st_size > 10_000, f"{r.name}: the screenshot looks empty"
    assert r.news_popups == 0, f"{r.name}: the Jupyter news pop-up covers the notebook"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_run_all_in_jupyterlab(lab: Lab, browser: object, nb: Path) -> None:
    report = run_all(lab, browser, nb.name)
    _assert_ran_clean(report)
    steps = ", ".join(f"{k} {v:.1f}" for k, v in report.phases.items())
    print(f"{nb.stem}: Run All {report.seconds:.1f} s, in all {report.total:.1f} s ({steps})")


def test_harness_self_test_notebook(lab: Lab, browser: object) -> None:
    """A widget, a figure and a tagged raising cell: all rendered, and Run All goes on."""
    r = run_all(lab, browser, "_selftest_ok.ipynb")
    _assert_ran_clean(r)
    assert r.widgets >= 1 and r.images >= 1
    assert [o.ename for o in r.saved.cells[2].outputs] == ["ValueError"]
    assert r.saved.cells[4].outputs[0].text == "reached the end\n"


def test_harness_catches_an_untagged_error(lab: Lab, browser: object) -> None:
    """Run All stops at an untagged error; the harness must report it, not pass."""
    r = run_all(lab, browser, "_selftest_untagged_error.ipynb")
    assert r.prompts[:2] == ["[1]:", "[2]:"] and r.prompts[2] != "[3]:", r.prompts
    assert _unexpected_errors(r.saved) == ["cell 1: ValueError: untagged"]
    with pytest.raises(AssertionError, match="Run All did not finish"):
        _assert_ran_clean(r)


def _open_module_link(lab: Lab, browser: object, name: str) -> tuple[str, str]:
    """Click the first ``../k8slearn/...`` link in ``name``; the path of the file it opens."""
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(f"{lab.url}/lab/tree/{NB}{name}?token={lab.token}&reset")
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=60_000)
        selector = ".jp-RenderedMarkdown a[href*='k8slearn/']"
        try:  # markdown renders a moment after the cells appear
            page.wait_for_selector(selector, state="attached", timeout=20_000)
        except sync_api.TimeoutError:
            return "", ""
        link = page.locator(selector).first
        link.scroll_into_view_if_needed()
        href = link.get_attribute("href") or ""
        link.click()
        # The file opens in a JupyterLab editor tab, next to the notebook (not a download).
        page.wait_for_selector(".jp-FileEditor", timeout=30_000)
        title = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current "
                             ".lm-TabBar-tabLabel").inner_text()
        assert page.get_by_text(NEWS).count() == 0, "the Jupyter news pop-up showed"
        return href, title
    finally:
        page.close()
        lab.shutdown_kernels()


def test_module_link_opens_the_local_file(lab: Lab, browser: object) -> None:
    href, title = _open_module_link(lab, browser, "_selftest_ok.ipynb")
    assert "k8slearn/clock.py" in href and title == "clock.py", (href, title)


def test_start_here_module_links_open_local_files(lab: Lab, browser: object) -> None:
    href, title = _open_module_link(lab, browser, "00_start_here.ipynb")
    assert href, "00_start_here links no module to its local file (docs/authoring.md, rule 13)"
    assert title.endswith(".py") and title in href, (href, title)


def test_shipped_settings_turn_the_news_off(lab: Lab) -> None:
    news = lab.api("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    props = news["schema"]["properties"]  # type: ignore[index]
    assert props["fetchNews"]["default"] == "false"

"""Helpers for the website and JupyterLite tests: a static server and a sealed Chromium.

Both sites are plain static files, so the tests serve ``build/site`` and ``build/lite`` with
the standard library's HTTP server on 127.0.0.1, exactly as a static host would.  Chromium
is Debian's; it is started with the network sealed twice: a host-resolver rule makes every
name except 127.0.0.1 unresolvable (this also covers web workers and service workers), and
a Playwright route aborts, and records, every request for another host.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript",
                      ".js": "text/javascript", ".json": "application/json",
                      ".whl": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass  # quiet: the tests report what matters


@dataclass
class Static:
    url: str
    root: Path
    requests: list[str] = field(default_factory=list)


def serve(root: Path) -> Iterator[Static]:
    """Serve ``root`` on a free 127.0.0.1 port until the generator is closed."""
    handler = functools.partial(_Handler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Static(f"http://127.0.0.1:{server.server_address[1]}", root)
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Sealed:
    """A browser context whose requests never leave 127.0.0.1; ``blocked`` lists the rest."""

    context: object
    blocked: list[str] = field(default_factory=list)


def sealed_context(browser: object, **kw: object) -> Sealed:
    context = browser.new_context(**kw)  # type: ignore[attr-defined]
    sealed = Sealed(context)

    def guard(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        host = urlsplit(url).hostname
        if host in ("127.0.0.1", None) or url.startswith(("data:", "blob:")):
            route.continue_()  # type: ignore[attr-defined]
        else:
            sealed.blocked.append(url)
            route.abort("blockedbyclient")  # type: ignore[attr-defined]

    context.route("**/*", guard)
    return sealed


@pytest.fixture(scope="module", name="chromium")
def chromium_fixture() -> Iterator[object]:
    """Debian's Chromium, sealed off the network (import this fixture into a test module)."""
    if CHROMIUM is None:
        pytest.skip("chromium not found on PATH (apt-get install chromium); site tests skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()

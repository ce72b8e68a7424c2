"""Every notebook, cell by cell, in the JupyterLite build's Pyodide kernel, in Chromium.

``build/lite`` (``make lite``) is served from 127.0.0.1 and nothing else is reachable: not
PyPI, not Pyodide's CDN.  For each notebook a fresh Pyodide kernel is started through the
JupyterLite app (as opening the notebook would) and every code cell is executed in order,
whatever the previous cell did, so every cell gets a verdict:

- **ran**: it succeeded (or raised, when tagged ``raises-exception``);
- **degraded**: it finished without an error (so JupyterLab's Run All goes on) and printed
  k8slearn's explicit message that the demo needs a full Python kernel, or needs Pyodide's
  package CDN (``k8slearn.platform``);
- **failed**: anything else (an unexpected traceback, a hang).

The test fails on any failed cell, prints the counts, and writes them to
``build/lite-cells.json`` (``make bench`` shows the total).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from sitekit import BUILD, ROOT, chromium_fixture, sealed_context, serve  # noqa: F401

from k8slearn import platform

pytestmark = [pytest.mark.site, pytest.mark.browser]

LITE = BUILD / "lite"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
REPORT = BUILD / "lite-cells.json"
CELL_TIMEOUT_MS = 60_000
MARKERS = (platform.NEEDS_FULL_KERNEL, platform.NEEDS_CDN)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: Failures waiting on another change: (notebook, text in the cell or its output) -> why.
#: A listed cell that passes is fine; an unlisted failure fails the test.
KNOWN: dict[tuple[str, str], str] = {}

# Runs one notebook in a fresh kernel session; returns one record per non-empty code cell.
_RUN_JS = """async ({path, cellTimeout}) => {
  const app = window.jupyterapp;
  await app.restored;
  const sm = app.serviceManager;
  await sm.ready;
  const nb = (await sm.contents.get(path, {content: true})).content;
  const t0 = performance.now();
  const session = await sm.sessions.startNew(
      {path, name: path.split('/').pop(), type: 'notebook', kernel: {name: 'python'}});
  const kernel = session.kernel;
  await new Promise(resolve => {
    if (kernel.connectionStatus === 'connected') return resolve();
    kernel.connectionStatusChanged.connect((_, s) => { if (s === 'connected') resolve(); });
  });
  await kernel.requestKernelInfo();
  const boot = (performance.now() - t0) / 1000;
  const cells = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    const code = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
    if (!code.trim()) continue;
    const text = [];
    const mimes = [];
    const start = performance.now();
    const future = kernel.requestExecute({code, stop_on_error: false});
    future.onIOPub = (msg) => {
      const c = msg.content;
      switch (msg.header.msg_type) {
        case 'stream': text.push(c.text); break;
        case 'error':
          text.push(c.ename + ': ' + c.evalue + '\\n' + (c.traceback || []).join('\\n'));
          break;
        case 'display_data': case 'execute_result':
          mimes.push(...Object.keys(c.data));
          if (c.data['text/plain']) text.push(c.data['text/plain']);
          break;
      }
    };
    let timer;
    const timeout = new Promise(r => { timer = setTimeout(() => r(null), cellTimeout); });
    const reply = await Promise.race([future.done, timeout]);
    clearTimeout(timer);
    cells.push({
      status: reply ? reply.content.status : 'timeout',
      ename: reply && reply.content.ename || '', evalue: reply && reply.content.evalue || '',
      tags: (cell.metadata && cell.metadata.tags) || [], code: code.slice(0, 200),
      text: text.join('').slice(0, 4000), mimes,
      seconds: (performance.now() - start) / 1000,
    });
    if (!reply) break;
  }
  await session.shutdown();
  return {boot, cells};
}"""


def _committed_stdout(nb: Path) -> list[str]:
    """The stored stdout of each non-empty code cell, in order."""
    cells = json.loads(nb.read_text())["cells"]
    return ["".join("".join(o.get("text", "")) for o in c.get("outputs", [])
                    if o.get("output_type") == "stream" and o.get("name") == "stdout")
            for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _verdict(nb: str, cell: dict) -> str:
    text = _ANSI.sub("", cell["text"])
    expected_raise = "raises-exception" in cell["tags"]
    if cell["status"] == "ok" and not expected_raise:
        return "degraded" if any(m in text for m in MARKERS) else "ran"
    if cell["status"] == "error" and expected_raise:
        return "ran"
    if any(n == nb and (key in text or key in cell["code"]) for n, key in KNOWN):
        return "known"
    return "failed"


@pytest.fixture(scope="module")
def lite_app(chromium: object):
    if not (LITE / "jupyter-lite.json").exists():
        pytest.skip("build/lite is missing: run `make lite` (needs npm) first")
    gen = serve(LITE)
    static = next(gen)
    sealed = sealed_context(chromium, viewport={"width": 1280, "height": 900})
    page = sealed.context.new_page()  # type: ignore[attr-defined]

    def expose_app(route: object) -> None:
        # The page's jupyter-lite.json, plus exposeAppInBrowser so the test reaches the app.
        resp = route.fetch()  # type: ignore[attr-defined]
        cfg = resp.json()
        cfg.setdefault("jupyter-config-data", {})["exposeAppInBrowser"] = "true"
        route.fulfill(response=resp, json=cfg)  # type: ignore[attr-defined]

    page.route("**/jupyter-lite.json*", expose_app)
    page.goto(f"{static.url}/lab/index.html")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
    try:
        yield page, sealed
    finally:
        sealed.context.close()  # type: ignore[attr-defined]
        gen.close()


def test_every_notebook_cell_runs_or_says_why(lite_app: tuple) -> None:
    page, sealed = lite_app
    report: dict[str, dict] = {}
    failures: list[str] = []
    started = time.monotonic()
    same_stdout = with_stdout = 0
    differs: list[str] = []
    for nb in NOTEBOOKS:
        path = f"notebooks/{nb.name}"
        result = page.evaluate(_RUN_JS, {"path": path, "cellTimeout": CELL_TIMEOUT_MS})
        verdicts = [_verdict(nb.stem, c) for c in result["cells"]]
        # Where a cell ran and printed, does it print what the full kernel printed?
        for i, (c, v, stored) in enumerate(zip(result["cells"], verdicts, _committed_stdout(nb),
                                               strict=False)):
            if v == "ran" and stored.strip() and not c["mimes"]:
                with_stdout += 1
                if _ANSI.sub("", c["text"]).strip() == stored.strip():
                    same_stdout += 1
                else:
                    differs.append(f"{nb.stem} cell {i + 1}")
            if "evicted at t=" in stored:  # emptyDir: du in Pyodide's 4096-byte st_blocks
                assert stored.strip() in _ANSI.sub("", c["text"]), \
                    f"{nb.stem}: sizeLimit eviction differs in the browser: {c['text'][:300]}"
        total = sum(1 for c in json.loads(nb.read_text())["cells"]
                    if c["cell_type"] == "code" and "".join(c["source"]).strip())
        counts = {v: verdicts.count(v) for v in ("ran", "degraded", "known", "failed")}
        counts["not reached"] = total - len(verdicts)
        report[nb.stem] = {"cells": total, **counts, "boot_seconds": round(result["boot"], 1),
                           "seconds": round(sum(c["seconds"] for c in result["cells"]), 1),
                           "not_ran": {str(i + 1): f"{v} ({c['status']}): "
                                       + _ANSI.sub("", c["text"]).strip().splitlines()[-1][:160]
                                       for i, (c, v) in enumerate(zip(result["cells"], verdicts,
                                                                      strict=True))
                                       if v != "ran" and c["text"].strip()}}
        print(f"{nb.stem}: {counts['ran']}/{total} cells ran, {counts['degraded']} said why "
              f"they cannot (kernel boot {result['boot']:.1f} s)")
        for i, (c, v) in enumerate(zip(result["cells"], verdicts, strict=True)):
            if v == "failed":
                failures.append(f"{nb.stem} cell {i + 1} ({c['status']}): {c['code'][:80]!r}\n"
                                f"    {_ANSI.sub('', c['text'])[-600:]}")
            elif v == "known":
                why = next(w for (n, k), w in KNOWN.items() if n == nb.stem)
                print(f"    cell {i + 1}: known failure ({why})")
            elif v == "degraded":
                line = next(ln for ln in _ANSI.sub("", c["text"]).splitlines()
                            if any(m in ln for m in MARKERS))
                print(f"    cell {i + 1}: {line[:140]}")
        if counts["not reached"]:
            failures.append(f"{nb.stem}: {counts['not reached']} cells not reached (timeout)")
    cells = sum(r["cells"] for r in report.values())
    ran = sum(r["ran"] for r in report.values())
    degraded = sum(r["degraded"] for r in report.values())
    known = sum(r["known"] for r in report.values())
    summary = {"notebooks": report, "cells": cells, "ran": ran, "degraded": degraded,
               "known": known, "failed": cells - ran - degraded - known,
               "seconds": round(time.monotonic() - started),
               "blocked_requests": sorted(set(sealed.blocked)), "failures": failures}
    summary["same_stdout"] = f"{same_stdout}/{with_stdout}"
    summary["stdout_differs"] = differs  # informational: paths, timings, platform facts
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(summary, indent=1) + "\n")
    hosts = ", ".join(sorted({u.split("/")[2] for u in sealed.blocked})) or "none"
    print(f"JupyterLite: {ran} of {cells} code cells ran in the browser, {degraded} said why "
          f"they cannot, {known} known failures; {same_stdout} of {with_stdout} printing cells "
          f"print exactly what they print in a full kernel; requests blocked: "
          f"{len(set(sealed.blocked))} ({hosts})")
    assert not failures, "cells failed in JupyterLite:\n" + "\n".join(failures)
    assert ran > 0

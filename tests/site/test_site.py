"""The course website (``make site``): every page loads in Chromium, no internal link is broken.

``build/site`` is served from 127.0.0.1 and Chromium cannot reach anything else.  The test
visits every HTML page of the site (JupyterLite's own files under ``lite/`` excepted) and
checks every link on it: a link inside the site must reach a file that exists, and its
``#anchor`` must be an id on the target page.  It also checks what a reader relies on: the
table of contents in course order, previous/next links, search, figures, and the "run this
chapter" bar on every chapter.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from sitekit import BUILD, ROOT, chromium_fixture, sealed_context, serve  # noqa: F401

pytestmark = [pytest.mark.site, pytest.mark.browser]

SITE = BUILD / "site"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
_LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .map(a => a.href).filter(h => !h.startsWith('javascript:'))"""
_IDS_JS = "() => Array.from(document.querySelectorAll('[id]')).map(e => e.id)"


@pytest.fixture(scope="module")
def site(chromium: object):
    if not (SITE / "index.html").exists():
        pytest.skip("build/site is missing: run `make site` first")
    gen = serve(SITE)
    static = next(gen)
    sealed = sealed_context(chromium, viewport={"width": 1280, "height": 900})
    try:
        yield static, sealed
    finally:
        sealed.context.close()  # type: ignore[attr-defined]
        gen.close()


def _pages() -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
                  if p.relative_to(SITE).parts[0] not in ("lite", "_static", "_sources"))


def _target_file(path: str) -> Path:
    f = SITE / unquote(path).lstrip("/")
    return f / "index.html" if f.is_dir() else f


def test_every_page_loads_and_no_internal_link_is_broken(site: tuple) -> None:
    static, sealed = site
    page = sealed.context.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    pages = _pages()
    ids: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {}
    started = time.monotonic()
    for rel in pages:
        resp = page.goto(f"{static.url}/{rel}", wait_until="load")
        assert resp is not None and resp.ok, f"{rel}: HTTP {resp and resp.status}"
        assert page.title(), f"{rel}: no title"
        ids[rel] = set(page.evaluate(_IDS_JS))
        links[rel] = set(page.evaluate(_LINKS_JS))
    page.close()
    broken: list[str] = []
    checked = 0
    for rel, hrefs in links.items():
        for href in sorted(hrefs):
            parts = urlsplit(href)
            if parts.hostname != "127.0.0.1":
                continue  # outside the site (GitHub, Binder, upstream): not ours to check
            checked += 1
            target = parts.path.lstrip("/") or "index.html"
            f = _target_file(target)
            if not f.exists():
                broken.append(f"{rel} -> {target} (no such file)")
                continue
            anchor = unquote(parts.fragment)
            if anchor and f.suffix == ".html":
                target_rel = f.relative_to(SITE).as_posix()
                if target_rel in ids and anchor not in ids[target_rel]:
                    broken.append(f"{rel} -> {target}#{anchor} (no such anchor)")
    print(f"site: {len(pages)} pages loaded in Chromium, {checked} internal links checked, "
          f"{len(broken)} broken, in {time.monotonic() - started:.1f} s")
    assert not broken, "broken internal links:\n" + "\n".join(broken)
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)
    assert not sealed.blocked, f"the site asked for outside resources: {sealed.blocked[:5]}"
    assert len(pages) >= len(CHAPTERS) + 3


def test_toc_in_course_order_with_prev_next_and_launch_bar(site: tuple) -> None:
    static, sealed = site
    page = sealed.context.new_page()  # type: ignore[attr-defined]
    page.goto(f"{static.url}/index.html")
    nav = page.evaluate("""() => Array.from(document.querySelectorAll('nav.bd-links a'))
        .map(a => a.getAttribute('href'))""")
    order = [re.search(r"(\d\d_[^/]+)\.html", h).group(1) for h in nav
             if re.search(r"\d\d_[^/]+\.html", h)]
    assert order == [nb.stem for nb in CHAPTERS], f"table of contents out of order: {order}"
    assert any("course_map" in h for h in nav) and any("run.html" in h for h in nav)
    if (ROOT / "docs" / "instructors.md").exists():
        assert any("instructors" in h for h in nav)
    for i, nb in enumerate(CHAPTERS):
        page.goto(f"{static.url}/notebooks/{nb.stem}.html")
        bar = page.locator(".k8s-launch a")
        labels = bar.all_inner_texts()
        assert any("JupyterLite" in t for t in labels) and any("machine" in t for t in labels), \
            f"{nb.stem}: launch bar missing: {labels}"
        lite = page.locator(".k8s-launch a", has_text="JupyterLite").get_attribute("href")
        assert lite and f"path=notebooks/{nb.name}" in lite
        nxt = page.locator("a.right-next").get_attribute("href") \
            if page.locator("a.right-next").count() else None
        if i + 1 < len(CHAPTERS):
            assert nxt and CHAPTERS[i + 1].stem in nxt, f"{nb.stem}: next is {nxt}"
        prev = page.locator("a.left-prev").get_attribute("href")
        assert prev, f"{nb.stem}: no previous link"
        pngs = sum("image/png" in o.get("data", {})
                   for c in json.loads(nb.read_text())["cells"] for o in c.get("outputs", []))
        shown = page.locator("article img").count()
        assert shown >= pngs, f"{nb.stem}: {pngs} committed figures, {shown} shown"
    page.close()


def test_search_finds_a_chapter(site: tuple) -> None:
    static, sealed = site
    page = sealed.context.new_page()  # type: ignore[attr-defined]
    page.goto(f"{static.url}/search.html?q=workqueue")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    hits = page.locator("#search-results ul.search li a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert any("10_workqueue_basics" in h for h in hits), hits
    target = urljoin(page.url, hits[0])
    assert page.goto(target).ok
    page.close()

"""newsprism serve in a real browser: Playwright drives Debian's chromium against a uvicorn server on 127.0.0.1.

From the stories page a reader clicks into a story, opens a contradicted fact's source and sees the span
highlighted; an article full of XSS payloads opens no dialog, runs no script and shows the payloads as text.
Screenshots of each page land in the test's temp dir. The set-up installs chromium with apt-get when it is absent
(never `playwright install`, which downloads a browser).
"""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time

import pytest

from conftest import XSS

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'newsprism[web]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install "
                                                             "'newsprism[browser]' (it drives /usr/bin/chromium)")
import uvicorn  # noqa: E402

from newsprism import api  # noqa: E402
from newsprism.web import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium, installed with apt-get when absent (CI runs as root with the Debian registry)."""
    if not os.path.exists(CHROMIUM):
        if not shutil.which("apt-get") or os.geteuid() != 0:
            pytest.skip(f"{CHROMIUM} is absent and apt-get cannot install it here (not root, or no apt-get): "
                        "run `apt-get install -y chromium`")
        for step in (["apt-get", "install", "-y", "chromium"], ["apt-get", "update"],
                     ["apt-get", "install", "-y", "chromium"]):
            if os.path.exists(CHROMIUM):
                break
            subprocess.run(step, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if not os.path.exists(CHROMIUM):
            pytest.skip(f"`apt-get install -y chromium` did not give {CHROMIUM}")
    return CHROMIUM


@contextlib.contextmanager
def serving(db: str):
    """A real uvicorn server of the corpus at ``db`` on a free port of 127.0.0.1, in a thread; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():  # no deadline: a server that cannot start ends the thread
        time.sleep(0.02)
    assert server.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


@pytest.fixture(scope="module")
def browser(chromium):
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=FLAGS)
        yield b
        b.close()


class Watched:
    """A page that counts the dialogs it opens (each dismissed), its console errors and its uncaught errors."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def shot(self, folder, name: str) -> None:
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000  # a rendered page, not a blank one


def test_reader_goes_from_stories_to_a_contradicted_facts_source(browser, demo_db, tmp_path):
    with serving(demo_db) as url:
        w = Watched(browser)
        page = w.page
        page.goto(f"{url}/stories")
        w.shot(tmp_path, "1-stories")
        title = page.locator("a.story-link").first.inner_text()
        page.locator("a.story-link").first.click()
        page.wait_for_url("**/stories/*")
        assert page.locator("h1").inner_text() == title
        assert page.locator("#facts ~ table tr.v-contradict").count() > 0
        assert page.locator(".plot svg").count() == 3  # copy graph, timeline, coverage heatmap
        w.shot(tmp_path, "2-story")
        row = page.locator("tr.v-contradict").first
        fact_id = row.locator("td a").first.get_attribute("href").rsplit("/", 1)[1]
        row.locator("a.cite").first.click()  # the source article of the contradicted fact's first value
        page.wait_for_url("**/articles/*")
        value = api.fact(fact_id, demo_db).fact.values[0]
        focus = page.locator(".article-text .k-focus")
        assert "".join(focus.all_inner_texts()) == value.text
        assert focus.first.is_visible() and focus.first.evaluate(
            "e => getComputedStyle(e).outlineStyle") == "solid"  # drawn, not just present in the markup
        box = focus.first.bounding_box()
        assert box and 0 <= box["y"] < page.viewport_size["height"]  # scrolled to it
        w.shot(tmp_path, "3-article")
        page.locator(f'.article-text a[href="/facts/{fact_id}"]').first.click()
        page.wait_for_url(f"**/facts/{fact_id}")
        assert page.locator("p.verdict.v-contradict").count() == 1
        w.shot(tmp_path, "4-fact")
        assert w.dialogs == [] and w.errors == []


def test_xss_payloads_show_as_text_and_run_nothing(browser, hostile_db, tmp_path):
    story = api.story_listing(hostile_db).stories[0].story
    article = story.articles[0]
    pages = {"stories": "/stories", "story": f"/stories/{story.id}", "article": f"/articles/{article}",
             "search": "/stories?q=alert"}
    with serving(hostile_db) as url:
        w = Watched(browser)
        for name, path in pages.items():
            w.page.goto(url + path)
            w.page.wait_for_load_state("load")
            w.shot(tmp_path, f"xss-{name}")
            dom = w.page.evaluate("""() => ({scripts: document.scripts.length,
                handlers: document.querySelectorAll('[onload],[onerror],[onclick],[onmouseover]').length,
                images: document.images.length,
                jsLinks: [...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length})""")
            assert dom == {"scripts": 0, "handlers": 0, "images": 0, "jsLinks": 0}, (name, dom)
        page = w.page  # still on the search page; open the article and read what it shows
        page.goto(url + pages["article"])
        assert XSS["title"] in page.locator("h1.article-title").inner_text()
        assert page.locator("td.byline").inner_text() == XSS["byline"]
        assert page.locator("td.url").inner_text() == XSS["url"]
        text = page.locator(".article-text").inner_text()
        assert XSS["quote"] in text and XSS["body"] in text and XSS["link"] in text
        assert w.dialogs == [], w.dialogs  # no alert() ran, on any page
        assert w.errors == [], w.errors  # nor anything the CSP had to block

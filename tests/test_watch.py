"""`newsprism watch` against feeds the test serves itself from 127.0.0.1 (no other traffic)."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import threading
import time
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

import newsprism
from newsprism.errors import InputError
from newsprism.cli import main
from newsprism.ingest.feeds import Client, list_feeds
from newsprism.ingest.watch import parse_every, watch

HARBOUR = ("<p>The harbour authority of Porto Vento approved the construction of a new deep-water pier on Monday, "
           "ending a dispute that had lasted for nearly six years.</p><p>The pier will cost 48 million euros and "
           "is expected to handle container ships of up to 300 metres, the authority's chairwoman told reporters "
           "after the vote.</p><p>Fishermen who had opposed the plan said they would appeal to the regional "
           "court, arguing that dredging would damage the bay's breeding grounds.</p>")
RAIL = ("<p>Train drivers in the northern province walked out on Tuesday morning over a pay offer the union "
        "called insulting, cancelling most regional services.</p><p>The rail operator said only one train in "
        "five was running and advised commuters to work from home where they could.</p><p>Talks between the "
        "union and the operator are scheduled to resume on Thursday in the provincial capital, a spokesman "
        "for the labour ministry said.</p>")
PAGE_ONLY = "The finance committee said the bridge would open to traffic in April 2025, two years late."
BRIDGE_PAGE = f"""<!doctype html><html><head><title>Council backs the river bridge</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council backs the river bridge</h1>
<p>The city council voted by 31 to 12 on Wednesday to finance a second bridge across the river, after a debate
that ran late into the night.</p>
<p>{PAGE_ONLY}</p>
<p>Opponents said the money would be better spent on the tram network, which carries twice as many passengers
as the buses on the old bridge, and warned that construction costs had risen sharply since the plan was drawn up.</p>
<p>Residents of the eastern bank, who have waited for a second crossing for decades, welcomed the vote.</p>
</article><footer>Copyright 2024 City Gazette</footer></body></html>"""
FERRY = ("<p>A new ferry line between the two islands will start in June, the transport minister announced on "
         "Friday, cutting the journey from three hours to fifty minutes.</p><p>The service will run four times a "
         "day in summer and twice a day in winter, and tickets will cost twelve euros for adults.</p><p>Island "
         "mayors had campaigned for the link since the old ferry was withdrawn in 2019 after a collision.</p>"
         "<p>The operator said two new boats had been ordered from a shipyard on the mainland.</p>")
FEED_URL = "/feed.rss"


class Site:
    """What the test server serves; a test appends to ``items`` to make the feed gain an entry."""

    def __init__(self):
        self.base = ""
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.pages = {"/articles/bridge.html": BRIDGE_PAGE}
        self.items = [
            {"guid": "harbour-1", "title": "Harbour pier approved", "content": HARBOUR},
            {"guid": "rail-2", "title": "Train drivers strike", "content": RAIL},
            {"guid": "bridge-3", "title": "Council backs the river bridge",
             "summary": "The council voted to fund a second bridge.", "link": "/articles/bridge.html"},
        ]

    @property
    def etag(self) -> str:
        return f'"feed-v{len(self.items)}"'

    @property
    def last_modified(self) -> str:
        return formatdate(1_700_000_000 + 3600 * len(self.items), usegmt=True)

    def rss(self) -> str:
        items = "".join(self._item(i) for i in self.items)
        return (f'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                f"<channel><title>Coast Wire</title><link>{self.base}/</link>{items}</channel></rss>")

    def _item(self, i: dict) -> str:
        link = self.base + i.get("link", f"/articles/{i['guid']}.html")
        body = (f"<content:encoded>{escape(i['content'])}</content:encoded>" if "content" in i
                else f"<description>{escape(i['summary'])}</description>")
        return (f"<item><guid>{i['guid']}</guid><title>{i['title']}</title><link>{link}</link>"
                f"<pubDate>Mon, 15 Jan 2024 10:00:00 GMT</pubDate>{body}</item>")

    def opml(self) -> str:
        return (f'<?xml version="1.0"?><opml version="2.0"><head><title>My feeds</title></head><body>'
                f'<outline text="News"><outline text="Local"><outline text="Coast Wire" type="rss" '
                f'xmlUrl="{self.base}{FEED_URL}"/></outline></outline></body></opml>')

    def answer(self, path: str, headers) -> tuple[int, dict[str, str], str]:
        if path == FEED_URL:
            if headers.get("If-None-Match") == self.etag:
                return 304, {"ETag": self.etag}, ""
            return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": self.etag,
                         "Last-Modified": self.last_modified}, self.rss()
        if path == "/feeds.opml":
            return 200, {"Content-Type": "text/x-opml"}, self.opml()
        if path in self.pages:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, self.pages[path]
        if path == "/fail.rss":
            return 500, {"Content-Type": "text/plain"}, "boom"
        if path.startswith("/loop"):
            return 302, {"Location": path + "x"}, ""
        if path == "/big.rss":
            return 200, {"Content-Type": "application/rss+xml"}, "<rss>" + "x" * 2 * 1024 * 1024 + "</rss>"
        return 404, {"Content-Type": "text/plain"}, "not found"

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            site.requests.append((self.path, dict(self.headers)))
            status, headers, body = site.answer(self.path, self.headers)
            data = body.encode("utf-8")
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def site(monkeypatch):
    """A feed, its article pages, an OPML list and a failing URL on 127.0.0.1 (any port)."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def run(tmp_path):
    db = str(tmp_path / "corpus.db")

    def invoke(*args):
        return CliRunner().invoke(main, ["watch", *map(str, args), "--db", db, "--allow-private"], catch_exceptions=False)
    invoke.db = db
    return invoke


def stored(db: str) -> dict[str, newsprism.Article]:
    """The stored articles by title."""
    return {a.title: a for a in newsprism.articles(db=db)}


def feed_lines(result, url: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if url in line]


def test_first_run_stores_every_entry_and_the_full_page_of_a_summary_only_entry(site, run):
    r = run(site.base + FEED_URL, "--once")
    assert r.exit_code == 0, r.output
    assert feed_lines(r, FEED_URL) == [f"feed {site.base}{FEED_URL}: 3 new, 0 skipped"]
    arts = stored(run.db)
    assert set(arts) == {"Harbour pier approved", "Train drivers strike", "Council backs the river bridge"}
    bridge = arts["Council backs the river bridge"]
    assert PAGE_ONLY in bridge.text and "Copyright" not in bridge.text
    assert bridge.url == site.base + "/articles/bridge.html" and bridge.outlet == "Coast Wire"
    assert "deep-water pier" in arts["Harbour pier approved"].text
    assert site.paths().count("/articles/bridge.html") == 1
    assert "/articles/harbour-1.html" not in site.paths()  # full-content entries need no page


def test_second_run_sends_the_validators_gets_304_and_adds_nothing(site, run):
    run(site.base + FEED_URL, "--once")
    r = run(site.base + FEED_URL, "--once")
    assert r.exit_code == 0, r.output
    assert feed_lines(r, FEED_URL) == [f"feed {site.base}{FEED_URL}: 0 new, 0 skipped (304 not modified)"]
    feed_requests = [h for p, h in site.requests if p == FEED_URL]
    assert feed_requests[0].get("If-None-Match") is None
    assert feed_requests[1]["If-None-Match"] == site.etag
    assert feed_requests[1]["If-Modified-Since"] == site.last_modified
    assert feed_requests[1]["User-Agent"].startswith("newsprism/")
    assert len(stored(run.db)) == 3 and site.paths().count("/articles/bridge.html") == 1


def test_after_the_feed_gains_an_entry_only_that_entry_is_added(site, run):
    run(site.base + FEED_URL, "--once")
    site.items.append({"guid": "ferry-4", "title": "Ferry line to start in June", "content": FERRY})
    r = run(site.base + FEED_URL, "--once", "--json")
    assert r.exit_code == 0, r.output
    (summary,) = [json.loads(line) for line in r.stdout.splitlines()]
    (feed,) = summary["feeds"]
    assert feed["feed"] == site.base + FEED_URL and feed["new"] == 1 and feed["error"] is None
    arts = stored(run.db)
    assert len(arts) == 4 and feed["articles"] == [arts["Ferry line to start in June"].id]
    assert site.paths().count("/articles/bridge.html") == 1


def test_an_opml_list_is_followed_with_its_nested_outlines(site, run, tmp_path):
    r = run(site.base + "/feeds.opml", "--once")
    assert r.exit_code == 0, r.output
    assert feed_lines(r, FEED_URL) == [f"feed {site.base}{FEED_URL}: 3 new, 0 skipped"]
    assert len(stored(run.db)) == 3
    (tmp_path / "mine.opml").write_text(site.opml())
    with Client(allow_private=True) as client:
        assert list(list_feeds(client, [str(tmp_path / "mine.opml"), site.base + FEED_URL])) == [site.base + FEED_URL]


def test_a_failing_feed_is_one_line_and_the_others_are_still_ingested(site, run):
    r = run(site.base + "/fail.rss", site.base + FEED_URL, "--once")
    assert r.exit_code == 1
    assert feed_lines(r, "/fail.rss") == [f"feed {site.base}/fail.rss: failed (HTTP 500 Internal Server Error)"]
    assert len(stored(run.db)) == 3
    missing = run("nothing-here.rss", "--once")
    assert missing.exit_code == 1 and missing.stderr == "feed nothing-here.rss: failed (no such file)\n"


def test_the_client_refuses_redirect_loops_huge_answers_and_other_schemes(site):
    with Client(max_bytes=1024 * 1024, allow_private=True) as client:
        for url, reason in ((site.base + "/loop", "more than 5 redirects"),
                            (site.base + "/big.rss", "response is over the 1 MB limit"),
                            ("file:///etc/hostname", "not an http(s) URL")):
            with pytest.raises(InputError) as e:
                client.get(url)
            assert str(e.value) == reason
    assert site.paths().count("/big.rss") == 1 and len([p for p in site.paths() if p.startswith("/loop")]) == 6


def test_a_summary_entry_whose_page_fails_is_skipped_then_retried(site, run):
    site.pages.pop("/articles/bridge.html")
    r = run(site.base + FEED_URL, "--once")
    assert r.exit_code == 1
    source = f"{site.base}{FEED_URL}#entry=bridge-3"
    assert (f"skipped {source}: the entry holds only a summary and its page {site.base}/articles/bridge.html "
            "failed: HTTP 404 Not Found") in r.stderr.splitlines()
    assert feed_lines(r, FEED_URL)[-1] == f"feed {site.base}{FEED_URL}: 2 new, 1 skipped"
    site.pages["/articles/bridge.html"] = BRIDGE_PAGE
    again = run(site.base + FEED_URL, "--once")
    assert again.exit_code == 0 and feed_lines(again, FEED_URL) == [f"feed {site.base}{FEED_URL}: 1 new, 0 skipped"]
    assert PAGE_ONLY in stored(run.db)["Council backs the river bridge"].text


def test_an_entry_is_never_stored_twice(site, run):
    r = run(site.base + FEED_URL, site.base + "/feeds.opml", site.base + FEED_URL, "--once")
    assert r.exit_code == 0 and len(feed_lines(r, FEED_URL)) == 1  # one feed, named three times
    site.items.append({"guid": "harbour-1", "title": "Harbour pier approved", "content": HARBOUR})  # a repeated guid
    assert run(site.base + FEED_URL, "--once").exit_code == 0
    with sqlite3.connect(run.db) as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM sources").fetchone()[0] == 3
        assert db.execute("SELECT count(*) FROM watch_entries").fetchone()[0] == 3


def test_a_poll_stopped_after_storing_loses_nothing_and_stores_nothing_twice(site, run):
    from newsprism.api import analyze_documents

    def analyze_then_interrupt(docs, db, progress=None):
        analyze_documents(docs, db=db)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        watch([site.base + FEED_URL], run.db, analyze=analyze_then_interrupt, allow_private=True)
    assert len(stored(run.db)) == 3
    r = run(site.base + FEED_URL, "--once")
    assert r.exit_code == 0 and feed_lines(r, FEED_URL) == [f"feed {site.base}{FEED_URL}: 3 new, 0 skipped"]
    assert len(stored(run.db)) == 3
    assert site.paths().count("/articles/bridge.html") == 1  # recognised as stored, not fetched again
    assert run(site.base + FEED_URL, "--once").stderr.endswith("(304 not modified)\n")


@pytest.mark.parametrize("stop", ["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_between_polls_stops_cleanly(site, run, monkeypatch, stop):
    def outside_watch(signum, frame):
        raise AssertionError("SIGTERM reached the handler that was there before watch")

    naps = []

    def sleep(seconds):
        naps.append(seconds)
        assert len(naps) == 1, "the loop went on after the stop"
        if stop == "sigterm":
            os.kill(os.getpid(), signal.SIGTERM)  # watch turns it into KeyboardInterrupt, like Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, outside_watch)
    try:
        monkeypatch.setattr(time, "sleep", sleep)  # the pause between polls
        r = run(site.base + FEED_URL, "--every", "30s")
        assert signal.getsignal(signal.SIGTERM) is outside_watch  # put back on the way out
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert r.exit_code == 130 and r.stderr.splitlines()[-1] == "stopped"
    assert naps == [30] and len(stored(run.db)) == 3


def test_every_accepts_seconds_minutes_hours_and_rejects_the_rest(run):
    assert [parse_every(v) for v in ("30s", "15m", "1h", " 2m ")] == [30, 900, 3600, 120]
    for bad in ("15", "15x", "0s", "-5m", "1.5h", ""):
        with pytest.raises(ValueError, match="is not a poll interval"):
            parse_every(bad)
    r = run("feed.rss", "--every", "15x")
    assert r.exit_code == 2 and isinstance(r.exception, SystemExit)
    assert "Invalid value for '--every': '15x' is not a poll interval; use a whole number and s, m or h" in r.stderr


def test_polite_mode_honours_robots_txt_once_per_host_and_can_be_told_not_to(site, run):
    site.pages["/robots.txt"] = "User-agent: *\nDisallow: /articles/\n"
    r = run(site.base + FEED_URL, "--once")
    assert r.exit_code == 1  # the summary-only entry's page is refused
    assert "robots.txt" in r.output and "--ignore-robots" in r.output
    assert "/articles/bridge.html" not in site.paths() and site.paths().count("/robots.txt") == 1
    assert len(stored(run.db)) == 2  # the full-content entries do not need the page
    r = run(site.base + FEED_URL, "--once", "--ignore-robots")
    assert r.exit_code == 0 and site.paths().count("/articles/bridge.html") == 1 and len(stored(run.db)) == 3


def test_robots_txt_that_names_newsprism_and_a_crawl_delay_space_the_requests(site, monkeypatch):
    from newsprism.ingest import feeds

    site.pages["/robots.txt"] = ("User-agent: newsprism\nCrawl-delay: 7\nDisallow: /private/\n\n"
                                 "User-agent: *\nDisallow: /\n")
    monkeypatch.setattr(feeds, "_this_machine", lambda host: False)  # treat the test server as someone else's
    now, waits = [100.0], []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    with Client(allow_private=True, clock=lambda: now[0], sleep=sleep) as client:
        assert client.get(site.base + FEED_URL).status == 200  # allowed for newsprism, though not for others
        with pytest.raises(InputError, match="robots.txt"):
            client.get(site.base + "/private/x.html")
        client.get(site.base + FEED_URL)
    assert site.paths().count("/robots.txt") == 1
    assert waits and all(abs(w - 7) < 1e-6 or abs(w - 1) < 1e-6 for w in waits) and 7 in [round(w) for w in waits]

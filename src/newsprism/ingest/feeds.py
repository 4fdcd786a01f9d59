"""Feeds for ``newsprism watch``: the feed list (URLs, local files, OPML), a polite HTTP client, and entries.

The client sends conditional GETs (If-None-Match / If-Modified-Since), caps each response at ``MAX_BYTES``,
gives up after ``TOTAL_TIMEOUT_S`` seconds and ``MAX_REDIRECTS`` redirects, speaks only http(s), names newsprism
in its User-Agent, sends at most one request per host at a time and, in polite mode (the default of ``watch``),
honours robots.txt and spaces its requests to a host. An entry that holds only a summary is replaced by the page
its link points to.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Document, Skipped, content_id, normalize_text
from .fetch import (MAX_REDIRECTS, TIMEOUT_S as TOTAL_TIMEOUT_S, USER_AGENT, Fetched, FetchOptions, SafeHttp,
                    check_address, is_url)
from .read import MAX_BYTES, read_bytes

# An entry whose text (tags dropped) is shorter than this holds only a teaser or summary, not the article:
# its link is fetched and the page ingested instead. Full-text feeds carry far longer bodies.
FULL_TEXT_MIN_CHARS = 400

_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_PAGE_ACCEPT = "text/html, application/xhtml+xml, text/plain;q=0.9"
_TAG = re.compile(r"<[^>]*>")
USER_AGENT_TOKEN = USER_AGENT.split("/")[0]  # "newsprism": the product token robots.txt groups name


# Polite mode (``watch``'s default): robots.txt is honoured and one host gets at most one request per
# ``MIN_INTERVAL_S`` (or the Crawl-delay its robots.txt asks for, up to ``MAX_CRAWL_DELAY_S``).
MIN_INTERVAL_S = 1.0
MAX_CRAWL_DELAY_S = 30.0
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt
ROBOTS_TTL_S = 24 * 3600  # a host's robots.txt is read again after a day (RFC 9309: at most 24 h of caching)


class Client:
    """A safe, polite HTTP client (``fetch.SafeHttp``: total deadline, size cap, checked redirects, no private
    addresses unless allowed); use as a context manager. Failures raise ``InputError`` with a one-line reason.

    ``polite``: every URL is checked against its host's robots.txt (RFC 9309: a missing robots.txt or another 4xx
    allows everything, a 5xx or an unreachable host disallows everything until the next read), and requests to one
    host are spaced by ``MIN_INTERVAL_S`` or the host's Crawl-delay."""

    def __init__(self, max_bytes: int = MAX_BYTES, allow_private: bool = False, polite: bool = True,
                 clock=None, sleep=None):
        import time

        self.max_bytes = max_bytes
        self.polite = polite
        self.safe = SafeHttp(FetchOptions(allow_private=allow_private, timeout_s=TOTAL_TIMEOUT_S,
                                          max_bytes=max_bytes, max_redirects=MAX_REDIRECTS))
        self._robots_http = SafeHttp(FetchOptions(allow_private=allow_private, timeout_s=TOTAL_TIMEOUT_S,
                                                  max_bytes=ROBOTS_MAX_BYTES, max_redirects=MAX_REDIRECTS))
        self._host_locks: dict[str, threading.Lock] = {}
        self._robots: dict[str, tuple[float, object]] = {}  # scheme://host -> (read at, RobotFileParser or bool)
        self._last: dict[str, float] = {}  # host -> when its last request ended
        self._clock, self._sleep = clock or time.monotonic, sleep or time.sleep

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.safe.close()
        self._robots_http.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            accept: str = _FEED_ACCEPT) -> Fetched:
        """GET ``url``, conditionally when a validator is given; 2xx and 304 are answers, anything else fails."""
        if not is_url(url):
            raise InputError("not an http(s) URL")
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        with self._host_lock(url):
            delay = MIN_INTERVAL_S
            if self.polite:
                check_address(url, self.safe.options.allow_private)  # refused as such, before its robots.txt
                rules = self._rules(url)
                if rules is False or rules is not True and not rules.can_fetch(USER_AGENT_TOKEN, url):
                    raise InputError(f"refused by the robots.txt of {urlsplit(url).netloc} (polite mode; "
                                     "--ignore-robots fetches it anyway)")
                crawl = rules.crawl_delay(USER_AGENT_TOKEN) if rules not in (True, False) else None
                delay = min(float(crawl), MAX_CRAWL_DELAY_S) if crawl else MIN_INTERVAL_S
                self._space(url, delay)
            try:
                return self.safe.get(url, headers)
            finally:
                self._last[urlsplit(url).netloc.lower()] = self._clock()

    def _host_lock(self, url: str) -> threading.Lock:
        return self._host_locks.setdefault(urlsplit(url).netloc.lower(), threading.Lock())

    def _space(self, url: str, delay: float) -> None:
        """Wait until ``delay`` seconds have passed since the host's last request (not for this machine itself:
        politeness is owed to other people's servers)."""
        if _this_machine(urlsplit(url).hostname or ""):
            return
        last = self._last.get(urlsplit(url).netloc.lower())
        if last is not None and self._clock() - last < delay:
            self._sleep(delay - (self._clock() - last))

    def _rules(self, url: str):
        """The host's robots.txt rules (a RobotFileParser), True (everything allowed) or False (nothing)."""
        from urllib.robotparser import RobotFileParser

        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}".lower()
        cached = self._robots.get(site)
        if cached is not None and self._clock() - cached[0] < ROBOTS_TTL_S:
            return cached[1]
        self._space(url, MIN_INTERVAL_S)
        try:
            got = self._robots_http.get(site + "/robots.txt", {"Accept": "text/plain"})
            parser = RobotFileParser()
            parser.parse(got.text().splitlines())
            rules = parser
        except InputError as e:
            rules = str(e).startswith("HTTP 4")  # none (404) or not for us (401/403): allowed; 5xx, down: not
        finally:
            self._last[parts.netloc.lower()] = self._clock()
        self._robots[site] = (self._clock(), rules)
        return rules


def _this_machine(host: str) -> bool:
    import ipaddress

    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_feed(client: Client, feed: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """A feed's current bytes: an http(s) URL fetched conditionally, anything else read as a local file."""
    if is_url(feed):
        return client.get(feed, etag, last_modified)
    try:
        return Fetched(feed, 200, read_bytes(feed, client.max_bytes))
    except FileNotFoundError as e:
        raise InputError("no such file") from e
    except OSError as e:
        raise InputError(f"could not read the file ({e.strerror or e})") from e


# -- the feed list ---------------------------------------------------------------------------------------------

def list_feeds(client: Client, args: Iterable[str]) -> Iterator[str | Skipped]:
    """The feeds named by ``args`` (feed URLs or files, OPML files or URLs), in order, each once."""
    seen: set[str] = set()
    for arg in args:
        for feed in _feeds_of(client, arg):
            if isinstance(feed, str):
                if feed in seen:
                    continue
                seen.add(feed)
            yield feed


def _feeds_of(client: Client, arg: str) -> list[str | Skipped]:
    """``arg`` itself, or the feeds an OPML file at ``arg`` lists (an OPML URL must end in ``.opml``)."""
    if is_url(arg) and not urlsplit(arg).path.lower().endswith(".opml"):
        return [arg]
    if not is_url(arg) and not _file_is_opml(arg):
        return [arg]  # a local feed file; reading problems are reported when it is polled
    try:
        return parse_opml(read_feed(client, arg).body)
    except InputError as e:
        return [Skipped(arg, str(e))]


def _file_is_opml(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return is_opml(f.read(4096))
    except OSError:
        return False


def is_opml(data: bytes) -> bool:
    return re.search(rb"<opml[\s>]", data[:4096], re.I) is not None


def parse_opml(data: bytes) -> list[str]:
    """The ``xmlUrl`` of every outline, nested ones included, in document order."""
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
        urls = [] if root is None else [o.get("xmlUrl").strip() for o in root.iter("outline") if o.get("xmlUrl")]
    except (etree.XMLSyntaxError, UnicodeError, ValueError) as e:
        raise InputError(f"broken OPML file ({type(e).__name__}: {str(e)[:80]})") from e
    if not urls:
        raise InputError("OPML file lists no feed (no outline with an xmlUrl)")
    return urls


# -- entries -------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class Entry:
    """One feed entry: a stable id, its best body (content, else summary), and what the feed says about it."""

    id: str
    body: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def summary_only(self) -> bool:
        return len(" ".join(_TAG.sub(" ", self.body).split())) < FULL_TEXT_MIN_CHARS


def parse_entries(feed: str, data: bytes) -> list[Entry]:
    """The entries of an RSS/Atom document; InputError when it is not a feed at all."""
    from .formats import parse_feed

    parsed = parse_feed(data)
    if not parsed.entries and parsed.bozo and not parsed.feed.get("title"):
        raise InputError(f"not an RSS/Atom feed ({parsed.bozo_exception})")
    outlet = parsed.feed.get("title")
    return [_entry(e, outlet) for e in parsed.entries]


def _entry(e, outlet: str | None) -> Entry:
    body = (e.get("content") or [{}])[0].get("value") or e.get("summary") or ""
    meta = {"title": e.get("title"), "url": e.get("link"), "author": e.get("author"), "outlet": outlet}
    date = e.get("published_parsed") or e.get("updated_parsed")
    if date:
        meta["date"] = f"{date.tm_year:04d}-{date.tm_mon:02d}-{date.tm_mday:02d}"
    entry_id = e.get("id") or e.get("link") or content_id(f"{e.get('title', '')}\n{body}")
    return Entry(entry_id, normalize_text(body), {k: v for k, v in meta.items() if v})


def entry_document(client: Client, source: str, entry: Entry) -> Document | Skipped:
    """The entry's article: the linked page when the entry holds only a summary, else the entry's own content."""
    link = entry.meta.get("url", "")
    if entry.summary_only and is_url(link):
        try:
            page = client.get(link, accept=_PAGE_ACCEPT)
            kind = "text" if page.content_type.startswith("text/plain") else "html"
            return Document(source, page.text(), kind, {**entry.meta, "url": page.url})
        except InputError as e:
            return Skipped(source, f"the entry holds only a summary and its page {link} failed: {e}")
    if not entry.body.strip():
        return Skipped(source, "feed entry has no content, no summary and no link")
    return Document(source, entry.body, "html", dict(entry.meta))

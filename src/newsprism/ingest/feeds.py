"""Feeds for ``newsprism watch``: the feed list (URLs, local files, OPML), a polite HTTP client, and entries.

The client sends conditional GETs (If-None-Match / If-Modified-Since), caps each response at ``MAX_BYTES``,
gives up after ``TOTAL_TIMEOUT_S`` seconds and ``MAX_REDIRECTS`` redirects, speaks only http(s), names newsprism
in its User-Agent and sends at most one request per host at a time. An entry that holds only a summary is
replaced by the page its link points to.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import Document, Skipped, content_id, normalize_text
from .fetch import MAX_REDIRECTS, TIMEOUT_S as TOTAL_TIMEOUT_S, Fetched, FetchOptions, SafeHttp, is_url
from .read import MAX_BYTES, read_bytes

# An entry whose text (tags dropped) is shorter than this holds only a teaser or summary, not the article:
# its link is fetched and the page ingested instead. Full-text feeds carry far longer bodies.
FULL_TEXT_MIN_CHARS = 400

_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_PAGE_ACCEPT = "text/html, application/xhtml+xml, text/plain;q=0.9"
_TAG = re.compile(r"<[^>]*>")


class Client:
    """A safe, polite HTTP client (``fetch.SafeHttp``: total deadline, size cap, checked redirects, no private
    addresses unless allowed); use as a context manager. Failures raise ``InputError`` with a one-line reason."""

    def __init__(self, max_bytes: int = MAX_BYTES, allow_private: bool = False):
        self.max_bytes = max_bytes
        self.safe = SafeHttp(FetchOptions(allow_private=allow_private, timeout_s=TOTAL_TIMEOUT_S,
                                          max_bytes=max_bytes, max_redirects=MAX_REDIRECTS))
        self._host_locks: dict[str, threading.Lock] = {}

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.safe.close()

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
            return self.safe.get(url, headers)

    def _host_lock(self, url: str) -> threading.Lock:
        return self._host_locks.setdefault(urlsplit(url).netloc.lower(), threading.Lock())


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

"""``newsprism watch``: poll RSS/Atom feeds, ingest and analyse what is new, remember what was seen.

Each poll reads the feed list (feed URLs or files, OPML files re-read every poll), fetches each feed with a
conditional GET, turns every unseen entry into a document (``feeds.entry_document``) and hands them to the core
(``api.analyze_documents``). An entry is marked seen only after its article is stored, so an interrupted poll
loses nothing; the next one picks up where it stopped.

Feed state lives in the corpus database file, in two tables of the store's schema (``store/watch_state.py``),
read and written here on a connection of its own.
"""
from __future__ import annotations

import contextlib
import re
import signal
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..errors import InputError, StoreError
from ..model import Document, Report, Skipped
from ..store import Store
from ..store.watch_state import WATCH_SCHEMA
from .feeds import Client, Entry, entry_document, list_feeds, parse_entries, read_feed

Analyze = Callable[..., Report]  # analyze_documents(documents, db=..., progress=...) -> Report



class FeedState:
    """The watch tables of one database file, on a connection of their own; use as a context manager."""

    def __init__(self, db: str):
        from ..store import Store

        Store(db).close()  # refuses a file that is not a newsprism database, creates or migrates ours
        try:
            self.db = sqlite3.connect(db, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            for stmt in WATCH_SCHEMA:  # a database made before the tables were part of the store's schema
                self.db.execute(stmt)
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{db} is not a usable SQLite database ({e}); pass another --db") from e

    def __enter__(self) -> "FeedState":
        return self

    def __exit__(self, *exc) -> None:
        self.db.close()

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified to send back for ``feed`` (None when never fully polled)."""
        row = self.db.execute("SELECT etag, last_modified FROM watch_feeds WHERE feed = ?", (feed,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def seen(self, feed: str) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT entry_id FROM watch_entries WHERE feed = ?", (feed,))}

    def mark_seen(self, feed: str, stored: Iterable[tuple[str, str]]) -> None:
        """Record entries ``(entry_id, source)`` whose articles are stored, in one transaction."""
        now = time.time()
        with self._transaction():
            self.db.executemany("INSERT OR IGNORE INTO watch_entries VALUES (?, ?, ?, ?)",
                                [(feed, entry_id, source, now) for entry_id, source in stored])

    def record_poll(self, feed: str, error: str | None = None,
                    validators: tuple[str | None, str | None] | None = None) -> None:
        """Note a poll of ``feed``: its error (None when it worked) and, when given, new validators."""
        with self._transaction():
            self.db.execute("INSERT INTO watch_feeds (feed, last_poll, last_error) VALUES (?, ?, ?) ON CONFLICT(feed) "
                            "DO UPDATE SET last_poll = excluded.last_poll, last_error = excluded.last_error",
                            (feed, time.time(), error))
            if validators is not None:
                self.db.execute("UPDATE watch_feeds SET etag = ?, last_modified = ? WHERE feed = ?", (*validators, feed))

    @contextlib.contextmanager
    def _transaction(self):
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (an interrupt included)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


@dataclass(slots=True)
class FeedResult:
    """What one poll of one feed did."""

    feed: str
    new: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    not_modified: bool = False
    error: str | None = None
    articles: list[str] = field(default_factory=list)  # ids of the articles the new entries gave
    stage_errors: list[str] = field(default_factory=list)  # stages that failed while analysing them

    @property
    def ok(self) -> bool:
        return self.error is None and not self.skipped and not self.stage_errors

    def __str__(self) -> str:
        if self.error:
            return f"feed {self.feed}: failed ({self.error})"
        return (f"feed {self.feed}: {self.new} new, {len(self.skipped)} skipped"
                + (" (304 not modified)" if self.not_modified else "")
                + "".join(f"; {e}" for e in self.stage_errors))

    def to_dict(self) -> dict[str, Any]:
        return {"feed": self.feed, "new": self.new, "not_modified": self.not_modified, "error": self.error,
                "articles": self.articles, "stage_errors": self.stage_errors,
                "skipped": [{"source": s.source, "reason": s.reason} for s in self.skipped]}


def entry_source(feed: str, entry: Entry) -> str:
    """The store's name for an entry's article source, like ``path#entry=N`` for feed files."""
    return f"{feed}#entry={entry.id}"


def poll_feed(client: Client, state: FeedState, feed: str, db: str, analyze: Analyze) -> FeedResult:
    """Fetch ``feed`` conditionally and ingest its unseen entries; a failure becomes ``FeedResult.error``."""
    try:
        fetched = read_feed(client, feed, *state.validators(feed))
        entries = [] if fetched.not_modified else parse_entries(feed, fetched.body)
    except InputError as e:
        state.record_poll(feed, error=str(e))
        return FeedResult(feed, error=str(e))
    result = ingest_entries(client, state, feed, unseen(state, feed, entries), db, analyze)
    result.not_modified = fetched.not_modified
    # New validators only once every new entry is stored: a skipped entry is fetched again at the next poll.
    keep = None if fetched.not_modified or result.skipped else (fetched.etag, fetched.last_modified)
    state.record_poll(feed, validators=keep)
    return result


def unseen(state: FeedState, feed: str, entries: list[Entry]) -> list[Entry]:
    """The entries not yet stored for ``feed``, each id once, in feed order."""
    seen = state.seen(feed)
    fresh = []
    for e in entries:
        if e.id not in seen:
            seen.add(e.id)
            fresh.append(e)
    return fresh


def ingest_entries(client: Client, state: FeedState, feed: str, entries: list[Entry], db: str,
                   analyze: Analyze) -> FeedResult:
    """Analyse the entries into ``db`` and mark the stored ones seen (those stored already, without fetching)."""
    result = FeedResult(feed)
    recovered = stored_already(db, feed, entries)
    mark_stored(state, result, {e.id: entry_source(feed, e) for e in entries if e.id in recovered},
                list(recovered.values()))
    rest = [e for e in entries if e.id not in recovered]
    if rest:
        docs = {e.id: entry_document(client, entry_source(feed, e), e) for e in rest}
        report = analyze(list(docs.values()), db=db)
        result.skipped = skipped_of(docs.values(), report)
        failed = {s.source for s in result.skipped}
        stored = {d.source for d in docs.values()} - failed
        mark_stored(state, result, {eid: d.source for eid, d in docs.items() if d.source in stored},
                    [a.id for a in report.articles if a.path in stored])  # the report also holds their threads
        result.stage_errors = [str(e) for e in report.stage_errors]
    return result


def stored_already(db: str, feed: str, entries: list[Entry]) -> dict[str, str]:
    """Entry id -> article id for entries the store already holds under their source (a poll stopped between
    storing and marking them seen): they are marked seen without fetching a page that may have changed."""
    found = {}
    with Store(db) as store:
        for e in entries:
            aid = store.article_for_source(entry_source(feed, e))
            if aid:
                found[e.id] = aid
    return found


def skipped_of(docs: Iterable[Document | Skipped], report: Report) -> list[Skipped]:
    """The entries that gave no article: skipped before analysis (a page failed) or by it, each once."""
    skipped = {d.source: d for d in docs if isinstance(d, Skipped)}
    skipped.update((s.source, s) for s in report.skipped)
    return list(skipped.values())


def mark_stored(state: FeedState, result: FeedResult, sources: dict[str, str], article_ids: list[str]) -> None:
    """Mark entries (id -> source) seen now that their articles are stored, and count them as new."""
    state.mark_seen(result.feed, sources.items())
    result.new += len(sources)
    result.articles += article_ids


def poll(client: Client, state: FeedState, args: Iterable[str], db: str, analyze: Analyze,
         on_feed: Callable[[FeedResult], None] | None = None) -> list[FeedResult]:
    """One poll of every feed ``args`` name, one after another (so one request per host at a time)."""
    results = []
    for feed in list_feeds(client, args):
        if isinstance(feed, Skipped):
            result = FeedResult(feed.source, error=feed.reason)
        else:
            result = poll_feed(client, state, feed, db, analyze)
        results.append(result)
        if on_feed:
            on_feed(result)
    return results


_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_every(text: str) -> int:
    """A poll interval in seconds from ``30s``, ``15m`` or ``1h``; ValueError naming the text otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*([smh])\s*", text or "")
    if not m or int(m.group(1)) == 0:
        raise ValueError(f"{text!r} is not a poll interval; use a whole number and s, m or h, such as 30s, 15m or 1h")
    return int(m.group(1)) * _UNITS[m.group(2)]


@contextlib.contextmanager
def sigterm_as_interrupt():
    """While inside, SIGTERM raises KeyboardInterrupt like Ctrl-C does, so both stop the loop the same clean way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def watch(args: Iterable[str], db: str, every: int | None = None, analyze: Analyze | None = None,
          on_feed: Callable[[FeedResult], None] | None = None,
          on_poll: Callable[[list[FeedResult]], None] | None = None,
          sleep: Callable[[float], None] | None = None, allow_private: bool = False,
          polite: bool = True) -> list[FeedResult]:
    """Poll the feeds once (``every`` None) or every ``every`` seconds until Ctrl-C / SIGTERM (KeyboardInterrupt).
    ``allow_private``: feeds and pages on loopback / private addresses may be fetched (refused otherwise).
    ``polite`` (default): robots.txt is honoured and requests to one host are spaced (``feeds.Client``).

    Returns the last poll's results. ``analyze`` defaults to ``newsprism.api.analyze_documents``, ``sleep`` to
    ``time.sleep``.
    """
    if analyze is None:
        from ..api import analyze_documents as analyze
    args = list(args)
    with sigterm_as_interrupt(), Client(allow_private=allow_private, polite=polite) as client, \
            FeedState(db) as state:
        while True:
            results = poll(client, state, args, db, analyze, on_feed)
            if on_poll:
                on_poll(results)
            if every is None:
                return results
            (sleep or time.sleep)(every)

"""SQLite store: articles, the sources they came from, skipped inputs, and every finding (``threads.py``).

The schema version lives in ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a database from version n to
n + 1, each in one transaction. Ingest is idempotent: an article's id is a hash of its content, so the same
article ingested twice (from one path or two) is stored once, with every source that gave it.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from urllib.parse import quote
from typing import Iterator

from ..errors import StoreError
from ..model import Article, Skipped
from . import findings
from .watch_state import WATCH_SCHEMA
from .browse import BrowseStore
from .threads import StoryIndexStore, ThreadStore

DEFAULT_DB = "newsprism.db"

MIGRATIONS: list[tuple[str, ...]] = [
    (  # 0 -> 1: articles, their sources, skipped inputs
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY, path TEXT NOT NULL, kind TEXT NOT NULL, raw TEXT NOT NULL, text TEXT NOT NULL,
            title TEXT, byline TEXT, outlet TEXT, published TEXT, published_via TEXT, language TEXT, url TEXT,
            credits TEXT NOT NULL DEFAULT '[]', boilerplate TEXT NOT NULL DEFAULT '[]', added_at REAL NOT NULL)""",
        """CREATE TABLE sources (
            source TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id), added_at REAL NOT NULL)""",
        "CREATE INDEX sources_article ON sources(article_id)",
        "CREATE TABLE skipped (source TEXT PRIMARY KEY, reason TEXT NOT NULL, at REAL NOT NULL)",
    ),
    (  # 1 -> 2: full-text search over cleaned text and titles (existing rows are indexed too)
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid')",
        """CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END""",
        """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        END""",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    ),
    findings.schema() + WATCH_SCHEMA,  # 2 -> 3: findings, spans, article fields, stories, threads, state, parses,
    # runs, and the feed state of `newsprism watch`
    findings.CACHE_SCHEMA,  # 3 -> 4: reuse results per article pair and extract readings per article, kept
    findings.SIGNALS_SCHEMA,  # 4 -> 5: the reuse stage's garbled-name check per article, kept
]
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = ("id", "path", "kind", "raw", "text", "title", "byline", "outlet", "published", "published_via",
            "language", "url", "credits", "boilerplate")


_OUR_TABLES = {"articles", "sources", "skipped"}
_WATCH_TABLES = {"watch_feeds", "watch_entries"}
_BUSY_TRIES = 8  # BEGIN IMMEDIATE retries on a busy database (back-off 0.05 s doubling: ~13 s in all)


class Store(ThreadStore, StoryIndexStore, BrowseStore):
    """One SQLite database. Use as a context manager, or call ``close()``.

    ``readonly``: opened with ``mode=ro`` (reading a database you may not write: no migration, no WAL switch).
    A file that is not a newsprism database (another application's tables) is refused, never changed.
    """

    def __init__(self, path: str = DEFAULT_DB, readonly: bool = False):
        if not path:
            raise StoreError("the database name is empty; pass a file name with --db (or NEWSPRISM_DB)")
        self.path = path
        self.readonly = readonly and path != ":memory:"
        try:
            self.db = self._connect()
            self.db.row_factory = sqlite3.Row
            if self.readonly:
                self._check_readable()
            else:
                self.migrate()
            self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{path} is not a usable SQLite database ({e}); pass another --db") from e

    def _connect(self) -> sqlite3.Connection:
        if not self.readonly:
            return sqlite3.connect(self.path, timeout=30, isolation_level=None)
        uri = f"file:{quote(os.path.abspath(self.path))}?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return db
        except sqlite3.OperationalError:  # a WAL database in a folder we cannot write (no -shm file)
            return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=30, isolation_level=None)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        """Bring the schema up to ``SCHEMA_VERSION`` in one ``BEGIN IMMEDIATE`` transaction that also reads the
        version: concurrent first users wait for each other (retrying on busy), and only one creates the tables."""
        for attempt in range(_BUSY_TRIES):
            try:
                self._migrate_once()
                break
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e) or attempt == _BUSY_TRIES - 1:
                    raise StoreError(f"{self.path} is busy or locked ({e}); try again") from e
                time.sleep(0.05 * 2 ** attempt)
        if self.path != ":memory:":
            self._wal()

    def _wal(self) -> None:
        """Switch to WAL (persistent: the first writer that manages it sets it for all). The switch can answer
        "locked" at once, without waiting, while another new writer holds the file: retry, then go on — the
        database works in either mode and a later open switches it."""
        for attempt in range(_BUSY_TRIES):
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                time.sleep(0.05 * 2 ** attempt)

    def _migrate_once(self) -> None:
        with self._transaction():
            v = self.version
            self._check_ours(v)
            for n in range(v, SCHEMA_VERSION):
                for stmt in MIGRATIONS[n]:
                    self.db.execute(stmt)
            if v != SCHEMA_VERSION:
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _tables(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
                if not r[0].startswith("sqlite_")}

    def _check_ours(self, v: int) -> None:
        """StoreError unless the file is empty or a newsprism database this version can use."""
        tables = self._tables() - _WATCH_TABLES  # `watch` of an earlier version made these before the store's
        if v > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {v}, newer than this newsprism ({SCHEMA_VERSION}); "
                             "upgrade newsprism")
        if (v == 0 and tables) or (v > 0 and not _OUR_TABLES <= tables):
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(f"{self.path} is not a newsprism database (it holds other tables: {shown}); "
                             "pass another --db")

    def _check_readable(self) -> None:
        v = self.version
        self._check_ours(v)
        if v != SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {v}, older than this newsprism ({SCHEMA_VERSION}); "
                             "run a writing command (ingest, analyze) once to upgrade it")

    def _transaction(self):
        return _Transaction(self.db)

    def add(self, article: Article, source: str | None = None) -> bool:
        """Store an article and the source it came from, atomically; True when the article is new."""
        row = article.to_dict(with_raw=True)
        row["credits"] = json.dumps(row["credits"], ensure_ascii=False)
        row["boilerplate"] = json.dumps(row["boilerplate"], ensure_ascii=False)
        now = time.time()
        with self._transaction():
            cur = self.db.execute(
                f"INSERT OR IGNORE INTO articles ({', '.join(_COLUMNS)}, added_at) "
                f"VALUES ({', '.join('?' * len(_COLUMNS))}, ?)", [row[c] for c in _COLUMNS] + [now])
            self.db.execute("INSERT OR IGNORE INTO sources VALUES (?, ?, ?)", (source or article.path, article.id, now))
            self.db.execute("DELETE FROM skipped WHERE source = ?", (source or article.path,))
        return cur.rowcount == 1

    def has(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_source(self, source: str, article_id: str) -> None:
        """Record that ``source`` gave the already stored article ``article_id``."""
        with self._transaction():
            self.db.execute("INSERT OR IGNORE INTO sources VALUES (?, ?, ?)", (source, article_id, time.time()))
            self.db.execute("DELETE FROM skipped WHERE source = ?", (source,))

    def add_skipped(self, skipped: Skipped) -> None:
        with self._transaction():
            self.db.execute("INSERT OR REPLACE INTO skipped VALUES (?, ?, ?)", (skipped.source, skipped.reason, time.time()))

    def article_for_source(self, source: str) -> str | None:
        row = self.db.execute("SELECT article_id FROM sources WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def get(self, id_or_prefix: str, with_raw: bool = False) -> Article:
        """The article with this id (or unique id prefix, at least 4 characters)."""
        rows = self.db.execute(f"SELECT {_select(with_raw)} FROM articles WHERE id LIKE ? LIMIT 2",
                               (id_or_prefix + "%",)).fetchall()
        if len(id_or_prefix) < 4 or len(rows) != 1:
            why = "matches no article" if not rows else "is ambiguous" if len(rows) > 1 else "is too short"
            raise KeyError(f"article id {id_or_prefix!r} {why}; list ids with `newsprism articles`")
        return _article(rows[0])

    def articles(self, ids: list[str] | None = None, with_raw: bool = False) -> Iterator[Article]:
        """All stored articles in the order they were added (or the given ids, in that order)."""
        if ids is None:
            for row in self.db.execute(f"SELECT {_select(with_raw)} FROM articles ORDER BY added_at, rowid"):
                yield _article(row)
            return
        for i in ids:
            row = self.db.execute(f"SELECT {_select(with_raw)} FROM articles WHERE id = ?", (i,)).fetchone()
            if row is not None:
                yield _article(row)

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Article ids and titles matching an FTS5 query, best first."""
        rows = self.db.execute(
            "SELECT a.id, a.title FROM articles_fts f JOIN articles a ON a.rowid = f.rowid "
            "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?", (query, limit)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def skipped(self) -> list[Skipped]:
        return [Skipped(r[0], r[1]) for r in self.db.execute("SELECT source, reason FROM skipped ORDER BY at")]


def _select(with_raw: bool) -> str:
    """Column list; the raw document is read only when asked for (it can be large)."""
    return ", ".join(c if with_raw or c != "raw" else "'' AS raw" for c in _COLUMNS)


def _article(row: sqlite3.Row) -> Article:
    d = dict(row)
    d["credits"] = json.loads(d["credits"])
    d["boilerplate"] = json.loads(d["boilerplate"])
    return Article.from_dict(d)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error: an interrupted write leaves nothing half-done."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type, *_):
        if exc_type:
            self.db.execute("ROLLBACK")
            return False
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error:  # a failed COMMIT (a deferred foreign key, a full disk) leaves it open
            self.db.execute("ROLLBACK")
            raise
        return False

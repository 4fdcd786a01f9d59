"""Findings in SQLite: one table per report section, written and replaced a whole story thread at a time.

Each table has ``id`` (the finding's content-derived id), ``thread``, ``position`` (order within the thread), a
few columns worth querying (foreign keys to ``articles`` where a finding sits in one article) and ``data``, the
finding as JSON (``Record.to_dict``). ``spans`` holds every ``(article, start, end)`` a finding quotes — mentions,
values, citations — so every finding is reachable from the articles it cites. ``threads`` remembers which
articles each stored thread was computed from, and by which analysis code: a thread whose members or code changed
(or that a crash left unwritten) is computed again, the rest is kept.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..model import ARTICLE_FIELDS, SECTIONS, build, finding_id, plain

_FK = "TEXT REFERENCES articles(id)"
# section -> (table, [(column, SQL type)]); the columns are copied from the finding's JSON of the same name
TABLES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "relations": ("relations", [("a", _FK), ("b", _FK), ("kind", "TEXT"), ("score", "REAL"), ("original", _FK)]),
    "entities": ("entities", [("name", "TEXT"), ("type", "TEXT"), ("key", "TEXT")]),
    "quotes": ("quotes", [("article", _FK), ("start", "INTEGER"), ("end", "INTEGER"), ("text", "TEXT"),
                          ("speaker", "TEXT REFERENCES entities(id)"), ("direct", "INTEGER")]),
    "events": ("events", [("type", "TEXT"), ("cameo", "TEXT"), ("date", "TEXT")]),
    "fact_mentions": ("claims", [("article", _FK), ("start", "INTEGER"), ("end", "INTEGER"), ("text", "TEXT"),
                                 ("attribute", "TEXT"), ("value", ""), ("unit", "TEXT")]),
    "position_mentions": ("position_mentions", [("article", _FK), ("start", "INTEGER"), ("end", "INTEGER"),
                                                ("kind", "TEXT"), ("actor", "TEXT REFERENCES entities(id)"),
                                                ("text", "TEXT")]),
    "facts": ("facts", [("subject", "TEXT"), ("attribute", "TEXT"), ("verdict", "TEXT"),
                        ("independent_sources", "INTEGER")]),
    "quote_groups": ("quote_groups", [("match", "TEXT"), ("independent_sources", "INTEGER")]),
    "positions": ("positions", [("actor", "TEXT REFERENCES entities(id)"), ("name", "TEXT"), ("count", "INTEGER")]),
    "timeline": ("timeline", [("date", "TEXT"), ("precision", "TEXT"), ("text", "TEXT")]),
    "summary": ("summary", [("text", "TEXT"), ("kind", "TEXT")]),
}
THREAD_SECTIONS = [s for s in SECTIONS if s in TABLES]


def schema() -> tuple[str, ...]:
    """The CREATE statements of the findings tables (schema version 3)."""
    out = []
    for table, cols in TABLES.values():
        extra = "".join(f', "{c}" {t}' for c, t in cols)
        out.append(f'CREATE TABLE {table} (id TEXT PRIMARY KEY, thread TEXT NOT NULL, position INTEGER NOT NULL'
                   f'{extra}, data TEXT NOT NULL)')
        out.append(f"CREATE INDEX {table}_thread ON {table}(thread, position)")
        # every foreign key column indexed: deleting a thread's entities checks the rows that refer to them, a
        # full scan per row without an index (9 of 12 s of saving 39 threads at 1k articles)
        out += [f'CREATE INDEX {table}_{c} ON {table}("{c}")' for c, t in cols if "REFERENCES" in t]
    return tuple(out) + (
        """CREATE TABLE spans (finding TEXT NOT NULL, section TEXT NOT NULL, thread TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id), start INTEGER NOT NULL, "end" INTEGER NOT NULL)""",
        "CREATE INDEX spans_article ON spans(article_id, start)",
        "CREATE INDEX spans_thread ON spans(thread)",
        "CREATE INDEX spans_finding ON spans(finding)",
        """CREATE TABLE article_fields (article_id TEXT PRIMARY KEY REFERENCES articles(id), thread TEXT,
            story TEXT, "group" TEXT, status TEXT, data TEXT NOT NULL)""",
        "CREATE INDEX article_fields_thread ON article_fields(thread)",
        """CREATE TABLE stories (id TEXT PRIMARY KEY, thread TEXT NOT NULL, title TEXT, size INTEGER NOT NULL,
            first_published TEXT, last_published TEXT)""",
        """CREATE TABLE story_articles (story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id), position INTEGER NOT NULL,
            PRIMARY KEY (story_id, article_id))""",
        "CREATE INDEX story_articles_article ON story_articles(article_id)",
        """CREATE TABLE threads (id TEXT PRIMARY KEY, members TEXT NOT NULL, size INTEGER NOT NULL,
            computed_at REAL NOT NULL, run_id INTEGER REFERENCES runs(id), sections TEXT NOT NULL DEFAULT '[]')""",
        "CREATE TABLE state (key TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at REAL NOT NULL)",
        # the story index, stored piecemeal so that adding articles reads and writes only what they touch
        "CREATE TABLE story_states (id TEXT PRIMARY KEY, thread TEXT NOT NULL, data TEXT NOT NULL)",
        "CREATE INDEX story_states_thread ON story_states(thread)",
        """CREATE TABLE story_features (article_id TEXT PRIMARY KEY REFERENCES articles(id), story_id TEXT NOT NULL,
            features TEXT NOT NULL, title TEXT, stated INTEGER)""",
        "CREATE TABLE story_postings (key TEXT NOT NULL, story_id TEXT NOT NULL, PRIMARY KEY (key, story_id)) "
        "WITHOUT ROWID",
        """CREATE TABLE parses (article_id TEXT PRIMARY KEY REFERENCES articles(id), model TEXT NOT NULL,
            doc BLOB NOT NULL)""",
        """CREATE TABLE runs (id INTEGER PRIMARY KEY, command TEXT NOT NULL, started_at REAL NOT NULL,
            finished_at REAL, inputs TEXT NOT NULL DEFAULT '[]', articles INTEGER, new_articles INTEGER,
            threads_computed TEXT NOT NULL DEFAULT '[]', skipped INTEGER, stage_errors TEXT NOT NULL DEFAULT '[]',
            version TEXT)""",
    )


CACHE_SCHEMA = (
    # What the thread stages computed from one article or one pair, kept so that a thread recomputed because an
    # article joined it does not compute it again. key: what the result was computed from; code: the analysis
    # code's fingerprint (another version computes it again).
    # relation: the pair's Relation as exact JSON, NULL when the two share nothing (key: reuse.stage.pair_key)
    """CREATE TABLE pair_relations (a TEXT NOT NULL REFERENCES articles(id), b TEXT NOT NULL REFERENCES articles(id),
        key TEXT NOT NULL, code TEXT NOT NULL, relation TEXT, PRIMARY KEY (a, b))""",
    # data: the extract stage's per-article readings as JSON (key: model.article_digest)
    """CREATE TABLE article_readings (article_id TEXT PRIMARY KEY REFERENCES articles(id), key TEXT NOT NULL,
        code TEXT NOT NULL, data TEXT NOT NULL)""",
)

SIGNALS_SCHEMA = (
    # The reuse stage's garbled-name check of an article, kept like the two above. key: the digests of the
    # article and of its story, in order (reuse.stage.garble_key); signals: the garbled-name Signals as JSON,
    # NULL when the article has no suspect name.
    """CREATE TABLE article_signals (article_id TEXT PRIMARY KEY REFERENCES articles(id), key TEXT NOT NULL,
        code TEXT NOT NULL, signals TEXT)""",
)


def members_key(article_ids: Iterable[str]) -> str:
    """A digest of a thread's member set and of the code that analyses it: equal sets read by the same newsprism,
    equal keys — so a thread computed by another version of the analysis is computed again."""
    members = "\n".join(sorted(article_ids))
    return hashlib.sha256(f"{code_fingerprint()}\n{members}".encode()).hexdigest()[:24]


ANALYSIS_CODE = ("extract", "compare", "reuse", "model", "pipeline.py", "nlp.py")  # what computes a thread's
# findings (cleaning and story membership are stored with the articles and the story index and kept)


@functools.cache
def code_fingerprint() -> str:
    """A digest of the source of newsprism's thread analysis (``ANALYSIS_CODE``), read once per process."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in ANALYSIS_CODE:
        for path in sorted((root / name).rglob("*.py")) if (root / name).is_dir() else [root / name]:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def rows_of(section: str, thread: str, findings: Any) -> Iterator[tuple[str, list, dict]]:
    """(id, row values, the finding's JSON-able dict) of each finding of ``section`` in ``thread``."""
    _, cols = TABLES[section]
    items = findings if isinstance(findings, list) else [findings]
    for position, f in enumerate(items):
        d = plain(f)
        fid = str(getattr(f, "id", "") or d.get("id") or finding_id(section[:2], thread, position, d.get("actor")))
        row = [fid, thread, position] + [_column(d.get(c)) for c, _ in cols] + [json.dumps(d, ensure_ascii=False)]
        yield fid, row, d


def span_rows(fid: str, section: str, thread: str, d: dict) -> list[tuple]:
    """The ``spans`` rows of one finding (its JSON-able dict ``d``)."""
    return [(fid, section, thread, a, s, e) for a, s, e in spans_in(d)]


def _column(v: Any) -> Any:
    return int(v) if isinstance(v, bool) else v if v is None or isinstance(v, (int, float, str)) else json.dumps(v)


def spans_in(d: Any) -> Iterator[tuple[str, int, int]]:
    """Every ``{article, start, end}`` inside a finding's JSON (mentions, values, members, citations)."""
    if isinstance(d, dict):
        a, s, e = d.get("article"), d.get("start"), d.get("end")
        if isinstance(a, str) and isinstance(s, int) and isinstance(e, int):
            yield a, s, e
        for v in d.values():
            if isinstance(v, (dict, list)):
                yield from spans_in(v)
    elif isinstance(d, list):
        for v in d:
            yield from spans_in(v)


def insert_sql(section: str) -> str:
    table, cols = TABLES[section]
    names = ", ".join(["id", "thread", "position"] + [f'"{c}"' for c, _ in cols] + ["data"])
    return f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({', '.join('?' * (len(cols) + 4))})"


def update_sql(section: str) -> str:
    """An ``UPDATE`` of every column but the id, whose values are an ``insert_sql`` row turned to end in its id."""
    table, cols = TABLES[section]
    names = ["thread", "position"] + [f'"{c}"' for c, _ in cols] + ["data"]
    return f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?"


def article_row(article_id: str, thread: str, fields: dict[str, Any]) -> tuple:
    d = plain(fields)
    return (article_id, thread, d.get("story"), d.get("group"), (d.get("provenance") or {}).get("status"),
            json.dumps(d, ensure_ascii=False))


def typed_fields(data: str) -> dict[str, Any]:
    d = json.loads(data)
    return {k: build(ARTICLE_FIELDS[k], v) for k, v in d.items() if k in ARTICLE_FIELDS and v is not None}


def typed_section(section: str, datas: list[str]) -> Any:
    hint = SECTIONS[section]
    values = [json.loads(x) for x in datas]
    return build(hint, values)

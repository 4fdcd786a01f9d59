"""The findings half of the store: threads written and read whole, stories, state blobs, parse cache, runs.

Mixed into ``Store``; every write is one transaction, so an interrupted run leaves each thread either as it was
or fully replaced, never half-written.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import time
from typing import Any, Iterable, Iterator

from ..model import Report, Story, plain
from ..stories.lazy import LazyMap
from . import findings as F

_CHUNK = 500  # ids per ``IN (...)`` query (SQLite's variable limit is far higher; this keeps statements small)


def _digest(data: str) -> bytes:
    """A stored finding's JSON as a short digest: a thread's rows are compared without holding their text."""
    return hashlib.blake2b(data.encode(), digest_size=16).digest()


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def _marks(ids: list) -> str:
    return ", ".join("?" * len(ids))


class ThreadStore:
    """Methods of ``Store`` over findings; ``self.db`` is the connection, ``self._transaction()`` a BEGIN IMMEDIATE."""

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY added_at, rowid")]

    def thread_keys(self) -> dict[str, str]:
        """{thread id: digest of the member set it was computed from}."""
        return dict(self.db.execute("SELECT id, members FROM threads").fetchall())

    def save_thread(self, thread: str, part: Report, run_id: int | None = None,
                    parse_bytes: Iterable[tuple[str, bytes]] = ()) -> None:
        """Replace everything stored for ``thread`` by what ``part`` holds, in one transaction; ``parse_bytes``:
        parses a worker made for the thread (``(article id, doc bytes)``), cached with it."""
        now = time.time()
        with self._transaction():
            self._write_findings(thread, part)
            self.db.executemany("INSERT OR REPLACE INTO article_fields VALUES (?, ?, ?, ?, ?, ?)",
                                [F.article_row(a.id, thread, part.article_fields.get(a.id, {})) for a in part.articles])
            self.db.execute("INSERT OR REPLACE INTO threads VALUES (?, ?, ?, ?, ?, ?)",
                            (thread, F.members_key(a.id for a in part.articles), len(part.articles), now, run_id,
                             json.dumps(sorted(part.sections))))
            self._save_parses(part)
            self._save_parse_rows(list(parse_bytes))
            self._save_pairs(part.new_pairs)
            code = F.code_fingerprint()
            self.db.executemany("INSERT OR REPLACE INTO article_readings VALUES (?, ?, ?, ?)",
                                [(aid, key, code, data) for aid, (key, data) in part.new_readings.items()])
            self.db.executemany("INSERT OR REPLACE INTO article_signals VALUES (?, ?, ?, ?)",
                                [(aid, key, code, None if sigs is None else json.dumps([s.to_dict() for s in sigs]))
                                 for aid, (key, sigs) in part.new_signals.items()])

    def _write_findings(self, thread: str, part: Report) -> None:
        """The thread's stored findings made equal to ``part``'s, writing only the rows that differ: a thread
        computed again because one article joined it mostly finds what it found before (same ids, same data,
        same place), and rewriting all of it was most of storing it. Rows that went are deleted, changed ones
        updated, new ones inserted (an id another thread held moves here, its spans with it, as when every row
        was rewritten); a finding that only moved (an article joined the thread before it) gets its position
        and keeps its spans. Rows are written as they are made, against a digest of each stored row: memory
        holds one finding, not a section. Foreign keys are checked when the transaction commits, so a quote
        may point to its new speaker before the old one is gone."""
        self.db.execute("PRAGMA defer_foreign_keys = ON")  # for this transaction only
        for section in F.THREAD_SECTIONS:
            table = F.TABLES[section][0]
            stored = {fid: (pos, _digest(data)) for fid, pos, data in self.db.execute(
                f"SELECT id, position, data FROM {table} WHERE thread = ?", (thread,))}
            insert, update = F.insert_sql(section), F.update_sql(section)
            value = part.sections.get(section)
            seen, new = set(), []
            for fid, row, d in F.rows_of(section, thread, value) if value is not None else ():
                seen.add(fid)
                old = stored.get(fid)
                if old is not None and old[1] == _digest(row[-1]):
                    if old[0] != row[2]:
                        self.db.execute(f"UPDATE {table} SET position = ? WHERE id = ?", (row[2], fid))
                    continue
                if old is None:
                    self.db.execute(insert, row)
                    new.append(fid)
                else:
                    self.db.execute(update, row[1:] + [fid])
                    self.db.execute("DELETE FROM spans WHERE section = ? AND finding = ?", (section, fid))
                self.db.executemany("INSERT INTO spans VALUES (?, ?, ?, ?, ?, ?)", F.span_rows(fid, section, thread, d))
            gone = sorted(set(stored) - seen)
            for chunk in _chunks(gone):
                self.db.execute(f"DELETE FROM {table} WHERE id IN ({_marks(chunk)})", chunk)
                self.db.execute(f"DELETE FROM spans WHERE section = ? AND finding IN ({_marks(chunk)})",
                                [section, *chunk])
            for chunk in _chunks(new):  # the spans a new id had in the thread it left
                self.db.execute(f"DELETE FROM spans WHERE section = ? AND thread != ? AND finding IN "
                                f"({_marks(chunk)})", [section, thread, *chunk])

    def _save_pairs(self, pairs: dict) -> None:
        code = F.code_fingerprint()
        self.db.executemany("INSERT OR REPLACE INTO pair_relations VALUES (?, ?, ?, ?, ?)",
                            [(a, b, key, code, None if rel is None else json.dumps(dataclasses.asdict(rel)))
                             for (a, b), (key, rel) in pairs.items()])

    def article_readings(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The stored extract readings of these articles made by this version of the analysis: ``id -> (key,
        JSON text)``."""
        code, out = F.code_fingerprint(), {}
        for chunk in _chunks(list(ids)):
            out.update((aid, (key, data)) for aid, key, data in self.db.execute(
                f"SELECT article_id, key, data FROM article_readings WHERE code = ? AND article_id IN "
                f"({_marks(chunk)})", [code, *chunk]))
        return out

    def article_signals(self, ids: Iterable[str]) -> dict[str, tuple[str, Any]]:
        """The stored garbled-name checks of these articles made by this version of the analysis: ``id -> (key,
        list of Signals, or None)``."""
        from ..model import Signal

        code, out = F.code_fingerprint(), {}
        for chunk in _chunks(list(ids)):
            for aid, key, sigs in self.db.execute(
                    f"SELECT article_id, key, signals FROM article_signals WHERE code = ? AND article_id IN "
                    f"({_marks(chunk)})", [code, *chunk]):
                out[aid] = (key, None if sigs is None else [Signal.from_dict(s) for s in json.loads(sigs)])
        return out

    def pair_relations(self, ids: Iterable[str]) -> dict[tuple[str, str], tuple[str, Any]]:
        """The stored reuse results of pairs of these articles made by this version of the analysis:
        ``(a, b) -> (key, Relation or None)``."""
        from ..model import Relation

        ids = list(ids)
        members, code, out = set(ids), F.code_fingerprint(), {}
        for chunk in _chunks(ids):
            for a, b, key, rel in self.db.execute(
                    f"SELECT a, b, key, relation FROM pair_relations WHERE code = ? AND a IN ({_marks(chunk)})",
                    [code, *chunk]):
                if b in members:
                    out[(a, b)] = (key, None if rel is None else Relation.from_dict(json.loads(rel)))
        return out

    def delete_threads(self, threads: list[str]) -> None:
        if threads:
            with self._transaction():
                self._clear_threads(threads)

    def _clear_threads(self, threads: list[str]) -> None:
        for chunk in _chunks(list(threads)):
            q = _marks(chunk)
            for table, _ in reversed(list(F.TABLES.values())):  # referring rows (quotes) before entities
                self.db.execute(f"DELETE FROM {table} WHERE thread IN ({q})", chunk)
            self.db.execute(f"DELETE FROM spans WHERE thread IN ({q})", chunk)
            self.db.execute(f"DELETE FROM threads WHERE id IN ({q})", chunk)

    def save_stories(self, stories: list[Story], gone: list[str], index, key: str) -> None:
        """Write changed stories, drop vanished ones and save the story index, in one transaction."""
        with self._transaction():
            self.save_story_index(index, key)
            for chunk in _chunks(gone + [s.id for s in stories]):
                self.db.execute(f"DELETE FROM story_articles WHERE story_id IN ({_marks(chunk)})", chunk)
                self.db.execute(f"DELETE FROM stories WHERE id IN ({_marks(chunk)})", chunk)
            for s in stories:
                dates = self._dates(s.articles)
                self.db.execute("INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?)",
                                (s.id, s.thread, s.title, len(s.articles), min(dates, default=None),
                                 max(dates, default=None)))
                self.db.executemany("INSERT INTO story_articles VALUES (?, ?, ?)",
                                    [(s.id, a, n) for n, a in enumerate(s.articles)])

    def _dates(self, ids: list[str]) -> list[str]:
        out = []
        for chunk in _chunks(ids):
            out += [r[0] for r in self.db.execute(
                f"SELECT published FROM articles WHERE id IN ({_marks(chunk)}) AND published IS NOT NULL", chunk)]
        return out

    def get_state(self, key: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM state WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def _put_state(self, key: str, data: dict[str, Any]) -> None:
        self.db.execute("INSERT OR REPLACE INTO state VALUES (?, ?, ?)",
                        (key, json.dumps(data, ensure_ascii=False, separators=(",", ":")), time.time()))

    def story_of(self, ids: Iterable[str]) -> dict[str, str]:
        """{article id: story id} for the given articles."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(ids)):
            out.update(self.db.execute(
                f"SELECT article_id, story_id FROM story_articles WHERE article_id IN ({_marks(chunk)})", chunk))
        return out

    # --- the spaCy parse cache: an article is parsed once, ever ---

    def parses(self, ids: Iterable[str]) -> dict[str, Any]:
        """Cached spaCy Docs of these articles (none when spaCy is absent or the model changed)."""
        from ..nlp import doc_from_bytes

        return {aid: doc_from_bytes(blob) for aid, blob in self.parse_bytes(ids).items()}

    def parse_bytes(self, ids: Iterable[str]) -> dict[str, bytes]:
        """Cached parses of these articles as ``nlp.doc_to_bytes`` (for workers that rebuild the Docs), only
        those made by the current model (none when spaCy is absent)."""
        try:
            from ..nlp import model_name
        except ImportError:
            return {}
        out, model = {}, None
        for chunk in _chunks(list(ids)):
            rows = self.db.execute(f"SELECT article_id, model, doc FROM parses WHERE article_id IN ({_marks(chunk)})",
                                   chunk).fetchall()
            for aid, m, blob in rows:
                model = model or model_name()
                if m == model:
                    out[aid] = blob
        return out

    def unparsed(self, ids: Iterable[str]) -> list[str]:
        """Of these articles, those without a cached parse by the current model."""
        from ..nlp import model_name

        model, have = model_name(), set()
        ids = list(ids)
        for chunk in _chunks(ids):
            have |= {r[0] for r in self.db.execute(
                f"SELECT article_id FROM parses WHERE model = ? AND article_id IN ({_marks(chunk)})",
                [model, *chunk])}
        return [i for i in ids if i not in have]

    def save_parse_bytes(self, rows: list[tuple[str, bytes]]) -> None:
        """Cache parses made elsewhere (an engine's workers), in one transaction."""
        with self._transaction():
            self._save_parse_rows(rows)

    def _save_parse_rows(self, rows: list[tuple[str, bytes]]) -> None:
        if not rows:
            return
        from ..nlp import model_name

        model = model_name()
        self.db.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?, ?)", [(aid, model, blob) for aid, blob in rows])

    def _save_parses(self, part: Report) -> None:
        """Cache the parses this thread's run made (those it loaded from the cache are there already)."""
        new = {aid: doc for aid, doc in part.parsed.items() if aid not in part.cached}
        if not new:
            return
        from ..nlp import doc_to_bytes, model_name

        model = model_name()
        self.db.executemany("INSERT OR REPLACE INTO parses VALUES (?, ?, ?)",
                            [(aid, model, doc_to_bytes(doc)) for aid, doc in new.items()])

    # --- reading findings back ---

    def load_report(self, threads: Iterable[str] | None = None, article_ids: Iterable[str] | None = None,
                    sections: Iterable[str] | None = None) -> Report:
        """The stored report of some threads (all when None), typed; ``article_ids`` adds those articles' threads;
        ``sections``: only these finding sections (all when None)."""
        wanted = self.wanted_threads(threads, article_ids)
        report = Report()
        ids = self._thread_articles(wanted)
        report.articles = list(self.articles(ids))
        rows = self._rows("article_fields", "article_id, data", "thread", wanted)
        for aid, data in rows:
            report.article_fields[aid] = F.typed_fields(data)
        assigned = self.assigned_sections(wanted)
        wanted_sections = set(F.THREAD_SECTIONS if sections is None else sections)
        for section in F.THREAD_SECTIONS:
            if section not in assigned or section not in wanted_sections:
                continue
            table = F.TABLES[section][0]
            datas = [d for (d,) in self._rows(table, "data", "thread", wanted, order="thread, position")]
            report.sections[section] = F.typed_section(section, datas)
        if self.db.execute("SELECT 1 FROM state WHERE key = 'story_index'").fetchone():  # the stories stage ran
            report.sections["stories"] = self.stories(wanted)
        return report

    def wanted_threads(self, threads: Iterable[str] | None = None,
                       article_ids: Iterable[str] | None = None) -> set[str] | None:
        """``threads`` and the threads of ``article_ids`` (None: every thread)."""
        wanted = None if threads is None and article_ids is None else set(threads or ())
        if article_ids is not None:
            wanted |= set(self.threads_of(article_ids).values())
        return wanted

    def thread_parts(self, threads: set[str] | None, sections: Iterable[str]) -> Iterator[tuple[str, Report]]:
        """(thread, a report of its stored findings of ``sections``) for each of ``threads`` (all when None) in
        report order: one thread's findings in memory at a time."""
        ids = sorted(r[0] for r in self._cursor("threads", "id", "id", threads, "id"))
        for thread in ids:
            part = Report()
            for section in sections:
                part.sections[section] = self.findings(section, "thread = ?", (thread,))
            yield thread, part

    def threads_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        out = {}
        for chunk in _chunks(list(article_ids)):
            out.update(self.db.execute(
                f"SELECT article_id, thread FROM article_fields WHERE article_id IN ({_marks(chunk)})", chunk))
        return out

    def _thread_articles(self, threads: set[str] | None) -> list[str]:
        if threads is None:
            return self.article_ids()
        rows = self._rows("article_fields", "article_id", "thread", threads)
        found = {r[0] for r in rows}
        return [a for a in self.article_ids() if a in found]

    def _rows(self, table: str, cols: str, by: str, values: set[str] | None, order: str = "rowid") -> list[tuple]:
        return list(self._cursor(table, cols, by, values, order))

    def _cursor(self, table: str, cols: str, by: str, values: set[str] | None, order: str = "rowid"):
        """Rows of ``table`` (whose ``by`` is one of ``values``, all when None) in one ``order`` over all of them
        (the values go as one JSON parameter: chunked ``IN`` lists ordered each chunk on its own)."""
        if values is None:
            return self.db.execute(f"SELECT {cols} FROM {table} ORDER BY {order}")
        return self.db.execute(f"SELECT {cols} FROM {table} WHERE {by} IN (SELECT value FROM json_each(?)) "
                               f"ORDER BY {order}", (json.dumps(sorted(values)),))

    def section_rows(self, section: str, threads: set[str] | None = None, order: str = "thread, position",
                     typed: bool = False) -> Iterator[dict[str, Any]]:
        """The stored findings of ``section`` (of some threads) as report.json writes them, in report order (or
        ``order``), read a row at a time: a section of a large corpus is never held whole. A row's ``data`` is
        the finding's ``plain`` dict as the code that computed the thread wrote it; ``typed``: built as a typed
        finding and made plain again, for threads another version computed (``computed_here``). Typing and
        plain-ing every finding was 19 of 22 s reading a 2,000-article corpus's sections, so it is done only then."""
        for (data,) in self._cursor(F.TABLES[section][0], "data", "thread", threads, order):
            yield plain(F.typed_section(section, [data]))[0] if typed else json.loads(data)

    def section_texts(self, section: str, threads: set[str] | None = None) -> Iterator[str]:
        """``section_rows`` (not typed) as the JSON text each finding is stored as, in report order."""
        for (data,) in self._cursor(F.TABLES[section][0], "data", "thread", threads, "thread, position"):
            yield data

    def computed_here(self, threads: set[str] | None = None) -> bool:
        """Whether every one of these threads (all when None) was computed by this code from its current members."""
        keys, members = self.thread_keys(), self.thread_members()
        return all(keys.get(t) == F.members_key(members.get(t, ())) for t in (members if threads is None else threads))

    def section_count(self, section: str, threads: set[str] | None = None) -> int:
        return self._cursor(F.TABLES[section][0], "count(*)", "thread", threads, "1").fetchone()[0]

    def entity_names(self, threads: set[str] | None = None) -> dict[str, str]:
        """Entity id -> the name shown to people, without reading the entities' mentions."""
        return {i: name or i for i, name in self._cursor("entities", "id, name", "thread", threads)}

    def assigned_sections(self, threads: set[str] | None = None) -> set[str]:
        """The sections some stage assigned in these threads (an empty list is a finding too: "no copies")."""
        out: set[str] = set()
        for (names,) in self._cursor("threads", "sections", "id", threads):
            out.update(json.loads(names))
        return out

    def stories(self, threads: set[str] | None = None) -> list[Story]:
        """Stored stories (of some threads), oldest first, with their articles in arrival order."""
        rows = self._rows("stories", "id, thread, title", "thread", threads,
                          order="first_published IS NULL, first_published, id")
        members: dict[str, list[str]] = {}
        for sid, aid in self.db.execute("SELECT story_id, article_id FROM story_articles ORDER BY story_id, position"):
            members.setdefault(sid, []).append(aid)
        return [Story(sid, title or "", members.get(sid, []), thread) for sid, thread, title in rows]

    def findings(self, section: str, where: str = "", params: tuple = (), limit: int | None = None) -> list[Any]:
        """Typed findings of one section, optionally filtered by a SQL condition on its table's columns."""
        table = F.TABLES[section][0]
        sql = f"SELECT data FROM {table}" + (f" WHERE {where}" if where else "") + " ORDER BY thread, position"
        sql += f" LIMIT {int(limit)}" if limit else ""
        return F.typed_section(section, [r[0] for r in self.db.execute(sql, params)])

    # --- runs ---

    def start_run(self, command: str, inputs: list[str]) -> int:
        from .. import __version__

        with self._transaction():
            cur = self.db.execute("INSERT INTO runs (command, started_at, inputs, version) VALUES (?, ?, ?, ?)",
                                  (command, time.time(), json.dumps(list(inputs), ensure_ascii=False), __version__))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, **info: Any) -> None:
        cols = ("articles", "new_articles", "threads_computed", "skipped", "stage_errors")
        values = [json.dumps(plain(info[c])) if isinstance(info.get(c), list) else info.get(c) for c in cols]
        with self._transaction():
            self.db.execute(f"UPDATE runs SET finished_at = ?, {', '.join(c + ' = ?' for c in cols)} WHERE id = ?",
                            [time.time()] + values + [run_id])

    def runs(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT * FROM runs ORDER BY id")]


class StoryIndexStore:
    """The story index's tables: loaders for ``StoryIndex.stored`` and the write-back of what a run touched."""

    def story_loaders(self) -> dict[str, Any]:
        from ..stories.cluster import StoryState
        from ..stories.features import ArticleFeatures

        def rows(sql: str, keys: list[str]) -> list[tuple]:
            out = []
            for chunk in _chunks(keys):
                out += self.db.execute(sql.format(_marks(chunk)), chunk).fetchall()
            return out

        def postings(keys):
            found: dict[str, list[str]] = {}
            for k, sid in rows("SELECT key, story_id FROM story_postings WHERE key IN ({})", keys):
                found.setdefault(k, []).append(sid)
            return found

        def days(ids):  # an article's publication day alone, without decoding its features
            try:
                return dict(rows("SELECT article_id, json_extract(features, '$.day') FROM story_features "
                                 "WHERE article_id IN ({})", ids))
            except sqlite3.OperationalError:  # an SQLite built without JSON functions
                return {a: json.loads(f).get("day") for a, f in
                        rows("SELECT article_id, features FROM story_features WHERE article_id IN ({})", ids)}

        return {
            "stories": lambda ids: {i: StoryState(**json.loads(d)) for i, d in
                                    rows("SELECT id, data FROM story_states WHERE id IN ({})", ids)},
            "postings": postings,
            "story_of": lambda ids: dict(rows("SELECT article_id, story_id FROM story_features "
                                              "WHERE article_id IN ({})", ids)),
            "features": lambda ids: {a: ArticleFeatures(**json.loads(f)) for a, f in
                                     rows("SELECT article_id, features FROM story_features WHERE article_id IN ({})",
                                          ids)},
            "days": days,
            "titles": lambda ids: {a: (t, bool(st)) for a, t, st in
                                   rows("SELECT article_id, title, stated FROM story_features WHERE article_id IN ({}) "
                                        "AND title IS NOT NULL", ids)},
        }

    def unplaced(self) -> list[str]:
        """Stored articles the story index does not hold yet, in the order they were added."""
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_features) ORDER BY added_at, rowid")]

    def story_states_of_threads(self, threads: list[str]) -> list[str]:
        """Internal ids of the stored stories of these (internal) threads."""
        out = []
        for chunk in _chunks(sorted(threads)):
            out += [r[0] for r in self.db.execute(f"SELECT id FROM story_states WHERE thread IN ({_marks(chunk)})",
                                                  chunk)]
        return out

    def public_stories_of(self, article_ids: Iterable[str]) -> dict[str, Story]:
        """The stored (public) stories holding any of these articles, with all their members."""
        sids: set[str] = set()
        for chunk in _chunks(sorted(set(article_ids))):
            sids.update(r[0] for r in self.db.execute(
                f"SELECT story_id FROM story_articles WHERE article_id IN ({_marks(chunk)})", chunk))
        out = {}
        for chunk in _chunks(sorted(sids)):
            for sid, thread, title in self.db.execute(
                    f"SELECT id, thread, title FROM stories WHERE id IN ({_marks(chunk)})", chunk):
                members = [r[0] for r in self.db.execute(
                    "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position", (sid,))]
                out[sid] = Story(sid, title or "", members, thread)
        return out

    def thread_members(self) -> dict[str, set[str]]:
        """{public thread id: its article ids} over every stored story."""
        out: dict[str, set[str]] = {}
        for thread, aid in self.db.execute(
                "SELECT s.thread, sa.article_id FROM stories s JOIN story_articles sa ON sa.story_id = s.id"):
            out.setdefault(thread, set()).add(aid)
        return out

    def save_story_index(self, index, key: str) -> None:
        """Write back every part of a stored index that the run loaded or changed (inside a transaction)."""
        from ..stories.cluster import _shallow

        stories = dict.items(index.stories)
        self.db.executemany("INSERT OR REPLACE INTO story_states VALUES (?, ?, ?)",
                            [(sid, s.thread, json.dumps(_shallow(s), separators=(",", ":"))) for sid, s in stories])
        for chunk in _chunks(sorted(index.stories.deleted)):
            self.db.execute(f"DELETE FROM story_states WHERE id IN ({_marks(chunk)})", chunk)
        # Only the articles whose features, story or title the run set: a story's members are loaded to order
        # and title it, and writing them back unchanged was 3,700 rows to add 1 article to 3,000.
        articles = sorted(a for a in _changed(index.features) | _changed(index.story_of) | _changed(index.titles)
                          if dict.__contains__(index.story_of, a))
        index.features.prefetch(articles)
        index.titles.prefetch(articles)
        self.db.executemany("INSERT OR REPLACE INTO story_features VALUES (?, ?, ?, ?, ?)", [
            (a, index.story_of[a], json.dumps(_shallow(index.features[a]), separators=(",", ":")),
             *(index.titles[a] if a in index.titles else (None, None))) for a in articles])
        keys = sorted(dict.keys(index.postings))
        for chunk in _chunks(keys):
            self.db.execute(f"DELETE FROM story_postings WHERE key IN ({_marks(chunk)})", chunk)
        self.db.executemany("INSERT OR IGNORE INTO story_postings VALUES (?, ?)",
                            [(k, sid) for k in keys for sid in dict.__getitem__(index.postings, k)])
        self._put_state(key, index.to_meta())


def _changed(keys: dict) -> set[str]:
    """The keys of a story-index map a write-back must store: those set by this run (all of a plain dict's)."""
    return set(keys.changed) if isinstance(keys, LazyMap) else set(dict.keys(keys))

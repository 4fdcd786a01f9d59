"""Reads for browsing a stored corpus (the web app's pages): a page of stories with their counts, the findings one
article holds, one finding by id. Mixed into ``Store``; nothing here writes.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..errors import NotFound
from ..model import Article, Story
from . import findings as F


@dataclass(slots=True)
class StoryFilter:
    """Which stories a listing keeps: full-text ``query`` (FTS5 syntax) over their articles' titles and texts,
    an ``outlet`` among their articles, and a date range their articles' dates overlap (ISO dates)."""

    query: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition on ``stories s`` and its parameters."""
        clauses, params = [], []
        if self.query:
            clauses.append("s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                           "WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))")
            params.append(self.query)
        if self.outlet:
            clauses.append("s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                           "WHERE a.outlet = ?)")
            params.append(self.outlet)
        if self.since:
            clauses.append("s.last_published >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("s.first_published <= ?")
            params.append(self.until)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@dataclass(slots=True)
class StoryCounts:
    """One story of a listing with what its row shows."""

    story: Story
    outlets: list[str]
    independent_sources: int
    contradictions: int
    first_published: str | None
    last_published: str | None


_STORY_PAGE = """
SELECT s.id, s.thread, s.title, s.first_published, s.last_published,
  (SELECT json_group_array(DISTINCT a.outlet) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
     WHERE sa.story_id = s.id AND a.outlet IS NOT NULL) AS outlets,
  (SELECT count(DISTINCT coalesce(af."group", sa.article_id)) FROM story_articles sa
     LEFT JOIN article_fields af ON af.article_id = sa.article_id WHERE sa.story_id = s.id) AS groups
FROM stories s{where}
ORDER BY s.first_published IS NULL, s.first_published DESC, s.id LIMIT ? OFFSET ?"""


class BrowseStore:
    """Methods of ``Store`` for the web app's pages; ``self.db`` is the (read-only) connection."""

    def story_page(self, which: StoryFilter, offset: int, limit: int) -> tuple[int, list[StoryCounts]]:
        """(how many stories ``which`` keeps, the ``limit`` of them from ``offset``), newest first."""
        where, params = which.where()
        total = self.db.execute(f"SELECT count(*) FROM stories s{where}", params).fetchone()[0]
        rows = self.db.execute(_STORY_PAGE.format(where=where), params + [limit, offset]).fetchall()
        members = self._members([r["id"] for r in rows])
        contra = self._contradicted(sorted({r["thread"] for r in rows}))
        return total, [StoryCounts(Story(r["id"], r["title"] or "", members.get(r["id"], []), r["thread"]),
                                   sorted(json.loads(r["outlets"])), r["groups"],
                                   len({f for a in members.get(r["id"], []) for f in contra.get(a, ())}),
                                   r["first_published"], r["last_published"]) for r in rows]

    def _contradicted(self, threads: list[str]) -> dict[str, set[str]]:
        """{article id: ids of the fact groups with verdict contradict that quote it} in these threads."""
        out: dict[str, set[str]] = {}
        if threads:
            for aid, fid in self.db.execute(
                    "SELECT sp.article_id, f.id FROM facts f JOIN spans sp ON sp.finding = f.id AND sp.section = 'facts' "
                    f"WHERE f.verdict = 'contradict' AND f.thread IN ({', '.join('?' * len(threads))})", threads):
                out.setdefault(aid, set()).add(fid)
        return out

    def _members(self, story_ids: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        if story_ids:
            marks = ", ".join("?" * len(story_ids))
            for sid, aid in self.db.execute(f"SELECT story_id, article_id FROM story_articles WHERE story_id IN "
                                            f"({marks}) ORDER BY story_id, position", story_ids):
                out.setdefault(sid, []).append(aid)
        return out

    def find_story(self, id_or_prefix: str) -> Story:
        """The stored story with this id (or unique id prefix); NotFound naming what went wrong."""
        rows = self.db.execute("SELECT id, thread, title FROM stories WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                               (_like_prefix(id_or_prefix),)).fetchall()
        if len(rows) != 1 or not id_or_prefix:
            raise NotFound(f"story id {id_or_prefix!r} {'is ambiguous' if rows else 'matches no story'}")
        sid, thread, title = rows[0]
        return Story(sid, title or "", self._members([sid]).get(sid, []), thread)

    def outlets(self) -> list[tuple[str, int]]:
        """(outlet, number of articles) of every named outlet, most articles first."""
        return [(r[0], r[1]) for r in self.db.execute(
            "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY 2 DESC, 1")]

    def article_hits(self, query: str, offset: int, limit: int) -> tuple[int, list[tuple[Article, str]]]:
        """(how many articles match an FTS5 query, the page of them best first with a snippet of the match;
        the snippet marks matches with \\x02 ... \\x03)."""
        total = self.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,)).fetchone()[0]
        rows = self.db.execute(
            "SELECT a.id, snippet(articles_fts, 1, char(2), char(3), '…', 24) FROM articles_fts f "
            "JOIN articles a ON a.rowid = f.rowid WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (query, limit, offset)).fetchall()
        arts = {a.id: a for a in self.articles([r[0] for r in rows])}
        return total, [(arts[r[0]], r[1]) for r in rows if r[0] in arts]

    def findings_in(self, article_id: str) -> dict[str, list[str]]:
        """{section: ids of its findings that quote this article}, each id once, in text order."""
        out: dict[str, list[str]] = {}
        for section, finding in self.db.execute(
                "SELECT section, finding FROM spans WHERE article_id = ? GROUP BY section, finding "
                "ORDER BY min(start)", (article_id,)):
            out.setdefault(section, []).append(finding)
        return out

    def findings_by_id(self, section: str, ids: list[str]) -> list[Any]:
        """Typed findings of ``section`` with these ids (in the given order; unknown ids left out)."""
        table = F.TABLES[section][0]
        datas: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            datas.update(self.db.execute(f"SELECT id, data FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})",
                                         chunk).fetchall())
        return F.typed_section(section, [datas[i] for i in ids if i in datas])

    def find_finding(self, section: str, id_or_prefix: str) -> Any:
        """One finding of ``section`` by id (or unique id prefix); NotFound when there is none."""
        table = F.TABLES[section][0]
        rows = self.db.execute(f"SELECT data FROM {table} WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                               (_like_prefix(id_or_prefix),)).fetchall()
        if len(rows) != 1 or not id_or_prefix:
            noun = _NOUNS.get(section, section)
            raise NotFound(f"{noun} id {id_or_prefix!r} {'is ambiguous' if rows else f'matches no {noun}'}")
        return F.typed_section(section, [rows[0][0]])[0]

    def relations_of(self, article_id: str) -> list[Any]:
        """Every stored relation of this article with another one."""
        rows = self.db.execute("SELECT data FROM relations WHERE a = ? OR b = ? ORDER BY score DESC",
                               (article_id, article_id)).fetchall()
        return F.typed_section("relations", [r[0] for r in rows])

    def quotes_by(self, entity_id: str) -> list[Any]:
        rows = self.db.execute("SELECT data FROM quotes WHERE speaker = ? ORDER BY article, start", (entity_id,))
        return F.typed_section("quotes", [r[0] for r in rows])

    def fields_of(self, article_id: str) -> dict[str, Any]:
        """The typed fields later stages gave this article (provenance, group, story, thread, dates)."""
        row = self.db.execute("SELECT data FROM article_fields WHERE article_id = ?", (article_id,)).fetchone()
        return F.typed_fields(row[0]) if row else {}


_NOUNS = {"facts": "fact", "entities": "entity", "relations": "relation", "quotes": "quote"}


def _like_prefix(text: str) -> str:
    """A LIKE pattern matching strings that start with ``text`` (its own % and _ taken literally)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

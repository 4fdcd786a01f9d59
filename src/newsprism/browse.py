"""Views of a stored corpus for browsing: a page of stories, one article with every finding it holds, one fact, one
entity, one pair of related articles. Typed all the way; ``to_json`` is the one place each becomes dicts (the web
app's ``.json`` twins, shaped as ``schema/pages.schema.json`` has them).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .errors import NotFound, QueryError
from .model import (Article, ActorPositions, Entity, FactGroup, FactMention, Mention, Position, Quote, Relation,
                    Report, Story, plain)
from .store import Store
from .store.browse import StoryCounts, StoryFilter

MAX_LIMIT = 200  # most items one page lists


def check_page(offset: int, limit: int) -> None:
    """QueryError naming the bad paging argument."""
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}")
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")


def iso_day(name: str, value: str | None) -> str | None:
    """``value`` as an ISO date (None when empty); QueryError naming ``name`` otherwise."""
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def check_query(store: Store, query: str | None) -> None:
    """QueryError saying what a query may hold when the full-text index refuses ``query``."""
    if not query:
        return
    try:
        store.db.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (query,)).fetchall()
    except sqlite3.OperationalError as e:
        raise QueryError(f"cannot search for {query!r} ({e}); use words, \"quoted phrases\", AND, OR, NOT, prefix* "
                         "(SQLite FTS5 syntax)") from None


@dataclass(slots=True)
class Paging:
    offset: int
    limit: int
    total: int

    def to_json(self) -> dict[str, int]:
        return {"offset": self.offset, "limit": self.limit, "total": self.total}


def article_json(article: Article, fields: dict[str, Any] | None = None, text: bool = True) -> dict[str, Any]:
    """An article as report.json holds it (its stage fields merged in); without ``text``, only its metadata."""
    d = article.to_dict()
    d.update(plain(fields or {}))
    if not text:
        for k in ("text", "boilerplate"):
            d.pop(k, None)
    return d


@dataclass(slots=True)
class ArticleHit:
    """An article a full-text query matched, with a snippet of the match (matches between \\x02 and \\x03)."""

    article: Article
    snippet: str


@dataclass(slots=True)
class StoryListing:
    stories: list[StoryCounts]
    paging: Paging
    which: StoryFilter
    hits: list[ArticleHit] = field(default_factory=list)
    hits_total: int = 0
    outlets: list[tuple[str, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"stories": [_counts_json(c) for c in self.stories], "page": self.paging.to_json(),
                "filter": {"q": self.which.query, "outlet": self.which.outlet, "since": self.which.since,
                           "until": self.which.until},
                "articles": [{**article_json(h.article, text=False),
                              "snippet": h.snippet.replace("\x02", "").replace("\x03", "")} for h in self.hits],
                "articles_total": self.hits_total,
                "outlets": [{"outlet": o, "articles": n} for o, n in self.outlets]}


def _counts_json(c: StoryCounts) -> dict[str, Any]:
    return {**c.story.to_dict(), "article_count": len(c.story.articles), "outlets": c.outlets,
            "independent_sources": c.independent_sources, "contradictions": c.contradictions,
            "first_published": c.first_published, "last_published": c.last_published}


def story_listing(store: Store, query: str | None = None, outlet: str | None = None, since: str | None = None,
                  until: str | None = None, offset: int = 0, limit: int = 25) -> StoryListing:
    """A page of the stories a filter keeps (newest first), and with a query the best matching articles."""
    check_page(offset, limit)
    check_query(store, query)
    which = StoryFilter(query or None, outlet or None, iso_day("since", since), iso_day("until", until))
    total, rows = store.story_page(which, offset, limit)
    listing = StoryListing(rows, Paging(offset, limit, total), which, outlets=store.outlets())
    if which.query:
        listing.hits_total, hits = store.article_hits(which.query, 0, 10)
        listing.hits = [ArticleHit(a, s) for a, s in hits]
    return listing


@dataclass(slots=True)
class StoryView:
    """One story and its thread's report (facts, timeline, copies, coverage, quotes, positions), facts paged."""

    story: Story
    report: Report
    facts: list[FactGroup]
    paging: Paging

    def to_json(self) -> dict[str, Any]:
        data = self.report.to_json()
        keep = ("relations", "summary", "timeline", "quote_groups", "positions", "coverage")
        out = {"story": self.story.to_dict(), "stories": data.get("stories", []),
               "articles": [article_json(a, self.report.article_fields.get(a.id), text=False)
                            for a in self.report.articles],
               "facts": plain(self.facts), "facts_page": self.paging.to_json()}
        out.update((k, data[k]) for k in keep if k in data)
        return out


VERDICT_ORDER = {"contradict": 0, "update": 1, "agree": 2, "single_source": 3}
# What a story page shows and what its corpus views (coverage, timeline) are computed from: not the quotes, claims
# and position mentions themselves (their groups, fact groups and ledger are there), a third of a thread's rows.
STORY_SECTIONS = ("relations", "entities", "events", "facts", "quote_groups", "positions", "timeline", "summary")


def story_view(story: Story, report: Report, offset: int = 0, limit: int = 50) -> StoryView:
    """``report`` (the story's thread) as a story page: contradictions first, then updates, agreements, the rest."""
    check_page(offset, limit)
    facts = sorted(report.section("facts"), key=lambda f: (VERDICT_ORDER.get(f.verdict, 9), -f.independent_sources))
    return StoryView(story, report, facts[offset:offset + limit], Paging(offset, limit, len(facts)))


@dataclass(slots=True)
class ArticleView:
    """One article with every finding that quotes it, and the articles it shares text with."""

    article: Article
    fields: dict[str, Any]
    story: Story | None
    entities: list[Entity]
    quotes: list[Quote]
    claims: list[FactMention]
    facts: list[FactGroup]
    positions: list[Position]
    relations: list[Relation]
    others: dict[str, Article]
    speakers: dict[str, str]  # entity id -> name, for quotes and positions

    def mentions(self, entity: Entity) -> list[Mention]:
        return [m for m in entity.mentions if m.article == self.article.id]

    def to_json(self) -> dict[str, Any]:
        return {"article": article_json(self.article, self.fields),
                "story": self.story.to_dict() if self.story else None,
                "entities": [{"id": e.id, "name": e.name, "type": e.type, "mentions": plain(self.mentions(e))}
                             for e in self.entities],
                "quotes": [{**q.to_dict(), "speaker_name": self.speakers.get(q.speaker or "")} for q in self.quotes],
                "claims": plain(self.claims), "facts": plain(self.facts), "positions": plain(self.positions),
                "relations": plain(self.relations),
                "related": [article_json(a, text=False) for a in self.others.values()]}


def article_view(store: Store, id_or_prefix: str) -> ArticleView:
    article = stored_article(store, id_or_prefix)
    found = store.findings_in(article.id)
    fields = store.fields_of(article.id)
    entities = store.findings_by_id("entities", found.get("entities", []))
    quotes = store.findings_by_id("quotes", found.get("quotes", []))
    positions = store.findings_by_id("position_mentions", found.get("position_mentions", []))
    relations = store.relations_of(article.id)
    others = {a.id: a for a in store.articles([r.b if r.a == article.id else r.a for r in relations])}
    story = _story_of(store, fields.get("story"))
    named = {q.speaker for q in quotes if q.speaker} | {p.actor for p in positions if p.actor}
    speakers = {e.id: e.name for e in store.findings_by_id("entities", sorted(named))}
    return ArticleView(article, fields, story, entities, quotes,
                       store.findings_by_id("fact_mentions", found.get("fact_mentions", [])),
                       store.findings_by_id("facts", found.get("facts", [])), positions, relations, others, speakers)


def _story_of(store: Store, story_id: str | None) -> Story | None:
    try:
        return store.find_story(story_id) if story_id else None
    except KeyError:
        return None


@dataclass(slots=True)
class Sourced:
    """A span of an article and the whole sentence it sits in (``sentence`` as (start, end) in the text)."""

    article: Article
    start: int
    end: int
    sentence: tuple[int, int]

    def to_json(self) -> dict[str, Any]:
        s, e = self.sentence
        return {"article": self.article.id, "start": self.start, "end": self.end,
                "text": self.article.text[self.start:self.end], "outlet": self.article.outlet,
                "title": self.article.title, "published": self.article.published,
                "sentence": {"start": s, "end": e, "text": self.article.text[s:e]}}


def sourced(articles: dict[str, Article], article_id: str, start: int, end: int,
            sentence: dict[str, Any] | None = None) -> Sourced | None:
    """The span with its sentence: the one a finding names, else the sentence of the text around the span."""
    from .compare.text import sentence_at

    article = articles.get(article_id)
    if article is None or end > len(article.text):
        return None
    if sentence and isinstance(sentence.get("start"), int) and isinstance(sentence.get("end"), int):
        bounds = (sentence["start"], sentence["end"])
    else:
        s, e = sentence_at(article.text, start)
        bounds = (min(s, start), max(e, end))
    return Sourced(article, start, end, bounds)


@dataclass(slots=True)
class FactView:
    """A fact group with each value in the sentence that states it."""

    fact: FactGroup
    values: list[Sourced | None]  # one per fact.values (None: its article is no longer stored)

    def to_json(self) -> dict[str, Any]:
        return {"fact": self.fact.to_dict(),
                "mentions": [{**s.to_json(), "value": v.value, "unit": v.unit, "qualifier": v.qualifier,
                              "as_of": v.as_of} for v, s in zip(self.fact.values, self.values) if s]}


def fact_view(store: Store, id_or_prefix: str) -> FactView:
    fact = store.find_finding("facts", id_or_prefix)
    articles = {a.id: a for a in store.articles(list(dict.fromkeys(v.article for v in fact.values)))}
    return FactView(fact, [sourced(articles, v.article, v.start, v.end, v.sentence) for v in fact.values])


@dataclass(slots=True)
class EntityView:
    """An entity, a page of its mentions each in its sentence, the quotes it is given and its positions."""

    entity: Entity
    mentions: list[Sourced]
    paging: Paging
    quotes: list[Quote]
    positions: list[ActorPositions]

    def to_json(self) -> dict[str, Any]:
        e = self.entity
        return {"entity": {"id": e.id, "name": e.name, "type": e.type, "aliases": plain(e.aliases),
                           "titles": e.titles, "key": e.key, "thread": e.thread},
                "mentions": [s.to_json() for s in self.mentions], "page": self.paging.to_json(),
                "quotes": plain(self.quotes), "positions": plain(self.positions)}


def entity_view(store: Store, id_or_prefix: str, offset: int = 0, limit: int = 50) -> EntityView:
    check_page(offset, limit)
    entity = store.find_finding("entities", id_or_prefix)
    shown = entity.mentions[offset:offset + limit]
    articles = {a.id: a for a in store.articles(list(dict.fromkeys(m.article for m in shown)))}
    mentions = [s for m in shown if (s := sourced(articles, m.article, m.start, m.end))]
    positions = store.findings("positions", "actor = ?", (entity.id,))
    return EntityView(entity, mentions, Paging(offset, limit, len(entity.mentions)), store.quotes_by(entity.id),
                      positions)


@dataclass(slots=True)
class RelationView:
    """Two articles that share text, side by side, with the aligned passages."""

    relation: Relation
    a: Article
    b: Article

    def to_json(self) -> dict[str, Any]:
        return {"relation": self.relation.to_dict(), "a": article_json(self.a), "b": article_json(self.b)}


def relation_view(store: Store, id_or_prefix: str) -> RelationView:
    relation = store.find_finding("relations", id_or_prefix)
    return RelationView(relation, stored_article(store, relation.a), stored_article(store, relation.b))


def stored_article(store: Store, id_or_prefix: str) -> Article:
    """The article with this id or unique id prefix; NotFound when there is none."""
    try:
        return store.get(id_or_prefix)
    except KeyError as e:
        raise NotFound(str(e.args[0]).split(";")[0]) from None

"""The report: the articles of a run plus every typed finding the stages assigned, by section.

Like a spaCy ``Doc``, the report is the one source of truth stages read and write: a stage never calls another
stage, it reads the sections it requires and assigns its own. Sections hold typed findings (``SECTIONS`` names
each one's type); ``to_json`` / ``from_json`` are the only places they become dicts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core import SCHEMA_VERSION, Article, Skipped, StageError
from .facts import FactGroup, FactMention
from .reading import DateAnchor, Entity, Event, Position, Quote, TimeMention
from .record import build, plain
from .reuse import Provenance, Relation
from .story import ActorPositions, Coverage, QuoteGroup, Story, SummaryLine, TimelineEntry

# Every report section and the type it holds, in data-flow order (one name, one shape).
SECTIONS: dict[str, Any] = {
    "relations": list[Relation],
    "stories": list[Story],
    "entities": list[Entity],
    "quotes": list[Quote],
    "events": list[Event],
    "fact_mentions": list[FactMention],
    "position_mentions": list[Position],
    "facts": list[FactGroup],
    "quote_groups": list[QuoteGroup],
    "positions": list[ActorPositions],
    "coverage": Coverage,
    "timeline": list[TimelineEntry],
    "summary": list[SummaryLine],
}
# Fields later stages add to each article, and their types.
ARTICLE_FIELDS: dict[str, Any] = {
    "provenance": Provenance,
    "group": str,
    "story": str,
    "thread": str,
    "dates": list[TimeMention],
    "date_anchor": DateAnchor,
}


@dataclass(slots=True)
class Report:
    """Everything ``analyze`` found. Stages fill their own sections; ``articles`` is always there."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stage_errors: list[StageError] = field(default_factory=list)
    # Per-article fields that stages add (see ARTICLE_FIELDS): {article_id: {field: typed value}}
    article_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Corpus-level sections that stages add (see SECTIONS): {name: typed findings}
    sections: dict[str, Any] = field(default_factory=dict)
    # spaCy Docs of articles, by id, when a stage parsed them (never serialised; the store caches them)
    parsed: dict[str, Any] = field(default_factory=dict, repr=False)
    cached: set[str] = field(default_factory=set, repr=False)  # ids whose parse came from the store's cache
    # What each dated phrase of an article dates, read from its parse by the extract stage (``extract.attach``):
    # article id -> {(start, end): (head lemma, dated phrase or None, nouns)}; never serialised (the store keeps
    # it with the article's readings), so the compare stage needs no parse of an article read before.
    date_heads: dict[str, dict[tuple[int, int], tuple]] = field(default_factory=dict, repr=False)
    # The reuse stage's results for article pairs, from earlier runs (``known_pairs``) and from this one
    # (``new_pairs``): (a id, b id) -> (key of what the result depends on, Relation or None). Never serialised;
    # the store keeps them, so a pair whose articles did not change is not aligned again.
    known_pairs: dict[tuple[str, str], tuple[str, Any]] = field(default_factory=dict, repr=False)
    new_pairs: dict[tuple[str, str], tuple[str, Any]] = field(default_factory=dict, repr=False)
    # The extract stage's per-article readings (dates, names, roles, claims: what does not depend on the other
    # articles of the thread), the same way: article id -> (key, JSON text).
    known_readings: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    new_readings: dict[str, tuple[str, str]] = field(default_factory=dict, repr=False)
    # The reuse stage's garbled-name check per article (it reads the article's story, the articles it shares
    # material with): article id -> (key, garbled-name Signals, or None when it has no suspect name).
    known_signals: dict[str, tuple[str, Any]] = field(default_factory=dict, repr=False)
    new_signals: dict[str, tuple[str, Any]] = field(default_factory=dict, repr=False)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def set_article_field(self, article_id: str, name: str, value: Any) -> None:
        if name not in ARTICLE_FIELDS:
            raise KeyError(f"unknown article field {name!r}; known: {sorted(ARTICLE_FIELDS)}")
        self.article_fields.setdefault(article_id, {})[name] = value

    def field_of(self, article_id: str, name: str, default: Any = None) -> Any:
        return self.article_fields.get(article_id, {}).get(name, default)

    def section(self, name: str) -> Any:
        """The typed findings of section ``name`` (an empty list / None when no stage assigned it)."""
        if name not in SECTIONS:
            raise KeyError(f"unknown section {name!r}; known: {list(SECTIONS)}")
        return self.sections.get(name, [] if SECTIONS[name] is not Coverage else None)

    def to_json(self, stored: dict[str, Any] | None = None) -> dict[str, Any]:
        """The report as report.json's data; ``stored``: sections given as they are to be written (e.g. read from
        the store while writing), in their place among the others."""
        stored = stored or {}
        arts = []
        for a in self.articles:
            d = a.to_dict()
            d.update(plain(self.article_fields.get(a.id, {})))
            arts.append(d)
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "articles": arts}
        out.update((name, stored[name] if name in stored else plain(self.sections[name]))
                   for name in SECTIONS if name in stored or name in self.sections)
        out["skipped"] = [{"source": s.source, "reason": s.reason} for s in self.skipped]
        out["stage_errors"] = [{"stage": e.stage, "reason": e.reason} for e in self.stage_errors]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Report":
        """A report rebuilt from ``to_json``'s output (a report.json file), typed again."""
        report = cls(skipped=[Skipped(s["source"], s["reason"]) for s in data.get("skipped") or []],
                     stage_errors=[StageError(e["stage"], e["reason"]) for e in data.get("stage_errors") or []])
        for d in data.get("articles") or []:
            report.articles.append(Article.from_dict(d))
            fields = {k: build(t, d[k]) for k, t in ARTICLE_FIELDS.items() if d.get(k) is not None}
            if fields:
                report.article_fields[d["id"]] = fields
        for name, hint in SECTIONS.items():
            if name in data:
                report.sections[name] = build(hint, data[name])
        return report

    def to_pandas(self, section: str):
        """One section as a pandas DataFrame, a row per finding (``articles`` for the articles); needs pandas."""
        try:
            import pandas as pd
        except ImportError:
            from ..errors import MissingDependency

            raise MissingDependency("Report.to_pandas needs pandas: pip install 'newsprism[pandas]'") from None
        if section == "articles":
            return pd.DataFrame(self.to_json()["articles"])
        value = plain(self.section(section))
        return pd.DataFrame(value if isinstance(value, list) else [value] if value else [])

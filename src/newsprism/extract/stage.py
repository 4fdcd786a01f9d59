"""The extract stage: read every article once with spaCy, then find entities, quotes, events, facts,
dates and positions, each anchored to ``(article, start, end)`` in the cleaned text.

requires: articles (and, when present, the reuse stage's provenance signals for garbled names)
assigns: sections ``entities``, ``quotes``, ``events``, ``facts`` (one numeric mention each; the compare
stage groups them), ``positions``; article fields ``dates`` and ``date_anchor`` (how the article's own date
was found, or which article's dated event placed its weekdays); ``report.skipped`` gets any article the
stage could not read, with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model import Entity, Event, FactMention, Position, Quote, Report, Skipped
from . import aliases, entities, events, numbers, positions, quotes, speech, timex
from .speakers import Speakers

BATCH_SIZE = 16


@dataclass(slots=True)
class Reading:
    """What the stage found in a corpus, ready for the report."""

    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    facts: list[FactMention] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    dates: dict[str, dict[str, Any]] = field(default_factory=dict)  # article id -> {"anchor", "dates"}
    skipped: list[Skipped] = field(default_factory=list)

    def write(self, report: Report) -> None:
        report.sections["entities"] = [e.to_dict() for e in self.entities]
        report.sections["quotes"] = [q.to_dict() for q in self.quotes]
        report.sections["events"] = [e.to_dict() for e in self.events]
        report.sections["facts"] = [f.to_dict() for f in self.facts]
        report.sections["positions"] = [p.to_dict() for p in self.positions]
        for article_id, d in self.dates.items():
            report.set_article_field(article_id, "dates", d["dates"])
            report.set_article_field(article_id, "date_anchor", d["anchor"])
        report.skipped.extend(self.skipped)


def signal_dict(signal: Any) -> dict:
    return signal if isinstance(signal, dict) else signal.to_dict() if hasattr(signal, "to_dict") else vars(signal)


def garbled_signals(report: Report) -> list[dict]:
    """Garbled-name signals the reuse stage left on articles: {article, text, start, end, intended}."""
    out = []
    for article_id, fields in report.article_fields.items():
        prov = fields.get("provenance")
        prov = signal_dict(prov) if prov is not None else {}
        for s in prov.get("signals") or []:
            s = signal_dict(s)
            if s.get("kind") == "garbled_name" and s.get("intended") and s.get("start") is not None:
                out.append({"article": article_id, "text": s["text"], "start": s["start"], "end": s["end"],
                            "intended": s["intended"]})
    return out


def run(report: Report) -> None:
    """Stage entry point: parse ``report.articles`` and assign this stage's sections."""
    from ..nlp import load_nlp

    nlp = load_nlp()
    docs = nlp.pipe([a.text for a in report.articles], batch_size=BATCH_SIZE)
    reading = read_corpus(report.articles, docs, garbled_signals(report), offtext_namings(nlp, report.articles))
    reading.write(report)


def offtext_namings(nlp, articles: list) -> list[tuple[str, entities.Naming]]:
    """Names in bylines and boilerplate lines (captions, credits): aliases for entities, not mentions."""
    lines = [(a, entities.offtext_lines(a)) for a in articles]
    flat_lines = [text for _, ls in lines for _, text in ls]
    docs = iter(nlp.pipe(flat_lines, batch_size=BATCH_SIZE * 8))
    out = []
    for article, ls in lines:
        out += entities.find_offtext_namings(article, ls, [next(docs) for _ in ls])
    return out


def read_corpus(articles: list, docs: Iterable, garbled: list[dict] | None = None,
                offtext: list[tuple[str, entities.Naming]] | None = None) -> Reading:
    """Everything the stage finds in ``articles`` given their spaCy docs (same order)."""
    docs = list(docs)
    found_dates = {a.id: timex.find_dates(a) for a in articles}
    index = aliases.build_index({a.id: entities.find_namings(a, d) for a, d in zip(articles, docs)},
                                {a.id: entities.find_descriptions(a, d) for a, d in zip(articles, docs)},
                                garbled or [], {a.id: a.text for a in articles}, offtext)
    found = Found()
    for article, doc in zip(articles, docs):
        try:
            read_article(article, doc, index, found_dates[article.id][0], found)
        except Exception as e:  # one unreadable article must not sink the corpus; it is reported
            found.skipped.append(Skipped(article.path, f"extract stage failed on this article: {e!r}"))
    place_undated_articles(found_dates, found.events)
    reading = Reading(skipped=found.skipped)
    reading.entities, ids = aliases.to_entities(index)
    reading.quotes = make_quotes(found.quotes, ids)
    reading.events = events.merge_events(found.events, ids)
    reading.facts = found.facts
    reading.positions = positions.make_positions(found.positions, ids)
    reading.dates = {aid: {"anchor": anchor, "dates": items} for aid, (items, anchor) in found_dates.items()}
    return reading


@dataclass(slots=True)
class Found:
    """Per-article findings gathered before entity ids exist (speakers and actors are entity keys)."""

    quotes: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    facts: list[FactMention] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def read_article(article, doc, index: aliases.EntityIndex, dates: list[dict], found: Found) -> None:
    """Quotes, reported speech, facts, events and positions of one article, added to ``found``."""
    spans = quotes.find_quote_spans(article.text)
    speakers = Speakers(article, doc, index, [(s.start, s.end) for s in spans])
    recs = quotes.find_quotes(article, doc, spans, speakers)
    found.quotes += [dict(r, article=article.id, continues_at=None if r["continues"] is None
                          else recs[r["continues"]]["start"]) for r in recs]
    found.quotes += [dict(r, article=article.id) for r in speech.find_reported(article, doc, speakers)]
    article_facts = numbers.find_facts(article, doc)
    found.facts += article_facts
    found.events += events.find_events(article, doc, speakers, dates, article_facts)
    found.positions += positions.find_positions(article, doc, speakers, recs)


def place_undated_articles(found_dates: dict, event_recs: list[dict]) -> None:
    """Undated articles get their weekdays from an event they share with a dated article."""
    for article_id, (items, anchor) in list(found_dates.items()):
        if anchor["date"]:
            continue
        hit = events.anchor_from_shared_event(article_id, event_recs)
        if hit:
            found_dates[article_id] = (items, timex.place_by_event(items, *hit))


def make_quotes(recs: list[dict], ids: dict[str, str]) -> list[Quote]:
    """Quote records -> Quotes with ids in text order; speaker keys become entity ids."""
    recs = sorted(recs, key=lambda r: (r["article"], r["start"], not r["direct"]))
    qid = {(r["article"], r["start"], r["direct"]): f"Q{n}" for n, r in enumerate(recs, 1)}
    out = []
    for r in recs:
        cont = r.get("continues_at")
        out.append(Quote(qid[(r["article"], r["start"], r["direct"])], r["article"], r["start"], r["end"],
                         r["text"], r["direct"], ids.get(r["key"]) if r["key"] else None, r["speaker_span"],
                         r["cue"], r["cue_span"], r["kind"],
                         qid.get((r["article"], cont, True)) if cont is not None else None))
    return out

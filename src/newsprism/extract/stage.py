"""The extract stage: read every article once with spaCy, then find entities, quotes, events, facts,
dates and positions, each anchored to ``(article, start, end)`` in the cleaned text.

requires: articles (and, when present, the reuse stage's provenance signals for garbled names)
assigns: sections ``entities``, ``quotes``, ``events``, ``fact_mentions`` (one stated value each; the compare
stage groups them), ``position_mentions``; article fields ``dates`` and ``date_anchor`` (how the article's own
date was found, or which article's dated event placed its weekdays); ``report.date_heads`` (what each date
dates, for the compare stage); ``report.skipped`` gets any article the stage could not read, with the reason. Entities are resolved within the report's articles (the pipeline runs
the stage once per story thread), and their ids derive from that scope.
"""
from __future__ import annotations

import copy
import dataclasses
import json
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..model import (DateAnchor, Entity, Event, FactMention, Mention, Position, Quote, Report, Skipped,
                     TimeMention, article_digest, finding_id)
from . import aliases, attach, claims, entities, events, positions, quotes, speech, timex
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
    heads: dict[str, list[list]] = field(default_factory=dict)  # article id -> what its dates date (attach.heads)
    skipped: list[Skipped] = field(default_factory=list)

    def write(self, report: Report) -> None:
        report.sections["entities"] = self.entities
        report.sections["quotes"] = self.quotes
        report.sections["events"] = self.events
        report.sections["fact_mentions"] = self.facts
        report.sections["position_mentions"] = self.positions
        for article_id, d in self.dates.items():
            report.set_article_field(article_id, "dates", [TimeMention.from_dict(t) for t in d["dates"]])
            report.set_article_field(article_id, "date_anchor", DateAnchor.from_dict(d["anchor"]))
        for article_id, found in self.heads.items():
            report.date_heads[article_id] = {(s, e): (head, about, terms) for s, e, head, about, terms in found}
        report.skipped.extend(self.skipped)


def garbled_signals(report: Report) -> list[dict]:
    """Garbled-name signals the reuse stage left on articles: {article, text, start, end, intended}."""
    out = []
    for a in report.articles:
        prov = report.field_of(a.id, "provenance")
        for s in prov.signals if prov is not None else ():
            if s.kind == "garbled_name" and s.intended and s.start is not None:
                out.append({"article": a.id, "text": s.text, "start": s.start, "end": s.end, "intended": s.intended})
    return out


def run(report: Report) -> None:
    """Stage entry point: read ``report.articles`` and assign this stage's sections, scoped to the report's
    thread. Articles the report already holds a parse of (``report.parsed``, e.g. from the store's cache) are not
    parsed again; the new parses are left in ``report.parsed`` for the store."""
    from ..nlp import load_nlp, model_name, parse_missing

    nlp = load_nlp()
    docs = parse_missing(report.parsed, report.articles, BATCH_SIZE)
    held = ArticleReadings(report.known_readings, report.new_readings, model_name())
    reading = read_corpus(report.articles, docs, garbled_signals(report), held.offtext(nlp, report.articles),
                          scope=scope_of(report), readings=held)
    reading.write(report)


# what ``ArticleReadings`` must hold of an article; also "read" when its reading of the thread's entity index
# could be kept: the journal of that reading and the findings it made
PARTS = frozenset(("dates", "heads", "namings", "descriptions", "offtext", "claims"))


class ArticleReadings:
    """What the stage reads from one article alone — its dates and what they date, names, roles, off-text names
    and claims — taken from ``known`` (earlier runs, by article id: ``(key, JSON)``) where the article did not
    change, else computed; what is computed goes into ``new`` the same way. The key is the article's digest and
    the spaCy ``model`` that parsed it. Snapshots are taken as each part is made, before later steps refine the
    records in place (labels, events, ids). Without ``known`` / ``new`` everything is computed."""

    def __init__(self, known: dict[str, tuple[str, str]] | None = None,
                 new: dict[str, tuple[str, str]] | None = None, model: str = ""):
        self.known, self.new, self.model = known or {}, new, model
        self.keys: dict[str, str] = {}
        self.fresh: dict[str, dict[str, Any]] = {}  # article id -> the parts made here, JSON-able
        self.decoded: dict[str, dict[str, Any]] = {}  # article id -> its held parts
        self.replayed = 0  # articles whose whole reading was replayed from ``known`` (see ``aliases.Journal``)

    def held(self, article) -> dict[str, Any] | None:
        """The stored parts of ``article``, when they were made from this very article."""
        if article.id not in self.keys:
            self.keys[article.id] = f"{article_digest(article)} {self.model}"
            got = self.known.get(article.id)
            if got and got[0] == self.keys[article.id]:
                self.decoded[article.id] = json.loads(got[1])
        return self.decoded.get(article.id)

    def keep(self, article_id: str, part: str, value: Any) -> None:
        if self.new is not None:
            self.fresh.setdefault(article_id, {})[part] = value

    def offtext(self, nlp, articles: list) -> list[tuple[str, entities.Naming]]:
        """``offtext_namings`` of ``articles``, parsing only the lines of the articles not held."""
        held = {a.id: h["offtext"] for a in articles if (h := self.held(a)) is not None}
        made: dict[str, list] = {a.id: [] for a in articles if a.id not in held}
        for where, n in offtext_namings(nlp, [a for a in articles if a.id not in held]):
            made[n.article].append((where, n))
        out = []
        for a in articles:
            if a.id in held:
                out += [(where, entities.Naming(**n)) for where, n in held[a.id]]
            else:
                self.keep(a.id, "offtext", [(where, dataclasses.asdict(n)) for where, n in made[a.id]])
                out += made[a.id]
        return out

    def close(self) -> None:
        """Hand the articles with every part (held or made here) and something new to ``new``."""
        for aid, parts in self.fresh.items():
            parts = {**self.decoded.get(aid, {}), **parts}
            if self.new is not None and PARTS <= set(parts):
                self.new[aid] = (self.keys[aid], json.dumps(parts, ensure_ascii=False))


def scope_of(report: Report) -> str | None:
    """The thread the report's articles belong to (None when the stories stage did not run)."""
    threads = {report.field_of(a.id, "thread") for a in report.articles} - {None}
    return min(threads) if threads else None


def offtext_namings(nlp, articles: list) -> list[tuple[str, entities.Naming]]:
    """Names in bylines and boilerplate lines (captions, credits): aliases for entities, not mentions."""
    lines = [(a, entities.offtext_lines(a)) for a in articles]
    flat_lines = [text for _, ls in lines for _, text in ls]
    docs = iter(nlp.pipe(flat_lines, batch_size=BATCH_SIZE * 8))
    out = []
    for article, ls in lines:
        out += entities.find_offtext_namings(article, ls, [next(docs) for _ in ls])
    return out


def read_corpus(articles: list, docs: Iterable | Mapping, garbled: list[dict] | None = None,
                offtext: list[tuple[str, entities.Naming]] | None = None, scope: str | None = None,
                readings: ArticleReadings | None = None) -> Reading:
    """Everything the stage finds in ``articles`` given their spaCy docs (same order, or by article id: a Doc
    is asked for only when the article is read, not replayed from ``readings``); ``scope`` (a thread id)
    goes into the findings' ids and ``thread`` fields; ``readings``: the per-article parts held from earlier
    runs (and where the new ones go)."""
    doc_of = docs.__getitem__ if isinstance(docs, Mapping) else dict(zip([a.id for a in articles], docs)).__getitem__
    readings = readings or ArticleReadings()
    found_dates, heads, namings, descriptions, claims_of = {}, {}, {}, {}, {}
    for a in articles:
        held = readings.held(a)
        if held is not None:
            found_dates[a.id] = (held["dates"][0], held["dates"][1])
            heads[a.id] = held["heads"]
            namings[a.id] = [entities.Naming(**n) for n in held["namings"]]
            descriptions[a.id] = [entities.Description(**x) for x in held["descriptions"]]
            claims_of[a.id] = [FactMention.from_dict(c) for c in held["claims"]]
            continue
        found_dates[a.id] = timex.find_dates(a)
        d = doc_of(a.id)
        heads[a.id] = attach.heads(d, found_dates[a.id][0])
        namings[a.id] = entities.find_namings(a, d)
        descriptions[a.id] = entities.find_descriptions(a, d)
        readings.keep(a.id, "dates", copy.deepcopy(found_dates[a.id]))
        readings.keep(a.id, "heads", heads[a.id])
        readings.keep(a.id, "namings", [dataclasses.asdict(n) for n in namings[a.id]])
        readings.keep(a.id, "descriptions", [dataclasses.asdict(x) for x in descriptions[a.id]])
    index = aliases.build_index(namings, descriptions, garbled or [], {a.id: a.text for a in articles}, offtext)
    found = Found()
    for article in articles:
        dates = found_dates[article.id][0]
        held = readings.held(article)
        if held is not None and "read" in held and aliases.replay(index, article.id, held["read"]["journal"]):
            found.add(decode_found(held["read"]["found"], dates))
            readings.replayed += 1
            continue
        mine, journal = Found(), aliases.Journal(index, article.id)
        try:
            with time_budget(BUDGET.max_extract_seconds):
                read_article(article, doc_of(article.id), journal, dates, mine, claims_of.get(article.id),
                             lambda facts, aid=article.id: readings.keep(aid, "claims", facts))
        except ExtractTimeout:
            found.skipped.append(Skipped(article.path, f"took longer than {BUDGET.max_extract_seconds:g} s to "
                                                       "extract; its findings are left out"))
            continue
        if not mine.skipped:  # a finder that failed or hit the budget is tried again next time
            kept = encode_found(mine, dates)
            if kept is not None:
                readings.keep(article.id, "read", {"journal": journal.to_json(), "found": kept})
        found.add(mine)
    readings.close()
    place_undated_articles(found_dates, found.events)
    reading = Reading(heads=heads, skipped=found.skipped)
    reading.entities, ids = aliases.to_entities(index, scope or "")
    reading.quotes = make_quotes(found.quotes, ids, scope)
    reading.events = events.merge_events(found.events, ids, scope)
    reading.facts = [with_id(f, scope) for f in found.facts]
    reading.positions = positions.make_positions(found.positions, ids, scope)
    reading.dates = {aid: {"anchor": anchor, "dates": items} for aid, (items, anchor) in found_dates.items()}
    return reading


@dataclass(frozen=True, slots=True)
class Budget:
    """What one article may cost the extract stage (one hostile document must not hold or flood a batch)."""

    # The finders after the parse: a 100,000-character article (the cleaning cap) takes 1.7 s here (its spaCy
    # parse, bounded by that cap, 9 s more); past this the article's findings are left out, with the reason.
    max_extract_seconds: float = 30.0
    # Findings of one kind per article: the most any dev article states is 179 values and 187 quotes (Timeline17
    # haiti_bbc); 20,000 numbers on one page are a table or a trap. The first ones are kept, the cut is reported.
    max_findings: int = 2_000


BUDGET = Budget()


@dataclass(slots=True)
class Found:
    """Per-article findings gathered before entity ids exist (speakers and actors are entity keys)."""

    quotes: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    facts: list[FactMention] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, other: "Found") -> None:
        self.quotes += other.quotes
        self.events += other.events
        self.facts += other.facts
        self.positions += other.positions
        self.skipped += other.skipped


def read_article(article, doc, index: aliases.EntityIndex, dates: list[dict], found: Found,
                 known_claims: list[FactMention] | None = None, keep_claims=None) -> None:
    """Quotes, reported speech, facts, events and positions of one article, added to ``found``. Each finder is
    contained: one that fails loses its own findings of this article (reported in ``found.skipped``), not the
    others'; each kind is cut to ``BUDGET.max_findings``. ``known_claims``: the article's claims from an earlier
    run, used instead of finding them; ``keep_claims`` gets a snapshot of the claims found here (when finding
    them neither failed nor hit the budget)."""
    def step(kind: str, fn, *args, default=()):
        try:
            out = list(fn(*args))
        except ExtractTimeout:
            raise
        except Exception as e:  # a bug on one article's text: its other findings stand
            found.skipped.append(Skipped(f"{article.path}#{kind}", f"extract: finding {kind} failed on this "
                                                                   f"article ({type(e).__name__}: {e})"))
            return list(default)
        if len(out) > BUDGET.max_findings:
            found.skipped.append(Skipped(f"{article.path}#{kind}", f"{len(out)} {kind} in one article: kept the "
                                                                   f"first {BUDGET.max_findings} (findings budget)"))
            out = out[:BUDGET.max_findings]
        return out

    spans = step("quote spans", quotes.find_quote_spans, article.text)
    speakers = Speakers(article, doc, index, [(s.start, s.end) for s in spans])
    recs = step("quotes", quotes.find_quotes, article, doc, spans, speakers)
    found.quotes += [dict(r, article=article.id, continues_at=None if r["continues"] is None
                          else recs[r["continues"]]["start"]) for r in recs]
    found.quotes += [dict(r, article=article.id) for r in step("reported speech", speech.find_reported, article,
                                                                doc, speakers)]
    if known_claims is not None:
        article_facts = step("claims", lambda: known_claims)
    else:
        said = len(found.skipped)
        article_facts = step("claims", claims.find_claims, article, doc, dates)
        if keep_claims is not None and len(found.skipped) == said:
            keep_claims([dataclasses.asdict(f) for f in article_facts])  # before events refine them
    found.facts += article_facts
    found.events += step("events", events.find_events, article, doc, speakers, dates, article_facts)
    found.positions += step("positions", positions.find_positions, article, doc, speakers, recs)


class ExtractTimeout(Exception):
    """An article ran past ``Budget.max_extract_seconds``."""


@contextmanager
def time_budget(seconds: float):
    """Raise ``ExtractTimeout`` in the block after ``seconds`` (SIGALRM: the main thread of a POSIX process;
    elsewhere the block runs unbounded — the cleaning budget and the text-size cap still bound it)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable or seconds <= 0:
        yield
        return

    def expire(signum, frame):
        raise ExtractTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def encode_found(found: Found, dates: list[dict]) -> dict | None:
    """``found`` (one article's reading) as JSON-able data that ``decode_found`` turns back into equal records,
    tuples, mentions and facts included; a date record of the article's own ``dates`` list is written as its
    place in that list (event records share those dicts, and an undated article's dates are resolved in place
    later). None when a record holds something else."""
    refs = {id(d): i for i, d in enumerate(dates)}
    try:
        return {"quotes": _enc(found.quotes, refs), "events": _enc(found.events, refs),
                "positions": _enc(found.positions, refs), "facts": [dataclasses.asdict(f) for f in found.facts]}
    except TypeError:
        return None


def decode_found(data: dict, dates: list[dict]) -> Found:
    return Found(quotes=_dec(data["quotes"], dates), events=_dec(data["events"], dates),
                 positions=_dec(data["positions"], dates),
                 facts=[FactMention.from_dict(f) for f in data["facts"]])


def _enc(x, refs: dict[int, int]):
    if x is None or isinstance(x, (str, bool, int, float)):
        return x
    if isinstance(x, dict):
        if id(x) in refs:
            return {"__date": refs[id(x)]}
        if not all(isinstance(k, str) and not k.startswith("__") for k in x):
            raise TypeError("a record key that JSON would not keep")
        return {k: _enc(v, refs) for k, v in x.items()}
    if isinstance(x, list):
        return [_enc(v, refs) for v in x]
    if isinstance(x, tuple):
        return {"__tuple": [_enc(v, refs) for v in x]}
    if type(x) is Mention:
        return {"__mention": [x.article, x.start, x.end, x.text]}
    raise TypeError(f"no JSON form for {type(x).__name__}")


def _dec(x, dates: list[dict]):
    if isinstance(x, list):
        return [_dec(v, dates) for v in x]
    if not isinstance(x, dict):
        return x
    if "__date" in x:
        return dates[x["__date"]]
    if "__tuple" in x:
        return tuple(_dec(v, dates) for v in x["__tuple"])
    if "__mention" in x:
        return Mention(*x["__mention"])
    return {k: _dec(v, dates) for k, v in x.items()}


def place_undated_articles(found_dates: dict, event_recs: list[dict]) -> None:
    """Undated articles get their weekdays from an event they share with a dated article."""
    undated = [aid for aid, (_, anchor) in found_dates.items() if not anchor["date"]]
    for article_id, hit in events.shared_event_anchors(undated, event_recs).items():
        items, _ = found_dates[article_id]
        found_dates[article_id] = (items, timex.place_by_event(items, *hit))


def with_id(fact: FactMention, scope: str | None) -> FactMention:
    fact.id, fact.thread = finding_id("m", fact.article, fact.start, fact.end, fact.kind), scope
    return fact


def make_quotes(recs: list[dict], ids: dict[str, str], scope: str | None = None) -> list[Quote]:
    """Quote records -> Quotes in text order, ids from article and offsets; speaker keys become entity ids."""
    recs = sorted(recs, key=lambda r: (r["article"], r["start"], not r["direct"]))
    # each quote's id from its own span: two quotes that start at one offset (a clause and the longer clause
    # holding it) are two findings, and an id shared by both lost one of them in the store
    own = [finding_id("q", r["article"], r["start"], r["end"], r["direct"]) for r in recs]
    starts: dict[tuple, str] = {}  # where a direct quote starts -> its id (the longest one starting there)
    for r, q in sorted(zip(recs, own), key=lambda rq: rq[0]["end"]):
        if r["direct"]:
            starts[(r["article"], r["start"])] = q
    out = []
    for r, q in zip(recs, own):
        cont = r.get("continues_at")
        out.append(Quote(q, r["article"], r["start"], r["end"],
                         r["text"], r["direct"], ids.get(r["key"]) if r["key"] else None, r["speaker_span"],
                         r["cue"], r["cue_span"], r["kind"],
                         starts.get((r["article"], cont)) if cont is not None else None, scope))
    return out

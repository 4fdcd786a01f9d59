"""The timeline: the days (or months) of a thread ranked by how much of the story happens on them, each told by
one to three whole sentences of its sources.

A day's weight is how many independent sources refer to it: articles that report an event dated that day, and
articles published on or after it that mention the date ("on April 20", "on Tuesday", "yesterday", resolved by the
extract stage against each article's own date). A date an article mentions for a day after its own publication
(a plan, a deadline) does not count: it has not happened yet. Months stand in when that is all the sources say.

Each entry cites whole sentences (``Span(article, start, end)`` with ``text == article.text[start:end]``) that
carry the date or its events, lists its events, the dated fact groups, and the fact groups with verdict
``update`` whose values changed that day (``as_of``). ``select`` keeps the entries worth showing: the
``size`` best, or (by default) a length that adapts to the story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Event, FactGroup, FactValue, Span, TimelineEntry, finding_id
from .text import sentence_at

PRECISION = {10: "day", 7: "month", 4: "year"}  # length of an ISO date -> how precise it is
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
MONTH = re.compile(r"^\d{4}-\d\d$")
MAX_CITED = 3
MAX_SENTENCE = 400  # characters: a longer "sentence" is a run-on the splitter missed; cite it only if nothing else
BIG_THREAD = 10  # articles: from this size on, a day needs two independent sources to be shown by default
MONTH_SHARE = 0.5  # a month's support counts half: it gathers every mention of its thirty days
WEAK_DATE = 0.5  # an event date below this confidence (its article's own date) does not make a day


@dataclass(slots=True)
class Day:
    """What the thread says about one date, before it becomes an entry."""

    date: str
    referring: dict[str, list[Span]] = field(default_factory=dict)  # article -> its mentions of the date
    events: list[Event] = field(default_factory=list)
    listed: list[Event] = field(default_factory=list)  # events shown under the day without weighing it
    facts: list[FactGroup] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)

    def refer(self, article: str, span: Span) -> None:
        self.referring.setdefault(article, []).append(span)

    def articles(self) -> list[str]:
        out = list(self.referring)
        for ev in self.events:
            out += dated_here(ev, self.date)
        for f in self.facts:
            out += [v.article for v in f.values if str(v.value) == self.date]
        return list(dict.fromkeys(out))


def dated_here(ev: Event, date: str) -> list[str]:
    """The articles whose own mention of ``ev`` is dated ``date`` with confidence (all of them for an event
    without per-mention dates): a mention merged into an event from an undated sentence does not vouch for it."""
    dated = ev.attributes.get("mention_dates")
    if dated is None:
        return [m.article for m in ev.mentions]
    return [d["article"] for d in dated if d.get("date") == date and (d.get("confidence") or 0) >= WEAK_DATE]


def timeline(events: list[Event], facts: list[FactGroup], names: dict[str, str], sources,
             thread: str | None = None, articles: list | None = None,
             dates: dict[str, list] | None = None) -> list[TimelineEntry]:
    """Every dated day and month of one thread as an entry, in date order, each scored, cited and counted.

    ``articles`` are the thread's articles (for their text and publication dates) and ``dates`` each article's
    date mentions (the extract stage's ``dates`` field); without them only events and dated facts make days."""
    texts = {a.id: a for a in articles or []}
    days: dict[str, Day] = {}
    add_mentions(days, texts, dates or {})
    add_events(days, events)
    add_facts(days, facts, texts)
    entries = [entry_of(d, texts, names, sources, thread) for d in days.values()]
    return sorted((e for e in entries if e.citations or e.events or e.facts), key=lambda e: e.date)


def day_of(days: dict[str, Day], date: str) -> Day:
    return days.setdefault(date, Day(date))


def add_mentions(days: dict[str, Day], texts: dict, dates: dict[str, list]) -> None:
    """Each article's day and month mentions, except those after its own publication date."""
    for aid, mentions in dates.items():
        published = (getattr(texts.get(aid), "published", None) or "")[:10]
        for m in mentions:
            value = m.value or ""
            if not (DAY.match(value) or MONTH.match(value)) or (published and value > published[:len(value)]):
                continue
            day_of(days, value).refer(aid, Span(aid, m.start, m.end))


def add_events(days: dict[str, Day], events: list[Event]) -> None:
    """Events under their date. One dated only by its article's own date (``date_how`` publication) or
    planned is listed under a day other sources make, but does not make or weigh a day itself."""
    weak = []
    for ev in events:
        if not ev.date or not (DAY.match(ev.date) or MONTH.match(ev.date)):
            continue
        if ev.attributes.get("planned") or ev.date_confidence < WEAK_DATE:
            weak.append(ev)
        else:
            day_of(days, ev.date).events.append(ev)
    for ev in weak:
        if ev.date in days:
            days[ev.date].listed.append(ev)


def add_facts(days: dict[str, Day], facts: list[FactGroup], texts: dict | None = None) -> None:
    """Dated fact groups under each date their values state (a value after its article's own date, a page
    stamp or a plan, does not count); ``update`` groups under the day of each changed value (``as_of``)."""
    for f in facts:
        if f.verdict == "update":
            for when in dict.fromkeys(v.as_of for v in f.values if getattr(v, "as_of", None)):
                if DAY.match(str(when)) or MONTH.match(str(when)):
                    day_of(days, str(when)).updates.append(f.id)
        if f.attribute == "date" and _telling(f):
            for value in dict.fromkeys(str(v.value) for v in f.values if v.value and _past(v, texts or {})):
                if DAY.match(value) or MONTH.match(value):
                    day_of(days, value).facts.append(f)


def _past(v: FactValue, texts: dict) -> bool:
    published = (getattr(texts.get(v.article), "published", None) or "")[:10]
    return not published or str(v.value) <= published[:len(str(v.value))]


def _telling(fact: FactGroup) -> bool:
    """A dated fact worth a line: several sources, a dispute, or a phrase that says what happened."""
    return len(fact.articles) > 1 or fact.verdict == "contradict" or len(fact.subject.split()) >= 3


def entry_of(day: Day, texts: dict, names: dict[str, str], sources, thread: str | None) -> TimelineEntry:
    """The entry of one day: cited sentences, events, facts, sources and its score."""
    articles = day.articles()
    cited = cite(day, texts, sources)
    who = list(dict.fromkeys(names.get(p, p) for ev in day.events for p in ev.participants))
    text = texts[cited[0].article_id].text[cited[0].start:cited[0].end] if cited else _event_phrase(day) or (day.facts[0].subject if day.facts else day.date)
    first = (day.events[0].id if day.events else day.facts[0].id if day.facts else day.date)
    entry = TimelineEntry(finding_id("t", thread, day.date, first), day.date, text, precision=precision(day.date),
                          type=_main_type(day), articles=articles, citations=cited,
                          mentions=[m for ms in day.referring.values() for m in ms] + _event_spans(day),
                          events=[ev.id for ev in day.events + day.listed], participants=who, facts=[f.id for f in day.facts],
                          updates=list(dict.fromkeys(day.updates)), thread=thread, referring=len(day.referring))
    entry.independent_sources = sources.independent(articles)
    entry.disputed = any(f.verdict == "contradict" for f in day.facts)
    entry.confidence = max([ev.date_confidence for ev in day.events] or [None], key=lambda c: c or 0)
    entry.score = score(day, sources)
    return entry


def score(day: Day, sources) -> float:
    """Independent sources behind the day, plus a fraction for each further article (a copy adds little) and
    for its events; a month counts ``MONTH_SHARE`` of that."""
    articles = day.articles()
    groups = sources.independent(articles)
    value = groups + 0.1 * (len(articles) - groups) + (0.5 if day.events else 0.0)
    return value * (MONTH_SHARE if MONTH.match(day.date) else 1.0)


def cite(day: Day, texts: dict, sources) -> list[Span]:
    """Up to three whole sentences, from different sources, that carry the day's events or its date."""
    candidates = [s for ms in day.referring.values() for s in ms] + [m for ev in day.events for m in _spans(ev)]
    candidates += [_fact_span(v) for f in day.facts for v in f.values if str(v.value) == day.date]
    out, groups = [], set()
    ranked = sorted(enumerate(candidates), key=lambda ns: _cite_order(ns[1], texts, sources, ns[0]))
    for _, span in ranked:
        article = texts.get(span.article_id)
        if article is None:
            continue
        start, end = sentence_at(article.text, span.start)
        group = sources.group.get(span.article_id, span.article_id)
        if group in groups or end - start > MAX_SENTENCE and out:
            continue
        groups.add(group)
        out.append(Span(span.article_id, start, end))
        if len(out) == MAX_CITED:
            break
    return out


def _cite_order(span: Span, texts: dict, sources, rank: int) -> tuple:
    """Originals before copies, earliest publication first, then sentences that state the date before those
    that only hold an event of it, then the mention nearest the article's top."""
    article = texts.get(span.article_id)
    published = getattr(article, "published", None) or "9999"
    return (sources.copied(span.article_id), published, span.article_id, rank, span.start)


def _spans(ev: Event) -> list[Span]:
    return [Span(m.article, m.start, m.end) for m in ev.mentions]


def _event_spans(day: Day) -> list[Span]:
    return [s for ev in day.events for s in _spans(ev)]


def _fact_span(v: FactValue) -> Span:
    return Span(v.article, v.start, v.end)


def _event_phrase(day: Day) -> str | None:
    return max((m.text for ev in day.events for m in ev.mentions), key=len, default=None)


def _main_type(day: Day) -> str | None:
    if day.events:
        return max(day.events, key=lambda ev: len(ev.mentions)).type
    return "dated fact" if day.facts else None


def precision(date: str) -> str:
    """day, month or year: how much of a date an ISO value gives ("2023-06-18", "2023-06", "2023")."""
    return PRECISION.get(len(date.split("/")[0]), "day")


# --- which entries to show ----------------------------------------------------------------------------------

def select(entries: list[TimelineEntry], size: int | None = None,
           thread_sizes: dict[str | None, int] | None = None) -> list[TimelineEntry]:
    """The entries to show, per thread, in date order: the ``size`` best-scored, or by default every day with
    enough sources for the thread's size (two independent sources once a thread has ``BIG_THREAD`` articles;
    a month only when none of its days is shown)."""
    if size is not None and size < 1:
        raise ValueError(f"timeline size must be at least 1, got {size}")
    by_thread: dict[str | None, list[TimelineEntry]] = {}
    for e in entries:
        by_thread.setdefault(e.thread, []).append(e)
    out = []
    for thread, items in by_thread.items():
        n = (thread_sizes or {}).get(thread) or len({a for e in items for a in e.articles})
        out += _select_thread(items, size, n)
    return sorted(out, key=lambda e: (e.thread or "", e.date))


def _select_thread(items: list[TimelineEntry], size: int | None, n_articles: int) -> list[TimelineEntry]:
    ranked = sorted(items, key=lambda e: (-e.score, e.date))
    if size is None:
        need = 2 if n_articles >= BIG_THREAD else 1
        ranked = [e for e in ranked if e.independent_sources >= need or e.events and e.independent_sources]
    days = {e.date for e in ranked if e.precision == "day"}
    ranked = [e for e in ranked if e.precision != "month" or not any(d.startswith(e.date) for d in days)
              or e.facts or e.events]
    return ranked[:size] if size is not None else ranked


# --- the corpus timeline: every thread's days together -----------------------------------------------------

CORPUS = "corpus"  # the ``thread`` of corpus timeline entries


def dated(events: list[Event], facts: list[FactGroup]) -> tuple[list[Event], list[FactGroup]]:
    """The events and fact groups that can make or fill a day: all ``timeline`` reads of them."""
    return ([e for e in events if e.date and (DAY.match(e.date) or MONTH.match(e.date))],
            [f for f in facts if f.verdict == "update" or f.attribute == "date"])

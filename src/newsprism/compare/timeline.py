"""The timeline: dated events across the story, merged across sources, each with the articles that report it.

Events come from the extract stage (its dates already resolved against each article's own date); dated fact
groups add what was dated without an event ("the balloon incident in early January"), disputed dates marked; a fact
group whose value changed over the story (verdict ``update``) is listed under the entry of its event.
"""
from __future__ import annotations

from ..model import Event, FactGroup, FactValue, Span, TimelineEntry, finding_id
from .claims import EVENT_CLASSES

PRECISION = {10: "day", 7: "month", 4: "year"}  # length of an ISO date -> how precise it is


def timeline(events: list[Event], facts: list[FactGroup], names: dict[str, str], sources,
             thread: str | None = None) -> list[TimelineEntry]:
    """The entries of one thread in date order (most reported first within a day), each cited and counted."""
    entries = merge_entries([event_entry(e, names) for e in events if e.date])
    by_event = {ev: e for e in entries for ev in e.events}
    for f in facts:
        home = by_event.get(f.event)
        if f.verdict == "update" and home is not None:
            home.updates.append(f.id)
        if f.attribute != "date":
            continue
        if home is not None and f.verdict != "contradict" and home.date == _first_date(f):
            _absorb(home, f)  # the event's own date, as more sources state it
        elif _telling(f):
            entries += fact_entries(f)
    entries = _dedupe(entries)
    for e in entries:
        _finish(e, sources, thread)
    return sorted(entries, key=lambda e: (e.date, -len(e.articles)))


def event_entry(ev: Event, names: dict[str, str]) -> TimelineEntry:
    """The entry of one extract event: its longest mention as the text (or its type and who took part)."""
    phrase = max((m.text for m in ev.mentions), key=len, default=ev.type or "event")
    who = [names.get(p, p) for p in ev.participants]
    if len(phrase.split()) < 3 and who:  # "met" says little; say who
        phrase = f"{ev.type or phrase}: {', '.join(who)}"
    return TimelineEntry("", ev.date, phrase, type=ev.type, participants=who,
                         articles=list(dict.fromkeys(m.article for m in ev.mentions)), events=[ev.id],
                         mentions=[Span(m.article, m.start, m.end) for m in ev.mentions],
                         confidence=ev.date_confidence)


def merge_entries(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Events of the same kind on the same date with shared participants become one entry."""
    out: list[TimelineEntry] = []
    for e in entries:
        home = next((o for o in out if o.date == e.date and _kind(o) == _kind(e)
                     and set(o.participants) & set(e.participants)), None)
        if home is None:
            out.append(e)
            continue
        home.articles = list(dict.fromkeys(home.articles + e.articles))
        home.events += e.events
        home.mentions += e.mentions
        home.participants = list(dict.fromkeys(home.participants + e.participants))
        if len(e.text) > len(home.text):
            home.text = e.text
    return out


def _kind(entry: TimelineEntry) -> str:
    return EVENT_CLASSES.get(entry.type or "", entry.type or "")


def fact_entries(fact: FactGroup) -> list[TimelineEntry]:
    """One entry per reading of a dated fact (two when sources disagree on the date)."""
    readings = fact.readings or [{"values": list(range(len(fact.values)))}]
    out = []
    for r in readings:
        dated = [fact.values[i] for i in r["values"] if fact.values[i].value]
        if not dated:
            continue
        out.append(TimelineEntry("", str(dated[0].value), fact.subject, type="dated fact",
                                 articles=list(dict.fromkeys(fact.values[i].article for i in r["values"])),
                                 mentions=[_span(v) for v in dated], facts=[fact.id],
                                 disputed=fact.verdict == "contradict", stated=dated[0].text))
    return out


def _span(v: FactValue) -> Span:
    return Span(v.article, v.start, v.end)


def _first_date(fact: FactGroup) -> str | None:
    return next((str(v.value) for v in fact.values if v.value), None)


def _absorb(entry: TimelineEntry, fact: FactGroup) -> None:
    entry.articles = list(dict.fromkeys(entry.articles + fact.articles))
    entry.mentions += [_span(v) for v in fact.values]
    entry.facts.append(fact.id)


def _telling(fact: FactGroup) -> bool:
    """A dated fact worth a line: several sources, a dispute, or a phrase that says what happened."""
    return len(fact.articles) > 1 or fact.verdict == "contradict" or len(fact.subject.split()) >= 3


def _dedupe(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    seen, out = set(), []
    for e in entries:
        key = (e.date, e.text.lower())
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _finish(entry: TimelineEntry, sources, thread: str | None) -> None:
    """The entry's id, precision, citations (its first mention in each article), sources and thread."""
    first = (entry.events or entry.facts or [entry.text])[0]
    entry.id = finding_id("t", thread, entry.date, first)
    entry.precision = precision(entry.date)
    entry.citations = first_per_article(entry.mentions)
    entry.independent_sources = sources.independent(entry.articles)
    entry.thread = thread


def first_per_article(spans: list[Span]) -> list[Span]:
    """The first span of each article, in order."""
    first: dict[str, Span] = {}
    for s in spans:
        first.setdefault(s.article_id, s)
    return list(first.values())


def precision(date: str) -> str:
    """day, month or year: how much of a date an ISO value gives ("2023-06-18", "2023-06", "2023")."""
    return PRECISION.get(len(date.split("/")[0]), "day")

"""Claims: every stated quantity or date of an article, with what it is about.

A claim is one value in one article (a numeric mention from the extract stage, or a dated expression) plus the
signature ``compare.facts`` aligns on: the word the value attaches to (``head``), the nouns around it (``terms``),
the entities of its sentence or phrase, the dates of its sentence (``when``) and the extract event it belongs to.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .text import content_words, fold, sentence_at

DATE_KINDS = ("month", "date", "weekday", "year", "relative")
SALIENT, PROTAGONIST = 0.05, 0.25  # an entity with 5 %+ of all mentions is what the whole story is about: it
# tells one of the story's meetings from another only a quarter as well as its rarity alone would say
MAX_PHRASE = 160  # characters: longer spans are sentences, not phrases
MIN_COUNT = 3  # "two countries", "one thing" are references, not counts anyone reports as a fact
# Words that name the same kind of event: a "five-hour meeting" and "seven hours of talks" measure one thing.
EVENT_CLASSES = {"meet": "meeting", "meeting": "meeting", "talk": "meeting", "session": "meeting",
                 "discussion": "meeting", "negotiation": "meeting", "met": "meeting", "dinner": "meeting",
                 "visit": "visit", "trip": "visit", "travel": "visit", "tour": "visit", "stay": "visit"}


@dataclass(slots=True)
class Claim:
    article: str
    start: int
    end: int
    text: str
    kind: str  # duration | money | percent | points | count | date
    value: Any
    unit: str
    qualifier: str = "exact"
    head: str | None = None  # lemma of the word the value attaches to
    about: dict[str, Any] | None = None  # {"text", "start", "end"}: the phrase it is about
    terms: frozenset = frozenset()  # nouns of that phrase
    entities: frozenset = frozenset()  # entity ids: of the phrase and its event, else of the sentence
    when: tuple = ()  # resolved dates of the sentence (numeric claims)
    event: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # date part/month, stated range ...

    @property
    def head_class(self) -> str | None:
        return EVENT_CLASSES.get(self.head or "", self.head)

    def value_dict(self, text: str | None = None) -> dict[str, Any]:
        """The value for the report; with the article ``text``, also ``phrase``: the value with what it is about
        ("a five-hour meeting with Foreign Minister Ana Costa on Sunday"), a clean span of the article."""
        d = {"article": self.article, "start": self.start, "end": self.end, "text": self.text,
             "value": self.value, "unit": self.unit, "qualifier": self.qualifier}
        if self.about:
            d["about"] = self.about
        if self.event:
            d["event"] = self.event
        if text is not None and self.about:
            s, e = min(self.start, self.about["start"]), max(self.end, self.about["end"])
            if e - s <= MAX_PHRASE:
                d["phrase"] = {"start": s, "end": e, "text": text[s:e]}
        return d


class EntityIndex:
    """Entity mentions per article, and how telling each entity is (rare in the corpus = telling)."""

    def __init__(self, entities: list[dict]):
        self.spans: dict[str, list[tuple[int, int, str]]] = {}
        counts = Counter()
        for e in entities or []:
            for m in e.get("mentions") or []:
                self.spans.setdefault(m["article"], []).append((m["start"], m["end"], e["id"]))
                counts[e["id"]] += 1
        total = sum(counts.values()) or 1
        self.weight = {eid: math.log(1 + total / n) * (PROTAGONIST if n / total >= SALIENT else 1.0)
                       for eid, n in counts.items()}

    def within(self, article: str, start: int, end: int) -> frozenset:
        return frozenset(eid for s, e, eid in self.spans.get(article, ()) if start <= s and e <= end)

    def similarity(self, a: frozenset, b: frozenset) -> float:
        """Weighted Jaccard: sharing only the story's protagonist counts for little."""
        union = sum(self.weight.get(e, 1.0) for e in a | b)
        return sum(self.weight.get(e, 1.0) for e in a & b) / union if union else 1.0


def event_links(events: list[dict]) -> dict[tuple[str, int], str]:
    """(article, start) of every value or phrase an extract event holds -> the event id."""
    out = {}
    for ev in events or []:
        for d in (ev.get("attributes") or {}).get("durations") or []:
            out[(d["article"], d["start"])] = ev["id"]
    return out


def event_mentions(events: list[dict]) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list] = {}
    for ev in events or []:
        for m in ev.get("mentions") or []:
            out.setdefault(m["article"], []).append((m["start"], m["end"], ev["id"]))
    return out


def numeric_claims(facts: list[dict], texts: dict[str, str], index: EntityIndex, dates: dict[str, list],
                   events: list[dict]) -> list[Claim]:
    """Claims from the extract stage's numeric mentions (references such as "two countries" left out)."""
    links, spans = event_links(events), event_mentions(events)
    parties = {ev["id"]: frozenset(ev.get("participants") or ()) for ev in events or []}
    out = []
    for f in facts:
        if f.get("article") not in texts or f.get("kind") == "date" or not _is_claim(f):
            continue
        text = texts[f["article"]]
        s0, s1 = sentence_at(text, f["start"])
        measures = f.get("measures") or None
        head = (measures or {}).get("head") or _last_noun(f["text"])
        event = links.get((f["article"], f["start"])) or _event_at(spans, f["article"], measures)
        who = parties.get(event, frozenset()) | (index.within(f["article"], measures["start"], measures["end"])
                                                 if measures else frozenset())
        out.append(Claim(f["article"], f["start"], f["end"], f["text"], f.get("kind") or "count", f["value"],
                         f.get("unit") or "", f.get("qualifier") or "exact", fold(head.lower()) if head else None,
                         _phrase(measures), frozenset(content_words(measures["text"])) if measures else frozenset(),
                         who or index.within(f["article"], s0, s1), _dates_in(dates.get(f["article"], []), s0, s1),
                         event, {k: f[k] for k in ("high", "stated") if f.get(k) is not None}))
    return out


def _is_claim(f: dict) -> bool:
    if f.get("kind", "count") != "count":
        return True
    return isinstance(f.get("value"), (int, float)) and f["value"] >= MIN_COUNT


def _last_noun(text: str) -> str | None:
    words = content_words(text)
    return words[-1] if words else None


def _phrase(measures: dict | None) -> dict | None:
    if not measures:
        return None
    return {"text": measures["text"], "start": measures["start"], "end": measures["end"]}


def _dates_in(dates: list[dict], start: int, end: int) -> tuple:
    return tuple(d["value"] for d in dates if start <= d["start"] < end and d.get("value") and d["kind"] != "year")


def _event_at(spans: dict, article: str, measures: dict | None) -> str | None:
    if not measures:
        return None
    for s, e, eid in spans.get(article, ()):
        if s <= measures["start"] < e or measures["start"] <= s < measures["end"]:
            return eid
    return None

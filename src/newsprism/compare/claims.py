"""Claims as the fact layer aligns them: one stated value (a typed ``FactMention`` from extract, or a dated
expression) plus its alignment signature — ``attribute``, ``scope``, ``subject`` (the main event of the story, or
an earlier event its sentence dates: ``earlier:2004``), ``as_of``, the sentence it stands in, the word it
attaches to (``head``), the nouns around it (``terms``) and the entities of its phrase or sentence.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from datetime import date
from dataclasses import dataclass, field
from typing import Any

from .text import content_words, fold, sentence_at

DATE_KINDS = ("month", "date", "weekday", "year", "relative")
SALIENT, PROTAGONIST = 0.05, 0.25  # an entity with 5 %+ of all mentions is what the whole story is about: it
# tells one of the story's meetings from another only a quarter as well as its rarity alone would say
MAX_PHRASE = 160  # characters: longer spans are sentences, not phrases
MAX_SENTENCE = 320  # characters of the stating sentence a value carries, around the value
MIN_COUNT = 2  # "one thing" is a reference, not a count anyone reports as a fact
EARLIER_DAYS = 20  # a sentence dated this long before the article's date is about an earlier event
# Words that name the same kind of event: a "five-hour meeting" and "seven hours of talks" measure one thing.
EVENT_CLASSES = {"meet": "meeting", "meeting": "meeting", "talk": "meeting", "session": "meeting",
                 "discussion": "meeting", "negotiation": "meeting", "met": "meeting", "dinner": "meeting",
                 "visit": "visit", "trip": "visit", "travel": "visit", "tour": "visit", "stay": "visit",
                 "deliberation": "deliberation", "deliberate": "deliberation"}
# Attributes a story holds once per subject: they align without a scope word.
SINGLE_VALUED = frozenset(("killed", "injured", "arrested", "missing", "evacuated", "rescued", "crowd",
                           "magnitude", "depth", "weapon"))
# Nouns that name the same kind of thing a value is about.
SCOPE_CLASSES = {"deal": "contract", "agreement": "contract", "pact": "contract", "jewelry": "jewellery",
                 "jewel": "jewellery", "gem": "jewellery", "loot": "haul", "bailout": "loan", "package": "loan",
                 "pursuit": "chase", "chase": "chase", "pursue": "chase"}
BARE = "(unattached)"  # scope of a value nothing in its sentence ties to a noun or verb: it aligns only with the
# same value (the same figure stated alike), and never makes a contradiction
# Verbs that say nothing about which quantity a number is ("was 82 percent", "has $2 million").
LIGHT_VERBS = frozenset("be have do say include make get give put go come become remain reach total".split())
MONTHS = "January February March April May June July August September October November December".split()
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(slots=True)
class Claim:
    article: str
    start: int
    end: int
    text: str
    kind: str  # duration | money | percent | points | count | date | age | time | record | ...
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
    attribute: str = ""
    scope: tuple = ()
    as_of: str | None = None
    id: str | None = None  # the fact mention's id
    verb: str | None = None
    subject: str = "main"
    sentence: tuple = (0, 0)
    day: str | None = None  # the weekday its sentence names (one only), to tell two events of a story apart

    @property
    def head_class(self) -> str | None:
        return EVENT_CLASSES.get(self.head or "", self.head)

    def value_dict(self, text: str | None = None) -> dict[str, Any]:
        """The value for the report; with the article ``text``, also ``phrase``: the value with what it is about
        ("a five-hour meeting with Foreign Minister Ana Costa on Sunday"), a clean span of the article."""
        d = {"article": self.article, "start": self.start, "end": self.end, "text": self.text,
             "value": self.value, "unit": self.unit, "qualifier": self.qualifier, "scope": list(self.scope),
             "as_of": self.as_of, "claim": self.id}
        if self.about:
            d["about"] = self.about
        if self.event:
            d["event"] = self.event
        if text is not None and self.about:
            s, e = min(self.start, self.about["start"]), max(self.end, self.about["end"])
            if e - s <= MAX_PHRASE:
                d["phrase"] = {"start": s, "end": e, "text": text[s:e]}
        if text is not None and self.sentence[1] > self.sentence[0]:
            s, e = self.sentence
            s, e = max(s, self.start - MAX_SENTENCE // 2), min(e, self.end + MAX_SENTENCE // 2)
            d["sentence"] = {"start": s, "end": e, "text": text[s:e]}
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


def numeric_claims(mentions: list, texts: dict[str, str], index: EntityIndex, dates: dict[str, list],
                   events: list[dict], as_of: dict[str, str | None]) -> list[Claim]:
    """Claims from the extract stage's typed mentions (``FactMention``); references ("one thing") left out.

    ``as_of``: each article's date when its mentions carry none (the extract stage's date anchor)."""
    links, spans = event_links(events), event_mentions(events)
    parties = {ev["id"]: frozenset(ev.get("participants") or ()) for ev in events or []}
    out = []
    for f in mentions:
        if f.article not in texts or f.kind == "date" or not _is_claim(f):
            continue
        text = texts[f.article]
        s0, s1 = sentence_at(text, f.start)
        measures = f.measures if f.measures and "start" in f.measures else None
        head = (f.measures or {}).get("head")
        event = links.get((f.article, f.start)) or _event_at(spans, f.article, measures)
        who = parties.get(event, frozenset()) | (index.within(f.article, measures["start"], measures["end"])
                                                 if measures else frozenset())
        out.append(Claim(f.article, f.start, f.end, f.text, f.kind or "count", f.value, f.unit or "",
                         f.qualifier or "exact", fold(head.lower()) if head else None, _phrase(measures),
                         frozenset(content_words(measures["text"])) if measures else frozenset(),
                         who or index.within(f.article, s0, s1), _dates_in(dates.get(f.article, []), s0, s1),
                         event, {k: v for k, v in (("high", f.high), ("stated", f.stated)) if v is not None},
                         attribute=f.attribute or f.kind, scope=tuple(_scope(f)),
                         as_of=f.as_of or as_of.get(f.article), id=f.id or None,
                         verb=(f.measures or {}).get("verb"), sentence=(s0, s1),
                         day=weekday_of(dates.get(f.article, []), s0, s1)))
    return out


def lead_key(c: Claim) -> tuple:
    """What an article's first claim is the lead figure of: one attribute of one subject, scope, event and day."""
    return (c.article, c.subject, c.attribute, c.scope, c.event, c.day)


def weekday_of(dates: list[dict], start: int, end: int) -> str | None:
    """The one weekday a sentence names or dates ("on Sunday", "May 5, 2010"), else None."""
    days = set()
    for d in dates:
        if not start <= d["start"] < end:
            continue
        if d.get("weekday"):
            days.add(d["weekday"].lower())
        elif d.get("kind") == "date" and d.get("value") and len(d["value"]) == 10:
            try:
                days.add(WEEKDAYS[date.fromisoformat(d["value"]).weekday()])
            except ValueError:
                pass
    return days.pop() if len(days) == 1 else None


def _scope(f) -> list[str]:
    """Scope words, with event words folded into their class ("talks" and "meeting" measure one thing).

    A story has one death toll or magnitude, but many durations, amounts and times: those need a word saying
    which (the noun they measure, else the verb they go with); without one the claim aligns with nothing."""
    words = {EVENT_CLASSES.get(w, w) for w in f.scope or () if w not in LIGHT_VERBS}
    attribute = f.attribute or f.kind
    if attribute in SINGLE_VALUED or attribute.startswith("count:") or attribute == "phone":
        return sorted(words)
    head = (f.measures or {}).get("head")
    verb = (f.measures or {}).get("verb")
    if attribute in ("amount", "price") and head:
        words.add(head)
    words = {SCOPE_CLASSES.get(w, w) for w in words}
    if not words - {"utc", "local", "et", "bst"}:
        telling = verb and verb not in LIGHT_VERBS
        words.add(SCOPE_CLASSES.get(verb, EVENT_CLASSES.get(verb, verb)) if telling else BARE)
    return sorted(words)


def _is_claim(f) -> bool:
    if f.kind != "count":
        return True
    if f.value == 0 and (f.attribute or "") in SINGLE_VALUED:
        return True  # "no-one was injured": a toll of zero is a fact, and contradicts "two were hurt"
    return isinstance(f.value, (int, float)) and f.value >= MIN_COUNT


def subjects(claims: list[Claim], texts: dict[str, str], dates: dict[str, list]) -> None:
    """Set each claim's ``subject``: ``main``, or ``earlier:<year or month>`` when its sentence dates an earlier
    event (a year other than the story's, or a date well before the article's date)."""
    years = Counter(c.as_of[:4] for c in claims if c.as_of)
    story_year = years.most_common(1)[0][0] if years else None
    months = Counter(int(c.as_of[5:7]) for c in claims if c.as_of)
    story_month = months.most_common(1)[0][0] if months else None
    for c in claims:
        ref = c.as_of or (f"{story_year}-12-31" if story_year else None)
        sentence = texts[c.article][c.sentence[0]:c.sentence[1]]
        if _names_recent(dates.get(c.article, []), c.sentence, ref):
            continue  # "the talks on Sunday, after the border incident in January": the story's own moment
        stated_years = {y for y in _YEAR.findall(sentence)} - {story_year, (c.as_of or "")[:4]}
        if stated_years and ref and all(y < ref[:4] for y in stated_years):
            c.subject = "earlier:" + max(stated_years)
            continue
        earlier = [d["value"] for d in dates.get(c.article, []) if c.sentence[0] <= d["start"] < c.sentence[1]
                   and d.get("value") and d.get("kind") in ("date", "month") and _before(d["value"], ref)]
        if earlier:
            c.subject = "earlier:" + min(earlier)[:7]
            continue
        back = [_months_back(d["text"], ref) for d in dates.get(c.article, [])
                if c.sentence[0] <= d["start"] < c.sentence[1] and d.get("kind") == "relative"]
        if any(back):
            c.subject = "earlier:" + min(b for b in back if b)
            continue
        named = {_month(d) for d in dates.get(c.article, []) if c.sentence[0] <= d["start"] < c.sentence[1]
                 and d.get("kind") == "month"} - {None}
        own = int(c.as_of[5:7]) if c.as_of else None
        if named and c.day is None and own not in named and (own or story_month not in named):
            c.subject = "earlier:" + MONTHS[min(named) - 1]


def _names_recent(dates: list[dict], sentence: tuple, ref: str | None) -> bool:
    """Whether the sentence names the story's own moment: a weekday, "today", a date near the article's."""
    for d in dates:
        if not sentence[0] <= d["start"] < sentence[1]:
            continue
        if d.get("kind") == "weekday" or d.get("kind") == "relative" and "last" not in d["text"].lower() \
                or d.get("kind") == "date" and d.get("value") and ref and not _before(d["value"], ref):
            return True
    return False


_BACK = re.compile(r"\b(?:(?:last|previous)\s+|(a|one|two|three|\d+)\s+)(month|year)s?(?:\s+ago|\s+earlier)?\b",
                   re.I)


def _months_back(text: str, ref: str | None) -> str | None:
    """"last month", "a year ago", "three months earlier": the earlier month it names (YYYY-MM from ``ref``), or
    the words themselves when the article is undated; None for "last week", "two days ago" (the story's own days).
    """
    m = _BACK.search(text)
    if not m or not (text.lower().startswith(("last", "previous")) or re.search(r"\b(ago|earlier)\b", text, re.I)):
        return None
    count = {"a": 1, "one": 1, "two": 2, "three": 3}.get((m.group(1) or "a").lower()) or int(m.group(1) or 1)
    months = count * (12 if m.group(2).lower() == "year" else 1)
    if not ref:
        return text.lower()
    y, mo = int(ref[:4]), int(ref[5:7])
    if m.group(2).lower() == "year" and not m.group(1):
        return str(y - 1)  # "last year": the year, not a month of it
    total = y * 12 + mo - 1 - months
    return f"{total // 12}-{total % 12 + 1:02d}"


def _month(d: dict) -> int | None:
    """The month a month or date mention names ("in September", "May 5")."""
    if d.get("kind") not in ("month", "date"):
        return None
    if d.get("month"):
        return int(d["month"])
    value = d.get("value") or ""
    return int(value[5:7]) if len(value) >= 7 and value[4] == "-" and value[5:7].isdigit() else None


def _before(value: str, ref: str | None) -> bool:
    """Whether a date value lies well (EARLIER_DAYS) before the reference day."""
    from datetime import date

    if not ref:
        return False
    try:
        y, m, *d = (int(x) for x in value.split("/")[-1].split("-"))
        day = date(y, m, d[0] if d else 28)
        return (date.fromisoformat(ref[:10]) - day).days > EARLIER_DAYS
    except ValueError:
        return False


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

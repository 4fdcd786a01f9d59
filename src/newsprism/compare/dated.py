"""Date claims: a dated expression of an article and the thing it dates, found from the sentence's parse.

"the chemical spill incident in early January" dates the incident (a spill incident); "the coast guard towed a
leaking tanker out of the harbour in February" dates the towing of a tanker.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..extract.attach import attachment
from .claims import DATE_KINDS, Claim, EntityIndex, event_mentions
from .text import sentence_at

_DAY = re.compile(r"[A-Za-z]\.? (\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)? [A-Z]")
REPORTING_VERBS = frozenset("say tell report post add comment write note quote state told said".split())


def date_claims(texts: dict[str, str], dates: dict[str, list[dict]], index: EntityIndex,
                parse: Callable[[Iterable[str]], Iterable] | None, events: list[dict] | None = None,
                parsed: dict[str, Any] | None = None,
                heads: dict[str, dict[tuple[int, int], tuple]] | None = None) -> list[Claim]:
    """One claim per dated expression, its head found in the parse: from ``heads`` (article id -> {(start, end)
    of a date: (head, dated phrase, nouns)}, what the extract stage read from each article's parse:
    ``report.date_heads``), else from the article's own parse in ``parsed`` (article id -> spaCy Doc, the one
    parse every stage shares), else the sentence parsed alone with ``parse`` (a spaCy ``nlp.pipe``; None: claims
    without a head). Re-parsing every dated sentence took 70 of the 205 s the compare stage spent on a
    1,222-article thread; decoding every article's cached parse for its dates, 1.7 of the 15 s of adding one
    article to a 369-article thread whose other readings were all kept.

    A date inside an extract event's mention ("meeting with Foreign Minister Ana Costa on Sunday") dates that event.
    """
    parsed, heads = parsed or {}, heads or {}
    links = (event_mentions(events or []), {ev["id"]: ev.get("date") for ev in events or []})
    todo = [(aid, d) for aid, ds in dates.items() if aid in texts for d in ds if _usable(d)]
    unread = [(aid, d) for aid, d in todo if (d["start"], d["end"]) not in heads.get(aid, ())]
    sentences = sorted({(aid, *sentence_at(texts[aid], d["start"])) for aid, d in unread})
    docs = {key: (parsed[key[0]], 0) for key in sentences if key[0] in parsed}  # (doc, offset of its text)
    alone = [key for key in sentences if key not in docs]
    if parse and alone:
        for key, doc in zip(alone, parse(texts[a][s:e] for a, s, e in alone)):
            docs[key] = (doc, key[1])  # a sentence's own parse: its offsets start at the sentence
    out = []
    for aid, d in todo:
        sentence = sentence_at(texts[aid], d["start"])
        attached = heads.get(aid, {}).get((d["start"], d["end"]))
        if attached is None:
            doc = docs.get((aid, *sentence))
            attached = attachment(doc[0], d["start"] - doc[1], d["end"] - doc[1], doc[1]) if doc else (None, None, ())
        claim = _date_claim(aid, texts[aid], d, sentence, attached, index, links)
        if claim.event or claim.head not in REPORTING_VERBS:  # "he said on Saturday" dates a remark, not news
            out.append(claim)
    return out


def _date_claim(aid: str, text: str, d: dict, sentence: tuple[int, int], attached: tuple, index: EntityIndex,
                links: tuple[dict, dict]) -> Claim:
    head, about, terms = attached
    about = _trimmed(text, about) if about else None
    ents = index.within(aid, about["start"], about["end"]) if about else frozenset()
    qualifier = _qualifier(text, d)
    # "since 2018" bounds a span of time; it does not date an event
    event = None if qualifier in ("after", "before") else _event_of(links[0].get(aid, ()), d, about, sentence, links[1])
    extra = {k: d.get(k) for k in ("part", "month", "kind", "confidence", "weekday") if d.get(k) is not None}
    day = _DAY.search(d["text"]) if d.get("kind") == "date" else None
    if day:
        extra["day"] = int(day.group(1) or day.group(2))  # "November 18" with no year to place it
    return Claim(aid, d["start"], d["end"], d["text"], "date", d.get("value"), "date", qualifier, head, about,
                 frozenset(terms), ents, (), event, extra)


def _event_of(spans, d: dict, about: dict | None, sentence: tuple[int, int], event_dates: dict) -> str | None:
    """The extract event this date dates: the date lies inside the event's mention ("meeting ... on Sunday"), the
    mention lies inside the dated phrase, or the sentence mentions the event and the date is the event's own."""
    for s, e, eid in spans:
        if s <= d["start"] and d["end"] <= e:
            return eid
        if about and about["start"] <= s and e <= about["end"]:
            return eid
    for s, e, eid in spans:
        if sentence[0] <= s < sentence[1] and d.get("value") and d["value"] == event_dates.get(eid):
            return eid
    return None


def _trimmed(text: str, about: dict) -> dict:
    start, end = about["start"], about["end"]
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return {"text": text[start:end], "start": start, "end": end}


def _usable(d: dict) -> bool:
    if d.get("kind") == "date" and not d.get("month") and _month_named(d["text"]):
        d["month"] = _month_named(d["text"])  # "November 18" in an undated article: its month is still known
    return d.get("kind") in DATE_KINDS and bool(d.get("value") or d.get("month") or d.get("weekday"))


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


def _month_named(text: str) -> int | None:
    m = re.search(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?", text, re.I)
    return _MONTHS.index(m.group(1).lower()) + 1 if m else None


_BOUND_WORDS = {"since": "after", "after": "after", "from": "after", "until": "before", "till": "before",
                "before": "before", "by": "before"}


def _qualifier(text: str, d: dict) -> str:
    """exact | approximate ("early January", "later this year") | after ("since 2018") | before ("until May")."""
    word = text[max(0, d["start"] - 12):d["start"]].split()[-1:]
    bound = _BOUND_WORDS.get(word[0].lower()) if word and not d["text"].lower().startswith(("in ", "on ")) else None
    if bound:
        return bound
    return "approximate" if d.get("part") in ("early", "mid", "late") or d.get("kind") == "relative" else "exact"

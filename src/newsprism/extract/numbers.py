"""Numeric facts: durations (to minutes), money (to an amount and currency), percentages, index points and
counts, written in digits or words ("seven and a half hours", "five-hour meeting", "more than eight hours",
"US$700 billion"), each with its qualifier and the phrase it measures.
"""
from __future__ import annotations

import re

from ..model import FactMention
from .lexicon import NUMBER_WORDS, QUALIFIERS, SCALES

_WORDS = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True))
NUM = rf"(?:\d[\d,]*(?:\.\d+)?|(?:{_WORDS})(?:-(?:{_WORDS}))?)"
QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
DURATION = re.compile(
    rf"\b(?:({QUAL}) )?(?:({NUM}(?: and a half)?|an?|half an?)(?:-| )(second|minute|hour|day|week|month|year|"
    rf"decade)s?|(a half)-(hour|day))\b", re.I)
CURRENCY = {"$": "USD", "us$": "USD", "s$": "SGD", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "nz$": "NZD",
            "€": "EUR", "£": "GBP", "¥": "JPY", "dollars": "USD", "euros": "EUR", "pounds": "GBP", "yuan": "CNY",
            "rmb": "CNY", "yen": "JPY"}
MONEY = re.compile(rf"\b(?:({QUAL}) )?((?:US|S|A|C|HK|NZ)?\$|€|£|¥)\s?(\d[\d,]*(?:\.\d+)?)"
                   rf"(?:\s?(million|billion|trillion|bn|m|k)\b)?", re.I)
MONEY_WORDS = re.compile(rf"\b(?:({QUAL}) )?(\d[\d,]*(?:\.\d+)?)(?: (million|billion|trillion))? "
                         rf"(dollars|euros|pounds|yuan|rmb|yen)\b", re.I)
PERCENT = re.compile(rf"\b(?:({QUAL}) )?(\d+(?:\.\d+)?)\s?(%|percent\b|per cent\b)", re.I)
POINTS = re.compile(rf"\b(?:({QUAL}) )?(\d[\d,]*(?:\.\d+)?) (?:index )?points\b", re.I)
TO_MINUTES = {"second": 1 / 60, "minute": 1, "hour": 60}
SKIP_COUNT_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}


def number_value(text: str) -> float | None:
    """"7.5", "1,200", "seven and a half", "twenty-four", "a dozen", "an" -> a number."""
    t = text.lower().strip()
    half = t.endswith(" and a half")
    t = t.replace(" and a half", "")
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", t):
        v = float(t.replace(",", ""))
    elif t in NUMBER_WORDS:
        v = float(NUMBER_WORDS[t])
    elif "-" in t and all(p in NUMBER_WORDS for p in t.split("-")):
        v = float(sum(NUMBER_WORDS[p] for p in t.split("-")))
    else:
        return None
    return v + 0.5 if half else v


def qualifier_of(word: str | None) -> str:
    return QUALIFIERS.get((word or "").lower(), "exact")


def clean_number(v: float) -> float:
    return int(v) if float(v).is_integer() else round(v, 6)


def durations(article) -> list[FactMention]:
    out = []
    for m in DURATION.finditer(article.text):
        amount, unit = (m.group(2), m.group(3)) if m.group(3) else (m.group(4), m.group(5))
        v = number_value(amount.replace("half an", "0.5").replace("half a", "0.5")) if amount else None
        if amount and amount.lower() in ("a", "an"):
            v = 1.0 if unit.lower() in ("hour", "minute") else None
        if v is None:
            continue
        unit = unit.lower()
        value, norm_unit = (v * TO_MINUTES[unit], "minutes") if unit in TO_MINUTES else (v, unit + "s")
        out.append(FactMention(article.id, m.start(), m.end(), m.group(0), clean_number(value), norm_unit,
                               qualifier_of(m.group(1)), kind="duration",
                               stated={"value": clean_number(v), "unit": unit + "s"}))
    return out


def money(article) -> list[FactMention]:
    out = []
    for m in MONEY.finditer(article.text):
        v = number_value(m.group(3))
        scale = SCALES.get((m.group(4) or "").lower(), 1)
        out.append(FactMention(article.id, m.start(), m.end(), m.group(0), clean_number(v * scale),
                               CURRENCY.get(m.group(2).lower(), "USD"), qualifier_of(m.group(1)), kind="money"))
    for m in MONEY_WORDS.finditer(article.text):
        v = number_value(m.group(2)) * SCALES.get((m.group(3) or "").lower(), 1)
        out.append(FactMention(article.id, m.start(), m.end(), m.group(0), clean_number(v),
                               CURRENCY[m.group(4).lower()], qualifier_of(m.group(1)), kind="money"))
    return out


def percents_and_points(article) -> list[FactMention]:
    out = []
    for m in PERCENT.finditer(article.text):
        out.append(FactMention(article.id, m.start(), m.end(), m.group(0), clean_number(float(m.group(2))),
                               "percent", qualifier_of(m.group(1)), kind="percent"))
    for m in POINTS.finditer(article.text):
        out.append(FactMention(article.id, m.start(), m.end(), m.group(0), number_value(m.group(2)),
                               "points", qualifier_of(m.group(1)), kind="points"))
    return out


def count_start(doc, tok) -> int:
    """First token of a number phrase ending at ``tok`` ("more than a dozen", "seven")."""
    i = tok.i
    while i > 0 and (doc[i - 1].pos_ == "NUM" or doc[i - 1].lower_ in ("a", "and")) and doc[i - 1].i > tok.i - 4:
        i -= 1
    return i


def counts(article, doc, taken: list[tuple[int, int]]) -> list[FactMention]:
    """"seven individuals", "more than a dozen requests": a number modifying a noun."""
    out = []
    for tok in doc:
        if tok.dep_ != "nummod" or tok.pos_ != "NUM" or tok.ent_type_ in SKIP_COUNT_ENTS:
            continue
        if tok.head.pos_ not in ("NOUN", "PROPN") or any(s <= tok.idx < e for s, e in taken):
            continue
        first = count_start(doc, tok)
        v = number_value(doc[first:tok.i + 1].text.replace("a dozen", "dozen"))
        if v is None or re.fullmatch(r"(1[89]|20)\d\d", tok.text):
            continue
        qual = doc[max(0, first - 2):first].text.lower()
        qual_word = next((q for q in QUALIFIERS if qual.endswith(q)), None)
        start = doc[first].idx - (len(qual_word) + 1 if qual_word else 0)
        end = tok.head.idx + len(tok.head) if tok.head.i > tok.i else tok.idx + len(tok)
        out.append(FactMention(article.id, start, end, article.text[start:end], clean_number(v), "count",
                               qualifier_of(qual_word), kind="count"))
    return out


def find_facts(article, doc) -> list[FactMention]:
    """Every numeric mention of an article, with what it measures."""
    found = durations(article) + money(article) + percents_and_points(article)
    found += counts(article, doc, [(f.start, f.end) for f in found])
    for f in found:
        f.measures = measured_phrase(article.text, doc, f)
    return sorted(found, key=lambda f: f.start)


# --- what a number measures ------------------------------------------------------------------------

LAST_VERBS = {"last", "take", "run", "continue", "stretch", "go"}


def right_span(doc, head, stop_deps=("relcl", "acl", "punct", "advcl")) -> tuple[int, int]:
    """A head word and its "with/between/of" attachments to the right, as character offsets."""
    end = head.idx + len(head)
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in ("with", "between", "of", "on", "in"):
            end = max(end, c.right_edge.idx + len(c.right_edge))
        elif c.dep_ in stop_deps:
            break
    return head.idx, end


def measured_head(unit):
    """The word a quantity attaches to: the noun it modifies, the event that lasted it, the verb it times."""
    if unit.dep_ in ("compound", "amod", "nmod", "nummod") and unit.head.pos_ in ("NOUN", "PROPN"):
        return unit.head
    of = next((c for c in unit.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        obj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if obj is not None:
            return obj
    verb = unit.head.head if unit.dep_ == "pobj" else unit.head
    if verb.lemma_.lower() in LAST_VERBS:
        if verb.dep_ in ("relcl", "acl"):
            return verb.head
        return next((c for c in verb.children if c.dep_ == "nsubj"), verb)
    return verb if verb.pos_ in ("VERB", "NOUN") else None


def measured_phrase(text: str, doc, fact: FactMention) -> dict | None:
    span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
    if span is None:
        return None
    unit = span[-1] if span[-1].pos_ in ("NOUN", "PROPN") else span.root
    head = measured_head(unit)
    if head is None or fact.start <= head.idx < fact.end:
        return None
    start, end = right_span(doc, head)
    return {"text": text[start:end], "start": start, "end": end, "head": head.lemma_.lower()}

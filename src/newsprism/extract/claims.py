"""Claims: every value an article states, typed by what it measures.

Each number of the text (digits, number words, also as a tokenised copy writes them: "20, 000", "$2. 5 million")
is read with what stands around it: a currency sign or word (``amount``/``price``), a percent (``share``), points (``points``), a
time unit (``duration``; ``sentence`` in a prison term), a distance (``distance``/``depth``), "magnitude"
(``magnitude``), "-year-old" or "Name, 38," (``age``), a clock time (``time``), "9-14" (``record``/``score``), a
phone number (``phone``), else the noun and verb of the parse (``killed``, ``injured``, ``arrested``,
``count:<noun>``; see ``attributes``). Qualifiers ("about", "at least", "more than", "up to", "nearly", ranges)
go into ``qualifier``/``high``. Numbers in page furniture (URLs, datelines, stamps, captions), inside dates,
years and names ("AK-47", "Highway 214") are never claims. ``as_of`` is the article's date (published, else
the date its furniture states).
"""
from __future__ import annotations

import re

from ..model import FactMention
from . import attributes, furniture, numbers
from .units import (AGE_AFTER, clean_number, measures_of, mention, number_value, stated_duration, token_at,
                    typed_value)
from .lexicon import NUMBER_WORDS, WEAPON_CLASS

_WORDNUM = "|".join(sorted((w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an")), key=len,
                           reverse=True))
_SPACED_DECIMAL = r"(?:\.\s\d+(?=\s?-?\s?(?:million|billion|trillion|bn|m\b|per\s?cent|percent|%|magnitude)))"
NUMBER = re.compile(rf"(?:(?<=euro)|(?<![\w.,]))(?:\d{{1,3}}(?:,\s?\d{{3}})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?{_SPACED_DECIMAL}?)"
                    rf"(?!(?!(?:m|bn|k)\b)\w)|\b(?:a dozen|dozens|{_WORDNUM})(?:-(?:{_WORDNUM}))?\b", re.I)
PHONE = re.compile(r"(?<![\d-])(?:\d{3,4}[ -]\d{3}[ -]\d{3,4}|\d{3}-\d{4})(?![\d-])")
# "east of Aden", "south-west of the capital": where a place lies from another one.
DIRECTION = re.compile(r"\b((?:north|south)(?:\s?-?\s?(?:east|west))?|east|west)(?:ern)?\s+of\s+(?:the\s+)?"
                       r"([A-Z][\w'’-]+)")
# The weapon of an attack, in the phrases that say what the attacker used: "armed with a rifle", "opened fire
# with a shotgun", "used a shotgun or a rifle", "the shotgun slaying of", "stabbed with a kitchen knife".
_WEAPON = "|".join(sorted((w.replace(" ", r"\s") for w in WEAPON_CLASS if w != "bow"), key=len, reverse=True))
WEAPON = re.compile(rf"\b(?:(?:armed|attacked|shot|stabbed|killed|wounded|threatened|fire|himself|herself)\s+with|"
                    rf"with|using|used|brought|carrying|carried|wielding|wielded|brandishing|brandished|fired)\s+"
                    rf"(?:an?|the|his|her|their|a\s+\w+|an\s+\w+|the\s+\w+|his\s+\w+)\s+"
                    rf"(?:(?:\w+[- ])?(?:calibre|caliber|gauge|mm|automatic|semi-automatic|loaded|sawn-off|"
                    rf"sawed-off|kitchen|pump-action|long|high-powered)\s+)*({_WEAPON})s?\b"
                    rf"(?:,?\s+(?:either\s+)?(?:an?\s+)?(?:({_WEAPON})s?\s+or\s+(?:an?\s+)?({_WEAPON})s?\b)"
                    rf"|\s+or\s+(?:an?\s+)?({_WEAPON})s?\b)?"
                    rf"|\b({_WEAPON})\s+(?:attack|slaying|killing|murder|rampage|assault)\b", re.I)
# groups: 1 the weapon; 2, 3 "either 2 or 3" after it; 4 "1 or 4"; 5 "the 5 attack"
# "at 1100 hours", "about 1100 hrs IST": a clock time written the military way, not a duration of 1,100 hours.
MILITARY_TIME = re.compile(r"\b(at|about|around|from|until|till|by|since|before|after)\s+(?:about\s+|around\s+)?"
                           r"([01]\d|2[0-3])([0-5]\d)\s?(hours|hrs|hr|h)\b(?:\s?\(?(GMT|UTC|Z|IST|local time)\b)?",
                           re.I)
# "No-one was injured", "nobody is thought to have been hurt", "no deaths were reported": a toll of zero.
_ZERO_AUX = (r"(?:\s+(?:was|were|is|are|has|have|had|been|be|being|believed|thought|reported|said|known|seriously|"
             r"badly|immediately|to|appears?|seems?|understood|initially|yet|so far|got|gotten|left))*")
NO_ONE = re.compile(r"\b(?:no[- ]?one|nobody)" + _ZERO_AUX + r"\s+(injured|hurt|killed|wounded|harmed|died|dead)\b"
                    r"|\bno\s+(?:immediate\s+|other\s+|serious\s+|reported\s+)?(deaths|fatalities|injuries)\b"
                    r"(?=\s+(?:were|have been|had been|was|has been)?\s*(?:reported|recorded|confirmed))", re.I)
ZERO_OF = {"injured": "injured", "hurt": "injured", "wounded": "injured", "harmed": "injured", "killed": "killed",
           "died": "killed", "dead": "killed", "deaths": "killed", "fatalities": "killed", "injuries": "injured"}
RANGE_AFTER = re.compile(rf"^\s?(?:-|to|and)\s?(\d[\d,]*(?:\.\d+)?|{_WORDNUM})\b", re.I)
QUALIFIER_BEFORE = [
    (re.compile(r"(more than|over|at least|upwards of|in excess of|no fewer than|no less than|above)\s$", re.I),
     "lower_bound"),
    (re.compile(r"(up to|as many as|as much as|at most|less than|fewer than|under|no more than|below)\s$", re.I),
     "upper_bound"),
    (re.compile(r"(nearly|almost|just under|close to|approaching)\s$", re.I), "nearly"),
    (re.compile(r"(about|around|roughly|approximately|some|an estimated|an approximate|estimated|circa|"
                r"approx\.|just over|just after|just before)\s(?:an?\s)?$", re.I), "approximate"),
]
NAME_BEFORE = re.compile(r"(?:(?i:\bno\.|#|\bnumber|\bhighway|\broute|\binterstate|\bflight|\bchannel|\broom|"
                         r"\bgate|\bplatform)\s?|[A-Za-z]-|\b[A-Z]{2,} ?)$")
YEAR = re.compile(r"(?:1[89]|20)\d\d")
MODEL_AFTER = re.compile(r"^\s[A-Z]{1,3}\s?-?\s?\d+s?\s+[a-z]")  # a count of a model: "12 AK 47 guns"
NAME_ENTS = {"ORG", "PRODUCT", "FAC", "LAW", "WORK_OF_ART", "EVENT", "PERSON", "NORP", "GPE", "LOC"}


def find_claims(article, doc, dates: list[dict] | None = None) -> list[FactMention]:
    """Every stated value of ``article`` (parsed as ``doc``) with its attribute, qualifier, scope and as_of."""
    text = article.text
    skip = furniture.furniture_spans(text)
    as_of = article.published or furniture.furniture_date(text, skip)
    taken = [(d["start"], d["end"]) for d in dates or [] if d.get("kind") not in ("relative",)]
    out: list[FactMention] = []
    for m in PHONE.finditer(text):
        if not furniture.inside(skip, m.start(), m.end()):
            out.append(mention(article, m.start(), m.end(), re.sub(r"\D", "", m.group()), "phone", "phone",
                                kind="phone"))
    for m in MILITARY_TIME.finditer(text):
        if not furniture.inside(skip, m.start(2), m.end()):
            zone = (m.group(5) or "").lower()
            out.append(mention(article, m.start(2), m.end(), int(m.group(2)) * 60 + int(m.group(3)),
                               "minute of day", "time", kind="time", scope=["utc" if zone in ("gmt", "utc", "z")
                                                                               else "local"]))
    clocks = [(f.start, f.end) for f in out]
    for f in numbers.durations(article):
        if not furniture.inside(skip + clocks, f.start, f.end) and not AGE_AFTER.match(text[f.end - 5:f.end + 8]):
            out.append(stated_duration(article, doc, f))
    for m in DIRECTION.finditer(text):
        if not furniture.inside(skip, m.start(), m.end()):
            way = re.sub(r"[\s-]", "", m.group(1).lower()).replace("ern", "")
            out.append(mention(article, m.start(), m.end(), way, "direction", "direction", kind="direction",
                                scope=[m.group(2).lower()]))
    for m in WEAPON.finditer(text):
        if not furniture.inside(skip, m.start(), m.end()):
            out.append(weapon_claim(article, m))
    for m in NO_ONE.finditer(text):
        if not furniture.inside(skip, m.start(), m.end()):
            word = (m.group(1) or m.group(2)).lower()
            out.append(mention(article, m.start(), m.end(), 0, "count", ZERO_OF.get(word, "injured"), kind="count"))
    used = [(f.start, f.end) for f in out]
    for m in NUMBER.finditer(text):
        if furniture.inside(skip + used, m.start(), m.end()):
            continue
        claim = read_number(article, doc, m, taken)
        if claim is not None:
            out.append(claim)
            used.append((claim.start, claim.end))
    for c in out:
        c.as_of = as_of
    return sorted(out, key=lambda f: f.start)


def weapon_claim(article, m) -> FactMention:
    """The weapon a WEAPON match names; "a long gun, either a shotgun or a rifle" -> "rifle|shotgun"."""
    if m.group(5):
        words, start, end = [m.group(5)], m.start(5), m.end(5)
    elif m.group(2):
        words, start, end = [m.group(2), m.group(3)], m.start(1), m.end(3)
    else:
        words = [m.group(1)] + ([m.group(4)] if m.group(4) else [])
        start, end = m.start(1), m.end(4) if m.group(4) else m.end(1)
    value = "|".join(sorted({re.sub(r"\s+", " ", w.lower()) for w in words}))
    return mention(article, start, end, value, "weapon", "weapon", kind="weapon")


def read_number(article, doc, m, taken) -> FactMention | None:
    """The claim a number occurrence makes, or None (a year, part of a date or name, a reference)."""
    text, start, end = article.text, m.start(), m.end()
    value = number_value(m.group())
    if value is None:
        return None
    tok = token_at(doc, start, end)
    if tok is None:
        return None
    is_word = not m.group()[0].isdigit()
    if is_word and tok.pos_ != "NUM" and tok.lower_ != "dozen":
        return None  # "one of them", "ten-fold"
    before, after = text[max(0, start - 40):start], text[end:end + 40]
    qualifier = _qualifier(before)
    typed = typed_value(article, doc, tok, m, value, before, after)
    if typed is not None:
        return _qualified(typed, text, _qualifier(text[max(0, typed.start - 40):typed.start]))
    counted = _untyped(article, doc, tok, m, value, before, after, taken)
    return _qualified(counted, text, qualifier) if counted is not None else None


def _untyped(article, doc, tok, m, value, before, after, taken) -> FactMention | None:
    start, is_word = m.start(), not m.group()[0].isdigit()
    if any(s <= start < e for s, e in taken) or tok.ent_type_ == "ORDINAL":
        return None
    if YEAR.fullmatch(m.group()) or tok.ent_type_ in NAME_ENTS or NAME_BEFORE.search(before):
        return None
    if re.match(r"^\s?-?\s?[A-Za-z]{1,3}\b", after) and not is_word and not re.match(r"^\s(?:of|and|to|or|in|at)\b",
                                                                                       after) \
            and not MODEL_AFTER.match(after):
        return None  # "4x4", "3G", "747s"; not "12 AK 47 guns"
    return _counted(article, tok, m, value, after)


def _counted(article, tok, m, value, after) -> FactMention | None:
    attribute, scope, info = attributes.count_attribute(tok)
    high = RANGE_AFTER.match(after)
    if attribute is None and high:  # "45,000-50,000 people died": the range's end is what the parse attaches
        end_tok = token_at(tok.doc, m.end() + high.start(1), m.end() + high.end(1))
        if end_tok is not None and end_tok.i != tok.i:
            tok = end_tok
            attribute, scope, info = attributes.count_attribute(tok)
    if attribute is None:
        return None
    noun = attributes.counted_noun(tok)
    end = m.end()
    if noun is not None and noun.i > tok.i and noun.idx - end < 40:
        end = noun.idx + len(noun)
    f = mention(article, m.start(), end, clean_number(value), "count", attribute, kind="count", scope=scope,
                 measures=dict(measures_of(tok, noun) or {}, **info))
    if high and number_value(high.group(1)) is not None and number_value(high.group(1)) > value:
        f.high = clean_number(number_value(high.group(1)))
    return f


def _qualifier(before: str) -> str:
    for rx, qual in QUALIFIER_BEFORE:
        if rx.search(before):
            return qual
    return "exact"


def _qualified(f: FactMention, text: str, qualifier: str) -> FactMention:
    """Widen the claim's span over its qualifier words ("more than 300")."""
    before = text[max(0, f.start - 40):f.start]
    for rx, qual in QUALIFIER_BEFORE:
        m = rx.search(before)
        if m and qual == qualifier:
            f.start -= len(before) - m.start()
            f.text = text[f.start:f.end]
            break
    f.qualifier = qualifier
    return f



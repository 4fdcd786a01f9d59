"""Values whose unit the text writes — money, percent, points, age, duration, distance, magnitude, clock time,
win-loss record — read from the words around a number, each typed with its attribute and what it is about.
"""
from __future__ import annotations

import re

from ..model import FactMention
from . import attributes, numbers
from .lexicon import NUMBER_WORDS

SCALE = re.compile(r"^\s?-?\s?(thousand|million|billion|trillion|bn|m|k)\b", re.I)
CURRENCY_BEFORE = re.compile(r"(us\$|s\$|a\$|c\$|hk\$|nz\$|\$|€|£|¥|rs\.?|dh|euros?|eur|usd|gbp|(?<=\w)\?)\s?-?$",
                             re.I)  # "an? 110 billion": a euro sign a text encoding turned into "?"
CURRENCY_CODES = {"$": "USD", "us$": "USD", "s$": "SGD", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "nz$": "NZD",
                  "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR", "£": "GBP", "¥": "JPY", "rs": "INR",
                  "rs.": "INR", "dh": "AED", "?": "EUR", "usd": "USD", "gbp": "GBP", "dollars": "USD", "dollar": "USD",
                  "pounds": "GBP", "pound": "GBP", "yuan": "CNY", "yen": "JPY", "rupees": "INR", "rupee": "INR"}
CURRENCY_AFTER = re.compile(r"^\s?-?\s?(?:(thousand|million|billion|trillion)\s)?(dollars?|euros?|pounds?|yuan|yen|"
                            r"rupees?)\b", re.I)
PERCENT_AFTER = re.compile(r"^\s?(%|per\s?cent\b|percent\b)", re.I)
POINTS_AFTER = re.compile(r"^\s?(?:index\s)?points?\b", re.I)
AGE_AFTER = re.compile(r"^\s?-?\s?years?\s?-?\s?old\b", re.I)
AGE_BEFORE = re.compile(r"\b(?:aged|age)\s$", re.I)
TIME_UNITS = {"second": 1 / 60, "minute": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43800,
              "year": 525600, "decade": 5256000}
DURATION_AFTER = re.compile(r"^\s?-?\s?(second|minute|hour|day|week|month|year|decade)s?\b(?!\s?-?\s?old)", re.I)
DISTANCE_AFTER = re.compile(r"^\s?-?\s?(nautical miles?|km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m\b|feet|foot|"
                            r"ft\b|yards?|inch(?:es)?|cm\b|centimet(?:er|re)s?|mm\b)", re.I)
TO_KM = {"nautical": 1.852, "km": 1.0, "kilomet": 1.0, "mile": 1.609, "met": 0.001, "mm": 1e-6, "m": 0.001,
         "feet": 0.0003048, "foot": 0.0003048, "ft": 0.0003048, "yard": 0.0009144, "inch": 0.0000254, "cm": 1e-5,
         "centimet": 1e-5}
MAGNITUDE_AFTER = re.compile(r"^\s?-?\s?(magnitude\b|on the richter|(?=(?:earth)?quake|tremor|aftershock|temblor))",
                             re.I)  # "a 5.6 quake": a decimal before a quake word is its magnitude
MAGNITUDE_BEFORE = re.compile(r"magnitude(?:\s?-\s?|\sof\s|\s)$|measuring\s$", re.I)
CLOCK = re.compile(r"^(?:\s?[:.]\s?(\d{2}))?\s?(a\.?\s?m\b\.?|p\.?\s?m\b\.?|am\b|pm\b|gmt\b|utc\b|bst\b|et\b|"
                   r"local time\b)?", re.I)
RECORD_AFTER = re.compile(r"^\s?-\s?(\d{1,3})(?![\d\w%])(?![,.]\d)"  # not "45,000-50,000": a range
                          r"(?!\s?-?\s?(?:year|hour|minute|day|week|month|mile|km|percent|per cent))", re.I)
def text_of(doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token each time it is asked)."""
    if "text" not in doc.user_data:
        doc.user_data["text"] = doc.text
    return doc.user_data["text"]


NAME_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv", "v"))


def number_value(text: str) -> float | None:
    """"7.5", "1,200", "20, 000", "2. 5", "twenty-four", "a dozen" -> a number ("dozens": None, vague)."""
    t = re.sub(r"\s", "", text.lower())
    if t == "dozens":
        return None
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", t):
        return float(t.replace(",", ""))
    t = t.replace("adozen", "dozen")
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    if "-" in t and all(p in NUMBER_WORDS for p in t.split("-")):
        return float(sum(NUMBER_WORDS[p] for p in t.split("-")))
    return None


def clean_number(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(v, 6)


def token_at(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    return span[-1]


def typed_value(article, doc, tok, m, value, before, after) -> FactMention | None:
    """Values whose unit the text writes: money, percent, age, duration, distance, magnitude, time, record."""
    start, end = m.start(), m.end()
    cur = CURRENCY_BEFORE.search(before)
    if cur:
        return _money(article, doc, start - (len(before) - cur.start()), end, value, cur.group(1), after)
    if (c := CURRENCY_AFTER.match(after)) and not re.search(r"weigh\w*\s$", before, re.I):
        scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}.get((c.group(1) or "").lower(), 1)
        code = CURRENCY_CODES.get(c.group(2).lower(), c.group(2).upper())
        return _valued(article, doc, start, end + c.end(), value * scale, code, "amount", "money")
    if (c := PERCENT_AFTER.match(after)):
        return _valued(article, doc, start, end + c.end(), value, "percent", "share", "percent")
    if (c := POINTS_AFTER.match(after)):
        return _valued(article, doc, start, end + c.end(), value, "points", "points", "points")
    if (c := AGE_AFTER.match(after)) or AGE_BEFORE.search(before) or _apposed_age(tok, value):
        stop = end + (c.end() if c else 0)
        return mention(article, start, stop, clean_number(value), "years", "age", kind="age",
                        scope=_age_scope(tok), measures=measures_of(tok, None))
    if (c := DURATION_AFTER.match(after)):
        return _duration(article, doc, tok, start, end + c.end(), value, c.group(1).lower())
    if (c := DISTANCE_AFTER.match(after)):
        return _distance(article, doc, start, end + c.end(), value, c.group(1).lower())
    if MAGNITUDE_AFTER.match(after) and ("." in m.group() or MAGNITUDE_AFTER.match(after).group(1)) \
            or MAGNITUDE_BEFORE.search(before):
        stop = end + (len(MAGNITUDE_AFTER.match(after).group(0).rstrip()) if MAGNITUDE_AFTER.match(after) else 0)
        return mention(article, start, stop, clean_number(value), "magnitude", "magnitude", kind="magnitude")
    return _clock_or_record(article, doc, tok, m, value, after)


def _clock_or_record(article, doc, tok, m, value, after) -> FactMention | None:
    start, end = m.start(), m.end()
    c = CLOCK.match(after)
    if c and c.group(2) and value <= 24 and m.group()[0].isdigit() or \
            c and c.group(2) and c.group(2).lower() in ("gmt", "utc", "bst") and len(m.group()) == 4:
        return _time(article, doc, m, c)
    if (r := RECORD_AFTER.match(after)) and m.group()[0].isdigit():
        text = f"{clean_number(value)}-{r.group(1)}"
        noun = _right_noun(doc, end + r.end())
        attr = "score" if noun in ("loss", "win", "victory", "defeat", "setback", "rout", "triumph") else "record"
        verb = attributes.governing_verb(tok)
        return mention(article, start, end + r.end(), text, "record", attr, kind="record", scope=_holder(tok),
                        measures={"verb": attributes.lemma(verb)} if verb is not None else None)
    return None


def _holder(tok) -> list[str]:
    """Whose record: the subject of the verb it goes with ("Smith compiled a 12-9 record", "the team is 9-14")."""
    verb = attributes.governing_verb(tok)
    node = tok
    while verb is None and node.head.i != node.i and node.pos_ != "VERB":  # spaCy's root heads itself
        node = node.head
        verb = node if node.pos_ in ("VERB", "AUX") else None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb is not None else None
    if subj is None or subj.pos_ == "PRON":
        return ["unaligned:" + str(tok.idx)]
    return [attributes.fold(subj.lower_)]


def _right_noun(doc, at: int) -> str | None:
    span = doc.char_span(at, min(len(text_of(doc)), at + 30), alignment_mode="expand")
    nouns = [t for t in span or () if t.pos_ == "NOUN"][:1]
    return attributes.lemma(nouns[0]) if nouns else None


def _time(article, doc, m, c) -> FactMention:
    hour, minute = int(number_value(m.group()) or 0), int(c.group(1) or 0)
    mark = re.sub(r"[\s.]", "", c.group(2) or "").lower()
    if len(m.group()) == 4 and m.group().isdigit():
        hour, minute = int(m.group()[:2]), int(m.group()[2:])
    if mark == "pm" and hour < 12:
        hour += 12
    if mark == "am" and hour == 12:
        hour = 0
    zone = mark if mark in ("gmt", "utc", "bst", "et", "localtime") else "local"
    verb = attributes.governing_verb(token_at(doc, m.start(), m.end()))
    return mention(article, m.start(), m.end() + c.end(), hour * 60 + minute, "minute of day", "time",
                    kind="time", scope=["utc" if zone in ("gmt", "utc") else zone],
                    measures={"verb": attributes.lemma(verb)} if verb is not None else None)


def _money(article, doc, start, end, value, sign, after) -> FactMention:
    sc = SCALE.match(after)
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6,
             "k": 1e3}.get(sc.group(1).lower(), 1) if sc else 1
    code = CURRENCY_CODES.get(sign.lower().rstrip("."), CURRENCY_CODES.get(sign.lower(), "USD"))
    return _valued(article, doc, start, end + (sc.end() if sc else 0), value * scale, code, "amount", "money")


def _valued(article, doc, start, end, value, unit, attribute, kind) -> FactMention:
    tok = token_at(doc, start, end)
    head = _measured_noun(tok) if tok is not None else None
    if attribute == "amount" and head is not None and attributes.lemma(head) in ("price", "cost", "fare", "fee"):
        attribute = "price"
    scope = [attributes.fold(attributes.lemma(head))] if attribute in ("share", "points") and head is not None \
        else []
    owner = head if head is not None else _subject_of(tok)
    if owner is not None:  # "the 13-inch model costs $999" is not the 15-inch model's price
        scope += [w for w in attributes.scope_words(owner, "count:") if any(ch.isdigit() for ch in w)]
    verb = attributes.governing_verb(head if head is not None else tok) if tok is not None else None
    measures = dict(measures_of(tok, head) or {}, verb=attributes.lemma(verb) if verb is not None else None)
    return mention(article, start, end, clean_number(value), unit, attribute, kind=kind, scope=scope,
                    measures=measures if tok is not None else None)


def _subject_of(tok):
    """The subject of the verb a value is the object of ("the 13-inch model costs $999" -> model)."""
    if tok is None:
        return None
    verb = attributes.governing_verb(tok)
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")),
                None) if verb is not None else None


def _measured_noun(tok):
    """"82 percent of traffic" -> traffic; "a $80 million contract" -> contract."""
    node = tok
    while (node.dep_ in ("compound", "nummod", "quantmod") or node.pos_ == "SYM" and node.dep_ == "nmod") \
            and node.head.i != node.i:  # "£" of "£1.2m" hangs on its number
        node = node.head
    of = next((c for c in node.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
        return obj
    if node.dep_ in ("amod", "compound", "nmod") and node.head.pos_ == "NOUN":
        return node.head
    if node.dep_ in ("pobj", "npadvmod") and node.head.lower_ == "worth":
        owner = node.head.head
        if owner.pos_ == "NOUN":
            return owner  # "a deal worth $80 million"
        if owner.pos_ == "VERB":  # "stole jewellery worth €103 million", "worth" read as the verb's adverb
            return next((c for c in owner.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    return node if node.pos_ == "NOUN" and node.i != tok.i else None


def _duration(article, doc, tok, start, end, value, unit) -> FactMention | None:
    stated = {"value": clean_number(value), "unit": unit + "s"}
    words = text_of(doc)[max(0, start - 60):end + 60].lower()
    prison = bool(re.search(r"\b(sentenc\w*|prison|jail\w*|imprison\w*|behind bars|custodial)\b", words))
    attribute = "sentence" if prison and unit in ("year", "month") else "duration"
    minutes = value * TIME_UNITS[unit]
    utok = token_at(doc, start, end)
    head = _measured_noun(utok) if utok is not None else None
    scope = [attributes.fold(attributes.lemma(head))] if head is not None and attribute == "duration" else []
    f = mention(article, start, end, clean_number(minutes), "minutes", attribute, kind="duration", scope=scope,
                 measures=measures_of(utok, head) if utok is not None else None)
    f.stated = stated
    return f


def stated_duration(article, doc, f: FactMention) -> FactMention:
    """A duration the durations reader found ("seven and a half hours"), typed: ``sentence`` for a prison term."""
    f.measures = numbers.measured_phrase(article.text, doc, f)
    words = article.text[max(0, f.start - 60):f.end + 60].lower()
    prison = re.search(r"\b(sentenc\w*|prison|jail\w*|imprison\w*|behind bars|custodial)\b", words)
    f.attribute = "sentence" if prison and (f.stated or {}).get("unit") in ("years", "months") else "duration"
    head = (f.measures or {}).get("head")
    f.scope = [head] if head and f.attribute == "duration" else []
    if head in attributes.PERSON_NOUNS or head in ("veteran", "career", "tenure"):
        f.scope = ["unaligned:" + str(f.start)]  # "a 28-year veteran": whose career, no other article can say
    return f


def _distance(article, doc, start, end, value, unit) -> FactMention:
    key = next(k for k in TO_KM if unit.startswith(k))
    text = text_of(doc)
    before, after = text[max(0, start - 30):start].lower(), text[end:end + 25].lower()
    deep = re.match(r"\s?(?:-\s?)?(?:deep|below|beneath|under(?:ground| the))", after) or \
        re.search(r"\b(?:depth|deep)\b(?: of)?(?: about| around| some)?\s$", before)
    attribute = "depth" if deep else "distance"
    f = mention(article, start, end, clean_number(round(value * TO_KM[key], 9)), "km", attribute, kind="distance")
    f.stated = {"value": clean_number(value), "unit": unit}
    return f


def _apposed_age(tok, value) -> bool:
    """"Anthony Smith, 38, of Troy": a number set off by commas right after a person's name."""
    if not 1 <= value <= 115 or tok.i < 2 or tok.i + 1 >= len(tok.doc):
        return False
    prev, name, nxt = tok.doc[tok.i - 1], tok.doc[tok.i - 2], tok.doc[tok.i + 1]
    return prev.text == "," and nxt.text in (",", ".", ";") and (name.ent_type_ == "PERSON" or name.pos_ == "PROPN")


def _age_scope(tok) -> list[str]:
    """Whose age: the name set off before the number, or the noun "-year-old" modifies."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "," and doc[tok.i - 2].pos_ == "PROPN":
        at = tok.i - 2
        while at > 0 and doc[at].lower_.rstrip(".") in NAME_SUFFIXES and doc[at - 1].pos_ == "PROPN":
            at -= 1  # "Smith III, 38" / "Smith Jr., 38": the surname
        return [doc[at].lower_]
    node = tok
    for _ in range(4):
        node = node.head
        if node.lower_ in ("year", "years", "old", "-"):
            continue
        if node.pos_ == "PROPN":
            return [node.lower_]
        break
    if node.pos_ == "NOUN" and node.dep_ == "appos" and node.head.pos_ == "PROPN":
        return [_surname(node.head)]  # "Smith, a 38-year-old Troy resident"
    if node.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in node.children):
        named = [_surname(e[-1]) for e in doc.ents if e.label_ == "PERSON" and e.end <= tok.i]
        if named:  # "the 39-year-old man": the person the article has named most so far (the latest of a tie)
            counts = {n: named.count(n) for n in named}
            return [max(reversed(named), key=lambda n: counts[n])]
    return ["unaligned:" + str(tok.idx)]  # "a 50-year-old man": whose age, no other article can say


def _surname(tok) -> str:
    """The surname of a name ending at ``tok`` ("Smith III" -> "smith")."""
    doc = tok.doc
    at = tok.i
    while at > 0 and doc[at].lower_.rstrip(".") in NAME_SUFFIXES and doc[at - 1].pos_ == "PROPN":
        at -= 1
    return doc[at].lower_


def measures_of(tok, head) -> dict | None:
    """{"text", "start", "end", "head"}: the phrase the value is about (its noun and what attaches to it)."""
    node = head if head is not None else None
    if node is None:
        return None
    lo = min(node.left_edge.idx, tok.idx)
    hi = node.idx + len(node)
    for c in node.rights:
        if c.dep_ == "prep" and c.lower_ in ("of", "in", "on", "with", "between"):
            hi = max(hi, c.right_edge.idx + len(c.right_edge))
    text = text_of(tok.doc)
    if hi - lo > 160:
        lo, hi = min(node.idx, tok.idx), max(node.idx + len(node), tok.idx + len(tok))
    return {"text": text[lo:hi], "start": lo, "end": hi, "head": attributes.fold(attributes.lemma(node))}


def mention(article, start, end, value, unit, attribute, kind="count", scope=None, measures=None) -> FactMention:
    return FactMention(article.id, start, end, article.text[start:end], value, unit, "exact", measures, kind,
                       attribute=attribute, scope=list(scope or []))

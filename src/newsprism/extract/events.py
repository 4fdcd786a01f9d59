"""Events: meetings, talks, visits, calls, agreements, sanctions, demands — who took part, where, when,
how long, and a CAMEO code (040 consult, 042 make a visit, 043 host a visit, 036 express intent to meet,
057 sign agreement, 100 demand, 163 impose sanctions) — and every other kind of event of the vocabulary in
``event_types`` (disasters, attacks, arrests, trials, deaths, deals, launches, resignations, elections,
protests ...), each with who did it, to whom, where and when (``attributes["roles"]``).

Every mention gets a date with a confidence and how it was found (``attributes["mention_dates"]``): a date
expression of its own sentence (explicit, or relative to the article's date), else one of the sentence before
it in the same paragraph (inherited from the context), else — for an event told in the article's lead — the
article's own date. A background event ("the 2010 quake") keeps the date its sentence gives it.

Participants come from the trigger's syntax (subject, object, "with"/"between" objects, possessives,
the subject of the verb a trigger noun hangs from); when that finds fewer than two, the named people in
the same sentence outside quotes fill in. Mentions of one event in several articles are merged when the
type, date and participants agree; a mention whose date could not be resolved takes the date of a
matching dated mention (same participants and weekday) from another article.
"""
from __future__ import annotations

from ..model import finding_id, Event, FactMention, Mention
from .event_types import event_type
from .lexicon import EVENT_TRIGGERS, INTENT_WORDS
from .numbers import right_span
from .speakers import Speakers

PARTY_PREPS = {"with", "between", "by"}
PLACE_PREPS = {"in", "at"}
TYPE_CLASS = {"meeting": "consult", "talks": "consult", "host": "consult", "call": "consult"}
MAX_FILLED = 3


def trigger_of(tok) -> tuple[str, str] | None:
    """(type, cameo) when a token names an event, else None."""
    hit = EVENT_TRIGGERS.get(tok.lemma_.lower()) or EVENT_TRIGGERS.get(tok.lower_)
    if not hit or tok.pos_ not in ("VERB", "NOUN"):
        return None
    if hit[0] == "call" and not (tok.pos_ == "NOUN" and any(c.lower_ == "phone" for c in tok.children)):
        return None
    if hit[0] == "demand" and tok.pos_ != "VERB":
        return None
    if hit[0] == "agreement" and tok.pos_ == "VERB" and not any(
            EVENT_TRIGGERS.get(c.lemma_.lower(), ("",))[0] == "agreement" for c in tok.children):
        return None
    return hit


def is_intent(tok) -> bool:
    """"hopes to meet", "will visit", "plans for talks": an intention rather than an event."""
    if any(c.dep_ == "aux" and c.lower_ in INTENT_WORDS for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ in ("xcomp", "pobj", "dobj") and (head.lemma_.lower() in INTENT_WORDS or head.lower_ in INTENT_WORDS)


def with_conjuncts(tok) -> list:
    return [tok] + [c for c in tok.conjuncts]


def syntactic_parties(tok) -> list:
    """Tokens that name the parties of an event trigger."""
    out = []
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "compound", "agent", "npadvmod"):
            out += with_conjuncts(c)
        if c.dep_ in ("prep", "agent") and c.lower_ in PARTY_PREPS:
            out += [p for g in c.children if g.dep_ == "pobj" for p in with_conjuncts(g)]
    if tok.pos_ == "NOUN":
        verb = tok.head if tok.dep_ in ("dobj", "nsubj", "nsubjpass") else tok.head.head
        if verb.pos_ in ("VERB", "AUX") and verb.i != tok.i:
            out += syntactic_parties_of_verb(verb)
    return out


def syntactic_parties_of_verb(verb) -> list:
    out = []
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            out += with_conjuncts(c)
        if c.dep_ == "agent":
            out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def place_of(tok, speakers: Speakers) -> str | None:
    """A place in an "in"/"at" phrase under the trigger (or beside it, under its head)."""
    preps = [t for t in tok.subtree if t.dep_ == "prep"] + [c for c in tok.head.children if c.dep_ == "prep"]
    for prep in preps:
        if prep.lower_ not in PLACE_PREPS:
            continue
        for g in prep.children:
            key = speakers.key_of_token(g) if g.dep_ == "pobj" else None
            if key and speakers.type_of(key) in ("GPE", "LOC"):
                return key
    return None


def sentence_people(tok, speakers: Speakers) -> list[str]:
    sent = tok.sent
    keys = []
    for s, e, key in speakers.index.spans_of(speakers.article.id):
        if sent.start_char <= s < sent.end_char and not speakers.in_quote(s) and speakers.type_of(key) == "PERSON":
            keys.append(key)
    return list(dict.fromkeys(keys))[:MAX_FILLED]


def party_key(t, speakers: Speakers) -> str | None:
    key = speakers.subject_key(t, create=False)
    if key is None and t.pos_ == "PROPN" and t.ent_type_ not in ("DATE", "TIME"):
        key = speakers.new_name(t)  # a name the tagger missed ("meet Ana Costa")
    return key


def parties(tok, speakers: Speakers) -> list[str]:
    keys = [party_key(t, speakers) for t in syntactic_parties(tok)]
    keys = [k for k in dict.fromkeys(keys) if k and ":" not in k]  # not "both sides" and other descriptions
    if len(keys) < 2:
        keys += [k for k in sentence_people(tok, speakers) if k not in keys]
    return keys


def date_for(tok, dates: list[dict]) -> dict | None:
    """The date expression of the trigger's sentence: one inside the trigger's phrase, else the nearest."""
    sent = tok.sent
    inside = [d for d in dates if sent.start_char <= d["start"] < sent.end_char and d["kind"] != "year"]
    if not inside:
        return None
    lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
    own = [d for d in inside if lo <= d["start"] < hi]
    pool = own or inside
    return min(pool, key=lambda d: abs(d["start"] - tok.idx))


def duration_for(tok, facts: list[FactMention]) -> dict | None:
    for f in facts:
        if f.kind == "duration" and f.measures and f.measures["start"] == tok.idx:
            return {"value": f.value, "unit": f.unit, "qualifier": f.qualifier, "text": f.text,
                    "article": f.article, "start": f.start, "end": f.end}
    return None


def event_record(article, tok, hit, speakers: Speakers, dates, facts) -> dict | None:
    keys = parties(tok, speakers)
    if not keys:
        return None
    type_, cameo = hit
    if type_ in ("meeting", "talks", "visit") and is_intent(tok):
        cameo = "036"
    start, end = right_span(tok.doc, tok) if tok.pos_ == "NOUN" else (tok.idx, tok.idx + len(tok))
    date = date_for(tok, dates)
    return {"type": type_, "cameo": cameo, "keys": keys, "place": place_of(tok, speakers),
            "date": date, "duration": duration_for(tok, facts),
            "mention": Mention(article.id, start, end, article.text[start:end])}


def find_events(article, doc, speakers: Speakers, dates: list[dict], facts: list[FactMention]) -> list[dict]:
    out = []
    for tok in doc:
        if speakers.in_quote(tok.idx):
            continue
        hit = trigger_of(tok)
        if hit:
            rec = event_record(article, tok, hit, speakers, dates, facts)
        else:
            typed = event_type(tok)
            rec = typed_record(article, tok, typed, speakers, dates) if typed and not negated(tok) else None
        if rec:
            out.append(rec)
    return out


# --- events of the vocabulary (event_types) ----------------------------------------------------------------

LEAD_CHARS = 400  # an event told this near the top is the article's news: its date defaults to the article's
CONTEXT_SHARE = 0.6  # of a date's confidence, when the date comes from the sentence before
LEAD_CONFIDENCE = 0.4


def negated(tok) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def roles(tok, speakers: Speakers) -> tuple[list[str], list[str]]:
    """(who, whom): entity keys of the trigger's agent (subject, "by" phrase, possessive) and patient
    (object, passive subject, "of" phrase)."""
    who, whom = [], []
    for c in tok.children:
        if c.dep_ in ("nsubj", "poss", "compound"):
            who += with_conjuncts(c)
        elif c.dep_ in ("dobj", "nsubjpass"):
            whom += with_conjuncts(c)
        elif c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "by":
            who += [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in ("of", "against", "on"):
            whom += [g for g in c.children if g.dep_ == "pobj"]
    if tok.pos_ == "NOUN" and not who and tok.dep_ in ("dobj", "pobj"):
        who = [t for t in syntactic_parties_of_verb(tok.head if tok.dep_ == "dobj" else tok.head.head)]
    return _keys(who, speakers), _keys(whom, speakers)


def _keys(tokens, speakers: Speakers) -> list[str]:
    keys = [speakers.subject_key(t, create=False) for t in tokens]
    return [k for k in dict.fromkeys(keys) if k and ":" not in k]


def mention_date(tok, dates: list[dict], article) -> dict | None:
    """The mention's date: its sentence's (explicit or relative), the previous sentence's in the same paragraph
    (context), or the article's own date for an event of the lead; with a confidence and ``how``."""
    own = date_for(tok, dates)
    if own and own.get("value"):
        return dict(own, how="explicit" if own["kind"] == "date" else "relative")
    sent = tok.sent
    before = [d for d in dates if d.get("value") and d["kind"] != "year" and d["start"] < sent.start_char
              and _previous_sentence(tok, d["start"]) and "\n" not in tok.doc.text[d["end"]:sent.start_char]]
    if before:
        d = before[-1]
        return dict(d, confidence=round(d["confidence"] * CONTEXT_SHARE, 2), how="context")
    if sent.start_char < LEAD_CHARS and (article.published or "")[:10] and tok.tag_ in ("VBD", "VBN", "NN", "NNS"):
        return {"value": article.published[:10], "confidence": LEAD_CONFIDENCE, "how": "publication",
                "text": None, "kind": "publication"}
    return None


def _previous_sentence(tok, start: int) -> bool:
    if tok.sent.start == 0:
        return False
    prev = tok.doc[tok.sent.start - 1].sent
    return prev.start_char <= start < prev.end_char


def typed_record(article, tok, typed, speakers: Speakers, dates: list[dict]) -> dict:
    kind, cls, cameo = typed
    who, whom = roles(tok, speakers)
    start, end = right_span(tok.doc, tok) if tok.pos_ == "NOUN" else (tok.idx, tok.idx + len(tok))
    date = mention_date(tok, dates, article)
    mention = Mention(article.id, start, end, article.text[start:end])
    return {"type": kind, "class": cls, "cameo": cameo, "keys": who + [k for k in whom if k not in who],
            "who": who, "whom": whom, "place": place_of(tok, speakers), "date": date, "duration": None,
            "planned": is_intent(tok), "mention": mention,
            "mention_date": {"article": article.id, "start": start, "date": (date or {}).get("value"),
                             "confidence": (date or {}).get("confidence", 0.0), "how": (date or {}).get("how")}}


# --- one event across articles ---------------------------------------------------------------------

def type_class(t: str) -> str:
    return TYPE_CLASS.get(t, t)


def same_event(a: dict, b: dict) -> bool:
    if type_class(a["type"]) != type_class(b["type"]) or a["cameo"] != b["cameo"]:
        return False
    if len(set(a["ids"]) & set(b["ids"])) < 2 and set(a["ids"]) != set(b["ids"]):
        return False
    da, db = a["date"] or {}, b["date"] or {}
    if da.get("value") and db.get("value"):
        return da["value"] == db["value"]
    return da.get("weekday") == db.get("weekday")


def merge_into(group: dict, rec: dict) -> None:
    group["ids"] = list(dict.fromkeys(group["ids"] + rec["ids"]))
    group["mentions"].append(rec["mention"])
    group["place"] = group["place"] or rec["place"]
    if rec["duration"]:
        group["durations"].append(rec["duration"])
    if rec["date"] and rec["date"].get("value") and not (group["date"] or {}).get("value"):
        group["date"] = dict(rec["date"], inferred_from=rec["mention"].article)


def merge_events(recs: list[dict], ids: dict[str, str], scope: str | None = None) -> list[Event]:
    """Event records from all articles -> Events, one per real-world event as far as the text tells."""
    typed = [r for r in recs if "class" in r]
    return merge_meetings([r for r in recs if "class" not in r], ids, scope) + merge_typed(typed, ids, scope)


def merge_typed(recs: list[dict], ids: dict[str, str], scope: str | None = None) -> list[Event]:
    """Mentions of one type on one day (and, when both name one, in one place) are one event; an undated
    mention is an event of its own."""
    groups: dict[tuple, dict] = {}
    for n, rec in enumerate(recs):
        day = (rec["date"] or {}).get("value")
        key = (rec["type"], day, rec["place"]) if day and not rec["planned"] else (n,)
        home = groups.get(key) or groups.get((rec["type"], day, None)) if day and not rec["planned"] else None
        if home is None:
            groups[key] = dict(rec, mentions=[rec["mention"]], mention_dates=[rec["mention_date"]],
                               ids=[ids[k] for k in rec["keys"] if k in ids])
            continue
        home["mentions"].append(rec["mention"])
        home["mention_dates"].append(rec["mention_date"])
        home["ids"] = list(dict.fromkeys(home["ids"] + [ids[k] for k in rec["keys"] if k in ids]))
        home["who"] = list(dict.fromkeys(home["who"] + rec["who"]))
        home["whom"] = list(dict.fromkeys(home["whom"] + rec["whom"]))
        if (rec["date"] or {}).get("confidence", 0) > (home["date"] or {}).get("confidence", 0):
            home["date"] = rec["date"]
    return [typed_event(g, ids, scope) for g in groups.values()]


def typed_event(g: dict, ids: dict[str, str], scope: str | None) -> Event:
    date = g["date"] or {}
    first = min(g["mentions"], key=lambda m: (m.article, m.start, m.end))
    attrs = {"class": g["class"], "mention_dates": g["mention_dates"], "date_how": date.get("how"),
             "roles": {"who": [ids[k] for k in g["who"] if k in ids], "whom": [ids[k] for k in g["whom"] if k in ids]}}
    if g["planned"]:
        attrs["planned"] = True
    if date.get("text"):
        attrs["date_text"] = date["text"]
    return Event(finding_id("v", first.article, first.start, first.end, g["type"]), g["type"], g["cameo"], g["ids"],
                 ids.get(g["place"]) if g["place"] else None, date.get("value"), date.get("confidence", 0.0), attrs,
                 g["mentions"], scope)


def merge_meetings(recs: list[dict], ids: dict[str, str], scope: str | None = None) -> list[Event]:
    """Meetings, visits, talks, calls, agreements, sanctions, demands: merged when type, date and participants
    agree."""
    groups: list[dict] = []
    # Only groups of the same type class and code can be the same event, and only those naming one of its
    # participants (``same_event`` needs two shared, or the same set): each block indexes its groups by entity.
    # Comparing every group made 25,000 mentions of 18,000 distinct meetings take 95 s.
    blocks: dict[tuple, tuple[list[dict], dict[str, list[int]]]] = {}
    for rec in recs:
        rec = dict(rec, ids=[ids[k] for k in rec["keys"] if k in ids])
        if not rec["ids"]:
            continue
        block, naming = blocks.setdefault((type_class(rec["type"]), rec["cameo"]), ([], {}))
        near = sorted({n for i in rec["ids"] for n in naming.get(i, ())})
        n = next((n for n in near if same_event(block[n], rec)), None)
        if n is None:
            n, known = len(block), set()
            block.append(dict(rec, mentions=[rec["mention"]], durations=[rec["duration"]] if rec["duration"] else []))
            groups.append(block[n])
        else:
            known = set(block[n]["ids"])
            merge_into(block[n], rec)
        for i in block[n]["ids"]:
            if i not in known:
                naming.setdefault(i, []).append(n)
    return [to_event(g, ids, scope) for g in groups]


def to_event(g: dict, ids: dict[str, str], scope: str | None = None) -> Event:
    """The event of a merged group; its id derives from its first mention (article and offsets)."""
    date = g["date"] or {}
    attrs = {"durations": g["durations"]} if g["durations"] else {}
    if date.get("text"):
        attrs["date_text"] = date["text"]
    if date.get("inferred_from"):
        attrs["date_from_article"] = date["inferred_from"]
    first = min(g["mentions"], key=lambda m: (m.article, m.start, m.end))
    return Event(finding_id("v", first.article, first.start, first.end, g["type"]), g["type"], g["cameo"], g["ids"],
                 ids.get(g["place"]) if g["place"] else None, date.get("value"), date.get("confidence", 0.0), attrs,
                 g["mentions"], scope)


def shared_event_anchors(articles: list[str], recs: list[dict]) -> dict[str, tuple[str, str]]:
    """{article: (day, other article)} for the ``articles`` whose undated weekday event matches a dated one
    elsewhere (the first such event of each, in text order). The events are sorted once for all articles: one
    pass per article over every event made thousands of near-duplicate articles quadratic (43% of an analyze)."""
    recs = [r for r in recs if "class" not in r]  # meetings and visits: typed events merge by day alone
    dated = [r for r in recs if (r["date"] or {}).get("value") and r["date"].get("weekday")]
    undated: dict[str, list[dict]] = {}
    for r in recs:
        d = r["date"] or {}
        if not d.get("value") and d.get("weekday"):
            undated.setdefault(r["mention"].article, []).append(r)
    out = {}
    for article_id in articles:
        for r in undated.get(article_id, ()) if dated else ():
            match = next((x for x in dated if x["mention"].article != article_id
                          and same_event(dict(x, ids=x["keys"]), dict(r, ids=r["keys"]))), None)
            if match:
                out[article_id] = (match["date"]["value"], match["mention"].article)
                break
    return out

"""Positions: demands, commitments, red lines, agreements and refusals, per actor, with their span.

"urged Washington to stop ...", "will not support Taiwan independence", "refused to resume military
contacts", "no room for compromise". The actor is the cue verb's subject; inside a quote it is the speaker.
"""
from __future__ import annotations

import re

from ..model import finding_id, Position
from .speakers import Speakers

CUE_KINDS = {
    "urge": "demand", "demand": "demand", "press": "demand", "insist": "demand", "call": "demand",
    "ask": "demand", "warn": "demand",
    "pledge": "commitment", "vow": "commitment", "promise": "commitment", "commit": "commitment",
    "guarantee": "commitment", "assure": "commitment",
    "agree": "agreement", "accept": "agreement",
    "refuse": "refusal", "decline": "refusal", "reject": "refusal", "rebuff": "refusal",
}
RED_LINE = re.compile(r"\b(?:red lines?|bottom lines?|no room for (?:compromise|concession)s?|non-negotiable)\b",
                      re.I)
STOP_DEPS = {"punct", "cc", "conj", "advcl", "parataxis", "relcl"}


def cue_kind(tok) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB":
        return None
    if lemma == "call" and not any(c.dep_ == "prep" and c.lower_ in ("on", "for") for c in tok.children):
        return None
    if lemma in ("ask", "press", "warn") and not any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
        return None
    if lemma == "turn" and any(c.dep_ == "prt" and c.lower_ == "down" for c in tok.children):
        return "refusal"
    if is_negated_will(tok):
        return "commitment"
    return CUE_KINDS.get(lemma)


def is_negated_will(tok) -> bool:
    """"will not support ...": a promise in the negative."""
    if tok.i == 0 or tok.doc[tok.i - 1].dep_ != "neg":
        return False
    kids = {c.lower_ for c in tok.children if c.dep_ in ("aux", "neg")}
    return "will" in kids and ("not" in kids or "n't" in kids)


def clause_span(tok) -> tuple[int, int]:
    """From the cue (or its "will not") to the end of what it governs on the right."""
    first = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("aux", "neg") and c.i < tok.i])
    last = tok.i
    for c in tok.rights:
        if c.dep_ in STOP_DEPS:
            break
        last = max(last, c.right_edge.i)
    doc = tok.doc
    while last > tok.i and doc[last].is_punct:
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def quote_speaker_at(offset: int, quote_recs: list[dict]) -> tuple[str | None, dict | None]:
    for q in quote_recs:
        if q["start"] <= offset < q["end"]:
            return q["key"], q["speaker_span"]
    return None, None


def actor_of(tok, speakers: Speakers, quote_recs: list[dict]) -> tuple[str | None, dict | None]:
    if speakers.in_quote(tok.idx):
        return quote_speaker_at(tok.idx, quote_recs)
    v = tok
    for _ in range(3):
        agent = next((g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        subj = agent or next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            key = speakers.subject_key(subj, create=False)
            return key, speakers.speaker_span(subj, key) if key else None
        if v.dep_ not in ("xcomp", "conj", "advcl", "ccomp"):
            break
        v = v.head
    return None, None


def red_lines(article, doc, speakers: Speakers, quote_recs: list[dict]) -> list[dict]:
    out = []
    for m in RED_LINE.finditer(article.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        start = min(m.start(), head.left_edge.idx)
        end = max(m.end(), max((c.right_edge.idx + len(c.right_edge) for c in head.rights
                                if c.dep_ == "prep"), default=m.end()))
        verb = head.head if head.dep_ in ("dobj", "attr", "nsubj") else head
        key, aspan = actor_of(verb if not speakers.in_quote(m.start()) else head, speakers, quote_recs)
        out.append({"kind": "red_line", "start": start, "end": end, "cue": m.group(0), "key": key,
                    "actor_span": aspan, "article": article.id, "text": article.text[start:end]})
    return out


def find_positions(article, doc, speakers: Speakers, quote_recs: list[dict]) -> list[dict]:
    out = []
    for tok in doc:
        kind = cue_kind(tok)
        if not kind:
            continue
        start, end = clause_span(tok)
        if end - start < 8:
            continue
        key, aspan = actor_of(tok, speakers, quote_recs)
        out.append({"kind": kind, "start": start, "end": end, "cue": tok.text, "key": key, "actor_span": aspan,
                    "article": article.id, "text": article.text[start:end]})
    return out + red_lines(article, doc, speakers, quote_recs)


def make_positions(recs: list[dict], ids: dict[str, str], scope: str | None = None) -> list[Position]:
    recs = sorted(recs, key=lambda r: (r["article"], r["start"]))
    return [Position(finding_id("p", r["article"], r["start"], r["end"], r["kind"]),
                     ids.get(r["key"]) if r["key"] else None, r["kind"], r["article"], r["start"],
                     r["end"], r["text"], r["cue"], r["actor_span"], scope) for r in recs]

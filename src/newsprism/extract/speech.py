"""Reported (indirect) speech: "Wang demanded that the US stop ...", "..., sources said", "according to X, ...".

The content is the clause a speech verb governs (its ``ccomp``), or, when the parser hangs the cue off
the reported clause ("X happened, officials said"), that clause up to the cue. Clauses that are mostly
inside quotation marks are left to the direct quotes.
"""
from __future__ import annotations

import re

from ..model import Mention
from .aliases import flat
from .lexicon import OBJECT_SPEECH_VERBS, REPORTED_SPEECH_VERBS
from .attribution import subject_of_cue
from .speakers import Speakers

MIN_CONTENT_TOKENS = 3
MOSTLY_QUOTED = 0.9  # a clause this much inside quotation marks is left to the direct quote
TRANSCRIPT_TURN = re.compile(r"^[\"“]?([A-Z][A-Z.'’ -]{1,40}[A-Z.]):\s+(\S.*)$", re.M)


def span_end(tok) -> int:
    return tok.idx + len(tok)


def trim_punct(doc, first: int, last: int) -> tuple[int, int]:
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct and doc[last].text not in "”’\"" or doc[last].is_space):
        last -= 1
    return first, last


def content_of(cue) -> tuple[int, int] | None:
    """Token bounds (first, last) of what a cue verb reports, or None."""
    comp = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    if comp is not None:
        return comp.left_edge.i, comp.right_edge.i
    if cue.lemma_.lower() in OBJECT_SPEECH_VERBS:  # "criticised the deal", "called for a ban"
        obj = next((c for c in cue.children if c.dep_ in ("dobj", "oprd")), None)
        if obj is None and cue.lemma_.lower() == "call":
            prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "for"), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is not None:
            last = max([obj.right_edge.i] + [c.right_edge.i for c in cue.children if c.dep_ == "oprd"])
            return obj.left_edge.i, last
    xcomp = next((c for c in cue.children if c.dep_ == "xcomp"), None)
    if xcomp is not None and cue.lemma_.lower() in ("want", "plan", "intend", "hope"):
        return xcomp.left_edge.i, xcomp.right_edge.i
    if cue.dep_ in ("parataxis", "ccomp") and cue.head.i < cue.i and cue.head.pos_ in ("VERB", "AUX"):
        return cue.head.left_edge.i, cue.left_edge.i - 1
    return None


def according_content(cue) -> tuple[int, int] | None:
    """"According to X, CLAUSE" or "CLAUSE, according to X": the rest of the sentence."""
    sent = cue.sent
    phrase_end = max(t.i for t in cue.subtree)
    if cue.i == sent.start or cue.doc[cue.i - 1].is_punct and cue.i - 1 == sent.start:
        return phrase_end + 1, sent.end - 1
    return sent.start, cue.i - 1


def overlap_share(start: int, end: int, speakers: Speakers) -> float:
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in speakers.quote_ranges)
    return inside / max(1, end - start)


def reported_record(doc, cue, bounds, speakers: Speakers) -> dict | None:
    first, last = trim_punct(doc, *bounds)
    if last - first + 1 < MIN_CONTENT_TOKENS:
        return None
    start, end = doc[first].idx, span_end(doc[last])
    if overlap_share(start, end, speakers) > MOSTLY_QUOTED:
        return None
    subj = subject_of_cue(cue)
    if subj is None or first <= subj.i <= last:
        return None
    key = speakers.subject_key(subj)
    return {"start": start, "end": end, "text": speakers.article.text[start:end], "direct": False, "kind": "reported",
            "key": key, "speaker_span": speakers.speaker_span(subj, key) if key else None,
            "cue": "according to" if cue.lower_ == "according" else cue.text,
            "cue_span": {"start": cue.idx, "end": span_end(cue), "text": cue.text}, "continues": None}


def find_reported(article, doc, speakers: Speakers) -> list[dict]:
    out = []
    for tok in doc:
        if speakers.in_quote(tok.idx):
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            bounds = according_content(tok)
        elif tok.lemma_.lower() in REPORTED_SPEECH_VERBS | OBJECT_SPEECH_VERBS and tok.pos_ in ("VERB", "AUX"):
            bounds = content_of(tok)
        else:
            continue
        rec = reported_record(doc, tok, bounds, speakers) if bounds else None
        if rec:
            out.append(rec)
    return out + transcript_turns(article, speakers)


def transcript_turns(article, speakers: Speakers) -> list[dict]:
    """"PENCE: Well, the question ..." lines of an interview transcript: the name in capitals speaks."""
    out = []
    for m in TRANSCRIPT_TURN.finditer(article.text):
        name, start, end = m.group(1), m.start(2), m.end(2)
        if name.lower() in ("update", "note", "editor's note", "correction"):
            continue
        key = f"{flat(name).lower()}"
        key = speakers.index.same_surname(key) or key
        mention = Mention(article.id, m.start(1), m.end(1), name)
        speakers.index.attach(key, "PERSON", mention)
        speakers.index.name(key, name, 0)
        out.append({"start": start, "end": end, "text": article.text[start:end], "direct": False,
                    "kind": "transcript", "key": key,
                    "speaker_span": {"start": m.start(1), "end": m.end(1), "text": name},
                    "cue": ":", "cue_span": {"start": m.end(1), "end": m.end(1) + 1, "text": ":"},
                    "continues": None})
    return out

"""What a dated phrase dates, read from the article's parse: "the chemical spill incident in early January"
dates the incident (a spill incident); "the coast guard towed a leaking tanker out of the harbour in February"
dates the towing of a tanker.

A reading of one article alone, so the extract stage makes it once per article (``heads``) and keeps it with
the article's other readings; the compare stage's date claims use it (``compare.dated``).
"""
from __future__ import annotations

from typing import Any

from ..compare.text import fold

ARGUMENTS = ("nsubj", "nsubjpass", "dobj", "attr", "pobj")
NOUNISH = ("NOUN", "PROPN")
# Nouns that name something happening: "the spill incident in early January" dates the incident, even when the
# parser hangs "in early January" on the sentence's verb (a PP-attachment slip of small parsers).
EVENT_NOUNS = frozenset("""incident meeting talk talks visit trip summit call attack crisis row dispute election war
invasion conference session dinner deal agreement announcement speech interview protest strike explosion crash
shooting ban sanction sanctions tour journey accident outbreak clash ceremony launch vote referendum""".split())
ATTACHED_PREPS = ("with", "between", "of")


def heads(doc, dates: list[dict]) -> list[list]:
    """``[start, end, head lemma, dated phrase {"start", "end"} or None, its nouns]`` of each of ``dates``
    (an article's date records, in article offsets) in the article's ``doc``."""
    return [[d["start"], d["end"], *attachment(doc, d["start"], d["end"], 0)] for d in dates]


def attachment(doc, start: int, end: int, offset: int) -> tuple[str | None, dict | None, list[str]]:
    """(head lemma, {"start", "end"} of the dated phrase in article offsets, its nouns) for a date at [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")  # not a walk over the article's every token
    toks = [t for t in span if start <= t.idx < end] if span is not None else []
    if not toks:
        return None, None, []
    root = next((t for t in toks if t.head not in toks or t.head == t), toks[0])
    target = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root.head
    if root.dep_ == "pobj" and target.pos_ not in NOUNISH:
        before = root.head.nbor(-1) if root.head.i > 0 else None
        if before is not None and before.pos_ == "NOUN" and before.lemma_.lower() in EVENT_NOUNS:
            target = before
    if target in toks or target == root:
        return None, None, []
    if target.pos_ in NOUNISH:
        return _noun_phrase(target, offset)
    return _clause(target, offset)


def _noun_phrase(noun, offset: int) -> tuple[str, dict, list[str]]:
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in NOUNISH]
    lo = min([noun.left_edge.idx] + [m.left_edge.idx for m in mods])
    hi = _with_phrases_end(noun)  # "a meeting with Foreign Minister Ana Costa": the with-phrase says which meeting
    return _lemma(noun), _span(lo, hi, offset), _nouns([noun] + mods)


def _nouns(toks) -> list[str]:
    """Common nouns only: names are matched as entities, not as words."""
    return [_lemma(t) for t in toks if t.pos_ == "NOUN"]


def _clause(verb, offset: int) -> tuple[str, dict, list[str]]:
    args = [c for c in verb.children if c.dep_ in ARGUMENTS[:4] and c.pos_ in NOUNISH + ("PRON",)]
    terms = []
    lo, hi = verb.idx, verb.idx + len(verb)
    for a in args:
        if a.pos_ == "PRON":
            continue
        terms += _nouns([a] + [c for c in a.children if c.dep_ == "compound"])
        lo, hi = min(lo, a.left_edge.idx), max(hi, _with_phrases_end(a))
    prt = [c for c in verb.children if c.dep_ == "prt"]
    hi = max([hi] + [p.idx + len(p) for p in prt])
    for c in verb.rights:  # "met with China's top diplomat Ana Costa": who the verb was done with
        if c.dep_ == "prep" and c.lower_ in ATTACHED_PREPS[:2]:
            hi = max(hi, c.right_edge.idx + len(c.right_edge))
    return _lemma(verb), _span(lo, hi, offset), terms


def _with_phrases_end(tok) -> int:
    """Where ``tok`` ends with its "with/between/of" phrases ("a meeting with Li Wei")."""
    hi = tok.idx + len(tok)
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ in ATTACHED_PREPS:
            hi = max(hi, c.right_edge.idx + len(c.right_edge))
    return hi


def _lemma(tok) -> str:
    return fold((tok.lemma_ or tok.text).lower())


def _span(lo: int, hi: int, offset: int) -> dict[str, Any]:
    return {"start": lo + offset, "end": hi + offset}

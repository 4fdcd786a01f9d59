"""Who said a quote: the cue next to it and the subject of that cue.

Tried in order: a dash and a name after the closing mark ("” ― Pamela Padilla"); a cue right after it
("..., he said", "said Mr X", "..., Kelly charged"); a cue before the opening mark ("X said, ...",
"Daron Shaw: ...", "according to X"); a quote that opens on a verb whose subject is a named source
("that Wang “demanded ...”"); a paragraph ending in a colon just above ("Caddell continued:").
When the parse fails around quotation marks, the names next to the cue decide (``surface_subject``).
"""
from __future__ import annotations

import re

from .lexicon import SPEECH_VERBS
from .speakers import Speakers

SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
ABBREVIATIONS = frozenset("mr mrs ms dr rep sen gov gen lt col sgt st jr sr prof rev inc co corp no vs ft "
                          "jan feb mar apr aug sept sep oct nov dec calif fla mass wash ariz".split())
DASH_SOURCE = re.compile(r"\s*[―—–-]\s*")
def sentence_ends(text: str, start: int, stop: int):
    """Sentence-final punctuation in ``text[start:stop]``, skipping abbreviations ("Rep.", "U.S.")."""
    for m in SENTENCE_END.finditer(text, start, stop):
        if text[m.start()] == ".":
            word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12):m.start()])
            w = word.group(1).lower() if word else ""
            if w in ABBREVIATIONS or len(w) == 1 or "." in w:
                continue
        yield m


def frame_after(text: str, end: int, p_end: int, next_open: int) -> tuple[int, int]:
    """Text after a closing mark up to the end of its sentence (or the next quote); nothing when the
    quote closed its own sentence and a new one starts (“... overlook.” The star then recalled ...)."""
    stop = min(p_end, next_open)
    rest = text[end + 1:stop].lstrip()
    if end > 0 and text[end - 1] == "." and rest[:1].isupper():
        return end + 1, end + 1
    m = next(sentence_ends(text, end + 1, stop), None)
    return end + 1, m.end() if m else stop


def frame_before(text: str, start: int, p_start: int, prev_close: int) -> tuple[int, int]:
    """Text from the start of the quote's sentence (or the previous quote) up to the opening mark."""
    begin = max(p_start, prev_close)
    last = None
    for m in sentence_ends(text, begin, max(begin, start - 1)):
        last = m.end()
    return (last or begin), max(begin, start - 1)


def tokens_in(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="contract") if end > start else None
    return list(span) if span is not None else []


def cue_tokens(tokens) -> list:
    out = []
    for t in tokens:
        if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX"):
            out.append(t)
        elif t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            out.append(t)
    return out


def subject_of_cue(cue, speakers: Speakers | None = None):
    """The token naming who spoke for a cue verb ("he" in "he said", X in "according to X", the asker
    of "was asked by X"); climbing from "adding"/"saying" to the verb they hang from, never into a quote."""
    if cue.lower_ == "according":
        to = cue.doc[cue.i + 1]
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    if cue.lemma_.lower() == "ask":
        agent = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent
    v = cue
    for _ in range(5):
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if v.dep_ == "acl" and v.head.pos_ in ("PROPN", "NOUN"):
            return v.head  # "footage of Hillary Clinton asking, ..."
        if v.dep_ not in ("xcomp", "advcl", "pcomp", "conj", "prep", "pobj", "relcl"):
            return None
        v = v.head
        if speakers is not None and speakers.in_quote(v.idx):
            return None
    return None


def inner_subject(doc, start: int, speakers: Speakers):
    """"... that Wang “demanded the US stop ...”": a quote opening on a verb whose subject is a named source."""
    first = [t for t in tokens_in(doc, start, start + 40) if t.is_alpha][:2]
    for t in first:
        if t.pos_ in ("VERB", "AUX"):
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx < start), None)
            if subj is not None and speakers.key_of_token(subj):
                return t, subj
    return None


def attribute(doc, text: str, span: tuple[int, int], bounds: dict, speakers: Speakers):
    """(cue token, subject token) for a quote, or None; the finders below are tried in this order."""
    after = frame_after(text, span[1], bounds["p_end"], bounds["next_open"])
    before = frame_before(text, span[0], bounds["p_start"], bounds["prev_close"])
    finders = (lambda: dash_source(doc, text, *after), lambda: cue_after(doc, after, speakers),
               lambda: cue_before(doc, text, before, speakers), lambda: inner_subject(doc, span[0], speakers),
               lambda: colon_lead_in(doc, text, span[0], bounds, speakers))
    for finder in finders:
        hit = finder()
        if hit:
            return hit
    return None


def is_speech_word(t) -> bool:
    """A speech verb whatever the tagger thought ("Viguerie notes." often comes out as a noun)."""
    return t.lemma_.lower() in SPEECH_VERBS or t.lower_.removesuffix("s") in SPEECH_VERBS


def cue_after(doc, frame: tuple[int, int], speakers: Speakers):
    """"..., he said", "... said Mr X", "..., Kelly charged": a cue right after the closing mark."""
    a, b = frame
    toks = tokens_in(doc, a, b)
    near = [t for t in toks if not t.is_punct][:4]
    extra = [t for t in near if t.pos_ == "VERB" or is_speech_word(t) and t.pos_ in ("NOUN", "VERB")]
    for cue in sorted(set(cue_tokens(toks) + extra), key=lambda t: t.i):
        subj = subject_of_cue(cue, speakers)
        if subj is None or speakers.in_quote(subj.idx) or not a <= subj.idx < b:
            subj = surface_subject(doc, a, b, cue, speakers)
        if subj is not None and not speakers.in_quote(subj.idx) and (is_speech_word(cue) or names_someone(subj, speakers)):
            return cue, subj
    return None


def names_someone(tok, speakers: Speakers) -> bool:
    """A subject that can be a source for any verb: a known entity, a proper name or a personal pronoun."""
    return tok.pos_ in ("PROPN", "PRON") or speakers.key_of_token(tok) is not None


def cue_before(doc, text: str, frame: tuple[int, int], speakers: Speakers):
    """"X said, ...", "Trump boomed: ...", "according to X, ...", "Daron Shaw: ...": a cue before the
    opening mark. Speech verbs first, then any verb just before a colon or comma whose subject names
    someone, then a bare name before a colon."""
    a, b = frame
    toks = tokens_in(doc, a, b)
    lead = text[a:b].rstrip()
    words = [t for t in toks if not t.is_punct]
    for cue in reversed(cue_tokens(toks)):
        subj = subject_of_cue(cue, speakers)
        if subj is not None and not speakers.in_quote(subj.idx):
            return cue, subj
    if lead.endswith((":", ",")):  # "Hillary shot back, “...”"
        for cue in [t for t in reversed(words[-5:]) if t.pos_ == "VERB"]:
            subj = subject_of_cue(cue, speakers)
            if subj is not None and not speakers.in_quote(subj.idx) and names_someone(subj, speakers):
                return cue, subj
    if lead.endswith(":") and words and words[-1].text[:1].isupper() and words[-1].pos_ in ("PROPN", "NOUN"):
        return next((t for t in reversed(toks) if t.is_punct), words[-1]), words[-1]
    return None


def surface_subject(doc, a: int, b: int, cue, speakers: Speakers):
    """When the parse fails around quote marks: the first person (else organisation, else pronoun) named
    between the closing mark and the cue ("”, Flynn, a top Trump surrogate, said"), else just after it."""
    for lo, hi in ((a, cue.idx), (cue.idx + len(cue), b)):
        toks = [t for t in tokens_in(doc, lo, hi) if t.pos_ in ("PROPN", "PRON", "NOUN")]
        for wanted in ("PERSON", "ORG"):
            hit = next((t for t in toks if speakers.type_of(speakers.key_of_token(t)) == wanted), None)
            if hit is not None:
                return hit
        if lo == a and cue.i > 0 and doc[cue.i - 1].pos_ == "PROPN" and doc[cue.i - 1].idx >= a:
            return doc[cue.i - 1]  # "”, Trump barked": a name the tagger missed, right before the cue
        pron = next((t for t in toks if t.lower_ in ("he", "she", "they")), None)
        if pron is not None:
            return pron
    return None


def dash_source(doc, text: str, a: int, b: int):
    """"...” ― Pamela Padilla": a dash after the closing mark, then the source's name."""
    m = DASH_SOURCE.match(text, a, b)
    if not m or m.end() == a:
        return None
    dash = next((t for t in tokens_in(doc, a, m.end()) if t.is_punct), None)
    toks = [t for t in tokens_in(doc, m.end(), b) if not t.is_space]
    if not toks or toks[0].pos_ != "PROPN":
        return None
    name = toks[0]
    while name.i + 1 < len(doc) and doc[name.i + 1].pos_ == "PROPN" and doc[name.i + 1].idx < b:
        name = doc[name.i + 1]
    return (dash or toks[0]), name


def colon_lead_in(doc, text: str, start: int, bounds: dict, speakers: Speakers):
    """"Caddell continued:" / "The Times reports:" closing the paragraph before a quote that opens one."""
    if start - 1 != bounds["p_start"]:
        return None
    prev_end = text[:bounds["p_start"]].rstrip()
    if not prev_end.endswith(":"):
        return None
    toks = tokens_in(doc, prev_end.rfind("\n") + 1, len(prev_end))
    if not toks:
        return None
    words = [t for t in toks if not t.is_punct]
    if words and words[-1].pos_ == "PROPN":  # "Stated Stone:" / "Jared Potts echoed:" ends on the name
        return toks[-1], words[-1]
    last_sentence = toks[-1].sent
    verbs = [t for t in last_sentence if t.pos_ in ("VERB", "AUX") and not speakers.in_quote(t.idx)]
    for cue in sorted(verbs, key=lambda t: (not is_speech_word(t), t.dep_ != "ROOT")):
        subj = subject_of_cue(cue, speakers)
        if subj is not None and not speakers.in_quote(subj.idx):
            return cue, subj
    return None


def subject_of_sentence(doc, start: int, speakers: Speakers):
    """The subject of the sentence a quote sits in (the sentence before its opening mark when the parser
    starts a new one there), when that subject is a known source or a proper name."""
    text = speakers.article.text
    lead = text[max(0, start - 3):start - 1]
    probe = (start - 3, start - 1) if start > 2 and lead.strip() and "\n" not in lead else (start, start + 1)
    span = doc.char_span(max(0, probe[0]), probe[1], alignment_mode="expand")
    if span is None:
        return None
    tok = span[0]
    root = tok.sent.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or speakers.in_quote(subj.idx):
        return None
    key = speakers.subject_key(subj, create=False)
    if key is None and subj.pos_ == "PROPN" and subj.ent_type_ not in ("DATE", "TIME"):
        key = speakers.new_name(subj)
    return (subj, key) if key else None

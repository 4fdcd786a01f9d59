"""Direct quotes and who said them.

Quotation marks are paired paragraph by paragraph: curly or straight double quotes, single quotes only at
top level (‘...’ inside a double quote is part of it; an apostrophe is not a mark). A quote left open at a
paragraph end continues when the next paragraph opens with a mark (the newsroom convention for
multi-paragraph quotes) and is closed at the paragraph end otherwise; a closing mark with no opening is
ignored. The speaker comes from the cue next to the quote (see ``attribution``), else from the piece it
continues or a neighbouring quote, else from the subject of its sentence when that is a known source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .attribution import attribute, subject_of_sentence
from .speakers import Speakers

OPEN_DOUBLE, CLOSE_DOUBLE = "“„", "”"
QUOTE_CHARS = re.compile(r"[“„”\"‘’]")


@dataclass(slots=True)
class QuoteSpan:
    start: int  # first character inside the marks
    end: int  # one past the last character inside
    closed: bool
    continues: int | None = None  # index of the piece this one continues


def paragraphs(text: str):
    pos = 0
    for part in text.split("\n"):
        yield pos, pos + len(part)
        pos += len(part) + 1


def is_open_single(text: str, i: int) -> bool:
    return text[i] == "‘" and (i == 0 or not text[i - 1].isalnum())


def is_close_single(text: str, i: int) -> bool:
    return text[i] == "’" and (i + 1 == len(text) or not text[i + 1].isalpha())


def scan_paragraph(text: str, start: int, end: int) -> tuple[list[QuoteSpan], int | None]:
    """Quote spans inside ``text[start:end]``; also where a quote was left open (or None)."""
    spans, open_at, single_at, depth = [], None, None, 0
    for m in QUOTE_CHARS.finditer(text, start, end):
        i, c = m.start(), m.group()
        if open_at is not None and c in OPEN_DOUBLE and text[open_at - 1] in OPEN_DOUBLE:
            depth += 1  # a quotation inside a quotation, marked with the same curly quotes
        elif depth and c in CLOSE_DOUBLE:
            depth -= 1
        elif open_at is None and single_at is None:
            if c in OPEN_DOUBLE or c == '"':
                open_at = i + 1
            elif is_open_single(text, i):
                single_at = i + 1
        elif open_at is not None and (c in CLOSE_DOUBLE or c == '"'):  # mixed marks: “...," he said
            spans.append(QuoteSpan(open_at, i, True))
            open_at = None
        elif single_at is not None and is_close_single(text, i) and i > single_at:
            spans.append(QuoteSpan(single_at, i, True))
            single_at = None
    return spans, open_at


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quotation in a text, in order (see the module docstring for the rules)."""
    out: list[QuoteSpan] = []
    carried: int | None = None  # index in ``out`` of a quote left open in the previous paragraph
    for p_start, p_end in paragraphs(text):
        if p_start == p_end:
            continue
        spans, left_open = scan_paragraph(text, p_start, p_end)
        opens_with_mark = text[p_start] in OPEN_DOUBLE + '"'
        if carried is not None and spans and opens_with_mark:
            spans[0].continues = carried
        out.extend(spans)
        carried = None
        if left_open is not None and left_open < p_end:
            out.append(QuoteSpan(left_open, p_end, False))
            carried = len(out) - 1
    return [s for s in out if text[s.start:s.end].strip()]


def trim_span(text: str, s: QuoteSpan) -> tuple[int, int]:
    start, end = s.start, s.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_statement(doc, start: int, end: int) -> bool:
    """A quoted sentence, not a few quoted words: four or more words with a finite verb."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len([t for t in span if t.is_alpha]) < 4:
        return False
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span)


def paragraph_of(paras: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    for p in paras:
        if p[0] <= offset <= p[1]:
            return p
    return paras[-1]


def quote_bounds(spans: list[QuoteSpan], k: int, para: tuple[int, int]) -> dict:
    prev_close = spans[k - 1].end + 1 if k > 0 and spans[k - 1].end >= para[0] else para[0]
    nxt = spans[k + 1].start - 1 if k + 1 < len(spans) and spans[k + 1].start <= para[1] else para[1]
    return {"p_start": para[0], "p_end": para[1], "prev_close": prev_close, "next_open": nxt}


def quote_record(article, doc, spans, k: int, paras, speakers: Speakers) -> dict:
    text = article.text
    start, end = trim_span(text, spans[k])
    para = paragraph_of(paras, start)
    rec = {"start": start, "end": end, "text": text[start:end], "direct": True, "para": para,
           "kind": "statement" if is_statement(doc, start, end) else "phrase", "key": None,
           "speaker_span": None, "cue": None, "cue_span": None, "continues": spans[k].continues}
    hit = attribute(doc, text, (start, end), quote_bounds(spans, k, para), speakers)
    if hit:
        cue, subj = hit
        rec["key"] = speakers.subject_key(subj)
        if rec["key"]:
            rec["speaker_span"] = speakers.speaker_span(subj, rec["key"])
            rec["cue"] = cue.text if cue.lower_ != "according" else "according to"
            rec["cue_span"] = {"start": cue.idx, "end": cue.idx + len(cue), "text": cue.text}
    return rec


def inherit_speakers(recs: list[dict], paras: list[tuple[int, int]]) -> None:
    """Unattributed quotes take the speaker of the piece they continue, of a neighbouring quote in the
    paragraph, or, for a paragraph that is only a quote, of the last quote one or two paragraphs up."""
    filled = [p for p in paras if p[0] < p[1]]
    for k, r in enumerate(recs):
        if r["key"]:
            continue
        same_para = [x for x in recs[:k][::-1] + recs[k + 1:] if x["para"] == r["para"] and x["key"]]
        source = recs[r["continues"]] if r["continues"] is not None and recs[r["continues"]]["key"] else None
        source = source or (same_para[0] if same_para else None) or earlier_speaker(recs[:k], r, filled)
        if source:
            r["key"], r["speaker_span"], r["inherited"] = source["key"], source["speaker_span"], True


def earlier_speaker(before: list[dict], r: dict, filled: list[tuple[int, int]]) -> dict | None:
    """The last attributed quote in the two paragraphs before a paragraph that opens with this quote."""
    if r["start"] - r["para"][0] > 1 or r["para"] not in filled:
        return None
    at = filled.index(r["para"])
    window = set(filled[max(0, at - 2):at])
    return next((x for x in reversed(before) if x["key"] and x["direct"] and x["para"] in window), None)


def attribute_by_sentence(doc, recs: list[dict], speakers: Speakers) -> None:
    """Quotes still without a speaker take the sentence's subject when it is a known person or body
    ("Moore thanked him for “...”", "In March, Trump blasted Disney for its “...”")."""
    for r in recs:
        if r["key"] is not None:
            continue
        hit = subject_of_sentence(doc, r["start"], speakers)
        if hit and (r["kind"] == "phrase" or speakers.type_of(hit[1]) in ("PERSON", "ORG")):
            r["key"], r["speaker_span"] = hit[1], speakers.speaker_span(hit[0], hit[1])


def find_quotes(article, doc, spans: list[QuoteSpan], speakers: Speakers) -> list[dict]:
    """Quote records (speaker as an entity key) for one article; ids and entity ids come later."""
    paras = [p for p in paragraphs(article.text)]
    recs = [quote_record(article, doc, spans, k, paras, speakers) for k in range(len(spans))]
    inherit_speakers(recs, paras)
    attribute_by_sentence(doc, recs, speakers)
    return recs

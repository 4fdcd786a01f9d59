"""The cited summary: sentences of the sources themselves, chosen for how well other sources back them.

Nothing is written: every line is a whole sentence of an article, cited as ``(article, start, end)`` with
``text[start:end]`` equal to the line. Sentences score by how many independent source groups carry similar
sentences and by the corroborated facts, quotes and stances they hold; spun text scores lower. Then, for each
contradiction, one cited sentence per disagreeing reading says where the sources part ways.
"""
from __future__ import annotations

from typing import Any

from ..model import Span, SummaryLine, finding_id
from .text import content_words, sentence_at, sentence_spans

MAX_LINES = 6
MAX_DISPUTES = 3
MIN_WORDS, MAX_WORDS = 8, 60
SIMILAR = 0.35  # share of content words two sentences must share to back each other
SPUN_WEIGHT = 0.5
REDUNDANT = 0.5
# A sentence opening with these leans on the one before it ("But they said ..."): unreadable alone.
DANGLING = frozenset("but and or so yet still also however he she they it this that these those his her their its "
                     "we i meanwhile instead".split())


def summarize(report, articles: set[str], facts: list[dict], quote_groups: list[dict], ledger: list[dict],
              sources) -> list[dict]:
    """``[{text, citations: [{article, start, end}], ...}]`` for one story thread (``articles``): the corroborated
    core, then the disagreements."""
    facts = [f for f in facts if set(f["articles"]) <= articles]
    disputed = disputes(report, facts)
    held = {(c["article"], c["start"]) for line in disputed for c in line["citations"]}
    candidates = [c for c in sentence_candidates(report, articles) if (c["article"], c["start"]) not in held]
    bonus = corroboration_bonus(report, facts, quote_groups, ledger)
    scored = score_sentences(candidates, bonus, sources)
    return pick(scored) + disputed


def sentence_candidates(report, articles: set[str]) -> list[dict[str, Any]]:
    out = []
    for a in report.articles:
        if a.id not in articles:
            continue
        for s, e in sentence_spans(a.text):
            text = a.text[s:e]
            n = len(text.split())
            if MIN_WORDS <= n <= MAX_WORDS and _stands_alone(text):
                out.append({"article": a.id, "start": s, "end": e, "text": text,
                            "bag": set(content_words(text))})
    return out


def _stands_alone(text: str) -> bool:
    """Starts like a sentence, ends like one, and does not lean on the sentence before it."""
    first = text.split(None, 1)[0].strip("“\"‘'").lower().rstrip(",")
    return text[0].isupper() and text.rstrip("”\"’')").endswith((".", "!", "?")) and first not in DANGLING


def corroboration_bonus(report, facts, quote_groups, ledger) -> dict[tuple[str, int], float]:
    """(article, sentence start) -> bonus for holding a corroborated fact, quote or stance."""
    texts = {a.id: a.text for a in report.articles}
    bonus: dict[tuple[str, int], float] = {}

    def add(article: str, offset: int, amount: float) -> None:
        if article in texts:
            key = (article, sentence_at(texts[article], offset)[0])
            bonus[key] = bonus.get(key, 0.0) + amount

    for f in facts:
        if f["verdict"] == "agree" and f["independent_sources"] > 1:
            for v in f["values"]:
                add(v["article"], v["start"], f["independent_sources"])
    for g in quote_groups:
        for m in g["members"]:
            add(m["article"], m["start"], g["independent_sources"] / 2)
    for entry in ledger:
        for items in entry.values():
            for st in items if isinstance(items, list) else []:
                if isinstance(st, dict) and st.get("independent_sources", 0) > 1:
                    for src in st["sources"]:
                        add(src["article"], src["start"], st["independent_sources"] / 2)
    return bonus


def score_sentences(cands: list[dict], bonus: dict, sources) -> list[dict]:
    """Each candidate's score: independent groups with a similar sentence, plus its bonus, spun text halved."""
    for c in cands:
        backing = {sources.group.get(o["article"], o["article"]) for o in cands
                   if o["article"] != c["article"] and _similar(c["bag"], o["bag"]) >= SIMILAR}
        backing.discard(sources.group.get(c["article"], c["article"]))
        score = len(backing) + bonus.get((c["article"], c["start"]), 0.0)
        if sources.status.get(c["article"]) in ("spun", "copy"):
            score *= SPUN_WEIGHT
        c["score"], c["backing"] = score, len(backing)
    return sorted(cands, key=lambda c: (-c["score"], sources.order.get(c["article"], 0), c["start"]))


def _similar(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def pick(scored: list[dict]) -> list[dict]:
    chosen: list[dict] = []
    for c in scored:
        if len(chosen) >= MAX_LINES or c["score"] <= 0:
            break
        if all(_similar(c["bag"], o["bag"]) < REDUNDANT for o in chosen):
            chosen.append(c)
    return [SummaryLine(line_id(c), c["text"], [Span(c["article"], c["start"], c["end"])], "corroborated",
                        round(c["score"], 2), c["backing"]).to_dict() for c in chosen]


def line_id(c: dict) -> str:
    return finding_id("l", c["article"], c["start"], c["end"])


def disputes(report, facts: list[dict]) -> list[dict]:
    """For each contradiction (most sources first), one cited sentence per reading; a sentence that states
    values of two disputed facts is one line naming both."""
    texts = {a.id: a.text for a in report.articles}
    lines: dict[tuple[str, int], SummaryLine] = {}
    contra = [f for f in facts if f["verdict"] == "contradict"]
    for f in sorted(contra, key=lambda f: -len(f["articles"]))[:MAX_DISPUTES]:
        for n, r in enumerate(f.get("readings") or []):
            v = f["values"][r["values"][0]]
            s, e = sentence_at(texts[v["article"]], v["start"])
            line = lines.get((v["article"], s))
            if line is None:
                line = lines[(v["article"], s)] = SummaryLine(
                    line_id({"article": v["article"], "start": s, "end": e}), texts[v["article"]][s:e],
                    [Span(v["article"], s, e)], "disagreement", fact=f["id"])
            line.disputes.append({"fact": f["id"], "reading": n, "value": v["text"], "subject": f["subject"]})
    return [line.to_dict() for line in lines.values()]



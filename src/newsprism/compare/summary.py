"""The cited summary: sentences of the sources themselves, chosen for how well other sources back them.

Nothing is written: every line is a whole sentence of an article, cited as ``(article, start, end)`` with
``text[start:end]`` equal to the line. Sentences score by how many independent source groups carry similar
sentences and by the corroborated facts, quotes and stances they hold; spun text scores lower. Then, for each
contradiction, one cited sentence per disagreeing reading says where the sources part ways.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import ActorPositions, FactGroup, QuoteGroup, Span, SummaryLine, finding_id
from .text import content_words, overlapping_pairs, sentence_at, sentence_spans

MAX_LINES = 6
MAX_DISPUTES = 3
MIN_WORDS, MAX_WORDS = 8, 60
SIMILAR = 0.35  # share of content words two sentences must share to back each other
SPUN_WEIGHT = 0.5
REDUNDANT = 0.5
# A sentence opening with these leans on the one before it ("But they said ..."): unreadable alone.
DANGLING = frozenset("but and or so yet still also however he she they it this that these those his her their its "
                     "we i meanwhile instead".split())


@dataclass(slots=True)
class Candidate:
    """A sentence of an article that could be a summary line, with its content words and, once scored, its score."""

    article: str
    start: int
    end: int
    text: str
    bag: set[str]
    score: float = 0.0
    backing: int = 0


def summarize(report, articles: set[str], facts: list[FactGroup], quote_groups: list[QuoteGroup],
              ledger: list[ActorPositions], sources, thread: str | None = None) -> list[SummaryLine]:
    """The cited summary of one story thread (``articles``): the corroborated core, then the disagreements."""
    facts = [f for f in facts if set(f.articles) <= articles]
    disputed = disputes(report, facts)
    held = {(c.article_id, c.start) for line in disputed for c in line.citations}
    candidates = [c for c in sentence_candidates(report, articles) if (c.article, c.start) not in held]
    bonus = corroboration_bonus(report, facts, quote_groups, ledger)
    lines = pick(score_sentences(candidates, bonus, sources)) + disputed
    for line in lines:
        line.thread = thread
    return lines


def sentence_candidates(report, articles: set[str]) -> list[Candidate]:
    """Every sentence of the thread's articles of a readable length that stands alone."""
    out = []
    for a in report.articles:
        if a.id not in articles:
            continue
        for s, e in sentence_spans(a.text):
            text = a.text[s:e]
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS and _stands_alone(text):
                out.append(Candidate(a.id, s, e, text, set(content_words(text))))
    return out


def _stands_alone(text: str) -> bool:
    """Starts like a sentence, ends like one, and does not lean on the sentence before it."""
    first = text.split(None, 1)[0].strip("“\"‘'").lower().rstrip(",")
    return text[0].isupper() and text.rstrip("”\"’')").endswith((".", "!", "?")) and first not in DANGLING


def corroboration_bonus(report, facts: list[FactGroup], quote_groups: list[QuoteGroup],
                        ledger: list[ActorPositions]) -> dict[tuple[str, int], float]:
    """(article, sentence start) -> bonus for holding a corroborated fact, quote or stance."""
    texts = {a.id: a.text for a in report.articles}
    bonus: dict[tuple[str, int], float] = {}

    def add(article: str, offset: int, amount: float) -> None:
        if article in texts:
            key = (article, sentence_at(texts[article], offset)[0])
            bonus[key] = bonus.get(key, 0.0) + amount

    for f in facts:
        if f.verdict == "agree" and f.independent_sources > 1:
            for v in f.values:
                add(v.article, v.start, f.independent_sources)
    for g in quote_groups:
        for m in g.members:
            add(m.article, m.start, g.independent_sources / 2)
    for st in (st for entry in ledger for st in entry.stances() if st.independent_sources > 1):
        for src in st.sources:
            add(src.article, src.start, st.independent_sources / 2)
    return bonus


def score_sentences(cands: list[Candidate], bonus: dict, sources) -> list[Candidate]:
    """Each candidate's score: independent groups with a similar sentence, plus its bonus, spun text halved.

    Sentences with the same words are one class: a wire sentence in 100 outlets is compared once, not as 4,950
    pairs (on a 1,222-article thread of syndicated copies the pairwise form took 75 of the compare stage's 205 s).
    A candidate's backing is every group of its class and of the classes similar to it, but its own.
    """
    classes: dict[frozenset[str], int] = {}
    of = [classes.setdefault(frozenset(c.bag), len(classes)) for c in cands]
    groups: list[set[str]] = [set() for _ in classes]
    for c, k in zip(cands, of):
        groups[k].add(sources.group.get(c.article, c.article))
    backed = [set(g) if bag else set() for bag, g in zip(classes, groups)]  # an empty bag backs nothing
    for i, j in overlapping_pairs([set(bag) for bag in classes], SIMILAR):
        backed[i] |= groups[j]
        backed[j] |= groups[i]
    for c, k in zip(cands, of):
        backing = backed[k] - {sources.group.get(c.article, c.article)}
        score = len(backing) + bonus.get((c.article, c.start), 0.0)
        if sources.copied(c.article):
            score *= SPUN_WEIGHT
        c.score, c.backing = score, len(backing)
    return sorted(cands, key=lambda c: (-c.score, sources.order.get(c.article, 0), c.start))


def _similar(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def pick(scored: list[Candidate]) -> list[SummaryLine]:
    """The best-scored sentences, up to MAX_LINES, none repeating one already chosen."""
    chosen: list[Candidate] = []
    for c in scored:
        if len(chosen) >= MAX_LINES or c.score <= 0:
            break
        if all(_similar(c.bag, o.bag) < REDUNDANT for o in chosen):
            chosen.append(c)
    return [SummaryLine(line_id(c.article, c.start, c.end), c.text, [Span(c.article, c.start, c.end)],
                        "corroborated", round(c.score, 2), c.backing) for c in chosen]


def line_id(article: str, start: int, end: int) -> str:
    """A summary line's id: from the sentence it quotes."""
    return finding_id("l", article, start, end)


def disputes(report, facts: list[FactGroup]) -> list[SummaryLine]:
    """For each contradiction (most sources first), one cited sentence per reading; a sentence that states
    values of two disputed facts is one line naming both."""
    texts = {a.id: a.text for a in report.articles}
    lines: dict[tuple[str, int], SummaryLine] = {}
    contra = [f for f in facts if f.verdict == "contradict"]
    for f in sorted(contra, key=lambda f: -len(f.articles))[:MAX_DISPUTES]:
        for n, r in enumerate(f.readings or []):
            v = f.values[r["values"][0]]
            s, e = sentence_at(texts[v.article], v.start)
            line = lines.get((v.article, s))
            if line is None:
                line = lines[(v.article, s)] = SummaryLine(line_id(v.article, s, e), texts[v.article][s:e],
                                                           [Span(v.article, s, e)], "disagreement", fact=f.id)
            line.disputes.append({"fact": f.id, "reading": n, "value": v.text, "subject": f.subject})
    return list(lines.values())
